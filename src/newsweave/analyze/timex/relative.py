"""Handlers for expressions read against the document date or an earlier mention:
weekdays, "yesterday", "last week", "two years ago", "the day before", clock times and the
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` words."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from .anchor import (
    at_granularity,
    duration_value,
    nearest_weekday,
    shift,
    unknown_at_granularity,
    year_for_day,
)
from .context import Context, Result, approx_mod, norm, point_mod
from .explicit import Handler
from .lexicon import (
    DAY_PARTS,
    MONTHS,
    NUMBER_WORD,
    UNIT_WORDS,
    WEEKDAYS,
    parse_amount,
    parse_number,
)

_BACK = {"last", "past", "previous", "the past", "the last", "the previous", "the prior",
         "this past"}  # fmt: skip
_AHEAD = {"next", "coming", "the next", "the coming", "the following"}
_SAME = {"this", "the current", "current", "the same", "the", "that"}


def _part(word: str | None) -> str | None:
    return DAY_PARTS.get(norm(word))


def _with_part(day_value: str, part: str | None, mod: str | None) -> Result:
    if part:
        return Result("TIME", f"{day_value}T{part}", mod)
    return Result("DATE", day_value, mod)


def weekday(m: re.Match[str], ctx: Context) -> Result | None:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = norm(m["rel"])
    part = _part(m["part"])
    mod = point_mod(m["pre"])
    if ctx.anchor is None:
        return _with_part(f"XXXX-WXX-{wd}", part, mod)
    if rel in _BACK:
        d = nearest_weekday(ctx.anchor, wd, "past", strict=True)
    elif rel in _AHEAD:
        d = nearest_weekday(ctx.anchor, wd, "future", strict=True)
    elif rel == "this":
        d = nearest_weekday(ctx.anchor, wd, "future", strict=False)
    elif ctx.after(2) == "'s":
        d = nearest_weekday(ctx.anchor, wd, "past", strict=False)  # "Wednesday's ruling"
    else:
        d = nearest_weekday(ctx.anchor, wd, ctx.direction(), strict=False)
    return _with_part(d.isoformat(), part, mod)


def weekday_part(m: re.Match[str], ctx: Context) -> Result | None:
    wd = WEEKDAYS[m["wd"].lower()]
    part = _part(m["part"])
    if ctx.anchor is None:
        return _with_part(f"XXXX-WXX-{wd}", part, None)
    d = nearest_weekday(ctx.anchor, wd, ctx.direction(), strict=False)
    return _with_part(d.isoformat(), part, None)


_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip


def relday(m: re.Match[str], ctx: Context) -> Result | None:
    w = norm(m["w"])
    part = _part(m["part"]) or ("NI" if w == "tonight" else None)
    mod = point_mod(m["pre"])
    if ctx.anchor is None:
        return _with_part("XXXX-XX-XX", part, mod)
    d = ctx.anchor + timedelta(days=_DAY_OFFSETS[w])
    return _with_part(d.isoformat(), part, mod)


# "the night the plane went down", "the night of Oct. 23": the part of a day named after it.
_DEFINED_AFTER = re.compile(
    r"^\s+(?i:of|the|a|an|when|that|before\s+the|after\s+the|he|she|they|it|we|i|you)\b"
)


def relpart(m: re.Match[str], ctx: Context) -> Result | None:
    w = norm(m["w"])
    if w == "the" and _DEFINED_AFTER.match(ctx.after(14)):
        return None
    part = _part(m["part"])
    mod = point_mod(m["pre"])
    base = ctx.base() if w == "the" else ctx.anchor
    if base is None:
        return Result("TIME", f"XXXX-XX-XXT{part}", mod)
    offset = {"this": 0, "the": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[w]
    if w == "last" and part != "NI":
        return None
    return Result("TIME", f"{(base + timedelta(days=offset)).isoformat()}T{part}", mod)


def _unit_code(word: str) -> str:
    w = norm(word)
    if w == "fiscal year":
        return "Y"
    if w == "weekend":
        return "WE"
    return UNIT_WORDS.get(w, UNIT_WORDS.get(w + "s", "Y"))


def _weekend(anchor: date, offset: int, past_default: bool) -> str:
    if offset == 0 and past_default and anchor.isoweekday() < 6:
        offset = -1
    return at_granularity(anchor + timedelta(weeks=offset), "WE")


def relunit(m: re.Match[str], ctx: Context) -> Result | None:
    then = norm(m["then"])
    if then and norm(m["rel"]) not in ("the", "that", "the same"):
        # "next year after the vote": "after" begins the next phrase, not this expression
        res = _relunit(m, ctx, "")
        end = len(m.string[: m.start("then")].rstrip())
        return None if res is None else replace(res, end=end)
    return _relunit(m, ctx, then)


def _relunit(m: re.Match[str], ctx: Context, then: str) -> Result | None:
    rel = norm(m["rel"])
    unit = _unit_code(m["unit"])
    mod = point_mod(m["mod"])
    if rel in ("the", "that") and not (m["mod"] or then):
        if unit == "Y":
            return _the_year(ctx, rel)
        if unit not in ("Q", "WE", "W", "M"):
            return None
    if rel in _BACK and unit in ("DE", "CE") and rel != "last":
        return Result("DURATION", "P10Y" if unit == "DE" else "P100Y")
    if rel == "that" and unit == "Y" and ctx.ref_year and not then:
        return Result("DATE", f"{ctx.ref_year:04d}", mod)  # "later that year"
    offset = -1 if rel in _BACK else 1 if rel in _AHEAD else 0
    uses_ref = rel in ("the same", "that", "the prior", "the following") or bool(then)
    if then:
        offset = -1 if then in ("before", "earlier", "prior", "ago") else 1
    base = ctx.base() if uses_ref else ctx.anchor
    if base is None:
        return Result("DATE", unknown_at_granularity(unit), mod)
    if unit == "WE":
        past_default = rel in ("the", "") and ctx.direction() != "future"
        return Result("DATE", _weekend(base, offset, past_default), mod)
    if unit == "Q" and rel in ("the", "this", "that") and _reporting_season(base, ctx):
        offset = -1
    return Result("DATE", at_granularity(shift(base, unit, offset), unit), mod)


# "the year ended June 30": a fiscal year, a length; "for the year", "of the year": this one.
_FISCAL_AFTER = re.compile(r"^\s+(?i:ended|ending|to|through)\b")
_OF_YEAR_BEFORE = re.compile(
    r"(?i:\b(?:for|of|in|during|through|throughout|this|rest\s+of|all)\s+)$"
)


def _the_year(ctx: Context, rel: str) -> Result:
    """ "that year" is the year last mentioned; "for the year" the anchor's; else a year long."""
    if rel == "that" and (ctx.ref_year or ctx.anchor):
        year = ctx.ref_year or (ctx.base() or ctx.anchor or date.min).year
        return Result("DATE", f"{year:04d}")
    if (
        ctx.anchor is not None
        and not _FISCAL_AFTER.match(ctx.after(12))
        and _OF_YEAR_BEFORE.search(ctx.before(16))
    ):
        return Result("DATE", f"{ctx.anchor.year:04d}")
    return Result("DURATION", "P1Y")


