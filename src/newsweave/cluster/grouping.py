"""Group articles into stories: one story is one real-world event.

Similarity is a weighted mix of channels (word n-grams, capitalised names, numbers), minus
penalties where the articles' event signatures disagree (dates, lengths, office-holders).
Reprints are always in one story. Stories are cut from an average-link dendrogram. The
grouping reads only :class:`~newsweave.cluster.terms.DocFeatures`, so the online placement
(:mod:`newsweave.cluster.online`) runs the same grouping on stored features.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from newsweave.cluster.records import Grouping, StoryDoc
from newsweave.cluster.related import related_stories
from newsweave.cluster.reprints import duplicate_of
from newsweave.cluster.signature import FloatMatrix, conflicts, signature
from newsweave.cluster.similarity import content_similarity
from newsweave.cluster.terms import DocFeatures, doc_features

# Chosen on the ECB+ train and dev splits (bench/clustering.py); see bench/results.
DEFAULT_THRESHOLD = 0.78  # cosine distance at which the average-link dendrogram is cut
CHANNEL_WEIGHTS = (1.0, 0.5, 0.2)  # words, names, numbers
CONFLICT_WEIGHTS = (0.5, 0.3, 0.15)  # dates (given only), durations, office-holders


@dataclass(frozen=True)
class Settings:
    """The knobs of the grouping; the defaults are the tuned ones."""

    threshold: float = DEFAULT_THRESHOLD
    channel_weights: tuple[float, float, float] = CHANNEL_WEIGHTS
    conflict_weights: tuple[float, float, float] = CONFLICT_WEIGHTS


@dataclass(frozen=True)
class Groups:
    """A grouping by position: stories as index lists, reprints, content similarity."""

    stories: list[list[int]]
    duplicate_of: dict[str, str]
    content: FloatMatrix


def similarity(
    feats: Sequence[DocFeatures],
    *,
    channel_weights: tuple[float, float, float] = CHANNEL_WEIGHTS,
    conflict_weights: tuple[float, float, float] = CONFLICT_WEIGHTS,
) -> tuple[FloatMatrix, FloatMatrix]:
    """(content similarity, similarity after signature penalties), both n x n."""
    content = content_similarity(
        [f.words for f in feats],
        [f.names for f in feats],
        [f.numbers for f in feats],
        channel_weights,
    )
    penalty = conflicts([f.event.signature() for f in feats]).total(conflict_weights)
    return content, content - penalty


def cut(sim: FloatMatrix, threshold: float) -> list[list[int]]:
    """Average-link clusters of a similarity matrix, as index lists in first-seen order."""
    n = sim.shape[0]
    if n < 2:
        return [list(range(n))] if n else []
    dist = np.clip(1.0 - sim, 0.0, None)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    labels = model.fit_predict(dist).tolist()
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def group_features(
    feats: Sequence[DocFeatures],
    settings: Settings | None = None,
    dups: dict[str, str] | None = None,
) -> Groups:
    """The grouping of a pool of articles given by their features (``dups``: their
    :func:`~newsweave.cluster.reprints.duplicate_of`, when the caller has it)."""
    settings = settings or Settings()
    ids = [f.id for f in feats]
    if len(set(ids)) != len(ids):
        raise ValueError("group_stories needs unique article ids")
    if not feats:
        return Groups([], {}, np.zeros((0, 0)))
    dups = duplicate_of(feats) if dups is None else dups
    content, sim = similarity(
        feats,
        channel_weights=settings.channel_weights,
        conflict_weights=settings.conflict_weights,
    )
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    for copy, original in dups.items():
        i, j = index[copy], index[original]
        sim[i, j] = sim[j, i] = 1.0
    return Groups(cut(sim, settings.threshold), dups, content)


def group_stories(docs: Sequence[StoryDoc], *, threshold: float | None = None) -> Grouping:
    """Group articles into stories, mark reprints, and link look-alike stories.

    ``threshold`` is the cosine distance (1 - similarity) at which stories are cut; lower
    splits more. Output is deterministic for the same input in the same order.
    """
    settings = Settings() if threshold is None else Settings(threshold=threshold)
    return group_with(docs, settings)


def group_with(docs: Sequence[StoryDoc], settings: Settings) -> Grouping:
    """:func:`group_stories` with every knob given (for benchmarks and ablations)."""
    groups = group_features([doc_features(d) for d in docs], settings)
    ids = [d.id for d in docs]
    related = related_stories(docs, [signature(d) for d in docs], groups.content, groups.stories)
    return Grouping(
        stories=[[ids[i] for i in g] for g in groups.stories],
        duplicate_of=groups.duplicate_of,
        related=related,
    )
