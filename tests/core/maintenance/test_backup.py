"""Backup and restore; the backup made before a migration."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from archive_reader.core.archive import Archive
from archive_reader.core.db.schema import MIGRATIONS
from archive_reader.core.db.storage import DATABASE_NAME, Storage
from archive_reader.core.errors import LibraryError
from archive_reader.core.maintenance.backup import restore_library


def test_backup_and_restore(library: Path, tmp_path: Path) -> None:
    with Archive.open(library) as archive:
        before = [(a.quote, a.note, a.tags) for a in archive.annotations.list()]
        count = archive.count()
        report = archive.maintenance.backup(tmp_path / "backup")
        assert report.articles == count and report.missing == []
        with pytest.raises(LibraryError, match="not empty"):
            archive.maintenance.backup(tmp_path / "backup")
        with pytest.raises(LibraryError, match="inside it"):
            archive.maintenance.backup(library / "backup")
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert manifest["articles"] == count and manifest["originals"] == report.originals
    assert not (tmp_path / "backup" / "index").exists()

    restored = restore_library(tmp_path / "backup", tmp_path / "restored")
    assert restored.articles == count
    with Archive.open(tmp_path / "restored") as archive:
        assert archive.maintenance.check().ok
        assert [(a.quote, a.note, a.tags) for a in archive.annotations.list()] == before
        assert archive.annotations.note(1) == "article note"
        assert archive.search("the").total > 0

    with pytest.raises(LibraryError, match="not empty"):
        restore_library(tmp_path / "backup", library)
    again = restore_library(tmp_path / "backup", library, force=True)
    assert again.moved_aside is not None and (again.moved_aside / DATABASE_NAME).is_file()

    (tmp_path / "backup" / "backup.json").unlink()
    with pytest.raises(LibraryError, match="incomplete backup"):
        restore_library(tmp_path / "backup", tmp_path / "other")
    assert not (tmp_path / "other").exists()


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    connection = sqlite3.connect(folder / DATABASE_NAME, isolation_level=None)
    connection.execute("BEGIN")
    MIGRATIONS[0](_Db(connection))  # type: ignore[arg-type]
    connection.execute(
        "INSERT INTO originals (sha256, size, added_at) VALUES ('ab', 1, '2024-01-01')"
    )
    connection.execute("PRAGMA user_version = 1")
    connection.execute("COMMIT")
    connection.close()
    Storage(folder).close()
    backup = folder / f"{DATABASE_NAME}.pre-migration-1.bak"
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT sha256 FROM originals").fetchall() == [("ab",)]
    copy.close()
    # A library already at the current schema is not copied again.
    backup.unlink()
    Storage(folder).close()
    assert not backup.exists()


class _Db:
    """Enough of sqlite_utils.Database for a migration function."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, params)  # type: ignore[arg-type]
