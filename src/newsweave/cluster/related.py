"""Links between stories that look alike but are different events, with a reason."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.cluster.features import STOP_WORDS, name_phrases
from newsweave.cluster.records import StoryDoc
from newsweave.cluster.signature import MONTHS, Signature, signature

FloatMatrix = npt.NDArray[np.float64]

RELATED_MIN = 0.15  # mean cross-story similarity (before signature penalties)
MAX_SHARED_SHOWN = 3
_NOT_NAMES = frozenset(MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip


def story_similarity(sim: FloatMatrix, stories: Sequence[Sequence[int]]) -> FloatMatrix:
    """Mean pairwise document similarity between every two stories (k x k)."""
    n = sim.shape[0]
    member = np.zeros((len(stories), n))
    for s, idx in enumerate(stories):
        member[s, list(idx)] = 1.0 / len(idx)
    out: FloatMatrix = member @ sim @ member.T
    return out


def _names(doc: StoryDoc) -> set[str]:
    found = doc.entities or tuple(name_phrases(doc.text))
    return {n for n in found if n.lower() not in STOP_WORDS and n.lower() not in _NOT_NAMES}


def _shared_names(a: Sequence[Iterable[str]], b: Sequence[Iterable[str]]) -> list[str]:
    ca: Counter[str] = Counter(n for names in a for n in names)
    cb: Counter[str] = Counter(n for names in b for n in names)
    shared = [n for n in ca if n in cb]
    # Names most of both stories use first; a name inside a longer shared one is dropped.
    shared.sort(key=lambda n: (-min(ca[n] / len(a), cb[n] / len(b)), -len(n.split()), n))
    out: list[str] = []
    for name in shared:
        if any(name in kept or kept in name for kept in out):
            continue
        out.append(name)
        if len(out) == MAX_SHARED_SHOWN:
            break
    return out


def _union(values: Sequence[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*values) if values else frozenset()


def _duration_text(values: frozenset[str]) -> str:
    parts = []
    for v in sorted(values):
        unit = "day" if v.endswith("D") else "week"
        parts.append(f"{v[1:-1]}-{unit}")
    return "/".join(parts)


def differences(a: Sequence[Signature], b: Sequence[Signature]) -> list[str]:
    """What sets two stories apart, as short phrases."""
    out: list[str] = []
    ma, mb = _union([s.months for s in a]), _union([s.months for s in b])
    if ma and mb and not ma & mb:
        out.append(f"different dates: {', '.join(sorted(ma))} vs {', '.join(sorted(mb))}")
    da, db = _union([s.durations for s in a]), _union([s.durations for s in b])
    if da and db and not da & db:
        out.append(f"different length: {_duration_text(da)} vs {_duration_text(db)}")
    for office in sorted({k for s in a for k in s.offices} & {k for s in b for k in s.offices}):
        ha = _union([s.offices[office] for s in a if office in s.offices])
        hb = _union([s.offices[office] for s in b if office in s.offices])
        if ha & hb:
            continue
        title, who_a = next(s.holders[office] for s in a if office in s.holders)
        who_b = next(s.holders[office][1] for s in b if office in s.holders)
        out.append(f"different {title} ({who_a} vs {who_b})")
    return out


def reason(
    docs_a: Sequence[StoryDoc],
    docs_b: Sequence[StoryDoc],
    sigs_a: Sequence[Signature],
    sigs_b: Sequence[Signature],
) -> str:
    return reason_of([_names(d) for d in docs_a], [_names(d) for d in docs_b], sigs_a, sigs_b)


def reason_of(
    names_a: Sequence[Iterable[str]],
    names_b: Sequence[Iterable[str]],
    sigs_a: Sequence[Signature],
    sigs_b: Sequence[Signature],
) -> str:
    """:func:`reason` from what it reads of each article: its names and its signature."""
    shared = _shared_names(names_a, names_b)
    head = f"same names ({', '.join(shared)})" if shared else "similar wording"
    diffs = differences(sigs_a, sigs_b)
    if diffs:
        return f"{head} but {'; '.join(diffs)}"
    return f"{head} but different wording and details"


def related_stories(
    docs: Sequence[StoryDoc],
    sigs: Sequence[Signature],
    sim: FloatMatrix,
    stories: Sequence[Sequence[int]],
    minimum: float = RELATED_MIN,
) -> list[tuple[int, int, str]]:
    """(story, story, reason) for each pair of stories similar enough to be mistaken for one."""
    if len(stories) < 2:
        return []
    between = story_similarity(sim, stories)
    out: list[tuple[int, int, str]] = []
    rows, cols = np.nonzero(np.triu(between >= minimum, k=1))
    for s, t in zip(rows.tolist(), cols.tolist(), strict=True):
        text = reason(
            [docs[i] for i in stories[s]],
            [docs[i] for i in stories[t]],
            [sigs[i] for i in stories[s]],
            [sigs[i] for i in stories[t]],
        )
        out.append((s, t, text))
    return out


@dataclass(frozen=True)
class Profile:
    """What a related-story reason reads of one article: its names and its signature
    (kept with the article's placement row, so links need no article text)."""

    names: frozenset[str]
    signature: Signature

    @staticmethod
    def of(doc: StoryDoc) -> Profile:
        return Profile(frozenset(_names(doc)), signature(doc))

    def to_json(self) -> str:
        sig = self.signature
        return json.dumps(
            {
                "names": sorted(self.names),
                "months": sorted(sig.months),
                "given_months": sorted(sig.given_months),
                "durations": sorted(sig.durations),
                "offices": {k: sorted(v) for k, v in sorted(sig.offices.items())},
                "holders": {k: list(v) for k, v in sorted(sig.holders.items())},
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_json(text: str) -> Profile:
        data = json.loads(text)
        return Profile(
            frozenset(data["names"]),
            Signature(
                months=frozenset(data["months"]),
                given_months=frozenset(data["given_months"]),
                durations=frozenset(data["durations"]),
                offices={k: frozenset(v) for k, v in data["offices"].items()},
                holders={k: (v[0], v[1]) for k, v in data["holders"].items()},
            ),
        )
