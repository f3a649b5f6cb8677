"""The selective pipeline, the memoised rule components and --jobs.

The selective build must give the seeds' golden records (made with the full build), the
memoised components exactly what the originals give, and any number of workers the same
output, in input order, as one process.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
import spacy
from offsets import assert_offsets_exact
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import model_description
from extractor.processing import engine
from extractor.processing.engine import Workers, extract_records
from extractor.processing.longtext import PIECE_CHARS, extract_article
from extractor.processing.memo import MemoAttributeRuler, MemoLemmatizer, _with_indexed_words, memoised
from extractor.processing.records import Article, article_record
from extractor.processing.selective import SelectivePipeline, reporting_forms

# The spaCy versions (major.minor) whose AttributeRuler and Lemmatizer internals memo.py was checked against.
MEMO_CHECKED_SPACY = {"3.8"}
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
TAGGED = ["tok2vec", "tagger", "parser"]
RULE_OUTPUT = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]
# Words the attribute ruler's one- and two-token patterns single out.
ODD_WORDS = (
    "Y'all ain't gonna win, I said. You gotta see it. Let's go, c'mon! Nothin' is there. "
    "There is a way and there's a will; it is what it is. But he left, and I told you so.\n\n  \t \n"
    "Don't you know they'd've done it? “It’s fine,” she said. 'Ok.'"
)

runner = CliRunner()


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def record_of(annotator, text: str) -> dict:
    return article_record(Article("t", None, text), annotator(text), "m")


# --- the memoised rule components ----------------------------------------------------------------


@pytest.mark.model
def test_memoised_ruler_and_lemmatizer_give_what_the_originals_give(nlp: Language):
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    memo_ruler, memo_lemmatizer = memoised(ruler), memoised(lemmatizer)
    assert isinstance(memo_ruler, MemoAttributeRuler) and memo_ruler.usable
    assert isinstance(memo_lemmatizer, MemoLemmatizer)
    texts = [ODD_WORDS, *seed_texts(), *(paragraph for text in seed_texts() for paragraph in text.split("\n"))]
    with nlp.select_pipes(enable=TAGGED):
        tagged = list(nlp.pipe(texts))
    for rounds in range(2):  # the first fills the caches, the second reads them
        for doc in tagged:
            expected, found = doc.copy(), doc.copy()
            lemmatizer(ruler(expected))
            memo_lemmatizer(memo_ruler(found))
            assert numpy.array_equal(expected.to_array(RULE_OUTPUT), found.to_array(RULE_OUTPUT)), (rounds, doc.text)
    assert memo_ruler.cache and memo_lemmatizer.cache


def test_ruler_with_an_operator_is_left_alone():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"TAG": "DT"})
    assert memoised(ruler) is ruler


def test_ruler_that_sets_another_attribute_is_left_alone():
    """The cache copies back tag, pos, morph, lemma and dep only: a rule setting a norm would be lost."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gonna"}]], {"NORM": "going to"})
    assert memoised(ruler) is ruler


# --- what memo.py reads of spaCy: a spaCy upgrade fails here, loudly --------------------------------


def test_memo_was_checked_against_this_spacy_version():
    version = ".".join(spacy.__version__.split(".")[:2])
    assert version in MEMO_CHECKED_SPACY, (
        f"spaCy {spacy.__version__} is not a version memo.py was checked against ({sorted(MEMO_CHECKED_SPACY)}); "
        "it reads the internals of AttributeRuler and Lemmatizer. Run `pytest tests/test_selective.py -k memo` "
        "with the model installed: if all but this test pass (the equivalence test among them), add "
        f"{version!r} to MEMO_CHECKED_SPACY in tests/test_selective.py; else fix extractor/processing/memo.py "
        "or stop using it (`memoised` may hand back every pipe as it is)."
    )


def test_memo_reads_attribute_ruler_patterns_in_this_shape():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    pair = [{"LOWER": "ai"}, {"NORM": {"IN": ["not", "n't"]}}]
    ruler.add([pair, [{"TAG": "_SP"}]], {"POS": "AUX", "LEMMA": "be"})
    assert isinstance(ruler, AttributeRuler)
    entries = ruler.patterns
    assert isinstance(entries, list) and len(entries) == 1, entries
    assert entries[0]["patterns"] == [pair, [{"TAG": "_SP"}]], entries
    assert entries[0]["attrs"] == {"POS": "AUX", "LEMMA": "be"}, entries
    assert MemoAttributeRuler(ruler).usable


