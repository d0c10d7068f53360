"""Library upkeep: checking and repairing a library, backing it up and restoring it.

The database is the source of truth; the search index and the originals
folder follow it. :func:`check_library` compares the three (SQLite's full
integrity check and foreign keys; every article indexed exactly once and
nothing else; every original present with its SHA-256). :func:`repair_library`
fixes what the database can fix: the index is rewritten (entry by entry, or
rebuilt whole when it is unreadable or mostly wrong), queued index work is
finished, temporary files left by a killed import are removed, and a missing
or damaged original is copied back from the file it was imported from when
that file is still there unchanged. What cannot be fixed (a damaged database,
an original that is gone) is reported with what to do.

:func:`backup_library` writes a database copy (SQLite's online backup, safe
while the library is in use) and the originals into a folder, verifying every
original's hash on the way; :func:`restore_library` turns such a folder into a
library again. The index is not backed up: it is rebuilt on the first open.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from archive_reader.core.db.schema import SCHEMA_VERSION
from archive_reader.core.db.storage import DATABASE_NAME, ORIGINALS_DIR, Storage
from archive_reader.core.errors import LibraryError
from archive_reader.version import __version__

if TYPE_CHECKING:
    from archive_reader.core.archive import Archive
    from archive_reader.core.search.index import SearchIndex

log = logging.getLogger(__name__)

#: The file a complete backup folder holds, written last.
MANIFEST_NAME = "backup.json"
#: Prefix of the temporary files an import writes before renaming them into originals/.
TEMP_PREFIX = ".incoming-"
#: A rebuild replaces entry-by-entry repair when more than this share of the index is wrong.
_REBUILD_SHARE = 0.5
_CHUNK = 1024 * 1024
_SHOWN = 10


@dataclass(frozen=True)
class Finding:
    """One thing a check found.

    Attributes:
        area: "database", "index" or "originals".
        problem: True for a problem (check fails); False for a note (harmless,
            e.g. a temporary file left by an interrupted import).
        message: What was found, ready to show.
        advice: What ``check --repair`` does about it, or what the user can do.
        fixable: Whether ``check --repair`` can fix it.
    """

    area: str
    problem: bool
    message: str
    advice: str = ""
    fixable: bool = False

    def to_json(self) -> dict[str, object]:
        """The finding as a JSON-ready dict."""
        return {
            "area": self.area,
            "severity": "problem" if self.problem else "note",
            "message": self.message,
            "advice": self.advice,
            "fixable": self.fixable,
        }


@dataclass
class CheckReport:
    """What :func:`check_library` (or :func:`repair_library`) found.

    Attributes:
        library: The library folder.
        articles: Articles in the database.
        originals: Originals the database refers to.
        hashes_verified: Whether every original's SHA-256 was computed (else
            only presence and size were checked).
        findings: Problems and notes, in the order found.
        repaired: What a repair did, one line each (empty for a plain check).
        seconds: How long the check took.
    """

    library: Path
    articles: int = 0
    originals: int = 0
    hashes_verified: bool = True
    findings: list[Finding] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def problems(self) -> list[Finding]:
        """The findings that make the check fail."""
        return [finding for finding in self.findings if finding.problem]

    @property
    def notes(self) -> list[Finding]:
        """The harmless findings."""
        return [finding for finding in self.findings if not finding.problem]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong (notes allowed)."""
        return not self.problems

    def to_json(self) -> dict[str, object]:
        """The report as a JSON-ready dict."""
        return {
            "library": str(self.library),
            "ok": self.ok,
            "articles": self.articles,
            "originals": self.originals,
            "hashes_verified": self.hashes_verified,
            "problems": [finding.to_json() for finding in self.problems],
            "notes": [finding.to_json() for finding in self.notes],
            "repaired": list(self.repaired),
            "seconds": round(self.seconds, 3),
        }


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


# Checking


def check_library(archive: Archive, verify_hashes: bool = True) -> CheckReport:
    """Compares a library's database, search index and originals.

    Args:
        archive: The open library.
        verify_hashes: Compute every original's SHA-256 (reads every byte of
            the originals folder); False checks only presence and size.

    Returns:
        The report; ``report.ok`` is False when a problem was found.
    """
    started = time.monotonic()
    storage, index, lock = _parts(archive)
    report = CheckReport(archive.path, hashes_verified=verify_hashes)
    with lock:
        report.findings += _check_database(storage)
        db_ids = storage.article_ids()
        pending = set(storage.pending_index(limit=-1))
        originals = storage.all_originals()
        census, unreadable = _index_census(index)
    report.articles = len(db_ids)
    report.originals = len(originals)
    report.findings += _check_index(db_ids, pending, census, unreadable, index)
    report.findings += _check_originals(storage, originals, verify_hashes)
    report.seconds = time.monotonic() - started
    return report