def _reporting_season(base: date, ctx: Context) -> bool:
    """Early in a quarter, "the quarter" of past-tense results is the one just ended."""
    first = date(base.year, (base.month - 1) // 3 * 3 + 1, 1)
    return (base - first).days < 45 and ctx.direction() != "future"


def year_end(m: re.Match[str], ctx: Context) -> Result | None:
    """ "year-end", "the full year": the anchor's year (its end for "year-end")."""
    if ctx.anchor is None:
        return Result("DATE", "XXXX")
    mod = None if "full" in norm(m["w"]) else "END"
    return Result("DATE", f"{ctx.anchor.year:04d}", mod)


def _granular_shift(base: date, unit: str, amount: Fraction) -> tuple[date, str]:
    """``base`` moved back/forward by a possibly fractional amount, and the granularity."""
    if unit in ("S", "MIN", "H"):
        return base, "D"
    if unit == "2W":
        unit, amount = "W", amount * 2
    if amount == int(amount):
        gran = {"DE": "Y", "CE": "Y", "ML": "Y"}.get(unit, unit)
        if unit == "ML":
            return shift(base, "CE", int(amount) * 10), "Y"
        return shift(base, unit, int(amount)), gran
    days = {"D": 1, "W": 7}.get(unit)
    if days:
        return base + timedelta(days=round(amount * days)), "D"
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit, 12)
    return shift(base, "M", round(amount * months)), "M"


