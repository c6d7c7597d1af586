"""find_quantities on sentences written for these tests: each family and each marker."""

from __future__ import annotations

import pytest

from newsweave.analyze.quantities import find_quantities
from newsweave.model import Quantity

HOUR = 3600.0


def one(text: str, kind: str) -> Quantity:
    found = [q for q in find_quantities(text) if q.kind == kind]
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("The envoy talked with the king for 35 minutes.", 35 * 60),
        ("They ended after 7 1/2 hours of talks.", 7.5 * HOUR),
        ("They ended after seven and a half hours.", 7.5 * HOUR),
        ("It was a half-hour meeting.", 1800),
        ("They spoke for half an hour.", 1800),
        ("A three-hour session followed.", 3 * HOUR),
        ("Her two-day visit ended.", 2 * 86400),
        ("A 90-day review began.", 90 * 86400),
        ("The 30-minute call ended.", 1800),
    ],
)
def test_durations_in_seconds(text: str, seconds: float) -> None:
    q = one(text, "duration")
    assert q.unit == "s"
    assert q.value == pytest.approx(seconds)
    assert q.low == q.high == pytest.approx(seconds)
    assert q.approx is None


def test_vague_duration_has_a_range_and_midpoint() -> None:
    q = one("Their talks lasted several hours.", "duration")
    assert q.approx == "several"
    assert (q.low, q.high) == (3 * HOUR, 9 * HOUR)
    assert q.value == pytest.approx(6 * HOUR)


@pytest.mark.parametrize(
    ("text", "marker", "low", "high"),
    [
        ("about 50 people came", "about", 40, 60),
        ("nearly 50 people came", "nearly", 40, 50),
        ("more than 50 people came", "more than", 50, None),
        ("at least 50 people came", "at least", 50, None),
        ("up to 50 people came", "up to", 0, 50),
        ("some 50 people came", "some", 40, 60),
    ],
)
def test_markers_widen_the_range(text: str, marker: str, low: float, high: float | None) -> None:
    q = one(text, "count")
    assert q.approx == marker
    assert q.value == 50
    assert q.low == pytest.approx(low)
    assert (q.high is None) if high is None else q.high == pytest.approx(high)
    assert q.text.startswith(marker)


def test_counts_keep_the_counted_noun() -> None:
    qs = find_quantities("At the site 12 dead were found and 19 people were hurt.")
    assert [(q.value, q.unit) for q in qs if q.kind == "count"] == [(12, "dead"), (19, "people")]
    q = one("They cited five law enforcement officials who spoke.", "count")
    assert (q.value, q.unit) == (5, "official")
    assert one("Only a dozen seats changed.", "count").value == 12


def test_money_and_percent() -> None:
    q = one("The fund holds $1.5 million now.", "money")
    assert (q.value, q.unit) == (1_500_000, "USD")
    assert one("It paid $1,500,000 in fees.", "money").value == 1_500_000
    q = one("Turnout rose 21 percent this year.", "percent")
    assert (q.value, q.unit) == (21, "%")
    assert one("Turnout rose 4.5% this year.", "percent").value == 4.5


def test_dates_times_ages_and_years_are_not_quantities() -> None:
    text = "On June 18, 2023 at 2 p.m. the 45-year-old said he was 45 years old in 1999."
    assert find_quantities(text) == []


def test_words_and_digits_agree() -> None:
    assert one("They won six seats.", "count").value == one("They won 6 seats.", "count").value
    assert one("thirty-five days later", "duration").value == 35 * 86400


def test_one_unit_after_a_length_verb() -> None:
    q = one("The mayor met the minister for an hour on Saturday.", "duration")
    assert q.value == HOUR and q.text == "an hour"
    q = one("The call lasted about an hour.", "duration")
    assert q.approx == "about" and q.text == "about an hour"
    assert [q for q in find_quantities("An hour later, they left.") if q.kind == "duration"] == []
    assert find_quantities("They may convene for a second meeting.") == []


def test_years_after_in_and_known_pairs_are_not_counts() -> None:
    assert find_quantities("It was the first visit in five years.") == []
    assert find_quantities("Ties between the two countries have frayed.") == []
    assert one("Delegates came from two countries.", "count").unit == "country"


def test_participle_after_the_counted_noun() -> None:
    assert one("The blast left 19 people injured.", "count").unit == "people"
    assert one("It injured 12 crew members last month.", "count").unit == "member"
