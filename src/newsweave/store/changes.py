"""What changed between two briefs, by stable id.

Both sides are report JSON objects (the saved one and the new one); ids are
content-derived, so a fact that gained a second source keeps its id and shows up as a
status change, and a conflict that disappeared was resolved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Report = Mapping[str, Any]


def _ids(items: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(i["id"]) for i in items]


def _all(report: Report, key: str) -> list[Mapping[str, Any]]:
    return [item for story in report.get("stories", []) for item in story.get(key, [])]


def _new(old: Iterable[str], new: Iterable[str]) -> list[str]:
    seen = set(old)
    out: list[str] = []
    for i in new:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _outlets(report: Report) -> list[str]:
    return [a.get("outlet") or a["id"] for a in report.get("articles", [])]


def diff(old: Report, new: Report, since: str) -> dict[str, Any]:
    """The ``changes`` block of the report contract, plus resolved conflicts and sources."""
    old_status = {f["id"]: f["status"] for f in _all(old, "facts")}
    changed = [
        {"id": f["id"], "from": old_status[f["id"]], "to": f["status"]}
        for f in _all(new, "facts")
        if f["id"] in old_status and old_status[f["id"]] != f["status"]
    ]
    new_conflicts = _new(_ids(_all(old, "conflicts")), _ids(_all(new, "conflicts")))
    return {
        "since": since,
        "new_articles": _new(_ids(old.get("articles", [])), _ids(new.get("articles", []))),
        "new_stories": _new(_ids(old.get("stories", [])), _ids(new.get("stories", []))),
        "new_facts": _new(old_status, _ids(_all(new, "facts"))),
        "new_conflicts": new_conflicts,
        "changed_facts": changed,
        "resolved_conflicts": _new(_ids(_all(new, "conflicts")), _ids(_all(old, "conflicts"))),
        "new_quotes": _new(_ids(_all(old, "quotes")), _ids(_all(new, "quotes"))),
        "new_sources": _new(_outlets(old), _outlets(new)),
    }


def compact(report: Report) -> dict[str, Any]:
    """What a saved brief keeps: everything but the article texts (ids stay stable)."""
    out = dict(report)
    out["articles"] = [
        {k: a.get(k) for k in ("id", "outlet", "url", "published", "title", "duplicate_of")}
        for a in report.get("articles", [])
    ]
    return out
