"""The add path against the batch brief: related links, undated articles anchored on their
story's date, stores written by ``brief --db``, stable story ids, pending rebuilds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave import desk
from newsweave.brief.render_json import report_to_dict, story_dict
from newsweave.model import Article, RawArticle, Report, content_id
from newsweave.pipeline import Options, brief, load, prepare_all
from newsweave.store.base import Store
from newsweave.store.records import story_from_dict
from newsweave.store.sqlite import SqliteStore
from test_online import CHESS, QUAKE
from test_postgres import new_database, pg_server  # noqa: F401  (the session fixture)

DEMO = EXAMPLES / "harbour-summit"
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="module")
def batch() -> Report:
    """The batch brief of the demo, for comparison."""
    return brief([DEMO])


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened: Store = SqliteStore(tmp_path / "desk.db")
    else:
        from newsweave.store.postgres import PostgresStore

        opened = PostgresStore(new_database(request.getfixturevalue("pg_server")))
    yield opened
    opened.close()


def stored(store: Store, article: str) -> dict[str, Any]:
    data = store.story(store.story_of([article])[article])
    assert data is not None
    return data


def links_resolve(store: Store) -> None:
    """Every related link points at a stored story that links back."""
    stories = {s["id"]: s for s in (store.story(i) for i in store.story_ids()) if s}  # type: ignore[attr-defined]
    for sid, data in stories.items():
        for link in data["related"]:
            assert link["story"] in stories, (sid, link)
            assert sid in {r["story"] for r in stories[link["story"]]["related"]}


def demo_articles() -> dict[str, Article]:
    return {a.id: a for a in load([str(DEMO)]).articles}


# --- (a) related stories -------------------------------------------------------------


def test_an_added_story_gets_related_links_with_the_reason(store: Store, batch: Report) -> None:
    desk.add_inputs(store, [str(DEMO)])
    summit, earlier = stored(store, "kessel-courier.txt"), stored(store, "earlier-summit-2024.txt")
    ((to_earlier,),) = [summit["related"]]
    ((to_summit,),) = [earlier["related"]]
    assert to_earlier["story"] == earlier["id"] and to_summit["story"] == summit["id"]
    assert to_earlier["relation"] == "earlier-event" and to_summit["relation"] == "later-event"
    (batch_link,) = next(s for s in batch.stories if len(s.articles) == 5).related
    assert to_earlier["reason"] == to_summit["reason"] == batch_link.reason
    assert "same names" in batch_link.reason and "different dates" in batch_link.reason
    brief_now = desk.story_brief(store, summit["id"])
    assert brief_now["stories"][0]["related"] == summit["related"]
    links_resolve(store)


def test_the_related_link_is_found_whichever_story_comes_first(tmp_path: Path) -> None:
    arts = demo_articles()
    order = ["kessel-courier.txt", "baltic-wire.html", "earlier-summit-2024.txt"]
    with SqliteStore(tmp_path / "desk.db") as store:
        for name in order:
            desk.add_articles(store, [arts[name]])
        summit = stored(store, "kessel-courier.txt")
        earlier = stored(store, "earlier-summit-2024.txt")
        assert [r["story"] for r in summit["related"]] == [earlier["id"]]
        assert [r["story"] for r in earlier["related"]] == [summit["id"]]


# --- (b) undated articles anchored on their story's date ------------------------------


def timex_values(store: Store, article: str) -> list[tuple[str, str | None]]:
    anns, _ = store.analysis([article])
    return [(t.text, t.value) for t in anns[article].timexes]


def test_an_undated_article_is_anchored_like_the_batch_does_it(store: Store, batch: Report) -> None:
    desk.add_inputs(store, [str(DEMO)])
    (article,) = store.articles(["ministry-statement.txt"])
    assert article.published is None
    anns, events = store.analysis(["ministry-statement.txt"])
    ann = anns["ministry-statement.txt"]
    assert ann.published == date(2026, 3, 15)
    want = batch.annotations["ministry-statement.txt"]
    assert [(t.text, t.value) for t in ann.timexes] == [(t.text, t.value) for t in want.timexes]
    assert ("Sunday", "2026-03-15") in timex_values(store, "ministry-statement.txt")
    timeline = stored(store, "ministry-statement.txt")["timeline"]
    assert any(e["date"] == "2026-03-15" for e in timeline)
    assert events["ministry-statement.txt"], "event frames are kept"


def test_an_undated_article_stored_first_is_anchored_when_dated_ones_join(
    tmp_path: Path, batch: Report
) -> None:
    arts = demo_articles()
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_articles(store, [arts["ministry-statement.txt"]])
        alone, _ = store.analysis(["ministry-statement.txt"])
        assert alone["ministry-statement.txt"].published is None
        unresolved = timex_values(store, "ministry-statement.txt")
        later = ["baltic-wire.html", "kessel-courier.txt", "rysund-herald-2026-03-15-accord"]
        desk.add_articles(store, [arts[a] for a in later])
        anns, events = store.analysis(["ministry-statement.txt"])
        ann = anns["ministry-statement.txt"]
        assert ann.published == date(2026, 3, 15)
        want = batch.annotations["ministry-statement.txt"]
        assert [(t.text, t.value) for t in ann.timexes] == [(t.text, t.value) for t in want.timexes]
        assert timex_values(store, "ministry-statement.txt") != unresolved
        whens = {e.when for e in events["ministry-statement.txt"]} - {None}
        assert all(w.startswith("2026") for w in whens)


# --- (c) stores written by `brief --db` -----------------------------------------------


def test_add_places_against_a_store_written_by_brief(store: Store, batch: Report) -> None:
    report = batch
    store.save_report(report, report_to_dict(report))
    placed = store._rows(  # type: ignore[attr-defined]
        "SELECT article_id, story FROM placement_articles"
    )
    owner = store.story_of([r["article_id"] for r in placed])
    assert len(placed) == 6 and all(owner[r["article_id"]] == r["story"] for r in placed)
    summit = next(s for s in report.stories if len(s.articles) == 5).id
    text = (DEMO / "kessel-courier.txt").read_text(encoding="utf-8")
    raw = RawArticle(id="harbour-post", source="harbour-post", outlet="Harbour Post",
                     published=date(2026, 3, 16),
                     text=text.replace("Kessel Courier", "Harbour Post"))  # fmt: skip
    result = desk.add_raw(store, [raw])
    assert result.added[0].story == summit
    assert store.count("stories") == 2
    assert "harbour-post" in (store.story(summit) or {})["articles"]


def test_a_store_briefed_before_placement_rows_were_written_is_backfilled(
    tmp_path: Path, batch: Report
) -> None:
    path = tmp_path / "old.db"
    with SqliteStore(path) as store:
        store.save_report(batch, report_to_dict(batch))
        store.conn.execute("DELETE FROM placement_articles")
        store.conn.execute("DELETE FROM placement_keys")
        store.conn.execute("DELETE FROM placement_key_counts")
        store.conn.commit()
    with SqliteStore(path) as store:
        summit = next(s for s in batch.stories if len(s.articles) == 5).id
        raw = RawArticle(id="again", source="again", outlet="Harbour Post",
                         published=date(2026, 3, 16),
                         text=(DEMO / "kessel-courier.txt").read_text(encoding="utf-8")
                         .replace("Kessel Courier", "Harbour Post"))  # fmt: skip
        result = desk.add_raw(store, [raw])
        assert result.added[0].story == summit
        assert store.count("stories") == 2
        n = store._rows("SELECT COUNT(*) AS n FROM placement_articles")[0]["n"]
        assert n == 7


# --- (d) stable story ids -------------------------------------------------------------


def test_a_story_keeps_its_id_when_an_earlier_article_arrives(store: Store, batch: Report) -> None:
    arts = demo_articles()
    first = desk.add_articles(store, [arts["harbour-times-2026-03-16-accord"]])
    sid = first.added[0].story
    assert sid == content_id(arts["harbour-times-2026-03-16-accord"].content_hash, prefix="s_")
    rest = [a for n, a in arts.items() if n != "harbour-times-2026-03-16-accord"]
    result = desk.add_articles(store, rest)
    assert {a.story for a in result.added if a.article != "earlier-summit-2024.txt"} == {sid}
    summit_batch = next(s for s in batch.stories if len(s.articles) == 5).id
    assert summit_batch != sid  # the batch names the story after its earliest article
    assert stored(store, "baltic-wire.html")["id"] == sid


def quake(doc_id: str, n: int) -> Article:
    (a,) = prepare_all([RawArticle(id=doc_id, source=doc_id, text=QUAKE[n])]).articles
    return a


def test_a_merge_keeps_the_larger_story_and_records_the_other(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_articles(store, [quake("a", 0), quake("b", 1)])
        placer = desk.placer_for(store)
        big = store.story_of(["a"])["a"]
        # As an earlier, smaller pool might have: b in a story of its own, and a longer
        # one (a plus a chess report) - then a third report brings both together.
        (chess,) = prepare_all([RawArticle(id="c", source="c", text=CHESS[0])]).articles
        desk.add_articles(store, [chess])
        with store._transaction():
            placer.index.move(["b"], "s_small")
            placer.index.move(["c"], big)
        for key in ("s_small", big):
            desk.rebuild_story(store, placer, key, placer.index.members(key), Options())
        desk.refresh_stories(store)
        assert sorted(store.story_ids()) == sorted({big, "s_small"})
        result = desk.add_articles(store, [quake("d", 2)])
        (added,) = result.added
        assert added.story == big and added.merged == ("s_small",)
        assert store.story("s_small") is None
        assert set((store.story(big) or {})["articles"]) >= {"a", "b", "d"}
        history = placer.index.story_history()
        assert ("merged", big, "s_small", "d") in history
        links_resolve(store)


# --- pending rebuilds -----------------------------------------------------------------


def test_stories_an_add_changed_wait_for_their_rebuild_and_are_rebuilt_when_read(
    tmp_path: Path,
) -> None:
    raws = [RawArticle(id=f"q{n}", source=f"q{n}", text=t) for n, t in enumerate(QUAKE[:2])]
    raws.append(RawArticle(id="c0", source="c0", text=CHESS[0]))
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_raw(store, raws)
        placer = desk.placer_for(store)
        quakes = store.story_of(["q0"])["q0"]
        with store._transaction():  # an earlier mistake: the chess report in the quake story
            placer.index.move(["c0"], quakes)
        desk.rebuild_story(store, placer, quakes, placer.index.members(quakes), Options())
        desk.refresh_stories(store)
        assert set((store.story(quakes) or {})["articles"]) == {"q0", "q1", "c0"}
        (c1,) = prepare_all([RawArticle(id="c1", source="c1", text=CHESS[1])]).articles
        result = desk.add_articles(store, [c1], refresh=False)
        chess = result.added[0].story
        assert chess != quakes and set(result.stories[chess or ""]["stories"][0]["articles"]) == {
            "c0", "c1"
        }  # fmt: skip
        assert store.pending_stories() == [quakes]
        assert set((store.story(quakes) or {})["articles"]) == {"q0", "q1", "c0"}  # not yet
        report = desk.story_report(store, quakes)  # reading it rebuilds it
        assert report.stories[0].articles == ("q0", "q1")
        assert store.pending_stories() == []
        assert store.story_of(["c0", "q0"]) == {"c0": chess, "q0": quakes}
        links_resolve(store)


class CountingLock:
    """A lock that counts how often it was taken (and checks it is not taken twice)."""

    def __init__(self) -> None:
        self.times = 0
        self.held = False

    def __enter__(self) -> None:
        assert not self.held
        self.held = True
        self.times += 1

    def __exit__(self, *exc: object) -> None:
        self.held = False


def test_pending_stories_are_rebuilt_one_at_a_time_under_the_lock(tmp_path: Path) -> None:
    """The web API refreshes under its write lock, taken per story: an add arriving
    meanwhile waits for one rebuild, not all of them."""
    raws = [RawArticle(id=f"q{n}", source=f"q{n}", text=t) for n, t in enumerate(QUAKE[:2])]
    raws += [RawArticle(id=f"c{n}", source=f"c{n}", text=t) for n, t in enumerate(CHESS[:2])]
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_raw(store, raws)
        placer = desk.placer_for(store)
        quakes, chess = (store.story_of(["q0", "c0"])[i] for i in ("q0", "c0"))
        assert quakes != chess
        store.mark_pending([quakes, chess])
        taken = CountingLock()
        assert sorted(desk.refresh_stories(store, lock=taken)) == sorted([quakes, chess])
        assert taken.times == 2 and not taken.held
        assert store.pending_stories() == []
        assert set(placer.index.members(quakes)) == {"q0", "q1"}


def test_stored_stories_read_back_whole(store: Store, batch: Report) -> None:
    for story in batch.stories:
        data = story_dict(story)
        assert story_dict(story_from_dict(data)) == data
    assert any(s.outlook for s in batch.stories) or any(s.people for s in batch.stories)
