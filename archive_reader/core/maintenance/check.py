"""Checking a library: its database, search index and originals compared, as findings.

The database is the source of truth; the search index and the originals
folder follow it. :func:`check_library` compares the three (SQLite's full
integrity check and foreign keys; every article indexed exactly once and
nothing else; every original present with its SHA-256). What a repair can fix
is marked so (see :mod:`archive_reader.core.maintenance.repair`); what it
cannot (a damaged database, an original that is gone) comes with what to do.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive_reader.core.db import maintenance as queries
from archive_reader.core.db.storage import DATABASE_NAME, ORIGINALS_DIR, Storage
from archive_reader.core.library import LibraryHandle
from archive_reader.core.maintenance.files import loose_files, sha256_file
from archive_reader.core.search.index import SearchIndex

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


# Checking


def check_library(
    handle: LibraryHandle, index: SearchIndex, verify_hashes: bool = True
) -> CheckReport:
    """Compares a library's database, search index and originals.

    Args:
        handle: The open library's shared handle.
        index: Its search index.
        verify_hashes: Compute every original's SHA-256 (reads every byte of
            the originals folder); False checks only presence and size.

    Returns:
        The report; ``report.ok`` is False when a problem was found.
    """
    started = time.monotonic()
    storage = handle.storage
    report = CheckReport(handle.path, hashes_verified=verify_hashes)
    with handle.lock:
        report.findings += _check_database(storage)
        db_ids = storage.article_ids()
        pending = set(storage.pending_index(limit=-1))
        originals = storage.all_originals()
        census, unreadable = index_census(index)
    report.articles = len(db_ids)
    report.originals = len(originals)
    report.findings += _check_index(db_ids, pending, census, unreadable, index)
    report.findings += _check_originals(storage, originals, verify_hashes)
    report.seconds = time.monotonic() - started
    return report


def _check_database(storage: Storage) -> list[Finding]:
    findings = []
    advice = (
        "the database cannot be repaired from itself: restore a backup"
        " (archive-reader restore BACKUP --library NEW_FOLDER), or the automatic copy"
        f" {DATABASE_NAME}.pre-migration-N.bak made before the last upgrade"
    )
    try:
        rows = queries.integrity_check(storage.db)
        violations = queries.foreign_key_violations(storage.db)
    except sqlite3.DatabaseError as error:
        return [Finding("database", True, f"the database cannot be read: {error}", advice)]
    findings += [
        Finding("database", True, f"database integrity: {row}", advice)
        for row in rows
        if row != "ok"
    ]
    by_table = Counter(violation.table for violation in violations)
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


def index_census(index: SearchIndex) -> tuple[Counter[int], str]:
    """How many times each article id is in the index.

    Args:
        index: The search index.

    Returns:
        The count of entries per article id, and "" (or, when the index
        cannot be read, no counts and a text saying why).
    """
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
                f"{len(missing)} article(s) missing from the search index: {id_list(missing)}",
                fix,
                True,
            )
        )
    if extra:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(extra)} index entr(y/ies) for articles not in the database:"
                f" {id_list(extra)}",
                fix,
                True,
            )
        )
    if twice:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(twice)} article(s) indexed more than once: {id_list(twice)}",
                fix,
                True,
            )
        )
    if pending:
        findings.append(
            Finding(
                "index",
                True,
                f"{len(pending)} article(s) waiting to be indexed: {id_list(pending)}",
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
        trouble = original_trouble(stored, sha256, size, verify_hashes)
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
    leftovers, strays = loose_files(storage.originals, known)
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


def original_trouble(path: Path, sha256: str, size: int, verify_hash: bool) -> str:
    """Why a stored original is not right.

    Args:
        path: The file in the originals folder.
        sha256: The SHA-256 the database records for it.
        size: The size the database records.
        verify_hash: Also compute the file's SHA-256 (else size only).

    Returns:
        What is wrong, ready to show; "" when the file is right.
    """
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
            digest = sha256_file(path)
        except OSError as error:
            return f"original file unreadable ({error.strerror})"
        if digest != sha256:
            return "original file is damaged (its SHA-256 does not match)"
    return ""


def _users(storage: Storage, sha256: str) -> str:
    """Which articles use an original, for a message."""
    articles = queries.articles_using_original(storage.db, sha256)
    first = queries.original_first_name(storage.db, sha256)
    name = f"first imported as {first}" if first else "an imported file"
    if not articles:
        return f"{name}; no article uses it now"
    return f"{name}; used by article(s) {id_list(articles)}"


def id_list(ids: Iterable[int], shown: int = _SHOWN) -> str:
    """Ids for a message: ascending, the first ``shown`` of them, then "…" when there are more."""
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
