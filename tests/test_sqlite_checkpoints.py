"""WAL checkpoints run on their own thread in a quiet moment, or when commits pile up."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.store import sqlite
from newsweave.store.sqlite import SqliteStore


def _commit(store: SqliteStore, n: int) -> None:
    with store._transaction():
        store.conn.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
        store.conn.execute("INSERT INTO scratch (n) VALUES (?)", (n,))


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_checkpoint_waits_for_the_end_of_an_add_and_a_quiet_moment(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "desk.db") as store:
        cp = store._checkpoints
        assert cp is not None
        _commit(store, -1)
        assert _wait_for(lambda: cp.checkpoints > 0)  # the store's first writes, once quiet
        start = cp.checkpoints
        with store.holding_checkpoints():  # an add: commits with work between them
            for n in range(5):
                _commit(store, n)
            time.sleep(4 * sqlite.IDLE_S)  # quiet, but the add is not over
            assert cp.checkpoints == start
        assert _wait_for(lambda: cp.checkpoints > start)  # once it is, and the store quiet


def test_a_long_burst_is_checkpointed_without_a_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "IDLE_S", 60.0)  # never quiet long enough
    with SqliteStore(tmp_path / "desk.db") as store:
        cp = store._checkpoints
        assert cp is not None
        start = cp.checkpoints
        for n in range(sqlite.MAX_COMMITS + 1):
            _commit(store, n)
        assert _wait_for(lambda: cp.checkpoints > start)
