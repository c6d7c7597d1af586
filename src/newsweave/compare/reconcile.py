"""Reconciling claims across articles into facts (agreed or single-source) and conflicts.

Claims with a structured subject (a meeting between two people, a person's title) are
grouped by that subject; claims with only a unit are grouped when the words around them
match (docs/reconcile.md). Within a group, every two claims from independent articles are
compared with the tolerance rules; a reprint counts as its original, and is never compared
with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from newsweave.compare.align import AlignRules, Idf, align
from newsweave.compare.claims import (
    ArticleEvidence,
    ClaimRecord,
    event_claims,
    person_aliases,
    quote_claims,
    role_claims,
)
from newsweave.compare.context import Sentences, context_claims
from newsweave.compare.home import home_claims
from newsweave.compare.tolerance import (
    Tolerance,
    Verdict,
    compare_amounts,
    compare_dates,
    compare_places,
    compare_roles,
    compare_speakers,
)
from newsweave.model import Claim, Conflict, Fact, content_id

SEVERITY_RANK = {"agree": 0, "compatible": 0, "minor": 1, "major": 2}
CONFLICT_KIND = {"count": "count", "money": "number", "percent": "number"}


@dataclass(frozen=True)
class Reconciliation:
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]


def compare(a: ClaimRecord, b: ClaimRecord, tol: Tolerance) -> Verdict:
    """The verdict on two claims of one group."""
    na, nb = a.claim.normalized, b.claim.normalized
    if a.kind == "date":
        verdict = compare_dates(str(na["date"]), str(nb["date"]), tol)
        if verdict == "minor" and night_before(na, nb):
            return "compatible"  # "late Tuesday night" is "early Wednesday" in another story
        return verdict
    if a.kind == "role":
        if a.when and b.when and abs((a.when - b.when).days) > tol.role_window_days:
            return "compatible"
        ra, rb = str(na["role"]), str(nb["role"])
        fa, fb = ra.startswith("former "), rb.startswith("former ")
        if fa != fb:
            return "compatible"  # a past office and a present one
        verdict = compare_roles(ra.removeprefix("former "), rb.removeprefix("former "), tol)
        # one career can hold two offices in turn: two past titles disagree only mildly
        return "minor" if fa and verdict == "major" else verdict
    if a.kind == "place":
        return compare_places(str(na["place"]), str(nb["place"]), tol)
    if a.kind == "attribution":
        return compare_speakers(str(na["speaker"]), str(nb["speaker"]), tol)
    return compare_amounts(na, nb, tol)


def night_before(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """One of two dates is a night or evening and the other is the day after it."""
    return any(
        bool(x.get("night")) and str(y["date"]) > str(x["date"]) for x, y in ((a, b), (b, a))
    )


class _Groups:
    """Union-find over claim indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _quote_match(a: ClaimRecord, b: ClaimRecord) -> bool:
    return bool(a.context & b.context)


def _group(
    records: Sequence[ClaimRecord], source: Mapping[str, str], idf: Idf, rules: AlignRules
) -> tuple[list[list[int]], set[tuple[int, int]]]:
    """Groups of claim indices, and the context pairs that matched directly."""
    groups = _Groups(len(records))
    direct = align(records, source, idf, rules)
    by_key: dict[tuple[str, ...], list[int]] = {}
    for i, r in enumerate(records):
        by_key.setdefault((str(r.keyed), *r.key), []).append(i)
    for idx in by_key.values():
        first = records[idx[0]]
        if first.keyed:
            for i in idx[1:]:
                groups.union(idx[0], i)
        elif first.kind == "attribution":
            for n, i in enumerate(idx):
                for j in idx[n + 1 :]:
                    a, b = records[i], records[j]
                    if source[a.claim.article] != source[b.claim.article] and _quote_match(a, b):
                        direct.add((i, j))
    for i, j in direct:
        groups.union(i, j)
    out: dict[int, list[int]] = {}
    for i in range(len(records)):
        out.setdefault(groups.find(i), []).append(i)
    return list(out.values()), direct


def _span(claim: Claim) -> tuple[str, int, int]:
    return claim.article, claim.start, claim.end


def _shown(
    members: Sequence[int], records: Sequence[ClaimRecord], source: Mapping[str, str]
) -> list[int]:
    """The members a fact lists: when one sentence gives a fact two values, only the one
    other sources share ("The day before, the Minister visited the berth where the ship
    caught fire on 2 February": the day before is not the fire's date). Every member is
    still compared; a member in a conflict is always listed."""
    values: dict[str, set[str | None]] = {}
    for i in members:
        values.setdefault(source[records[i].claim.article], set()).add(records[i].claim.value)
    out = []
    for i in members:
        r = records[i]
        own = source[r.claim.article]
        shared = {v for other, vs in values.items() if other != own for v in vs}
        if r.claim.value not in shared and any(
            records[j].claim.article == r.claim.article
            and records[j].sentence == r.sentence
            and records[j].claim.value in shared
            for j in members
        ):
            continue
        out.append(i)
    return out


