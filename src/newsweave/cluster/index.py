"""Compact per-article features for online story assignment and candidate lookup.

An article becomes (1) a sparse TF-IDF vector over hashed terms in three channels (word
1-2-grams, capitalised-name tokens, numbers), each channel unit-length and scaled so that
the dot product of two vectors is the weighted channel mix the batch grouping uses; (2) a
few *key terms*, the article's most distinctive single words and names, which are what
the candidate index posts and looks up; (3) a MinHash sketch of its 5-word shingles with
LSH band keys, for reprints. Terms are hashed (CRC-32 with a channel prefix) so document
frequencies fit in a table of integers and no vocabulary has to be held in memory.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.cluster.features import STOP_WORDS, text_features, tokens
from newsweave.cluster.grouping import CHANNEL_WEIGHTS, CONFLICT_WEIGHTS
from newsweave.cluster.reprints import MIN_CONTAINMENT, MIN_LENGTH_RATIO, NUM_PERM, SHINGLE
from newsweave.cluster.signature import Signature
from newsweave.cluster.similarity import LARGE_POOL, MAX_DF

Ids = npt.NDArray[np.uint32]
Weights = npt.NDArray[np.float32]
DfLookup = Callable[[Ids], npt.NDArray[np.int64]]  # term ids -> document frequencies

KEY_TERMS = 24  # distinctive terms an article posts to, and looks up in, the index
QUERY_NORM_FLOOR = 0.7  # a query vector is not scaled up by more than 1 / this
MAX_CENTROID = 1000  # terms kept in a story's summed vector
BANDS, ROWS = 42, 3  # LSH bands x rows of the 128-value sketch: candidates from Jaccard ~0.25
_WORD = re.compile(r"(?u)\b\w\w+\b")  # sklearn's default token pattern


@dataclass(frozen=True)
class Vector:
    """A sparse vector: sorted hashed term ids and their weights."""

    ids: Ids
    weights: Weights

    @staticmethod
    def empty() -> Vector:
        return Vector(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32))

    def dot(self, other: Vector) -> float:
        if not len(self.ids) or not len(other.ids):
            return 0.0
        pos = np.searchsorted(self.ids, other.ids)
        pos[pos == len(self.ids)] = 0
        hit = self.ids[pos] == other.ids
        return float(np.dot(self.weights[pos[hit]].astype(np.float64), other.weights[hit]))

    def plus(self, other: Vector, limit: int = MAX_CENTROID) -> Vector:
        """The sum of two vectors, keeping the ``limit`` heaviest terms."""
        ids = np.concatenate([self.ids, other.ids])
        weights = np.concatenate([self.weights, other.weights])
        uniq, inverse = np.unique(ids, return_inverse=True)
        summed = np.zeros(len(uniq), dtype=np.float32)
        np.add.at(summed, inverse, weights)
        if len(uniq) > limit:
            keep = np.sort(np.argpartition(-summed, limit)[:limit])
            uniq, summed = uniq[keep], summed[keep]
        return Vector(uniq.astype(np.uint32), summed)

    def to_bytes(self) -> bytes:
        return self.ids.astype("<u4").tobytes() + self.weights.astype("<f4").tobytes()

    @staticmethod
    def from_bytes(blob: bytes) -> Vector:
        n = len(blob) // 8
        ids = np.frombuffer(blob, dtype="<u4", count=n).astype(np.uint32)
        weights = np.frombuffer(blob, dtype="<f4", count=n, offset=4 * n).astype(np.float32)
        return Vector(ids, weights)


_BIGRAM = 0x01000193  # FNV prime: bigram id = (first * _BIGRAM + second) mod 2**32


def term_id(channel: str, term: str) -> int:
    return zlib.crc32(f"{channel}\x1f{term}".encode())


@dataclass(frozen=True)
class DocTerms:
    """Hashed term counts of one article, per channel, and the ids that may be keys."""

    channels: tuple[dict[int, int], dict[int, int], dict[int, int]]  # words, names, numbers
    keyable: frozenset[int]  # single content words and names

    def ids(self) -> list[int]:
        return sorted({t for counts in self.channels for t in counts})


def _hashed(channel: str, counts: Mapping[str, int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for term, n in counts.items():
        key = term_id(channel, term)
        out[key] = out.get(key, 0) + n
    return out


def doc_terms(text: str) -> DocTerms:
    words = [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOP_WORDS]
    cache = {w: term_id("w", w) for w in set(words)}
    wids = [cache[w] for w in words]
    word_counts: Counter[int] = Counter(wids)
    for w in cache:
        if w.isdigit():
            del word_counts[cache[w]]
    keyable = set(word_counts)
    # A bigram's id mixes its two word ids (no string is built for it).
    word_counts.update((a * _BIGRAM + b) & 0xFFFFFFFF for a, b in itertools.pairwise(wids))
    feats = text_features(text)
    name_counts = _hashed("n", Counter(feats.names))
    return DocTerms(
        channels=(dict(word_counts), name_counts, _hashed("d", Counter(feats.numbers))),
        keyable=frozenset(keyable | set(name_counts)),
    )


def weigh(
    terms: DocTerms,
    df: DfLookup,
    n_docs: int,
    channel_weights: tuple[float, float, float] = CHANNEL_WEIGHTS,
) -> tuple[Vector, Vector]:
    """(stored, query) vectors of an article; ``df``, ``n_docs``: counts before it.

    The *query* vector keeps only terms some earlier article had (the others cannot match
    anything yet and would only lengthen it) and not in over half of a large pool (the
    batch grouping's ``min_df``/``max_df`` pruning, as far as it can be known online); it is
    unit length per channel. The *stored* vector, added to the story, keeps every term (a
    name first seen here is what later reports will share), unit length per channel.
    """
    total = sum(channel_weights)
    common = MAX_DF * n_docs if n_docs >= LARGE_POOL else float("inf")
    stored: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]] = []
    query: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]] = []
    for counts, weight in zip(terms.channels, channel_weights, strict=True):
        if not counts or weight <= 0:
            continue
        ids = np.fromiter(counts.keys(), dtype=np.uint32, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        dfs = df(ids).astype(np.float64)
        keep = dfs <= common
        ids, tf, dfs = ids[keep], tf[keep], dfs[keep]
        raw = (1.0 + np.log(tf)) * (np.log((2.0 + n_docs) / (2.0 + dfs)) + 1.0)
        share = math.sqrt(weight / total)
        full_norm = float(np.linalg.norm(raw))
        if not full_norm:
            continue
        stored.append((ids, raw * (share / full_norm)))
        known = dfs > 0
        known_norm = float(np.linalg.norm(raw[known]))
        if known_norm:
            norm = max(known_norm, QUERY_NORM_FLOOR * full_norm)
            query.append((ids[known], raw[known] * (share / norm)))
    return _concat(stored), _concat(query)


def _concat(parts: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]]) -> Vector:
    if not parts:
        return Vector.empty()
    ids = np.concatenate([p[0] for p in parts])
    weights = np.concatenate([p[1] for p in parts]).astype(np.float32)
    order = np.argsort(ids, kind="stable")
    return Vector(ids[order], weights[order])


def key_terms(vector: Vector, keyable: Iterable[int], k: int = KEY_TERMS) -> list[int]:
    """The ``k`` heaviest keyable terms of a vector (most distinctive first)."""
    allowed = np.fromiter(keyable, dtype=np.uint32)
    mask = np.isin(vector.ids, allowed, assume_unique=True)
    ids, weights = vector.ids[mask], vector.weights[mask]
    order = np.argsort(-weights, kind="stable")[:k]
    return [int(t) for t in ids[order]]


@dataclass(frozen=True)
class Sketch:
    """MinHash values of an article's 5-word shingles, and how many shingles it has."""

    values: Ids
    size: int

    def band_keys(self) -> list[int]:
        """One integer per LSH band: band number in the high bits, CRC of its rows below."""
        rows = self.values[: BANDS * ROWS].astype("<u4").reshape(BANDS, ROWS)
        return [(b << 32) | zlib.crc32(rows[b].tobytes()) for b in range(BANDS)]

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @staticmethod
    def from_bytes(blob: bytes, size: int) -> Sketch:
        return Sketch(np.frombuffer(blob, dtype="<u4").astype(np.uint32), size)


_RNG = np.random.default_rng(1)
_PERM_A = _RNG.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_PERM_B = _RNG.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(text: str, size: int = SHINGLE) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the text's ``size``-word shingles (the words of
    :func:`newsweave.cluster.reprints.shingles`, hashed instead of joined)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    crc = {w: zlib.crc32(w.encode()) for w in set(words)}
    ids = np.fromiter((crc[w] for w in words), dtype=np.uint64, count=len(words))
    span = min(size, len(ids))
    n = len(ids) - span + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(span):
            h = h * _MIX + ids[j : j + n]
    return np.unique(h)


