"""Sentence compression that stays extractive: keep one exact span of the sentence.

A neutral roundup states the news without the wire's furniture or the outlet's gloss. From
a candidate sentence we drop, when what is left is still a statement,

* a leading dateline ("SEOUL, South Korea — ", "WASHINGTON (Reuters) - ");
* a leading scene-setting clause before the subject ("Ahead of the vote, ...",
  "Meanwhile, ...") when a capitalised word follows the comma;
* a trailing attribution ("..., according to officials.") or a trailing participial gloss
  ("..., signaling a shift in the department's position.").

What is kept is a single exact span of the source (offsets into the sentence), so the claim
stays traceable. A span cut before its sentence's end has no final stop: renderers close it
with :func:`as_sentence` (typography only; every word is the source's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.model import Claim

MIN_KEPT = 6  # words a compressed span keeps at least, else the sentence stays whole
_WORDS = re.compile(r"\w+")

# A wire dateline before the first sentence: "(Bloomberg) — ", "KESSEL BAY, March 15
# (Baltic Wire) - ", "WASHINGTON (Reuters) -", or a city in capitals and a dash:
# "SEOUL, South Korea — ".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'’-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*)?"
    r"\([A-Z][\w .&'’-]{1,40}\)\s*[-–—]{1,2}\s*"
    r"|^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})?"
    r"\s*(?:[—–]|--)\s*"
)
_LEAD_CLAUSE = re.compile(
    r"^(?:After|Ahead of|As|While|Amid|Following|Despite|With|Since|During|Before|Although|"
    r"Though|When|Once|Meanwhile|However|But|And|Still|Yet|Instead|Indeed|In|On|At|Earlier|"
    r"Later|Last|This|Now|Also|Thus|So)\b[^,\"“”]{0,80},\s+(?=[A-Z])"
)
_TAIL = re.compile(
    r",\s+(?:according to [^,]{0,80}?"
    r"|(?:signaling|signalling|marking|saying|citing|adding|making|putting|raising|prompting|"
    r"sparking|leaving|bringing|setting|underscoring|highlighting|calling|noting|arguing|"
    r"claiming|describing|warning|vowing)\b[^\"“”]*?)"
    r"[.!]$"
)
_STOPS = (".", "!", "?", '"', "”", "’", "'", ")")


def words_in(text: str) -> int:
    return len(_WORDS.findall(text))


def dateline_length(text: str) -> int:
    """How many leading characters of a sentence are a wire dateline (0 if none)."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def compress(text: str) -> tuple[int, int]:
    """The span of ``text`` to keep, as (start, end) offsets into it."""
    start, end = dateline_length(text), len(text)
    lead = _LEAD_CLAUSE.match(text[start:])
    if lead and words_in(text[start + lead.end() :]) >= MIN_KEPT:
        start += lead.end()
    tail = _TAIL.search(text, start)
    if tail and words_in(text[start : tail.start()]) >= MIN_KEPT:
        end = tail.start()
    return start, end


def as_sentence(text: str) -> str:
    """A summary piece as it reads: a span cut before its sentence's end gets a stop."""
    stripped = text.rstrip()
    return stripped if stripped.endswith(_STOPS) else stripped.rstrip(",;:—– ") + "."


def summary_text(claims: Sequence[Claim]) -> str:
    """The summary's pieces joined as sentences."""
    return " ".join(as_sentence(c.text) for c in claims)
