"""A quote with no attribution of its own that continues the quote before it.

A full-statement quote continues the previous quote's speaker when only that quote's
attribution stands between them (``“A,” X said. “B.”``, also when the attribution quotes a
title: ``“A,” said X on NBC's “Today” show. “B.”``), when the same sentence goes on
(``said China hoped for “A” and “B”``), or when it is a paragraph of its own right after a
paragraph that ended with the previous quote or with its attribution (``“A,” X said.`` then
``“B.”``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.analyze.attribution import Speaker
from newsweave.analyze.quote_spans import Span, is_partial, paragraph_of
from newsweave.analyze.sentence_ends import sentence_end
from newsweave.model import Quote

_MAX_GAP = 200  # characters between two quotes of one sentence or one paragraph
_MAX_ATTRIBUTION = 80  # length of a paragraph's tail that is only the attribution


def continued_speaker(
    text: str,
    lines: list[tuple[int, int]],
    spans: Sequence[Span],
    index: int,
    quotes: Sequence[Quote],
) -> Speaker | None:
    """The speaker quote ``index`` inherits from ``quotes[-1]`` (the quote before it)."""
    if index == 0 or not quotes:
        return None
    back = _skip_titles(text, lines, spans, index, quotes)
    prev, span, prev_span = quotes[back], spans[index], spans[back]
    if prev.speaker is None:
        return None
    gap_start = (prev_span.closed + 1) if prev_span.closed is not None else prev_span.end
    gap = text[gap_start : span.opened]
    line = paragraph_of(lines, span.opened)
    prev_line = paragraph_of(lines, prev_span.opened)
    if prev_line == line and len(gap) <= _MAX_GAP and sentence_end(gap, 0, len(gap)) is None:
        pass  # the same sentence goes on: "said China hoped for “A” and “B”"
    elif prev_line == line:
        if span.start < len(text) and text[span.start].islower():
            return None
        attributed_here = (
            prev.speaker_start is not None and gap_start <= prev.speaker_start < span.opened
        )
        if len(gap) > _MAX_GAP or not (attributed_here or not re.search(r"[A-Za-z]", gap)):
            return None
    else:
        if is_partial(prev) or text[span.start].islower():
            return None
        prev_line = paragraph_of(lines, prev_span.end)  # a quote of several paragraphs ends here
        own = span.opened == line[0] and line in lines and prev_line in lines
        if not own or lines.index(line) != lines.index(prev_line) + 1:
            return None
        rest = text[gap_start : prev_line[1]]
        attribution_only = (
            prev.speaker_start is not None
            and gap_start <= prev.speaker_start < prev_line[1]
            and len(rest) <= _MAX_ATTRIBUTION
            and sentence_end(rest, 0, len(rest) - 1) is None
        )
        if re.search(r"[A-Za-z]", rest) and not attribution_only:
            return None  # the previous paragraph went on after its quote and its speaker
    start = prev.speaker_start if prev.speaker_start is not None else prev.start
    end = prev.speaker_end if prev.speaker_end is not None else prev.start
    assert prev.speaker is not None
    return Speaker(prev.speaker, start, end, prev.entity)


def _skip_titles(
    text: str,
    lines: list[tuple[int, int]],
    spans: Sequence[Span],
    index: int,
    quotes: Sequence[Quote],
) -> int:
    """The quote to inherit from: the one before, or, when that is a quoted title or phrase
    inside the attribution of a full quote of the same paragraph (``“A,” said X on NBC's
    “Today” show. “B.”``), that full quote."""
    back = index - 1
    if back == 0 or not is_partial(quotes[back]) or not quotes[back].text[0].isupper():
        return back
    earlier = quotes[back - 1]
    line = paragraph_of(lines, spans[index].opened)
    if paragraph_of(lines, spans[back - 1].opened) != line or is_partial(earlier):
        return back
    said_at = earlier.speaker_start
    if said_at is None or not earlier.end < said_at < spans[back].opened:
        return back
    return back - 1