def _parts(archive: Archive) -> tuple[Storage, SearchIndex, Callable[..., object]]:
    """The archive's storage, index and lock (upkeep works below the facade)."""
    return archive._handle.storage, archive._index, archive._handle.lock  # type: ignore[return-value]


def _check_database(storage: Storage) -> list[Finding]:
    findings = []
    advice = (
        "the database cannot be repaired from itself: restore a backup"
        " (archive-reader restore BACKUP --library NEW_FOLDER), or the automatic copy"
        f" {DATABASE_NAME}.pre-migration-N.bak made before the last upgrade"
    )
    try:
        rows = [str(row[0]) for row in storage.db.execute("PRAGMA integrity_check").fetchall()]
        violations = storage.db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [Finding("database", True, f"the database cannot be read: {error}", advice)]
    findings += [
        Finding("database", True, f"database integrity: {row}", advice)
        for row in rows
        if row != "ok"
    ]
    by_table = Counter(str(row[0]) for row in violations)
    findings += [
        Finding(
            "database",
            True,
            f"{count} row(s) of {table} refer to rows that do not exist (foreign keys)",
            advice,
        )
        for table, count in sorted(by_table.items())
    ]
    return findings


def _index_census(index: SearchIndex) -> tuple[Counter[int], str]:
    """How many times each article id is in the index; an error text when unreadable."""
    census: Counter[int] = Counter()
    try:
        with index.index.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                census[int(fields["id"])] += 1
    # The index is derived data: whatever Whoosh raises on a torn file means "rebuild".
    except Exception as error:  # noqa: BLE001
        return Counter(), f"{type(error).__name__}: {error}"
    return census, ""


def _check_index(
    db_ids: set[int],
    pending: set[int],
    census: Counter[int],
    unreadable: str,
    index: SearchIndex,
) -> list[Finding]:
    fix = "check --repair writes these index entries again from the database"
    if unreadable:
        return [
            Finding(
                "index",
                True,
                f"the search index cannot be read ({unreadable})",
                "check --repair (or archive-reader reindex) rebuilds it from the database",
                True,
            )
        ]
    findings = []
    if _index_busy(index):
        findings.append(
            Finding(
                "index",
                False,
                "another program is writing the search index right now; counts may be in flux",
            )
        )
    indexed = set(census)
    missing = sorted(db_ids - indexed - pending)
    extra = sorted(indexed - db_ids - pending)
    twice = sorted(article_id for article_id, count in census.items() if count > 1)
    if missing:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(missing)} article(s) missing from the search index: {_ids(missing)}",
                fix,
                True,
            )
        )
    if extra:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(extra)} index entr(y/ies) for articles not in the database: {_ids(extra)}",
                fix,
                True,
            )
        )
    if twice:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(twice)} article(s) indexed more than once: {_ids(twice)}",
                fix,
                True,
            )
        )
    if pending:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(pending)} article(s) waiting to be indexed: {_ids(pending)}",
                "opening the library or check --repair indexes them",
                True,
            )
        )
    return findings


def _index_busy(index: SearchIndex) -> bool:
    """True when another program holds the index's write lock right now."""
    lock = index.index.lock("WRITELOCK")
    try:
        if lock.acquire(blocking=False):
            lock.release()
            return False
    except OSError:
        return False
    return True


def _check_originals(
    storage: Storage, originals: list[tuple[str, int]], verify_hashes: bool
) -> list[Finding]:
    findings = []
    known = set()
    for sha256, size in originals:
        known.add(sha256)
        stored = storage.original_file(sha256)
        trouble = _original_trouble(stored, sha256, size, verify_hashes)
        if trouble:
            findings.append(
                Finding(
                    "originals",
                    True,
                    f"{trouble}: {stored} ({_users(storage, sha256)})",
                    "check --repair copies it back from the file it was imported from when"
                    " that file is still there unchanged; otherwise restore it from a backup",
                    True,
                )
            )
    leftovers, strays = _loose_files(storage.originals, known)
    if leftovers:
        findings.append(
            Finding(
                "originals",
                False,
                f"{len(leftovers)} temporary file(s) left by an interrupted import"
                f" ({_bytes(leftovers)})",
                "check --repair removes them",
                True,
            )
        )
    if strays:
        findings.append(
            Finding(
                "originals",
                False,
                f"{len(strays)} file(s) in {ORIGINALS_DIR}/ that no article refers to"
                f" ({_bytes(strays)}), e.g. {strays[0].name[:16]}…",
                "kept: an import stopped before recording them; importing the same files"
                " again uses them",
            )
        )
    return findings


