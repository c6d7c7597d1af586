"""Document-document similarity channels, each an n x n cosine matrix.

The channels are TF-IDF cosines computed from stored hashed term bags
(:mod:`newsweave.cluster.terms`): sublinear term frequency, smoothed idf and row
normalisation, with the document-frequency pruning the pool's size calls for. This is
scikit-learn's ``TfidfVectorizer`` arithmetic, done on bags so that an article is read once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse

from newsweave.cluster.terms import Bag

FloatMatrix = npt.NDArray[np.float64]

# Pools at least this large are treated as "many topics": n-grams must recur in
# MIN_DF documents and terms in more than MAX_DF of the pool carry no event information.
LARGE_POOL = 30
MIN_DF = 3
MAX_DF = 0.5


Cells = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64], int]


def tfidf_cells(bags: Sequence[Bag], min_df: int, max_df: float) -> Cells:
    """(rows, columns, values, columns in all) of the row-normalised TF-IDF matrix; terms in
    fewer than ``min_df`` or more than ``max_df`` x n documents are dropped."""
    n = len(bags)
    sizes = [len(b.ids) for b in bags]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), 0)
    if not sum(sizes):
        return empty
    vocab, cols = np.unique(np.concatenate([b.ids for b in bags]), return_inverse=True)
    counts = np.concatenate([b.counts for b in bags]).astype(np.float64)
    rows = np.repeat(np.arange(n), sizes)
    df = np.bincount(cols, minlength=len(vocab))
    keep = ((df >= min_df) & (df <= max_df * n))[cols]
    if not keep.any():
        return empty
    rows, cols, counts = rows[keep], cols[keep], counts[keep]
    values = (1.0 + np.log(counts)) * (np.log((1.0 + n) / (1.0 + df[cols])) + 1.0)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
    return rows, cols, values / norms[rows], len(vocab)


def content_similarity(
    words: Sequence[Bag],
    names: Sequence[Bag],
    numbers: Sequence[Bag],
    weights: tuple[float, float, float],
) -> FloatMatrix:
    """The weighted mean of the three channels' cosines (word 1-3-grams, capitalised-name
    tokens, numbers), as one product of the weighted, side-by-side TF-IDF matrices."""
    n = len(words)
    large = n >= LARGE_POOL
    min_df = MIN_DF if large else (2 if n >= 3 else 1)
    max_df = MAX_DF if large else 1.0
    total = sum(weights)
    parts = [
        tfidf_cells(words, min_df, max_df),
        tfidf_cells(names, min(2, n), 1.0),
        tfidf_cells(numbers, min(2, n), 1.0),
    ]
    offset = 0
    rows, cols, values = [], [], []
    for (r, c, v, width), weight in zip(parts, weights, strict=True):
        rows.append(r)
        cols.append(c + offset)
        values.append(v * np.sqrt(weight / total))
        offset += width
    x = sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n, max(offset, 1)),
    )
    sim: FloatMatrix = np.asarray((x @ x.T).toarray(), dtype=np.float64)
    return sim
