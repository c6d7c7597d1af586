"""RSS and Atom feeds (files or http(s) URLs) as raw articles, one per entry.

An entry's full content is used when the feed carries it (``content:encoded``, Atom
``content``), else its summary. The feed's title is the outlet.
"""

from __future__ import annotations

import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from newsweave.errors import MissingExtraError
from newsweave.ingest.decode import normalize_newlines
from newsweave.model import Issue, RawArticle

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TIMEOUT_S = 20


def is_feed(given: str) -> bool:
    """URLs and ``.rss``/``.atom``/``.xml`` files are read as feeds."""
    if given.startswith(("http://", "https://")):
        return True
    return Path(given).suffix.lower() in FEED_SUFFIXES and Path(given).is_file()


def _fetch(given: str, max_bytes: int) -> bytes:
    if given.startswith(("http://", "https://")):
        request = urllib.request.Request(given, headers={"User-Agent": "newsweave"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body: bytes = response.read(max_bytes + 1)
    else:
        body = Path(given).read_bytes()
    if len(body) > max_bytes:
        raise ValueError(f"larger than {max_bytes} bytes")
    return body


def read_feed(given: str, *, max_bytes: int) -> tuple[list[RawArticle], list[Issue]]:
    """Every entry of one feed with text; problems (unreadable, empty entries) as issues."""
    try:
        import feedparser
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError("Reading RSS/Atom feeds", "feeds", "feedparser") from exc
    try:
        body = _fetch(given, max_bytes)
    except (OSError, ValueError) as exc:
        return [], [Issue(given, "error", "unreadable", f"cannot read the feed: {exc}")]
    parsed: Any = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception", "not a feed")
        return [], [Issue(given, "error", "not-a-feed", f"not an RSS/Atom feed: {reason}")]
    outlet = parsed.feed.get("title") or None
    articles: list[RawArticle] = []
    issues: list[Issue] = []
    for n, entry in enumerate(parsed.entries, start=1):
        raw = _entry(entry, given, n, outlet)
        if raw is None:
            issues.append(Issue(f"{given}#{n}", "error", "no-text", "the entry has no text"))
        else:
            articles.append(raw)
    return articles, issues


def _entry(entry: Any, source: str, n: int, outlet: str | None) -> RawArticle | None:
    contents = entry.get("content") or []
    body = contents[0].get("value", "") if contents else entry.get("summary", "")
    if not body or not body.strip():
        return None
    kind = contents[0].get("type", "") if contents else entry.get("summary_detail", {}).get("type")
    is_html = "html" in (kind or "") or "<" in body
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return RawArticle(
        id=str(entry.get("id") or entry.get("link") or f"{source}#{n}"),
        source=f"{source}#{n}",
        text=None if is_html else normalize_newlines(body),
        html=body if is_html else None,
        outlet=outlet,
        url=entry.get("link"),
        published=date(when.tm_year, when.tm_mon, when.tm_mday) if when else None,
        title=entry.get("title") or None,
    )
