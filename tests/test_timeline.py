"""The dated timeline: grouping by resolved date, background apart, span, ranking, limits."""

from __future__ import annotations

from datetime import date

from newsweave.brief.timeline import (
    TimelineWeights,
    build_timeline,
    dated_sentences,
    story_span,
)
from newsweave.model import Annotations, Article, Sentence, TimeValue


def make(
    aid: str, published: date | None, parts: list[tuple[str, list[tuple[str, str]]]]
) -> tuple[Article, Annotations]:
    """An article from sentences; each sentence lists (expression, TIMEX3 value) it holds."""
    text = ""
    sentences: list[Sentence] = []
    timexes: list[TimeValue] = []
    for sentence, exprs in parts:
        start = len(text)
        text += sentence
        sentences.append(Sentence(start, len(text)))
        for expr, value in exprs:
            at = text.index(expr, start)
            timexes.append(TimeValue(at, at + len(expr), expr, "DATE", value))
        text += " "
    text = text.rstrip()
    art = Article(id=aid, source=f"{aid}.txt", text=text, raw=text, published=published)
    ann = Annotations(
        article_id=aid, sentences=tuple(sentences), timexes=tuple(timexes), published=published
    )
    return art, ann


def corpus() -> tuple[list[Article], dict[str, Annotations]]:
    a = make(
        "a",
        date(2026, 3, 16),
        [
            (
                "Nine port cities signed the harbour safety accord on Sunday.",
                [("Sunday", "2026-03-15")],
            ),
            ("Talks opened on Thursday with a minute of silence.", [("Thursday", "2026-03-12")]),
            (
                "The ferry Greta Holm burned in the bay in January 2026.",
                [("January 2026", "2026-01")],
            ),
            ("The harbour master welcomed the new patrol rules for the bay.", []),
        ],
    )
    b = make(
        "b",
        date(2026, 3, 15),
        [
            (
                "Delegates signed the accord on Sunday after four days of talks.",
                [("Sunday", "2026-03-15")],
            ),
            (
                "The summit had opened on March 12 in the Old Customs House.",
                [("March 12", "2026-03-12")],
            ),
            ("A similar summit in 2019 ended without any agreement at all.", [("2019", "2019")]),
        ],
    )
    c = make(
        "c",
        date(2026, 3, 17),
        [
            (
                "The accord, signed on March 15, sets up joint patrols in the bay.",
                [("March 15", "2026-03-15")],
            ),
            (
                "The fire of January 5 killed two crew members of the ferry.",
                [("January 5", "2026-01-05")],
            ),
        ],
    )
    arts = [a[0], b[0], c[0]]
    ann = {a[0].id: a[1], b[0].id: b[1], c[0].id: c[1]}
    return arts, ann


def test_entries_group_sentences_by_resolved_date_with_exact_spans() -> None:
    arts, ann = corpus()
    by_id = {x.id: x for x in arts}
    entries = build_timeline(arts, ann, max_sentences=3, weights=TimelineWeights(ledes=0))
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    assert {"2026-03-15", "2026-03-12", "2026-01-05", "2026-01"} <= set(dates)
    assert "2019" not in dates  # a year alone is not a timeline date
    signed = next(e for e in entries if e.date == "2026-03-15")
    assert {c.article for c in signed.claims} == {"a", "b", "c"}
    for entry in entries:
        for claim in entry.claims:
            assert by_id[claim.article].text[claim.start : claim.end] == claim.text
            assert claim.normalized["date"] == entry.date


def test_background_dates_are_kept_apart_from_the_story_days() -> None:
    arts, ann = corpus()
    entries = build_timeline(arts, ann, weights=TimelineWeights(ledes=0))
    flags = {e.date: {c.normalized["background"] for c in e.claims} for e in entries}
    assert flags["2026-03-15"] == {False}
    assert flags["2026-03-12"] == {False}
    assert flags["2026-01-05"] == {True}
    assert flags["2026-01"] == {True}


def test_story_span_covers_the_reported_days_not_the_background() -> None:
    arts, ann = corpus()
    assert story_span(arts, ann) == ("2026-03-12", "2026-03-15")


