"""Live search: the typing delay, one query at a time off the GUI thread, saved searches, facets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from archive_reader.core.errors import ArchiveError
from archive_reader.core.models import Facet, SearchHit
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.workers import Worker, WorkerSet

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 100

Facets = dict[str, list[Facet]]


@dataclass(slots=True)
class SearchOutcome:
    """What a search job hands back: the hits, or the user error, of one query."""

    generation: int
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    error: ArchiveError | None = None
    total: int = 0
    notice: str = ""
    total_exact: bool = True
    partial_notice: str = ""
    new_since_last_run: int | None = None
    skipped: bool = False


def search_job(
    archive: ArchiveFacade,
    query: str,
    generation: int,
    order: str = "relevance",
    current: Callable[[], int] | None = None,
) -> SearchOutcome:
    """Runs one search on a worker thread (the Archive serializes its own access).

    ``current`` gives the newest generation: a query typed over is not run.
    """
    if current is not None and current() != generation:
        return SearchOutcome(generation, query, skipped=True)
    try:
        results = archive.search(query, limit=SEARCH_LIMIT, order=order)
    except ArchiveError as error:
        return SearchOutcome(generation, query, error=error)
    return SearchOutcome(
        generation,
        query,
        list(results.hits),
        total=results.total,
        notice=results.notice,
        total_exact=results.total_exact,
        partial_notice=results.partial_notice,
    )


def saved_search_job(archive: ArchiveFacade, name: str, generation: int) -> SearchOutcome:
    """Runs a saved search again, counting what is new since its last run."""
    try:
        run = archive.run_saved_search(name, limit=SEARCH_LIMIT)
    except ArchiveError as error:
        return SearchOutcome(generation, name, error=error)
    results = run.results
    return SearchOutcome(
        generation,
        run.query,
        list(results.hits),
        total=results.total,
        notice=results.notice,
        total_exact=results.total_exact,
        new_since_last_run=len(run.new_ids) if run.last_run_at else None,
    )


def facets_job(
    archive: ArchiveFacade, query: str, generation: int, current: Callable[[], int] | None = None
) -> tuple[int, str, Facets]:
    """Counts the facets of a query's result (skipped when a newer query was typed)."""
    if current is not None and current() != generation:
        return generation, query, {}
    try:
        return generation, query, archive.facets(query)
    except ArchiveError:
        return generation, query, {}  # the search itself reports the query's error


