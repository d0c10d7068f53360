"""MainWindow: search box, article list and reader; imports by menu or drag and drop."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive_reader import __version__
from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.core.models import ImportProgress, SearchHit
from archive_reader.ui import messages
from archive_reader.ui.dialogs.import_dialog import ImportDialog
from archive_reader.ui.models.articles import (
    ArticleRole,
    ArticleSortProxy,
    ArticleTableModel,
    SearchResultModel,
)
from archive_reader.ui.widgets.reader import ReaderView
from archive_reader.ui.widgets.results import SearchResultList
from archive_reader.ui.workers import Worker, WorkerSignals

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 100
EMPTY_HINT = (
    "No articles yet — File ▸ Import… or drop saved pages here.\n\n"
    "Saved pages (.html, .mhtml, .warc, “Web page, complete”) are read offline.\n"
    "To try the program on sample pages, start it with: archive-reader --demo"
)
_IMPORT_FILTER = "Saved pages (*.html *.htm *.xhtml *.mhtml *.mht *.warc *.gz);;All files (*)"
_LIST_PAGE, _RESULTS_PAGE, _EMPTY_PAGE = range(3)
SEARCH_HELP = """<p>All words must match: <code>tiktok moderation</code>. Words match their
other forms (<i>remove</i> finds <i>removed</i>), in any letter case, with or without accents.</p>
<table cellspacing="4">
<tr><td><code>"state media"</code></td><td>an exact phrase</td></tr>
<tr><td><code>a OR b</code>, <code>a AND b</code>, <code>NOT a</code>, <code>-a</code></td>
<td>either, both, without</td></tr>
<tr><td><code>(tiktok OR meta) -sport</code></td><td>parentheses group</td></tr>
<tr><td><code>title:</code> <code>site:</code> <code>author:</code></td>
<td>in the headline, the site's name, the author</td></tr>
<tr><td><code>tag:</code> <code>entity:"Rossiya Segodnya"</code></td>
<td>tagged articles; articles mentioning an entity (any of its names)</td></tr>
<tr><td><code>note:</code> <code>label:</code></td>
<td>in your highlights' notes and labels</td></tr>
<tr><td><code>lang:ru</code></td><td>articles in a language</td></tr>
<tr><td><code>date:2024</code>, <code>date:2023-01..2024-06</code>,
<code>date:&gt;2023-05-01</code></td>
<td>by publication date (<code>saved:</code> for the day you imported)</td></tr>
<tr><td><code>tikt*</code></td><td>words starting with…</td></tr>
<tr><td><code>propoganda~</code></td>
<td>close spellings (<code>~2</code>: two letters off)</td></tr>
</table>"""


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


def search_job(archive: Archive, query: str, generation: int) -> SearchOutcome:
    """Runs one search on a worker thread (the Archive serializes its own access)."""
    try:
        results = archive.search(query, limit=SEARCH_LIMIT)
    except ArchiveError as error:
        return SearchOutcome(generation, query, error=error)
    return SearchOutcome(
        generation,
        query,
        list(results.hits),
        total=results.total,
        notice=results.notice,
        total_exact=results.total_exact,
    )


def import_job(
    library: Path, paths: list[Path], cancel: Callable[[], bool]
) -> Iterator[ImportProgress]:
    """Imports on a worker thread, through its own Archive on the same library."""
    archive = Archive.open(library)
    try:
        yield from archive.iter_import(paths, cancel=cancel)
    finally:
        archive.close()


class MainWindow(QMainWindow):
    """The library's articles and search on the left, the reader on the right."""

    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._workers: dict[WorkerSignals, Worker] = {}
        self._import_worker: Worker | None = None
        self._import_dialog: ImportDialog | None = None
        self._search_generation = 0
        self._build_ui()
        self._connect_signals()
        self.reload()
        self._open_first_article()

    # Layout

    def _build_ui(self) -> None:
        self.setWindowTitle(f"Archive Reader — {self._archive.path}")
        self.resize(1280, 800)
        self.setAcceptDrops(True)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            'Search — words, "phrases", title:…, date:2024 (F1: syntax)'
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAcceptDrops(False)  # dropped files import; they are not text
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.article_model = ArticleTableModel(self._archive, parent=self)
        self._article_proxy = ArticleSortProxy(self)
        self._article_proxy.setSourceModel(self.article_model)
        self.article_table = QTableView()
        self.article_table.setModel(self._article_proxy)
        self.article_table.setSortingEnabled(True)
        self.article_table.sortByColumn(ArticleTableModel.IMPORTED, Qt.SortOrder.DescendingOrder)
        self.article_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.article_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.article_table.setAlternatingRowColors(True)
        self.article_table.setShowGrid(False)
        self.article_table.setWordWrap(False)
        self.article_table.verticalHeader().setVisible(False)
        self.article_table.verticalHeader().setDefaultSectionSize(
            self.article_table.fontMetrics().height() + 10
        )
        header = self.article_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (ArticleTableModel.SITE, 110),
            (ArticleTableModel.AUTHOR, 100),
            (ArticleTableModel.PUBLISHED, 86),
            (ArticleTableModel.IMPORTED, 86),
        ):
            header.resizeSection(column, width)
        # Right-click on the header hides or shows columns.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._column_actions: list[QAction] = []
        for column in range(1, self.article_model.columnCount()):
            name = self.article_model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(f"Show {name}", header)
            action.setCheckable(True)
            action.setChecked(True)
            action.setData(column)
            header.addAction(action)
            self._column_actions.append(action)

        self.result_model = SearchResultModel(self)
        self.result_list = SearchResultList()
        self.result_list.setModel(self.result_model)
        self._results_label = QLabel()
        self._results_label.setObjectName("resultsLabel")
        self._results_label.setTextFormat(Qt.TextFormat.RichText)
        self._results_label.setWordWrap(True)
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self._results_label)
        results_layout.addWidget(self.result_list, 1)

        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self._left_stack = QStackedWidget()
        self._left_stack.insertWidget(_LIST_PAGE, self.article_table)
        self._left_stack.insertWidget(_RESULTS_PAGE, results_page)
        self._left_stack.insertWidget(_EMPTY_PAGE, self.empty_label)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self._left_stack, 1)

        self.reader = ReaderView(self._archive)
        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.addWidget(left)
        self._splitter.addWidget(self.reader)
        self._splitter.setStretchFactor(0, 0)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([560, 720])
        self._splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self._splitter)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_actions()

    def _build_actions(self) -> None:
        self.import_files_action = QAction("Import &Files…", self)
        self.import_files_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_folder_action = QAction("Import F&older…", self)
        self.import_folder_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.search_action = QAction("&Search Library", self)
        self.search_action.setShortcut(QKeySequence("Ctrl+L"))
        self.search_help_action = QAction("&Search Syntax", self)
        self.search_help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action = QAction("&About Archive Reader", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_files_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.search_action)
        view_menu.addSeparator()
        view_menu.addAction(self.reader.zoom_in_action)
        view_menu.addAction(self.reader.zoom_out_action)
        view_menu.addAction(self.reader.zoom_reset_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.search_help_action)
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.import_files_action)
        toolbar.addAction(self.import_folder_action)

    def _connect_signals(self) -> None:
        self.import_files_action.triggered.connect(self._on_import_files_action_triggered)
        self.import_folder_action.triggered.connect(self._on_import_folder_action_triggered)
        self.quit_action.triggered.connect(self.close)
        self.search_action.triggered.connect(self._on_search_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.search_help_action.triggered.connect(self._on_search_help_action_triggered)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.article_table.selectionModel().currentRowChanged.connect(
            self._on_article_table_current_row_changed
        )
        self.result_list.selectionModel().currentRowChanged.connect(
            self._on_result_list_current_row_changed
        )
        for action in self._column_actions:
            action.toggled.connect(self._on_column_action_toggled)

    # Public API

    @property
    def archive(self) -> Archive:
        return self._archive

    def reload(self) -> None:
        """Re-reads the article list, and reruns the search if one is shown."""
        self.article_model.reload()
        if self.search_box.text().strip():
            self._run_search()
        else:
            self._show_article_list()

    def import_paths(self, paths: list[Path]) -> None:
        """Imports files and folders in the background, with a progress dialog."""
        if not paths:
            return
        if self._import_worker is not None:
            messages.show_info(
                self, "Import", "An import is already running. Wait for it to finish."
            )
            return
        worker = Worker(
            import_job, self._archive.path, list(paths), cancel=lambda: worker.cancelled
        )
        self._import_worker = worker
        if self._import_dialog is not None:
            self._import_dialog.deleteLater()  # the last import's report
        self._import_dialog = ImportDialog(worker, self)
        worker.signals.finished.connect(self._on_import_worker_finished)
        worker.signals.failed.connect(self._on_import_worker_failed)
        self._set_import_enabled(False)
        self._start(worker)
        self._import_dialog.show()

    def search(self, query: str) -> None:
        """Sets the search box and runs the query at once (no typing delay)."""
        self.search_box.setText(query)
        self._search_timer.stop()
        self._run_search()

    # Qt overrides

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event.mimeData().urls() if event.mimeData().hasUrls() else []):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event.mimeData().urls() if event.mimeData().hasUrls() else [])
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Start after the drop returns, so the drag source is not left waiting.
        QTimer.singleShot(0, lambda: self.import_paths(paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self._search_generation += 1
        for worker in self._workers.values():
            worker.cancel()
        super().closeEvent(event)

    # Slots

    def _on_import_files_action_triggered(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import Saved Pages", str(Path.home()), _IMPORT_FILTER
        )
        self.import_paths([Path(name) for name in names])

    def _on_import_folder_action_triggered(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a Folder", str(Path.home()))
        if name:
            self.import_paths([Path(name)])

    def _on_search_action_triggered(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _on_search_help_action_triggered(self) -> None:
        messages.show_info(self, "Search syntax", SEARCH_HELP)

    def _on_about_action_triggered(self) -> None:
        messages.show_info(
            self,
            "About Archive Reader",
            f"Archive Reader {__version__}\n\n"
            "Read and search the web articles you saved, offline.\n\n"
            f"Library: {self._archive.path}",
        )

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_box_return_pressed(self) -> None:
        self._search_timer.stop()
        self._run_search()

    def _on_search_timer_timeout(self) -> None:
        self._run_search()

    def _on_search_worker_finished(self, outcome: SearchOutcome) -> None:
        if outcome.generation != self._search_generation:
            return  # a newer query was typed meanwhile
        if outcome.error is not None:
            self.result_model.set_hits(outcome.query, [])
            self._results_label.setText(
                f'<span style="color:#b00020">{html.escape(str(outcome.error))}</span>'
            )
            self.count_label.setText("Search error")
            return
        self.result_model.set_hits(outcome.query, outcome.hits)
        count = max(outcome.total, len(outcome.hits))
        about = "" if outcome.total_exact else "about "
        if count:
            text = f"{about}{count:,} {'result' if count == 1 else 'results'}"
            if count > len(outcome.hits):
                text += f", the best {len(outcome.hits)} shown,"
        else:
            text = "No articles match"
        label = f"{text} for “{html.escape(outcome.query)}”"
        if outcome.notice:
            label += f'<br><span style="color:#8a5a00">{html.escape(outcome.notice)}</span>'
        self._results_label.setText(label)
        self.count_label.setText(f"{about}{count:,} {'hit' if count == 1 else 'hits'}")

    def _on_search_worker_failed(self, error: BaseException) -> None:
        raise error  # a bug, not a query error: to the crash handler

    def _on_import_worker_finished(self, _result: object) -> None:
        self._import_done()
        self.reload()

    def _on_import_worker_failed(self, error: BaseException) -> None:
        self._import_done()
        self.reload()
        if not isinstance(error, ArchiveError):
            raise error
        messages.show_error(self, "Import failed", str(error))

    def _on_column_action_toggled(self, checked: bool) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.article_table.setColumnHidden(action.data(), not checked)

    def _on_worker_done(self, _payload: object) -> None:
        self._workers.pop(self.sender(), None)

    def _on_article_table_current_row_changed(
        self, current: QModelIndex, _prev: QModelIndex
    ) -> None:
        summary = current.data(ArticleRole) if current.isValid() else None
        if summary is not None:
            self._show_article(summary.id)

    def _on_result_list_current_row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        hit = current.data(ArticleRole) if current.isValid() else None
        if hit is not None:
            self._show_article(hit.article_id)

    # Internals

    def _start(self, worker: Worker) -> None:
        # The window keeps each worker alive until its last signal has been delivered.
        self._workers[worker.signals] = worker
        worker.signals.finished.connect(self._on_worker_done)
        worker.signals.failed.connect(self._on_worker_done)
        worker.start()

    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        self._search_generation += 1
        if not query:
            self._show_article_list()
            return
        self._left_stack.setCurrentIndex(_RESULTS_PAGE)
        worker = Worker(search_job, self._archive, query, self._search_generation)
        worker.signals.finished.connect(self._on_search_worker_finished)
        worker.signals.failed.connect(self._on_search_worker_failed)
        self._start(worker)

    def _show_article_list(self) -> None:
        self.result_model.clear()
        total = self.article_model.total
        self._left_stack.setCurrentIndex(_LIST_PAGE if total else _EMPTY_PAGE)
        self.count_label.setText(f"{total} {'article' if total == 1 else 'articles'}")
        if self.reader.article is None:
            self.reader.show_placeholder("Select an article to read it." if total else "")
        self._reselect_reader_article()

    def _open_first_article(self) -> None:
        """Opens the top article of the list, so the window starts on something to read."""
        if self._article_proxy.rowCount() == 0:
            return
        self.article_table.selectionModel().setCurrentIndex(
            self._article_proxy.index(0, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _reselect_reader_article(self) -> None:
        """After a reload, marks the article still shown in the reader in the list."""
        article = self.reader.article
        row = self.article_model.row_of(article.id) if article else None
        if row is None:
            return
        index = self._article_proxy.mapFromSource(self.article_model.index(row, 0))
        self.article_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _show_article(self, article_id: int) -> None:
        if self.reader.article is not None and self.reader.article.id == article_id:
            return
        try:
            article = self._archive.get(article_id)
        except ArchiveError as error:
            messages.show_error(self, "Cannot open the article", str(error))
            return
        self.reader.show_article(article)

    def _import_done(self) -> None:
        self._import_worker = None
        self._set_import_enabled(True)

    def _set_import_enabled(self, enabled: bool) -> None:
        self.import_files_action.setEnabled(enabled)
        self.import_folder_action.setEnabled(enabled)


def _local_paths(urls: list[QUrl]) -> list[Path]:
    """The local files and folders among dropped URLs."""
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
