"""Forms of time expressions: day ranges, clock times, lengths before "later"."""

from __future__ import annotations

import datetime as dt

from newsweave.analyze.timex import find_timexes

ANCHOR = dt.date(2023, 6, 20)


def found(text: str) -> list[tuple[str, str, str]]:
    return [(tv.text, tv.type, tv.value) for tv in find_timexes(text, ANCHOR)]


def test_a_range_of_days_is_read_as_its_first_day() -> None:
    assert found("The fair ran on May 21-22.") == [("May 21-22", "DATE", "2023-05-21")]
    assert found("The summit runs July 5-7, 2024 in Oslo.") == [
        ("July 5-7, 2024", "DATE", "2024-07-05")
    ]


def test_a_number_before_later_is_a_length() -> None:
    assert found("Two days later, the ferry sailed.") == [("Two days", "DURATION", "P2D")]
    assert found("Days later, the ferry sailed.") == [("Days", "DURATION", "PXD")]
    assert found("It sank years ago.") == [("years ago", "DATE", "PAST_REF")]


def test_local_clock_time() -> None:
    assert found("The ceasefire began at 14:00 local time.") == [
        ("14:00 local time", "TIME", "2023-06-20T14:00")
    ]


def test_early_hours_are_not_a_length() -> None:
    values = found("Police came in the early hours of Sunday.")
    assert values == [("Sunday", "DATE", "2023-06-18")]


def test_the_week_of_a_day_is_that_week() -> None:
    assert found("A hearing is set for the week of July 10.") == [
        ("the week of July 10", "DATE", "2023-W28")
    ]
