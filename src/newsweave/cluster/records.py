"""What the grouping stage reads and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StoryDoc:
    """One article as the grouping stage sees it.

    Only ``id`` and ``text`` are required to be meaningful; every other field is an optional
    hint from earlier stages (entities, resolved TIMEX3 DATE values, DURATION values).
    """

    id: str
    text: str
    title: str | None
    published: date | None
    entities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grouping:
    """Stories (article ids, in input order), reprints and related-story links."""

    stories: list[list[str]]
    duplicate_of: dict[str, str]
    related: list[tuple[int, int, str]]
