"""Search: filters as index tokens (SQLite), the same hits as plain SQL filters, the same
hits on both backends, and a store from before the change migrated."""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave import desk
from newsweave.store.base import SearchQuery, Store
from newsweave.store.migrations import MIGRATIONS
from newsweave.store.sqlite import SqliteStore
from newsweave.store.sqlstore import entity_key, fts_terms
from newsweave.store.tags import date_tokens, search_tags
from test_postgres import new_database, pg_server  # noqa: F401  (the session fixture)

DEMO = EXAMPLES / "harbour-summit"


def days_of(token: str) -> set[date]:
    """The days a year / month / day token stands for."""
    kind, digits = token[0], token[1:]
    year = int(digits[:4])
    if kind == "y":
        first, last = date(year, 1, 1), date(year, 12, 31)
    elif kind == "m":
        month = int(digits[4:6])
        first = date(year, month, 1)
        last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(1)
    else:
        first = last = date(year, int(digits[4:6]), int(digits[6:8]))
    return {first + timedelta(n) for n in range((last - first).days + 1)}


def test_date_tokens_cover_exactly_the_range() -> None:
    rng = random.Random(7)
    cases = [(date(2011, 1, 1), date(2011, 12, 31)), (date(2010, 12, 31), date(2011, 1, 1)),
             (date(2012, 2, 1), date(2012, 2, 29)), (date(2024, 3, 5), date(2024, 3, 5)),
             (date(9999, 12, 1), date.max), (date.min, date(1, 1, 31))]  # fmt: skip
    for _ in range(300):
        lo = date(2000, 1, 1) + timedelta(rng.randrange(9000))
        cases.append((lo, lo + timedelta(rng.randrange(1200))))
    for lo, hi in cases:
        tokens = date_tokens(lo, hi)
        covered: list[date] = [d for t in tokens for d in days_of(t)]
        assert len(covered) == len(set(covered)), "no day twice"
        assert min(covered) == lo and max(covered) == hi
        assert len(covered) == (hi - lo).days + 1
        assert len(tokens) <= 2 * 30 + 2 * 11 + (hi.year - lo.year + 1)
    assert date_tokens(date(2011, 1, 2), date(2011, 1, 1)) == []
    assert date_tokens(date(2011, 1, 1), date(2012, 12, 31)) == ["y2011", "y2012"]


def test_tags_are_one_token_each_and_survive_the_stemmer() -> None:
    tags = search_tags("quote", "Süddeutsche Zeitung", "s_5217eb59ea59", "2026-03-15",
                       ["kessel bay", "tomas verhoek", "kessel bay"])  # fmt: skip
    words = tags.split()
    assert words[:3] == ["kquote", "o" + "süddeutsche zeitung".encode().hex(),
                         "s" + b"s_5217eb59ea59".hex()]  # fmt: skip
    assert words[3:6] == ["y2026", "m202603", "d20260315"]
    assert len(words) == 8  # entities once each
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t(x) VALUES (?)", (tags,))
    for word in words:  # each tag finds the row as a phrase of one token
        assert conn.execute("SELECT COUNT(*) FROM t WHERE t MATCH ?", (f'"{word}"',)).fetchone()
        assert conn.execute(
            "SELECT COUNT(*) FROM t WHERE t MATCH ?", (f'"{word}"',)
        ).fetchone() == (1,)
    assert search_tags("article", None, None, None) == "karticle"


BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "sqlite":
        store: Store = SqliteStore(tmp_path_factory.mktemp("search") / "desk.db")
    else:
        from newsweave.store.postgres import PostgresStore

        store = PostgresStore(new_database(request.getfixturevalue("pg_server")))
    desk.add_inputs(store, [str(DEMO)])
    yield store
    store.close()


