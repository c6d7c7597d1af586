"""The text between double quote marks (straight or curly), and the paragraphs it sits in.

Quotes of several sentences, quotes continued across paragraphs (a paragraph that opens a
quote and does not close it, followed by one that opens again), and an unbalanced opening
mark, which ends at its paragraph (when it opens the paragraph) or at its sentence, never
further.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.analyze.sentence_ends import sentence_end
from newsweave.model import Quote

OPEN_MARKS = '“"'
CLOSE_MARKS = '”"'


@dataclass(frozen=True)
class Span:
    start: int  # quoted text, without marks
    end: int
    opened: int  # offset of the opening mark
    closed: int | None  # offset of the closing mark (None when unbalanced)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted passage, without the quote marks."""
    return [(s.start, s.end) for s in spans(text)]


def is_partial(quote: Quote) -> bool:
    """A quoted phrase inside a sentence (scare quotes, a fragment) rather than a full
    statement: it starts in lower case, or is a few words without sentence punctuation."""
    words = quote.text.split()
    if not words:
        return True
    if quote.text[0].islower():
        return True
    return len(words) <= 4 and not re.search(r"[.!?,]$", quote.text)


def spans(text: str) -> list[Span]:
    """Every quoted passage with the offsets of its marks, in text order."""
    found: list[Span] = []
    lines = paragraphs(text)
    pending: int | None = None  # opening mark of a quote continued from an earlier line
    for index, (line_start, line_end) in enumerate(lines):
        open_at: int | None = None
        carried = pending
        pending = None
        pos = line_start
        while pos < line_end:
            ch = text[pos]
            if ch in '“”"':
                role = _role(text, pos, line_start, line_end, open_at is not None)
                if role == "open":
                    if carried is not None and open_at is None and _blank(text, line_start, pos):
                        open_at = carried  # the paragraph re-opens a continued quote
                        carried = None
                    elif open_at is None:
                        open_at = pos
                    else:  # an opening mark inside an open quote: the first one was stray
                        found.extend(_close_unbalanced(text, open_at, pos, line_start))
                        open_at = pos
                elif role == "close" and open_at is not None:
                    span = _make(text, open_at, pos)
                    if span:
                        found.append(span)
                    open_at = None
            pos += 1
        if carried is not None:  # the continuation never came
            found.extend(_close_unbalanced(text, carried, lines[index - 1][1], 0))
        if open_at is not None:
            nxt = lines[index + 1] if index + 1 < len(lines) else None
            if nxt and text[nxt[0]] in OPEN_MARKS:
                pending = open_at
            else:
                found.extend(_close_unbalanced(text, open_at, line_end, line_start))
    if pending is not None:
        found.extend(_close_unbalanced(text, pending, len(text), 0))
    return sorted(found, key=lambda s: s.start)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), stripped of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def paragraph_of(lines: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The line of ``lines`` (from :func:`paragraphs`) holding ``offset``."""
    for start, end in lines:
        if start <= offset <= end:
            return start, end
    return offset, offset


def _blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _role(text: str, pos: int, line_start: int, line_end: int, is_open: bool) -> str:
    ch = text[pos]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    before = text[pos - 1] if pos > line_start else " "
    after = text[pos + 1] if pos + 1 < line_end else " "
    if is_open and not before.isspace():
        return "close"
    if not is_open and (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if is_open and after.isspace():
        return "close"
    if not is_open and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
        return "close"  # a stray closing mark: ignored
    return "open" if not is_open else "close"


def _make(text: str, open_at: int, close_at: int | None, end: int | None = None) -> Span | None:
    start = open_at + 1
    stop = close_at if close_at is not None else (end if end is not None else len(text))
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in '“"'):
        stop -= 1
    if stop <= start or not any(ch.isalnum() for ch in text[start:stop]):
        return None
    return Span(start, stop, open_at, close_at)


def _close_unbalanced(text: str, open_at: int, limit: int, line_start: int) -> list[Span]:
    """An opening mark never closed: to the paragraph end when it opens the paragraph,
    else to the end of its sentence."""
    end = limit
    if open_at != line_start:
        found = sentence_end(text, open_at + 1, limit)
        if found is not None:
            end = found
    span = _make(text, open_at, None, end)
    return [span] if span else []
