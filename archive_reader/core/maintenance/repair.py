"""Repairing a library: what the database can fix in the search index and the originals.

:func:`repair_library` rewrites the index (entry by entry, or rebuilt whole
when it is unreadable or mostly wrong), finishes queued index work, removes
temporary files left by a killed import, and copies a missing or damaged
original back from the file it was imported from when that file is still
there unchanged; then it checks again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from archive_reader.core.db import maintenance as queries
from archive_reader.core.db.storage import Storage
from archive_reader.core.library import LibraryHandle
from archive_reader.core.maintenance.check import (
    CheckReport,
    check_library,
    id_list,
    index_census,
    original_trouble,
)
from archive_reader.core.maintenance.files import copy_verified, loose_files, sha256_file
from archive_reader.core.search.index import SearchIndex

log = logging.getLogger(__name__)

#: A rebuild replaces entry-by-entry repair when more than this share of the index is wrong.
_REBUILD_SHARE = 0.5


def repair_library(
    handle: LibraryHandle,
    index: SearchIndex,
    rebuild: Callable[[], Iterable[object]],
    verify_hashes: bool = True,
    leftover_age: float = 60.0,
) -> CheckReport:
    """Fixes what the database can fix, then checks again.

    Args:
        handle: The open library's shared handle.
        index: Its search index.
        rebuild: Rebuilds the whole index from the database (the facade's
            ``reindex``, which also renews its searcher), yielding progress.
        verify_hashes: As for :func:`check_library`.
        leftover_age: Temporary import files younger than this many seconds
            are left alone (another program may be importing right now).

    Returns:
        The report of the check made after the repair, with ``repaired``
        saying what was done; its remaining problems are what could not be
        fixed (each with what to do).
    """
    storage = handle.storage
    done: list[str] = []
    before = check_library(handle, index, verify_hashes)
    with handle.lock:
        done += _repair_index(handle, index, rebuild, before)
        done += _repair_originals(storage, verify_hashes)
        done += _remove_leftovers(storage, leftover_age)
    after = check_library(handle, index, verify_hashes)
    after.repaired = done
    for line in done:
        log.info("repair of %s: %s", handle.path, line)
    return after


def _repair_index(
    handle: LibraryHandle,
    index: SearchIndex,
    rebuild: Callable[[], Iterable[object]],
    before: CheckReport,
) -> list[str]:
    storage = handle.storage
    census, unreadable = index_census(index)
    db_ids = storage.article_ids()
    indexed = set(census)
    wrong = (db_ids ^ indexed) | {i for i, count in census.items() if count > 1}
    if unreadable or (wrong and len(wrong) > _REBUILD_SHARE * max(len(db_ids), 1)):
        for _ in rebuild():
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
    handle.flush()
    lines = []
    if wrong:
        lines.append(f"wrote the index entries of {len(wrong)} article(s) again: {id_list(wrong)}")
    if pending:
        lines.append(f"indexed {len(pending)} article(s) that were waiting")
    return lines


def _repair_originals(storage: Storage, verify_hashes: bool) -> list[str]:
    lines = []
    for sha256, size in storage.all_originals():
        stored = storage.original_file(sha256)
        if not original_trouble(stored, sha256, size, verify_hashes):
            continue
        sources = [Path(path) for path in queries.original_sources(storage.db, sha256)]
        for source in sources:
            try:
                if source.is_file() and sha256_file(source) == sha256:
                    copy_verified(source, stored, sha256)
                    lines.append(f"copied the original {sha256[:12]}… back from {source}")
                    break
            except OSError as error:
                log.warning("cannot copy %s back into the library: %s", source, error)
    return lines


def _remove_leftovers(storage: Storage, leftover_age: float) -> list[str]:
    leftovers, _ = loose_files(storage.originals, set())
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
