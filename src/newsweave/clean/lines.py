"""Split raw text into lines that remember their offsets (any of \\n, \\r\\n, \\r ends a line)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Line:
    """One line of the raw text.

    ``start``/``end`` bound the line's content (without its line break); ``stop`` is the
    offset just after its line break, so ``raw[start:stop]`` removes the whole line.
    ``text`` is the content with surrounding whitespace stripped.
    """

    index: int
    start: int
    end: int
    stop: int
    text: str
    words: int

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(raw: str) -> list[Line]:
    """All lines of ``raw`` in order; an empty string has no lines."""
    lines: list[Line] = []
    for match in _LINE_RE.finditer(raw):
        start, stop = match.span()
        if start == stop:
            break  # the empty match at the very end
        content = match.group(0).rstrip("\r\n")
        text = content.strip()
        lines.append(
            Line(
                index=len(lines),
                start=start,
                end=start + len(content),
                stop=stop,
                text=text,
                words=len(text.split()),
            )
        )
    return lines


def tokens(text: str) -> list[str]:
    """Case-folded word tokens (``\\w+``), the unit used to compare lines."""
    return _WORD_RE.findall(text.casefold())
