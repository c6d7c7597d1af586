"""Reprint detection: copies and lightly edited or updated versions of one article."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from datasketch import MinHash, MinHashLSH

from newsweave.cluster.features import tokens
from newsweave.cluster.records import StoryDoc

SHINGLE = 5  # words per shingle
NUM_PERM = 128
LSH_THRESHOLD = 0.25  # candidate recall: estimated Jaccard at which pairs are looked at
# (containment 0.7 at a length ratio of 0.5 is a Jaccard of 0.3)
MIN_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the longer one;
# independent reports of one event share well under 0.3 of their 5-word shingles, while
# edited reprints (a paragraph cut, one added, sentences retouched) keep 0.75-0.95
MIN_LENGTH_RATIO = 0.5  # an excerpt of under half the length is a quotation, not a reprint


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    words = tokens(text)
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def _minhash(items: frozenset[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([s.encode("utf-8") for s in sorted(items)])
    return mh


def is_reprint(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two shingle sets are the same article (possibly trimmed, edited or extended)."""
    if not a or not b:
        return False
    small, large = sorted((len(a), len(b)))
    if small / large < MIN_LENGTH_RATIO:
        return False
    return len(a & b) / small >= MIN_CONTAINMENT


def reprint_pairs(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of near-duplicate texts, found with MinHash LSH and checked exactly."""
    sets = [shingles(t) for t in texts]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for j, items in enumerate(sets):
        if not items:
            continue
        mh = _minhash(items)
        for key in lsh.query(mh):
            i = int(key)
            if is_reprint(sets[i], items):
                pairs.add((i, j))
        lsh.insert(str(j), mh)
    return sorted(pairs)


def duplicate_of(docs: Sequence[StoryDoc]) -> dict[str, str]:
    """Article id -> id of the article it reprints: the earliest published, else the first given."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in reprint_pairs([d.text for d in docs]):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: (docs[i].published or date.max, i))
        for i in members:
            if i != first:
                out[docs[i].id] = docs[first].id
    return out