def _original_trouble(path: Path, sha256: str, size: int, verify_hash: bool) -> str:
    """Why a stored original is not right ("" when it is)."""
    try:
        actual = path.stat().st_size
    except FileNotFoundError:
        return "original file missing"
    except OSError as error:
        return f"original file unreadable ({error.strerror})"
    if actual != size:
        return f"original file has the wrong size ({actual} bytes, not {size})"
    if verify_hash:
        try:
            digest = _sha256_file(path)
        except OSError as error:
            return f"original file unreadable ({error.strerror})"
        if digest != sha256:
            return "original file is damaged (its SHA-256 does not match)"
    return ""


def _users(storage: Storage, sha256: str) -> str:
    """Which articles use an original, for a message."""
    articles = [
        row[0]
        for row in storage.db.execute(
            "SELECT id FROM articles WHERE original_sha256 = ?"
            " UNION SELECT article_id FROM resources WHERE sha256 = ?",
            [sha256, sha256],
        ).fetchall()
    ]
    row = storage.db.execute("SELECT first_name FROM originals WHERE sha256 = ?", [sha256])
    first = row.fetchone()
    name = f"first imported as {first[0]}" if first and first[0] else "an imported file"
    if not articles:
        return f"{name}; no article uses it now"
    return f"{name}; used by article(s) {_ids(articles)}"


def _loose_files(originals: Path, known: set[str]) -> tuple[list[Path], list[Path]]:
    """Temporary files of interrupted imports, and files no originals row names."""
    leftovers: list[Path] = []
    strays: list[Path] = []
    if not originals.is_dir():
        return leftovers, strays
    for folder in sorted(originals.iterdir()):
        if not folder.is_dir():
            if folder.name.startswith(TEMP_PREFIX):
                leftovers.append(folder)
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(TEMP_PREFIX):
                leftovers.append(path)
            elif path.name not in known:
                strays.append(path)
    return leftovers, strays


# Repairing


def repair_library(
    archive: Archive,
    verify_hashes: bool = True,
    leftover_age: float = 60.0,
) -> CheckReport:
    """Fixes what the database can fix, then checks again.

    Args:
        archive: The open library.
        verify_hashes: As for :func:`check_library`.
        leftover_age: Temporary import files younger than this many seconds
            are left alone (another program may be importing right now).

    Returns:
        The report of the check made after the repair, with ``repaired``
        saying what was done; its remaining problems are what could not be
        fixed (each with what to do).
    """
    storage, index, lock = _parts(archive)
    done: list[str] = []
    before = check_library(archive, verify_hashes)
    with lock:
        done += _repair_index(archive, storage, index, before)
        done += _repair_originals(storage, verify_hashes)
        done += _remove_leftovers(storage, leftover_age)
    after = check_library(archive, verify_hashes)
    after.repaired = done
    for line in done:
        log.info("repair of %s: %s", archive.path, line)
    return after


def _repair_index(
    archive: Archive, storage: Storage, index: SearchIndex, before: CheckReport
) -> list[str]:
    census, unreadable = _index_census(index)
    db_ids = storage.article_ids()
    indexed = set(census)
    wrong = (db_ids ^ indexed) | {i for i, count in census.items() if count > 1}
    if unreadable or (wrong and len(wrong) > _REBUILD_SHARE * max(len(db_ids), 1)):
        for _ in archive.reindex():
            pass
        why = "it could not be read" if unreadable else f"{len(wrong)} entries were wrong"
        return [f"rebuilt the search index of {len(db_ids)} article(s) ({why})"]
    pending = storage.pending_index(limit=-1)
    twice = sorted(i for i, count in census.items() if count > 1)
    if twice:
        # Whoosh's update_document deletes only the first document with the
        # id: every copy goes first, then the queue writes one back.
        index.apply([], twice)
    if wrong:
        with storage.transaction():
            storage.queue_for_index(sorted(wrong))
    if not wrong and not pending:
        return []
    archive._handle.flush()
    lines = []
    if wrong:
        lines.append(f"wrote the index entries of {len(wrong)} article(s) again: {_ids(wrong)}")
    if pending:
        lines.append(f"indexed {len(pending)} article(s) that were waiting")
    return lines


def _repair_originals(storage: Storage, verify_hashes: bool) -> list[str]:
    lines = []
    for sha256, size in storage.all_originals():
        stored = storage.original_file(sha256)
        if not _original_trouble(stored, sha256, size, verify_hashes):
            continue
        sources = [
            Path(row[0])
            for row in storage.db.execute(
                "SELECT DISTINCT source_path FROM articles WHERE original_sha256 = ?", [sha256]
            ).fetchall()
        ]
        for source in sources:
            try:
                if source.is_file() and _sha256_file(source) == sha256:
                    _copy_verified(source, stored, sha256)
                    lines.append(f"copied the original {sha256[:12]}… back from {source}")
                    break
            except OSError as error:
                log.warning("cannot copy %s back into the library: %s", source, error)
    return lines


