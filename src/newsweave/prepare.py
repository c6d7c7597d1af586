"""From a raw article to a clean one: HTML extraction, chrome removal, metadata."""

from __future__ import annotations

import re

from newsweave.analyze.timex import find_publication_date
from newsweave.clean import clean_text, extract_html
from newsweave.errors import InputError
from newsweave.ingest.metadata import find_outlet, find_title
from newsweave.model import Article, RawArticle

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "that",
        "is",
        "was",
        "were",
        "are",
        "be",
        "by",
        "as",
        "at",
        "from",
        "it",
        "this",
        "said",
        "has",
        "have",
        "had",
        "not",
        "but",
        "or",
        "which",
        "who",
        "will",
        "would",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
    }
)
MIN_WORDS = 5


def english_share(text: str, sample: int = 20_000) -> float:
    """The share of words in the first ``sample`` characters that are common English words."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if not words:
        return 0.0
    return sum(w in _ENGLISH for w in words) / len(words)


def prepare(raw: RawArticle, *, clean: bool = True) -> Article:
    """Clean one raw article and fill the metadata its text shows.

    Raises :class:`InputError` when no article text is left; returns the article with
    warnings for problems that do not stop it (another language, no date).
    """
    warnings: list[str] = []
    title, outlet, published, url = raw.title, raw.outlet, raw.published, raw.url
    if raw.html is not None and raw.text is None:
        page = extract_html(raw.html)
        if not page.text.strip():
            raise InputError("the HTML page holds no article text that could be extracted")
        source_text = page.text
        title = title or page.title
        outlet = outlet or page.outlet
        published = published or page.published
        url = url or page.url
    else:
        source_text = raw.text or ""
    if clean:
        result = clean_text(source_text)
        text, removed = result.text, result.removed
    else:
        text, removed = source_text, ()
    if len(_WORD.findall(text)) < MIN_WORDS:
        raise InputError(
            f"fewer than {MIN_WORDS} words of article text"
            + (" left after removing page chrome" if clean and removed else "")
        )
    outlet = outlet or find_outlet(source_text)
    if published is None:
        published = find_publication_date(source_text)
    if published is None:
        warnings.append("no publication date found; dates are resolved against the story's")
    title = title or find_title(text)
    share = english_share(text)
    if share < 0.12:
        warnings.append(
            f"the text does not look like English ({share:.0%} common English words); "
            "analysis is English-only and will find little"
        )
    return Article(
        id=raw.id,
        source=raw.source,
        text=text,
        raw=source_text,
        removed=tuple(removed),
        outlet=outlet,
        url=url,
        published=published,
        title=title,
        story_key=raw.story_key,
        warnings=tuple(warnings),
    )
