"""Selective annotation: the trained components run only on the sentences a quote can use.

Most sentences of a news article hold no quote and name no speaker, and the trained
components (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) cost about fifty
times the tokenizer. So an article is tokenized whole and read by the cheap components
(`article_segmenter`; `quote_finder`, which needs only the text); then the writer's
sentences that matter are cut out as short Docs, run through the trained components in
batches, and their annotations copied back into the article's Doc, on which
`quote_attributor` runs as usual. What matters, measured on the PolNeAR and GGT dev sets
against the same build with every component run on everything (README, Performance):

- each sentence that holds a quote to attribute, CONTEXT_BEFORE sentences before it (the
  person a "he" stands for is named there, or a speaker is introduced: "Smith said he was
  worried.") and CONTEXT_AFTER after it (an attribution sentence, a credit line);
- every sentence before the last quote with a reporting verb outside quotes (a speaker
  introduced far back);
- then, once the NER has read those, every sentence that names, outside quotes, a person
  or an organisation it found, or a proper noun that is the subject of a reporting verb:
  there the article gives the full name and the role ("Secretary of State Mike Pompeo"),
  the pronouns that follow a name are resolved as in the full build, and a speaker's
  `mentions` are all found.

Inside a long quotation the NER reads only QUOTE_EDGE tokens at each end (names inside
quotes are never speakers; the edges keep the context of the words around the marks).
Everything else keeps the tokenizer's annotation only: no tag, lemma, parse or entity,
which the attribution rules read as "not a cue, not a name". The components' own results
are nearly exact where they run: a sub-Doc has the article's tokens, norms and paragraph
starts (in every pass), the NER reads NER_CONTEXT tokens of the article on either side of
it (as far as its features reach), and only the parser still misses the words across a
sub-Doc's edges. On the PolNeAR and GGT dev sets and the seeds, the records of the two
builds are the same but for one role in one PolNeAR article (a parse at a run's first
sentence). The rule-based components run through exact memoised stand-ins (`memo`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LENGTH,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.tokens import Doc

from ..components.layout import layout_of, sentences_of
from ..components.lexicon import reported_cue_forms, reporting_forms
from ..components.quotes import QUOTES_KEY, SCARE
from ..components.speakers import ORG_LABELS
from .memo import memoised

OWN_COMPONENTS = ("article_segmenter", "quote_finder", "quote_attributor")
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
NER_ATTRS = [ENT_IOB, ENT_TYPE]
BATCH_SIZE = 256  # sentence runs handed to each trained component at a time
CONTEXT_BEFORE, CONTEXT_AFTER, QUOTE_EDGE = 4, 1, 4
NER_CONTEXT = 4  # the reach of the NER's features (4 layers of window 1): the words of a run read as in the article
NAMED = ("PERSON", *sorted(ORG_LABELS))  # the entities whose names `Plan.naming` looks for


@dataclass(frozen=True, slots=True)
class Selection:
    """Which sentences get the trained components (the defaults are the measured choice)."""

    before: int = CONTEXT_BEFORE  # sentences before each quote's sentence
    after: int = CONTEXT_AFTER  # sentences after it
    cue_words: bool = True  # every sentence with a reporting verb outside quotes
    names: bool = True  # every sentence that names a person found in those
    quote_edge: int = QUOTE_EDGE  # tokens at each end of a quotation the NER reads (0: all)
    ner_context: int = NER_CONTEXT  # tokens the NER reads either side of each run, not written back


class SelectivePipeline:
    """A `build_pipeline` pipeline that runs its trained components only where quotes need them.

    Called like the Language it wraps (`annotator(text)`, `annotator.pipe(texts)`, with
    `as_tuples`), it gives the same Docs for the quote components. With `full_parse=True`,
    or for a pipeline without a parser, NER and the three quote components, it is the
    pipeline itself. The pipeline is not changed.
    """

    def __init__(
        self, nlp: Language, *, full_parse: bool = False, selection: Selection | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.nlp = nlp
        self.selection = selection or Selection()
        self.batch_size = batch_size
        names = list(getattr(nlp, "pipe_names", []))
        usable = "parser" in names and "ner" in names and all(name in names for name in OWN_COMPONENTS)
        self.full_parse = full_parse or not usable
        if self.full_parse:
            return
        trained = [(name, pipe) for name, pipe in nlp.pipeline if name not in OWN_COMPONENTS]
        self.segmenter = nlp.get_pipe("article_segmenter")
        self.finder = nlp.get_pipe("quote_finder")
        self.attributor = nlp.get_pipe("quote_attributor")
        ner_inputs = {other for other, pipe in trained if "ner" in getattr(pipe, "listening_components", [])}
        self.parse_pipes = [memoised(pipe) for name, pipe in trained if name != "ner"]
        self.ner_pipes = [pipe for name, pipe in trained if name == "ner" or name in ner_inputs]
        self.cue_forms = _string_ids(nlp, reporting_forms())
        # with reported speech, every sentence with a cue word may hold something to attribute
        self.reported_forms = None
        if getattr(self.attributor, "indirect", False):
            self.reported_forms = _string_ids(nlp, reported_cue_forms(getattr(self.attributor, "beliefs", False)))

    @property
    def meta(self) -> dict[str, Any]:
        return self.nlp.meta

    @property
    def max_length(self) -> int:
        return self.nlp.max_length

    def __call__(self, text: str) -> Doc:
        return self.nlp(text) if self.full_parse else self._annotate([text])[0]

    def pipe(self, texts: Iterable[Any], *, as_tuples: bool = False, batch_size: int = 16) -> Iterator[Any]:
        """The Doc of each text (or `(Doc, context)` of each `(text, context)`), in order."""
        if self.full_parse:
            yield from self.nlp.pipe(texts, as_tuples=as_tuples, batch_size=batch_size)  # type: ignore[call-overload]
            return
        batch: list[Any] = []
        for item in texts:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._batch(batch, as_tuples)
                batch = []
        if batch:
            yield from self._batch(batch, as_tuples)

    def _batch(self, items: list[Any], as_tuples: bool) -> Iterator[Any]:
        texts = [item[0] for item in items] if as_tuples else items
        for item, doc in zip(items, self._annotate(texts), strict=True):
            yield (doc, item[1]) if as_tuples else doc

    def _annotate(self, texts: list[str]) -> list[Doc]:
        plans = [Plan(self.finder(self.segmenter(self.nlp.make_doc(text))), text, self) for text in texts]
        self._run_components(plans, [(plan.parse, plan.ner) for plan in plans])
        if self.selection.names:
            self._run_components(plans, [plan.naming() for plan in plans])
        return [self._attribute(plan) for plan in plans]

    def _run_components(self, plans: list[Plan], chosen: list[tuple[set[int], set[int]]]) -> None:
        """Parse and name the chosen sentences of each plan's Doc, and copy the results into it."""
        for pipes, attrs, which in ((self.parse_pipes, PARSE_ATTRS, 0), (self.ner_pipes, NER_ATTRS, 1)):
            jobs = [(plan, run) for plan, sets in zip(plans, chosen, strict=True)
                    for run in plan.runs(sets[which], ner=bool(which))]
            stream: Iterable[Doc] = (_cut(plan, run[0], parsed=bool(which)) for plan, run in jobs)
            for pipe in pipes:
                stream = pipe.pipe(stream, batch_size=self.batch_size) if hasattr(pipe, "pipe") else map(pipe, stream)
            done: dict[int, list[tuple[numpy.ndarray, numpy.ndarray, Doc]]] = {}
            for (plan, (tokens, kept)), sub in zip(jobs, stream, strict=True):
                done.setdefault(id(plan), []).append((tokens, kept, sub))
            for plan in plans:
                _write_back(plan.doc, done.get(id(plan), []), attrs)

    def _attribute(self, plan: Plan) -> Doc:
        if plan.doc.has_annotation("DEP"):
            return self.attributor(plan.doc)
        if plan.parse:  # not expected: sentences were chosen but the parser left no trace
            return self.nlp(plan.text)
        return plan.doc  # no quote to attribute: the defaults say "no speaker"


