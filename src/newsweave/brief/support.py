"""The support check of written summary sentences: a sentence stays only when what it says
is in the claims it cites.

A written answer is split into sentences and each is judged on its own:

* it must cite at least one source (``[2]``, ``[1][3]``, ``[1, 3]``), every cited number
  being a source of the story;
* every number in it (digits or number words, with "million"/"billion" scales) must be
  stated by a cited claim: in its text, its sentence, its value or its normalised value
  (``2026-03-15`` supports "15", "March", "2026" and "Sunday");
* every capitalised word (names, places, days, months) must occur in the cited claims
  (a sentence's first word only when the next is capitalised too, "Peter Olsen said";
  otherwise it counts with the other words);
* of its other content words, at least :data:`MIN_OVERLAP` must occur there (crude
  stemming, so "signed" meets "signing").

A kept sentence carries the cited claims that share a word with it, so its evidence is
exact offsets into articles like every other statement of the brief.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsweave.model import Claim, DroppedSentence, WrittenSentence

MIN_OVERLAP = 0.6
NEAR = 3  # words either side of a number that say what it counts
"""Share of a sentence's ordinary content words (not names, not numbers) that the cited
claims must contain."""

STOP = (frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according", "one"}) - {
    "fire",
    "bill",
    "amount",
    "system",
    "interest",
    "call",
    "found",
    "detail",
    "describe",
}

REPORTING = frozenset(
    [
        "report",
        "reports",
        "reported",
        "reporting",
        "source",
        "sources",
        "account",
        "accounts",
        "differ",
        "differs",
        "differed",
        "disagree",
        "disagrees",
        "disagreed",
        "disagreement",
        "vary",
        "varies",
        "varied",
        "conflicting",
        "state",
        "states",
        "stated",
        "statement",
        "put",
        "puts",
        "give",
        "gives",
        "gave",
        "while",
        "whereas",
        "however",
        "respectively",
        "other",
        "others",
    ]
)
"""Words of attribution and disagreement a summary needs to say who reports what; they
state no fact, so they need no support."""

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "prof",
        "jr",
        "sr",
        "no",
        "vs",
        "inc",
        "corp",
        "co",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
    ]
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+(?:['’][^\W\d_]+)?")
_CITATION = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
_BOUNDARY = re.compile(
    r"[.!?][\"”’)]*(?:\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\])*(?=\s+[\"“‘(\[]?[A-Z0-9]|\s*$)"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"^\s*(?:#+\s.*|\*\*[^*]+\*\*:?|[^.!?\[\]]{1,60}:)\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+")
_LINE_END = re.compile(r"(?:[.!?][\"”’)]*|\])\s*$")


@dataclass(frozen=True)
class Evidence:
    """A claim the writer was shown, under its source's number, with the text that counts
    as what it states (its own text, its sentence, its value, its normalised value and the
    fact or conflict it belongs to)."""

    claim: Claim
    source: int
    support: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    kept: tuple[WrittenSentence, ...]
    dropped: tuple[DroppedSentence, ...]


@dataclass(frozen=True)
class _Words:
    numbers: dict[float, frozenset[str]]  # value -> stems of the words around it
    names: tuple[str, ...]  # capitalised words, as written
    plain: tuple[str, ...]  # other content words, stemmed


def normalized_text(normalized: dict[str, Any]) -> str:
    """A claim's normalised value as words: numbers as they are, ISO dates also as their
    month, day and weekday names."""
    parts: list[str] = []
    for value in normalized.values():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            parts.append(f"{value:f}".rstrip("0").rstrip("."))
            continue
        text = str(value)
        parts.append(text)
        for match in _ISO_DATE.finditer(text):
            year, month, day = match.groups()
            if 1 <= int(month) <= 12:
                parts.append(MONTHS[int(month) - 1])
            if day:
                with contextlib.suppress(ValueError):
                    parts.append(WEEKDAYS[date(int(year), int(month), int(day)).weekday()])
    return " ".join(parts)


def split_sentences(answer: str) -> list[str]:
    """The answer's sentences, citations kept with the sentence they close; list marks,
    headings and reasoning blocks gone; lines wrapped mid-sentence joined."""
    answer = _THINKING.sub(" ", answer).replace("```", "")
    pieces: list[str] = []
    current = ""
    for raw in answer.splitlines():
        if _HEADING.match(raw):
            raw = ""
        line = _LIST_MARK.sub("", raw.replace("**", "")).strip()
        if not line:
            if current:
                pieces.append(current)
                current = ""
            continue
        current = f"{current} {line}".strip()
        if _LINE_END.search(current):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    out: list[str] = []
    for piece in pieces:
        start = 0
        for match in _BOUNDARY.finditer(piece):
            before = piece[start : match.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if match.group().startswith(".") and (
                word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
            ):
                continue
            out.append(piece[start : match.end()].strip())
            start = match.end()
        if piece[start:].strip():
            out.append(piece[start:].strip())
    return [s for s in out if s]


def citations(sentence: str) -> tuple[tuple[int, ...], str]:
    """The source numbers a sentence cites (ranges such as [1-3] expanded) and the
    sentence without its citation marks."""
    numbers: set[int] = set()
    for match in _CITATION.finditer(sentence):
        for part in re.split(r"[,;]", match.group(1)):
            ends = [int(x) for x in re.split(r"[–-]", part) if x.strip()]
            low, high = min(ends), max(ends)
            numbers.update(range(low, min(high, low + 50) + 1))
    text = _CITATION.sub("", sentence)
    text = re.sub(r"\s+([.,;:!?”’)])", r"\1", text)
    return tuple(sorted(numbers)), " ".join(text.split())


def stem(word: str) -> str:
    """A crude stem, the same on both sides of the comparison: "signed", "signing" and
    "signs" all read "sign"; "cities" reads "city"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix, keep in (("ing", 5), ("ed", 4), ("es", 5), ("s", 3)):
        if len(word) > keep and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _number(token: str) -> float | None:
    token = re.sub(r"(?:st|nd|rd|th)$", "", token.lower())
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    if not token[:1].isdigit():
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        token = token.replace(",", "")
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _content(token: str) -> bool:
    lower = token.lower()
    return not (lower in STOP or lower in REPORTING or lower in SCALES or len(token) < 2) and (
        _number(token) is None
    )


