"""An adaptive word budget for the story summary, read from the inputs alone.

A roundup of short, terse sources is short; one of long, detailed sources is longer. The
budget is a log-linear function of the sources' sizes (:func:`budget_features`), its
coefficients fitted by least squares on NeuS train (the log of the reference summary's
length as target: ``bench/summarization.py --split train --fit-budget`` prints them). Only
the inputs are read at run time, never a reference. The user's ``--summary-words`` stays an
upper bound; the budget never falls below a floor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from newsweave.brief.summary_features import Candidate, words_in
from newsweave.model import Article

BUDGET_FEATURES = (
    "intercept",
    "log candidate words",
    "log shortest source",
    "log median source",
    "log longest source",
    "log candidates",
    "log headlines",
)
# Fitted on NeuS train (2,452 stories, compressed candidates; log reference words ~
# features, r = 0.55).
BUDGET_COEFFICIENTS = (-0.16, -0.085, 0.109, 0.646, 0.318, -0.139, 0.405)


def budget_features(articles: Sequence[Article], pool: Sequence[Candidate]) -> list[float]:
    """The budget's inputs (see :data:`BUDGET_FEATURES`): the candidates (headlines
    included) and each article's length in words."""
    sizes = sorted(words_in(a.text) for a in articles) or [0]
    return [
        1.0,
        math.log1p(sum(words_in(c.text) for c in pool)),
        math.log1p(sizes[0]),
        math.log1p(sizes[len(sizes) // 2]),
        math.log1p(sizes[-1]),
        math.log1p(len(pool)),
        math.log1p(sum(c.headline for c in pool)),
    ]


def adaptive_budget(
    articles: Sequence[Article],
    pool: Sequence[Candidate],
    most: int,
    least: int = 40,
    coefficients: Sequence[float] = BUDGET_COEFFICIENTS,
) -> int:
    """The predicted summary length in words, between ``least`` and ``most``."""
    x = budget_features(articles, pool)
    predicted = math.exp(min(20.0, sum(w * v for w, v in zip(coefficients, x, strict=True))))
    return max(min(least, most), min(most, round(predicted)))
