"""What the grouping reads of one article, computed once and kept: hashed term counts.

An article becomes three bags of hashed terms (word 1-3-grams after stop words, as
scikit-learn's ``TfidfVectorizer(stop_words="english", ngram_range=(1, 3))`` tokenises;
capitalised-name tokens; number tokens), the hashes of its 5-word shingles (reprints) and
its event signature. Terms are 32-bit hashes, so a stored article needs no vocabulary and
pool statistics are computed from the stored bags without reading the text again.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.cluster.features import STOP_WORDS, text_features, tokens
from newsweave.cluster.records import StoryDoc
from newsweave.cluster.signature import Signature, signature

Ids = npt.NDArray[np.uint32]
Counts = npt.NDArray[np.uint8]

SHINGLE = 5  # words per shingle (reprints)
_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
_MIX = np.uint64(0x01000193)  # FNV prime: n-gram id = fold of its word ids
_MASK = np.uint64(0xFFFFFFFF)
_SHINGLE_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Bag:
    """Sorted distinct term hashes and their counts (capped at 255)."""

    ids: Ids
    counts: Counts

    @staticmethod
    def of(hashes: npt.NDArray[np.uint64]) -> Bag:
        ids, counts = np.unique(hashes.astype(np.uint32), return_counts=True)
        return Bag(ids.astype(np.uint32), np.minimum(counts, 255).astype(np.uint8))

    def to_bytes(self) -> bytes:
        return self.ids.astype("<u4").tobytes() + self.counts.tobytes()

    @staticmethod
    def from_bytes(blob: bytes) -> Bag:
        n = len(blob) // 5
        ids = np.frombuffer(blob, dtype="<u4", count=n).astype(np.uint32)
        counts = np.frombuffer(blob, dtype=np.uint8, count=n, offset=4 * n)
        return Bag(ids, counts.copy())


@dataclass(frozen=True)
class EventKey:
    """The parts of an event signature the penalties read (see ``signature.conflicts``)."""

    given_months: frozenset[str]
    durations: frozenset[str]
    offices: tuple[tuple[str, frozenset[str]], ...]

    @staticmethod
    def of(sig: Signature) -> EventKey:
        return EventKey(sig.given_months, sig.durations, tuple(sorted(sig.offices.items())))

    def to_json(self) -> str:
        offices = [[o, sorted(who)] for o, who in self.offices]
        return json.dumps([sorted(self.given_months), sorted(self.durations), offices])

    @staticmethod
    def from_json(text: str) -> EventKey:
        months, durations, offices = json.loads(text)
        return EventKey(
            frozenset(months),
            frozenset(durations),
            tuple((str(o), frozenset(who)) for o, who in offices),
        )

    def signature(self) -> Signature:
        """A signature with what the penalties read (``months`` = the given ones)."""
        offices = dict(self.offices)
        return Signature(self.given_months, self.given_months, self.durations, offices, {})


@dataclass(frozen=True)
class DocFeatures:
    """One article as the grouping reads it; ``day`` is its date's ordinal, 0 if unknown."""

    id: str
    day: int
    words: Bag
    names: Bag
    numbers: Bag
    shingles: Ids  # sorted distinct 32-bit shingle hashes
    event: EventKey
    keys: tuple[str, ...]  # distinct lower-cased name tokens (candidate lookup keys)


def _crc(words: Iterable[str], prefix: str = "") -> dict[str, int]:
    return {w: zlib.crc32(f"{prefix}{w}".encode()) for w in set(words)}


def word_ngrams(text: str) -> Bag:
    """Hashed word 1-3-grams, tokenised as scikit-learn's ``TfidfVectorizer`` does."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    if not words:
        return Bag.of(np.zeros(0, dtype=np.uint64))
    crc = _crc(words)
    uni = np.fromiter((crc[w] for w in words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        bi = (uni[:-1] * _MIX + uni[1:]) & _MASK
        tri = (bi[:-1] * _MIX + uni[2:]) & _MASK
    return Bag.of(np.concatenate([uni, bi, tri]))


def _bag(values: Iterable[str], prefix: str) -> Bag:
    counted = Counter(values)
    crc = _crc(counted, prefix)
    hashes = np.repeat(
        np.fromiter((crc[v] for v in counted), dtype=np.uint64, count=len(counted)),
        np.fromiter(counted.values(), dtype=np.int64, count=len(counted)),
    )
    return Bag.of(hashes)


def shingle_hashes(text: str, size: int = SHINGLE) -> Ids:
    """Sorted distinct 32-bit hashes of the text's ``size``-word shingles (a text shorter
    than a shingle is one shingle)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    crc = _crc(words)
    ids = np.fromiter((crc[w] for w in words), dtype=np.uint64, count=len(words))
    span = min(size, len(ids))
    n = len(ids) - span + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(span):
            h = h * _SHINGLE_MIX + ids[j : j + n]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def doc_text(doc: StoryDoc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def doc_features(doc: StoryDoc) -> DocFeatures:
    text = doc_text(doc)
    feats = text_features(text)
    return DocFeatures(
        id=doc.id,
        day=doc.published.toordinal() if doc.published else 0,
        words=word_ngrams(text),
        names=_bag(feats.names, "n\x1f"),
        numbers=_bag(feats.numbers, "d\x1f"),
        shingles=shingle_hashes(doc.text),
        event=EventKey.of(signature(doc)),
        keys=tuple(sorted(set(feats.names))),
    )
