"""The SQLite store: the embedded default `WarningStore`, one file."""

from riskwarn.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
