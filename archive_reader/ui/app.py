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
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.core.library import LIBRARY_ENV
from archive_reader.ui import messages, resources
from archive_reader.ui.settings import Settings
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


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style."""
    palette = QPalette()
    role = QPalette.ColorRole
    colors = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f1f1f",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.Text: "#e6e6e6",
        role.Button: "#333333",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3d6fa8",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
        role.PlaceholderText: "#8c8c8c",
        role.Mid: "#4a4a4a",
        role.Dark: "#a0a0a0",
    }
    for color_role, color in colors.items():
        palette.setColor(color_role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for color_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, color_role, QColor("#777777"))
    return palette


_SYSTEM_STYLE: list[str] = []


def apply_theme(theme: str) -> None:
    """Applies "system", "light" or "dark" to the whole application.

    The window's looks are set in code with palette roles, not with an
    application style sheet: with one, widgets polished before a theme change
    (the reader's page among them) keep the palette they had.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _SYSTEM_STYLE:
        _SYSTEM_STYLE.append(app.style().name())
    if theme == "dark":
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    else:
        app.setStyle(_SYSTEM_STYLE[0])
        app.setPalette(app.style().standardPalette())


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
