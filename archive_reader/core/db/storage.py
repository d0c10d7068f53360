"""Storage: the library's database connection, its transactions, readers and migrations.

The database is the source of truth. Every change that the search index must
follow also writes a row to ``index_queue`` in the same transaction; the index
works the queue off and deletes the rows once its own commit succeeded, so a
crash between the two leaves work to redo, never a silent drift.

The queries live beside, one module per group of tables (``db/articles.py``,
``db/originals.py``, ``db/index_queue.py``, ...); the few here are the ones the
other managers call on every ``Storage``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive_reader.core.db import index_queue, schema
from archive_reader.core.errors import LibraryError

log = logging.getLogger(__name__)

DATABASE_NAME = "library.sqlite3"
ORIGINALS_DIR = "originals"


def _cannot_write(error: sqlite3.OperationalError) -> str:
    """Why SQLite could not write, in words ("" when the error is about something else)."""
    text = str(error).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return "the disk is full or failing"
    if "readonly" in text or "read-only" in text:
        return "the library is read-only"
    return ""


def now() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class Storage:
    """The database and the content-addressed originals of one library folder.

    Attributes:
        folder: The library folder.
        originals: The folder of the original files (``originals/``).
        db: The shared connection (autocommit; see :meth:`transaction`).
    """

    def __init__(self, folder: Path) -> None:
        """Opens (and creates or migrates) the database in ``folder``.

        Raises:
            LibraryError: The folder or database cannot be created, is damaged,
                or was written by a newer version of the program.
        """
        self.folder = folder
        self.originals = folder / ORIGINALS_DIR
        connection: sqlite3.Connection | None = None
        try:
            self.originals.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                folder / DATABASE_NAME, check_same_thread=False, isolation_level=None
            )
            self.db = sqlite_utils.Database(connection)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            self._migrate()
        except sqlite3.DatabaseError as error:
            if connection is not None:
                connection.close()
            if not os.access(folder, os.W_OK) or not os.access(folder / DATABASE_NAME, os.W_OK):
                raise LibraryError(
                    f"the library in {folder} is read-only: Archive Reader needs to write"
                    f" to its folder (database journal, search index) ({error})"
                ) from error
            raise LibraryError(f"cannot open the library database in {folder}: {error}") from error
        except OSError as error:
            raise LibraryError(f"cannot create the library folder {folder}: {error}") from error

    def close(self) -> None:
        """Closes the database connection."""
        self.db.conn.close()

    def _migrate(self) -> None:
        version = schema.current_version(self.db)
        if version > schema.SCHEMA_VERSION:
            raise LibraryError(
                f"the library in {self.folder} was written by a newer version of Archive Reader"
                f" (schema {version}; this version knows {schema.SCHEMA_VERSION})"
            )
        if 0 < version < schema.SCHEMA_VERSION:
            schema.backup_before_migration(self.db.conn, self.folder / DATABASE_NAME, version)
        for number in range(version, schema.SCHEMA_VERSION):
            log.info("migrating %s to schema %d", self.folder, number + 1)
            with self.transaction():
                # Another program opening the library at the same time may have
                # migrated it while this one waited for the write lock.
                if schema.current_version(self.db) != number:
                    continue
                schema.apply_migration(self.db, number)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Runs the block in one transaction: all of it is written, or none.

        Raises:
            LibraryError: The disk is full or the library read-only (nothing
                of the block is written then).
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _cannot_write(error):
                raise LibraryError(
                    f"cannot save to the library in {self.folder}: {_cannot_write(error)}"
                    f" ({error}); nothing of this change was written"
                ) from error
            raise

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection of its own, for long reads off the shared one.

        In WAL mode it reads a consistent snapshot while others write, and it
        needs no lock of the Archive: the window stays free to use the shared
        connection meanwhile.
        """
        uri = (self.folder / DATABASE_NAME).resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            connection.execute("PRAGMA busy_timeout = 10000")
            yield connection
        finally:
            connection.close()

    def original_file(self, sha256: str) -> Path:
        """Where the original with this hash is kept (``originals/ab/abcdef...``)."""
        return self.originals / sha256[:2] / sha256

    def queue_for_index(self, article_ids: list[int]) -> None:
        """Marks articles whose index entry must be written (or removed).

        Must run inside :meth:`transaction`, with the change it follows.
        """
        index_queue.queue(self.db, article_ids)

    def pending_index(self, limit: int = 500) -> list[int]:
        """Article ids whose index entry is not written yet (``limit`` -1: all)."""
        return [article_id for article_id, _ in index_queue.pending_marks(self.db, limit)]

    def entity_ids_named(self, name: str) -> list[int]:
        """Entities whose name or one of whose aliases is ``name``.

        An alias marked case-sensitive matches only as written ("RT" is not "rt").
        """
        rows = self.db.execute(
            "SELECT id FROM entities WHERE name = ? COLLATE NOCASE"
            " UNION SELECT entity_id FROM aliases WHERE (case_sensitive = 1 AND text = ?)"
            " OR (case_sensitive = 0 AND text = ? COLLATE NOCASE)",
            [name, name, name],
        ).fetchall()
        return sorted(row[0] for row in rows)

    def all_originals(self) -> list[tuple[str, int]]:
        """(sha256, size) of every original the database refers to."""
        return [
            (row[0], row[1])
            for row in self.db.execute("SELECT sha256, size FROM originals").fetchall()
        ]

    def article_ids(self) -> set[int]:
        """Every article id."""
        return {row[0] for row in self.db.execute("SELECT id FROM articles").fetchall()}

    def count(self) -> int:
        """The number of articles."""
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])
