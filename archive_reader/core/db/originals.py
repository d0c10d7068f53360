"""The originals: their rows (``originals``) and their files in ``originals/``."""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import suppress
from pathlib import Path

import sqlite_utils

from archive_reader.core.db.storage import ORIGINALS_DIR, Storage, now
from archive_reader.core.errors import ImportFailure


def keep_original(storage: Storage, data: bytes, sha256: str) -> Path:
    """Writes ``data`` into the originals folder, atomically; idempotent.

    Returns:
        The file kept.

    Raises:
        ImportFailure: The disk is full.
    """
    target = storage.original_file(sha256)
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
                f"the disk is full: cannot keep a copy of the file in {storage.originals}"
            ) from error
        raise
    return target


def record_original(
    db: sqlite_utils.Database, sha256: str, size: int, media_type: str, name: str
) -> None:
    """Adds an originals row (inside the caller's transaction) unless present."""
    db.execute(
        "INSERT OR IGNORE INTO originals (sha256, size, media_type, first_name, added_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [sha256, size, media_type, name, now()],
    )


def disk_usage(storage: Storage) -> int:
    """The bytes the library folder takes, without visiting every original.

    The files beside the database and in its sub-folders other than
    ``originals/`` (the index, backups) are measured; the originals are
    counted from the sizes recorded when they were stored (100,000 files
    are too many to visit whenever the window shows the library's size).
    Reads on a connection of its own.
    """
    total = 0
    for root, dirs, files in os.walk(storage.folder):
        if Path(root) == storage.folder:
            dirs[:] = [name for name in dirs if name != ORIGINALS_DIR]
        for name in files:
            with suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    with storage.reader() as connection:
        stored = connection.execute("SELECT coalesce(sum(size), 0) FROM originals").fetchone()
    return total + int(stored[0])
