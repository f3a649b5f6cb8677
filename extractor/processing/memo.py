"""Memoised stand-ins for the rule-based components: the same output, looked up per kind of token.

The trained pipeline's `attribute_ruler` runs its Matcher (about 180 patterns) over every
token, and its rule `lemmatizer` computes most lemmas afresh; together they cost about a
fifth of the pipeline. Both are functions of a few attributes of a token (and, for the
ruler's two-token patterns, of a neighbour), so their results are cached on those
attributes and copied back with one array write. Whatever these classes cannot prove
equivalent (a pattern with an operator, longer than two tokens, on another attribute, a
rule that sets another attribute, another lemmatizer mode) is left to the original component.

`selective.SelectivePipeline` uses them; `tests/test_selective.py` checks on real text
that they give exactly what the originals give.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

RULER_OUTPUT = [TAG, POS, MORPH, LEMMA, DEP]  # what set_token_attrs may write, besides NORM
COPIED_ATTRS = {"TAG", "POS", "MORPH", "LEMMA", "DEP"}  # RULER_OUTPUT by name: what a rule may set
STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM}
CLOSED_ATTRS = {"TAG": TAG, "POS": POS, "DEP": DEP, "MORPH": MORPH, "IS_SPACE": IS_SPACE}
PREDICATES = {"IN", "NOT_IN", "REGEX"}


def memoised(pipe: Any) -> Any:
    """The memoised stand-in for an attribute_ruler or a rule/lookup lemmatizer, else the pipe itself."""
    if isinstance(pipe, AttributeRuler):
        memo = MemoAttributeRuler(pipe)
        return memo if memo.usable else pipe
    if isinstance(pipe, Lemmatizer) and pipe.mode in {"rule", "lookup"}:
        return MemoLemmatizer(pipe)
    return pipe


class MemoLemmatizer:
    """A rule or lookup Lemmatizer whose lemmas are cached on (orth, tag, pos, morph).

    A lemma not cached yet comes from a copy of the lemmatizer whose word index is a set:
    spaCy's is a list, and the rules look every candidate form up in it.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize = _with_indexed_words(lemmatizer).lemmatize
        self.cache: dict[tuple[int, ...], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        values = doc.to_array([ORTH, TAG, POS, MORPH, LEMMA])
        lemmas = values[:, 4].copy()
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        for i, row in enumerate(values.tolist()):
            if row[4] and not overwrite:
                continue
            key = tuple(row[:4])
            lemma = self.cache.get(key)
            if lemma is None:
                lemma = self.cache[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


def _with_indexed_words(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A rule lemmatizer like this one whose `lemma_index` lists are frozensets (same answers, faster)."""
    if lemmatizer.mode != "rule" or "lemma_index" not in lemmatizer.lookups.tables:
        return lemmatizer
    try:
        copy = type(lemmatizer)(lemmatizer.vocab, None, lemmatizer.name, mode="rule", overwrite=lemmatizer.overwrite)
    except TypeError:  # a subclass built otherwise: keep the original
        return lemmatizer
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            indexed = lookups.add_table(name)
            for key, words in table.items():
                indexed[key] = frozenset(words)
        else:
            lookups.set_table(name, table)
    copy.lookups = lookups
    return copy


class MemoAttributeRuler:
    """An AttributeRuler whose effect on a token is cached on what its patterns can see.

    A token's key is: each attribute the patterns test (a string attribute reduced to
    "none of the values the patterns name or match"), the values the ruler may overwrite,
    and, where two-token patterns exist, each neighbour's tested attributes when the
    neighbour could match a part of one of them (else nothing). Tokens with equal keys get
    equal results from the ruler, so the first result is reused. A Doc with a token of an
    unseen key is run through the ruler itself, which fills the cache.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.cache: dict[tuple, tuple[int, ...]] = {}
        self.usable = self._compile(ruler.patterns)

    def _compile(self, patterns: list[dict[str, Any]]) -> bool:
        self.tested: list[int] = []  # attribute ids the patterns test
        self.literals: dict[int, set[str]] = {}  # string attribute -> values the patterns name
        self.regexes: dict[int, list[re.Pattern]] = {}
        self.pairs: list[dict[int, Any]] = []  # the token parts of two-token patterns
        for entry in patterns:
            if not {name.upper() for name in entry["attrs"]} <= COPIED_ATTRS:
                return False  # a NORM or an extension set by a rule would not be copied back
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or len(pattern) > 2:
                    return False
                for token in pattern:
                    part = self._compile_token(token)
                    if part is None:
                        return False
                    if len(pattern) == 2:
                        self.pairs.append(part)
        self._feature_cache: dict[tuple[int, ...], tuple] = {}
        self._pairing_cache: dict[tuple, bool] = {}
        return True

    def _compile_token(self, token: dict[str, Any]) -> dict[int, Any] | None:
        part = {}
        for name, value in token.items():
            name = name.upper()
            attr = STRING_ATTRS.get(name, CLOSED_ATTRS.get(name))
            if attr is None or (isinstance(value, dict) and not set(value) <= PREDICATES):
                return None  # an operator, an extension, a length or fuzzy test: not handled
            if attr not in self.tested:
                self.tested.append(attr)
            if name in STRING_ATTRS:
                named = self.literals.setdefault(attr, set())
                if isinstance(value, str):
                    named.add(value)
                elif isinstance(value, dict):
                    named.update(value.get("IN", []), value.get("NOT_IN", []))
                    if "REGEX" in value:
                        self.regexes.setdefault(attr, []).append(re.compile(value["REGEX"]))
                else:
                    return None
            part[attr] = value
        return part

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable or not len(doc):
            return self.ruler(doc)
        strings = doc.vocab.strings
        features = [self._features(row, strings) for row in map(tuple, doc.to_array(self.tested).tolist())]
        before = doc.to_array(RULER_OUTPUT).tolist()
        if self.pairs:
            pairing = [self._pairing(f, strings) for f in features]
            last = len(doc) - 1
            keys = [
                (features[i], *before[i], features[i - 1] if i and pairing[i - 1] else None,
                 features[i + 1] if i < last and pairing[i + 1] else None)
                for i in range(len(doc))
            ]
        else:
            keys = [(features[i], *before[i]) for i in range(len(doc))]
        cache = self.cache
        results = []
        for i, key in enumerate(keys):
            found = cache.get(key)
            if found is None:
                found = cache[key] = self._apply(doc, i, before)
            results.append(found)
        values = doc.to_array([*RULER_OUTPUT, HEAD])
        values[:, :len(RULER_OUTPUT)] = results
        doc.from_array([*RULER_OUTPUT, HEAD], values)  # DEP with its HEAD, as the parser left it
        return doc

    def _apply(self, doc: Doc, i: int, before: list[list[int]]) -> tuple[int, ...]:
        """The ruler's result for token i, from a Doc of it and its neighbours (patterns span two tokens at most)."""
        start, end = max(0, i - 1), min(len(doc), i + 2)
        tokens = doc[start:end]
        piece = Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
        piece.from_array([NORM], doc.to_array([NORM])[start:end])
        piece.from_array(RULER_OUTPUT, numpy.array(before[start:end], dtype="uint64"))
        self.ruler(piece)
        return tuple(piece.to_array(RULER_OUTPUT)[i - start].tolist())

    def _features(self, row: tuple[int, ...], strings) -> tuple:
        """The tested attributes of a token, each string reduced to what the patterns can tell apart."""
        found = self._feature_cache.get(row)
        if found is None:
            found = self._feature_cache[row] = tuple(
                self._reduce(attr, value, strings) for attr, value in zip(self.tested, row, strict=True)
            )
        return found

    def _reduce(self, attr: int, value: int, strings) -> Any:
        if attr not in self.literals:
            return value
        text = strings[value]
        relevant = text in self.literals[attr] or any(rx.search(text) for rx in self.regexes.get(attr, []))
        return value if relevant else None

    def _pairing(self, features: tuple, strings) -> bool:
        found = self._pairing_cache.get(features)
        if found is None:
            found = self._pairing_cache[features] = self._may_pair(features, strings)
        return found

    def _may_pair(self, features: tuple, strings) -> bool:
        """Could this token match a part of a two-token pattern? (False only when it surely cannot.)"""
        values = dict(zip(self.tested, features, strict=True))
        return any(
            all(_may_satisfy(attr, values[attr], spec, strings) for attr, spec in part.items()) for part in self.pairs
        )


def _may_satisfy(attr: int, value: Any, spec: Any, strings) -> bool:
    """False only if a token whose (reduced) attribute `attr` is `value` surely fails `spec`."""
    if value is None:  # a string that no pattern names or matches: it fails every test but NOT_IN
        return isinstance(spec, dict) and set(spec) == {"NOT_IN"}
    if attr == IS_SPACE:
        return bool(value) == spec if isinstance(spec, bool) else True
    text = strings[value]
    if isinstance(spec, str):
        return text == spec
    if not isinstance(spec, dict):
        return True
    if "IN" in spec and text not in spec["IN"]:
        return False
    if "NOT_IN" in spec and text in spec["NOT_IN"]:
        return False
    return not ("REGEX" in spec and re.search(spec["REGEX"], text) is None)


