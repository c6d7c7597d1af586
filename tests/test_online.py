"""Online story placement: joins, merges, splits, reprints, the index bound, persistence."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from pathlib import Path

from conftest import SEEDS, needs_shared, seed_text
from newsweave import desk
from newsweave.cluster import StoryDoc
from newsweave.cluster.online import CANDIDATE_ARTICLES, story_key
from newsweave.cluster.terms import Bag, doc_features
from newsweave.model import RawArticle, content_id
from newsweave.pipeline import prepare_all
from newsweave.store.placement import Placer, place_all
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


def key(text: str) -> str:
    """The key (stored story id) of a story founded by an article with this text."""
    return story_key(content_id(text, size=16))


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


def test_online_placement_groups_the_three_events_in_any_order() -> None:
    for seed in range(5):
        docs = synthetic()
        random.Random(seed).shuffle(docs)
        g = place_all(docs)
        assert partition(g.stories) == EXPECTED
        assert g.duplicate_of == {}


def test_placement_keys_come_from_the_founders_content() -> None:
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        first = placer.add(doc("q0", QUAKE[0]))
        second = placer.add(doc("q1", QUAKE[1]))
        other = placer.add(doc("c0", CHESS[0]))
        assert first.story == second.story == key(QUAKE[0])
        assert other.story == key(CHESS[0])
        assert first.candidates_checked == 0 and second.candidates_checked >= 1
        assert second.changed == {key(QUAKE[0]): ["q0", "q1"]}
        assert placer.stories() == {key(QUAKE[0]): ["q0", "q1"], key(CHESS[0]): ["c0"]}
        history = placer.index.story_history()
        assert ("joined", key(QUAKE[0]), None, "q1") in history
        assert [e[0] for e in history].count("created") == 2


def test_reprint_joins_the_original_and_is_marked() -> None:
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        placer.add(doc("c0", CHESS[0]))
        placer.add(doc("q0", QUAKE[0]))
        placed = placer.add(doc("q0-copy", QUAKE[0] + " (Reporting by a news agency.)"))
        assert placed.duplicate_of == "q0"
        assert placed.story == key(QUAKE[0])
        assert placer.duplicates(["q0", "q0-copy", "c0"]) == {"q0-copy": "q0"}


def test_dates_far_apart_keep_the_same_wording_in_two_stories() -> None:
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        a = placer.add(doc("q0", QUAKE[0], date(2020, 10, 30)))
        b = placer.add(doc("q1", QUAKE[1], date(2023, 2, 6)))  # outside the window
        assert a.story != b.story
        assert b.candidates_checked == 0


def test_a_new_article_merges_two_stories_of_one_event() -> None:
    # Two reports of one event left in two stories (as an earlier, smaller pool might)
    # merge when the next report is regrouped with both; the older story survives.
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        placer.add(doc("a", QUAKE[0]))
        placer.add(doc("b", QUAKE[1]))
        placer.index.move(["b"], "p_b")
        bridge = placer.add(doc("c", QUAKE[2]))
        assert bridge.story == key(QUAKE[0]) and bridge.gone == ("p_b",)
        assert placer.stories() == {key(QUAKE[0]): ["a", "b", "c"]}
        assert ("merged", key(QUAKE[0]), "p_b", "c") in placer.index.story_history()


def test_a_wrongly_joined_member_is_split_off() -> None:
    # An earlier mistake (a chess report in the quake story) is undone when the pool is
    # regrouped: the chess report leaves, with the new chess report, as a split.
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        placer.add(doc("q0", QUAKE[0]))
        placer.add(doc("q1", QUAKE[1]))
        placer.add(doc("c0", CHESS[0]))
        placer.index.move(["c0"], key(QUAKE[0]))  # the mistake
        placed = placer.add(doc("c1", CHESS[1]))
        assert partition(list(placer.stories().values())) == {
            frozenset({"q0", "q1"}),
            frozenset({"c0", "c1"}),
        }
        assert placed.changed[key(QUAKE[0])] == ["q0", "q1"]
        events = [e for e in placer.index.story_history() if e[0] == "split"]
        assert events == [("split", placed.story, key(QUAKE[0]), "c0")]


def test_candidates_stay_under_the_cap_as_the_index_grows() -> None:
    rng = random.Random(7)
    vocab = [f"term{i}" for i in range(400)]
    names = [f"Name{i}" for i in range(300)]
    start = date(2020, 1, 1)
    checked = []
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        for i in range(600):
            topic = i % 50
            words = rng.sample(vocab[topic : topic + 60], 25) + rng.sample(vocab, 10)
            who = " and ".join(names[(topic * 2 + k) % 300] for k in range(2))
            text = f"{who} said {' '.join(words)}."
            day = start + timedelta(days=i // 20)
            checked.append(placer.add(doc(f"d{i}", text, day)).candidates_checked)
    assert max(checked) <= CANDIDATE_ARTICLES


def test_persistence_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    docs = synthetic()
    with SqliteStore(path) as store:
        placer = Placer(store)
        for d in docs[:4]:  # q0 q1 q2 f0
            placer.add(d)
    with SqliteStore(path) as store:
        placer = Placer(store)
        placed = [placer.add(d) for d in docs[4:]]
        assert placed[0].story == key(FLOOD[0])  # f1 joins the story f0 founded before
        assert partition(list(placer.stories().values())) == EXPECTED


def test_stored_features_round_trip() -> None:
    feats = doc_features(doc("q0", QUAKE[0], date(2020, 10, 30)))
    bag = Bag.from_bytes(feats.words.to_bytes())
    assert (bag.ids == feats.words.ids).all() and (bag.counts == feats.words.counts).all()
    with SqliteStore(":memory:") as store:
        placer = Placer(store)
        placer.add(doc("q0", QUAKE[0], date(2020, 10, 30)))
        placer.index._cache.clear()
        back = placer.index.features(["q0"])["q0"]
        assert back.event == feats.event and back.keys == feats.keys and back.day == feats.day
        assert (back.shingles == feats.shingles).all()
        assert (back.names.ids == feats.names.ids).all()


# --- real seed articles in ../shared ---------------------------------------------------


def seed_docs() -> list[StoryDoc]:
    return [doc(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@needs_shared
def test_seeds_one_story_and_a_related_later_visit_in_all_120_orders() -> None:
    base = seed_docs()
    for order in itertools.permutations(range(5)):
        g = place_all([base[i] for i in order])
        assert partition(g.stories) == {frozenset({"000", "001", "002", "003"}), frozenset({"004"})}
        ((_, _, reason),) = g.related
        assert "Blinken" in reason and "2-day" in reason and "3-day" in reason


@needs_shared
def test_reprinted_seed_is_a_duplicate_and_no_new_source(tmp_path: Path) -> None:
    raws = [
        RawArticle(id=p.name[:3], source=p.name, text=p.read_text(encoding="utf-8"))
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    copy = seed_text("002").replace("Anthony Blinken", "Antony Blinken")
    with SqliteStore(tmp_path / "s.db") as store:
        desk.add_articles(store, prepare_all(raws).articles)
        before = {s.articles: s.sources for s in store.stories()}
        assert sorted(before.items()) == [(1, 1), (4, 4)]
        reprint = RawArticle(id="002-reprint", source="reprint", text=copy)
        result = desk.add_articles(store, prepare_all([reprint]).articles)
        (added,) = result.added
        assert added.duplicate_of == "002"
        story = result.stories[added.story or ""]["stories"][0]
        assert "002-reprint" in story["articles"] and len(story["articles"]) == 5
        after = {s.articles: s.sources for s in store.stories()}
        assert sorted(after.items()) == [(1, 1), (5, 4)]


def test_store_migration_has_the_placement_tables_and_keeps_story_history() -> None:
    with SqliteStore(":memory:") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"story_history", "placement_articles", "placement_keys"} <= tables
        assert not any(t.startswith("story_index_") for t in tables)
