"""Upkeep's reads: SQLite's own checks, who uses an original, and what a database copy holds.

Functions take either the library's connection (``storage.db``) or a plain
``sqlite3.Connection`` (a backup copy being written or restored) and only
read; the caller (``core/maintenance/``) holds the lock.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

#: The library's database or a plain connection: both run ``execute(sql, params)``.
Connection = sqlite_utils.Database | sqlite3.Connection


@dataclass(frozen=True, slots=True)
class ForeignKeyViolation:
    """A row of ``PRAGMA foreign_key_check``: a row that refers to a row that does not exist.

    Attributes:
        table: The table of the row.
        rowid: Its rowid (None for a table without rowid).
        parent: The table it refers to.
        key: The number of the foreign key that fails.
    """

    table: str
    rowid: int | None
    parent: str
    key: int


@dataclass(frozen=True, slots=True)
class OriginalSize:
    """An ``originals`` row: the file's SHA-256 and its size in bytes."""

    sha256: str
    size: int


def integrity_check(db: Connection) -> list[str]:
    """SQLite's full integrity check: ``["ok"]`` when the database is sound.

    Raises:
        sqlite3.DatabaseError: The database cannot be read at all.
    """
    return [str(row[0]) for row in db.execute("PRAGMA integrity_check").fetchall()]


def foreign_key_violations(db: Connection) -> list[ForeignKeyViolation]:
    """Every row that refers to a row that does not exist.

    Raises:
        sqlite3.DatabaseError: The database cannot be read at all.
    """
    return [
        ForeignKeyViolation(str(row[0]), row[1], str(row[2]), int(row[3]))
        for row in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def articles_using_original(db: Connection, sha256: str) -> list[int]:
    """The articles whose original (or one of whose images) is this file."""
    return [
        int(row[0])
        for row in db.execute(
            "SELECT id FROM articles WHERE original_sha256 = ?"
            " UNION SELECT article_id FROM resources WHERE sha256 = ?",
            [sha256, sha256],
        ).fetchall()
    ]


def original_first_name(db: Connection, sha256: str) -> str | None:
    """The name the file had when it was first imported (None when not recorded)."""
    row = db.execute("SELECT first_name FROM originals WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def original_sources(db: Connection, sha256: str) -> list[str]:
    """The paths the articles with this original were imported from."""
    return [
        str(row[0])
        for row in db.execute(
            "SELECT DISTINCT source_path FROM articles WHERE original_sha256 = ?", [sha256]
        ).fetchall()
    ]


def article_count(db: Connection) -> int:
    """How many articles the database holds."""
    return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def annotation_count(db: Connection) -> int:
    """How many highlights the database holds."""
    return int(db.execute("SELECT count(*) FROM annotations").fetchone()[0])


def original_sizes(db: Connection) -> list[OriginalSize]:
    """Every original file the database records."""
    return [
        OriginalSize(str(row[0]), int(row[1]))
        for row in db.execute("SELECT sha256, size FROM originals").fetchall()
    ]


def schema_version(db: Connection) -> int:
    """The database's schema version (``PRAGMA user_version``)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])
