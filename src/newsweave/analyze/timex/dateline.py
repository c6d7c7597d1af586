"""The publication date printed near the top of an article: a line such as "20 June 2023",
"Tuesday, June 20, 2023", "Updated: 2023-06-20 10:00" or "Published June 20, 2023 at 9:00
a.m. ET". A year alone ("©2023") is not a date."""

from __future__ import annotations

import re
from datetime import date

from .anchor import day_of
from .extract import annotate

_HEAD_CHARS = 3000
_HEAD_LINES = 30
_MAX_LINE = 120
# Words a date line may carry besides the date itself.
_ALLOWED = re.compile(
    r"(?i:updated?|published|posted|last|first|modified|date|dated|on|at|am|pm|a\.m|p\.m|"
    r"et|edt|est|gmt|utc|bst|cet|cest|pt|pdt|pst|ist|jst|hkt|sgt|cst|by|time|read|min|"
    r"minutes?|mins?|and|\d+(?:st|nd|rd|th)?|[ap]m)"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z.]*|\d+")
_KEYWORD_LEAD = re.compile(r"^\W*(?i:updated|published|posted|last\s+updated|first\s+published)")


def _line_date(line: str) -> date | None:
    found = [
        (tv, d)
        for tv in annotate(line, None)
        if tv.type in ("DATE", "TIME") and (d := day_of(tv.value)) is not None
    ]
    if not found:
        return None
    tv, d = found[0]
    rest = line[: tv.start] + " " + line[tv.end :]
    for other, _ in found[1:]:
        rest = rest.replace(other.text, " ")
    words = _WORD.findall(rest)
    if all(_ALLOWED.fullmatch(w.rstrip(".")) for w in words):
        return d
    if _KEYWORD_LEAD.match(line) and len(words) <= 8:
        return d
    return None


def find_publication_date(text: str) -> date | None:
    """The first date line near the top of ``text`` (within its first lines), else None."""
    head = text[:_HEAD_CHARS]
    for i, raw in enumerate(head.splitlines()):
        if i >= _HEAD_LINES:
            break
        line = raw.strip()
        if not line or len(line) > _MAX_LINE or not any(ch.isdigit() for ch in line):
            continue
        d = _line_date(line)
        if d is not None:
            return d
    return None
