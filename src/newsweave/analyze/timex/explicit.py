"""Handlers for calendar expressions: dates, months, years, decades, seasons, quarters,
holidays. A missing year is taken from the anchor (and the tense); with no anchor it stays
``XXXX``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from .anchor import at_granularity, day_of, easter, nth_weekday, year_for_day, year_for_month
from .context import Context, Result, half_of, norm, point_mod
from .lexicon import MONTHS, ORDINALS, SEASONS, parse_number

Handler = Callable[[re.Match[str], Context], Result | None]

_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip
_BARE_MONTH_OK = re.compile(
    r"(?i:\b(?:in|of|since|until|till|through|by|from|to|during|before|after|early|late|mid|"
    r"last|next|this|and|or|between|on|the|each|every|for|that)\s*-?\s*)$"
)
_YEAR_CONTEXT = re.compile(
    r"(?i:\b(?:in|of|since|until|till|through|by|from|to|during|before|after|early|late|mid|"
    r"year|the|and|or|between|around|circa|c\.|than|fiscal|its|for|'s|on|at)\s*-?\s*)$|[(\[,]\s*$"
)
_COUNT_AFTER = re.compile(
    r"^\s+(?i:people|persons|troops|soldiers|jobs|workers|employees|shares|votes|members|"
    r"students|units|cases|deaths|tons|tonnes|feet|meters|metres|miles|acres|barrels|cars|"
    r"homes|houses|ships|planes|aircraft|officers|delegates|children|pages|points|words|"
    r"residents|patients|passengers|times|kilometers|kilometres|yards|pounds)\b"
)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _full_year(word: str, anchor: date | None) -> int:
    y = int(word)
    if len(word) == 2:
        century = (anchor.year if anchor else 2000) // 100 * 100
        y += century
        if anchor and y > anchor.year + 10:
            y -= 100
    return y


def _day_value(
    ctx: Context, month: int, day: int, year: int | None, direction_known: bool = True
) -> Result | None:
    if year is None:
        if ctx.anchor is None:
            if not 1 <= day <= 31:
                return None
            return Result("DATE", f"XXXX-{month:02d}-{day:02d}")
        year = year_for_day(ctx.anchor, month, day, ctx.direction() if direction_known else None)
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return Result("DATE", d.isoformat())


def iso(m: re.Match[str], ctx: Context) -> Result | None:
    res = _day_value(ctx, int(m["m"]), int(m["d"]), int(m["y"]))
    if res and m["H"]:
        return Result("TIME", f"{res.value}T{m['H']}:{m['M']}")
    return res


def numeric(m: re.Match[str], ctx: Context) -> Result | None:
    return _day_value(ctx, int(m["m"]), int(m["d"]), _full_year(m["y"], ctx.anchor))


def month_day_year(m: re.Match[str], ctx: Context) -> Result | None:
    return _day_value(ctx, _month(m["month"]), _day(m["d"]), int(m["y"]))


def month_day(m: re.Match[str], ctx: Context) -> Result | None:
    return _day_value(ctx, _month(m["month"]), _day(m["d"]), None)


def week_of(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the week of March 6": the (ISO) week holding that day."""
    res = _day_value(ctx, _month(m["month"]), _day(m["d"]), int(m["y"]) if m["y"] else None)
    if res is None:
        return None
    day = day_of(res.value)
    if day is None:
        return Result("DATE", "XXXX-WXX")
    return Result("DATE", at_granularity(day, "W"))


def month_year(m: re.Match[str], ctx: Context) -> Result | None:
    half = half_of(m["mod"])
    value = f"{int(m['y']):04d}-{_month(m['month']):02d}"
    if half:
        return None
    return Result("DATE", value, point_mod(m["mod"]))