def test_memo_reads_these_lemmatizer_attributes():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
    assert isinstance(lemmatizer, Lemmatizer)
    assert (lemmatizer.mode, lemmatizer.overwrite) == ("rule", False)
    assert isinstance(lemmatizer.lookups, Lookups) and callable(lemmatizer.lemmatize)
    # as _with_indexed_words builds its copy (on a TypeError it quietly keeps the slower original)
    copy = type(lemmatizer)(lemmatizer.vocab, None, lemmatizer.name, mode="rule", overwrite=lemmatizer.overwrite)
    assert (copy.mode, copy.overwrite) == ("rule", False)


@pytest.mark.model
def test_memo_can_stand_in_for_the_models_ruler_and_lemmatizer(nlp: Language):
    """Else memoised() quietly hands back the originals, and the selective build loses its speed-up."""
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert isinstance(ruler, AttributeRuler) and MemoAttributeRuler(ruler).usable
    assert isinstance(memoised(lemmatizer), MemoLemmatizer)
    assert {"lemma_rules", "lemma_exc", "lemma_index"} <= set(lemmatizer.lookups.tables)
    indexed = _with_indexed_words(lemmatizer)
    assert indexed is not lemmatizer and isinstance(indexed.lookups.get_table("lemma_index")["verb"], frozenset)
    with nlp.select_pipes(enable=[*TAGGED, "attribute_ruler"]):
        doc = nlp("She said they were running.")
    assert lemmatizer.lemmatize(doc[1]) == indexed.lemmatize(doc[1]) == ["say"]


def test_reporting_forms_cover_the_usual_inflections():
    forms = reporting_forms()
    assert {"said", "says", "saying", "told", "added", "denied", "replies", "quipped", "argued", "wrote"} <= forms


# --- the selective build -------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("seed", ["000_74297c5d5db63657", "004_6b7e72d1daae4612"])
def test_selective_build_gives_the_seeds_golden_records(nlp: Language, seed: str):
    """The golden files were made with every component run on everything."""
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    record = article_record(Article(seed, f"seeds/{seed}.txt", text), SelectivePipeline(nlp)(text),
                            model_description(nlp))
    record = json.loads(json.dumps(record, ensure_ascii=False))
    record["tool"].pop("version")
    assert record == json.loads((GOLDEN / f"{seed}.json").read_text(encoding="utf-8"))


@pytest.mark.model
def test_selective_leaves_sentences_far_from_quotes_unparsed(nlp: Language):
    filler = " ".join(f"The council met on day {n} and voted on roads." for n in range(12))
    text = f"{filler}\n\n“We will fix the roads,” Mayor Jane Smith said on Tuesday.\n"
    doc = SelectivePipeline(nlp)(text)
    assert doc[0].dep_ == "" and doc[0].pos_ == ""  # the first sentences: tokenized only
    said = next(t for t in doc if t.text == "said")
    assert said.pos_ == "VERB" and said.lemma_ == "say"
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"] == [("Jane Smith", "PERSON")]
    assert record_of(SelectivePipeline(nlp), text)["quotes"][0]["speaker"]["name"] == "Jane Smith"


@pytest.mark.model
@pytest.mark.parametrize("text", ["", "\n\n", "No quotes here at all.", "A “scare quote” only.\n\nAnd “Title Case.”"])
def test_articles_with_nothing_to_attribute(nlp: Language, text: str):
    selective, full = record_of(SelectivePipeline(nlp), text), record_of(nlp, text)
    assert selective == full


@pytest.mark.model
def test_a_person_named_far_from_the_quote_keeps_the_full_name(nlp: Language):
    """The sentence that introduces the speaker is read although it is far from the quote."""
    filler = " ".join(f"Traffic was heavy on day {n}." for n in range(10))
    text = (f"Secretary of State Mike Pompeo visited the region on Monday. {filler}\n\n"
            f"“It was time to act,” Pompeo said.\n")
    speaker = record_of(SelectivePipeline(nlp), text)["quotes"][0]["speaker"]
    assert speaker["name"] == "Mike Pompeo"
    assert speaker == record_of(nlp, text)["quotes"][0]["speaker"]


@pytest.mark.model
def test_full_parse_is_the_pipeline_itself(nlp: Language):
    text = seed_texts()[0]
    assert record_of(SelectivePipeline(nlp, full_parse=True), text) == record_of(nlp, text)


