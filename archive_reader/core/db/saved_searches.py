"""Saved searches (``saved_searches``): named queries and what they found last."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import sqlite_utils

from archive_reader.core.db.storage import now


@dataclass(frozen=True, slots=True)
class SavedSearchRow:
    """One saved search.

    Attributes:
        last_run_at: When it was last run, or None.
        last_ids: What it found then (zlib-compressed int64 ids), or None.
    """

    name: str
    query: str
    created_at: str
    last_run_at: str | None = None
    last_ids: bytes | None = None

    def found_last(self) -> npt.NDArray[np.int64] | None:
        """The ids it found when last run, or None when it never ran."""
        if self.last_ids is None:
            return None
        return np.frombuffer(zlib.decompress(self.last_ids), dtype=np.int64)


def save(db: sqlite_utils.Database, name: str, query: str) -> None:
    """Saves (or replaces the query of) a named search, inside the caller's transaction."""
    db.execute(
        "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET query = excluded.query,"
        " last_run_at = NULL, last_ids = NULL",
        [name, query, now()],
    )


def saved_search(db: sqlite_utils.Database, name: str) -> SavedSearchRow | None:
    """One saved search, or None when none has that name."""
    row = db.execute(
        "SELECT name, query, created_at, last_run_at, last_ids FROM saved_searches WHERE name = ?",
        [name],
    ).fetchone()
    return SavedSearchRow(*row) if row is not None else None


def saved_searches(db: sqlite_utils.Database) -> list[SavedSearchRow]:
    """Every saved search, by name (without what they found)."""
    rows = db.execute(
        "SELECT name, query, created_at, last_run_at FROM saved_searches ORDER BY name"
    ).fetchall()
    return [SavedSearchRow(*row) for row in rows]


def record_run(db: sqlite_utils.Database, name: str, ids: npt.NDArray[np.integer]) -> None:
    """Remembers what a saved search found (inside the caller's transaction)."""
    packed = zlib.compress(ids.astype(np.int64).tobytes())
    db.execute(
        "UPDATE saved_searches SET last_run_at = ?, last_ids = ? WHERE name = ?",
        [now(), packed, name],
    )


def delete(db: sqlite_utils.Database, name: str) -> bool:
    """Forgets a saved search (inside the caller's transaction); False when there was none."""
    cursor = db.execute("DELETE FROM saved_searches WHERE name = ?", [name])
    return cursor.rowcount > 0
