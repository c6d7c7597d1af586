"""A throwaway PostgreSQL server for the store tests, and PostgreSQL-only checks.

The server is Debian's ``postgresql`` package (``.ci/run`` installs it), started in a temp
folder on a free localhost port for the session; each test store gets its own database.
Tests skip with the reason when the server binaries are not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ROOT = Path("/usr/lib/postgresql")


def _bin_dir() -> Path | None:
    found = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a running server (``postgresql://postgres@127.0.0.1:PORT``)."""
    bindir = _bin_dir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries are not installed (Debian package 'postgresql'; "
            ".ci/run installs it)"
        )
    pytest.importorskip("psycopg", reason="the 'postgres' extra (psycopg) is not installed")
    home = Path(tempfile.mkdtemp(prefix="newsweave-pg-"))
    data = home / "data"
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                   "--auth=trust", "-E", "UTF8", "--no-sync"]),
        **run,
    )  # fmt: skip
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"),
                   "-o", options, "-w", "start"]),
        **run,
    )  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(home, ignore_errors=True)


def new_database(server: str) -> str:
    """A fresh empty database on the server; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture
def pg_url(pg_server: str) -> str:
    return new_database(pg_server)


def test_migrations_are_versioned_and_applied_once(pg_url: str) -> None:
    from newsweave.store.pg_migrations import SCHEMA_VERSION
    from newsweave.store.postgres import PostgresStore

    with PostgresStore(pg_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count("articles") == 0
    with PostgresStore(pg_url) as store:  # reopening applies nothing twice
        assert store.schema_version == SCHEMA_VERSION
        rows = store.conn.execute("SELECT COUNT(*) AS n FROM schema_version").fetchone()
        assert rows is not None and rows["n"] == 1


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    from newsweave.errors import StoreError
    from newsweave.store.postgres import PostgresStore

    with PostgresStore(pg_url) as store:
        store.conn.execute("UPDATE schema_version SET version = 999")
    with pytest.raises(StoreError, match="newer than this newsweave"):
        PostgresStore(pg_url)


def test_a_bad_url_is_a_store_error() -> None:
    pytest.importorskip("psycopg")
    from newsweave.errors import StoreError
    from newsweave.store.postgres import PostgresStore

    with pytest.raises(StoreError, match="cannot open"):
        PostgresStore(f"postgresql://nobody@127.0.0.1:{_free_port()}/none?connect_timeout=2")
