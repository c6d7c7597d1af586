"""The support check of written summary sentences, on hand-made evidence."""

from __future__ import annotations

from newsweave.brief.support import Evidence, check, citations, normalized_text, split_sentences
from newsweave.model import Claim

LEDE = "Officials from nine northern port cities signed the Kessel Bay accord on Sunday."
PLEDGE = "The national government pledged €120 million over five years for radar."
INJURED = "A fire aboard the Greta Holm injured 12 crew members."


def _evidence() -> list[Evidence]:
    date = Claim("wire", 70, 76, "Sunday", "2026-03-15", {"date": "2026-03-15"})
    return [
        Evidence(Claim("wire", 0, len(LEDE), LEDE), 1, (LEDE,)),
        Evidence(date, 1, ("Sunday", LEDE, "2026-03-15", normalized_text(date.normalized))),
        Evidence(Claim("courier", 0, len(PLEDGE), PLEDGE), 2, (PLEDGE,)),
        Evidence(Claim("courier", 100, 100 + len(INJURED), INJURED), 2, (INJURED,)),
    ]


def _reasons(answer: str) -> list[str]:
    return [d.reason for d in check(answer, _evidence(), sources=3).dropped]


def test_split_keeps_citations_with_their_sentence() -> None:
    answer = (
        "<think>draft</think>**Summary**\n- Mr. Halvorsen met them on Feb. 2 [1]. "
        "The fund is 4.5 million [2][3]\nIt was\nwrapped [1]."
    )
    assert split_sentences(answer) == [
        "Mr. Halvorsen met them on Feb. 2 [1].",
        "The fund is 4.5 million [2][3]",
        "It was wrapped [1].",
    ]


def test_citations_forms() -> None:
    assert citations("They met [1, 3-4] on Sunday [2].") == ((1, 2, 3, 4), "They met on Sunday.")


def test_paraphrase_with_date_and_numbers_is_kept() -> None:
    answer = (
        "Nine northern port cities signed the Kessel Bay accord on March 15 [1]. "
        "The government pledged 120 million euros over five years [2]."
    )
    result = check(answer, _evidence(), sources=3)
    assert [s.citations for s in result.kept] == [(1,), (2,)]
    assert not result.dropped
    assert {c.article for c in result.kept[1].claims} == {"courier"}


def test_number_must_be_said_of_the_same_thing() -> None:
    # 12 is in source 2, but it counts crew members, not cities
    assert _reasons("Twelve cities signed the Kessel Bay accord [2].") == [
        "number not stated of the same thing in the cited claims: 12"
    ]


def test_unsupported_sentences_are_dropped_with_a_reason() -> None:
    assert _reasons(
        "Nine cities signed the Kessel Bay accord in Rysund [1]. "
        "The government pledged €210 million [2]. "
        "The accord was a historic triumph for democracy [1]. "
        "Cities signed the accord. "
        "The cities signed the Kessel Bay accord [7]. "
        "The government pledged €120 million [1]."
    ) == [
        "name not in the cited claims: Rysund",
        "number not in the cited claims: 210",
        "too few of its words in the cited claims (1 of 4)",
        "no citation",
        "cites a source not in the list: (7,)",
        "number not in the cited claims: 120",
    ]


def test_disagreement_wording_needs_no_support() -> None:
    answer = "Sources differ: the fire injured 12 crew members, reports say [2]."
    assert check(answer, _evidence(), sources=3).kept
