"""The live desk on both backends: incremental add, briefs with ids, changes, search.

Every test here runs against SQLite and against a real PostgreSQL server (skipped with the
reason when PostgreSQL is not installed; ``.ci/run`` installs it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave import desk
from newsweave.store.base import Store
from newsweave.store.sqlite import SqliteStore
from test_postgres import new_database, pg_server  # noqa: F401  (the session fixture)

DEMO = EXAMPLES / "harbour-summit"
BACKENDS = ["sqlite", "postgres"]


def open_backend(request: pytest.FixtureRequest, name: str, folder: Path) -> Store:
    if name == "sqlite":
        return SqliteStore(folder / "desk.db")
    from newsweave.store.postgres import PostgresStore

    return PostgresStore(new_database(request.getfixturevalue("pg_server")))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = open_backend(request, request.param, tmp_path)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, desk.AddResult]]:
    """A store holding the demo corpus, added in one ``add``."""
    opened = open_backend(request, request.param, tmp_path_factory.mktemp("demo"))
    result = desk.add_inputs(opened, [str(DEMO)])
    yield opened, result
    opened.close()


def story_with(store: Store, article: str) -> dict[str, Any]:
    story_id = store.story_of([article])[article]
    data = store.story(story_id)
    assert data is not None
    return data


def test_add_groups_the_demo_like_the_batch_brief(demo: tuple[Store, desk.AddResult]) -> None:
    store, result = demo
    assert result.counts() == {"new": 6, "updated": 0, "unchanged": 0}
    summit = story_with(store, "kessel-courier.txt")
    assert len(summit["articles"]) == 5
    earlier = story_with(store, "earlier-summit-2024.txt")
    assert earlier["articles"] == ["earlier-summit-2024.txt"]
    assert summit["duplicates"] == {"rysund-herald-2026-03-15-accord": "baltic-wire.html"}
    assert {c["kind"] for c in summit["conflicts"]} >= {"duration"}
    assert store.count("stories") == 2


def test_every_added_article_reports_its_story_and_a_saved_brief(
    demo: tuple[Store, desk.AddResult],
) -> None:
    store, result = demo
    for added in result.added:
        assert added.story is not None and added.brief_id is not None
        saved = store.saved_brief(added.brief_id)
        assert saved is not None and saved.data["brief_id"] == added.brief_id
    last = result.added[-1]
    assert last.story is not None
    assert result.stories[last.story]["stories"][0]["id"] == last.story


def test_adding_the_same_article_again_changes_nothing(demo: tuple[Store, desk.AddResult]) -> None:
    store, _ = demo
    before = (store.count("articles"), store.count("stories"))
    again = desk.add_inputs(store, [str(DEMO / "kessel-courier.txt")])
    assert [a.status for a in again.added] == ["unchanged"]
    assert again.added[0].story == store.story_of(["kessel-courier.txt"])["kessel-courier.txt"]
    assert (store.count("articles"), store.count("stories")) == before


def test_story_list_orders(demo: tuple[Store, desk.AddResult]) -> None:
    store, _ = demo
    newest = store.stories("newest")
    assert [s.latest for s in newest] == ["2026-03-16", "2024-05-22"]
    by_sources = store.stories("sources")
    assert by_sources[0].sources >= by_sources[-1].sources
    assert store.stories("conflicts")[0].conflicts >= 1
    assert store.stories("newest", limit=1, offset=1)[0].id == newest[1].id


def test_store_brief_has_an_id_and_renders(demo: tuple[Store, desk.AddResult]) -> None:
    store, _ = demo
    report, data = desk.store_brief(store)
    assert report.brief_id == data["brief_id"] and data["brief_id"].startswith("b_")
    assert len(data["stories"]) == 2 and len(data["articles"]) == 6
    for story in data["stories"]:
        texts = {a["id"]: a["text"] for a in data["articles"]}
        for fact in story["facts"]:
            for claim in fact["claims"]:
                assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
    assert store.brief(data["brief_id"]) is not None
    assert desk.store_brief(store)[1]["brief_id"] == data["brief_id"]  # same content, same id


def test_changes_since_a_brief(store: Store) -> None:
    desk.add_inputs(store, [str(DEMO / "baltic-wire.html")])
    _, before = desk.store_brief(store)
    added = desk.add_inputs(store, [str(DEMO / "kessel-courier.txt")])
    assert [a.status for a in added.added] == ["new"]
    _, after = desk.store_brief(store, since=before["brief_id"])
    changes = after["changes"]
    assert changes["since"] == before["brief_id"]
    assert changes["new_articles"] == ["kessel-courier.txt"]
    assert changes["new_sources"] == ["Kessel Courier"]
    assert changes["changed_facts"], "a second outlet turns single-source facts into consensus"
    assert all(c["from"] == "single-source" for c in changes["changed_facts"])
    facts = {f["id"]: f["status"] for s in after["stories"] for f in s["facts"]}
    assert all(facts[c["id"]] == c["to"] for c in changes["changed_facts"])
    old_facts = {f["id"] for s in before["stories"] for f in s["facts"]}
    assert set(changes["new_facts"]) == set(facts) - old_facts
    assert set(changes["new_quotes"]) <= {q["id"] for s in after["stories"] for q in s["quotes"]}
    # the story-level brief answers the same question for one story
    story_id = added.added[0].story
    assert story_id is not None
    one = desk.story_brief(store, story_id, since=before["brief_id"])
    assert one["changes"]["new_articles"] == ["kessel-courier.txt"]


def test_unknown_since_is_a_clear_error(store: Store) -> None:
    with pytest.raises(desk.NotFoundError, match="no brief 'b_missing'"):
        desk.store_brief(store, since="b_missing")


def test_search_cites_evidence_and_filters(demo: tuple[Store, desk.AddResult]) -> None:
    store, _ = demo
    hits = desk.search(store, desk.search_query("radio procedures"))
    assert {h.kind for h in hits} >= {"article", "quote"}
    texts = {a.id: a.text for a in store.articles([h.article for h in hits])}
    for hit in hits:
        evidence = texts[hit.article][hit.start : hit.end]
        if hit.kind == "article":
            assert evidence.lower().startswith("radio") or evidence.lower().startswith("proced")
        else:
            assert evidence and hit.story is not None
    quotes = desk.search(store, desk.search_query("radio", kinds=["quote"]))
    assert quotes and all(h.kind == "quote" for h in quotes)
    baltic = desk.search(store, desk.search_query("radio", outlet="baltic wire"))
    assert baltic and {h.outlet for h in baltic} == {"Baltic Wire"}
    summit = store.story_of(["earlier-summit-2024.txt"])["earlier-summit-2024.txt"]
    in_story = desk.search(store, desk.search_query("summit", story=summit))
    assert in_story and {h.story for h in in_story} == {summit}
    old = desk.search(store, desk.search_query("summit", until="2025-01-01"))
    assert old and all(h.published and h.published <= "2025-01-01" for h in old)
    assert not desk.search(store, desk.search_query("summit", since="2030-01-01"))
    with_person = desk.search(store, desk.search_query("radio", entity="Marta Lindqvist"))
    assert with_person
    anns, _ = store.analysis([h.article for h in with_person])
    for hit in with_person:
        assert "Marta Lindqvist" in {m.canonical for m in anns[hit.article].mentions}
    assert not desk.search(store, desk.search_query("radio", entity="Nobody Atall"))
    phrase = desk.search(store, desk.search_query('"shipping lanes"', kinds=["article"]))
    assert phrase and phrase[0].article == "earlier-summit-2024.txt"


def test_search_input_is_checked() -> None:
    with pytest.raises(desk.InputError, match="empty"):
        desk.search_query("  ")
    with pytest.raises(desk.InputError, match="date like"):
        desk.search_query("x", since="March")
    with pytest.raises(desk.InputError, match="unknown kind"):
        desk.search_query("x", kinds=["tweet"])


def test_punctuation_only_search_finds_nothing(demo: tuple[Store, desk.AddResult]) -> None:
    store, _ = demo
    assert desk.search(store, desk.search_query('"" * ( ) - ')) == []


def test_an_updated_article_is_rebuilt(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DEMO / "kessel-courier.txt", folder / "kessel-courier.txt")
    desk.add_inputs(store, [str(folder)])
    path = folder / "kessel-courier.txt"
    text = path.read_text(encoding="utf-8")
    assert "40 minutes" in text
    path.write_text(text.replace("40 minutes", "50 minutes"), encoding="utf-8")
    again = desk.add_inputs(store, [str(folder)])
    assert [a.status for a in again.added] == ["updated"]
    assert store.count("articles") == 1 and store.count("stories") == 1
    (article,) = store.articles(["kessel-courier.txt"])
    assert "50 minutes" in article.text


def test_a_long_running_process_is_readied_for_adds(tmp_path: Path) -> None:
    import gc

    from newsweave.analyze.nlp import load_nlp

    with SqliteStore(tmp_path / "desk.db") as store:
        try:
            desk.ready_for_adds(store)
            assert gc.get_freeze_count() > 0  # what is loaded is out of full collections
            assert load_nlp.cache_info().currsize == 1
            assert desk._PLACERS.get(store) is desk.placer_for(store)
            added = desk.add_inputs(store, [str(EXAMPLES / "harbour-summit")])
            assert added.counts()["new"] >= 5
        finally:
            gc.unfreeze()
