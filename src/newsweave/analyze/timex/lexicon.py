"""Word lists for time expressions: months, weekdays, seasons, units, number words.

Every list is also offered as a regex alternation (longest alternatives first) so the
patterns in :mod:`patterns` are built from one source of truth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from newsweave.analyze.numbers import SMALL as UNITS_SMALL
from newsweave.analyze.numbers import TENS

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tues": 2, "tue": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thurs": 4, "thu": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

# Parts of the day and their TIMEX3 codes.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21,
}  # fmt: skip

SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}

# A time unit word (singular or plural, lower case) -> canonical unit code.
UNIT_WORDS: dict[str, str] = {
    "second": "S", "seconds": "S", "sec": "S", "secs": "S",
    "minute": "MIN", "minutes": "MIN", "min": "MIN", "mins": "MIN",
    "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
    "day": "D", "days": "D", "week": "W", "weeks": "W", "fortnight": "2W", "fortnights": "2W",
    "month": "M", "months": "M", "quarter": "Q", "quarters": "Q",
    "year": "Y", "years": "Y", "decade": "DE", "decades": "DE",
    "century": "CE", "centuries": "CE", "millennium": "ML", "millennia": "ML",
}  # fmt: skip

FUZZY_AMOUNTS = ("several", "a few", "few", "many", "some", "a number of", "numerous")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (escaped), longest first so prefixes never win."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _number_word_pattern() -> str:
    small = alternation(UNITS_SMALL)
    tens = alternation(TENS)
    under100 = rf"(?:(?:{tens})(?:[- ](?:{small}))?|(?:{small}))"
    return (
        rf"(?:(?:a|one|{under100})\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{under100})?|{under100})"
    )


NUMBER_WORD = _number_word_pattern()
NUMBER_WORD_ANY_CASE = f"(?i:{NUMBER_WORD})"
# A written amount: "7", "1,000", "2.5", "7 1/2", "seven", "twenty-four", "a", "an".
NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:[ -]1/2|½)?"
    rf"|(?i:{NUMBER_WORD})(?:\s+(?i:and\s+a\s+half))?"
)


def parse_number(text: str) -> Fraction | None:
    """The value of an amount matched by :data:`NUMBER` (or "a"/"an"), else ``None``."""
    t = text.lower().strip()
    half = Fraction(0)
    for suffix in (" and a half", "-and-a-half", " 1/2", "-1/2", "½"):
        if t.endswith(suffix):
            t = t[: -len(suffix)].strip()
            half = Fraction(1, 2)
            break
    if t in ("a", "an"):
        return 1 + half
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return Fraction(t.replace(",", "")) + half
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", t):
        if word == "and":
            continue
        if word in ("a",):
            current = 1
        elif word in UNITS_SMALL:
            current += UNITS_SMALL[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
    return total + current + half


def parse_amount(text: str) -> Fraction | None:
    """Like :func:`parse_number`, plus "a couple of" (2) and "a dozen" (12); vague amounts
    ("several", "a few", "many") give ``None``."""
    w = " ".join(text.lower().split())
    if w in ("a couple of", "a couple", "couple of"):
        return Fraction(2)
    if w == "a dozen":
        return Fraction(12)
    if w == "a half":
        return Fraction(1, 2)
    return parse_number(w)
