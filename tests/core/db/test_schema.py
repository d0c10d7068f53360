"""The schema: a new library is at the last version; the copy before a migration."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from archive_reader.core.db import schema
from archive_reader.core.db.storage import DATABASE_NAME, Storage


def test_a_new_library_has_every_migration(storage: Storage) -> None:
    assert schema.current_version(storage.db) == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)


def test_the_newest_backups_are_kept(storage: Storage, tmp_path: Path) -> None:
    database = storage.folder / DATABASE_NAME
    for version in range(1, 6):
        schema.backup_before_migration(storage.db.conn, database, version)
        made = storage.folder / f"{DATABASE_NAME}.pre-migration-{version}.bak"
        os.utime(made, (version, version))  # in the order they were made
    kept = sorted(path.name for path in storage.folder.glob("*.bak"))
    assert kept == [f"{DATABASE_NAME}.pre-migration-{v}.bak" for v in (3, 4, 5)]
    copy = sqlite3.connect(storage.folder / kept[-1])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    copy.close()
