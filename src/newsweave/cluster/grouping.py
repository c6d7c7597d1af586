"""Group articles into stories: one story is one real-world event.

Similarity is a weighted mix of channels (word n-grams, capitalised names, numbers), minus
penalties where the articles' event signatures disagree (dates, lengths, office-holders).
Reprints are always in one story. Stories are cut from an average-link dendrogram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from newsweave.cluster.features import text_features
from newsweave.cluster.records import Grouping, StoryDoc
from newsweave.cluster.related import related_stories
from newsweave.cluster.reprints import duplicate_of
from newsweave.cluster.signature import FloatMatrix, conflicts, signature
from newsweave.cluster.similarity import channels

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


def _doc_text(doc: StoryDoc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def similarity(
    docs: Sequence[StoryDoc],
    *,
    channel_weights: tuple[float, float, float] = CHANNEL_WEIGHTS,
    conflict_weights: tuple[float, float, float] = CONFLICT_WEIGHTS,
) -> tuple[FloatMatrix, FloatMatrix]:
    """(content similarity, similarity after signature penalties), both n x n."""
    texts = [_doc_text(d) for d in docs]
    content = channels(texts, [text_features(t) for t in texts]).combined(channel_weights)
    penalty = conflicts([signature(d) for d in docs]).total(conflict_weights)
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


def group_stories(docs: Sequence[StoryDoc], *, threshold: float | None = None) -> Grouping:
    """Group articles into stories, mark reprints, and link look-alike stories.

    ``threshold`` is the cosine distance (1 - similarity) at which stories are cut; lower
    splits more. Output is deterministic for the same input in the same order.
    """
    settings = Settings() if threshold is None else Settings(threshold=threshold)
    return group_with(docs, settings)


def group_with(docs: Sequence[StoryDoc], settings: Settings) -> Grouping:
    """:func:`group_stories` with every knob given (for benchmarks and ablations)."""
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("group_stories needs unique article ids")
    if not docs:
        return Grouping(stories=[], duplicate_of={}, related=[])
    dups = duplicate_of(docs)
    content, sim = similarity(
        docs,
        channel_weights=settings.channel_weights,
        conflict_weights=settings.conflict_weights,
    )
    index = {doc_id: i for i, doc_id in enumerate(ids)}
    for copy, original in dups.items():
        i, j = index[copy], index[original]
        sim[i, j] = sim[j, i] = 1.0
    groups = cut(sim, settings.threshold)
    sigs = [signature(d) for d in docs]  # cheap regexes; recomputed to keep similarity() pure
    related = related_stories(docs, sigs, content, groups)
    return Grouping(
        stories=[[ids[i] for i in g] for g in groups], duplicate_of=dups, related=related
    )