class SearchController(QObject):
    """Runs what is typed in the search box, one query at a time, newest first.

    Each query gets a generation number: a query typed over before its worker
    started is skipped, and results of an older query are dropped.

    Signals:
        started(str): A query (or saved search) began to run.
        cleared(): The box was emptied: the article list comes back.
        finished(object): The SearchOutcome of the newest query, without error.
        failed(str, str): The newest query is not valid (the query, the message).
        facets_counted(str, object): The facets (dict) of the shown query's result.
        saved_searches_changed(): A search was saved or forgotten.
        message(str, int): A status message and how long to show it (ms; 0: until replaced).
        index_rebuilt(): The missing search index was rebuilt from the database.
        prepared(): Search is ready (index opened and warmed up, or rebuilt).
    """

    started = Signal(str)
    cleared = Signal()
    finished = Signal(object)
    failed = Signal(str, str)
    facets_counted = Signal(str, object)
    saved_searches_changed = Signal()
    message = Signal(str, int)
    index_rebuilt = Signal()
    prepared = Signal()

    def __init__(
        self,
        archive: ArchiveFacade,
        search_box: QLineEdit,
        jobs: WorkerSet,
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._box = search_box
        self._jobs = jobs
        self._dialog_parent = dialog_parent
        self._generation = 0
        self._query = ""
        self._closed = False
        self.order = "relevance"
        """The order of the results (the search panel's choice)."""
        # One search at a time: queries typed over are skipped, not queued behind the lock.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._box.textChanged.connect(self._on_search_box_text_changed)
        self._box.returnPressed.connect(self._on_search_box_return_pressed)

    @property
    def generation(self) -> int:
        """The newest query's number."""
        return self._generation

    @property
    def query(self) -> str:
        """The query whose results are shown ("" for none)."""
        return self._query

    def search(self, query: str) -> None:
        """Sets the search box and runs the query at once (no typing delay)."""
        self._box.setText(query)
        self._search_timer.stop()
        self.run()

    def rerun(self) -> None:
        """Runs the box's query again, if there is one (the library changed)."""
        if self._box.text().strip():
            self.run()

    def set_order(self, order: str) -> None:
        """Orders the results anew, rerunning the shown query."""
        self.order = order
        if self._query:
            self.run()

    def forget(self) -> None:
        """Empties the box without running anything (the list shows another selection)."""
        if self._box.text():
            self._box.blockSignals(True)
            self._box.clear()
            self._box.blockSignals(False)
            self._generation += 1
            self._query = ""

    def run(self) -> None:
        """Runs the box's query now."""
        query = self._box.text().strip()
        self._generation += 1
        if not query:
            self._query = ""
            self.cleared.emit()
            return
        self.started.emit(query)
        worker = Worker(
            search_job,
            self._archive,
            query,
            self._generation,
            self.order,
            current=lambda: self._generation,
        )
        worker.signals.finished.connect(self._on_search_worker_finished)
        worker.signals.failed.connect(self._on_search_worker_failed)
        self._jobs.start(worker, self.pool)

    def run_saved(self, name: str) -> None:
        """Runs a saved search; its query goes into the box."""
        self._generation += 1
        self.started.emit(name)
        worker = Worker(saved_search_job, self._archive, name, self._generation)
        worker.signals.finished.connect(self._on_saved_search_worker_finished)
        worker.signals.failed.connect(self._on_search_worker_failed)
        self._jobs.start(worker, self.pool)

    def save(self) -> None:
        """Asks a name for the box's query and saves it."""
        query = self._box.text().strip()
        parent = self._dialog_parent
        if not query:
            messages.show_info(parent, "Save Search", "Type a search first, then save it.")
            return
        name = messages.ask_text(parent, "Save Search", "Name of the saved search:", query)
        if not name or not name.strip():
            return
        try:
            self._archive.save_search(name, query)
        except ArchiveError as error:
            messages.show_error(parent, "Cannot save the search", str(error))
            return
        self.message.emit(f"Saved search “{name.strip()}”", 4000)
        self.saved_searches_changed.emit()

    def delete_saved(self, name: str) -> None:
        """Forgets a saved search, once the user confirms."""
        parent = self._dialog_parent
        if not messages.confirm(
            parent, "Delete Saved Search", f"Forget the saved search “{name}”?", "Delete"
        ):
            return
        try:
            self._archive.delete_saved_search(name)
        except ArchiveError as error:
            messages.show_error(parent, "Cannot delete the saved search", str(error))
        self.saved_searches_changed.emit()

    def prepare(self) -> None:
        """Readies search in the background: rebuilds a missing index, then warms it up."""
        if self._archive.index_needs_rebuild:
            worker = Worker(self._archive.reindex)
            worker.signals.progressed.connect(self._on_reindex_worker_progressed)
            worker.signals.finished.connect(self._on_reindex_worker_finished)
            worker.signals.failed.connect(self._on_background_worker_failed)
            self.message.emit("Rebuilding the search index from the database…", 0)
            self._jobs.start(worker)
            return
        warm = Worker(self._archive.warm_up)
        warm.signals.finished.connect(self._on_warm_up_worker_finished)
        warm.signals.failed.connect(self._on_background_worker_failed)
        self._jobs.start(warm, self.pool)

    def close(self) -> None:
        """Stops: no query runs any more, and results still coming are dropped."""
        self._closed = True
        self._search_timer.stop()
        self._generation += 1

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_box_return_pressed(self) -> None:
        self._search_timer.stop()
        self.run()

    def _on_search_timer_timeout(self) -> None:
        self.run()

    def _on_search_worker_finished(self, outcome: SearchOutcome) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        if outcome.skipped or outcome.generation != self._generation:
            return  # a newer query was typed meanwhile
        if outcome.error is not None:
            self.failed.emit(outcome.query, str(outcome.error))
            return
        self._query = outcome.query
        self.finished.emit(outcome)
        if outcome.hits:
            worker = Worker(
                facets_job,
                self._archive,
                outcome.query,
                outcome.generation,
                current=lambda: self._generation,
            )
            worker.signals.finished.connect(self._on_facets_worker_finished)
            worker.signals.failed.connect(self._on_background_worker_failed)
            self._jobs.start(worker, self.pool)
        else:
            self.facets_counted.emit("", {})

    def _on_saved_search_worker_finished(self, outcome: SearchOutcome) -> None:
        if outcome.generation != self._generation:
            return
        if outcome.error is None:
            self._box.blockSignals(True)
            self._box.setText(outcome.query)
            self._box.blockSignals(False)
        self._on_search_worker_finished(outcome)

    def _on_facets_worker_finished(self, result: tuple[int, str, Facets]) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        generation, query, facets = result
        if generation == self._generation:
            self.facets_counted.emit(query, facets)

    def _on_search_worker_failed(self, error: BaseException) -> None:
        raise error  # a bug, not a query error: to the crash handler

    def _on_warm_up_worker_finished(self, _result: object) -> None:
        if not self._closed:
            self.prepared.emit()

    def _on_reindex_worker_progressed(self, step: object) -> None:
        done, total = getattr(step, "done", 0), getattr(step, "total", 0)
        self.message.emit(
            f"Rebuilding the search index from the database: {done:,} of {total:,} articles…", 0
        )

    def _on_reindex_worker_finished(self, _result: object) -> None:
        self.message.emit("The search index is rebuilt.", 5000)
        self.prepared.emit()
        self.rerun()

    def _on_background_worker_failed(self, error: BaseException) -> None:
        if isinstance(error, ArchiveError):
            log.warning("background read failed: %s", error)
            self.message.emit(str(error), 8000)
            return
        raise error