def ago(m: re.Match[str], ctx: Context) -> Result | None:
    direction = norm(m["dir"])
    amount = parse_amount(m["n"])
    unit = UNIT_WORDS[norm(m["unit"])]
    back = direction in ("ago", "earlier", "before")
    mod = approx_mod(m["approx"])
    if direction in ("later", "after", "before"):
        # TimeML: in "three days later" / "two days before the vote" the length is the
        # timex and "later"/"before" a signal; "ago" and "a year earlier" name a date.
        return Result("DURATION", duration_value(amount, unit), mod, end=m.end("unit"))
    if amount is None:
        return Result("DATE", "PAST_REF" if back else "FUTURE_REF", mod)
    if back and amount == 1 and unit == "Y" and (quarter := ctx.year_before_quarter()):
        return Result("DATE", quarter, mod)
    base = ctx.anchor if direction in ("ago", "from now", "hence") else ctx.base()
    if base is None:
        gran = "D" if unit in ("S", "MIN", "H", "D") else {"DE": "Y", "CE": "Y"}.get(unit, unit)
        return Result("DATE", unknown_at_granularity(gran), mod)
    d, gran = _granular_shift(base, unit, -amount if back else amount)
    return Result("DATE", at_granularity(d, gran), mod)


# "two days later": the amount makes it a length read by the ``ago`` rule.
_AMOUNT_BEFORE = re.compile(rf"(?:\d|\b(?:{NUMBER_WORD}|several|few|many))\s+$", re.IGNORECASE)


def ago_vague(m: re.Match[str], ctx: Context) -> Result | None:
    if _AMOUNT_BEFORE.search(ctx.before(24)):
        return None
    if norm(m["dir"]) == "ago":
        return Result("DATE", "PAST_REF")
    # "days later", "hours earlier": as with "two days later", the length is the timex
    # and "later"/"earlier" a signal (TimeML).
    unit = UNIT_WORDS[norm(m["unit"])]
    return Result("DURATION", duration_value(None, unit), end=m.end("unit"))


def relative_day(m: re.Match[str], ctx: Context) -> Result | None:
    rel = norm(m["rel"])
    unit = norm(m["unit"])
    direction = norm(m["dir"])
    part = _part(unit) if unit != "day" else None
    if rel in ("a", "one") and not direction:
        return None
    if rel in ("a", "one") and unit == "day" and direction in ("after", "later", "before"):
        return Result("DURATION", "P1D", end=m.end("unit"))  # "a day after the vote"
    if rel == "the" and not direction:
        return None  # "the day" alone is rarely a date; "the morning" is relpart's
    if direction:
        offset = -1 if direction in ("before", "earlier", "prior") else 1
    else:
        offset = {"the previous": -1, "the prior": -1, "the next": 1, "the following": 1}.get(
            rel, 0
        )
    base = ctx.base()
    if base is None:
        return _with_part("XXXX-XX-XX", part, None)
    return _with_part((base + timedelta(days=offset)).isoformat(), part, None)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "the present": "PRESENT_REF",
    "these days": "PRESENT_REF", "the time being": "PRESENT_REF", "current": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
}  # fmt: skip
_NOT_CURRENT = re.compile(
    r"^\s+(?i:account|accounts|affairs|events|assets|liabilities|flow|flows|density|"
    r"source|sources|collector|transformer|limit|rating|ratings|issue)\b"
)


