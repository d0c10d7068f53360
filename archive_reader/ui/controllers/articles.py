"""The library's articles: reading one, deleting some, counting them for the sidebar."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from archive_reader.core.errors import ArchiveError
from archive_reader.core.models import Article, LibraryOverview
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.settings import Settings
from archive_reader.ui.workers import Worker, WorkerSet

log = logging.getLogger(__name__)

OVERVIEW_DELAY_MS = 400


def overview_job(archive: ArchiveFacade) -> LibraryOverview:
    return archive.overview()


def library_size_job(archive: ArchiveFacade) -> int:
    """The bytes the library takes (database, index, originals); no lock needed."""
    return archive.disk_usage()


def delete_job(archive: ArchiveFacade, ids: list[int]) -> int:
    return archive.delete_articles(ids)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class ArticleController(QObject):
    """Reads articles and the library's counts, and deletes articles, for the article list.

    Signals:
        overview_read(object): The LibraryOverview, counted in the background.
        size_read(int): The bytes the library takes.
        deleted(int): This many articles were deleted.
        changed(): The library is not what the views show (deleted articles, an
            article gone meanwhile): they read it again.
        message(str, int): A status message and how long to show it (ms).
    """

    overview_read = Signal(object)
    size_read = Signal(int)
    deleted = Signal(int)
    changed = Signal()
    message = Signal(str, int)

    def __init__(
        self,
        archive: ArchiveFacade,
        settings: Settings,
        jobs: WorkerSet,
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._settings = settings
        self._jobs = jobs
        self._dialog_parent = dialog_parent
        self._closed = False
        self._overview_timer = QTimer(self)
        self._overview_timer.setSingleShot(True)
        self._overview_timer.setInterval(OVERVIEW_DELAY_MS)
        self._overview_timer.timeout.connect(self.refresh_overview)

    def refresh_overview(self) -> None:
        """Counts the sidebar's entries again, in the background."""
        if self._closed:
            return
        self._overview_timer.stop()
        worker = Worker(overview_job, self._archive)
        worker.signals.finished.connect(self._on_overview_worker_finished)
        worker.signals.failed.connect(self._on_background_worker_failed)
        self._jobs.start(worker)
        size = Worker(library_size_job, self._archive)
        size.signals.finished.connect(self._on_size_worker_finished)
        size.signals.failed.connect(self._on_background_worker_failed)
        self._jobs.start(size)

    def refresh_overview_soon(self) -> None:
        """Counts again after a short pause (edits come in bursts)."""
        self._overview_timer.start()

    def read(self, article_id: int) -> Article | None:
        """The article, or None (and a message) when it is gone."""
        try:
            return self._archive.get(article_id)
        except ArchiveError as error:
            messages.show_error(
                self._dialog_parent,
                "Cannot open the article",
                f"{error}\n\nIt may have been deleted; the list is read again.",
            )
            self.changed.emit()
            return None

    def last_read(self) -> int | None:
        """The article read last time in this library, if it was not deleted since."""
        last = self._settings.last_article(self._archive.path)
        if last is not None:
            with contextlib.suppress(ArchiveError):
                self._archive.get(last)
                return last
        return None

    def confirm_delete(self, ids: list[int]) -> bool:
        """Asks whether to delete the articles (which cannot be undone)."""
        if not ids:
            return False
        what = "this article" if len(ids) == 1 else f"these {len(ids):,} articles"
        return messages.confirm(
            self._dialog_parent,
            "Delete Articles",
            f"Delete {what} with their highlights, notes and tags?\n\n"
            "This cannot be undone. The saved files stay in the library: importing "
            "them again brings the articles back, without highlights.",
            "Delete",
        )

    def delete(self, ids: list[int]) -> None:
        """Deletes the articles in the background."""
        worker = Worker(delete_job, self._archive, ids)
        worker.signals.finished.connect(self._on_delete_worker_finished)
        worker.signals.failed.connect(self._on_delete_worker_failed)
        self._jobs.start(worker)

    def close(self) -> None:
        """Reads nothing more; results still coming are dropped."""
        self._closed = True
        self._overview_timer.stop()

    def _on_overview_worker_finished(self, overview: LibraryOverview) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.overview_read.emit(overview)

    def _on_size_worker_finished(self, size: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.size_read.emit(size)

    def _on_background_worker_failed(self, error: BaseException) -> None:
        if isinstance(error, ArchiveError):
            log.warning("background read failed: %s", error)
            self.message.emit(str(error), 8000)
            return
        raise error

    def _on_delete_worker_finished(self, deleted: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.message.emit(f"Deleted {deleted:,} {'article' if deleted == 1 else 'articles'}", 5000)
        self.deleted.emit(deleted)
        self.changed.emit()

    def _on_delete_worker_failed(self, error: BaseException) -> None:
        self.changed.emit()
        if not isinstance(error, ArchiveError):
            raise error
        messages.show_error(self._dialog_parent, "Cannot delete the articles", str(error))
