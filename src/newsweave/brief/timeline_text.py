"""Which characters of a sentence a timeline line quotes, and which dates are only stamps.

News sentences often carry page furniture fused into them, especially where a page's
line breaks were lost: a wire dateline (``WASHINGTON (Reuters) -``), a posting timestamp
(``Sunday 26 April 2009 10.40 BST``), a byline, highlight bullets (``* ...``). A timeline
line quotes the pieces between such markers, so its evidence is the statement itself;
the offsets stay exact (every piece is a sub-range of the sentence).

A date written with a clock time right after it (``September 24, 2008 3:55 PM``) is a
timestamp of the page or of a reader comment, not a day something happened on.
"""

from __future__ import annotations

import re

from newsweave.model import TimeValue

# "Sunday 26 April 2009", "Tue Apr 21, 2009", "September 24, 2008"
_DATE_TEXT = (
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})[,;]?\s*"
)
_ZONE = r"(?:BST|GMT|EDT|EST|CET|CEST|UTC|ET|PDT|PST|IST)\b"
_MERIDIEM = r"[AaPp]\.?[Mm]\b\.?"
# "3:55 PM", "14:06 UTC", "10.40 BST", "7:31 pm EDT"
_CLOCK = (
    r"(?:\d{1,2}:\d{2}(?:\s*" + _MERIDIEM + r")?(?:\s*" + _ZONE + r")?"
    r"|\d{1,2}\.\d{2}\s*(?:" + _MERIDIEM + r"(?:\s*" + _ZONE + r")?|" + _ZONE + r"))"
)
_UPDATED = r"(?:Last\s+)?[Uu]pdated:?\s*(?:at\s+)?"
# Markers that split a sentence into pieces (the markers themselves are dropped).
_MARKER = re.compile(
    # a wire credit: "(Reuters) -", "(CNN) --", "(Baltic Wire) -"
    r"\([A-Z][\w.&'’ -]{0,30}\)\s*[-–—]{1,2}(?=\s)"
    # a timestamp: a date and a clock time ("Sunday 26 April 2009 10.40 BST"), or an
    # update time ("28 September 2011 Last updated at 15:41 GMT")
    r"|" + _DATE_TEXT + r"(?:" + _UPDATED + r")?" + _CLOCK + r"(?:\s+Help\b)?"
    r"|" + _UPDATED + _CLOCK + r"(?:\s+Help\b)?"
    # a separator of page furniture, a highlight bullet, a byline
    r"|\s\|\s|\s\*\s|\s(?=By\s+[A-Z][\w.'’-]*\s+[A-Z])"
)
# Every marker holds one of these: a bracket (wire credit), a clock time's digits
# (timestamp), a bar, a bullet or "By"; most sentences hold none, and this scan costs a
# fraction of trying _MARKER's alternatives at every character.
_MAY_MARK = re.compile(r"[(|*]|By|\d[:.]\d")
_LEADING = re.compile(r"[\s*•|]+")
# A dateline opening a piece: "LONDON, Jan. 26 --", "WASHINGTON -".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*[-–—]{1,2}\s+(?=\S)"
)
# A byline piece: "By Maggie Fox, Health and Science Editor WASHINGTON".
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}(?:,|\s*$|\s+[A-Z]{2,})")
_STAMP_AFTER = re.compile(r"[\s,;|@-]*(?:at\s+|" + _UPDATED + r")?" + _CLOCK)
_CLOCK_IN = re.compile(_CLOCK)
_ALPHA = re.compile(r"[A-Za-z][A-Za-z.]*")
_CLOCK_WORDS = frozenset(
    {"a.m", "am", "p.m", "pm", "o", "clock", "oclock", "at", "local", "time", "noon", "midnight"}
    | {"bst", "gmt", "edt", "est", "cet", "cest", "utc", "et", "pdt", "pst", "ist"}
)
_YEAR = re.compile(r"\d{4}")
_WORD = re.compile(r"\w+")
BYLINE_WORDS = 15


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sub-ranges of ``text[start:end]`` between furniture markers, each trimmed of
    whitespace and of an opening dateline; bylines are left out."""
    cuts: list[tuple[int, int]] = []
    at = start
    if _MAY_MARK.search(text, start, end) is not None:
        for match in _MARKER.finditer(text, start, end):
            cuts.append((at, match.start()))
            at = match.end()
    cuts.append((at, end))
    out: list[tuple[int, int]] = []
    for a, b in cuts:
        lead = _LEADING.match(text, a, b)
        if lead is not None:
            a = lead.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        dateline = _DATELINE.match(text, a, b)
        if dateline is not None:
            a = dateline.end()
        if b <= a:
            continue
        piece = text[a:b]
        if _BYLINE.match(piece) and len(_WORD.findall(piece)) < BYLINE_WORDS:
            continue
        out.append((a, b))
    return out


def names_a_day(timex: TimeValue) -> bool:
    """A DATE, or a TIME that names its day ("Saturday morning", "last night"); a bare
    clock time ("3:55 PM") takes its day from the words around it and is not counted."""
    if timex.type == "DATE":
        return True
    if timex.type != "TIME":
        return False
    words = {w.lower().strip(".") for w in _ALPHA.findall(timex.text)}
    return bool(words - _CLOCK_WORDS)


def is_stamp(text: str, timex: TimeValue) -> bool:
    """A date with its year and a clock time (after it, or in the same expression): a page
    or comment timestamp."""
    if not _YEAR.search(timex.text):
        return False
    if _CLOCK_IN.search(timex.text):
        return True
    return _STAMP_AFTER.match(text, timex.end, timex.end + 40) is not None
