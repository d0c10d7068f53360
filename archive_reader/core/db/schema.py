"""The library database's schema: the migrations, and the copy made before one runs."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from archive_reader.core.errors import LibraryError

log = logging.getLogger(__name__)


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


def current_version(db: sqlite_utils.Database) -> int:
    """The number of migrations applied to the database (its ``user_version``)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def apply_migration(db: sqlite_utils.Database, number: int) -> None:
    """Applies migration ``number + 1`` (inside the caller's transaction) and records it.

    Args:
        db: The database, at schema ``number``.
        number: The index of the migration in :data:`MIGRATIONS`.
    """
    MIGRATIONS[number](db)
    db.execute(f"PRAGMA user_version = {number + 1}")


def backup_before_migration(connection: sqlite3.Connection, database: Path, version: int) -> None:
    """Copies the database (SQLite's online backup) before a migration changes it.

    Writes ``<database>.pre-migration-<version>.bak`` beside the database and
    keeps the newest :data:`MIGRATION_BACKUPS_KEPT` of them.

    Args:
        connection: The open database.
        database: Its file.
        version: Its schema version now.

    Raises:
        LibraryError: The copy could not be written (nothing is migrated then).
    """
    folder = database.parent
    target = folder / f"{database.name}.pre-migration-{version}.bak"
    partial = target.with_name(target.name + ".partial")
    log.info("backing up %s to %s before migrating it", folder, target.name)
    try:
        copy = sqlite3.connect(partial)
        try:
            connection.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        Path(partial).unlink(missing_ok=True)
        raise LibraryError(
            f"cannot back up the library in {folder} before upgrading it"
            f" (schema {version} to {SCHEMA_VERSION}): {error}; nothing was changed"
        ) from error
    kept = sorted(
        folder.glob(f"{database.name}.pre-migration-*.bak"),
        key=lambda path: path.stat().st_mtime,
    )
    for old in kept[:-MIGRATION_BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