def month(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["month"]
    mon = _month(word)
    rel = norm(m["rel"])
    mod = point_mod(m["mod"])
    # "May" and "March" are also words; headline capitals ("MARCH ON") are ambiguous too.
    ambiguous = word in ("May", "MAY", "March", "MARCH") or (word.isupper() and len(word) > 3)
    if (
        ambiguous
        and not (rel or m["mod"] or m["rely"])
        and not _BARE_MONTH_OK.search(ctx.before(12))
    ):
        return None
    if ctx.anchor is None:
        return Result("DATE", f"XXXX-{mon:02d}", mod)
    rely = norm(m["rely"])
    if rely:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[rely]
    elif rel in ("last", "past", "previous"):
        year = year_for_month(ctx.anchor, mon, "past", strict=True)
    elif rel in ("next", "coming"):
        year = year_for_month(ctx.anchor, mon, "future", strict=True)
    elif rel == "this":
        year = ctx.anchor.year
    else:
        year = year_for_month(ctx.anchor, mon, ctx.direction())
    return Result("DATE", f"{year:04d}-{mon:02d}", mod)


def decade(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["dec"].lower()
    if word in _DECADE_WORDS:
        digits = 190 + _DECADE_WORDS[word]
    elif word.startswith("'"):
        tens = int(word[1])
        now = ctx.anchor.year if ctx.anchor else 2025
        digits = (now // 100) * 10 + tens
        if digits * 10 > now:
            digits -= 10
    else:
        if not m.group(0).lower().endswith("s"):
            return None
        digits = int(word) // 10
    return Result("DATE", f"{digits:03d}", point_mod(m["mod"]))


def century(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["c"].lower()
    n = ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= n <= 22:
        return None
    return Result("DATE", f"{n - 1:02d}", point_mod(m["mod"]))


def year(m: re.Match[str], ctx: Context) -> Result | None:
    y = int(m["y"])
    explicit = bool(m["mod"] or m["fiscal"] or m.group(0).lower().startswith("the year"))
    if not explicit:
        if _COUNT_AFTER.match(ctx.after(20)):
            return None
        latest = (ctx.anchor.year if ctx.anchor else 2030) + 30
        plausible = 1900 <= y <= latest
        if not plausible and not _YEAR_CONTEXT.search(ctx.before(12)):
            return None
        if re.search(r"(?:\d[.,]?|No\.?|#|\bnumber)\s*$", ctx.before(8)):
            return None
    half = half_of(m["mod"])
    if half:
        return Result("DATE", f"{y:04d}-{half}")
    return Result("DATE", f"{y:04d}", point_mod(m["mod"]))


_SEASON_CONTEXT = re.compile(r"(?i:\b(?:in|during|by|until|till|since|through|over|for)\s+)$")


def _season_index(d: date) -> tuple[int, str]:
    """(year, code) of the season containing ``d``; winter belongs to the year it starts."""
    if d.month in (1, 2):
        return d.year - 1, "WI"
    code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(d.month)
    if code:
        return d.year, code
    return d.year, "FA" if d.month < 12 else "WI"


def season(m: re.Match[str], ctx: Context) -> Result | None:
    code = SEASONS[m["season"].lower()]
    mod = point_mod(m["mod"])
    rel = norm(m["rel"])
    if m["y"]:
        return Result("DATE", f"{int(m['y']):04d}-{code}", mod)
    if not (rel or m["mod"] or m["rely"] or _SEASON_CONTEXT.search(ctx.before(10))):
        return None
    if rel in ("the", "that") and m["season"].lower() == "fall":
        return None  # "the fall of the Berlin Wall"
    if ctx.anchor is None:
        return Result("DATE", f"XXXX-{code}", mod)
    rely = norm(m["rely"])
    if rely:
        return Result(
            "DATE", f"{ctx.anchor.year + {'last': -1, 'this': 0, 'next': 1}[rely]}-{code}"
        )
    cur_year, cur_code = _season_index(ctx.anchor)
    order = ["SP", "SU", "FA", "WI"]
    diff = order.index(code) - order.index(cur_code)
    if rel in ("last", "past", "previous", "the past", "the last", "this past"):
        y = cur_year if diff < 0 else cur_year - 1
    elif rel in ("next", "coming", "the coming", "the next", "the following"):
        y = cur_year if diff > 0 else cur_year + 1
    elif rel in ("this", "the current", "current"):
        # Winter spans the new year: in early spring "this winter" is the one just past.
        y = ctx.anchor.year - 1 if code == "WI" and ctx.anchor.month <= 3 else cur_year
    else:
        direction = ctx.direction()
        if direction == "future":
            y = cur_year if diff >= 0 else cur_year + 1
        elif direction == "past":
            y = cur_year if diff <= 0 else cur_year - 1
        else:
            y = cur_year
    return Result("DATE", f"{y:04d}-{code}", mod)


_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "final": 4}  # fmt: skip


def _year_of(ctx: Context, explicit: str | None, rely: str | None) -> int | None:
    if explicit:
        return int(explicit)
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last": -1, "this": 0, "next": 1, "": 0}[norm(rely)]


def quarter(m: re.Match[str], ctx: Context) -> Result | None:
    if m["qq"]:
        q = int(m["qq"][1])
        y = _year_of(ctx, m["y3"], None)
    else:
        q = _QUARTER[m["q"].lower()]
        rel = norm(m["rel"])
        rely = m["rely"] or m["relyq"]
        if rel in ("last", "the last", "previous", "the previous", "past", "the past"):
            rely = rely or "last"
        y = _year_of(ctx, m["y1"] or m["y2"], rely)
        if not (m["y1"] or m["y2"] or rely) and ctx.anchor is not None:
            current = (ctx.anchor.month - 1) // 3 + 1
            if q > current and ctx.direction() == "past":
                y = ctx.anchor.year - 1
    return Result("DATE", f"{'XXXX' if y is None else f'{y:04d}'}-Q{q}")


def half(m: re.Match[str], ctx: Context) -> Result | None:
    h = 1 if m["hf"].lower() in ("first", "1st") else 2
    y = _year_of(ctx, m["y"], m["rely"])
    return Result("DATE", f"{'XXXX' if y is None else f'{y:04d}'}-H{h}")


def _holiday_date(name: str, y: int) -> date | None:
    n = norm(name)
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
        "independence day": (7, 4), "veterans day": (11, 11), "halloween": (10, 31),
        "valentine's day": (2, 14), "boxing day": (12, 26),
    }  # fmt: skip
    if n in fixed:
        return date(y, *fixed[n])
    if n.startswith("thanksgiving"):
        return nth_weekday(y, 11, 4, 4)
    if n in ("easter", "easter sunday"):
        return easter(y)
    if n == "easter monday":
        return easter(y) + timedelta(days=1)
    if n == "good friday":
        return easter(y) - timedelta(days=2)
    if n == "labor day":
        return nth_weekday(y, 9, 1, 1)
    if n == "memorial day":
        return nth_weekday(y, 5, 1, -1)
    if n == "election day":
        return nth_weekday(y, 11, 1, 1) + timedelta(days=1)
    return None


def holiday(m: re.Match[str], ctx: Context) -> Result | None:
    name = m["hol"]
    if m["y"]:
        d = _holiday_date(name, int(m["y"]))
        return None if d is None else Result("DATE", d.isoformat())
    if ctx.anchor is None:
        d = _holiday_date(name, 2001)
        return None if d is None else Result("DATE", f"XXXX-{d.month:02d}-{d.day:02d}")
    candidates = [
        d
        for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
        if (d := _holiday_date(name, y)) is not None
    ]
    if not candidates:
        return None
    direction = ctx.direction()
    anchor = ctx.anchor
    if direction == "future":
        pick = min((c for c in candidates if c >= anchor), default=candidates[-1])
    elif direction == "past":
        pick = max((c for c in candidates if c <= anchor), default=candidates[0])
    else:
        pick = min(candidates, key=lambda c: abs((c - anchor).days))
    return Result("DATE", pick.isoformat())


def year_ago(m: re.Match[str], ctx: Context) -> Result | None:
    """Financial reporting periods: "the year-ago quarter", "the latest quarter"."""
    which = norm(m["which"] or m["adj"])
    unit = norm(m["unit"]) or "year"
    back = 0 if which in ("latest", "most recent") else 1
    if ctx.anchor is None:
        return Result("DATE", "XXXX-QX" if unit in ("quarter", "period") else "XXXX")
    if unit in ("quarter", "period"):
        q = (ctx.anchor.month - 1) // 3 + 1
        y = ctx.anchor.year - back
        if ctx.direction() != "future":
            q -= 1  # results are reported for the quarter just ended
            if q == 0:
                q, y = 4, y - 1
        return Result("DATE", f"{y:04d}-Q{q}")
    if unit == "month":
        return Result("DATE", f"{ctx.anchor.year - back:04d}-{ctx.anchor.month:02d}")
    if unit == "week":
        return None
    if back and unit == "year" and (quarter := ctx.year_before_quarter()):
        return Result("DATE", quarter)  # "year-earlier results" of a quarterly report
    return Result("DATE", f"{ctx.anchor.year - back:04d}")


def spoken_year(m: re.Match[str], ctx: Context) -> Result | None:
    """Years said in words (broadcast transcripts): "nineteen ninety-six" -> 1996."""
    if m["hi"]:
        hi = 19 if norm(m["hi"]) == "nineteen" else 20
        lo_text = norm(m["lo"]).replace("oh ", "").replace("oh-", "")
        lo = 0 if lo_text == "hundred" else parse_number(lo_text)
        if lo is None:
            return None
        return Result("DATE", f"{hi * 100 + int(lo):04d}")
    lo2 = parse_number(norm(m["lo2"])) if m["lo2"] else 0
    if lo2 is None:
        return None
    if not m["theyear"] and not re.search(
        r"(?i:\b(?:in|year|of|by|since|until)\s+)$", ctx.before(8)
    ):
        return None
    return Result("DATE", f"{2000 + int(lo2):04d}")


HANDLERS: dict[str, Handler] = {
    "year_ago": year_ago,
    "spoken_year": spoken_year,
    "iso": iso,
    "numeric": numeric,
    "mdy": month_day_year,
    "dmy": month_day_year,
    "md": month_day,
    "week_of": week_of,
    "dm": month_day,
    "month_year": month_year,
    "month": month,
    "decade": decade,
    "century": century,
    "year": year,
    "season": season,
    "quarter": quarter,
    "half": half,
    "holiday": holiday,
}
