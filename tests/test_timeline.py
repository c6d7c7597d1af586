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


def test_lines_quote_the_statement_without_page_furniture() -> None:
    """Wire credits, timestamps and bylines fused into a sentence are not quoted; the
    evidence offsets still point at exactly the quoted text."""
    lede = (
        "By Jane Roe, Harbour Editor KESSEL BAY | Sun Mar 15, 2026 4:10 pm GMT KESSEL BAY "
        "(Baltic Wire) - Nine port cities signed the harbour safety accord on Sunday."
    )
    art, ann = make("w", date(2026, 3, 16), [(lede, [("Sunday", "2026-03-15")])])
    (entry,) = build_timeline([art], {"w": ann}, weights=TimelineWeights(ledes=0))
    (claim,) = entry.claims
    assert claim.text == "Nine port cities signed the harbour safety accord on Sunday."
    assert art.text[claim.start : claim.end] == claim.text


def test_a_timestamp_is_not_an_event_day() -> None:
    """'September 24, 2026 3:55 PM' under a reader comment dates the comment, not news."""
    text = "Posted by: Ann | September 24, 2026 3:55 PM | Report abuse The accord is a start."
    at = text.index("September")
    art = Article(id="c", source="c", text=text, raw=text, published=date(2026, 9, 20))
    ann = Annotations(
        article_id="c",
        sentences=(Sentence(0, len(text)),),
        timexes=(TimeValue(at, at + 18, "September 24, 2026", "DATE", "2026-09-24"),),
        published=date(2026, 9, 20),
    )
    assert [d.value for d in dated_sentences([art], {"c": ann})] == []


def test_the_next_days_ledes_are_candidates_but_do_not_weigh() -> None:
    arts, ann = corpus()
    items = dated_sentences(arts, ann, ledes=5, next_day=5)
    next_day = [d for d in items if d.claim.normalized.get("dated_by") == "next_day"]
    assert [(d.value, d.claim.article) for d in next_day] == [("2026-03-15", "a")]
    assert not next_day[0].weighed


def test_a_span_edge_or_an_announcement_is_not_the_days_line() -> None:
    """For March 12, a report after the day that says what happened beats one written
    before it (an announcement) and one naming the day only as a span's edge."""
    a = make(
        "a",
        date(2026, 3, 10),
        [
            (
                "Delegates will open the harbour talks on March 12 in Kessel Bay.",
                [("March 12", "2026-03-12")],
            )
        ],
    )
    b = make(
        "b",
        date(2026, 3, 20),
        [
            (
                "Harbour traffic has been cut by half since March 12 in Kessel Bay.",
                [("March 12", "2026-03-12")],
            )
        ],
    )
    c = make(
        "c",
        date(2026, 3, 13),
        [
            (
                "Delegates opened the harbour talks on March 12 in Kessel Bay.",
                [("March 12", "2026-03-12")],
            )
        ],
    )
    arts = [a[0], b[0], c[0]]
    ann = {x[0].id: x[1] for x in (a, b, c)}
    (entry,) = build_timeline(arts, ann, max_sentences=1, weights=TimelineWeights(ledes=0))
    assert [cl.article for cl in entry.claims] == ["c"]
    items = dated_sentences(arts, ann)
    assert [d.landmark for d in items] == [False, True, False]


def test_a_chronology_entry_is_quoted_without_its_date_and_weighs_more() -> None:
    entry_text = "Sept. 7: The government seizes the two mortgage giants."
    other = "Markets rallied on Sept. 8 after the rescue of the mortgage giants."
    a = make(
        "a",
        date(2026, 10, 1),
        [(entry_text, [("Sept. 7", "2026-09-07")]), (other, [("Sept. 8", "2026-09-08")])],
    )
    arts, ann = [a[0]], {"a": a[1]}
    items = dated_sentences(arts, ann)
    (chron,) = [d for d in items if d.entry]
    assert chron.value == "2026-09-07"
    assert chron.claim.text == "The government seizes the two mortgage giants."
    assert a[0].text[chron.claim.start : chron.claim.end] == chron.claim.text
    entries = build_timeline(arts, ann, max_dates=1, weights=TimelineWeights(ledes=0))
    assert [e.date for e in entries] == ["2026-09-07"]


def test_a_time_that_names_its_day_files_the_sentence_under_that_day() -> None:
    """'on Saturday morning' (a TIME) puts the sentence under Saturday, not under the
    article's publication day; a bare clock time names no day."""
    text = "The minister met the mayor for an hour on Saturday morning before the talks."
    at = text.index("Saturday")
    clock = "The accord was signed at 3:30 pm in the old customs house."
    full = text + " " + clock
    c0 = full.index("3:30 pm")
    art = Article(id="t", source="t", text=full, raw=full, published=date(2026, 3, 16))
    ann = Annotations(
        article_id="t",
        sentences=(Sentence(0, len(text)), Sentence(len(text) + 1, len(full))),
        timexes=(
            TimeValue(at, at + 16, "Saturday morning", "TIME", "2026-03-14TMO"),
            TimeValue(c0, c0 + 7, "3:30 pm", "TIME", "2026-03-16T15:30"),
        ),
        published=date(2026, 3, 16),
    )
    items = dated_sentences([art], {"t": ann}, ledes=5)
    assert [(d.value, d.claim.text[:12], d.weighed) for d in items] == [
        ("2026-03-14", "The minister", False),
        ("2026-03-16", "The accord w", True),
    ]
    assert items[1].claim.normalized["dated_by"] == "publication"
