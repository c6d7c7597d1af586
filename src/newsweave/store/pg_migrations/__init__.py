"""PostgreSQL schema migrations: ``NNNN_name.sql`` files applied in order, once each.

The ``schema_version`` table records the last one applied. Add a migration by adding the
next numbered file; never edit one that has shipped.
"""

from __future__ import annotations

from newsweave.store.migrations import load_migrations

MIGRATIONS: dict[int, str] = load_migrations(__name__)
SCHEMA_VERSION: int = max(MIGRATIONS)
