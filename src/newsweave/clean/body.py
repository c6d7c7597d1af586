"""Find the article body: the densest run of prose lines.

Each non-blank line gets a value: a prose line (long enough, ends like a sentence) is worth
its word count, a long unpunctuated line part of that; a short line costs a penalty that is
larger for menu items and title-cased headlines than for plain short sentences, and a line
that matched a chrome family costs more. The body is the run of lines with the largest total
value (a maximum-sum segment), so short in-body subheads are kept when prose surrounds
them, while menus, footers and related-link lists around the body are left outside. Prose
after a comments header ("34 Comments", "Leave a Reply") counts for little: readers'
comments are not the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.clean.lines import Line
from newsweave.clean.patterns import COMMENTS_START, TRUNCATED

SENTENCE_END = frozenset('.!?。！？」"”’»)…:;')
PROSE_WORDS = 8
LONG_WORDS = 20
MENU_WORDS = 3
SENTENCE_WORDS = 4
MENU_PENALTY = 4.0
HEADLINE_PENALTY = 5.0
SHORT_PENALTY = 1.5
CHROME_PENALTY = 6.0
COMMENTS_WEIGHT = 0.2
TEASER_WEIGHT = 0.5
RUN_GROWTH = 0.25
RUN_CAP = 4.0
BOX_PENALTY = SHORT_PENALTY


@dataclass(frozen=True)
class Segment:
    """Lines ``first..last`` (indices into the line list, inclusive) and their total value."""

    first: int
    last: int
    value: float


def is_prose(line: Line) -> bool:
    return line.words >= PROSE_WORDS and line.text[-1] in SENTENCE_END


def is_title_case(text: str) -> bool:
    """Most words start with a capital letter (headlines, menu entries)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.7 * len(words)


def line_value(line: Line, chrome: bool) -> float:
    if chrome:
        return -CHROME_PENALTY
    if TRUNCATED.search(line.text) and line.words < LONG_WORDS:
        return -HEADLINE_PENALTY
    if is_prose(line):
        return float(line.words)
    if line.words >= LONG_WORDS:
        return 0.6 * line.words
    if line.words <= MENU_WORDS:
        return -MENU_PENALTY
    if is_title_case(line.text):
        return -HEADLINE_PENALTY
    return -SHORT_PENALTY


def line_values(lines: Sequence[Line], reasons: dict[int, str]) -> list[float]:
    """The value of every line; blank lines are worth 0.

    Penalties grow along a run of consecutive non-prose lines (a long menu costs more than
    the sum of its items, one caption or ad between paragraphs costs little), and a prose
    line boxed in by headline-like lines on both sides (a teaser in a list of related
    stories) counts for less.
    """
    filled = [ln for ln in lines if not ln.blank]
    base = [line_value(ln, ln.index in reasons) for ln in filled]
    values = [0.0] * len(lines)
    in_comments = False
    run = 0
    for pos, line in enumerate(filled):
        value = base[pos]
        if reasons.get(line.index) == "comments" and COMMENTS_START.match(line.text):
            in_comments = True
        if value <= 0:
            run += 1
            value *= min(1.0 + RUN_GROWTH * (run - 1), RUN_CAP)
        else:
            run = 0
            if _boxed(base, pos):
                value *= TEASER_WEIGHT
            if in_comments:
                value *= COMMENTS_WEIGHT
        values[line.index] = value
    return values


def _boxed(base: Sequence[float], pos: int) -> bool:
    """Both neighbours are non-prose and at least one costs a headline's penalty."""
    if pos == 0 or pos + 1 >= len(base):
        return False
    before, after = base[pos - 1], base[pos + 1]
    return before < 0 and after < 0 and min(before, after) <= -BOX_PENALTY


def best_segment(lines: Sequence[Line], values: Sequence[float]) -> Segment | None:
    """The maximum-sum run of non-blank lines (blank lines are free); None if all are <= 0."""
    best: Segment | None = None
    run_first = -1
    run_value = 0.0
    for line, value in zip(lines, values, strict=True):
        if line.blank:
            continue
        if run_first < 0 or run_value <= 0:
            run_first, run_value = line.index, value
        else:
            run_value += value
        if run_value > 0 and (best is None or run_value > best.value):
            best = Segment(run_first, line.index, run_value)
    return best


def is_sentence(line: Line) -> bool:
    """A short line that still reads as a sentence: "The vote is set for May." """
    return (
        line.words >= SENTENCE_WORDS
        and line.text[-1] in '.!?。！？"”'
        and not is_title_case(line.text)
    )


def extend(lines: Sequence[Line], reasons: dict[int, str], segment: Segment) -> Segment:
    """Grow the body over short sentence lines right next to it (a closing one-liner)."""
    first, last = segment.first, segment.last
    for line in lines[last + 1 :]:
        if line.blank:
            continue
        if line.index in reasons or not is_sentence(line):
            break
        last = line.index
    for line in reversed(lines[:first]):
        if line.blank:
            continue
        if line.index in reasons or not is_sentence(line):
            break
        first = line.index
    return Segment(first, last, segment.value)
