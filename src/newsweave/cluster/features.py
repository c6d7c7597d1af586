"""Cheap lexical features computed from article text alone (no NLP model needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.:/]*\d|\d")
_NAME_WORD = r"[A-Z][A-Za-z'’\-]*[A-Za-z]\.?"
# A run of capitalised words, allowing lower-case joiners inside ("Bank of America").
NAME_PHRASE = re.compile(
    rf"(?<![A-Za-z])({_NAME_WORD}(?:\s+(?:of|de|la|van|von|al|bin)\s+{_NAME_WORD}|\s+{_NAME_WORD})*)"
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.:/]*\d(?![\w])|(?<![\w.])\d(?![\w.])")


@dataclass(frozen=True)
class TextFeatures:
    """Token lists for the similarity channels of one document."""

    names: tuple[str, ...]  # lower-cased tokens of capitalised-name runs
    name_phrases: tuple[str, ...]  # the runs themselves, as written
    numbers: tuple[str, ...]  # number tokens ("2012", "58-3" gives "58" and "3")


def _strip_leading_stop(words: list[str]) -> list[str]:
    while words and words[0].lower() in STOP_WORDS:
        words = words[1:]
    return words


def name_phrases(text: str) -> list[str]:
    """Capitalised-word runs, minus stop words that only start a sentence ("The", "But")."""
    out: list[str] = []
    for match in NAME_PHRASE.finditer(text):
        words = _strip_leading_stop(match.group(1).split())
        if words:
            out.append(" ".join(w.rstrip(".") if len(w) > 3 else w for w in words))
    return out


def text_features(text: str) -> TextFeatures:
    phrases = name_phrases(text)
    names = tuple(
        w.lower().rstrip(".")
        for phrase in phrases
        for w in phrase.split()
        if w.lower() not in STOP_WORDS and len(w) > 1
    )
    numbers = tuple(_NUMBER.findall(text))
    return TextFeatures(names=names, name_phrases=tuple(phrases), numbers=numbers)


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens (used for shingles)."""
    return [t.lower() for t in _TOKEN.findall(text)]
