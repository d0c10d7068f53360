"""Imports: one at a time, in a process of its own; its progress, its report, its new articles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from archive_reader.core.errors import ArchiveError
from archive_reader.core.ingest.isolated import import_in_process
from archive_reader.core.models import ImportProgress, ImportStatus
from archive_reader.ui import messages
from archive_reader.ui.dialogs.import_dialog import ImportDialog
from archive_reader.ui.workers import Worker, WorkerSet

_IMPORT_FILTER = "Saved pages (*.html *.htm *.xhtml *.mhtml *.mht *.warc *.gz);;All files (*)"
IMPORT_SHOW_MS = 1500
"""How often a running import's new articles are shown in the list and sidebar."""


def import_job(
    library: Path, paths: list[Path], cancel: Callable[[], bool]
) -> Iterator[ImportProgress]:
    """Imports in a process of its own (see core.isolated), relaying its progress."""
    yield from import_in_process(library, paths, cancel)


class ImportController(QObject):
    """Runs one import at a time off the GUI thread, with its progress dialog and report.

    Signals:
        running_changed(bool): An import started (True) or ended (False).
        articles_added(): The running import stored new articles since the last
            time (at most every IMPORT_SHOW_MS).
        finished(): The import ended (done, cancelled or failed): the library changed.
    """

    running_changed = Signal(bool)
    articles_added = Signal()
    finished = Signal()

    def __init__(
        self, library: Path, jobs: WorkerSet, dialog_parent: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._jobs = jobs
        self._dialog_parent = dialog_parent
        self._import_worker: Worker | None = None
        self._import_dialog: ImportDialog | None = None
        self._closed = False
        # While an import runs, what it added so far shows every so often.
        self._import_show_timer = QTimer(self)
        self._import_show_timer.setSingleShot(True)
        self._import_show_timer.setInterval(IMPORT_SHOW_MS)
        self._import_show_timer.timeout.connect(self._on_import_show_timer_timeout)

    @property
    def running(self) -> bool:
        """Whether an import runs."""
        return self._import_worker is not None

    @property
    def dialog(self) -> ImportDialog | None:
        """The running import's progress, or the last import's report."""
        return self._import_dialog

    def import_files(self) -> None:
        """Asks for saved pages and imports them."""
        parent = self._dialog_parent
        names = messages.open_files(parent, "Import Saved Pages", str(Path.home()), _IMPORT_FILTER)
        self.import_paths([Path(name) for name in names])

    def import_folder(self) -> None:
        """Asks for a folder and imports every saved page in it."""
        name = messages.open_folder(self._dialog_parent, "Import a Folder", str(Path.home()))
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        """Imports files and folders in the background, with a progress dialog."""
        if not paths:
            return
        if self._import_worker is not None:
            messages.show_info(
                self._dialog_parent,
                "Import",
                "An import is already running. Wait for it to finish.",
            )
            return
        worker: Worker = Worker(
            import_job, self._library, list(paths), cancel=lambda: worker.cancelled
        )
        self._import_worker = worker
        if self._import_dialog is not None:
            self._import_dialog.deleteLater()  # the last import's report
        self._import_dialog = ImportDialog(worker, self._dialog_parent)
        worker.signals.progressed.connect(self._on_import_worker_progressed)
        worker.signals.finished.connect(self._on_import_worker_finished)
        worker.signals.failed.connect(self._on_import_worker_failed)
        self.running_changed.emit(True)
        self._jobs.start(worker)
        self._import_dialog.show()

    def close(self) -> None:
        """Stops telling: the window closes (the running import was asked to stop)."""
        self._closed = True

    def _on_import_worker_progressed(self, progress: ImportProgress) -> None:
        result = progress.result
        imported = result is not None and result.status == ImportStatus.IMPORTED
        if imported and not self._import_show_timer.isActive():
            self._import_show_timer.start()

    def _on_import_show_timer_timeout(self) -> None:
        if self._closed or self._import_worker is None:
            return
        self.articles_added.emit()

    def _on_import_worker_finished(self, _result: object) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self._import_done()
        self.finished.emit()

    def _on_import_worker_failed(self, error: BaseException) -> None:
        self._import_done()
        self.finished.emit()
        if not isinstance(error, ArchiveError):
            raise error
        messages.show_error(self._dialog_parent, "Import failed", str(error))

    def _import_done(self) -> None:
        self._import_worker = None
        self.running_changed.emit(False)
