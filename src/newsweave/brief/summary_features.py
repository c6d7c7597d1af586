"""Per-sentence features of summary candidates (see :data:`FEATURES`).

Each feature is one number per candidate, comparable across stories (shares, scaled to the
story's best, or flags), so one linear scorer (:mod:`newsweave.brief.summary_model`) fits
stories of any size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

_WORDS = re.compile(r"\w+")
_CONTENT = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_PERSONAL = re.compile(r"\b(?:I|we|We|you|You|my|My|our|Our|us)\b")
_NUMBER = re.compile(r"\d")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]*")
_SAID = re.compile(r"\b(?:said|says|told|according to|stated|added)\b")
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according"}
# Framing: words that judge rather than report (a neutral roundup avoids them).
_LOADED_WORDS = """
    slam slams slammed blast blasts blasted rip rips ripped bash bashes bashed
    outrage outrageous outraged shocking shock shocked stunning stunned disgrace
    disgraceful disaster disastrous chaos chaotic radical extreme extremist absurd
    ridiculous insane crazy brutal horrific horrible terrible awful appalling
    scandal scandalous corrupt lie lies lied liar lying hypocrisy hypocrite hypocritical
    panic doom fury furious angry rage destroy destroyed destroys devastating
    dangerous reckless shameful shameless pathetic embarrassing bizarre
    unhinged meltdown hysteria hysterical smear sham hoax witch
    finally really very truly simply just even obviously clearly
    """
LOADED = frozenset(_LOADED_WORDS.split())
FEATURES = (
    "consensus",
    "centrality",
    "support",
    "position",
    "lede",
    "headline",
    "title",
    "length",
    "quoted",
    "personal",
    "said",
    "loaded",
    "number",
    "capitals",
)


@dataclass(frozen=True)
class Candidate:
    article: str
    start: int
    end: int
    text: str
    rank: int  # statement position in its article (headlines: 0)
    headline: bool = False


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


def consensus(
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


def tfidf(pool: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
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


def features(
    pool: Sequence[Candidate],
    origins: Sequence[str],
    titles: Sequence[str] = (),
    agreed: tuple[list[frozenset[str]], dict[str, float]] | None = None,
) -> dict[str, np.ndarray]:
    """Per-candidate features (one array each, see :data:`FEATURES`), plus ``sims`` (the
    pairwise cosine matrix), ``density`` (unscaled consensus) and the consensus ``bags``
    are returned by :func:`consensus` separately.

    ``titles`` are the story's headlines; ``title`` is the share of a candidate's content
    words found in the headlines of the *other* articles. ``agreed`` is what
    :func:`consensus` returns for ``pool`` and ``origins``, when the caller has it.
    """
    sims, centrality = tfidf(pool)
    support = _support(sims, origins)
    headline = np.array([1.0 if c.headline else 0.0 for c in pool])
    bags, word_weight = agreed or consensus(pool, origins)
    words = [_WORDS.findall(c.text) for c in pool]
    lengths = np.array([max(1, len(tokens)) for tokens in words], dtype=float)
    density = np.array([sum(word_weight[w] for w in bag) for bag in bags], dtype=float) / np.sqrt(
        lengths
    )
    title_bags = [content_words(t) for t in titles]
    # the other articles' headline words: all of them, unless the candidate is a headline
    every_title: set[str] = set().union(*title_bags)
    cols: dict[str, list[float]] = defaultdict(list)
    for c, bag, tokens in zip(pool, bags, words, strict=True):
        outside = _QUOTED.sub(" ", c.text)
        lowered = [t.lower() for t in tokens]
        others = every_title
        if bag in title_bags:
            others = set().union(*(b for b in title_bags if b != bag))
        cols["title"].append(len(bag & others) / max(1, len(bag)))
        inside = sum(m.end() - m.start() for m in _QUOTED.finditer(c.text))
        cols["quoted"].append(inside / max(1, len(c.text)))
        cols["personal"].append(1.0 if _PERSONAL.search(outside) else 0.0)
        cols["said"].append(1.0 if _SAID.search(c.text) else 0.0)
        cols["loaded"].append(min(2, sum(t in LOADED for t in lowered)) / 2.0)
        cols["number"].append(1.0 if _NUMBER.search(c.text) else 0.0)
        cols["capitals"].append(len(_CAPITAL.findall(c.text)) / max(1, len(tokens)))
    out = {name: np.array(values) for name, values in cols.items()}
    out.update(
        sims=sims,
        density=density,
        consensus=_scaled(density),
        centrality=_scaled(centrality),
        support=_scaled(support),
        position=np.array([1.0 / (1.0 + c.rank) for c in pool]) * (1.0 - headline),
        headline=headline,
        lede=np.array([1.0 if c.rank == 0 else 0.0 for c in pool]) * (1.0 - headline),
        length=lengths / 40.0,
    )
    return out


def _support(sims: np.ndarray, origins: Sequence[str]) -> np.ndarray:
    """Sum of a candidate's best matches in (at most) three other independent sources."""
    names = sorted(set(origins))
    group = np.array([names.index(o) for o in origins])
    best = np.zeros((len(origins), len(names)))
    for k in range(len(names)):
        best[:, k] = sims[:, group == k].max(axis=1)
    best[np.arange(len(origins)), group] = 0.0  # not its own source
    top = -np.sort(-best, axis=1)[:, :3]
    return np.asarray(top.sum(axis=1))


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values
