"""The library's SQLite database (via sqlite-utils): schema, migrations, queries.

The database is the source of truth. Every change that the search index must
follow also writes a row to ``index_queue`` in the same transaction; the index
works the queue off and deletes the rows once its own commit succeeded, so a
crash between the two leaves work to redo, never a silent drift.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from archive_reader.core.errors import ImportFailure, LibraryError
from archive_reader.core.search.analysis import base_language

log = logging.getLogger(__name__)
_QUEUE_MARKS = itertools.count()

DATABASE_NAME = "library.sqlite3"
ORIGINALS_DIR = "originals"

_ARTICLE_COLUMNS = (
    "id, title, text, html, url, author, published, site_name, language, description,"
    " image, source_path, source_format, original_sha256, imported_at, word_count,"
    " captured_at, note"
)
_SUMMARY_COLUMNS = (
    "id, title, site_name, author, published, url, language, imported_at, word_count,"
    " note != '' AS has_note"
)
#: List orders: column, and whether it runs newest/largest first by default.
_SORT_COLUMNS = {
    "imported": ("imported_at", True),
    "published": ("published", True),
    "title": ("title COLLATE NOCASE", False),
    "site": ("site_name COLLATE NOCASE", False),
    "author": ("author COLLATE NOCASE", False),
    "id": ("id", False),
    "words": ("word_count", True),
}
#: Orders on a column that may be NULL, and that column: NULLs go last both ways.
_NULLABLE_ORDERS = {"published": "published", "site": "site_name", "author": "author"}


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Runs statements one by one, inside the caller's transaction.

    ``executescript`` would commit the open transaction first, so a migration
    that fails half-way could not be rolled back.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_1(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            media_type TEXT,
            first_name TEXT,
            added_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            original_sha256 TEXT NOT NULL REFERENCES originals(sha256),
            record_key TEXT NOT NULL DEFAULT '',
            source_path TEXT NOT NULL,
            source_format TEXT NOT NULL,
            encoding TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            html TEXT NOT NULL,
            url TEXT,
            url_key TEXT,
            author TEXT,
            published TEXT,
            site_name TEXT,
            language TEXT,
            description TEXT,
            image TEXT,
            text_sha256 TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            extracted_at TEXT NOT NULL,
            extractor_version INTEGER NOT NULL,
            UNIQUE (original_sha256, record_key)
        );
        CREATE INDEX articles_url_text ON articles (url_key, text_sha256);
        CREATE INDEX articles_imported ON articles (imported_at);
        CREATE INDEX articles_published ON articles (published);
        CREATE TABLE resources (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            ref TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES originals(sha256),
            media_type TEXT NOT NULL,
            PRIMARY KEY (article_id, ref)
        );
        CREATE INDEX resources_sha256 ON resources (sha256);
        CREATE TABLE index_queue (
            article_id INTEGER PRIMARY KEY,
            queued_at TEXT NOT NULL
        );
        """,
    )


def _migrate_2(db: sqlite_utils.Database) -> None:
    """Tags, entities, annotations, saved searches; capture dates and article notes."""
    _run_script(
        db,
        """
        ALTER TABLE articles ADD COLUMN captured_at TEXT;
        ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        );
        CREATE INDEX article_tags_tag ON article_tags (tag_id);
        CREATE TABLE entity_types (name TEXT PRIMARY KEY COLLATE NOCASE);
        INSERT INTO entity_types (name)
            VALUES ('person'), ('organisation'), ('place'), ('event');
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL REFERENCES entity_types(name) ON UPDATE CASCADE,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            case_sensitive INTEGER NOT NULL DEFAULT 0,
            UNIQUE (entity_id, text)
        );
        CREATE INDEX aliases_text ON aliases (text COLLATE NOCASE);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('found', 'manual')),
            rejected INTEGER NOT NULL DEFAULT 0,
            UNIQUE (article_id, entity_id, start, end)
        );
        CREATE INDEX mentions_entity ON mentions (entity_id, article_id);
        CREATE INDEX mentions_article ON mentions (article_id);
        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            color TEXT NOT NULL
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            label_id INTEGER REFERENCES labels(id) ON DELETE SET NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX annotations_article ON annotations (article_id);
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, tag_id)
        );
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_run_at TEXT,
            last_ids BLOB
        );
        CREATE TABLE dismissed_suggestions (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            dismissed_at TEXT NOT NULL
        );
        """,
    )


