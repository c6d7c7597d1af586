"""Calendar arithmetic for anchoring relative expressions, and TIMEX3 value formatting."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

Direction = Literal["past", "future"]

_MONTH_REACH = 9  # months back a past-tense bare month may lie
_FUTURE_MONTH_REACH = 8  # months ahead a future-tense bare month may lie
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T|$)")


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the length of the target month."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units (D, W, M, Q, Y, DE, CE)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return d
    return add_months(d, months * n)


def at_granularity(d: date, unit: str) -> str:
    """The TIMEX3 value naming the ``unit``-long period that contains ``d``."""
    if unit == "D":
        return d.isoformat()
    if unit in ("W", "WE"):
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "WE" else "")
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "H":
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def unknown_at_granularity(unit: str) -> str:
    """An underspecified value of the given granularity (no anchor to resolve against)."""
    return {
        "D": "XXXX-XX-XX",
        "W": "XXXX-WXX",
        "WE": "XXXX-WXX-WE",
        "M": "XXXX-XX",
        "Q": "XXXX-QX",
        "H": "XXXX-HX",
        "DE": "XXX",
        "CE": "XX",
    }.get(unit, "XXXX")


def nearest_weekday(anchor: date, weekday: int, direction: Direction | None, strict: bool) -> date:
    """The ISO ``weekday`` (1=Monday) nearest to ``anchor`` in ``direction`` (None: either).

    ``strict`` excludes the anchor day itself ("last Friday" on a Friday is a week ago).
    """
    if direction is None:
        back = nearest_weekday(anchor, weekday, "past", strict)
        ahead = nearest_weekday(anchor, weekday, "future", strict)
        return back if (anchor - back) <= (ahead - anchor) else ahead
    if direction == "past":
        delta = (anchor.isoweekday() - weekday) % 7
        if delta == 0 and strict:
            delta = 7
        return anchor - timedelta(days=delta)
    delta = (weekday - anchor.isoweekday()) % 7
    if delta == 0 and strict:
        delta = 7
    return anchor + timedelta(days=delta)


def year_for_month(
    anchor: date, month: int, direction: Direction | None, strict: bool = False
) -> int:
    """The year of the ``month`` nearest the anchor in ``direction`` (None: either way).

    Unless ``strict`` ("last June", "next June"), the past tense only leans: a month more
    than ``_MONTH_REACH`` months back is read ahead instead (in August, "were told of a cut
    in September" is next month, not eleven months back).
    """
    ahead = (month - anchor.month) % 12
    if ahead == 0:
        return anchor.year + (0 if not strict else -1 if direction == "past" else 1)
    back = 12 - ahead
    if direction is None:
        direction = "future" if ahead < back else "past"
    elif not strict and direction == "past" and back > _MONTH_REACH:
        direction = "future"
    if direction == "past":
        return anchor.year if month < anchor.month else anchor.year - 1
    return anchor.year if month > anchor.month else anchor.year + 1


def year_for_day(anchor: date, month: int, day: int, direction: Direction | None) -> int:
    """The year of a month/day without a year, read in ``direction`` from the anchor.

    Without a tense the nearest occurrence wins (a "Dec. 28" read on Jan. 3 is last year).
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, min(day, calendar.monthrange(year, month)[1])))
        except ValueError:
            continue
    if direction == "past":
        before = [c for c in candidates if c <= anchor + timedelta(days=1)]
        if before and (anchor - max(before)).days <= 300:
            return max(before).year
    elif direction == "future":
        after = [c for c in candidates if c >= anchor - timedelta(days=1)]
        if after and (min(after) - anchor).days <= 300:
            return min(after).year
    return min(candidates, key=lambda c: abs((c - anchor).days)).year


def duration_value(amount: Fraction | None, unit: str) -> str:
    """A TIMEX3 duration value: ``PT35M``, ``PT7H30M``, ``P2D``, ``P10Y``; ``PTXH`` if vague."""
    if unit == "2W":
        unit, amount = "W", None if amount is None else amount * 2
    if unit == "DE":
        unit, amount = "Y", None if amount is None else amount * 10
        if amount is None:
            return "PXDE"
    if unit == "CE":
        if amount is None:
            return "PXCE"
        unit, amount = "Y", amount * 100
    if unit == "ML":
        if amount is None:
            return "PXML"
        unit, amount = "Y", amount * 1000
    timed = unit in ("H", "MIN", "S")
    code = {"MIN": "M"}.get(unit, unit)
    prefix = "PT" if timed else "P"
    if amount is None:
        return f"{prefix}X{code}"
    whole = int(amount)
    rest = amount - whole
    if rest == 0:
        return f"{prefix}{whole}{code}"
    # A fraction goes to the next smaller unit: 7 1/2 hours -> PT7H30M.
    smaller = {
        "Y": ("M", 12, False),
        "M": ("D", 30, False),
        "W": ("D", 7, False),
        "D": ("H", 24, True),
        "Q": ("M", 3, False),
        "H": ("M", 60, True),
        "MIN": ("S", 60, True),
    }.get(unit)
    if smaller is None:
        return f"{prefix}{float(amount):g}{code}"
    sub_code, factor, sub_timed = smaller
    sub = rest * factor
    sub_text = f"{int(sub)}" if sub == int(sub) else f"{float(sub):g}"
    head = f"{whole}{code}" if whole else ""
    if timed:
        return f"PT{head}{sub_text}{sub_code}"
    if sub_timed:
        return f"P{head}T{sub_text}{sub_code}"
    return f"P{head}{sub_text}{sub_code}"


def day_of(value: str) -> date | None:
    """The day a TIMEX3 value names, if it names one (``2023-06-18``, ``2023-06-18TMO``)."""
    m = _DAY_VALUE.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` of a month; ``n = -1`` is the last one."""
    if n > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)
