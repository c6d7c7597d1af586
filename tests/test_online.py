"""Online story assignment: incremental grouping, merges, the index bound, persistence."""

from __future__ import annotations

import itertools
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from conftest import SEEDS, needs_shared, seed_text
from newsweave.cluster import StoryDoc
from newsweave.cluster.index import EventKey, Sketch, Vector, sketch
from newsweave.cluster.online import (
    MAX_CANDIDATES,
    OnlineSettings,
    StoryAssigner,
    assign_all,
    story_key,
)
from newsweave.cluster.signature import conflicts, signature
from newsweave.store.sqlite import SqliteStore

QUAKE = [
    "A magnitude 6.4 earthquake struck near Izmir on Friday, toppling apartment blocks. "
    "Rescue teams in Izmir pulled survivors from the rubble as aftershocks rattled the "
    "Aegean coast. The governor of Izmir said 27 people were killed in the earthquake.",
    "Rescuers in Izmir searched collapsed apartment blocks after Friday's magnitude 6.4 "
    "earthquake. Officials said 27 people died and hundreds were hurt along the Aegean "
    "coast, where aftershocks continued through the night.",
    "The death toll from the Izmir earthquake rose to 27, the governor said. The magnitude "
    "6.4 quake on Friday brought down apartment blocks near the Aegean coast, and rescue "
    "teams kept digging through the rubble.",
]
FLOOD = [
    "Floodwaters swept through Valencia after torrential rain, and the regional government "
    "of Valencia said 58 people had died. Cars were piled in the streets of Paiporta as "
    "the Turia basin overflowed.",
    "In Paiporta, near Valencia, residents dug mud out of homes after torrential rain "
    "turned streets into rivers. The death toll in the Valencia region rose to 58.",
    "Spain declared three days of mourning as the death toll from the Valencia floods "
    "reached 58. Torrential rain overwhelmed the Turia basin and Paiporta was worst hit.",
]
CHESS = [
    "Gukesh Dommaraju beat Ding Liren in game 14 in Singapore to become the youngest world "
    "chess champion. Ding blundered a rook ending as the Singapore match neared a tiebreak.",
    "The 18-year-old Gukesh is the new world chess champion after Ding Liren's blunder in "
    "the final classical game in Singapore, avoiding tiebreaks.",
    "Ding Liren resigned game 14 in Singapore, handing Gukesh Dommaraju the world chess "
    "championship at 18; the Singapore match had been level before the last game.",
]


def doc(doc_id: str, text: str, published: date | None = None) -> StoryDoc:
    return StoryDoc(id=doc_id, text=text, title=None, published=published)


def synthetic() -> list[StoryDoc]:
    out = []
    for name, texts in (("q", QUAKE), ("f", FLOOD), ("c", CHESS)):
        out.extend(doc(f"{name}{i}", t) for i, t in enumerate(texts))
    return out


def partition(stories: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(s) for s in stories}


EXPECTED = {
    frozenset({"q0", "q1", "q2"}),
    frozenset({"f0", "f1", "f2"}),
    frozenset({"c0", "c1", "c2"}),
}


def test_incremental_assignment_groups_the_three_events() -> None:
    for seed in range(5):
        docs = synthetic()
        random.Random(seed).shuffle(docs)
        g = assign_all(docs)
        assert partition(g.stories) == EXPECTED
        assert g.duplicate_of == {}


def test_placement_keys_are_the_founders_content_ids() -> None:
    assigner = StoryAssigner()
    first = assigner.add(doc("q0", QUAKE[0]))
    second = assigner.add(doc("q1", QUAKE[1]))
    other = assigner.add(doc("c0", CHESS[0]))
    assert first.story == second.story == story_key("q0")
    assert other.story == story_key("c0")
    assert first.candidates_checked == 0 and second.candidates_checked >= 1
    again = assigner.add(doc("q1", QUAKE[1]))  # the same article twice changes nothing
    assert again.story == story_key("q0")
    assert assigner.stories() == {story_key("q0"): ["q0", "q1"], story_key("c0"): ["c0"]}


def test_reprint_joins_the_original_and_is_marked() -> None:
    assigner = StoryAssigner()
    assigner.add(doc("c0", CHESS[0]))
    assigner.add(doc("q0", QUAKE[0]))
    placed = assigner.add(doc("q0-copy", QUAKE[0] + " (Reporting by a news agency.)"))
    assert placed.duplicate_of == "q0"
    assert placed.story == story_key("q0")
    assert assigner.duplicates() == {"q0-copy": "q0"}


def test_dates_far_apart_keep_the_same_wording_in_two_stories() -> None:
    assigner = StoryAssigner()
    a = assigner.add(doc("q0", QUAKE[0], date(2020, 10, 30)))
    b = assigner.add(doc("q1", QUAKE[1], date(2023, 2, 6)))  # outside the window
    assert a.story != b.story
    assert b.candidates_checked == 0


