"""Reading inputs (files, folders, stdin) into raw articles, one problem per input at most.

Every input gives either articles or an :class:`~newsweave.model.Issue` saying why not; a
bad input never stops the batch.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsweave.errors import InputError
from newsweave.ingest.decode import decode, normalize_newlines
from newsweave.model import Issue, RawArticle

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Loaded:
    """What reading the inputs gave: articles in input order, and problems."""

    articles: list[RawArticle] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def read_inputs(
    inputs: Iterable[str],
    *,
    one_story: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Any = None,
) -> Loaded:
    """Read every INPUT (file, folder walked recursively, or ``-`` for stdin)."""
    loaded = Loaded()
    seen: set[str] = set()
    for given in inputs:
        story_key = given if one_story else None
        for path, article_id in _expand(given, loaded):
            try:
                if path is None:
                    data = (stdin or sys.stdin.buffer).read()
                    articles = _parse(data, "stdin", "stdin.txt", story_key, max_bytes)
                else:
                    articles = _read_file(path, article_id, story_key, max_bytes)
            except InputError as exc:
                loaded.issues.append(Issue(article_id, "error", "unreadable", str(exc)))
                continue
            except OSError as exc:
                loaded.issues.append(
                    Issue(article_id, "error", "unreadable", f"cannot read the file: {exc}")
                )
                continue
            for item in articles:
                if isinstance(item, Issue):
                    loaded.issues.append(item)
                elif item.id in seen:
                    loaded.issues.append(
                        Issue(
                            item.source,
                            "warning",
                            "duplicate-id",
                            f"article id {item.id!r} was already read; this copy is skipped",
                        )
                    )
                else:
                    seen.add(item.id)
                    loaded.articles.append(item)
    return loaded


def _expand(given: str, loaded: Loaded) -> Iterator[tuple[Path | None, str]]:
    if given == "-":
        yield None, "stdin"
        return
    path = Path(given)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        for file in files:
            if file.suffix.lower() not in KNOWN_SUFFIXES:
                loaded.issues.append(
                    Issue(
                        str(file),
                        "warning",
                        "unsupported",
                        f"skipped: {file.suffix or 'no'} extension is not one of "
                        + ", ".join(sorted(KNOWN_SUFFIXES)),
                    )
                )
                continue
            yield file, file.relative_to(path).as_posix()
    elif path.is_file():
        yield path, path.name
    else:
        loaded.issues.append(Issue(given, "error", "not-found", "no such file or folder"))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_file(
    path: Path, article_id: str, story_key: str | None, max_bytes: int
) -> list[RawArticle | Issue]:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-bytes)"
        )
    return _parse(path.read_bytes(), article_id, path.name, story_key, max_bytes)


def _parse(
    data: bytes, article_id: str, name: str, story_key: str | None, max_bytes: int
) -> list[RawArticle | Issue]:
    if len(data) > max_bytes:
        raise InputError(f"input is over the {max_bytes / 1e6:.0f} MB limit")
    if not data.strip():
        raise InputError("empty input: there is no text")
    decoded = decode(data)
    text = normalize_newlines(decoded.text)
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _parse_jsonl(text, article_id, story_key)
    if suffix in JSON_SUFFIXES:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc}") from exc
        if isinstance(obj, list):
            return [
                part
                for i, item in enumerate(obj)
                for part in _from_object(item, f"{article_id}#{i + 1}", article_id, story_key)
            ]
        return _from_object(obj, article_id, article_id, story_key)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        return [
            RawArticle(
                id=article_id,
                source=article_id,
                html=text,
                encoding=decoded.encoding,
                story_key=story_key,
            )
        ]
    return [
        RawArticle(
            id=article_id,
            source=article_id,
            text=text,
            encoding=decoded.encoding,
            story_key=story_key,
        )
    ]


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _parse_jsonl(text: str, source: str, story_key: str | None) -> list[RawArticle | Issue]:
    out: list[RawArticle | Issue] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(Issue(where, "error", "malformed-json", f"line {number}: {exc}"))
            continue
        out.extend(_from_object(obj, f"{source}#{number}", where, story_key))
    return out


def _from_object(
    obj: Any, fallback_id: str, source: str, story_key: str | None
) -> list[RawArticle | Issue]:
    if not isinstance(obj, dict):
        return [Issue(source, "error", "malformed-json", "expected a JSON object per article")]
    text = obj.get("text")
    html = obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (
        isinstance(html, str) and html.strip()
    ):
        return [Issue(source, "error", "no-text", "the article object has no 'text' or 'html'")]
    published: date | None = None
    warning: Issue | None = None
    raw_date = obj.get("published") or obj.get("date")
    if raw_date:
        published = parse_date(str(raw_date))
        if published is None:
            warning = Issue(source, "warning", "bad-date", f"unreadable date {raw_date!r}")
    article_id = str(obj.get("id") or fallback_id)
    article = RawArticle(
        id=article_id,
        source=source,
        text=normalize_newlines(text) if isinstance(text, str) and text.strip() else None,
        html=html if isinstance(html, str) and html.strip() else None,
        outlet=_str_or_none(obj.get("outlet") or obj.get("source_name")),
        url=_str_or_none(obj.get("url")),
        published=published,
        title=_str_or_none(obj.get("title")),
        story_key=story_key,
    )
    return [article] if warning is None else [article, warning]


def _str_or_none(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def parse_date(value: str) -> date | None:
    """An ISO date or datetime (``2023-06-20``, ``2023-06-20T10:00:00Z``) -> its date."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