@pytest.mark.model
def test_long_article_goes_through_the_selective_build_in_pieces(nlp: Language):
    text = "\n\n".join(seed_texts() * 6)
    assert len(text) > PIECE_CHARS
    record = extract_article(SelectivePipeline(nlp), Article("long", None, text))
    assert_offsets_exact(record, text)
    assert len(record["quotes"]) == 6 * sum(len(record_of(nlp, t)["quotes"]) for t in seed_texts())


def test_a_stand_in_pipeline_is_called_as_it_is():
    """Anything that is not a full spaCy pipeline (the CLI tests' stand-ins) is not taken apart."""
    nlp = spacy.blank("en")
    nlp.add_pipe("article_segmenter")
    nlp.add_pipe("quote_finder")
    annotator = SelectivePipeline(nlp)
    assert annotator.full_parse
    assert annotator.max_length == nlp.max_length and annotator.meta == nlp.meta
    assert [doc.text for doc, _ in annotator.pipe([("a", 1), ("b", 2)], as_tuples=True)] == ["a", "b"]


# --- --jobs: same output, input order ----------------------------------------------------------------


class Shouting:
    """A stand-in pipeline: the text upper-cased as the only quote, and an error for 'STOP'."""

    max_length = 1_000_000

    def __init__(self) -> None:
        self.meta = {"lang": "xx", "name": "shouting", "version": "1"}

    def __call__(self, text: str):
        if "STOP" in text:
            raise ValueError(f"stopped at {text!r}")
        return {"id": text, "quotes": [text.upper()], "speakers": []}

    def pipe(self, pairs, *, as_tuples: bool, batch_size: int):
        for text, context in pairs:
            yield self(text), context


def test_workers_keep_the_input_order_and_send_errors_back(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)  # many small batches, done out of order by two workers
    articles = [Article(str(n), None, "x" * (5000 if n % 3 == 0 else 1) + str(n)) for n in range(20)]
    articles[7] = Article("7", None, "STOP 7")
    monkeypatch.setattr(engine, "article_record", lambda article, doc, model: doc)
    with Workers(Shouting(), 2) as workers:
        results = list(workers.process(iter(articles)))
    assert [article.id for article, _ in results] == [article.id for article in articles]
    assert isinstance(results[7][1], ValueError) and "STOP 7" in str(results[7][1])
    assert [r["quotes"] for _, r in results if isinstance(r, dict)] == [
        [a.text.upper()] for a in articles if a.id != "7"
    ]


def test_interrupted_workers_leave_no_manager_thread_for_the_exit_hook(monkeypatch: pytest.MonkeyPatch):
    """A signal ends the run: the pool's manager thread ends too, before the interpreter's exit waits for it,
    even when a worker was stopped in the middle of sending a batch's results (big records make that likely)."""
    monkeypatch.setattr(engine, "BATCH_SIZE", 1)
    articles = [Article(str(n), None, "x" * 20000) for n in range(40)]
    monkeypatch.setattr(engine, "article_record", lambda article, doc, model: doc)
    workers = Workers(Shouting(), 2)
    with pytest.raises(KeyboardInterrupt), workers:
        for n, _ in enumerate(workers.process(iter(articles))):
            if n == 1:
                manager = workers.executor._executor_manager_thread  # type: ignore[union-attr]
                raise KeyboardInterrupt
    assert not manager.is_alive()


@pytest.mark.model
def test_extract_records_with_two_workers_matches_one_process(nlp: Language, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 1)
    articles = [Article(str(n), None, text) for n, text in enumerate([*seed_texts(), "No quote.", "“Hi,” she said."])]
    one = list(extract_records(nlp, articles))
    two = list(extract_records(nlp, articles, jobs=2))
    assert [a.id for a, _ in two] == [a.id for a in articles]
    assert [r for _, r in two] == [r for _, r in one]


@pytest.mark.model
def test_cli_jobs_gives_the_same_output_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    lines = [json.dumps({"id": f"a{n}", "text": text}) for n, text in
             enumerate([*seed_texts(), "Nothing quoted.", "“Fine,” Ann Lee said.", *seed_texts()[::-1]])]
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["-f", "jsonl", "--jobs", jobs, str(SEEDS), str(corpus)])
        assert result.exit_code == 0, result.stderr
        outputs[jobs] = result.stdout
    assert outputs["1"] == outputs["2"]
    ids = [json.loads(line)["id"] for line in outputs["2"].splitlines()]
    assert ids == [p.stem for p in sorted(SEEDS.glob("*.txt"))] + [f"a{n}" for n in range(len(lines))]
