"""Time expressions: detection, TIMEX3 normalisation, anchoring, publication dates."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
import time

import pytest

from conftest import BENCH, needs_shared, seed_text
from newsweave.analyze.timex import find_publication_date, find_timexes, resolve
from newsweave.model import TimeValue

ANCHOR = dt.date(2023, 6, 20)  # a Tuesday


def one(text: str, phrase: str, anchor: dt.date | None = ANCHOR) -> TimeValue:
    """The time expression whose span covers ``phrase`` (which must occur once)."""
    i = text.index(phrase)
    hits = [tv for tv in find_timexes(text, anchor) if tv.start <= i < tv.end]
    assert hits, f"no timex at {phrase!r} in {[t.text for t in find_timexes(text, anchor)]}"
    return hits[0]


def check_offsets(text: str, values: list[TimeValue]) -> None:
    for tv in values:
        assert text[tv.start : tv.end] == tv.text
    spans = sorted((tv.start, tv.end) for tv in values)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2, "time expressions overlap"


@pytest.mark.parametrize(
    ("text", "phrase", "type_", "value"),
    [
        ("Officials met on Sunday in the capital.", "Sunday", "DATE", "2023-06-18"),
        ("He saw the president Monday morning.", "Monday morning", "TIME", "2023-06-19TMO"),
        ("The speaker visited the island last August.", "last August", "DATE", "2022-08"),
        ("Leaders met in Bali last November.", "last November", "DATE", "2022-11"),
        ("The summit opened on Nov. 14, 2022, in Bali.", "Nov. 14, 2022", "DATE", "2022-11-14"),
        ("The balloon was shot down in February.", "February", "DATE", "2023-02"),
        ("The report was published on 18 June 2023.", "18 June 2023", "DATE", "2023-06-18"),
        ("The report was published on June 18, 2023.", "June 18, 2023", "DATE", "2023-06-18"),
        ("Filed 2023-06-18 by the clerk.", "2023-06-18", "DATE", "2023-06-18"),
        ("Prices fell sharply in 1998.", "1998", "DATE", "1998"),
        ("Growth slowed in the 1990s.", "the 1990s", "DATE", "199"),
        ("Sales rose in the third quarter.", "third quarter", "DATE", "2022-Q3"),
        ("Sales rose in the third quarter of 2022.", "third quarter", "DATE", "2022-Q3"),
        ("Harvests were poor last summer.", "last summer", "DATE", "2022-SU"),
        ("The deal closed yesterday.", "yesterday", "DATE", "2023-06-19"),
        ("The vote is tomorrow.", "tomorrow", "DATE", "2023-06-21"),
        ("Shares rose last week.", "last week", "DATE", "2023-W24"),
        ("Rates will rise next month.", "next month", "DATE", "2023-07"),
        ("Inflation was high this year.", "this year", "DATE", "2023"),
        ("The firm was founded two years ago.", "two years ago", "DATE", "2021"),
        ("The plant closed three days ago.", "three days ago", "DATE", "2023-06-17"),
        ("He resigned mid-June.", "mid-June", "DATE", "2023-06"),
        ("The law takes effect in early 2024.", "early 2024", "DATE", "2024"),
        ("The meeting starts at 9 a.m. sharp.", "9 a.m.", "TIME", "2023-06-20T09:00"),
        ("The meeting ended at noon.", "noon", "TIME", "2023-06-20T12:00"),
        ("Xi spoke with him for 35 minutes.", "35 minutes", "DURATION", "PT35M"),
        ("The talks lasted 7 1/2 hours.", "7 1/2 hours", "DURATION", "PT7H30M"),
        ("They held a half-hour meeting.", "half-hour", "DURATION", "PT30M"),
        ("They talked for a half an hour.", "half an hour", "DURATION", "PT30M"),
        ("It was a three-hour session.", "three-hour", "DURATION", "PT3H"),
        ("He ended a two-day visit.", "two-day", "DURATION", "P2D"),
        ("Talks lasted several hours.", "several hours", "DURATION", "PTXH"),
        ("The first visit in five years.", "five years", "DURATION", "P5Y"),
        ("Cases rose over the past three months.", "the past three months", "DURATION", "P3M"),
        ("The committee meets every week.", "every week", "SET", "P1W"),
        ("The report is published annually.", "annually", "SET", "P1Y"),
        ("Trains run daily between the cities.", "daily", "SET", "P1D"),
        ("The economy is now growing.", "now", "DATE", "PRESENT_REF"),
        ("The rules currently apply.", "currently", "DATE", "PRESENT_REF"),
        ("The minister recently resigned.", "recently", "DATE", "PAST_REF"),
        ("Fusion power remains a dream for the future.", "the future", "DATE", "FUTURE_REF"),
    ],
)
def test_families(text: str, phrase: str, type_: str, value: str) -> None:
    tv = one(text, phrase)
    assert (tv.type, tv.value) == (type_, value), tv
    assert text[tv.start : tv.end] == tv.text


def test_later_this_year_is_the_anchor_year() -> None:
    tv = one("The minister will visit later this year.", "later this year")
    assert tv.value == "2023"
    assert tv.text == "later this year"


def test_the_day_before_counts_from_the_last_mentioned_day() -> None:
    text = "The envoy met the president June 19. He met the minister the day before."
    tv = one(text, "the day before")
    assert tv.value == "2023-06-18"
    # Without a mentioned day it counts from the anchor.
    assert one("He met the minister the day before.", "the day before").value == "2023-06-19"


def test_weekday_direction_follows_tense() -> None:
    assert one("The envoy arrived Friday.", "Friday").value == "2023-06-16"
    assert one("The envoy will arrive Friday.", "Friday").value == "2023-06-23"
    assert one("The talks ended last Tuesday.", "last Tuesday").value == "2023-06-13"


def test_month_day_without_year_follows_tense() -> None:
    assert one("The treaty was signed Dec. 28.", "Dec. 28").value == "2022-12-28"
    assert one("The treaty will be signed Dec. 28.", "Dec. 28").value == "2023-12-28"


def test_limits_and_intentions_point_ahead() -> None:
    # "by <month>", "until <weekday>": a limit lies ahead unless a past verb is closer.
    assert one("The talks are supposed to conclude by May.", "May").value == "2024-05"
    assert one("Officials put off any action until Thursday.", "Thursday").value == "2023-06-22"
    assert one("Sales had fallen sharply by March.", "March").value == "2023-03"
    # An intention verb with an infinitive governs the date: the deal is still to come.
    text = "The firm announced an agreement to acquire the bank in January."
    assert one(text, "January", dt.date(2023, 11, 2)).value == "2024-01"
    # A deadline is not a tense cue: the ruling set Friday as the deadline.
    assert one("The court ruled and set Friday as the deadline.", "Friday").value == "2023-06-16"


def test_tense_reads_through_initials_and_titles() -> None:
    # "P." and "Mr." do not end the sentence, so "will" still governs the date.
    text = "Mr. Schwarz will succeed Daniel P. Davison Dec. 1, the bank said."
    assert one(text, "Dec. 1").value == "2023-12-01"
    # "next to" is a place, not a tense cue.
    text = "Blasts hit sites next to the U.S. embassies in Kenya on Friday."
    assert one(text, "Friday").value == "2023-06-16"
    # A past verb before "until" still points ahead; an opening "Until ..." clause does not.
    assert one("Officials postponed until Thursday any action.", "Thursday").value == ("2023-06-22")
    assert one("Until Thursday, they had not called him.", "Thursday").value == "2023-06-15"
    text = "The alliance has decided to admit Poland in early March."
    assert one(text, "early March").value == "2024-03"


@pytest.mark.parametrize(
    ("text", "phrase", "span", "value"),
    [
        ("The attack came a day after the vote.", "a day", "a day", "P1D"),
        ("Three days later, he died.", "Three days", "Three days", "P3D"),
        ("A few days later, it reported.", "A few days", "A few days", "PXD"),
        ("He was seen 10 days before the murder.", "10 days", "10 days", "P10D"),
    ],
)
def test_length_before_a_signal_is_a_duration(
    text: str, phrase: str, span: str, value: str
) -> None:
    # TimeML: the length is the timex, "later"/"after"/"before" a signal.
    tv = one(text, phrase)
    assert (tv.type, tv.value, tv.text) == ("DURATION", value, span)
    # "ago" and "a year earlier" still name a date.
    assert one("He left two years ago.", "two years ago").value == "2021"


def test_winter_spans_the_new_year() -> None:
    march = dt.date(2013, 3, 22)
    assert one("It was cold this winter.", "this winter", march).value == "2012-WI"
    assert one("It will be cold this winter.", "this winter").value == "2023-WI"


def test_parts_of_days_named_by_a_clause_and_idioms() -> None:
    assert [tv.text for tv in find_timexes("He fled the night the plane fell.", ANCHOR)] == []
    assert [tv.text for tv in find_timexes("He was shot on the night of Oct. 23.", ANCHOR)] == [
        "Oct. 23"
    ]
    assert [tv.text for tv in find_timexes("For Poland, high noon has come.", ANCHOR)] == []


def test_clock_times_take_the_day_that_follows_or_a_nearby_one() -> None:
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, officials said."
    assert one(text, "10:35").value == "2023-06-16T10:35"
    assert one("The polls closed at 8 p.m. on Sunday.", "8 p.m.").value == "2023-06-18T20:00"
    # A day named just before anchors the time; one named paragraphs earlier does not.
    near = "The envoy arrived June 12. He met the king at 9 p.m."
    assert one(near, "9 p.m.").value == "2023-06-12T21:00"
    far = "The envoy arrived June 12. " + "Talks went on. " * 30 + "He spoke at 9 p.m."
    assert one(far, "9 p.m.").value == "2023-06-20T21:00"


def test_weekday_with_plural_part_is_a_set() -> None:
    tv = one("Flights leave on Tuesday nights.", "Tuesday nights")
    assert (tv.type, tv.value, tv.text) == ("SET", "XXXX-WXX-2TNI", "Tuesday nights")


def test_year_references() -> None:
    assert one("Sales for the year rose 5%.", "the year").value == "2023"
    assert one("Net income for the year ended June 30 rose.", "the year").value == "P1Y"
    assert one("In 1988 he moved; imports rose that year.", "that year").value == "1988"
    assert one("He fled in June 1998 and returned later that year.", "later that year").value == (
        "1998"
    )
    tv = one("The deal should close by year-end.", "year-end")
    assert (tv.type, tv.value, tv.mod) == ("DATE", "2023", "END")
    assert one("It forecast a gain for the full year.", "the full year").value == "2023"
    assert one("His pledge to halve it by the year two thousand.", "two thousand").text == (
        "the year two thousand"
    )


def test_reporting_quarter_early_in_a_quarter() -> None:
    # Early in a quarter, past-tense results "for the quarter" are the quarter just ended.
    early_q3 = dt.date(2023, 7, 20)
    assert one("It lost $5 million in the quarter.", "the quarter", early_q3).value == "2023-Q2"
    assert one("It lost $5 million in the quarter.", "the quarter").value == "2023-Q2"
    late_q3 = dt.date(2023, 9, 20)
    assert one("It lost $5 million in the quarter.", "the quarter", late_q3).value == "2023-Q3"


def test_a_year_ago_in_a_quarterly_report_is_that_quarter() -> None:
    text = "Net rose to $5 million in the first quarter from $4 million a year ago."
    assert one(text, "a year ago").value == "2022-Q1"
    text = "Profit fell in the first quarter. Year-earlier results included a gain."
    assert one(text, "Year-earlier").value == "2022-Q1"
    # Without a quarter nearby it is the year.
    assert one("Prices rose from a year ago.", "a year ago").value == "2022"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Over the next couple of years it grows.", "the next couple of years", "P2Y"),
        ("It was the first rise in years.", "years", "PXY"),
        ("He faces 15 to 20 years in prison.", "15 to 20 years", "P15Y"),
        ("Repairs take two or three days.", "two or three days", "P2D"),
        ("Shipments stop for 12-18 months.", "12-18 months", "P12M"),
        ("The weeklong festival ended.", "weeklong", "P1W"),
        ("A yearlong inquiry began.", "yearlong", "P1Y"),
        ("The deal came after months of talks.", "months", "PXM"),
        ("It follows years of war.", "years", "PXY"),
    ],
)
def test_duration_ranges_compounds_and_spans_of(text: str, phrase: str, value: str) -> None:
    tv = one(text, phrase)
    assert (tv.type, tv.value, tv.text) == ("DURATION", value, phrase)


def test_mods() -> None:
    assert one("He left in early 2024.", "early 2024").mod == "START"
    assert one("He left in late 2022.", "late 2022").mod == "END"
    assert one("He left mid-June.", "mid-June").mod == "MID"
    assert one("Talks lasted about two hours.", "about two hours").mod == "APPROX"


def test_not_timexes() -> None:
    for text in [
        "You may go now if you wish to march.",  # only "now"
        "The 44-year-old man was arrested.",
        "Mr. Reupke, 52 years old, resigned.",  # an age
        "He won 1,500 votes and 2015 people came.",
        "A second term is likely.",
    ]:
        found = find_timexes(text, ANCHOR)
        assert [tv.text for tv in found] in ([], ["now"]), found


def test_without_anchor_values_are_underspecified_and_resolvable() -> None:
    text = (
        "The envoy met the minister on Sunday and the president Monday morning. "
        "The speaker's visit last August angered Beijing. The talks lasted 35 minutes."
    )
    loose = find_timexes(text, None)
    by_text = {tv.text: tv.value for tv in loose}
    assert by_text["Sunday"] == "XXXX-WXX-7"
    assert by_text["Monday morning"] == "XXXX-WXX-1TMO"
    assert by_text["last August"] == "XXXX-08"
    assert by_text["35 minutes"] == "PT35M"
    anchored = {tv.text: tv.value for tv in resolve(loose, ANCHOR, text)}
    assert anchored["Sunday"] == "2023-06-18"
    assert anchored["Monday morning"] == "2023-06-19TMO"
    assert anchored["last August"] == "2022-08"
    assert anchored["35 minutes"] == "PT35M"
    # Without the text, each expression is re-read on its own.
    alone = {tv.text: tv.value for tv in resolve(loose, ANCHOR)}
    assert alone == anchored
    assert [(tv.start, tv.end) for tv in resolve(loose, ANCHOR)] == [
        (tv.start, tv.end) for tv in loose
    ]


def test_anchored_matches_resolved() -> None:
    text = (
        "Yesterday the board met. Last week it met twice. "
        "On June 19 it voted; the day before it argued."
    )
    direct = [(tv.text, tv.value) for tv in find_timexes(text, ANCHOR)]
    later = [(tv.text, tv.value) for tv in resolve(find_timexes(text, None), ANCHOR, text)]
    assert direct == later


def test_edge_inputs() -> None:
    assert find_timexes("", ANCHOR) == []
    assert find_timexes("", None) == []
    assert find_publication_date("") is None
    foreign = "Der Außenminister traf am Montag ein. 外交部长周一抵达北京。 В понедельник."
    check_offsets(foreign, find_timexes(foreign, ANCHOR))
    weird = "\x00\ufeff 19 June 2023 \u200b 3 p.m. ½ hours -- 2023-13-45"
    check_offsets(weird, find_timexes(weird, ANCHOR))


def test_huge_text_is_fast_and_exact() -> None:
    block = (
        "On Sunday the minister met his counterpart for 7 1/2 hours. Last August talks "
        "stalled; on Nov. 14, 2022 they resumed. Officials now expect a deal later this year. "
    )
    text = block * 2000  # ~300k characters
    t0 = time.perf_counter()
    found = find_timexes(text, ANCHOR)
    elapsed = time.perf_counter() - t0
    check_offsets(text, found)
    assert len(found) == 2000 * len(find_timexes(block, ANCHOR))
    assert elapsed < 10, elapsed


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Headline here\n\nA standfirst sentence.\n20 June 2023\n\nBody text.", "2023-06-20"),
        ("Headline\nJune 20, 2023\nBody text.", "2023-06-20"),
        ("Headline\nTuesday, June 20, 2023 10:15 AM ET\nBody.", "2023-06-20"),
        ("Headline\nUpdated: 2023-06-20 10:00\nBody.", "2023-06-20"),
        ("Headline\nPublished June 20, 2023 at 9:00 a.m. ET\nBody.", "2023-06-20"),
        ("Headline\n©2023 Bloomberg L.P.\nBody.", None),
        ("Headline\nThe talks on June 20, 2023 went on for hours and covered much.", None),
    ],
)
def test_find_publication_date(head: str, expected: str | None) -> None:
    found = find_publication_date(head)
    assert (found.isoformat() if found else None) == expected


@needs_shared
def test_seed_002_dated_by_its_own_date_line() -> None:
    text = seed_text("002")
    published = find_publication_date(text)
    assert published == dt.date(2023, 6, 20)
    values = find_timexes(text, published)
    check_offsets(text, values)
    by_text: dict[str, set[str]] = {}
    for tv in values:
        by_text.setdefault(tv.text, set()).add(tv.value)
    assert "2023-06-18" in by_text["Sunday"]
    monday = [v for t, vs in by_text.items() if t.startswith("Monday") for v in vs]
    assert monday and all(v.startswith("2023-06-19") for v in monday)


@needs_shared
def test_seed_000_with_story_anchor() -> None:
    text = seed_text("000")
    assert find_publication_date(text) is None
    anchor = dt.date(2023, 6, 19)
    values = find_timexes(text, anchor)
    check_offsets(text, values)
    by_text = {tv.text: tv.value for tv in values}
    assert by_text["last August"] == "2022-08"
    assert by_text["June 19"] == "2023-06-19"
    assert by_text["the day before"] == "2023-06-18"
    assert by_text["35 minutes"] == "PT35M"
    assert by_text["several hours"] == "PTXH"
    # The same values when the article is annotated unanchored and resolved later.
    later = {tv.text: tv.value for tv in resolve(find_timexes(text, None), anchor, text)}
    assert later["last August"] == "2022-08"
    assert later["the day before"] == "2023-06-18"


@needs_shared
def test_seeds_offsets_exact() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        check_offsets(text, find_timexes(text, ANCHOR))
        check_offsets(text, find_timexes(text, None))


# Measured with bench/temporal.py on te3_train (the split the rules were tuned on).
TRAIN_VALUE_F1 = 0.772


@needs_shared
def test_train_split_value_f1_floor() -> None:
    folder = BENCH / "temporal"
    sys.path.insert(0, str(folder))
    try:
        import score_timex  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(folder))
    docs = [json.loads(line) for line in (folder / "te3_train.jsonl").open(encoding="utf-8")]
    gold = {d["id"]: d for d in docs}
    pred = {
        d["id"]: [
            {"start": tv.start, "end": tv.end, "type": tv.type, "value": tv.value}
            for tv in find_timexes(d["text"], dt.date.fromisoformat(d["dct"][:10]))
        ]
        for d in docs
    }
    result = score_timex.score(gold, pred)
    assert result["value_f1"] >= TRAIN_VALUE_F1 - 0.02, result["value_f1"]
    assert result["relaxed_f1"] >= 0.90, result["relaxed_f1"]


def test_values_off_the_calendar_are_skipped_not_raised() -> None:
    text = "The rock formed 130,000 years ago, and the village 200 years ago."
    values = find_timexes(text, dt.date(2023, 6, 20))
    assert all(text[v.start : v.end] == v.text for v in values)
    assert "130,000 years ago" not in [v.text for v in values]