def test_a_bridging_article_merges_two_stories_and_history_records_it() -> None:
    # Two halves of one event start apart (threshold 0.30 keeps them apart), then an
    # article sharing both halves' wording arrives; with a low merge bar they merge.
    half_a = "Izmir earthquake magnitude 6.4 toppled apartment blocks near the Aegean coast."
    half_b = "Rescue teams pulled survivors from rubble as 27 people were killed, governor said."
    settings = OnlineSettings(threshold=0.30, merge_threshold=0.0)
    assigner = StoryAssigner(settings=settings)
    pa = assigner.add(doc("a", half_a))
    pb = assigner.add(doc("b", half_b))
    assert pa.story != pb.story
    bridge = assigner.add(doc("c", f"{half_a} {half_b}"))
    assert bridge.story == story_key("a")  # the older story survives
    assert bridge.merged == (story_key("b"),)
    assert assigner.stories() == {story_key("a"): ["a", "b", "c"]}
    events = assigner.history()
    assert ("merged", story_key("a"), story_key("b"), "c") in events
    assert [e[0] for e in events].count("created") == 2


def test_candidates_stay_under_the_cap_as_the_index_grows() -> None:
    rng = random.Random(7)
    vocab = [f"term{i}" for i in range(400)]
    names = [f"Name{i}" for i in range(300)]
    assigner = StoryAssigner()
    start = date(2020, 1, 1)
    checked = []
    for i in range(2000):
        topic = i % 150
        words = rng.sample(vocab[topic : topic + 60], 25) + rng.sample(vocab, 10)
        who = " and ".join(names[(topic * 2 + k) % 300] for k in range(2))
        text = f"{who} said {' '.join(words)}."
        day = start + timedelta(days=i // 20)
        placed = assigner.add(doc(f"d{i}", text, day))
        checked.append(placed.candidates_checked)
    assert max(checked) <= MAX_CANDIDATES
    assert np.mean(checked[-200:]) <= MAX_CANDIDATES


def test_persistence_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    docs = synthetic()
    conn = sqlite3.connect(path)
    assigner = StoryAssigner(conn)
    for d in docs[:4]:  # q0 q1 q2 f0
        assigner.add(d)
    assigner.commit()
    conn.close()

    conn = sqlite3.connect(path)
    assigner = StoryAssigner(conn)
    assert assigner.index.n_docs() == 4
    placed = [assigner.add(d) for d in docs[4:]]
    assigner.commit()
    assert placed[0].story == story_key("f0")  # f1 joins the story f0 founded before
    assert partition(list(assigner.stories().values())) == EXPECTED
    conn.close()
    with SqliteStore(path) as store:  # the file is a store at the latest schema
        assert store.schema_version >= 2


def test_store_migration_adds_the_index_tables(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"story_history", "story_index_postings", "story_index_bands"} <= tables
        assigner = StoryAssigner(store.conn)
        assigner.add(doc("q0", QUAKE[0]))
        assigner.commit()


def test_event_key_penalty_matches_the_batch_matrix() -> None:
    texts = [
        "Foreign Minister Qin Gang met Blinken during a two-day visit.",
        "Foreign Minister Wang Yi met Blinken during a three-day visit.",
        "Foreign Minister Qin Gang hosted talks during a two-day visit.",
        "Blinken arrived for talks.",
    ]
    docs = [doc(str(i), t, date(2023, 6 + i % 2, 1)) for i, t in enumerate(texts)]
    sigs = [signature(d) for d in docs]
    matrix = conflicts(sigs).total((0.5, 0.3, 0.15))
    keys = [EventKey.of(s) for s in sigs]
    for i, j in itertools.product(range(len(docs)), repeat=2):
        if i != j:
            assert abs(keys[i].penalty(keys[j]) - matrix[i, j]) < 1e-9
        assert EventKey.from_json(keys[i].to_json()) == keys[i]


def test_vector_and_sketch_round_trips() -> None:
    v = Vector(np.array([3, 9, 40], dtype=np.uint32), np.array([0.5, 0.25, 1.0], np.float32))
    w = Vector.from_bytes(v.to_bytes())
    assert w.dot(v) == v.dot(v) == 0.5**2 + 0.25**2 + 1.0
    s = sketch(QUAKE[0])
    assert Sketch.from_bytes(s.to_bytes(), s.size).band_keys() == s.band_keys()


# --- real seed articles in ../shared ---------------------------------------------------


def seed_docs() -> list[StoryDoc]:
    return [doc(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@needs_shared
@pytest.mark.xfail(reason="known weakness: 000-001 and 002-003 stay two stories online")
def test_seeds_one_story_and_a_related_later_visit() -> None:
    g = assign_all(seed_docs())
    assert g.stories == [["000", "001", "002", "003"], ["004"]]
    ((_, _, reason),) = g.related
    assert "Blinken" in reason and "2-day vs 3-day" in reason


@needs_shared
@pytest.mark.xfail(
    reason="known weakness: in some orders of the five seeds 003 starts its own story"
)
def test_seeds_one_story_in_any_order() -> None:
    base = seed_docs()
    for order in itertools.islice(itertools.permutations(range(5)), 0, 120, 7):
        g = assign_all([base[i] for i in order])
        assert partition(g.stories) == {frozenset({"000", "001", "002", "003"}), frozenset({"004"})}
        ((_, _, reason),) = g.related
        assert "Blinken" in reason and "2-day vs 3-day" in reason


@needs_shared
def test_reprinted_seed_is_a_duplicate_not_a_new_story() -> None:
    docs = seed_docs()
    copy = seed_text("002").replace("Anthony Blinken", "Antony Blinken")
    docs.insert(3, doc("002-reprint", copy))
    g = assign_all(docs)
    assert g.duplicate_of == {"002-reprint": "002"}
    story = next(st for st in g.stories if "002" in st)
    assert "002-reprint" in story and "004" not in story