def _words(text: str) -> _Words:
    tokens = [t for piece in _TOKEN.findall(text) for t in piece.split("-") if t]
    numbers: dict[float, set[str]] = {}
    names: list[str] = []
    plain: list[str] = []
    for n, token in enumerate(tokens):
        value = _number(token)
        if value is not None:
            around = tokens[max(0, n - NEAR) : n] + tokens[n + 1 : n + 1 + NEAR]
            near = {stem(t) for t in around if _content(t)}
            scale = SCALES.get(tokens[n + 1].lower()) if n + 1 < len(tokens) else None
            for reading in (value, value * scale) if scale else (value,):
                numbers.setdefault(round(reading, 6), set()).update(near)
            continue
        if not _content(token):
            continue
        opening = n == 0 and not (len(tokens) > 1 and tokens[1][:1].isupper())
        if token[0].isupper() and not opening:
            names.append(token)
        elif len(token) > 2:
            plain.append(stem(token))
    frozen = {v: frozenset(near) for v, near in numbers.items()}
    return _Words(frozen, tuple(names), tuple(plain))


@dataclass(frozen=True)
class _Support:
    numbers: dict[float, frozenset[str]]  # value -> stems of the words around it anywhere
    words: frozenset[str]  # stems of every word, names included


def _support(parts: Iterable[str]) -> _Support:
    numbers: dict[float, set[str]] = {}
    words: set[str] = set()
    for part in parts:
        found = _words(part)
        for value, near in found.numbers.items():
            numbers.setdefault(value, set()).update(near)
        words.update(stem(w) for w in found.names)
        words.update(found.plain)
        words.update(stem(t) for t in _TOKEN.findall(part))
    return _Support({v: frozenset(n) for v, n in numbers.items()}, frozenset(words))


def verdict(text: str, cited: Sequence[Evidence]) -> str | None:
    """Why a sentence (citation marks removed) is not supported by the cited evidence, or
    None when it is."""
    said = _words(text)
    if not said.numbers and not said.names and not said.plain:
        return "no content words"
    support = _support(part for e in cited for part in e.support)
    for value, near in sorted(said.numbers.items()):
        if value not in support.numbers:
            return f"number not in the cited claims: {value:g}"
        # the number must be stated of the same thing: "twelve cities" is not supported by
        # "12 crew members", nor a count of 14 by a date on the 14th
        if near and not near & support.numbers[value]:
            return f"number not stated of the same thing in the cited claims: {value:g}"
    for name in said.names:
        if stem(name) not in support.words:
            return f"name not in the cited claims: {name}"
    if said.plain:
        found = sum(w in support.words for w in said.plain)
        if found < MIN_OVERLAP * len(said.plain):
            return f"too few of its words in the cited claims ({found} of {len(said.plain)})"
    return None


def _said_items(said: _Words) -> set[str]:
    return {f"#{v:g}" for v in said.numbers} | {stem(n) for n in said.names} | set(said.plain)


def _support_items(support: _Support) -> set[str]:
    return {f"#{v:g}" for v in support.numbers} | set(support.words)


def _evidence_for(text: str, cited: Sequence[Evidence]) -> list[Evidence]:
    """For each cited source, the fewest of its claims that cover what the sentence shares
    with that source (greedy): the sentence's evidence, each claim once."""
    wanted = _said_items(_words(text))
    out: dict[tuple[str, int, int], Evidence] = {}
    for source in sorted({e.source for e in cited}):
        pool = [
            (e, _support_items(_support(e.support)) & wanted) for e in cited if e.source == source
        ]
        covered: set[str] = set()
        while True:
            best, gain = max(pool, key=lambda p: len(p[1] - covered), default=(None, set()))
            if best is None or not gain - covered:
                break
            covered |= gain
            out.setdefault((best.claim.article, best.claim.start, best.claim.end), best)
    return list(out.values())


def check(answer: str, evidence: Sequence[Evidence], sources: int) -> Checked:
    """Split a written answer into sentences and keep those its cited claims support.

    ``sources`` is how many sources the story lists: a citation outside 1..sources is an
    invented source and drops its sentence."""
    kept: list[WrittenSentence] = []
    dropped: list[DroppedSentence] = []
    for sentence in split_sentences(answer):
        numbers, text = citations(sentence)
        reason: str | None
        if not numbers:
            reason = "no citation"
        elif any(not 1 <= n <= sources for n in numbers):
            reason = f"cites a source not in the list: {numbers}"
        else:
            cited = [e for e in evidence if e.source in numbers]
            reason = verdict(text, cited) if cited else "the cited sources were not shown"
            if reason is None:
                used = _evidence_for(text, cited)
                if used:
                    # cited sources none of whose claims it uses are not kept as citations
                    sources_used = tuple(sorted({e.source for e in used}))
                    kept.append(WrittenSentence(text, sources_used, tuple(e.claim for e in used)))
                    continue
                reason = "no cited claim shares a word with it"
        dropped.append(DroppedSentence(text if numbers else sentence, reason))
    return Checked(tuple(kept), tuple(dropped))