class Plan:
    """One article: its writer's sentences, and which of them get the parser and the NER."""

    def __init__(self, doc: Doc, text: str, annotator: SelectivePipeline) -> None:
        self.doc, self.text = doc, text
        selection = annotator.selection
        key = layout_of(doc).get("quotes_key", QUOTES_KEY)
        spans = list(doc.spans[key]) if key in doc.spans else []
        offsets = [q._.char_offsets or (q.start_char, q.end_char) for q in spans]
        self.sentences = [(start, end) for start, end, _ in sentences_of(doc)]
        self.sentence_starts = numpy.array([start for start, _ in self.sentences], dtype="int64")
        self.token_starts = doc.to_array([IDX]).astype("int64")
        # The segmenter's sentence starts (paragraph starts): once a parse is written back, the
        # Doc's are the parse's, none where it did not run, and a later sub-Doc must keep the paragraphs.
        self.paragraph_starts = doc.to_array([SENT_START])
        self.inside = numpy.zeros(len(doc), dtype=bool)
        self.ner_reads = numpy.ones(len(doc), dtype=bool)
        edge = selection.quote_edge
        for q in spans:
            self.inside[q.start:q.end] = True
            if edge and q.end - q.start - 2 > 2 * edge:
                self.ner_reads[q.start + 1 + edge:q.end - 1 - edge] = False
        self.ner_context = selection.ner_context
        self.cue_forms = annotator.cue_forms
        self.parse: set[int] = set()
        self.ner: set[int] = set()
        held: set[int] = set()
        for q, (start, end) in zip(spans, offsets, strict=True):
            if q.label_ != SCARE:
                held.update(range(max(0, bisect_right(self.sentence_starts, start) - 1),
                                  bisect_right(self.sentence_starts, end - 1)))
        if annotator.reported_forms is not None:
            held |= self._sentences_with(annotator.reported_forms, LOWER)
        if not held:
            return
        last = len(self.sentences) - 1
        for n in held:
            self.parse.update(range(max(0, n - selection.before), min(last, n + selection.after) + 1))
        if selection.cue_words:  # a speaker introduced before a quote: none after the last one
            self.parse |= {n for n in self._sentences_with(annotator.cue_forms, LOWER) if n < max(held)}
        self.ner = set(self.parse)

    def naming(self) -> tuple[set[int], set[int]]:
        """The sentences not read yet that name, outside quotes, a person or organisation the NER
        found so far, or a proper noun that is the subject of a reporting verb."""
        if not self.parse:
            return set(), set()
        words = {token.orth for ent in self.doc.ents if ent.label_ in NAMED and not self.inside[ent.start]
                 for token in ent if token.is_alpha and token.text[0].isupper() and len(token) > 1}
        words.update(self._reporting_subjects())
        found = self._sentences_with(numpy.array(sorted(words), dtype="uint64"), ORTH)
        parse, ner = found - self.parse, found - self.ner
        self.parse |= parse
        self.ner |= ner
        return parse, ner

    def _reporting_subjects(self) -> set[int]:
        """The words of the proper nouns outside quotes that are the subject of a reporting verb
        ('“…,” Facebook said'): a speaker the NER did not take for a name there may be one elsewhere."""
        if not len(self.cue_forms):
            return set()
        values = self.doc.to_array([ORTH, POS, DEP, HEAD, LOWER])
        heads = numpy.arange(len(values)) + values[:, 3].astype("int64")
        strings = self.doc.vocab.strings  # symbols: the ids of tags and labels
        subjects = (values[:, 1] == strings["PROPN"]) & (values[:, 2] == strings["nsubj"]) & ~self.inside
        reporting = _one_of(values[heads, 4], self.cue_forms)
        return set(values[subjects & reporting, 0].tolist())

    def _sentences_with(self, values: numpy.ndarray, attr: int) -> set[int]:
        """The sentences with a token outside quotes whose `attr` is one of `values` (sorted)."""
        if not len(values):
            return set()
        hits = numpy.flatnonzero(_one_of(self.doc.to_array([attr]), values) & ~self.inside)
        sentences = numpy.searchsorted(self.sentence_starts, self.token_starts[hits], side="right") - 1
        return {int(n) for n in sentences if n >= 0}

    def runs(self, chosen: set[int], ner: bool) -> list[tuple[numpy.ndarray, numpy.ndarray]]:
        """The token indices of each run of consecutive chosen sentences (for the NER, without quote
        middles, and with up to `ner_context` tokens read on either side), and which of them are kept."""
        bounds: list[list[int]] = []
        previous = None
        for n in sorted(chosen):
            if previous is not None and n == previous + 1:
                bounds[-1][1] = self.sentences[n][1]
            else:
                bounds.append(list(self.sentences[n]))
            previous = n
        runs = []
        context = self.ner_context if ner else 0
        for start, end in bounds:
            first, stop = numpy.searchsorted(self.token_starts, [start, end])
            low, high = max(0, first - context), min(len(self.doc), stop + context)
            tokens = numpy.arange(low, high)
            if ner:
                tokens = tokens[self.ner_reads[low:high]]
            if len(tokens):
                runs.append((tokens, (tokens >= first) & (tokens < stop)))
        return runs


