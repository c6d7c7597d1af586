"""When two claims about one fact agree, and how badly they disagree when they do not.

The rules are written down in docs/reconcile.md; every threshold is a field of ``Tolerance``.
A verdict is ``"agree"`` (same value), ``"compatible"`` (different wording that can both be
true: "several hours" and "seven hours"), ``"minor"`` or ``"major"`` (a conflict).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from newsweave.analyze.roles import office_of
from newsweave.compare.places import COUNTRIES, is_state, place_key

Verdict = Literal["agree", "compatible", "minor", "major"]

DEFAULT_CONCURRENT = frozenset(
    {
        frozenset({"state councilor", "minister of foreign"}),
        frozenset({"state councilor", "minister of defense"}),
        frozenset({"president", "general secretary"}),
        frozenset({"president", "chairman"}),
    }
)


@dataclass(frozen=True)
class Tolerance:
    """The comparison rules (see docs/reconcile.md)."""

    # exact numbers: relative difference |a-b|/max(a,b) up to this is a minor conflict
    minor_rel: float = 0.3
    # values this close count as equal (rounding, "7.5" vs "7 1/2")
    equal_rel: float = 0.005
    # "about"/"around"/"some": the marked value may be off by this much
    approx_rel: float = 0.2
    # dates this many days apart are a minor conflict; more is major
    minor_days: int = 1
    # dates further apart than this are two different events, not one disagreement
    same_event_days: int = 14
    # exact amounts this many times apart are two different quantities (a mis-alignment),
    # not one disagreement: outlets misreport by a half or double, not by an order of size
    same_quantity_ratio: float = 4.0
    # roles: two titles of one person compared only within this many days of each other
    role_window_days: int = 180
    # offices one person can hold at the same time (normalised office keys)
    concurrent_offices: frozenset[frozenset[str]] = field(default=DEFAULT_CONCURRENT)
    # context matching of claims with no structured subject (share of content words)
    context_overlap: float = 0.3
    context_min_shared: int = 2


def _interval(n: dict[str, Any], tol: Tolerance) -> tuple[float, float]:
    v = float(n["value"])
    bound = n.get("bound")
    low, high = n.get("low"), n.get("high")
    if bound == "vague" and low is not None and high is not None:
        return float(low), float(high)
    if bound == "approx":
        return v * (1 - tol.approx_rel), v * (1 + tol.approx_rel)
    if bound == "below":
        return v * (1 - tol.approx_rel), v
    if bound == "min":
        return v, math.inf
    if bound == "max":
        return 0.0, v
    return v, v


def compare_amounts(a: dict[str, Any], b: dict[str, Any], tol: Tolerance) -> Verdict:
    """Two amounts of one unit (``value``, ``bound``, ``low``, ``high``)."""
    va, vb = float(a["value"]), float(b["value"])
    top = max(abs(va), abs(vb)) or 1.0
    rel = abs(va - vb) / top
    small = min(abs(va), abs(vb))
    if small > 0 and max(abs(va), abs(vb)) / small > tol.same_quantity_ratio:
        return "compatible"
    if not a.get("bound") and not b.get("bound"):
        if rel <= tol.equal_rel:
            return "agree"
        return "minor" if rel <= tol.minor_rel else "major"
    la, ha = _interval(a, tol)
    lb, hb = _interval(b, tol)
    if la <= hb * (1 + tol.equal_rel) and lb <= ha * (1 + tol.equal_rel):
        return "compatible"
    gap = max(la - hb, lb - ha)
    return "minor" if gap / top <= tol.minor_rel else "major"


def _parse_day(value: str) -> tuple[str, date | None]:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return value[:10], date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return value, None
    return value, None


def compare_dates(a: str, b: str, tol: Tolerance) -> Verdict:
    """Two TIMEX values: equal days agree, a day inside a coarser date is compatible."""
    ka, da = _parse_day(a)
    kb, db = _parse_day(b)
    if da is not None and db is not None:
        days = abs((da - db).days)
        if days == 0:
            return "agree"
        if days > tol.same_event_days:
            return "compatible"
        return "minor" if days <= tol.minor_days else "major"
    if ka.startswith(kb) or kb.startswith(ka):
        return "compatible"
    return "compatible" if not (da or db) else "major"


def compare_roles(a: str, b: str, tol: Tolerance) -> Verdict:
    """Two titles of one person: one office agrees; two offices of one family conflict."""
    oa, ob = office_of(a), office_of(b)
    if oa is None or ob is None:
        return "compatible"  # a description ("China's top diplomat") never conflicts
    if oa.key == ob.key:
        return "agree"
    if frozenset({oa.key, ob.key}) in tol.concurrent_offices or oa.family != ob.family:
        return "compatible"
    return "major"


def compare_places(a: str, b: str, tol: Tolerance) -> Verdict:
    """Two places for one event: same or nested names agree; two states or cities conflict."""
    ka, kb = place_key(a), place_key(b)
    if ka == kb or ka in kb or kb in ka:
        return "agree"
    if ka in COUNTRIES or kb in COUNTRIES:
        return "compatible"  # a country contains its cities and regions
    if is_state(a) != is_state(b):
        return "compatible"  # a city and a state: the city may be in it
    return "major"


def compare_speakers(a: str, b: str, tol: Tolerance) -> Verdict:
    """Two speakers of one quotation: one person under two names agrees ("Dick Durbin" and
    "Richard J. Durbin": one surname)."""
    ta = [w for w in re.findall(r"[a-z]+", a.lower()) if w not in TITLES]
    tb = [w for w in re.findall(r"[a-z]+", b.lower()) if w not in TITLES]
    if not ta or not tb or set(ta) <= set(tb) or set(tb) <= set(ta) or ta[-1] == tb[-1]:
        return "agree"
    return "major"


TITLES = frozenset({"mr", "mrs", "ms", "dr", "jr", "sr", "ii", "iii"})
