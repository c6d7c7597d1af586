"""Story grouping, reprints and related-story links."""

from __future__ import annotations

import importlib.util
import json
import random
from datetime import date
from types import ModuleType

import pytest

from conftest import BENCH, REPO, SEEDS, needs_shared, seed_text
from newsweave.cluster import Grouping, StoryDoc, group_stories
from newsweave.cluster.reprints import reprint_pairs
from newsweave.cluster.signature import text_durations, text_months, text_offices
from newsweave.cluster.terms import shingle_hashes


def doc(doc_id: str, text: str, **kw: object) -> StoryDoc:
    return StoryDoc(id=doc_id, text=text, title=None, published=None, **kw)  # type: ignore[arg-type]


def partition(grouping: Grouping) -> set[frozenset[str]]:
    return {frozenset(s) for s in grouping.stories}


def seed_docs() -> list[StoryDoc]:
    return [doc(p.name[:3], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


# --- synthetic texts written for these tests -------------------------------------------

QUAKE_A = [
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
QUAKE_B = [
    "A magnitude 7.1 earthquake hit the mountains outside Quito on Sunday, cutting power "
    "and roads. Ecuador's president said 112 people were killed as rescue teams reached "
    "villages in the Andes cut off by landslides after the earthquake.",
    "Rescue teams reached Andean villages near Quito after Sunday's magnitude 7.1 "
    "earthquake. Ecuador's president put the death toll at 112, and landslides blocked the "
    "roads into the mountains.",
    "Landslides triggered by the magnitude 7.1 quake near Quito cut off mountain villages, "
    "officials in Ecuador said. The death toll reached 112 on Sunday as rescue teams dug "
    "through the rubble of collapsed homes in the Andes.",
]


def test_empty_input() -> None:
    assert group_stories([]) == Grouping(stories=[], duplicate_of={}, related=[])


def test_single_doc() -> None:
    g = group_stories([doc("a", QUAKE_A[0])])
    assert g.stories == [["a"]]
    assert g.duplicate_of == {} and g.related == []


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        group_stories([doc("a", QUAKE_A[0]), doc("a", QUAKE_A[1])])


def test_identical_docs_are_one_story_and_a_reprint() -> None:
    g = group_stories([doc("x", QUAKE_B[1]), doc("y", QUAKE_B[1])])
    assert g.stories == [["x", "y"]]
    assert g.duplicate_of == {"y": "x"}


def test_two_earthquakes_stay_apart() -> None:
    docs = [doc(f"a{i}", t) for i, t in enumerate(QUAKE_A)]
    docs += [doc(f"b{i}", t) for i, t in enumerate(QUAKE_B)]
    g = group_stories(docs)
    assert partition(g) == {frozenset({"a0", "a1", "a2"}), frozenset({"b0", "b1", "b2"})}
    assert g.duplicate_of == {}


def test_grouping_does_not_depend_on_input_order() -> None:
    docs = [doc(f"a{i}", t) for i, t in enumerate(QUAKE_A)]
    docs += [doc(f"b{i}", t) for i, t in enumerate(QUAKE_B)]
    shuffled = list(docs)
    random.Random(3).shuffle(shuffled)
    assert partition(group_stories(docs)) == partition(group_stories(shuffled))
    assert group_stories(docs) == group_stories(docs)


def test_given_dates_split_same_wording_apart() -> None:
    # Four reports in the same words; only the caller's resolved dates tell two events apart.
    extra = (
        "Aftershocks shook Izmir again as rescue teams searched apartment blocks near the "
        "Aegean coast. The governor said 27 people were killed in Friday's earthquake."
    )
    texts = [QUAKE_A[0], QUAKE_A[1], QUAKE_A[2], extra]
    dates = [("2016-04-16",), ("2016-04-17",), ("2020-10-30",), ("2020-10-31",)]
    undated = group_stories([doc(f"d{i}", t) for i, t in enumerate(texts)])
    assert undated.stories == [["d0", "d1", "d2", "d3"]]
    dated = [doc(f"d{i}", t, dates=d) for i, (t, d) in enumerate(zip(texts, dates, strict=True))]
    g = group_stories(dated)
    assert g.stories == [["d0", "d1"], ["d2", "d3"]]
    ((a, b, reason),) = g.related
    assert (a, b) == (0, 1)
    assert "2016-04" in reason and "2020-10" in reason and "Izmir" in reason


def test_signature_extractors() -> None:
    assert text_durations("wrapping up a three-day visit; after two days of talks") == {
        "P3D",
        "P2D",
    }
    assert text_months("On June 18, 2023 and on 20 June 2023, then Nov. 14, 2022.") == {
        "2023-06",
        "2022-11",
    }
    offices = text_offices("He met Foreign Minister Ana Ruiz. Foreign Minister Ruiz said no.")
    assert offices["foreign minister"][0] == frozenset({"ana", "ruiz"})
    # An office given to two different people in one article is ambiguous and dropped.
    assert "prime minister" not in text_offices("Prime Minister Ann Lee met Prime Minister Bo Ky.")


def test_reprint_check_tolerates_an_update_but_not_an_excerpt() -> None:
    base = " ".join(QUAKE_A + QUAKE_B)
    updated = base + " The airport reopened on Monday. (Updates with airport from last paragraph)"
    sets = [shingle_hashes(t) for t in (base, updated, QUAKE_A[0])]
    assert reprint_pairs(sets) == [(0, 1)]


# --- real seed articles in ../shared ---------------------------------------------------


@needs_shared
def test_seeds_one_story_and_a_related_later_visit() -> None:
    g = group_stories(seed_docs())
    assert g.stories == [["000", "001", "002", "003"], ["004"]]
    assert g.duplicate_of == {}
    ((a, b, reason),) = g.related
    assert (a, b) == (0, 1)
    assert "Blinken" in reason
    assert "2-day vs 3-day" in reason
    assert "Foreign Minister" in reason and "Qin Gang" in reason and "Wang Yi" in reason


@needs_shared
def test_updated_reprint_is_duplicate_of_the_original() -> None:
    original = seed_text("003")
    updated = (
        original
        + "\n\nA further paragraph was added in a later version of the piece.\n"
        + "(Updates with a later paragraph at the end)\n"
    )
    docs = seed_docs()
    docs.insert(0, StoryDoc("003-update", updated, None, date(2023, 6, 21)))
    docs = [StoryDoc(d.id, d.text, None, date(2023, 6, 20)) if d.id == "003" else d for d in docs]
    g = group_stories(docs)
    assert g.duplicate_of == {"003-update": "003"}
    story = next(s for s in g.stories if "003" in s)
    assert "003-update" in story and "004" not in story


# --- ECB+ dev split --------------------------------------------------------------------

DEV_B3_F1 = 0.972  # measured by bench/clustering.py (bench/results/clustering.md)


def _load(path: object) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_clusters", str(path))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_shared
def test_ecbplus_dev_floor() -> None:
    scorer = _load(BENCH / "clustering" / "score_clusters.py")
    lines = (BENCH / "clustering" / "ecbplus" / "docs.jsonl").read_text(encoding="utf-8")
    pool = [d for d in map(json.loads, lines.splitlines()) if d["split"] == "dev"]
    random.Random(7).shuffle(pool)
    docs = [StoryDoc(f"d{i:04d}", d["text"], None, None) for i, d in enumerate(pool)]
    g = group_stories(docs)
    back = {f"d{i:04d}": d["id"] for i, d in enumerate(pool)}
    pred = {back[oid]: k for k, story in enumerate(g.stories) for oid in story}
    result = scorer.score({d["id"]: d["event"] for d in pool}, pred)
    assert result["bcubed"]["f1"] >= DEV_B3_F1 - 0.02
    assert REPO.is_dir()