def sketch(text: str) -> Sketch:
    """MinHash of the 5-word shingles: ``NUM_PERM`` multiply-shift hashes of each shingle."""
    hv = shingle_hashes(text)
    if not len(hv):
        return Sketch(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0)
    with np.errstate(over="ignore"):
        mixed = (np.multiply.outer(hv, _PERM_A) + _PERM_B) >> np.uint64(32)
    return Sketch(mixed.min(axis=0).astype(np.uint32), len(hv))


def is_reprint(a: Sketch, b: Sketch) -> bool:
    """The reprint rule of :mod:`newsweave.cluster.reprints`, with the overlap estimated from
    the sketches: Jaccard J of sets of sizes m, n shares J(m+n)/(1+J) shingles."""
    if not a.size or not b.size:
        return False
    small, large = sorted((a.size, b.size))
    if small / large < MIN_LENGTH_RATIO:
        return False
    jaccard = float(np.mean(a.values == b.values))
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return shared / small >= MIN_CONTAINMENT


@dataclass(frozen=True)
class EventKey:
    """The parts of an event signature the penalties read (see ``signature.conflicts``)."""

    months: frozenset[str]  # given months only
    durations: frozenset[str]
    offices: tuple[tuple[str, frozenset[str]], ...]

    @staticmethod
    def of(sig: Signature) -> EventKey:
        offices = tuple(sorted(sig.offices.items()))
        return EventKey(sig.given_months, sig.durations, offices)

    def to_json(self) -> str:
        offices = [[o, sorted(who)] for o, who in self.offices]
        return json.dumps([sorted(self.months), sorted(self.durations), offices])

    @staticmethod
    def from_json(text: str) -> EventKey:
        months, durations, offices = json.loads(text)
        return EventKey(
            frozenset(months),
            frozenset(durations),
            tuple((str(o), frozenset(who)) for o, who in offices),
        )

    def penalty(
        self, other: EventKey, weights: tuple[float, float, float] = CONFLICT_WEIGHTS
    ) -> float:
        """What ``signature.conflicts(...).total(weights)`` gives for this pair."""
        wd, wu, wo = weights
        out = 0.0
        if self.months and other.months and not self.months & other.months:
            out += wd
        if self.durations and other.durations and not self.durations & other.durations:
            out += wu
        if self.offices and other.offices:
            theirs = dict(other.offices)
            agree = clash = 0
            for office, who in self.offices:
                if office in theirs:
                    if who & theirs[office]:
                        agree += 1
                    else:
                        clash += 1
            if clash and clash >= agree:
                out += wo
        return out
