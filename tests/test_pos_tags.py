"""The coarse tagger gives exactly the attribute ruler's coarse tags, on real article text."""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy

from conftest import BENCH, EXAMPLES, SEEDS, needs_shared
from newsweave.analyze.nlp import MODEL, load_nlp
from newsweave.analyze.pos_tags import CoarseTagger


@pytest.fixture(scope="module")
def reference() -> spacy.language.Language:
    """The model as shipped, with spaCy's own attribute ruler."""
    return spacy.load(MODEL, disable=["lemmatizer"])


def _pairs(texts: list[str], reference: spacy.language.Language) -> list[tuple[str, str, str]]:
    ours = load_nlp()
    assert "attribute_ruler" in ours.pipe_names
    assert isinstance(ours.get_pipe("attribute_ruler"), CoarseTagger)
    out = []
    for a, b in zip(reference.pipe(texts), ours.pipe(texts), strict=True):
        assert [t.text for t in a] == [t.text for t in b]
        out.extend((t.text, t.pos_, u.pos_) for t, u in zip(a, b, strict=True))
    return out


def test_same_tags_on_the_examples(reference: spacy.language.Language) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt"))]
    assert texts
    pairs = _pairs(texts, reference)
    assert len(pairs) > 500
    assert [p for p in pairs if p[1] != p[2]] == []
    # the patterns that look at more than the fine tag are exercised
    assert any(word.lower() in {"is", "was"} and ours == "AUX" for word, _, ours in pairs)


@needs_shared
def test_same_tags_on_real_articles(reference: spacy.language.Language) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    path = next(iter(sorted((BENCH / "timeline" / "t17").glob("*/articles.jsonl"))), None)
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in islice(handle, 30)]
    pairs = _pairs(texts, reference)
    assert len(pairs) > 10_000
    differing = [p for p in pairs if p[1] != p[2]]
    assert differing == []
    assert {"VERB", "AUX", "PROPN", "PRON", "SCONJ"} <= {ours for _, _, ours in pairs}


def test_empty_doc() -> None:
    doc = load_nlp()("")
    assert len(doc) == 0
