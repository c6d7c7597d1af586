"""An extractive, cited story summary: central sentences that several sources support.

Every summary sentence is an exact span of one article (a :class:`Claim` with its offsets).
Candidates are the articles' sentences, plus, with ``headline=True``, each article's
headline (its first line when that line is a title, not a statement). Each candidate is
scored by (features in :mod:`newsweave.brief.summary_features`)

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.brief.summary_budget import adaptive_budget
from newsweave.brief.summary_compress import compress, dateline_length
from newsweave.brief.summary_features import (
    Candidate,
    consensus,
    content_words,
    features,
    words_in,
)
from newsweave.model import Annotations, Article, Claim

__all__ = [
    "Candidate",
    "SummaryWeights",
    "candidates",
    "content_words",
    "dateline_length",
    "summarize",
    "words_in",
]

_END = (".", "!", '"', "”", "’", "'", ")")
MIN_WORDS, MAX_WORDS = 8, 60
HEADLINE_WORDS = (4, 25)


@dataclass(frozen=True)
class SummaryWeights:
    """Weights of the candidate score and the selection (see ``bench/summarization.py``)."""

    consensus: float = 1.0  # content words other independent sources use (not yet covered)
    centrality: float = 0.5
    support: float = 0.5
    position: float = 0.35
    headline: float = 0.5
    lede: float = 0.0  # first statement of its article
    title: float = 0.0  # share of its content words in the other articles' headlines
    length: float = 0.0  # per 40 words
    quoted: float = 0.0  # share of the sentence inside quotation marks
    personal: float = 0.0  # first or second person outside quotes (opinion, address)
    said: float = 0.0  # attributed ("said", "according to")
    loaded: float = 0.0  # judging words ("slams", "outrageous"): framing, not report
    number: float = 0.0  # holds a digit
    capitals: float = 0.0  # share of capitalised words (names)
    redundancy: float = 0.7
    duplicate: float = 0.8  # never pick a sentence this similar (cosine) to a picked one
    overshoot: float = 0.25  # a last sentence may run past the budget by this share
    headlines: int = 1  # at most this many headlines (when headlines are allowed)


STATIC = (
    "centrality",
    "support",
    "position",
    "headline",
    "lede",
    "title",
    "length",
    "quoted",
    "personal",
    "said",
    "loaded",
    "number",
    "capitals",
)


def _is_headline(article: Article, text: str) -> bool:
    words = words_in(text)
    if not HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1]:
        return False
    if article.title and text.strip() == article.title.strip():
        return True
    return not text.rstrip().endswith(_END) and text[:1].isupper()


def unbalanced_quote(text: str) -> bool:
    """A fragment of a quotation: a closing mark before any opening one, or an odd number
    of straight double quotes (the sentence splitter cut inside a quote)."""
    opening, closing = text.find("“"), text.find("”")
    if closing >= 0 and (opening < 0 or closing < opening):
        return True
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def candidates(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], compressed: bool = True
) -> list[Candidate]:
    """Sentences fit for a summary: full statements, neither questions nor fragments;
    and each article's headline. With ``compressed``, each statement is cut to the span
    :func:`newsweave.brief.summary_compress.compress` keeps (datelines always go)."""
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
            skip = dateline_length(text)
            start = sent.start + skip
            text = text[skip:]
            stripped = text.rstrip()
            if not MIN_WORDS <= words_in(text) <= MAX_WORDS or stripped.endswith("?"):
                continue
            if unbalanced_quote(text):
                continue
            opens = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“'‘("
            if not stripped.endswith(_END) or not opens:
                continue
            keep = compress(text) if compressed else (0, len(text))
            text = text[keep[0] : keep[1]]
            out.append(Candidate(article.id, start + keep[0], start + keep[1], text, rank))
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
    headline: bool = False,
    adaptive: bool = True,
    compressed: bool = True,
) -> list[Claim]:
    """Pick summary sentences (as claims with exact offsets) in lede order.

    ``words`` is an upper bound on the budget. With ``adaptive`` the budget is predicted
    from the sources' lengths (:mod:`newsweave.brief.summary_budget`: short, terse sources,
    a short summary), at least ``min_words``; with ``share`` it is that share of the
    candidates' words instead (within the same bounds); with neither it is ``words``.

    With ``compressed`` a claim may be a span of its sentence (a dateline, a leading
    clause or a trailing gloss cut off, :mod:`newsweave.brief.summary_compress`); read it
    with ``summary_compress.as_sentence``.

    Headlines (an article's first line, a title without final punctuation) are not
    statements: joined with the summary's sentences they would run into them. They are
    candidates only with ``headline=True`` (a roundup that opens with a title line, as
    NeuS references do); at most ``weights.headlines`` of them, placed first.
    """
    weights = weights or SummaryWeights()
    origin = dict(independent or {})
    pool = candidates(articles, annotations, compressed)
    titles = [c.text for c in pool if c.headline] + [a.title for a in articles if a.title]
    if share is None and adaptive:
        words = adaptive_budget(articles, pool, words, min_words)
    if not headline:
        pool = [c for c in pool if not c.headline]
    if share is not None:
        total = sum(words_in(c.text) for c in pool)
        words = min(words, max(min_words, round(share * total)))
    if not pool or words <= 0:
        return []
    origins = [origin.get(c.article, c.article) for c in pool]
    bags, word_weight = agreed = consensus(pool, origins)
    table = features(pool, origins, sorted(set(titles)), agreed)
    static = sum(getattr(weights, name) * table[name] for name in STATIC)
    lengths = [words_in(c.text) for c in pool]
    top_consensus = float(table["density"].max()) or 1.0
    # plain floats (the same values): read once per candidate and pick, numpy's element
    # access costs more than the arithmetic
    sims: list[list[float]] = table["sims"].tolist()
    statics: list[float] = np.asarray(static, dtype=float).tolist()
    weigh = word_weight.__getitem__
    roots = [np.sqrt(max(1, n)) for n in lengths]

    chosen: list[int] = []
    covered: set[str] = set()
    closest = [-np.inf] * len(pool)  # each candidate's highest similarity to a chosen one
    headlines = 0
    used = 0
    limit = words * (1.0 + weights.overshoot)
    while used < words:
        best_i, best_score = -1, -np.inf
        for i in range(len(pool)):
            if (chosen and used + lengths[i] > limit) or i in chosen:
                continue
            if pool[i].headline and headlines >= weights.headlines:
                continue
            redundancy = closest[i] if chosen else 0.0
            if redundancy >= weights.duplicate:
                continue
            gain = sum(map(weigh, bags[i] - covered)) / roots[i]
            score = (
                statics[i]
                + weights.consensus * gain / top_consensus
                - weights.redundancy * redundancy
            )
            if score > best_score:
                best_i, best_score = i, score
        if best_i < 0:
            break
        chosen.append(best_i)
        closest = [max(c, row[best_i]) for c, row in zip(closest, sims, strict=True)]
        covered |= bags[best_i]
        used += lengths[best_i]
        headlines += pool[best_i].headline
    order = {a.id: n for n, a in enumerate(articles)}
    picked = sorted(
        chosen, key=lambda i: (not pool[i].headline, pool[i].rank, order[pool[i].article])
    )
    return [Claim(pool[i].article, pool[i].start, pool[i].end, pool[i].text) for i in picked]