def filter_cases(store: Store) -> list[dict[str, Any]]:
    summit = store.story_of(["kessel-courier.txt"])["kessel-courier.txt"]
    return [
        {},
        {"kinds": ["quote"]},
        {"kinds": ["fact", "quote"]},
        {"outlet": "BALTIC WIRE"},
        {"outlet": "Kessel Courier", "kinds": ["article"]},
        {"story": summit},
        {"story": summit, "kinds": ["fact"]},
        {"entity": "Marta Lindqvist"},
        {"entity": "tomas  VERHOEK"},
        {"since": "2026-03-15"},
        {"until": "2025-01-01"},
        {"since": "2026-03-14", "until": "2026-03-14"},
        {"since": "2024-01-01", "until": "2026-03-15", "outlet": "baltic wire"},
        {"since": "2030-01-01"},
        {"until": "1990-01-01"},
    ]


QUERIES = ["radio", "summit", "harbour safety", '"shipping lanes"', "ship fire crew", "minister"]


def reference(store: Store, query: SearchQuery) -> list[tuple[str, str]]:
    """Every document that matches the words, filtered in Python, as (kind, ref)."""
    if isinstance(store, SqliteStore):
        terms = " ".join(f'"{t}"' for t in fts_terms(query.text))
        rows = store._rows(
            "SELECT d.*, f.rank AS rank FROM search_fts f JOIN search_docs d ON d.id = f.rowid "
            "WHERE search_fts MATCH ? ORDER BY f.rank, d.id",
            [f"text : ({terms})"],
        )
    else:
        terms = " & ".join(" <-> ".join(t.split()) for t in fts_terms(query.text))
        rows = store._rows(  # type: ignore[attr-defined]
            "SELECT d.*, ts_rank(d.tsv, q) AS rank FROM search_docs d, "
            "to_tsquery('english', ?) q WHERE d.tsv @@ q ORDER BY rank DESC, d.id",
            [terms],
        )
    entity = (
        {r["article_id"] for r in store._rows(  # type: ignore[attr-defined]
            "SELECT article_id FROM article_entities WHERE entity = ?",
            [entity_key(query.entity)],
        )} if query.entity else set()
    )  # fmt: skip
    out = []
    for r in rows:
        if r["kind"] not in query.kinds:
            continue
        if query.outlet and (r["outlet"] or "").lower() != query.outlet.lower():
            continue
        if query.story and r["story_id"] != query.story:
            continue
        if query.entity and r["article_id"] not in entity:
            continue
        day = r["published"]
        if query.since and (day is None or day < query.since.isoformat()):
            continue
        if query.until and (day is None or day > query.until.isoformat()):
            continue
        out.append((r["kind"], r["ref"]))
    return out


def test_filters_give_what_plain_filtering_gives(demo: Store) -> None:
    checked = 0
    for text in QUERIES:
        for case in filter_cases(demo):
            query = desk.search_query(text, limit=200, **case)
            hits = [(h.kind, h.ref) for h in demo.search(query)]
            want = reference(demo, query)
            assert hits == want, (text, case)  # the same documents, in the same order
            checked += len(hits)
    assert checked > 100