def _one_of(found: numpy.ndarray, values: numpy.ndarray) -> numpy.ndarray:
    """Which of `found` are in `values` (sorted, not empty)."""
    # numpy.isin would do, but its first call imports numpy.ma: 60 ms of start-up
    at = numpy.minimum(numpy.searchsorted(values, found), len(values) - 1)
    return values[at] == found


def _string_ids(nlp: Language, words: set[str]) -> numpy.ndarray:
    """The sorted string ids of the words, for `Plan._sentences_with`."""
    return numpy.array(sorted({nlp.vocab.strings.add(word) for word in words}), dtype="uint64")


def _cut(plan: Plan, tokens: numpy.ndarray, parsed: bool = False) -> Doc:
    """A new Doc of the chosen tokens, with their norms and their sentence starts as the full build
    has them when the component runs: the segmenter's (paragraph starts) for the parser, and, with
    `parsed` (for the NER), the parse's where the tokens were parsed."""
    doc, text = plan.doc, plan.text
    values = doc.to_array([IDX, LENGTH, SPACY, NORM, DEP, SENT_START])[tokens]
    words = [text[start:start + length] for start, length in values[:, :2].tolist()]
    sub = Doc(doc.vocab, words=words, spaces=values[:, 2].astype(bool).tolist())
    starts = plan.paragraph_starts[tokens]
    if parsed:
        starts = numpy.where(values[:, 4] != 0, values[:, 5], starts)
    starts[0] = 1
    sub.from_array([NORM, SENT_START], numpy.stack([values[:, 3], starts], axis=1))
    return sub


def _write_back(doc: Doc, parts: list[tuple[numpy.ndarray, numpy.ndarray, Doc]], attrs: list[int]) -> None:
    """Copy the annotations of sub-Docs into the article's Doc at their tokens, in one write."""
    if not parts:
        return
    values = doc.to_array(attrs)  # what an earlier pass wrote stays
    head = attrs.index(HEAD) if HEAD in attrs else None
    for tokens, kept, sub in parts:
        found = sub.to_array(attrs)
        if head is not None:  # relative in the sub-Doc: make it relative in the article
            relative = found[:, head].astype("int64")
            found[:, head] = (tokens[numpy.arange(len(tokens)) + relative] - tokens).astype("uint64")
        values[tokens[kept]] = found[kept]
    if ENT_IOB in attrs:  # an entity whose middle the NER did not read starts again after the gap
        iob = values[:, attrs.index(ENT_IOB)]
        inside = numpy.flatnonzero(iob == 1)
        previous = iob[numpy.maximum(inside - 1, 0)]
        iob[inside[(inside == 0) | ((previous != 1) & (previous != 3))]] = 3
    doc.from_array(attrs, values)
