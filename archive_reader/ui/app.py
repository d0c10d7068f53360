"""The desktop app's entry point: QApplication, crash handler, main()."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from archive_reader import __version__
from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.ui import messages, resources

log = logging.getLogger(__name__)

_WORKER_WAIT_MS = 10_000


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
        try:
            messages.show_error(
                None,
                "Archive Reader — unexpected error",
                "Something went wrong inside Archive Reader. Your library is safe, "
                "but the last action may not have finished.\n\n"
                f"{kind.__name__}: {error}",
                details=details,
            )
        finally:
            showing = False

    sys.excepthook = handle


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
    app.setApplicationName("Archive Reader")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Archive Reader")
    app.setStyleSheet(resources.read_text("style", "app.qss"))
    install_crash_handler()

    try:
        archive = Archive.open(demo_library or library)
    except ArchiveError as error:
        messages.show_error(None, "Cannot open the library", str(error))
        return 1

    # Imported here so that a library error is reported before any window code runs.
    from archive_reader.ui.main_window import MainWindow

    try:
        window = MainWindow(archive)
        window.show()
        code = app.exec()
    finally:
        # Workers may still use this archive: let them stop (they were asked to) first.
        QThreadPool.globalInstance().waitForDone(_WORKER_WAIT_MS)
        archive.close()
    return code
