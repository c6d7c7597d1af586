"""Plain-text cleaning: cut page chrome out of pasted article text, keeping offsets exact.

The cleaner works on whole lines. It marks lines that match a chrome family (see
:mod:`newsweave.clean.patterns`), finds the article body as the densest run of prose lines
(:mod:`newsweave.clean.body`), drops what lies outside it except a short header right above
it (headline, standfirst, date), and removes repeated lines, a lede printed twice, caption
pairs and a signature after a closing salutation. Every cut is a :class:`Removal` of raw
offsets, so the clean text is exactly the raw text minus those ranges.
"""

from __future__ import annotations

from newsweave.clean import duplicates
from newsweave.clean.body import MENU_WORDS, best_segment, extend, is_prose, line_values
from newsweave.clean.lines import Line, split_lines
from newsweave.clean.patterns import CLOSING, TRAILING_LINK, chrome_reason
from newsweave.clean.result import CleanResult, apply_removals
from newsweave.model import Removal

HEADER_LINES = 3  # non-chrome lines kept right above the body: headline, standfirst, date
HEADER_MAX_WORDS = 60
MENU_RUN = 3  # this many menu-sized lines in a row make a menu
_HEADER_CHROME = frozenset(
    {"byline", "photo-credit", "caption", "audio-player", "share", "advertisement", "navigation"}
)


def clean_text(raw: str) -> CleanResult:
    """Remove page chrome from ``raw``; see :class:`CleanResult` for the offset contract."""
    lines = split_lines(raw)
    reasons: dict[int, str] = {}
    for line in lines:
        reason = chrome_reason(line.text, line.words)
        if reason is not None:
            reasons[line.index] = reason
    values = line_values(lines, reasons)
    segment = best_segment(lines, values)
    if segment is not None:
        segment = extend(lines, reasons, segment)
        _mark_outside(lines, reasons, segment.first, segment.last)
    else:
        _mark_menus(lines, reasons)
    for index, reason in duplicates.find(lines, reasons).items():
        reasons.setdefault(index, reason)
    _mark_signature(lines, reasons)
    removals = [Removal(lines[i].start, lines[i].stop, r) for i, r in reasons.items()]
    removals.extend(_whitespace(lines, reasons))
    removals.extend(_trailing_links(raw, lines, reasons))
    return apply_removals(raw, removals)


def _mark_outside(lines: list[Line], reasons: dict[int, str], first: int, last: int) -> None:
    """Mark every line outside ``first..last`` except a short header right above the body."""
    header: set[int] = set()
    kept = 0
    for line in reversed(lines[:first]):
        if line.blank:
            continue
        reason = reasons.get(line.index)
        if reason == "dateline" and kept < HEADER_LINES:
            del reasons[line.index]  # the article's date stays with its headline
            header.add(line.index)
            kept += 1
            continue
        if reason is not None:
            if reason in _HEADER_CHROME:
                continue  # a byline, picture or player often sits between headline and body
            break
        if kept >= HEADER_LINES or line.words > HEADER_MAX_WORDS or line.words <= MENU_WORDS:
            break  # a menu entry: the header is over
        header.add(line.index)
        kept += 1
    for line in lines:
        if line.blank or line.index in reasons:
            continue
        if (line.index < first and line.index not in header) or line.index > last:
            reasons[line.index] = "boilerplate"


def _mark_menus(lines: list[Line], reasons: dict[int, str]) -> None:
    """Without a body, runs of menu-sized lines are navigation (single short lines stay)."""
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and (line.blank or line.index in reasons):
            continue
        if line is not None and line.words <= MENU_WORDS:
            run.append(line)
            continue
        if len(run) >= MENU_RUN:
            for ln in run:
                reasons[ln.index] = "navigation"
        run = []


def _mark_signature(lines: list[Line], reasons: dict[int, str]) -> None:
    """A closing salutation ("Best regards,") and the short lines after it are a sign-off."""
    for line in lines:
        if not CLOSING.match(line.text):
            continue
        rest = [ln for ln in lines[line.index + 1 :] if not ln.blank]
        if len(rest) <= 4 and not any(is_prose(ln) for ln in rest):
            for ln in rest:
                reasons[ln.index] = "sign-off"
        return


def _whitespace(lines: list[Line], reasons: dict[int, str]) -> list[Removal]:
    """Blank lines to cut so removed blocks do not leave holes of empty lines.

    Between two kept lines, a gap that lost lines keeps one blank line (if it had any);
    a gap of blank lines only keeps at most two. Blank lines before the first and after
    the last kept line go.
    """
    out: list[Removal] = []
    gap: list[Line] = []
    seen_kept = False
    for line in lines:
        if line.blank or line.index in reasons:
            gap.append(line)
            continue
        out.extend(_gap_blanks(gap, leading=not seen_kept))
        gap = []
        seen_kept = True
    out.extend(_gap_blanks(gap, leading=True))
    return out


def _gap_blanks(gap: list[Line], leading: bool) -> list[Removal]:
    blanks = [ln for ln in gap if ln.blank]
    if not blanks:
        return []
    keep = 0 if leading else (1 if len(blanks) < len(gap) else 2)
    return [Removal(ln.start, ln.stop, "whitespace") for ln in blanks[keep:]]


def _trailing_links(raw: str, lines: list[Line], reasons: dict[int, str]) -> list[Removal]:
    """A kept line that ends in a bare parenthesised link loses the link."""
    out: list[Removal] = []
    for line in lines:
        if line.blank or line.index in reasons or "http" not in line.text:
            continue
        content = raw[line.start : line.end]
        match = TRAILING_LINK.search(content)
        if match is None or not content[: match.start()].strip():
            continue
        out.append(Removal(line.start + match.start(), line.end, "source-link"))
    return out
