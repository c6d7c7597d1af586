"""Time expressions (TIMEX3): find them in text and normalise them, HeidelTime-style.

- :func:`find_timexes` finds dates, times, durations and sets, with exact character
  offsets, and gives each a TimeML ``type`` and ``value`` read against ``anchor`` (the
  article's date): "Sunday" -> ``2023-06-18``, "last August" -> ``2022-08``, "Monday
  morning" -> ``2023-06-19TMO``, "35 minutes" -> ``PT35M``, "now" -> ``PRESENT_REF``.
  Without an anchor, relative expressions stay underspecified (``XXXX-WXX-7``,
  ``XXXX-08``, ``XXXX-XX-XX``).
- :func:`resolve` anchors such underspecified values later (e.g. on the story's date).
- :func:`find_publication_date` reads a date line near the top of an article.

Rules are regular expressions compiled once (:mod:`.patterns`); handlers per family turn
a match into a value (:mod:`.explicit`, :mod:`.relative`, :mod:`.durations`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from newsweave.model import TimeValue

from .dateline import find_publication_date
from .entities import add_entity_spans
from .extract import annotate, renormalize

__all__ = ["find_publication_date", "find_timexes", "resolve", "rule_timexes"]


def rule_timexes(text: str, anchor: date | None) -> list[TimeValue]:
    """The time expressions the rules find in ``text`` (no parse needed)."""
    return annotate(text, anchor)


def find_timexes(
    text: str, anchor: date | None, doc: Any = None, rules: list[TimeValue] | None = None
) -> list[TimeValue]:
    """Every time expression in ``text`` in text order, normalised against ``anchor``.

    ``doc`` (optional) is a spaCy parse of the same ``text``: its DATE/TIME entities add
    expressions the rules miss when they can be given a value (:mod:`.entities`).
    ``rules``: what :func:`rule_timexes` already found in ``text`` for ``anchor``.
    Offsets are exact: ``text[tv.start:tv.end] == tv.text``. Expressions do not overlap.
    """
    found = annotate(text, anchor) if rules is None else list(rules)
    if doc is None:
        return found
    return add_entity_spans(text, anchor, found, doc)


def resolve(values: list[TimeValue], anchor: date, text: str | None = None) -> list[TimeValue]:
    """``values`` (found with no anchor) re-read against ``anchor``.

    Underspecified DATE/TIME values (``XXXX-...``) are resolved; other values are kept.
    Pass the article ``text`` the values point into to let the tense of each sentence
    decide the direction of bare weekdays and months (default: the past, as in news).
    """
    return renormalize(values, anchor, text)
