"""Handlers for lengths of time (DURATION: "35 minutes", "7 1/2 hours", "three-hour",
"several hours") and repetitions (SET: "every week", "daily", "$5 a year")."""

from __future__ import annotations

import re
from fractions import Fraction

from .anchor import duration_value
from .context import Context, Result, approx_mod, norm
from .explicit import Handler
from .lexicon import MONTHS, SEASONS, UNIT_WORDS, WEEKDAYS, parse_amount

# "$5 million a year", "three times a day", "50 cents per hour": a rate, hence a SET.
_RATE_BEFORE = re.compile(
    r"(?:\d|%|\b(?:million|billion|trillion|thousand|hundred|percent|times|twice|once|"
    r"cents?|dollars?|euros?|pounds?|yuan|yen|barrels|tons|tonnes|miles|people|units|"
    r"visitors|hours|meals|shifts|sessions)\b)\s*$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"^\s+(?i:old)\b")
# "months of talks", "years of war": a length of time spent on something.
_OF_AFTER = re.compile(r"^\s+of\s+(?!age\b|the\b|a\b|an\b|it\b|them\b)[a-z]")
_CLAUSE_END = re.compile(r"^\s*(?:[.,;:!?)]|$)")
_LEAD_DROP = re.compile(r"^(?i:for|over|in|within|after|from|in\s+recent)\s+")


def _unit(word: str) -> str:
    w = norm(word)
    return UNIT_WORDS.get(w) or UNIT_WORDS.get(w + "s") or UNIT_WORDS.get(w.rstrip("s"), "Y")


def duration(m: re.Match[str], ctx: Context) -> Result | None:
    n = norm(m["n"])
    unit = _unit(m["unit"])
    if "-" in m["sep"]:
        return None  # "two-day": an adjective, read by adjective_duration
    if _AGE_AFTER.match(ctx.after(6)):
        return None  # an age ("52 years old") is not annotated as a timex
    if n in ("a", "an", "one") and unit == "S" and not m["approx"]:
        return None  # "a second term"
    if n in ("a", "an") and unit == "Q":
        return None  # "a quarter of"
    if n in ("a", "an") and not (m["approx"] or m["lead"]) and _RATE_BEFORE.search(ctx.before(20)):
        return None  # a rate: left to the SET rule
    amount = parse_amount(m["low"] or n)
    if m["half"] and amount is not None:
        amount += Fraction(1, 2)
    mod = approx_mod(m["approx"])
    if m["more"] and "so" in m["more"].lower():
        mod = "APPROX"
    start = None
    lead = norm(m["lead"])
    if norm(m["approx"]) == "over" and lead.startswith("the"):
        start = m.start("lead")
        mod = None
    if lead == "first" and n in ("a", "an"):
        return None
    return Result("DURATION", duration_value(amount, unit), mod, start=start)


def half_unit(m: re.Match[str], ctx: Context) -> Result | None:
    unit = _unit(m["unit"])
    return Result("DURATION", duration_value(Fraction(1, 2), unit), approx_mod(m["approx"]))


def adjective_duration(m: re.Match[str], ctx: Context) -> Result | None:
    if norm(m["old"]) == "-old":
        return None  # an age ("a 44-year-old man") is not annotated as a timex
    n = norm(m["n"])
    unit = _unit(m["unit"])
    amount: Fraction | None
    if n in ("several", "multi"):
        amount = None
    elif n == "half":
        amount = Fraction(1, 2)
    elif n == "one-and-a-half":
        amount = Fraction(3, 2)
    elif n == "two-and-a-half":
        amount = Fraction(5, 2)
    else:
        amount = parse_amount(n)
        if amount is None:
            return None
    return Result("DURATION", duration_value(amount, unit))


def vague_duration(m: re.Match[str], ctx: Context) -> Result | None:
    lead = m["lead"] or ""
    of = bool(_OF_AFTER.match(ctx.after(12)))
    if not lead and not of:
        return None  # "months of talks" is a length; a bare "months" rarely is
    unit = _unit(m["unit"])
    if unit in ("H", "MIN") and norm(lead) == "the early":
        return None  # "in the early hours of Sunday": a part of the night, not a length
    start = None
    drop = _LEAD_DROP.match(lead)
    if drop:
        start = m.start("lead") + drop.end()
        # "for years" is a timex; "in days" / "from hours" rarely are.
        closing = norm(lead) == "in" and _CLAUSE_END.match(ctx.after(2))  # "first in years."
        if norm(lead) not in ("in recent", "for", "over", "within") and not (
            m["ahead"] or of or closing
        ):
            return None
    if unit == "Y" and norm(lead).endswith("recent"):
        return Result("DATE", "PAST_REF", start=start)  # "recent years": a vague past
    value = "PXDE" if unit == "DE" else duration_value(None, unit)
    return Result("DURATION", value, start=start)


def unit_long(m: re.Match[str], ctx: Context) -> Result | None:
    word = norm(m["unit"])
    unit = _unit(word)
    amount = None if word.endswith("s") else Fraction(1)
    return Result("DURATION", duration_value(amount, unit))


_SET_UNITS = {
    "S": "PT1S", "MIN": "PT1M", "H": "PT1H", "D": "P1D", "W": "P1W", "M": "P1M",
    "Q": "P1Q", "Y": "P1Y",
}  # fmt: skip


def set_every(m: re.Match[str], ctx: Context) -> Result | None:
    every = norm(m["every"])
    word = norm(m["unit"])
    if every in ("a", "per") and not _RATE_BEFORE.search(ctx.before(20)):
        return None
    if every == "a" and word not in ("day", "week", "month", "year", "hour", "minute"):
        return None
    singular = word[:-1] if word.endswith("s") and word not in ("s",) else word
    if singular in WEEKDAYS:
        return Result("SET", f"XXXX-WXX-{WEEKDAYS[singular]}")
    if singular in MONTHS:
        return Result("SET", f"XXXX-{MONTHS[singular]:02d}")
    if singular in SEASONS:
        return Result("SET", f"XXXX-{SEASONS[singular]}")
    parts = {"morning": "MO", "evening": "EV", "night": "NI"}
    if singular in parts:
        return Result("SET", f"XXXX-XX-XXT{parts[singular]}")
    if singular == "weekend":
        return Result("SET", "XXXX-WXX-WE")
    unit = _unit(singular)
    n = norm(m["n"])
    if n:
        amount = Fraction(2) if n == "other" else parse_amount(n)
        return Result("SET", duration_value(amount, unit))
    return Result("SET", _SET_UNITS.get(unit, "P1Y"))


_ADVERBS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
    "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W", "fortnightly": "P2W",
    "semiannually": "P6M", "bimonthly": "P2M",
}  # fmt: skip


def set_adverb(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["adv"]
    if word[0].isupper() and not re.search(r"(?:^|[.!?\n]\s*)$", ctx.before(4)):
        return None  # a name: "China Daily", "Publishers Weekly"
    return Result("SET", _ADVERBS[word.lower()])


def set_weekday(m: re.Match[str], ctx: Context) -> Result | None:
    wd = WEEKDAYS[m["wd"].lower()]
    parts = {"mornings": "TMO", "nights": "TNI", "evenings": "TEV", "afternoons": "TAF"}
    part = norm(m["part"] or m["part2"])  # "Sundays", "Tuesday nights"
    return Result("SET", f"XXXX-WXX-{wd}{parts.get(part, '')}")


HANDLERS: dict[str, Handler] = {
    "duration": duration,
    "half_unit": half_unit,
    "adjective_duration": adjective_duration,
    "vague_duration": vague_duration,
    "unit_long": unit_long,
    "set": set_every,
    "set_adverb": set_adverb,
    "set_weekday": set_weekday,
}
