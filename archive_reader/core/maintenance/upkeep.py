"""Maintenance: checking, repairing and backing up one open library (``archive.maintenance``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from archive_reader.core.library import LibraryHandle
from archive_reader.core.maintenance.backup import BackupReport, backup_library
from archive_reader.core.maintenance.check import CheckReport, check_library
from archive_reader.core.maintenance.repair import repair_library
from archive_reader.core.search.index import SearchIndex


class Maintenance:
    """Upkeep of one open library: what works below the facade, on its storage and index.

    The Archive makes one for its library::

        report = archive.maintenance.check()
        if not report.ok:
            report = archive.maintenance.repair()

    Restoring needs no open library:
    :func:`archive_reader.core.maintenance.backup.restore_library`.
    """

    def __init__(
        self,
        handle: LibraryHandle,
        index: SearchIndex,
        rebuild: Callable[[], Iterable[object]],
    ) -> None:
        """Creates the upkeep of one library.

        Args:
            handle: The library's shared handle.
            index: Its search index.
            rebuild: Rebuilds the whole index from the database, yielding
                progress (the facade's ``reindex``, which also renews its searcher).
        """
        self._handle = handle
        self._index = index
        self._rebuild = rebuild

    def check(self, verify_hashes: bool = True) -> CheckReport:
        """Compares the library's database, search index and originals.

        Args:
            verify_hashes: Compute every original's SHA-256 (reads every byte of
                the originals folder); False checks only presence and size.

        Returns:
            The report; ``report.ok`` is False when a problem was found.
        """
        return check_library(self._handle, self._index, verify_hashes)

    def repair(self, verify_hashes: bool = True, leftover_age: float = 60.0) -> CheckReport:
        """Fixes what the database can fix, then checks again.

        Args:
            verify_hashes: As for :meth:`check`.
            leftover_age: Temporary import files younger than this many seconds
                are left alone (another program may be importing right now).

        Returns:
            The report of the check made after the repair, with ``repaired``
            saying what was done; its remaining problems are what could not be
            fixed (each with what to do).
        """
        return repair_library(self._handle, self._index, self._rebuild, verify_hashes, leftover_age)

    def backup(self, destination: str | Path) -> BackupReport:
        """Copies the library's database and originals into a new folder.

        Args:
            destination: A folder that does not exist yet, or an empty one.

        Returns:
            What was written; ``missing`` lists originals that were missing or
            damaged in the library (the rest of the backup is still written).

        Raises:
            LibraryError: The destination is not empty, is inside the library,
                or cannot be written (the disk is full...).
        """
        return backup_library(self._handle, destination)
