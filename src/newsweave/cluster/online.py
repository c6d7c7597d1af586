"""Online story placement: articles arrive one at a time, in any order.

An article's name tokens look up, in an index, earlier articles dated within a window that
share its rarest names; their stories are the candidates. The batch grouping
(:func:`~newsweave.cluster.grouping.group_features`) then runs on the new article plus the
candidate stories' members (their most recent ones when a story is long), from stored
features, and its partition of that pool is applied to the stories:

- each candidate story has a *home* group, the one holding most of its members;
- the new article joins the story homed in its group (the largest, the oldest on a tie),
  or founds one; the other stories homed there merge into it and their keys are retired
  (a story's key never changes once given, and is never given to another story);
- a member grouped with the new article moves into its story, and a member of that story
  grouped elsewhere moves out, to the story homed there or a new one (splits);
- disagreements between the pool and stories that do not involve the new article's group
  are left for an article that does (so an add rebuilds few stories);
- a reprint of a pool member joins its original's story and is marked as its duplicate.

So joins, merges and splits all follow the proven batch grouping, early mistakes are
undone when later articles make them clear, and the cost depends on the candidates, never
on the size of the index. Every change is recorded as story history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from newsweave.cluster.grouping import Settings, group_features
from newsweave.cluster.reprints import reprint_of
from newsweave.cluster.terms import DocFeatures
from newsweave.model import content_id

# Chosen on the ECB+ train and dev splits, docs in shuffled order (bench/clustering.py).
WINDOW_DAYS = 10  # candidate articles are dated this close (when both are dated)
QUERY_KEYS = 12  # the article's rarest known name tokens that are looked up
CANDIDATE_ARTICLES = 30  # articles the lookup returns, most keys shared first
MAX_STORIES = 10  # candidate stories regrouped with the new article
MAX_MEMBERS = 12  # most recent members of one story in the pool
MAX_POOL = 60

HistoryEvent = Literal["created", "joined", "merged", "split"]


class PlacementIndex(Protocol):
    """What placement needs from storage (``store.story_index.StoryIndex`` for the stores)."""

    def candidates(self, keys: Sequence[str], day: int, window: int, limit: int) -> list[str]:
        """Articles sharing the most of the rarest of ``keys``, dated within ``window`` days
        of ``day`` (0: unknown, any date)."""
        ...

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    def members(self, story: str) -> list[str]:
        """The story's articles in arrival order."""
        ...

    def features(self, article_ids: Sequence[str]) -> dict[str, DocFeatures]: ...

    def duplicates(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> the article it reprints, for those that are reprints."""
        ...

    def arrival(self, article_ids: Sequence[str]) -> dict[str, int]:
        """Article id -> its place in arrival order (smaller: earlier)."""
        ...

    def new_key(self, founder: str, taken: Collection[str]) -> str:
        """A key for a new story founded by ``founder``: not in ``taken`` and never used."""
        ...

    def add(self, feats: DocFeatures, story: str, duplicate_of: str | None) -> None: ...

    def move(self, article_ids: Sequence[str], story: str) -> None: ...

    def history(self, event: HistoryEvent, story: str, other: str | None, article: str) -> None: ...


@dataclass(frozen=True)
class OnlineSettings:
    window_days: int = WINDOW_DAYS
    query_keys: int = QUERY_KEYS
    candidate_articles: int = CANDIDATE_ARTICLES
    max_stories: int = MAX_STORIES
    max_members: int = MAX_MEMBERS
    max_pool: int = MAX_POOL
    grouping: Settings = field(default_factory=Settings)


@dataclass(frozen=True)
class Placement:
    """Where one article went and which stories changed because of it.

    ``changed``: story key -> its members now, for every story that gained or lost an
    article (the article's own story included); ``gone``: story keys merged away.
    """

    story: str
    duplicate_of: str | None
    changed: dict[str, list[str]]
    gone: tuple[str, ...]
    candidates_checked: int


def story_key(basis: str, salt: int = 0) -> str:
    """A new story's key from its founding article (its content hash: a story of one
    article gets the id the batch brief gives it), salted while the key is taken."""
    return content_id(basis, *([str(salt)] if salt else []), prefix="s_")


def place(index: PlacementIndex, feats: DocFeatures, settings: OnlineSettings) -> Placement:
    """Place one new article (not yet in ``index``) and record it there."""
    found = index.candidates(
        feats.keys[:], feats.day, settings.window_days, settings.candidate_articles
    )
    owner_of = index.stories_of(found)
    stories: list[str] = []
    for article in found:
        story = owner_of.get(article)
        if story is not None and story not in stories:
            stories.append(story)
    stories = stories[: settings.max_stories]
    members = {s: index.members(s) for s in stories}
    pool: list[str] = []
    owner: dict[str, str] = {}
    hits = set(found)
    for s in stories:  # the articles found first, then the story's most recent ones
        picked = [a for a in members[s] if a in hits][-settings.max_members :]
        rest = [a for a in members[s] if a not in hits]
        picked += rest[max(0, len(rest) - settings.max_members + len(picked)) :]
        for a in picked:
            if len(pool) < settings.max_pool:
                pool.append(a)
                owner[a] = s
    stored = index.features(pool)
    pool = [a for a in pool if a in stored]
    known = index.duplicates(pool)
    copied = reprint_of(feats.shingles, [stored[a].shingles for a in pool])
    if copied is not None:  # a reprint adds nothing to regroup on: it joins its original
        story = owner[pool[copied]]
        original = known.get(pool[copied], pool[copied])
        index.history("joined", story, None, feats.id)
        index.add(feats, story, original)
        return Placement(story, original, {story: [*members[story], feats.id]}, (), len(found))
    dups = {a: d for a, d in known.items() if d in stored}
    groups = group_features([*(stored[a] for a in pool), feats], settings.grouping, dups)
    group_of = {i: g for g, members_ in enumerate(groups.stories) for i in members_}
    mine = group_of[len(pool)]
    return _apply(index, feats, pool, owner, members, group_of, mine, groups.duplicate_of, found)


def _apply(
    index: PlacementIndex,
    feats: DocFeatures,
    pool: Sequence[str],
    owner: Mapping[str, str],
    members: Mapping[str, list[str]],
    group_of: Mapping[int, int],
    mine: int,
    duplicates: Mapping[str, str],
    found: Sequence[str],
) -> Placement:
    votes: dict[str, Counter[int]] = {}
    for i, article in enumerate(pool):
        votes.setdefault(owner[article], Counter())[group_of[i]] += 1
    home = {s: min(c, key=lambda g: (-c[g], g)) for s, c in votes.items()}
    target: dict[int, str] = {}
    for s in sorted(home, key=lambda s: (-len(members[s]), list(members).index(s))):
        target.setdefault(home[s], s)
    homed = [s for s, g in home.items() if g == mine]
    if len(homed) > 1:  # the stories merging keep the key of the largest, then the oldest
        first = index.arrival([members[s][0] for s in homed])
        target[mine] = min(homed, key=lambda s: (-len(members[s]), first[members[s][0]], s))
    now = {s: list(m) for s, m in members.items()}
    if mine in target:
        story = target[mine]
        index.history("joined", story, None, feats.id)
    else:
        story = target[mine] = index.new_key(feats.id, now)
        now[story] = []
        index.history("created", story, None, feats.id)
    gone: list[str] = []
    for s, g in home.items():  # stories homed in the article's group merge
        if g == mine and s != story:
            now[story].extend(now.pop(s))
            gone.append(s)
            index.move(members[s], story)
            index.history("merged", story, s, feats.id)
    for i, article in enumerate(pool):  # members moving into or out of the article's story
        g, h = group_of[i], home[owner[article]]
        if g == h or mine not in (g, h):
            continue
        source = story if owner[article] in gone else owner[article]
        if g not in target:
            target[g] = index.new_key(article, now)
            now[target[g]] = []
        index.history("split", target[g], source, article)
        now[source].remove(article)
        now[target[g]].append(article)
        index.move([article], target[g])
    now[story].append(feats.id)
    original = duplicates.get(feats.id)
    index.add(feats, story, original)
    changed = {s: m for s, m in now.items() if m != members.get(s)}
    return Placement(story, original, changed, tuple(gone), len(found))