def _migrate_3(db: sqlite_utils.Database) -> None:
    """Indexes that serve the article list's orders a page at a time, without sorting."""
    _run_script(
        db,
        """
        DROP INDEX IF EXISTS articles_imported;
        CREATE INDEX IF NOT EXISTS articles_imported_id ON articles (imported_at, id);
        DROP INDEX IF EXISTS articles_published;
        CREATE INDEX IF NOT EXISTS articles_published_id ON articles (published, id)
        """,
    )


def _migrate_4(db: sqlite_utils.Database) -> None:
    """Indexes for the sidebar's counts and the facet table, read without the article texts.

    The short columns come after the text and HTML in a row, so a scan of the
    table reads every article whole (0.4 s for 100,000); these indexes hold
    them apart (a few milliseconds).
    """
    _run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS articles_facets ON articles (site_name, language, published);
        CREATE INDEX IF NOT EXISTS articles_noted ON articles (id) WHERE note != ''
        """,
    )


def _migrate_5(db: sqlite_utils.Database) -> None:
    """Indexes for every order of the article list, in both directions.

    Without them a page deep in the list sorted by title, site, author or
    (oldest first) publication date sorted the whole table: 0.5-2.3 s on
    100,000 articles, several seconds with a cold disk. Undated or unsigned
    articles come last either way: descending orders use the plain column
    index backwards (NULL sorts first in SQLite), ascending ones an index that
    starts with ``column IS NULL``.
    """
    _run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS articles_published_asc
            ON articles ((published IS NULL), published, id);
        CREATE INDEX IF NOT EXISTS articles_title ON articles (title COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS articles_site ON articles (site_name COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS articles_site_asc
            ON articles ((site_name IS NULL), site_name COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS articles_author ON articles (author COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS articles_author_asc
            ON articles ((author IS NULL), author COLLATE NOCASE, id)
        """,
    )


def _migrate_6(db: sqlite_utils.Database) -> None:
    """An index for finding a page saved again without its URL, by its text."""
    _run_script(db, "CREATE INDEX IF NOT EXISTS articles_text ON articles (text_sha256)")


#: Migrations in order; the database's ``user_version`` is the number applied.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
    _migrate_5,
    _migrate_6,
)
SCHEMA_VERSION = len(MIGRATIONS)
#: How many automatic pre-migration copies of the database are kept.
MIGRATION_BACKUPS_KEPT = 3


def _cannot_write(error: sqlite3.OperationalError) -> str:
    """Why SQLite could not write, in words ("" when the error is about something else)."""
    text = str(error).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return "the disk is full or failing"
    if "readonly" in text or "read-only" in text:
        return "the library is read-only"
    return ""


