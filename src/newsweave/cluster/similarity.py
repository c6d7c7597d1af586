"""Document-document similarity channels, each an n x n cosine matrix.

The channels are TF-IDF cosines computed from stored hashed term bags
(:mod:`newsweave.cluster.terms`): sublinear term frequency, smoothed idf and row
normalisation, with the document-frequency pruning the pool's size calls for. This is
scikit-learn's ``TfidfVectorizer`` arithmetic, done on bags so that an article is read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]  # no stubs installed

from newsweave.cluster.terms import Bag

FloatMatrix = npt.NDArray[np.float64]

# Pools at least this large are treated as "many topics": n-grams must recur in
# MIN_DF documents and terms in more than MAX_DF of the pool carry no event information.
LARGE_POOL = 30
MIN_DF = 3
MAX_DF = 0.5


@dataclass(frozen=True)
class Channels:
    """The similarity channels of one pool of documents."""

    words: FloatMatrix  # TF-IDF of word 1-3-grams
    names: FloatMatrix  # TF-IDF of capitalised-name tokens
    numbers: FloatMatrix  # TF-IDF of number tokens

    def combined(self, weights: tuple[float, float, float]) -> FloatMatrix:
        ww, wn, wnum = weights
        total = ww + wn + wnum
        out: FloatMatrix = (ww * self.words + wn * self.names + wnum * self.numbers) / total
        return out


def cosine(bags: Sequence[Bag], min_df: int, max_df: float) -> FloatMatrix:
    """Cosine of TF-IDF rows (terms in fewer than ``min_df`` or more than ``max_df`` x n
    documents dropped; all zero when none is left)."""
    n = len(bags)
    sizes = [len(b.ids) for b in bags]
    if not sum(sizes):
        return np.zeros((n, n))
    ids = np.concatenate([b.ids for b in bags])
    counts = np.concatenate([b.counts for b in bags]).astype(np.float64)
    rows = np.repeat(np.arange(n), sizes)
    vocab, cols = np.unique(ids, return_inverse=True)
    df = np.bincount(cols, minlength=len(vocab))
    keep = (df >= min_df) & (df <= max_df * n)
    if not keep.any():
        return np.zeros((n, n))
    cell = keep[cols]
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    values = (1.0 + np.log(counts[cell])) * idf[cols[cell]]
    x = sparse.csr_matrix((values, (rows[cell], cols[cell])), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    sim: FloatMatrix = np.asarray((x @ x.T).toarray(), dtype=np.float64)
    return sim


def channels(words: Sequence[Bag], names: Sequence[Bag], numbers: Sequence[Bag]) -> Channels:
    n = len(words)
    large = n >= LARGE_POOL
    min_df = MIN_DF if large else (2 if n >= 3 else 1)
    max_df = MAX_DF if large else 1.0
    return Channels(
        words=cosine(words, min_df, max_df),
        names=cosine(names, min(2, n), 1.0),
        numbers=cosine(numbers, min(2, n), 1.0),
    )
