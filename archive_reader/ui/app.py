"""The desktop app's entry point: QApplication, crash handler, main()."""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.core.library import LIBRARY_ENV
from archive_reader.ui import messages, resources
from archive_reader.ui.settings import Settings
from archive_reader.ui.theme import apply_theme
from archive_reader.version import __version__

log = logging.getLogger(__name__)

_WORKER_WAIT_MS = 10_000
_GUI_SWITCH_INTERVAL_S = 0.0005


def favour_gui_thread() -> None:
    """Makes background Python threads hand the interpreter back to the GUI thread sooner.

    Painting calls Python (delegates, models) many times per frame, and each
    call waits for the interpreter lock while a search or import runs in a
    worker thread; with Python's default 5 ms switch interval those waits add
    up to a visible stall. Half a millisecond keeps them short, at a small
    cost to the workers' throughput.
    """
    sys.setswitchinterval(_GUI_SWITCH_INTERVAL_S)


def settle_heap() -> None:
    """Takes the objects alive now out of Python's garbage collection passes.

    Once a large library is open, a full collection walks every object of the
    window, the search caches and Qt's wrappers (30-60 ms on 100,000
    articles); run on whatever thread allocates, it stalls the GUI thread. The
    objects made at start-up live as long as the window, so they are frozen
    (``gc.freeze``) and later passes walk only what was made since.
    """
    gc.freeze()


def install_crash_handler() -> None:
    """Routes uncaught exceptions (a bug) to the log and to a dialog with the traceback."""
    showing = False

    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unexpected error:\n%s", details)
        app = QApplication.instance()
        on_gui_thread = app is not None and QThread.currentThread() == app.thread()
        if showing or not on_gui_thread:
            return  # one dialog at a time; other threads only log
        showing = True
        _save_work()
        try:
            messages.show_error(
                None,
                "Archive Reader — unexpected error",
                "Something went wrong inside Archive Reader. Your library is safe: every "
                "highlight, note and tag was saved when you made it, but the last action "
                "may not have finished. You can keep working; if the window misbehaves, "
                "quit and start Archive Reader again.\n\n"
                "Please report this with the details below.\n\n"
                f"{kind.__name__}: {error}",
                details=details,
            )
        finally:
            showing = False

    sys.excepthook = handle


def _save_work() -> None:
    """Before a crash dialog: each window stores its state (edits are stored as they happen)."""
    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        save = getattr(widget, "save_work", None)
        if callable(save):
            try:
                save()
            except Exception:  # noqa: BLE001 - saving must not hide the original bug
                log.exception("could not save the window's state")


def main(library: str | None = None, demo_library: Path | None = None) -> int:
    """Opens the library (the default one if None) in the main window.

    Args:
        library: A library folder; None for the default library.
        demo_library: A library to open instead, if given (the CLI's ``--demo``).

    Returns:
        The process exit code: 0, or 1 when the library cannot be opened.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # the window needs a QApplication, not a QCoreApplication
    app.setApplicationName("Archive Reader")
    app.setWindowIcon(resources.icon("archive-reader"))
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Archive Reader")
    install_crash_handler()
    favour_gui_thread()

    settings = Settings()
    apply_theme(settings.theme)

    chosen = demo_library or library
    if chosen is None and not os.environ.get(LIBRARY_ENV, "").strip():
        # The library the user last had open, if it still exists; else the default one.
        last = settings.last_library
        if last is not None and (last / "library.sqlite3").is_file():
            chosen = str(last)
    try:
        archive = Archive.open(chosen, rebuild_index=False)
    except ArchiveError as error:
        messages.show_error(
            None,
            "Cannot open the library",
            f"{error}\n\nStart Archive Reader with another library folder "
            "(archive-reader --library FOLDER), or move the file out of the way.",
        )
        return 1

    # Imported here so that a library error is reported before any window code runs.
    from archive_reader.ui.main_window import MainWindow

    try:
        # The window closes its archive (and any library opened later) when it closes.
        window = MainWindow(archive, settings=settings, owns_archive=True)
        window.search_prepared.connect(settle_heap)
        window.show()
        code = app.exec()
    except BaseException:
        QThreadPool.globalInstance().waitForDone(_WORKER_WAIT_MS)
        archive.close()
        raise
    return code
