"""Where a new article goes: which stored story it joins (or merges), or a new one.

The store's entity index gives candidate articles (sharing names, dated within a window);
their stories' members and the new article are grouped with the batch grouping, and the
new article joins the stories its group holds. The cost depends on the candidates, never
on the size of the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsweave.analyze.annotate import Analysis
from newsweave.cluster import group_stories
from newsweave.model import Article
from newsweave.store.base import Store
from newsweave.stories import GROUPED_LABELS, story_docs

WINDOW_DAYS = 10
CANDIDATES = 40
MAX_DOCS = 60


@dataclass(frozen=True)
class Placement:
    """``stories``: the stored stories the article joins (several: they merge)."""

    stories: tuple[str, ...]
    duplicate_of: str | None
    candidates_checked: int


def place(store: Store, article: Article, analysis: Analysis) -> Placement:
    """Find the stories a new (already saved) article belongs to."""
    ann = analysis.annotations[article.id]
    names = [m.canonical for m in ann.mentions if m.label in GROUPED_LABELS]
    found = [
        a
        for a in store.candidates(names, ann.published, WINDOW_DAYS, CANDIDATES)
        if a != article.id
    ]
    story_of = store.story_of(found)
    ranked = [s for s, _ in Counter(story_of[a] for a in found if a in story_of).most_common()]
    member_ids: list[str] = []
    owner: dict[str, str] = {}
    for story_id in ranked:
        data = store.story(story_id)
        if data is None:
            continue
        members = [a for a in data["articles"] if a not in owner and a != article.id]
        for a in members[-max(1, MAX_DOCS - len(member_ids)) :]:
            owner[a] = story_id
            member_ids.append(a)
        if len(member_ids) >= MAX_DOCS:
            break
    if not member_ids:
        return Placement((), None, len(found))
    anns, events = store.analysis(member_ids)
    pool = [a for a in store.articles(member_ids) if a.id in anns]
    both = Analysis(annotations={**anns, article.id: ann}, events={**events})
    both.events[article.id] = analysis.events.get(article.id, [])
    docs = story_docs([*pool, article], both)
    grouping = group_stories(docs)
    mine = next(g for g in grouping.stories if article.id in g)
    joined = Counter(owner[a] for a in mine if a in owner)
    return Placement(
        stories=tuple(s for s, _ in joined.most_common()),
        duplicate_of=grouping.duplicate_of.get(article.id),
        candidates_checked=len(found),
    )
