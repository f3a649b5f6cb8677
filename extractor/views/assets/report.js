// extract --html: the details of a quote on hover or keyboard focus, next to the quote.
// Without this script the report still reads: each quote carries its speaker label, and
// screen readers get the details through aria-describedby.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var current = null;

  function linked(quote) {
    return document.querySelectorAll('[data-for~="' + quote.id + '"]');
  }

  function place(quote) {
    var rects = quote.getClientRects();
    var last = rects[rects.length - 1] || quote.getBoundingClientRect();
    var first = rects[0] || last;
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(8, Math.min(last.left, document.documentElement.clientWidth - width - 8));
    var top = last.bottom + 8;
    if (top + height > window.innerHeight && first.top - height - 8 > 0) top = first.top - height - 8;
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }

  function show(quote) {
    if (current === quote) return;
    hide();
    var details = document.getElementById(quote.getAttribute("aria-describedby"));
    if (!details) return;
    tip.replaceChildren.apply(tip, Array.prototype.map.call(details.childNodes, function (n) { return n.cloneNode(true); }));
    tip.style.setProperty("--c", getComputedStyle(quote).getPropertyValue("--c"));
    tip.hidden = false;
    place(quote);
    linked(quote).forEach(function (el) { el.classList.add("on"); });
    current = quote;
  }

  function hide() {
    if (!current) return;
    linked(current).forEach(function (el) { el.classList.remove("on"); });
    tip.hidden = true;
    current = null;
  }

  document.addEventListener("mouseover", function (event) {
    var quote = event.target.closest && event.target.closest("mark.q");
    if (quote) show(quote);
    else if (current && current !== document.activeElement) hide();
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("mark.q")) show(event.target);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === current) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", function () { if (current) place(current); });

  // report.html#a1-q3 opens on that quote, with its details shown: a link to send a colleague.
  function openTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches("mark.q")) target.focus();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