def test_story_span_falls_back_to_publication_days() -> None:
    art, ann = make("x", date(2026, 5, 2), [("Nothing dated is said here at all.", [])])
    other, ann2 = make("y", date(2026, 5, 4), [("Still nothing with a date in it.", [])])
    assert story_span([art, other], {"x": ann, "y": ann2}) == ("2026-05-02", "2026-05-04")
    assert story_span([], {}) == (None, None)


def test_max_dates_keeps_the_most_reported_days() -> None:
    arts, ann = corpus()
    entries = build_timeline(arts, ann, max_dates=2, weights=TimelineWeights(ledes=0))
    assert [e.date for e in entries] == ["2026-03-12", "2026-03-15"]


def test_range_and_day_filters() -> None:
    arts, ann = corpus()
    entries = build_timeline(
        arts,
        ann,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        days_only=True,
        weights=TimelineWeights(ledes=0),
    )
    assert [e.date for e in entries] == ["2026-03-12", "2026-03-15"]


def test_max_sentences_prefers_one_sentence_per_article() -> None:
    arts, ann = corpus()
    entries = build_timeline(arts, ann, max_sentences=2, weights=TimelineWeights(ledes=0))
    signed = next(e for e in entries if e.date == "2026-03-15")
    assert len(signed.claims) == 2
    assert len({c.article for c in signed.claims}) == 2
    assert signed.summary == " ".join(c.text for c in signed.claims)


def test_undated_ledes_speak_of_their_publication_day() -> None:
    arts, ann = corpus()
    plain = dated_sentences(arts, ann)
    with_ledes = dated_sentences(arts, ann, ledes=5)
    extra = [d for d in with_ledes if d not in plain]
    assert [(d.value, d.claim.article) for d in extra] == [("2026-03-16", "a")]
    assert extra[0].claim.normalized["dated_by"] == "publication"
    assert extra[0].claim.text.startswith("The harbour master")


def test_sentences_outside_any_dated_article_are_ignored() -> None:
    art, ann = make(
        "u", None, [("On Monday the harbour reopened to traffic.", [("Monday", "XXXX-WXX-1")])]
    )
    assert build_timeline([art], {"u": ann}) == []
    assert build_timeline([], {}) == []


def test_background_follows_the_story_span_even_with_publication_dated_ledes() -> None:
    arts, ann = corpus()
    entries = build_timeline(arts, ann, weights=TimelineWeights(ledes=40))
    start, _ = story_span(arts, ann)
    assert start is not None
    for entry in entries:
        expected = entry.date < start[: len(entry.date)]
        assert {c.normalized["background"] for c in entry.claims} == {expected}


def test_a_sentence_serves_one_date_only() -> None:
    """A sentence naming two days is a candidate for both; it is used once, by the
    heavier day, and a near-repeat of it is not used for another day either."""
    two = "The accord signed on March 15 follows talks opened on March 12 in the port."
    a = make(
        "a",
        date(2026, 3, 16),
        [(two, [("March 15", "2026-03-15"), ("March 12", "2026-03-12")])],
    )
    b = make(
        "b",
        date(2026, 3, 16),
        [
            ("Delegates signed the harbour accord on March 15.", [("March 15", "2026-03-15")]),
            (
                "The accord signed on March 15 follows talks opened on March 12 in the city port.",
                [("March 15", "2026-03-15"), ("March 12", "2026-03-12")],
            ),
        ],
    )
    c = make(
        "c",
        date(2026, 3, 17),
        [("Talks had opened on March 12 with a minute of silence.", [("March 12", "2026-03-12")])],
    )
    arts = [a[0], b[0], c[0]]
    ann = {x[0].id: x[1] for x in (a, b, c)}
    entries = build_timeline(arts, ann, max_sentences=2)
    used = [(cl.article, cl.start) for e in entries for cl in e.claims]
    assert len(used) == len(set(used))
    texts = [cl.text for e in entries for cl in e.claims]
    assert sum("follows talks" in t for t in texts) == 1
    reuse = build_timeline(arts, ann, max_sentences=2, weights=TimelineWeights(across=False))
    assert sum("follows talks" in cl.text for e in reuse for cl in e.claims) > 1
