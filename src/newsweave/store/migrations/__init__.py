"""Versioned schema migrations: ``NNNN_name.sql`` files applied in order, once each.

The SQLite store's ``PRAGMA user_version`` records the last one applied (PostgreSQL has
its own folder, ``pg_migrations``, read the same way). Add a migration by adding the next
numbered file; never edit one that has shipped.
"""

from __future__ import annotations

from importlib import resources


def load_migrations(package: str) -> dict[int, str]:
    """The numbered ``.sql`` files of a package, by number; they must run 1..n."""
    found: dict[int, str] = {}
    for entry in resources.files(package).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found[int(name[:4])] = entry.read_text(encoding="utf-8")
    if sorted(found) != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{package}: migrations are not numbered 1..n: {sorted(found)}")
    return found


MIGRATIONS: dict[int, str] = load_migrations(__name__)
SCHEMA_VERSION: int = max(MIGRATIONS)
