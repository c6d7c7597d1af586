"""Direct quotes and who said them.

:func:`quote_spans` (analyze/quote_spans.py) finds the text between double quote marks;
:func:`find_quotes` adds the speaker: the one the words around the quote name
(analyze/attribution.py), or else the speaker of the quote it continues
(analyze/continued_quotes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsweave.analyze.attribution import Attribution
from newsweave.analyze.continued_quotes import continued_speaker
from newsweave.analyze.quote_spans import is_partial, quote_spans, spans
from newsweave.model import Mention, Quote

__all__ = ["find_quotes", "is_partial", "quote_spans"]


def find_quotes(text: str, doc: Any, mentions: Sequence[Mention]) -> list[Quote]:
    """The direct quotes of one article with their speakers.

    ``mentions`` should be the article's *linked* mentions, so speakers are canonical names.
    """
    if not text.strip():
        return []
    found = spans(text)
    if not found:
        return []
    finder = Attribution(text, doc, mentions, found)
    quotes: list[Quote] = []
    for index, span in enumerate(found):
        speaker = finder.speaker(index)
        if speaker is None:
            speaker = continued_speaker(text, finder.lines, found, index, quotes)
        if speaker is None:
            quotes.append(Quote(span.start, span.end, text[span.start : span.end], None))
        else:
            quotes.append(
                Quote(
                    span.start,
                    span.end,
                    text[span.start : span.end],
                    speaker.name,
                    speaker.start,
                    speaker.end,
                    speaker.entity,
                )
            )
        finder.record(span.start, speaker)
    return quotes
