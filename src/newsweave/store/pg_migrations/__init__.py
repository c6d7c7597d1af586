"""PostgreSQL schema migrations: ``NNNN_name.sql`` files applied in order, once each.

The ``schema_version`` table records the last one applied. Add a migration by adding the
next numbered file; never edit one that has shipped.
"""

from __future__ import annotations

from importlib import resources


def _load() -> dict[int, str]:
    found: dict[int, str] = {}
    for entry in resources.files(__name__).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found[int(name[:4])] = entry.read_text(encoding="utf-8")
    if sorted(found) != list(range(1, len(found) + 1)):
        raise RuntimeError(f"PostgreSQL migrations are not numbered 1..n: {sorted(found)}")
    return found


MIGRATIONS: dict[int, str] = _load()
SCHEMA_VERSION: int = max(MIGRATIONS)
