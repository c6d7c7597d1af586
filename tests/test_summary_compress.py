"""Compressed summary spans and the adaptive budget: still exact, cited spans."""

from __future__ import annotations

from newsweave.brief.summary import summarize, words_in
from newsweave.brief.summary_budget import BUDGET_COEFFICIENTS, BUDGET_FEATURES, adaptive_budget
from newsweave.brief.summary_compress import as_sentence, compress, summary_text
from newsweave.model import Annotations, Article, Claim, Sentence


def kept(text: str) -> str:
    start, end = compress(text)
    return text[start:end]


def test_trailing_attribution_and_gloss_are_cut() -> None:
    assert (
        kept(
            "The Border Patrol made about 200,000 arrests at the southern border in July, "
            "according to figures released on Thursday."
        )
        == "The Border Patrol made about 200,000 arrests at the southern border in July"
    )
    assert (
        kept(
            "The administration said it supports the ruling that the law should be thrown "
            "out, signaling a shift in the department's position."
        )
        == "The administration said it supports the ruling that the law should be thrown out"
    )


def test_leading_dateline_and_clause_are_cut() -> None:
    assert kept("SEOUL, South Korea — The summit opened on Monday with a joint statement.") == (
        "The summit opened on Monday with a joint statement."
    )
    assert kept("WASHINGTON (Reuters) - The Senate passed the bill late on Tuesday night.") == (
        "The Senate passed the bill late on Tuesday night."
    )
    assert kept("Ahead of the vote in Nevada, Sanders tweeted a message to his supporters.") == (
        "Sanders tweeted a message to his supporters."
    )


def test_short_remainders_and_plain_sentences_stay_whole() -> None:
    for text in (
        "Prices rose, according to the bank.",  # five words would be left
        "The bridge was closed on Monday after the river flooded its eastern bank.",
        "In a narrow vote, the Senate confirmed the judge.",  # lower case after the comma
    ):
        assert kept(text) == text


def test_a_cut_span_reads_as_a_sentence() -> None:
    assert as_sentence("The bridge was closed on Monday") == "The bridge was closed on Monday."
    assert as_sentence("The bridge was closed.") == "The bridge was closed."
    assert as_sentence("“We will rebuild,” she said.") == "“We will rebuild,” she said."
    claims = [Claim("a", 0, 5, "It ran"), Claim("b", 0, 9, "It ended.")]
    assert summary_text(claims) == "It ran. It ended."


def test_adaptive_budget_follows_the_sources_within_bounds() -> None:
    assert len(BUDGET_FEATURES) == len(BUDGET_COEFFICIENTS)

    def arts(n_words: int) -> list[Article]:
        text = " ".join(["word"] * n_words) + "."
        return [Article(id=f"a{i}", source="x", text=text, raw=text) for i in range(3)]

    short = adaptive_budget(arts(40), [], most=120)
    long = adaptive_budget(arts(120), [], most=500)
    assert 40 <= short < long
    assert adaptive_budget(arts(5000), [], most=120) == 120  # the user's bound holds
    assert adaptive_budget(arts(1), [], most=30) == 30  # a bound below the floor wins


def test_compressed_claims_are_exact_spans_within_the_bound() -> None:
    texts = {
        "a": "Flooding closed the Marren bridge on Monday, according to the city council. "
        "Engineers found two damaged supports under the bridge deck on Monday night.",
        "b": "The Marren bridge was closed on Monday after the river flooded its bank, "
        "marking the worst flood in a decade. Two supports of the bridge were damaged.",
        "c": "Officials closed the Marren bridge on Monday after the river flooded. "
        "Repairs to the damaged supports of the bridge will take several weeks.",
    }
    arts, ann = [], {}
    for aid, text in texts.items():
        arts.append(Article(id=aid, source=f"{aid}.txt", text=text, raw=text))
        cut = text.index(". ") + 1
        ann[aid] = Annotations(aid, sentences=(Sentence(0, cut), Sentence(cut + 1, len(text))))
    for bound in (20, 40, 120):
        claims = summarize(arts, ann, words=bound)
        assert claims
        for c in claims:
            assert texts[c.article][c.start : c.end] == c.text
            assert "according to" not in c.text and "marking" not in c.text
        assert sum(words_in(c.text) for c in claims) <= bound * 1.25 or len(claims) == 1
