"""One exception tree; every message says what to do about it."""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every error newsweave raises on purpose."""

    exit_code = 1


class InputError(NewsweaveError):
    """An input could not be read or understood."""

    exit_code = 2


class MissingExtraError(NewsweaveError):
    """An optional dependency is not installed."""

    exit_code = 3

    def __init__(self, what: str, extra: str, package: str) -> None:
        super().__init__(
            f"{what} needs the optional package '{package}', which is not installed. "
            f"Install it with: pip install 'newsweave[{extra}]'"
        )
        self.extra = extra
        self.package = package


class StoreError(NewsweaveError):
    """The store could not be opened or written."""

    exit_code = 4