def _remove_leftovers(storage: Storage, leftover_age: float) -> list[str]:
    leftovers, _ = _loose_files(storage.originals, set())
    now = time.time()
    removed = 0
    for path in leftovers:
        try:
            if now - path.stat().st_mtime >= leftover_age:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return [f"removed {removed} temporary file(s) left by an interrupted import"] if removed else []


# Backup and restore


def backup_library(archive: Archive, destination: str | Path) -> BackupReport:
    """Copies a library's database and originals into a new folder.

    The database is copied with SQLite's online backup API (a consistent
    snapshot, safe while this or another program uses the library); then
    every original that snapshot refers to is copied and its SHA-256
    verified. ``backup.json`` is written last: a folder without it is an
    interrupted backup. The search index is not copied (it is rebuilt from
    the database on the first open).

    Args:
        archive: The open library.
        destination: A folder that does not exist yet, or an empty one.

    Returns:
        What was written; ``missing`` lists originals that were missing or
        damaged in the library (the rest of the backup is still written).

    Raises:
        LibraryError: The destination is not empty, is inside the library,
            or cannot be written (the disk is full...).
    """
    started = time.monotonic()
    storage, _, lock = _parts(archive)
    target = Path(destination).expanduser()
    _require_empty(target, "back up into")
    if _inside(target, archive.path):
        raise LibraryError(f"cannot back up {archive.path} into a folder inside it ({target})")
    missing: list[str] = []
    copied = 0
    size_total = 0
    try:
        (target / ORIGINALS_DIR).mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(target / DATABASE_NAME)
        try:
            with lock:
                storage.db.conn.backup(copy)
            articles = int(copy.execute("SELECT count(*) FROM articles").fetchone()[0])
            annotations = int(copy.execute("SELECT count(*) FROM annotations").fetchone()[0])
            originals = copy.execute("SELECT sha256, size FROM originals").fetchall()
            schema = int(copy.execute("PRAGMA user_version").fetchone()[0])
        finally:
            copy.close()
        for sha256, size in originals:
            source = storage.original_file(sha256)
            destination_file = target / ORIGINALS_DIR / sha256[:2] / sha256
            try:
                _copy_verified(source, destination_file, sha256)
            except _HashMismatch:
                missing.append(f"{sha256}: damaged in the library (its SHA-256 does not match)")
                continue
            except FileNotFoundError:
                missing.append(f"{sha256}: missing from the library")
                continue
            copied += 1
            size_total += int(size)
        manifest = {
            "program": "archive-reader",
            "version": __version__,
            "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "library": str(archive.path),
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
    log.info(
        "backed up %s to %s: %d articles, %d originals", archive.path, target, articles, copied
    )
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
        verdict = [str(row[0]) for row in copy.execute("PRAGMA integrity_check").fetchall()]
        if verdict != ["ok"]:
            raise LibraryError(
                f"the database in the backup {source} is damaged: {'; '.join(verdict[:3])}"
            )
        articles = int(copy.execute("SELECT count(*) FROM articles").fetchone()[0])
        originals = copy.execute("SELECT sha256, size FROM originals").fetchall()
    finally:
        copy.close()
        reader.close()
    missing: list[str] = []
    copied = 0
    size_total = 0
    for sha256, size in originals:
        relative = Path(ORIGINALS_DIR) / sha256[:2] / sha256
        try:
            _copy_verified(source / relative, work / relative, sha256)
        except _HashMismatch:
            missing.append(f"{sha256}: damaged in the backup (its SHA-256 does not match)")
            continue
        except FileNotFoundError:
            missing.append(f"{sha256}: not in the backup")
            continue
        copied += 1
        size_total += int(size)
    (work / ORIGINALS_DIR).mkdir(exist_ok=True)
    return articles, copied, size_total, missing


# Files


class _HashMismatch(Exception):
    """A copied file's SHA-256 is not the one expected."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_verified(source: Path, target: Path, sha256: str) -> None:
    """Copies a file atomically (temp file, fsync, rename), checking its SHA-256 on the way.

    Raises:
        _HashMismatch: The bytes read do not have this hash (nothing is written).
        OSError: Reading or writing failed (nothing is left half-written).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            while chunk := data.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise _HashMismatch(str(source))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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


def _ids(ids: Iterable[int], shown: int = _SHOWN) -> str:
    ordered = sorted(ids)
    text = ", ".join(str(i) for i in ordered[:shown])
    return text + (" …" if len(ordered) > shown else "")


def _bytes(paths: list[Path]) -> str:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return f"{total:,} bytes"
