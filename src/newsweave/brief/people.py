"""Who's who: the people and organisations of a story, with their roles as the articles
state them (as of each article's date), each role with its evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsweave.model import Annotations, Article, Claim, Person, PersonRole

LABELS = {"PERSON": "person", "ORG": "organisation"}
MIN_MENTIONS = 2


def whos_who(
    articles: Sequence[Article], annotations: Mapping[str, Annotations], *, limit: int = 12
) -> list[Person]:
    """People and organisations mentioned in at least two places, most mentioned first."""
    counts: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    info: dict[str, tuple[str, str]] = {}
    roles: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        for m in ann.mentions:
            if m.label not in LABELS or not m.entity:
                continue
            if m.label == "ORG" and article.text[max(0, m.start - 13) : m.start].endswith(
                ("Secretary of ", "Minister of ")
            ):
                continue  # "State" in "Secretary of State" is part of a title
            counts[m.entity] += 1
            where[m.entity].add(article.id)
            info.setdefault(m.entity, (m.canonical, LABELS[m.label]))
        for r in ann.roles:
            key = " ".join(r.role.split())
            text = article.text[r.start : r.end]
            roles[r.entity][key].append(Claim(article.id, r.start, r.end, text, key))
    people: list[Person] = []
    for entity, n in sorted(counts.items(), key=lambda kv: (-len(where[kv[0]]), -kv[1], kv[0])):
        if n < MIN_MENTIONS and entity not in roles:
            continue
        name, kind = info[entity]
        found = roles.get(entity, {})
        person_roles = tuple(
            PersonRole(role, tuple(claims))
            for role, claims in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        people.append(Person(name, entity, kind, n, len(where[entity]), person_roles))
        if len(people) >= limit:
            break
    return people
