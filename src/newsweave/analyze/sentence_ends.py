"""Where sentences end in running text, for the quote finder.

A full stop after a title ("Sen."), an initial ("U.S.") or before a lower-case word
("(D-Calif.) said") ends no sentence; "!" and "?" always do, as does a full stop before
white space, a closing quote mark or bracket, or the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _words(text: str) -> list[str]:
    return text.split()


_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’)]|$)")
# A full stop after these (or after an initial) ends no sentence: "Mr. Steele said".
_ABBREVIATIONS = frozenset(
    _words("mr mrs ms messrs dr sen rep gov gen lt col sgt capt adm prof rev st jr sr vs")
)
_NEXT_CHAR = re.compile(r"[\s”\"’)]*(\S)")


def sentence_ends(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets just after each sentence end in [start, end)."""
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group() != "." or not _abbreviation(text, match.start()):
            yield match.end()


def sentence_end(text: str, start: int, end: int) -> int | None:
    """The offset just after the first sentence end in [start, end), if any."""
    return next(sentence_ends(text, start, end), None)


def _abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"[A-Za-z]+$", text[max(0, dot - 12) : dot])
    if word:
        low = word.group().lower()
        if low in _ABBREVIATIONS or (len(low) == 1 and word.group().isupper()):
            return True
    nxt = _NEXT_CHAR.match(text, dot + 1)
    return bool(nxt and nxt.group(1).islower())