def ref(m: re.Match[str], ctx: Context) -> Result | None:
    w = norm(m["w"])
    if w == "current" and (_NOT_CURRENT.match(ctx.after(16)) or not ctx.after(2).startswith(" ")):
        return None
    if w == "now" and re.match(r"^\s*(?:that|,\s*that)\b", ctx.after(8)):
        return Result("DATE", "PRESENT_REF")
    value = _REFS.get(w, "FUTURE_REF")
    return Result("DATE", value)


def _clock(m: re.Match[str]) -> str | None:
    if m["word"]:
        word = m["word"].lower()
        return "24:00" if word == "midnight" else "12:00"
    if m["h24"] is not None:
        return f"{int(m['h24']):02d}:{m['min24']}"
    if m["oc"] is not None:
        spoken = parse_number(m["oc"])
        return None if spoken is None else f"{int(spoken):02d}:00"
    hour = int(m["h"])
    minute = m["min"] or "00"
    pm = m["ampm"].lower().startswith("p")
    if pm and hour < 12:
        hour += 12
    if not pm and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute}"


_DAY_AFTER_CLOCK = re.compile(
    r"^(?:\s+[ECMP][SD]T|\s+GMT|\s+ET)?(?:\s*\([^()]{1,20}\))?,?\s+(?i:on\s+)?(?:(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    r"|(?P<rd>(?i:today|yesterday|tomorrow)))\b"
)


def clock(m: re.Match[str], ctx: Context) -> Result | None:
    if m["word"] and re.search(r"(?i:\bhigh\s+)$", ctx.before(6)):
        return None  # "high noon": an idiom
    hhmm = _clock(m)
    if hhmm is None:
        return None
    mod = approx_mod(m["approx"])
    base = ctx.near_base()
    then = _DAY_AFTER_CLOCK.match(ctx.after(48))
    if then and ctx.anchor is not None:  # "at 10 p.m. on Friday": the day that follows
        if then["wd"]:
            wd = WEEKDAYS[then["wd"].lower()]
            base = nearest_weekday(ctx.anchor, wd, ctx.direction(), strict=False)
        else:
            base = ctx.anchor + timedelta(days=_DAY_OFFSETS[norm(then["rd"])])
    day = base.isoformat() if base else "XXXX-XX-XX"
    return Result("TIME", f"{day}T{hhmm}", mod)


def clock_date(m: re.Match[str], ctx: Context) -> Result | None:
    hhmm = _clock(m)
    if hhmm is None:
        return None
    day: str
    if m["wd"]:
        wd = WEEKDAYS[m["wd"].lower()]
        if ctx.anchor is None:
            day = f"XXXX-WXX-{wd}"
        else:
            day = nearest_weekday(ctx.anchor, wd, ctx.direction(), strict=False).isoformat()
    elif m["rd"]:
        off = _DAY_OFFSETS[norm(m["rd"])]
        day = (ctx.anchor + timedelta(days=off)).isoformat() if ctx.anchor else "XXXX-XX-XX"
    else:
        mon = MONTHS[m["month"].lower().rstrip(".")]
        dd = int(re.sub(r"\D", "", m["d"]))
        day = f"XXXX-{mon:02d}-{dd:02d}"
        if ctx.anchor is not None:
            try:
                y = year_for_day(ctx.anchor, mon, dd, ctx.direction())
                day = date(y, mon, dd).isoformat()
            except ValueError:
                return None
    return Result("TIME", f"{day}T{hhmm}")


HANDLERS: dict[str, Handler] = {
    "weekday": weekday,
    "weekday_part": weekday_part,
    "relday": relday,
    "relpart": relpart,
    "relunit": relunit,
    "year_end": year_end,
    "ago": ago,
    "ago_vague": ago_vague,
    "relative_day": relative_day,
    "ref": ref,
    "clock": clock,
    "clock_date": clock_date,
}
