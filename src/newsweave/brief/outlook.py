"""What's next: announced or expected future events, each with the sentences that say so.

A sentence announces a future event when it says one is planned, scheduled, expected or
accepted ("is expected to", "accepted an invitation to visit", "later this year", "next
month"), or pairs a future tense with a time value after the story's last day ("will
open ... in September"). Sentences of several
sources that announce the same thing are one entry with all of them as claims.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.model import Annotations, Article, Claim, Outlook, TimeValue

# Announcements: an event is planned, scheduled, expected or accepted.
_ANNOUNCED = re.compile(
    r"\b(?:(?:is|are|was|were) (?:expected|set|due|scheduled|slated|poised) to|"
    r"plans? to|planning to|accepted (?:an|the|her|his|their) invitation|"
    r"next (?:week|month|year|round|meeting|summit)|later this (?:year|month|week)|"
    r"in the coming (?:days|weeks|months)|upcoming)\b",
    re.IGNORECASE,
)
# A plain future tense: "will" as an auxiliary ("will travel"), not the noun ("own will").
_FUTURE_TENSE = re.compile(
    r"(?<!own )(?<!free )(?<!good )(?<!political )(?<!the )\bwill (?:not )?(?:be |have )?[a-z]+"
)
_PAST_ONLY = re.compile(r"\b(?:would have|had been|was expected to)\b", re.IGNORECASE)
SAME_ANNOUNCEMENT = 0.45
MAX_WORDS = 70


def _future_value(tx: TimeValue, after: str | None) -> str | None:
    if tx.value == "FUTURE_REF":
        return tx.value
    if tx.type not in ("DATE", "TIME") or after is None or not tx.value[:4].isdigit():
        return None
    value = tx.value[:10]
    return value if value[: len(after)] > after[: len(value)] else None


def _candidates(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], after: str | None
) -> list[tuple[Claim, str | None, float]]:
    out: list[tuple[Claim, str | None, float]] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        for sent in ann.sentences:
            text = article.text[sent.start : sent.end]
            if len(text.split()) > MAX_WORDS or text.rstrip().endswith("?"):
                continue
            when = None
            for tx in ann.timexes:
                if sent.start <= tx.start < sent.end:
                    when = _future_value(tx, after) or when
            announced = _ANNOUNCED.search(text) is not None
            future = _FUTURE_TENSE.search(text) is not None
            dated = when is not None and when != "FUTURE_REF"
            if not (announced or (dated and future)) or _PAST_ONLY.search(text):
                continue
            score = 2.0 * dated + 2.0 * announced + 1.0 * future
            claim = Claim(article.id, sent.start, sent.end, text, when if dated else None)
            out.append((claim, when if dated else None, score))
    return out


def whats_next(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    *,
    after: str | None,
    duplicate_of: Mapping[str, str] | None = None,
    limit: int = 5,
) -> list[Outlook]:
    """Future events the story's articles announce, most widely reported first."""
    origins = dict(duplicate_of or {})
    found = _candidates(articles, annotations, after)
    if not found:
        return []
    texts = [c.text for c, _, _ in found]
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    sims = (matrix @ matrix.T).toarray()
    groups: list[list[int]] = []
    for i in range(len(found)):
        for group in groups:
            if sims[i, group[0]] >= SAME_ANNOUNCEMENT:
                group.append(i)
                break
        else:
            groups.append([i])

    def rank(group: list[int]) -> tuple[float, int]:
        sources = {origins.get(found[i][0].article, found[i][0].article) for i in group}
        return (-(max(found[i][2] for i in group) + len(sources)), group[0])

    out: list[Outlook] = []
    for group in sorted(groups, key=rank)[:limit]:
        claims = tuple(found[i][0] for i in group)
        when = next((found[i][1] for i in group if found[i][1]), None)
        out.append(Outlook(" ".join(claims[0].text.split()), when, claims))
    return out
