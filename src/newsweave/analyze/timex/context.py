"""What a rule handler sees (:class:`Context`) and returns (:class:`Result`), plus the
small readings shared by handlers: modifiers, offsets, the reference day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .anchor import Direction
from .tense import direction_at

_REF_REACH = 250  # characters within which a day mentioned earlier anchors a clock time
_QUARTER_REACH = 600  # characters after a quarter's mention that "a year ago" refers to it


@dataclass
class Context:
    """Everything a handler may use besides its match.

    ``anchor`` is the document date (None: produce underspecified values); ``ref`` the last
    day mentioned before this expression (for "the day before") and ``ref_at`` where;
    ``ref_year`` the year of the last dated expression (for "that year"); ``quarter`` and
    ``quarter_at`` the last quarter named and where; ``text`` the whole text.
    """

    text: str
    anchor: date | None
    ref: date | None = None
    ref_at: int = -1
    ref_year: int | None = None
    quarter: str | None = None
    quarter_at: int = -1
    start: int = 0
    end: int = 0

    def direction(self) -> Direction | None:
        return direction_at(self.text, self.start, self.end)

    def year_before_quarter(self) -> str | None:
        """The quarter a year before the one just reported ("a year ago" in earnings news).

        Quarterly results compare with the same quarter a year earlier, so "a year ago"
        names that quarter when a quarter was mentioned within the last few sentences.
        """
        if self.quarter is None or self.start - self.quarter_at > _QUARTER_REACH:
            return None
        return f"{int(self.quarter[:4]) - 1:04d}{self.quarter[4:]}"

    def before(self, n: int = 30) -> str:
        """Up to ``n`` characters of text before the match."""
        return self.text[max(0, self.start - n) : self.start]

    def after(self, n: int = 30) -> str:
        return self.text[self.end : self.end + n]

    def near_base(self) -> date | None:
        """The last day mentioned if it was mentioned close by (same or previous sentence),
        else the anchor: what a bare clock time ("at 10 p.m.") is read on."""
        if self.ref is not None and 0 <= self.start - self.ref_at <= _REF_REACH:
            return self.ref
        return self.anchor

    def base(self) -> date | None:
        """The day a relative-to-context expression counts from: ``ref``, else the anchor."""
        return self.ref or self.anchor


@dataclass(frozen=True)
class Result:
    """A handler's reading. ``start``/``end`` (if set) narrow the matched span."""

    type: str
    value: str
    mod: str | None = None
    start: int | None = None
    end: int | None = None


_MODS: dict[str, str | None] = {
    "early": "START",
    "beginning": "START",
    "start": "START",
    "turn": "START",
    "mid": "MID",
    "middle": "MID",
    "late": "END",
    "end": "END",
    "close": "END",
    "earlier": None,
    "later": None,
    "rest": None,
}

_APPROX_MODS: dict[str, str | None] = {
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "close to": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "under": "LESS_THAN",
    "just under": "LESS_THAN",
    "barely": "LESS_THAN",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "well over": "MORE_THAN",
    "just over": "MORE_THAN",
    "upwards of": "MORE_THAN",
    "a little over": "MORE_THAN",
    "a little more than": "MORE_THAN",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "within": "EQUAL_OR_LESS",
}

_SPACES = re.compile(r"\s+")


def norm(word: str | None) -> str:
    """Lower case with single spaces ("The  Past" -> "the past"); "" for None."""
    return "" if word is None else _SPACES.sub(" ", word.strip().lower())


def point_mod(word: str | None) -> str | None:
    """The TIMEX3 ``mod`` of a point modifier: "early" -> START, "mid-" -> MID, ..."""
    w = norm(word).rstrip("-").strip()
    for key, mod in _MODS.items():
        if key in w.split() or w.startswith(key):
            return mod
    return None


def approx_mod(word: str | None) -> str | None:
    """The TIMEX3 ``mod`` of a quantity modifier: "about" -> APPROX, "up to" -> EQUAL_OR_LESS."""
    return _APPROX_MODS.get(norm(word))


def half_of(word: str | None) -> str | None:
    """ "H1"/"H2" for "the first/second half of", else None."""
    w = norm(word)
    if "half" not in w:
        return None
    return "H1" if "first" in w else "H2"