@pytest.mark.parametrize("share", [0.0, 10.0])
def test_date_ranges_as_tokens_or_on_the_rows_agree(
    demo: Store, share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not isinstance(demo, SqliteStore):
        pytest.skip("SQLite's date tokens")
    import newsweave.store.sqlite as backend

    monkeypatch.setattr(backend, "DATE_ROWS_SHARE", share)  # 0: always rows, 10: tokens
    for text in QUERIES:
        for case in filter_cases(demo):
            if "since" in case or "until" in case:
                query = desk.search_query(text, limit=200, **case)
                assert [(h.kind, h.ref) for h in demo.search(query)] == reference(demo, query)


def test_the_limit_keeps_the_best(demo: Store) -> None:
    for text in QUERIES:
        every = demo.search(desk.search_query(text, limit=200))
        top = demo.search(desk.search_query(text, limit=3))
        assert [h.score for h in top] == [h.score for h in every[:3]]
        assert all(a.score >= b.score for a, b in itertools.pairwise(every))


def test_both_backends_find_the_same_documents(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from newsweave.store.postgres import PostgresStore

    stores: list[Store] = [
        SqliteStore(tmp_path / "desk.db"),
        PostgresStore(new_database(request.getfixturevalue("pg_server"))),
    ]
    try:
        for store in stores:
            desk.add_inputs(store, [str(DEMO)])
        found: list[list[set[tuple[str, str]]]] = []
        for store in stores:
            found.append([
                {(h.kind, h.ref) for h in store.search(desk.search_query(t, limit=200, **c))}
                for t in QUERIES for c in filter_cases(store)
            ])  # fmt: skip
        assert found[0] == found[1]
    finally:
        for store in stores:
            store.close()


def test_outlet_filter_ignores_case_beyond_ascii(tmp_path: Path) -> None:
    from newsweave.model import RawArticle

    raw = RawArticle(
        id="sz-1",
        source="sz-1",
        text="Die Hafenbehörde von Kessel Bay meldete am Montag einen Brand an Bord eines "
        "Containerschiffs. Neunzehn Menschen wurden verletzt, teilte die Behörde mit.",
        outlet="SÜDDEUTSCHE",
        published=date(2026, 3, 14),
    )
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_raw(store, [raw])
        for outlet in ("süddeutsche", "Süddeutsche", "SÜDDEUTSCHE"):
            hits = store.search(desk.search_query("Brand", outlet=outlet))
            assert [h.article for h in hits] == ["sz-1"]


def test_a_store_from_before_is_migrated(tmp_path: Path) -> None:
    """A schema-4 store with articles, entities, a story and placement rows under the old
    placement key: opening it fills the tags, rebuilds the index and maps the key."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for n in range(1, 5):
        conn.executescript(MIGRATIONS[n])
    conn.execute("PRAGMA user_version=4")
    docs = [("a1", "Reuters", "2011-03-02", "Rebels fired on the port of Misrata"),
            ("a2", "BBC", "2011-03-05", "Rebels in Misrata held the port"),
            ("a3", "BBC", None, "The rebels said the port was calm")]  # fmt: skip
    with conn:
        for aid, outlet, day, text in docs:
            conn.execute(
                "INSERT INTO articles (id, content_hash, source, outlet, published, text, raw, "
                "removed) VALUES (?, ?, ?, ?, ?, ?, ?, '[]')",
                (aid, aid, aid, outlet, day, text, text),
            )
            conn.execute(
                "INSERT INTO search_docs (kind, ref, article_id, story_id, outlet, published, "
                "span_start, span_end, text) VALUES ('article', ?, ?, 's_old', ?, ?, 0, 0, ?)",
                (aid, aid, outlet, day, text),
            )
            conn.execute(
                "INSERT INTO placement_articles (article_id, seq, story, day, words, names, "
                "numbers, shingles, event, keys) VALUES (?, ?, 'p_key', 0, x'', x'', x'', x'', "
                "'[[], [], []]', '')",
                (aid, int(aid[1])),
            )
        conn.execute("INSERT INTO article_entities VALUES ('misrata', '2011-03-02', 'a1')")
        conn.execute(
            "INSERT INTO stories (id, title, data, updated_at) VALUES ('s_old', 't', '{}', 'x')"
        )
        conn.executemany(
            "INSERT INTO story_articles (story_id, article_id) VALUES ('s_old', ?)",
            [("a1",), ("a2",), ("a3",)],
        )
        conn.execute("INSERT INTO story_history (event, story, article) VALUES "
                     "('created', 'p_key', 'a1')")  # fmt: skip
    conn.close()
    with SqliteStore(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        tags = {r["ref"]: r["tags"] for r in store._rows("SELECT ref, tags FROM search_docs")}
        assert tags["a1"] == search_tags("article", "Reuters", "s_old", "2011-03-02", ["misrata"])
        assert tags["a3"] == search_tags("article", "BBC", "s_old", None)

        def found(**filters: Any) -> list[str]:
            return sorted(h.ref for h in store.search(desk.search_query("rebels", **filters)))

        assert found() == ["a1", "a2", "a3"]
        assert found(outlet="bbc") == ["a2", "a3"]
        assert found(since="2011-03-03") == ["a2"]
        assert found(entity="Misrata") == ["a1"]
        assert found(story="s_old") == ["a1", "a2", "a3"]
        keys = {r["story"] for r in store._rows("SELECT story FROM placement_articles")}
        assert keys == {"s_old"}
        history = store._rows("SELECT story FROM story_history")
        assert [r["story"] for r in history] == ["s_old"]
