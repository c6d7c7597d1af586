"""An extractive, cited story summary: central sentences that several sources support.

Every summary sentence is an exact span of one article (a :class:`Claim` with its offsets).
Candidates are the articles' sentences, plus each article's headline (its first line when
that line is a title, not a statement). Each candidate is scored by

* *consensus*: the weight of its content words, a word weighing the number of independent
  sources that use it (reprints count once, through ``independent``);
* *centrality*: TF-IDF similarity to the story's centroid;
* *support*: its best TF-IDF match in each other independent source;
* *position*: ledes carry the news (``1 / (1 + rank)`` among the article's statements);
* a *headline* bonus: at most one headline opens the summary.

Sentences are then picked greedily, each pick's consensus counting only words not yet
covered, with a redundancy penalty (maximal marginal relevance), until the word budget is
spent. The summary reads headline first, then statements in lede order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from newsweave.model import Annotations, Article, Claim

_WORDS = re.compile(r"\w+")
_CONTENT = re.compile(r"[^\W_]+")
_END = (".", "!", '"', "”", "’", "'", ")")
MIN_WORDS, MAX_WORDS = 8, 60
HEADLINE_WORDS = (4, 25)
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according"}


@dataclass(frozen=True)
class Candidate:
    article: str
    start: int
    end: int
    text: str
    rank: int  # statement position in its article (headlines: 0)
    headline: bool = False


@dataclass(frozen=True)
class SummaryWeights:
    """Weights of the candidate score and the selection.

    The feature weights were fit on NeuS train (least squares on each sentence's ROUGE
    precision against the reference); the selection knobs were set on NeuS dev.
    """

    consensus: float = 1.0  # content words other independent sources use (not yet covered)
    centrality: float = 0.5
    support: float = 0.5
    position: float = 0.35
    headline: float = 0.5
    lede: float = 0.0  # first statement of its article
    length: float = 0.0  # per 40 words
    quoted: float = 0.0  # share of the sentence inside quotation marks
    personal: float = 0.0  # first or second person outside quotes (opinion, address)
    redundancy: float = 0.7
    duplicate: float = 0.8  # never pick a sentence this similar (cosine) to a picked one
    overshoot: float = 0.25  # a last sentence may run past the budget by this share
    headlines: int = 1  # at most this many headlines


FEATURES = (
    "centrality",
    "support",
    "position",
    "headline",
    "lede",
    "length",
    "quoted",
    "personal",
)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_PERSONAL = re.compile(r"\b(?:I|we|We|you|You|my|My|our|Our|us)\b")


def words_in(text: str) -> int:
    return len(_WORDS.findall(text))


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words, crudely singular (``cases`` -> ``case``)."""
    out = set()
    for w in _CONTENT.findall(text.lower()):
        if w in STOP or len(w) < 2:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


def _is_headline(article: Article, text: str) -> bool:
    words = words_in(text)
    if not HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1]:
        return False
    if article.title and text.strip() == article.title.strip():
        return True
    return not text.rstrip().endswith(_END) and text[:1].isupper()


