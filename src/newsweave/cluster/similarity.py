"""Document-document similarity channels, each an n x n cosine matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.cluster.features import TextFeatures

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


def _cosine(vectorizer: TfidfVectorizer, inputs: Sequence[object], n: int) -> FloatMatrix:
    try:
        x = vectorizer.fit_transform(inputs)
    except ValueError:  # empty vocabulary after pruning
        return np.zeros((n, n))
    sim: FloatMatrix = np.asarray((x @ x.T).toarray(), dtype=np.float64)
    return sim


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def channels(texts: Sequence[str], feats: Sequence[TextFeatures]) -> Channels:
    n = len(texts)
    large = n >= LARGE_POOL
    min_df = MIN_DF if large else (2 if n >= 3 else 1)
    max_df = MAX_DF if large else 1.0
    words = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        ngram_range=(1, 3),
        min_df=min_df,
        max_df=max_df,
        dtype=np.float64,
    )
    names = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, min_df=min(2, n), dtype=np.float64
    )
    numbers = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, min_df=min(2, n), dtype=np.float64
    )
    return Channels(
        words=_cosine(words, texts, n),
        names=_cosine(names, [f.names for f in feats], n),
        numbers=_cosine(numbers, [f.numbers for f in feats], n),
    )
