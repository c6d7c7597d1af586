"""Stored JSON back into the model: articles, annotations, event frames and stories.

The store keeps each piece as the report contract's JSON; these functions are the inverse
of :mod:`newsweave.brief.render_json` for what a story rebuild and the renderers need.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from newsweave.analyze.events import EventFrame
from newsweave.model import (
    Annotations,
    Article,
    Claim,
    Conflict,
    Fact,
    Mention,
    Outlook,
    Person,
    PersonRole,
    Quantity,
    Quote,
    Related,
    Removal,
    RoleClaim,
    Sentence,
    Story,
    StoryQuote,
    TimelineEntry,
    TimeValue,
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def article_from_row(row: Mapping[str, Any]) -> Article:
    """An :class:`Article` from a row of the ``articles`` table."""
    removed = row["removed"]
    ranges = json.loads(removed) if isinstance(removed, str) else removed
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        raw=row["raw"],
        removed=tuple(Removal(int(s), int(e), str(r)) for s, e, r in ranges),
        outlet=row["outlet"],
        url=row["url"],
        published=_date(row["published"]),
        title=row["title"],
    )


def annotations_from_dict(data: Mapping[str, Any]) -> Annotations:
    """The inverse of :func:`newsweave.brief.render_json.annotation_dict`."""
    return Annotations(
        article_id=data["id"],
        sentences=tuple(Sentence(s, e) for s, e in data["sentences"]),
        mentions=tuple(
            Mention(m["start"], m["end"], m["label"], m["text"], m["canonical"], m["entity"])
            for m in data["entities"]
        ),
        timexes=tuple(
            TimeValue(t["start"], t["end"], t["text"], t["type"], t["value"], t.get("mod"))
            for t in data["timexes"]
        ),
        quantities=tuple(Quantity(**q) for q in data["quantities"]),
        quotes=tuple(Quote(**q) for q in data["quotes"]),
        roles=tuple(RoleClaim(**r) for r in data["roles"]),
        published=_date(data.get("published")),
    )


def events_to_list(frames: Sequence[EventFrame]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(f) for f in frames]


def events_from_list(data: Sequence[Mapping[str, Any]]) -> list[EventFrame]:
    out: list[EventFrame] = []
    for item in data:
        fields = dict(item)
        fields["participants"] = tuple(fields["participants"])
        span = fields.get("duration_span")
        fields["duration_span"] = tuple(span) if span else None
        out.append(EventFrame(**fields))
    return out


def _claim(data: Mapping[str, Any]) -> Claim:
    return Claim(
        article=data["article"],
        start=data["start"],
        end=data["end"],
        text=data["text"],
        value=data.get("value"),
        normalized=dict(data.get("normalized") or {}),
    )


def _claims(items: Sequence[Mapping[str, Any]]) -> tuple[Claim, ...]:
    return tuple(_claim(c) for c in items)


def story_from_dict(data: Mapping[str, Any]) -> Story:
    """The inverse of :func:`newsweave.brief.render_json.story_dict`."""
    span = data.get("span") or {}
    return Story(
        id=data["id"],
        title=data["title"],
        articles=tuple(data["articles"]),
        summary=data.get("summary", ""),
        summary_claims=_claims(data.get("summary_claims", [])),
        span_start=span.get("start"),
        span_end=span.get("end"),
        facts=tuple(
            Fact(
                id=f["id"],
                kind=f["kind"],
                summary=f["summary"],
                status=f["status"],
                independent_sources=f["independent_sources"],
                claims=_claims(f["claims"]),
            )
            for f in data.get("facts", [])
        ),
        conflicts=tuple(
            Conflict(
                id=c["id"],
                kind=c["kind"],
                subject=c["subject"],
                severity=c["severity"],
                claims=_claims(c["claims"]),
            )
            for c in data.get("conflicts", [])
        ),
        quotes=tuple(
            StoryQuote(
                id=q["id"],
                speaker=q["speaker"],
                text=q["text"],
                article=q["article"],
                start=q["start"],
                end=q["end"],
                variants=_claims(q.get("variants", [])),
            )
            for q in data.get("quotes", [])
        ),
        timeline=tuple(
            TimelineEntry(t["date"], t["summary"], _claims(t["claims"]))
            for t in data.get("timeline", [])
        ),
        related=tuple(
            Related(r["story"], r["relation"], r.get("reason", "")) for r in data.get("related", [])
        ),
        outlook=tuple(
            Outlook(o["summary"], o.get("when"), _claims(o.get("claims", [])))
            for o in data.get("whats_next", [])
        ),
        people=tuple(
            Person(
                name=p["name"],
                entity=p["entity"],
                kind=p["kind"],
                mentions=p["mentions"],
                articles=p["articles"],
                roles=tuple(
                    PersonRole(r["role"], _claims(r.get("claims", []))) for r in p.get("roles", [])
                ),
            )
            for p in data.get("people", [])
        ),
        duplicates=dict(data.get("duplicates", {})),
    )