def _subject(group: Sequence[ClaimRecord]) -> tuple[str, str]:
    """(id key, human-readable subject) of a group; keyed groups use their key. A context
    group's id key adds its most frequent shared context stems; its subject is a label in
    the words of its sentences."""
    first = group[0]
    if first.keyed:
        return "/".join(first.key), first.subject
    words: Counter[str] = Counter()
    for r in group:
        words.update(r.context)
    common = sorted((w for w, c in words.items() if c >= 2), key=lambda w: (-words[w], w))[:3]
    return "/".join((*first.key, *sorted(common))), _label(group) or first.subject


def _label(group: Sequence[ClaimRecord]) -> str:
    """The readable label most claims of a context group share, a label with a verb before
    one of bare nearby words "(...)"; among equals the longest (labels are built from each
    claim's sentence, compare/subject_labels.py)."""
    counts = Counter(r.label for r in group if r.label)
    if not counts:
        return ""
    return min(counts, key=lambda lb: ("(" in lb, -counts[lb], -len(lb.split()), lb))


def _dedupe(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    seen: dict[tuple[str, int, int], Claim] = {}
    for c in claims:
        seen.setdefault((c.article, c.start, c.end), c)
    return tuple(sorted(seen.values(), key=lambda c: (c.article, c.start, c.end)))


def _values(claims: Sequence[Claim]) -> str:
    vals = list(dict.fromkeys(c.value or c.text for c in claims))
    return " / ".join(vals[:4])


def reconcile(
    evidence: Sequence[ArticleEvidence],
    duplicate_of: Mapping[str, str],
    *,
    tolerance: Tolerance | None = None,
    rules: AlignRules | None = None,
) -> Reconciliation:
    """Facts and conflicts of one story's articles (reprints in ``duplicate_of`` count once)."""
    tol = tolerance or Tolerance()
    rules = rules or AlignRules()
    source = {ev.article.id: duplicate_of.get(ev.article.id, ev.article.id) for ev in evidence}
    names: list[str] = []
    for ev in evidence:
        names += [m.canonical for m in ev.mentions if m.label == "PERSON"]
        names += [p for f in ev.events for p in f.participants]
        names += [r.person for r in ev.roles]
        names += [q.speaker for q in ev.quotes if q.speaker]
    alias = person_aliases(names)
    records: list[ClaimRecord] = []
    all_sentences: list[frozenset[str]] = []
    for ev in evidence:
        sents = Sentences.of(ev.article.text)
        all_sentences += sents.stems
        keyed = event_claims(ev, alias) + role_claims(ev, alias) + home_claims(ev, alias)
        taken = [f.duration_span for f in ev.events if f.duration_span]
        taken += [
            (t.start, t.end)
            for t in ev.timexes
            for f in ev.events
            if f.when == t.value and f.start <= t.start and t.end <= f.end
        ]
        records += keyed
        records += context_claims(ev, taken, sents)
        records += quote_claims(ev, alias)
    facts: list[Fact] = []
    conflicts: list[Conflict] = []
    groups, direct = _group(records, source, Idf(all_sentences), rules)
    for members in groups:
        members.sort(key=lambda i: (records[i].claim.article, records[i].claim.start, i))
        group = [records[i] for i in members]
        independent = len({source[r.claim.article] for r in group})
        if independent < 2 and not (group[0].keyed and group[0].single):
            continue
        worst = 0
        bad: list[Claim] = []
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                a, b = records[i], records[j]
                if source[a.claim.article] == source[b.claim.article]:
                    continue
                if not a.keyed and (min(i, j), max(i, j)) not in direct:
                    continue  # context claims are compared only when they matched directly
                rank = SEVERITY_RANK[compare(a, b, tol)]
                if rank:
                    worst = max(worst, rank)
                    bad += [a.claim, b.claim]
        id_key, subject = _subject(group)
        kind = group[0].kind
        shown = {_span(records[i].claim) for i in _shown(members, records, source)}
        shown |= {_span(c) for c in bad}
        claims = _dedupe(r.claim for r in group if _span(r.claim) in shown)
        status: Literal["consensus", "single-source", "conflict"]
        status = "conflict" if worst else "consensus" if independent >= 2 else "single-source"
        facts.append(
            Fact(
                id=content_id(kind, id_key, prefix="f_"),
                kind=kind,
                summary=f"{subject}: {_values(claims)}",
                status=status,
                independent_sources=independent,
                claims=claims,
            )
        )
        if worst:
            conflicts.append(
                Conflict(
                    id=content_id(kind, id_key, prefix="c_"),
                    kind=CONFLICT_KIND.get(kind, kind),
                    subject=subject,
                    severity="major" if worst == 2 else "minor",
                    claims=_dedupe(bad),
                )
            )
    facts.sort(key=lambda f: (f.status != "conflict", -f.independent_sources, f.id))
    conflicts.sort(key=lambda c: (c.severity != "major", c.id))
    return Reconciliation(facts=tuple(facts), conflicts=tuple(conflicts))
