"""Tense of the clause around a bare month or weekday: which occurrence it names."""

from __future__ import annotations

import datetime as dt

from newsweave.analyze.timex import find_timexes


def value_of(text: str, phrase: str, anchor: dt.date) -> str:
    i = text.index(phrase)
    hits = [tv for tv in find_timexes(text, anchor) if tv.start <= i < tv.end]
    assert hits, f"no timex at {phrase!r}"
    return hits[0].value


def test_turning_back_the_clock_points_to_the_past() -> None:
    june = dt.date(2023, 6, 20)
    text = "The two delegations wanted to turn back the clock to November."
    assert value_of(text, "November", june) == "2022-11"
    # "ready to" leans ahead, but "back" says where the clock is turned to.
    text = "Both sides now look ready to turn back the clock to November, when talks stalled."
    assert value_of(text, "November", june) == "2022-11"
    text = "Prices are back in line with the levels of November."
    assert value_of(text, "November", june) == "2022-11"
    # Coming back is still ahead.
    assert value_of("The envoy will come back in November.", "November", june) == "2023-11"


def test_reported_intention_stays_in_the_year_of_the_report() -> None:
    text = "The mayor said she had accepted an invitation to visit Lindholm in June."
    assert value_of(text, "June", dt.date(2026, 3, 15)) == "2026-06"
    assert value_of(text, "June", dt.date(2026, 10, 2)) == "2026-06"
    text = "The mayor accepted an invitation to visit Lindholm in June."
    assert value_of(text, "June", dt.date(2026, 10, 2)) == "2026-06"
    # An intention stated now still points ahead.
    text = "The mayor hopes to visit Lindholm in June."
    assert value_of(text, "June", dt.date(2026, 10, 2)) == "2027-06"
    assert value_of("The mayor will visit Lindholm in June.", "June", dt.date(2026, 10, 2)) == (
        "2027-06"
    )


def test_past_tense_month_far_back_is_read_ahead() -> None:
    # In August, a cut "in September" reported in the past tense is the coming one.
    text = "The supplier told refiners of a cut in deliveries in September."
    assert value_of(text, "September", dt.date(2023, 8, 16)) == "2023-09"
    # A month a few months back stays in the past.
    assert value_of("Talks collapsed in March.", "March", dt.date(2023, 8, 16)) == "2023-03"
    # "last" and "next" are not bent.
    assert value_of("They met last September.", "last September", dt.date(2023, 8, 16)) == (
        "2022-09"
    )


def test_no_tense_takes_the_nearest_month() -> None:
    text = "Homes valued at a high price in October are worth half that now."
    assert value_of(text, "October", dt.date(2024, 1, 8)) == "2023-10"


def test_clause_reading_is_not_cut_by_abbreviations() -> None:
    # "Ill." followed by a comma does not end the sentence: "to acquire" still governs.
    text = "The group signed an agreement to acquire a Peoria, Ill., lender in January."
    assert value_of(text, "January", dt.date(2023, 11, 2)) == "2024-01"


def test_participle_after_a_determiner_is_not_a_past_verb() -> None:
    text = "The dividend would be paid on a still unspecified date in January."
    assert value_of(text, "January", dt.date(2023, 10, 26)) == "2024-01"
    # A noun "plan" is not a future cue: the plan was announced on that day.
    text = "The lender announced the plan Aug. 21."
    assert value_of(text, "Aug. 21", dt.date(2023, 10, 27)) == "2023-08-21"


def test_the_weekend_follows_the_tense() -> None:
    friday = dt.date(2023, 6, 23)
    assert value_of("Storms will hit over the weekend.", "the weekend", friday) == "2023-W25-WE"
    assert value_of("Storms hit over the weekend.", "the weekend", friday) == "2023-W24-WE"