def _by_base_language(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts per language code folded to primary languages ("en-US" counts as "en")."""
    totals: dict[str, int] = {}
    for language, count in counts:
        key = base_language(language) or "unknown"
        totals[key] = totals.get(key, 0) + count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def now() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class NewArticle:
    """The columns of an article about to be stored."""

    original_sha256: str
    record_key: str
    source_path: str
    source_format: str
    encoding: str
    title: str
    text: str
    html: str
    url: str | None
    url_key: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    image: str | None
    extractor_version: int
    captured_at: str | None = None


class Storage:
    """The database and the content-addressed originals of one library folder."""

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
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"the library in {self.folder} was written by a newer version of Archive Reader"
                f" (schema {version}; this version knows {SCHEMA_VERSION})"
            )
        if 0 < version < SCHEMA_VERSION:
            self._backup_before_migration(version)
        for number in range(version, SCHEMA_VERSION):
            log.info("migrating %s to schema %d", self.folder, number + 1)
            with self.transaction():
                # Another program opening the library at the same time may have
                # migrated it while this one waited for the write lock.
                if self.db.execute("PRAGMA user_version").fetchone()[0] != number:
                    continue
                MIGRATIONS[number](self.db)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    def _backup_before_migration(self, version: int) -> None:
        """Copies the database (SQLite's online backup) before a migration changes it.

        Writes ``library.sqlite3.pre-migration-<version>.bak`` beside the
        database and keeps the newest :data:`MIGRATION_BACKUPS_KEPT` of them.

        Raises:
            LibraryError: The copy could not be written (nothing is migrated then).
        """
        target = self.folder / f"{DATABASE_NAME}.pre-migration-{version}.bak"
        partial = target.with_name(target.name + ".partial")
        log.info("backing up %s to %s before migrating it", self.folder, target.name)
        try:
            copy = sqlite3.connect(partial)
            try:
                self.db.conn.backup(copy)
            finally:
                copy.close()
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as error:
            Path(partial).unlink(missing_ok=True)
            raise LibraryError(
                f"cannot back up the library in {self.folder} before upgrading it"
                f" (schema {version} to {SCHEMA_VERSION}): {error}; nothing was changed"
            ) from error
        kept = sorted(
            self.folder.glob(f"{DATABASE_NAME}.pre-migration-*.bak"),
            key=lambda path: path.stat().st_mtime,
        )
        for old in kept[:-MIGRATION_BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Runs the block in one transaction: all of it is written, or none."""
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

    # Originals

    def original_file(self, sha256: str) -> Path:
        """Where the original with this hash is kept (``originals/ab/abcdef...``)."""
        return self.originals / sha256[:2] / sha256

    def keep_original(self, data: bytes, sha256: str) -> Path:
        """Writes ``data`` into the originals folder, atomically; idempotent."""
        target = self.original_file(sha256)
        if target.exists() and target.stat().st_size == len(data):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException as error:
            Path(temp).unlink(missing_ok=True)
            if isinstance(error, OSError) and error.errno == errno.ENOSPC:
                raise ImportFailure(
                    f"the disk is full: cannot keep a copy of the file in {self.originals}"
                ) from error
            raise
        return target

    def record_original(self, sha256: str, size: int, media_type: str, name: str) -> None:
        """Adds an originals row (inside the caller's transaction) unless present."""
        self.db.execute(
            "INSERT OR IGNORE INTO originals (sha256, size, media_type, first_name, added_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [sha256, size, media_type, name, now()],
        )

    # Articles

    def find_by_record(self, sha256: str, record_key: str) -> tuple[int, str] | None:
        """The article already imported from this original (and record), if any."""
        row = self.db.execute(
            "SELECT id, title FROM articles WHERE original_sha256 = ? AND record_key = ?",
            [sha256, record_key],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def has_original(self, sha256: str) -> bool:
        """True when some article was imported from the original with this hash."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE original_sha256 = ? LIMIT 1", [sha256]
        ).fetchone()
        return row is not None

    def find_by_url_text(self, url_key: str, text_sha256: str) -> tuple[int, str] | None:
        """An article with the same canonical URL and the same text, if any."""
        row = self.db.execute(
            "SELECT id, title FROM articles WHERE url_key = ? AND text_sha256 = ? LIMIT 1",
            [url_key, text_sha256],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def find_by_title_text(
        self, title: str, text_sha256: str, unaddressed_only: bool = False
    ) -> tuple[int, str] | None:
        """An article with the same title and text (and no canonical URL, if asked)."""
        row = self.db.execute(
            "SELECT id, title FROM articles WHERE text_sha256 = ? AND title = ?"
            + (" AND url_key IS NULL" if unaddressed_only else "")
            + " LIMIT 1",
            [text_sha256, title],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def insert_article(self, article: NewArticle, resources: dict[str, tuple[str, str]]) -> int:
        """Inserts an article, its resources and its index-queue row.

        Must run inside :meth:`transaction`, after the originals are recorded.

        Args:
            article: The columns to store.
            resources: Reference in the html -> (sha256, media type).

        Returns:
            The new article's id.
        """
        stamp = now()
        cursor = self.db.execute(
            "INSERT INTO articles (original_sha256, record_key, source_path, source_format,"
            " encoding, title, text, html, url, url_key, author, published, site_name,"
            " language, description, image, text_sha256, word_count, imported_at,"
            " extracted_at, extractor_version, captured_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article.original_sha256,
                article.record_key,
                article.source_path,
                article.source_format,
                article.encoding,
                article.title,
                article.text,
                article.html,
                article.url,
                article.url_key,
                article.author,
                article.published,
                article.site_name,
                article.language,
                article.description,
                article.image,
                sha256_of(article.text.encode("utf-8")),
                len(article.text.split()),
                stamp,
                stamp,
                article.extractor_version,
                article.captured_at,
            ],
        )
        article_id = cursor.lastrowid
        assert article_id is not None
        for ref, (sha256, media_type) in resources.items():
            self.db.execute(
                "INSERT OR IGNORE INTO resources (article_id, ref, sha256, media_type)"
                " VALUES (?, ?, ?, ?)",
                [article_id, ref, sha256, media_type],
            )
        self.queue_for_index([article_id])
        return article_id

    def extraction_source(self, article_id: int) -> tuple[str, str, str] | None:
        """(original sha256, record key, current text) of an article, for re-extraction."""
        row = self.db.execute(
            "SELECT original_sha256, record_key, text FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def update_extraction(
        self,
        article_id: int,
        columns: dict[str, object],
        resources: dict[str, tuple[str, str]],
    ) -> None:
        """Replaces what extraction produced for an article (inside the caller's transaction).

        Args:
            article_id: The article.
            columns: New values of title, text, html, url, url_key, author,
                published, site_name, language, description, image, extractor_version.
            resources: Reference -> (sha256, media type) of the images it shows.
        """
        allowed = {
            "title", "text", "html", "url", "url_key", "author", "published", "site_name",
            "language", "description", "image", "extractor_version",
        }  # fmt: skip
        assert set(columns) <= allowed, set(columns) - allowed
        text = str(columns["text"])
        values = dict(columns)
        values.update(
            text_sha256=sha256_of(text.encode("utf-8")),
            word_count=len(text.split()),
            extracted_at=now(),
        )
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*values.values(), article_id]
        )
        for ref, (sha256, media_type) in resources.items():
            self.db.execute(
                "INSERT OR REPLACE INTO resources (article_id, ref, sha256, media_type)"
                " VALUES (?, ?, ?, ?)",
                [article_id, ref, sha256, media_type],
            )
        self.queue_for_index([article_id])

    def queue_for_index(self, article_ids: list[int]) -> None:
        """Marks articles whose index entry must be written (or removed).

        Each mark is unique (time, process, counter), so that a process that
        indexed an article clears only the mark it saw, never a newer one that
        another process wrote meanwhile.
        """
        stamp = f"{datetime.now(UTC).isoformat()}#{os.getpid()}#{next(_QUEUE_MARKS)}"
        for article_id in article_ids:
            self.db.execute(
                "INSERT OR REPLACE INTO index_queue (article_id, queued_at) VALUES (?, ?)",
                [article_id, stamp],
            )

    def pending_index(self, limit: int = 500) -> list[int]:
        """Article ids whose index entry is not written yet."""
        rows = self.db.execute(
            "SELECT article_id FROM index_queue ORDER BY article_id LIMIT ?", [limit]
        ).fetchall()
        return [row[0] for row in rows]

    def pending_marks(self, limit: int = 500) -> list[tuple[int, str]]:
        """(article id, queue mark) of articles whose index entry is not written yet."""
        rows = self.db.execute(
            "SELECT article_id, queued_at FROM index_queue ORDER BY article_id LIMIT ?", [limit]
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def clear_marks(self, marks: list[tuple[int, str]]) -> None:
        """Forgets queue rows once indexed, unless they were marked again since."""
        with self.transaction():
            for article_id, mark in marks:
                self.db.execute(
                    "DELETE FROM index_queue WHERE article_id = ? AND queued_at = ?",
                    [article_id, mark],
                )

    def clear_pending(self, article_ids: list[int]) -> None:
        """Forgets queue rows once the index has committed them."""
        with self.transaction():
            for article_id in article_ids:
                self.db.execute("DELETE FROM index_queue WHERE article_id = ?", [article_id])

    def article_row(self, article_id: int) -> dict[str, object] | None:
        """One article's columns, or None."""
        cursor = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]
        )
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def index_rows(self, article_ids: list[int]) -> list[dict[str, object]]:
        """What the index needs of these articles (missing ids left out).

        Each row has the article's columns, plus ``tags`` (its own and its
        highlights'), ``entities`` (ids of mentions not rejected), ``labels``
        (of its highlights) and ``notes`` (its note and its highlights' notes).
        """
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        cursor = self.db.execute(
            "SELECT id, title, text, site_name, author, published, language, imported_at, url,"
            " note AS notes"
            f" FROM articles WHERE id IN ({marks})",
            article_ids,
        )
        names = [c[0] for c in cursor.description]
        rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
        for row in rows.values():
            row.update(tags=[], entities=[], labels=[])
            row["notes"] = [row["notes"]] if row["notes"] else []
        queries = (
            (
                "tags",
                "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
                f" WHERE article_id IN ({marks})"
                " UNION SELECT a.article_id, t.name FROM annotations a"
                " JOIN annotation_tags at ON at.annotation_id = a.id"
                f" JOIN tags t ON t.id = at.tag_id WHERE a.article_id IN ({marks})",
                article_ids * 2,
            ),
            (
                "entities",
                "SELECT DISTINCT article_id, entity_id FROM mentions"
                f" WHERE rejected = 0 AND article_id IN ({marks})",
                article_ids,
            ),
            (
                "labels",
                "SELECT DISTINCT a.article_id, l.name FROM annotations a"
                f" JOIN labels l ON l.id = a.label_id WHERE a.article_id IN ({marks})",
                article_ids,
            ),
            (
                "notes",
                "SELECT article_id, note FROM annotations"
                f" WHERE note != '' AND article_id IN ({marks}) ORDER BY id",
                article_ids,
            ),
        )
        for key, sql, params in queries:
            for article_id, value in self.db.execute(sql, params).fetchall():
                rows[article_id][key].append(value)  # type: ignore[attr-defined]
        for row in rows.values():
            row["notes"] = "\n\n".join(row["notes"])  # type: ignore[arg-type]
        return [rows[article_id] for article_id in article_ids if article_id in rows]

    def iter_index_rows(self, batch: int = 200) -> Iterator[list[dict[str, object]]]:
        """All articles' index columns, in batches (for a rebuild)."""
        last = 0
        while True:
            ids = [
                row[0]
                for row in self.db.execute(
                    "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, batch]
                ).fetchall()
            ]
            if not ids:
                return
            yield self.index_rows(ids)
            last = ids[-1]

    def summaries(
        self,
        offset: int,
        limit: int | None,
        order: str,
        descending: bool | None = None,
        where: tuple[str, list[object]] = ("", []),
    ) -> list[dict[str, object]]:
        """Rows for the article list, without the text, with tags and note counts.

        Args:
            offset: Rows to skip.
            limit: Most rows; None for all.
            order: A key of the orders (imported, published, title, site, author, id, notes).
            descending: Reverse the order's natural direction when given.
            where: An SQL condition on ``articles`` (from :meth:`filter_sql`) and its values.
        """
        if order not in _SORT_COLUMNS:
            raise ValueError(f"unknown order {order!r}; expected one of {sorted(_SORT_COLUMNS)}")
        column, natural_desc = _SORT_COLUMNS[order]
        desc = natural_desc if descending is None else descending
        direction = "DESC" if desc else "ASC"
        # Descending, NULL (smallest in SQLite) comes last by itself; ascending
        # needs "IS NULL" first. Both spellings match an index of migration 5.
        nullable = _NULLABLE_ORDERS.get(order)
        nulls = f"{nullable} IS NULL, " if nullable and not desc else ""
        condition, values = where
        sql = (
            f"SELECT {_SUMMARY_COLUMNS} FROM articles"
            + (f" WHERE {condition}" if condition else "")
            + f" ORDER BY {nulls}{column} {direction}, id {direction} LIMIT ? OFFSET ?"
        )
        cursor = self.db.execute(sql, [*values, -1 if limit is None else limit, offset])
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        self._add_tags_and_notes(rows)
        return rows

    def _add_tags_and_notes(self, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        ids = [row["id"] for row in rows]
        marks = ",".join("?" * len(ids))
        tags: dict[object, list[str]] = {}
        for article_id, name in self.db.execute(
            "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
            f" WHERE article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            ids,
        ).fetchall():
            tags.setdefault(article_id, []).append(name)
        notes = dict(
            self.db.execute(
                "SELECT article_id, count(*) FROM annotations"
                f" WHERE article_id IN ({marks}) GROUP BY article_id",
                ids,
            ).fetchall()
        )
        for row in rows:
            row["tags"] = tags.get(row["id"], [])
            row["notes"] = int(notes.get(row["id"], 0)) + (1 if row.pop("has_note", 0) else 0)

    @staticmethod
    def filter_sql(
        tag: str | None = None,
        site: str | None = None,
        entity_id: int | None = None,
        language: str | None = None,
        with_notes: bool = False,
        orphaned: bool = False,
        ids: list[int] | None = None,
    ) -> tuple[str, list[object]]:
        """An SQL condition on ``articles`` for an article filter, and its values."""
        parts: list[str] = []
        values: list[object] = []
        if tag is not None:
            parts.append(
                "(id IN (SELECT article_id FROM article_tags JOIN tags t ON t.id = tag_id"
                " WHERE t.name = ? COLLATE NOCASE) OR id IN (SELECT a.article_id FROM"
                " annotations a JOIN annotation_tags at ON at.annotation_id = a.id"
                " JOIN tags t ON t.id = at.tag_id WHERE t.name = ? COLLATE NOCASE))"
            )
            values += [tag, tag]
        if site is not None:
            parts.append("site_name = ?")
            values.append(site)
        if entity_id is not None:
            parts.append(
                "id IN (SELECT article_id FROM mentions WHERE entity_id = ? AND rejected = 0)"
            )
            values.append(entity_id)
        if language is not None:
            parts.append("(language = ? OR language LIKE ?)")
            values += [language, f"{language}-%"]
        if with_notes:
            parts.append(
                "id IN (SELECT id FROM articles WHERE note != ''"
                " UNION SELECT article_id FROM annotations)"
            )
        if orphaned:
            parts.append("id IN (SELECT article_id FROM annotations WHERE orphaned = 1)")
        if ids is not None:
            parts.append("id IN (SELECT value FROM json_each(?))")
            values.append(json.dumps([int(i) for i in ids]))
        return " AND ".join(parts), values

    def count_where(self, where: tuple[str, list[object]]) -> int:
        """How many articles a filter keeps."""
        condition, values = where
        sql = "SELECT count(*) FROM articles" + (f" WHERE {condition}" if condition else "")
        return int(self.db.execute(sql, values).fetchone()[0])

    def disk_usage(self) -> int:
        """The bytes the library folder takes, without visiting every original.

        The files beside the database and in its sub-folders other than
        ``originals/`` (the index, backups) are measured; the originals are
        counted from the sizes recorded when they were stored (100,000 files
        are too many to visit whenever the window shows the library's size).
        """
        total = 0
        for root, dirs, files in os.walk(self.folder):
            if Path(root) == self.folder:
                dirs[:] = [name for name in dirs if name != ORIGINALS_DIR]
            for name in files:
                with suppress(OSError):
                    total += os.stat(os.path.join(root, name)).st_size
        with self.reader() as connection:
            stored = connection.execute("SELECT coalesce(sum(size), 0) FROM originals").fetchone()
        return total + int(stored[0])

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

    def overview(self, connection: sqlite3.Connection | None = None) -> dict[str, object]:
        """Counts for the sidebar: tags, sites, entities by type, saved searches, notes."""
        one = (connection or self.db.conn).execute
        entities: dict[str, list[tuple[int, str, int]]] = {}
        for entity_id, name, kind, count in one(
            "SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) FROM entities e"
            " LEFT JOIN mentions m ON m.entity_id = e.id AND m.rejected = 0"
            " GROUP BY e.id ORDER BY 4 DESC, e.name COLLATE NOCASE"
        ).fetchall():
            entities.setdefault(kind, []).append((entity_id, name, count))
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "with_notes": one(
                "SELECT count(*) FROM (SELECT id FROM articles WHERE note != ''"
                " UNION SELECT article_id FROM annotations)"
            ).fetchone()[0],
            "orphaned": one(
                "SELECT count(DISTINCT article_id) FROM annotations WHERE orphaned = 1"
            ).fetchone()[0],
            "tags": one(
                "SELECT name, count(DISTINCT article_id) FROM ("
                " SELECT article_id, t.name AS name FROM article_tags JOIN tags t ON t.id = tag_id"
                " UNION SELECT a.article_id, t.name FROM annotations a JOIN annotation_tags at"
                " ON at.annotation_id = a.id JOIN tags t ON t.id = at.tag_id)"
                " GROUP BY name ORDER BY name COLLATE NOCASE"
            ).fetchall(),
            "sites": one(
                "SELECT site_name, count(*) FROM articles WHERE site_name IS NOT NULL"
                " GROUP BY site_name ORDER BY 2 DESC, 1 COLLATE NOCASE"
            ).fetchall(),
            "entities": entities,
            "saved_searches": one(
                "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
            ).fetchall(),
            "languages": _by_base_language(
                one(
                    "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1"
                ).fetchall()
            ),
        }

    def delete_articles(self, article_ids: list[int]) -> int:
        """Deletes articles with their tags, mentions and highlights (inside a transaction).

        The original files stay in ``originals/``: nothing imported is lost,
        and importing the file again brings the article back.

        Returns:
            How many articles were deleted.
        """
        deleted = 0
        for article_id in article_ids:
            cursor = self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
            deleted += cursor.rowcount
        self.queue_for_index(article_ids)
        self.db.execute(
            "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)"
            " AND id NOT IN (SELECT tag_id FROM annotation_tags)"
        )
        return deleted

    def summaries_by_id(self, article_ids: list[int]) -> dict[int, dict[str, object]]:
        """List rows for these ids, keyed by id."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        cursor = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS}, text FROM articles WHERE id IN ({marks})",
            article_ids,
        )
        names = [c[0] for c in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}

    def titled_texts(self, article_ids: list[int]) -> dict[int, tuple[str, str]]:
        """(title, text) of each article, by id."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.db.execute(
            f"SELECT id, title, text FROM articles WHERE id IN ({marks})", article_ids
        ).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

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

    def facet_rows(
        self, connection: sqlite3.Connection | None = None
    ) -> dict[str, list[tuple[object, ...]]]:
        """What facet counts need, for every article: sites, languages, years, tags, entities."""
        one = (connection or self.db.conn).execute
        return {
            "articles": one(
                "SELECT id, site_name, language, substr(published, 1, 4) FROM articles"
            ).fetchall(),
            "tags": one(
                "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
                " UNION SELECT a.article_id, t.name FROM annotations a"
                " JOIN annotation_tags at ON at.annotation_id = a.id"
                " JOIN tags t ON t.id = at.tag_id"
            ).fetchall(),
            "entities": one(
                "SELECT DISTINCT m.article_id, e.name FROM mentions m"
                " JOIN entities e ON e.id = m.entity_id WHERE m.rejected = 0"
            ).fetchall(),
        }

    # Saved searches

    def save_search(self, name: str, query: str) -> None:
        """Saves (or replaces the query of) a named search."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query,"
                " last_run_at = NULL, last_ids = NULL",
                [name, query, now()],
            )

    def saved_search(self, name: str) -> dict[str, object] | None:
        """One saved search's row (name, query, created_at, last_run_at, last_ids)."""
        cursor = self.db.execute(
            "SELECT name, query, created_at, last_run_at, last_ids FROM saved_searches"
            " WHERE name = ?",
            [name],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cursor.description], row, strict=True))

    def saved_searches(self) -> list[dict[str, object]]:
        """Every saved search, by name."""
        cursor = self.db.execute(
            "SELECT name, query, created_at, last_run_at FROM saved_searches ORDER BY name"
        )
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def record_search_run(self, name: str, ids: bytes) -> None:
        """Remembers what a saved search found, to tell what is new next time."""
        with self.transaction():
            self.db.execute(
                "UPDATE saved_searches SET last_run_at = ?, last_ids = ? WHERE name = ?",
                [now(), ids, name],
            )

    def delete_saved_search(self, name: str) -> bool:
        """Forgets a saved search; False when there was none of that name."""
        with self.transaction():
            cursor = self.db.execute("DELETE FROM saved_searches WHERE name = ?", [name])
        return cursor.rowcount > 0

    def article_ids(self) -> set[int]:
        """Every article id."""
        return {row[0] for row in self.db.execute("SELECT id FROM articles").fetchall()}

    def count(self) -> int:
        """The number of articles."""
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def resources_of(self, article_id: int) -> dict[str, str]:
        """Reference -> sha256 of an article's kept images."""
        rows = self.db.execute(
            "SELECT ref, sha256 FROM resources WHERE article_id = ?", [article_id]
        ).fetchall()
        return {ref: sha for ref, sha in rows}

    def resource(self, article_id: int, ref: str, sha256: str = "") -> tuple[str, str] | None:
        """(sha256, media type) of one kept image of an article, by reference or hash."""
        row = self.db.execute(
            "SELECT sha256, media_type FROM resources"
            " WHERE article_id = ? AND (ref = ? OR sha256 = ?) LIMIT 1",
            [article_id, ref, sha256],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def all_originals(self) -> list[tuple[str, int]]:
        """(sha256, size) of every original the database refers to."""
        return [
            (row[0], row[1])
            for row in self.db.execute("SELECT sha256, size FROM originals").fetchall()
        ]

    def stats(self) -> dict[str, object]:
        """Counts for ``archive-reader stats``."""
        one = self.db.execute
        return {
            "articles": self.count(),
            "sites": one("SELECT count(DISTINCT site_name) FROM articles").fetchone()[0],
            "languages": dict(
                _by_base_language(
                    one(
                        "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1"
                    ).fetchall()
                )
            ),
            "formats": dict(
                one("SELECT source_format, count(*) FROM articles GROUP BY 1").fetchall()
            ),
            "originals": one("SELECT count(*) FROM originals").fetchone()[0],
            "originals_bytes": one("SELECT coalesce(sum(size), 0) FROM originals").fetchone()[0],
            "words": one("SELECT coalesce(sum(word_count), 0) FROM articles").fetchone()[0],
            "pending_index": one("SELECT count(*) FROM index_queue").fetchone()[0],
            "schema_version": SCHEMA_VERSION,
        }
