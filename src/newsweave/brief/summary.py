"""An extractive, cited story summary: central sentences that several sources support.

Each candidate sentence is scored by its TF-IDF similarity to the story's centroid, by
how well sentences of *other* independent articles support it (consensus first), and by
its position in its article (ledes carry the news). Sentences are then picked greedily
with a redundancy penalty (maximal marginal relevance) until the word budget is spent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.model import Annotations, Article, Claim

_WORDS = re.compile(r"\w+")
MIN_WORDS, MAX_WORDS = 8, 60


@dataclass(frozen=True)
class Candidate:
    article: str
    start: int
    end: int
    text: str
    rank: int  # sentence position in its article


@dataclass(frozen=True)
class SummaryWeights:
    centrality: float = 1.0
    support: float = 0.8
    position: float = 0.35
    redundancy: float = 0.7


def candidates(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> list[Candidate]:
    """Sentences fit for a summary: full statements, neither headings nor questions."""
    out: list[Candidate] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        rank = 0
        for sent in ann.sentences:
            text = article.text[sent.start : sent.end]
            words = len(_WORDS.findall(text))
            if not MIN_WORDS <= words <= MAX_WORDS or text.rstrip().endswith("?"):
                continue
            if not text.rstrip().endswith((".", "!", '"', "”", "’", "'")):
                continue
            out.append(Candidate(article.id, sent.start, sent.end, text, rank))
            rank += 1
    return out


def summarize(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    *,
    words: int = 120,
    independent: Mapping[str, str] | None = None,
    weights: SummaryWeights | None = None,
) -> list[Claim]:
    """Pick summary sentences (as claims with exact offsets), in reading order."""
    weights = weights or SummaryWeights()
    origin = dict(independent or {})
    pool = candidates(articles, annotations)
    if not pool or words <= 0:
        return []
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [c.text for c in pool]
    )
    sims = (matrix @ matrix.T).toarray()
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    centrality = np.asarray(matrix @ centroid).ravel() / norm
    origins = [origin.get(c.article, c.article) for c in pool]
    support = np.zeros(len(pool))
    for i in range(len(pool)):
        others: dict[str, float] = {}
        for j in range(len(pool)):
            if origins[j] != origins[i]:
                others[origins[j]] = max(others.get(origins[j], 0.0), float(sims[i, j]))
        support[i] = sum(sorted(others.values(), reverse=True)[:3])
    position = np.array([1.0 / (1.0 + c.rank) for c in pool])
    base = (
        weights.centrality * _scaled(centrality)
        + weights.support * _scaled(support)
        + weights.position * position
    )
    chosen: list[int] = []
    used = 0
    while True:
        best, best_score = -1, -np.inf
        for i in range(len(pool)):
            if i in chosen:
                continue
            length = len(_WORDS.findall(pool[i].text))
            if chosen and used + length > words * 1.1:
                continue
            redundancy = max((sims[i, j] for j in chosen), default=0.0)
            score = base[i] - weights.redundancy * redundancy
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        used += len(_WORDS.findall(pool[best].text))
        if used >= words:
            break
    order = {a.id: n for n, a in enumerate(articles)}
    picked = sorted(chosen, key=lambda i: (pool[i].rank, order[pool[i].article]))
    return [Claim(pool[i].article, pool[i].start, pool[i].end, pool[i].text) for i in picked]


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values
