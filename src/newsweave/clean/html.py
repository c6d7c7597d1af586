"""HTML extraction: the article text and metadata of one HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from newsweave.errors import MissingExtraError


@dataclass(frozen=True)
class HtmlExtract:
    """The main text of a page plus what its metadata says (None when it says nothing)."""

    text: str
    title: str | None
    published: date | None
    outlet: str | None
    url: str | None


def extract_html(html: str) -> HtmlExtract:
    """Extract the article from ``html`` (comments left out, as in the Zyte benchmark call).

    Raises :class:`MissingExtraError` when trafilatura (the ``html`` extra) is missing.
    """
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError("HTML extraction", "html", "trafilatura") from exc
    if not html.strip():
        return HtmlExtract(text="", title=None, published=None, outlet=None, url=None)
    doc: Any = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if doc is None:
        return HtmlExtract(text="", title=None, published=None, outlet=None, url=None)
    return HtmlExtract(
        text=_str(getattr(doc, "text", None)) or "",
        title=_str(getattr(doc, "title", None)),
        published=_date(getattr(doc, "date", None)),
        outlet=_str(getattr(doc, "sitename", None)) or _str(getattr(doc, "hostname", None)),
        url=_str(getattr(doc, "url", None)),
    )


def _str(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _date(value: object) -> date | None:
    """trafilatura gives dates as ``YYYY-MM-DD`` strings."""
    text = _str(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
