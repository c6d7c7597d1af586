"""Time expressions from the parser's DATE/TIME entities (``find_timexes(..., doc)``)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.analyze.timex import find_timexes

spacy = pytest.importorskip("spacy")

ANCHOR = dt.date(2023, 6, 14)


def tagged(text: str, *spans: tuple[str, str]) -> object:
    """A parse of ``text`` whose only entities are ``spans`` (phrase, label)."""
    doc = spacy.blank("en")(text)
    ents = []
    for phrase, label in spans:
        start = text.index(phrase)
        ent = doc.char_span(start, start + len(phrase), label=label)
        assert ent is not None, phrase
        ents.append(ent)
    doc.ents = ents
    return doc


def read(text: str, doc: object) -> list[tuple[str, str, str]]:
    found = find_timexes(text, ANCHOR, doc)
    for tv in found:
        assert text[tv.start : tv.end] == tv.text
    return [(tv.text, tv.type, tv.value) for tv in found]


def test_without_a_parse_the_rules_alone_answer() -> None:
    text = "The vote was moved to a later date in the winter of nineteen ninety-four."
    assert find_timexes(text, ANCHOR) == find_timexes(text, ANCHOR, None)
    assert [tv.text for tv in find_timexes(text, ANCHOR)] == ["the winter", "nineteen ninety-four"]


def test_a_parse_of_another_text_is_ignored() -> None:
    text = "Prices may rise in coming quarters."
    other = tagged("Prices may rise in coming quarters, they said.", ("coming quarters", "DATE"))
    assert find_timexes(text, ANCHOR, other) == find_timexes(text, ANCHOR)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The hearing was put off to a later date.", "a later date", "FUTURE_REF"),
        ("Margins should widen in coming quarters.", "coming quarters", "FUTURE_REF"),
        ("Rainfall has dropped in past years.", "past years", "PAST_REF"),
    ],
)
def test_vague_entities_become_references(text: str, phrase: str, value: str) -> None:
    assert read(text, tagged(text, (phrase, "DATE"))) == [(phrase, "DATE", value)]


def test_part_of_day_joins_the_day_next_to_it_or_takes_the_anchor() -> None:
    text = "Shelling began in mid-afternoon yesterday and stopped."
    doc = tagged(text, ("mid-afternoon", "TIME"), ("yesterday", "DATE"))
    assert read(text, doc) == [("mid-afternoon yesterday", "TIME", "2023-06-13TAF")]
    text = "The convoy left in late evening."
    assert read(text, tagged(text, ("late evening", "TIME"))) == [
        ("late evening", "TIME", "2023-06-14TEV")
    ]


def test_entities_that_are_not_timex_add_nothing() -> None:
    text = "The 52-year-old mayor publishes an annual report."
    doc = tagged(text, ("52-year-old", "DATE"), ("annual", "DATE"))
    assert read(text, doc) == []


def test_an_entity_over_a_split_month_or_season_and_year_joins_them() -> None:
    text = "The bridge opened in January nineteen ninety-seven."
    doc = tagged(text, ("January nineteen ninety-seven", "DATE"))
    assert read(text, doc) == [("January nineteen ninety-seven", "DATE", "1997-01")]
    text = "Floods hit the valley in the winter of nineteen ninety-four."
    doc = tagged(text, ("the winter of nineteen ninety-four", "DATE"))
    assert read(text, doc) == [("the winter of nineteen ninety-four", "DATE", "1994-WI")]


def test_a_quarter_a_year_back_takes_the_earlier_year() -> None:
    text = "Output rose from the quarter a year ago."
    doc = tagged(text, ("the quarter a year ago", "DATE"))
    [(phrase, type_, value)] = read(text, doc)
    assert (phrase, type_) == ("the quarter a year ago", "DATE")
    assert value == find_timexes(text, ANCHOR)[1].value  # "a year ago" read alone


def test_two_unrelated_expressions_under_one_entity_stay_apart() -> None:
    text = "Exports grew between 2001 and 2004."
    doc = tagged(text, ("between 2001 and 2004", "DATE"))
    assert [v for _, _, v in read(text, doc)] == ["2001", "2004"]


def test_within_and_over_are_signals_outside_the_span() -> None:
    text = "The ministry promised an answer within a week after talks of over three years."
    got = [(tv.text, tv.value, tv.mod) for tv in find_timexes(text, ANCHOR)]
    assert got == [("a week", "P1W", "EQUAL_OR_LESS"), ("three years", "P3Y", "MORE_THAN")]


def test_a_signal_left_out_of_the_entity_is_left_out_of_the_span() -> None:
    text = "Earlier Friday, the minister met the envoys."
    assert read(text, tagged(text, ("Friday", "DATE"))) == [("Friday", "DATE", "2023-06-09")]


def test_a_following_preposition_is_not_part_of_a_relative_unit() -> None:
    text = "The plant will close next year after the vote."
    assert [(tv.text, tv.value) for tv in find_timexes(text, ANCHOR)] == [("next year", "2024")]


def test_the_last_half_of_a_year() -> None:
    text = "Orders slowed in the last half of 2019."
    assert [(tv.text, tv.value) for tv in find_timexes(text, ANCHOR)] == [
        ("the last half of 2019", "2019-H2")
    ]


def test_with_the_project_parser() -> None:
    from newsweave.analyze.nlp import load_nlp

    text = "The board said the deal would close at a later date."
    doc = load_nlp()(text)
    assert ("a later date", "DATE", "FUTURE_REF") in read(text, doc)