def candidates(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> list[Candidate]:
    """Sentences fit for a summary: full statements, neither questions nor fragments;
    and each article's headline."""
    out: list[Candidate] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        rank = 0
        for n, sent in enumerate(ann.sentences):
            text = article.text[sent.start : sent.end]
            if n == 0 and _is_headline(article, text):
                out.append(Candidate(article.id, sent.start, sent.end, text, 0, headline=True))
                continue
            stripped = text.rstrip()
            if not MIN_WORDS <= words_in(text) <= MAX_WORDS or stripped.endswith("?"):
                continue
            opens = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“'‘("
            if not stripped.endswith(_END) or not opens:
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
    share: float | None = None,
    min_words: int = 40,
) -> list[Claim]:
    """Pick summary sentences (as claims with exact offsets): headline first, then ledes.

    ``words`` is the budget; with ``share`` the budget is that share of the candidates'
    words, at least ``min_words`` and at most ``words`` (short inputs, short summaries).
    """
    weights = weights or SummaryWeights()
    origin = dict(independent or {})
    pool = candidates(articles, annotations)
    if share is not None:
        total = sum(words_in(c.text) for c in pool)
        words = min(words, max(min_words, round(share * total)))
    if not pool or words <= 0:
        return []
    origins = [origin.get(c.article, c.article) for c in pool]
    bags, word_weight = _consensus(pool, origins)
    table = features(pool, origins)
    static = sum(getattr(weights, name) * table[name] for name in FEATURES)
    lengths = [words_in(c.text) for c in pool]
    top_consensus = float(table["density"].max()) or 1.0

    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    limit = words * (1.0 + weights.overshoot)
    while used < words:
        best_i, best_score = -1, -np.inf
        for i in range(len(pool)):
            if i in chosen or (chosen and used + lengths[i] > limit):
                continue
            if pool[i].headline and sum(pool[j].headline for j in chosen) >= weights.headlines:
                continue
            gain = sum(word_weight[w] for w in bags[i] - covered) / np.sqrt(max(1, lengths[i]))
            redundancy = max((float(table["sims"][i, j]) for j in chosen), default=0.0)
            if redundancy >= weights.duplicate:
                continue
            score = (
                float(static[i])
                + weights.consensus * gain / top_consensus
                - weights.redundancy * redundancy
            )
            if score > best_score:
                best_i, best_score = i, score
        if best_i < 0:
            break
        chosen.append(best_i)
        covered |= bags[best_i]
        used += lengths[best_i]
    order = {a.id: n for n, a in enumerate(articles)}
    picked = sorted(
        chosen, key=lambda i: (not pool[i].headline, pool[i].rank, order[pool[i].article])
    )
    return [Claim(pool[i].article, pool[i].start, pool[i].end, pool[i].text) for i in picked]


def features(pool: Sequence[Candidate], origins: Sequence[str]) -> dict[str, np.ndarray]:
    """Per-candidate features (one array each, see :data:`FEATURES`), plus ``sims``."""
    sims, centrality = _tfidf(pool)
    n = len(pool)
    support = np.zeros(n)
    for i in range(n):
        best: dict[str, float] = {}
        for j in range(n):
            if origins[j] != origins[i]:
                best[origins[j]] = max(best.get(origins[j], 0.0), float(sims[i, j]))
        support[i] = sum(sorted(best.values(), reverse=True)[:3])
    headline = np.array([1.0 if c.headline else 0.0 for c in pool])
    quoted = np.zeros(n)
    personal = np.zeros(n)
    for i, c in enumerate(pool):
        inside = sum(m.end() - m.start() for m in _QUOTED.finditer(c.text))
        quoted[i] = inside / max(1, len(c.text))
        personal[i] = 1.0 if _PERSONAL.search(_QUOTED.sub(" ", c.text)) else 0.0
    bags, word_weight = _consensus(pool, origins)
    density = np.array(
        [
            sum(word_weight[w] for w in bag) / np.sqrt(max(1, words_in(c.text)))
            for bag, c in zip(bags, pool, strict=True)
        ]
    )
    return {
        "sims": sims,
        "density": density,
        "consensus": _scaled(density),
        "centrality": _scaled(centrality),
        "support": _scaled(support),
        "position": np.array([1.0 / (1.0 + c.rank) for c in pool]) * (1.0 - headline),
        "headline": headline,
        "lede": np.array([1.0 if c.rank == 0 else 0.0 for c in pool]) * (1.0 - headline),
        "length": np.array([words_in(c.text) / 40.0 for c in pool]),
        "quoted": quoted,
        "personal": personal,
    }


def _consensus(
    pool: Sequence[Candidate], origins: Sequence[str]
) -> tuple[list[frozenset[str]], dict[str, float]]:
    """Content words per candidate, and each word's share of the *other* independent
    sources that use it (0: one source only, 1: every source)."""
    bags = [content_words(c.text) for c in pool]
    sources_of: dict[str, set[str]] = defaultdict(set)
    for bag, src in zip(bags, origins, strict=True):
        for w in bag:
            sources_of[w].add(src)
    n_sources = len(set(origins))
    weight = {w: (len(s) - 1) / max(1, n_sources - 1) for w, s in sources_of.items()}
    return bags, weight


def _tfidf(pool: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise cosine similarities and similarity to the centroid."""
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [c.text for c in pool]
        )
    except ValueError:  # only stop words
        n = len(pool)
        return np.eye(n), np.zeros(n)
    sims = np.asarray((matrix @ matrix.T).toarray())
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = np.asarray(matrix @ centroid).ravel() / norm
    return sims, centrality


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values
