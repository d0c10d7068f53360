"""Backing a library up into a folder, and restoring a library from such a folder.

:func:`backup_library` writes a database copy (SQLite's online backup, safe
while the library is in use) and the originals into a folder, verifying every
original's hash on the way; :func:`restore_library` turns such a folder into a
library again. The index is not backed up: it is rebuilt on the first open.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive_reader.core.db import maintenance as queries
from archive_reader.core.db.schema import SCHEMA_VERSION
from archive_reader.core.db.storage import DATABASE_NAME, ORIGINALS_DIR
from archive_reader.core.errors import LibraryError
from archive_reader.core.library import LibraryHandle
from archive_reader.core.maintenance.files import HashMismatch, copy_verified
from archive_reader.version import __version__

log = logging.getLogger(__name__)

#: The file a complete backup folder holds, written last.
MANIFEST_NAME = "backup.json"


@dataclass(frozen=True)
class BackupReport:
    """What :func:`backup_library` wrote (or :func:`restore_library` restored).

    Attributes:
        path: The backup folder (or the restored library).
        articles: Articles in the copied database.
        originals: Original files copied.
        bytes: Their total size.
        missing: Originals that could not be copied (missing or damaged in
            the library), one line each.
        moved_aside: For a forced restore, where the library that was there
            before was moved; else None.
        seconds: How long it took.
    """

    path: Path
    articles: int
    originals: int
    bytes: int
    missing: list[str]
    moved_aside: Path | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        """The report as a JSON-ready dict."""
        return {
            "path": str(self.path),
            "articles": self.articles,
            "originals": self.originals,
            "bytes": self.bytes,
            "missing": list(self.missing),
            "moved_aside": str(self.moved_aside) if self.moved_aside else None,
            "seconds": round(self.seconds, 3),
        }


# Backup and restore


def backup_library(handle: LibraryHandle, destination: str | Path) -> BackupReport:
    """Copies a library's database and originals into a new folder.

    The database is copied with SQLite's online backup API (a consistent
    snapshot, safe while this or another program uses the library); then
    every original that snapshot refers to is copied and its SHA-256
    verified. ``backup.json`` is written last: a folder without it is an
    interrupted backup. The search index is not copied (it is rebuilt from
    the database on the first open).

    Args:
        handle: The open library's shared handle.
        destination: A folder that does not exist yet, or an empty one.

    Returns:
        What was written; ``missing`` lists originals that were missing or
        damaged in the library (the rest of the backup is still written).

    Raises:
        LibraryError: The destination is not empty, is inside the library,
            or cannot be written (the disk is full...).
    """
    started = time.monotonic()
    storage = handle.storage
    target = Path(destination).expanduser()
    _require_empty(target, "back up into")
    if _inside(target, handle.path):
        raise LibraryError(f"cannot back up {handle.path} into a folder inside it ({target})")
    missing: list[str] = []
    copied = 0
    size_total = 0
    try:
        (target / ORIGINALS_DIR).mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(target / DATABASE_NAME)
        try:
            with handle.lock:
                storage.db.conn.backup(copy)
            articles = queries.article_count(copy)
            annotations = queries.annotation_count(copy)
            originals = queries.original_sizes(copy)
            schema = queries.schema_version(copy)
        finally:
            copy.close()
        for original in originals:
            sha256 = original.sha256
            source = storage.original_file(sha256)
            destination_file = target / ORIGINALS_DIR / sha256[:2] / sha256
            try:
                copy_verified(source, destination_file, sha256)
            except HashMismatch:
                missing.append(f"{sha256}: damaged in the library (its SHA-256 does not match)")
                continue
            except FileNotFoundError:
                missing.append(f"{sha256}: missing from the library")
                continue
            copied += 1
            size_total += original.size
        manifest = {
            "program": "archive-reader",
            "version": __version__,
            "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "library": str(handle.path),
            "schema_version": schema,
            "articles": articles,
            "annotations": annotations,
            "originals": copied,
            "bytes": size_total,
            "missing": missing,
        }
        _write_atomically(target / MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(
            f"the backup into {target} failed: {_describe(error)}; the folder holds an"
            f" incomplete backup (no {MANIFEST_NAME}) that cannot be restored"
        ) from error
    log.info("backed up %s to %s: %d articles, %d originals", handle.path, target, articles, copied)
    return BackupReport(
        target, articles, copied, size_total, missing, seconds=time.monotonic() - started
    )


def restore_library(backup: str | Path, target: str | Path, force: bool = False) -> BackupReport:
    """Makes a library from a backup folder written by :func:`backup_library`.

    The library is assembled in a temporary folder beside the target and
    renamed into place at the end, so an interrupted restore leaves no
    half-restored library. Every original's SHA-256 is verified. The search
    index is rebuilt when the library is first opened.

    Args:
        backup: The backup folder (with ``backup.json``).
        target: The library folder to create: missing or empty.
        force: Restore even when ``target`` holds a library: that library
            is first moved aside to ``<target>.before-restore-<time>`` (nothing
            is deleted).

    Returns:
        What was restored; ``moved_aside`` names where an existing library went.

    Raises:
        LibraryError: The backup is incomplete or damaged, the target is not
            empty (without ``force``), or the disk cannot take it.
    """
    started = time.monotonic()
    source = Path(backup).expanduser()
    library = Path(target).expanduser()
    manifest = _read_manifest(source)
    moved: Path | None = None
    if not force:
        _require_empty(library, "restore into")
    parent = library.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{library.name}.restoring-", dir=parent))
    except OSError as error:
        raise LibraryError(f"cannot create {library}: {_describe(error)}") from error
    try:
        articles, originals, size_total, missing = _assemble(source, work)
        if library.exists() and any(library.iterdir()):
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            moved = library.with_name(f"{library.name}.before-restore-{stamp}")
            library.rename(moved)
        elif library.exists():
            library.rmdir()
        work.rename(library)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, (OSError, sqlite3.Error)):
            raise LibraryError(
                f"restoring {source} into {library} failed: {_describe(error)};"
                f" {library} was not changed"
            ) from error
        raise
    log.info("restored %s into %s (backup of %s)", source, library, manifest.get("created_at"))
    return BackupReport(
        library,
        articles,
        originals,
        size_total,
        missing,
        moved_aside=moved,
        seconds=time.monotonic() - started,
    )


def _read_manifest(source: Path) -> dict[str, object]:
    if not (source / DATABASE_NAME).is_file():
        raise LibraryError(f"{source} is not a backup of a library (it has no {DATABASE_NAME})")
    try:
        manifest = json.loads((source / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LibraryError(
            f"{source} is an incomplete backup ({MANIFEST_NAME} is missing: the backup was"
            " interrupted); make a new one"
        ) from error
    except (OSError, ValueError) as error:
        raise LibraryError(f"cannot read {source / MANIFEST_NAME}: {error}") from error
    if not isinstance(manifest, dict):
        raise LibraryError(f"{source / MANIFEST_NAME} is not a backup manifest")
    schema = manifest.get("schema_version")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise LibraryError(
            f"the backup in {source} was made by a newer version of Archive Reader"
            f" (schema {schema}; this version knows {SCHEMA_VERSION})"
        )
    return manifest


def _assemble(source: Path, work: Path) -> tuple[int, int, int, list[str]]:
    """Copies a backup's database and originals into ``work``; verifies both."""
    reader = sqlite3.connect(f"{(source / DATABASE_NAME).resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(work / DATABASE_NAME)
    try:
        reader.backup(copy)
        verdict = queries.integrity_check(copy)
        if verdict != ["ok"]:
            raise LibraryError(
                f"the database in the backup {source} is damaged: {'; '.join(verdict[:3])}"
            )
        articles = queries.article_count(copy)
        originals = queries.original_sizes(copy)
    finally:
        copy.close()
        reader.close()
    missing: list[str] = []
    copied = 0
    size_total = 0
    for original in originals:
        sha256 = original.sha256
        relative = Path(ORIGINALS_DIR) / sha256[:2] / sha256
        try:
            copy_verified(source / relative, work / relative, sha256)
        except HashMismatch:
            missing.append(f"{sha256}: damaged in the backup (its SHA-256 does not match)")
            continue
        except FileNotFoundError:
            missing.append(f"{sha256}: not in the backup")
            continue
        copied += 1
        size_total += original.size
    (work / ORIGINALS_DIR).mkdir(exist_ok=True)
    return articles, copied, size_total, missing


# Files


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _require_empty(folder: Path, doing: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise LibraryError(f"cannot {doing} {folder}: it is a file")
    if folder.is_dir() and any(folder.iterdir()):
        raise LibraryError(
            f"cannot {doing} {folder}: the folder is not empty; choose a new folder"
            + (" (or add --force: the library there is moved aside)" if "restore" in doing else "")
        )


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _describe(error: BaseException) -> str:
    """An OS or SQLite error in words, naming a full disk or a read-only place plainly."""
    code = getattr(error, "errno", None)
    text = str(error)
    if code == errno.ENOSPC or "disk is full" in text or "SQLITE_FULL" in text:
        return f"the disk is full ({text})"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text:
        return f"the place is read-only or not writable ({text})"
    return text
