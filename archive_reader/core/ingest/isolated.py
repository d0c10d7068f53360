"""An import run in a process of its own, for the window.

Parsing and extracting pages is pure Python work that allocates millions of
short-lived objects. In a thread of the window's process it competes for the
interpreter lock, and its garbage collections (tens of milliseconds each)
stall the window. In a child process it runs on its own core and the window
only receives the progress, one small object per file.

The child is started with the "spawn" method (a fresh interpreter, never a
fork of a process that runs Qt) and opens its own Archive on the same library;
the library's write lock and WAL make that safe, as with a second window.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue as queues
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from archive_reader.core.errors import ArchiveError, LibraryError
from archive_reader.core.models import ImportProgress

log = logging.getLogger(__name__)

_POLL_S = 0.05
"""How often the parent looks for progress, a cancel request and a dead child."""
_STOP_WAIT_S = 30.0
"""How long a child that was asked to stop may take to finish its current file."""


class ImportCrashed(RuntimeError):
    """The import process failed with a bug; the message holds its traceback."""


def import_in_process(
    library: Path, paths: list[Path], cancel: Callable[[], bool] = lambda: False
) -> Iterator[ImportProgress]:
    """Imports files and folders in a child process, yielding its progress.

    Behaves like ``Archive.iter_import``: one ImportProgress per file, and
    ``cancel`` stops the import after the current file (what was imported stays).

    Raises:
        LibraryError: The library could not be opened or written (the child's
            ArchiveError, with its message), or the child process died.
        ImportCrashed: A bug in the child (its traceback in the message).
    """
    context = multiprocessing.get_context("spawn")
    messages: Any = context.Queue()
    stop = context.Event()
    child = context.Process(
        target=_run,
        args=(str(library), [str(path) for path in paths], messages, stop),
        name="archive-reader-import",
        daemon=True,
    )
    try:
        child.start()
    except (OSError, RuntimeError) as error:
        # No process to be had (limits, an unusual embedding): import here instead.
        log.warning("cannot start an import process (%s); importing in this one", error)
        yield from _import_here(library, paths, cancel)
        return
    try:
        while True:
            if cancel() and not stop.is_set():
                stop.set()
            try:
                kind, payload = messages.get(timeout=_POLL_S)
            except queues.Empty:
                if child.is_alive():
                    continue
                try:  # it may have said its last word just before it ended
                    kind, payload = messages.get(timeout=_POLL_S)
                except queues.Empty:
                    raise LibraryError(
                        f"the import into {library} stopped unexpectedly"
                        f" (its process ended with code {child.exitcode}); what was"
                        " imported before is kept"
                    ) from None
            if kind == "progress":
                yield payload
            elif kind == "done":
                return
            elif kind == "error":
                raise LibraryError(payload)
            else:
                raise ImportCrashed(payload)
    finally:
        stop.set()
        child.join(_STOP_WAIT_S)
        if child.is_alive():
            child.terminate()
            child.join()
        messages.close()


def _import_here(
    library: Path, paths: list[Path], cancel: Callable[[], bool]
) -> Iterator[ImportProgress]:
    from archive_reader.core.archive import Archive

    archive = Archive.open(library, rebuild_index=False)
    try:
        yield from archive.iter_import(paths, cancel=cancel)
    finally:
        archive.close()


def _run(library: str, paths: list[str], messages: Any, stop: Any) -> None:
    """The child process: imports, and reports each step (and how it ended)."""
    from archive_reader.core.archive import Archive

    try:
        archive = Archive.open(library, rebuild_index=False)
        try:
            for progress in archive.iter_import(paths, cancel=stop.is_set):
                messages.put(("progress", progress))
        finally:
            archive.close()
    except ArchiveError as error:
        messages.put(("error", str(error)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which shows it as a bug
        messages.put(("bug", traceback.format_exc()))
    else:
        messages.put(("done", None))
