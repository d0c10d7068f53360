"""MainWindow: library sidebar, article list and search, reader and side panel; menus."""

from __future__ import annotations

import contextlib
import html
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.core.ingest.isolated import import_in_process
from archive_reader.core.models import (
    ArticleFilter,
    ImportProgress,
    ImportStatus,
    LibraryOverview,
    SearchHit,
)
from archive_reader.ui import messages, resources
from archive_reader.ui.dialogs.import_dialog import ImportDialog
from archive_reader.ui.models.articles import ArticleRole, ArticleTableModel
from archive_reader.ui.settings import Settings
from archive_reader.ui.widgets.reader import ReaderView
from archive_reader.ui.widgets.search_panel import SearchPanel
from archive_reader.ui.widgets.sidebar import ALL, LibrarySidebar, SidebarKey
from archive_reader.ui.workers import Worker, WorkerSignals
from archive_reader.version import __version__

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 100
OVERVIEW_DELAY_MS = 400
EMPTY_HINT = (
    "No articles yet — File ▸ Import… or drop saved pages here.\n\n"
    "Saved pages (.html, .mhtml, .warc, “Web page, complete”) are read offline.\n"
    "To try the program on sample pages, start it with: archive-reader --demo"
)


def _unique_keys(keys: list[Any]) -> list[QKeySequence]:
    """Key sequences for standard keys (all their bindings) and strings, each once."""
    found: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            # A platform without a binding for a standard key gets the common one.
            found += QKeySequence.keyBindings(key) or [QKeySequence(_FALLBACK_KEYS[key])]
        elif key is not None:
            found.append(QKeySequence(key))
    unique = dict.fromkeys(k.toString() for k in found if not k.isEmpty())
    return [QKeySequence(k) for k in unique]


def _empty_hint_html() -> str:
    """EMPTY_HINT for a label: the command on one line, however narrow the list."""
    text = html.escape(EMPTY_HINT).replace("\n", "<br>")
    # Qt's rich text breaks lines at hyphens even inside <nobr>: non-breaking ones.
    return text.replace("archive-reader --demo", "archive&#8209;reader&nbsp;&#8209;&#8209;demo")


_IMPORT_FILTER = "Saved pages (*.html *.htm *.xhtml *.mhtml *.mht *.warc *.gz);;All files (*)"
_LIST_PAGE, _RESULTS_PAGE, _EMPTY_PAGE = range(3)
_IMPORT_SHOW_MS = 1500
"""How often a running import's new articles are shown in the list and sidebar."""
_NARROWEST_COLUMN = 56
"""The site, author and tags columns of a narrow list are not made narrower."""
_COLUMN_WIDTHS = {
    ArticleTableModel.SITE: 110,
    ArticleTableModel.AUTHOR: 100,
    ArticleTableModel.PUBLISHED: 86,
    ArticleTableModel.IMPORTED: 86,
    ArticleTableModel.TAGS: 90,
    ArticleTableModel.NOTES: 48,
}
"""The article list's columns at first (the title takes the rest)."""
_WORKER_WAIT_MS = 10_000
_FALLBACK_KEYS = {
    QKeySequence.StandardKey.Open: "Ctrl+O",
    QKeySequence.StandardKey.New: "Ctrl+N",
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Delete: "Del",
    QKeySequence.StandardKey.HelpContents: "F1",
    QKeySequence.StandardKey.Preferences: "Ctrl+,",
    QKeySequence.StandardKey.Undo: "Ctrl+Z",
    QKeySequence.StandardKey.Redo: "Ctrl+Shift+Z",
}
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

try:  # the side panel and entity view land in parallel with this window
    from archive_reader.ui.widgets.side_panel import SidePanel
except ImportError:  # pragma: no cover - until they are in the tree
    SidePanel = None  # type: ignore[assignment,misc]
try:
    from archive_reader.ui.widgets.entity_view import EntityView
except ImportError:  # pragma: no cover
    EntityView = None  # type: ignore[assignment,misc]


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
    new_since_last_run: int | None = None
    skipped: bool = False


def search_job(
    archive: Archive,
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
    )


def saved_search_job(archive: Archive, name: str, generation: int) -> SearchOutcome:
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
    archive: Archive, query: str, generation: int, current: Callable[[], int] | None = None
) -> tuple[int, str, dict[str, Any]]:
    """Counts the facets of a query's result (skipped when a newer query was typed)."""
    if current is not None and current() != generation:
        return generation, query, {}
    try:
        return generation, query, archive.facets(query)
    except ArchiveError:
        return generation, query, {}  # the search itself reports the query's error


def overview_job(archive: Archive) -> LibraryOverview:
    return archive.overview()


def library_size_job(archive: Archive) -> int:
    """The bytes the library takes (database, index, originals); no lock needed."""
    return archive.disk_usage()


def delete_job(archive: Archive, ids: list[int]) -> int:
    return archive.delete_articles(ids)


def import_job(
    library: Path, paths: list[Path], cancel: Callable[[], bool]
) -> Iterator[ImportProgress]:
    """Imports in a process of its own (see core.isolated), relaying its progress."""
    yield from import_in_process(library, paths, cancel)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class SearchHelpPopup(QFrame):
    """The query syntax, as a popup beside the search box (F1 or the ? button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        label = QLabel(SEARCH_HELP)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def show_below(self, widget: QWidget) -> None:
        self.adjustSize()
        self.move(widget.mapToGlobal(QPoint(0, widget.height() + 2)))
        self.show()


class MainWindow(QMainWindow):
    """The library on the left, articles and search in the middle, the reader on the right.

    Signals:
        library_opened(object): The window switched to another library (its Path).
        search_prepared(): Search is ready (the index opened and read, the facet
            table built) after the library was opened.
    """

    library_opened = Signal(object)
    search_prepared = Signal()

    def __init__(
        self,
        archive: Archive,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        owns_archive: bool = False,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._settings = settings if settings is not None else Settings()
        self._owns_archive = owns_archive
        self._workers: dict[WorkerSignals, Worker] = {}
        self._import_worker: Worker | None = None
        self._import_dialog: ImportDialog | None = None
        self._export_dialog: QWidget | None = None
        self._search_generation = 0
        self._search_query = ""
        self._saved_search: str | None = None
        self._first_article_pending = True
        self._successor: MainWindow | None = None
        self._closed = False
        # One search at a time: queries typed over are skipped, not queued behind the lock.
        self._search_pool = QThreadPool(self)
        self._search_pool.setMaxThreadCount(1)
        self.undo_stack = QUndoStack(self)
        self._build_ui()
        self._connect_signals()
        self._restore_settings()
        # The sidebar's counts are read once the first page is shown: on a large
        # library they take a second, and the first article should not wait for them.
        self._overview_pending = True
        self.article_model.reload()

    # Layout

    def _build_ui(self) -> None:
        self.setWindowTitle(f"Archive Reader — {self._archive.path}")
        self.resize(1440, 860)
        self.setAcceptDrops(True)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            'Search — words, "phrases", title:…, date:2024 (F1: syntax)'
        )
        self.search_box.setToolTip("Search the library as you type (Ctrl+L); F1 shows the syntax")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAcceptDrops(False)  # dropped files import; they are not text
        self._help_button = QToolButton()
        self._help_button.setText("?")
        self._help_button.setToolTip("Search syntax (F1)")
        self._help_button.setAutoRaise(True)
        self.search_help_popup = SearchHelpPopup(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._overview_timer = QTimer(self)
        self._overview_timer.setSingleShot(True)
        self._overview_timer.setInterval(OVERVIEW_DELAY_MS)
        # While an import runs, what it added so far shows every so often.
        self._import_show_timer = QTimer(self)
        self._import_show_timer.setSingleShot(True)
        self._import_show_timer.setInterval(_IMPORT_SHOW_MS)

        self.sidebar = LibrarySidebar()

        self.article_model = ArticleTableModel(self._archive, parent=self)
        self.article_table = QTableView()
        self.article_table.setObjectName("articleTable")
        self.article_table.setFrameShape(QFrame.Shape.NoFrame)
        self.article_table.setModel(self.article_model)
        # The indicator first: enabling sorting sorts by it at once, and on the
        # title (the default) that is a whole-library sort before the real one.
        self.article_table.horizontalHeader().setSortIndicator(
            ArticleTableModel.IMPORTED, Qt.SortOrder.DescendingOrder
        )
        self.article_table.setSortingEnabled(True)
        self.article_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.article_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.article_table.setAlternatingRowColors(True)
        self.article_table.setShowGrid(False)
        self.article_table.setWordWrap(False)
        self.article_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.article_table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.article_table.fontMetrics().height() + 10)
        header = self.article_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(36)
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.article_table.setColumnHidden(ArticleTableModel.AUTHOR, True)
        self.article_table.setColumnHidden(ArticleTableModel.IMPORTED, True)
        # Right-click on the header hides or shows columns.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._column_actions: list[QAction] = []
        for column in range(1, self.article_model.columnCount()):
            name = self.article_model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(f"Show {name}", header)
            action.setCheckable(True)
            action.setChecked(not self.article_table.isColumnHidden(column))
            action.setData(column)
            header.addAction(action)
            self._column_actions.append(action)

        self.search_panel = SearchPanel()
        self.result_model = self.search_panel.result_model
        self.result_list = self.search_panel.result_list
        self._results_label = self.search_panel.summary_label

        self.empty_label = QLabel(_empty_hint_html())
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_label.setFont(font)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self._left_stack = QStackedWidget()
        self._left_stack.insertWidget(_LIST_PAGE, self.article_table)
        self._left_stack.insertWidget(_RESULTS_PAGE, self.search_panel)
        self._left_stack.insertWidget(_EMPTY_PAGE, self.empty_label)

        search_row = QWidget()
        search_layout = QVBoxLayout(search_row)
        search_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search_box, 1)
        row.addWidget(self._help_button)
        search_layout.addLayout(row)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 6, 0, 0)
        middle_layout.addWidget(search_row)
        middle_layout.addWidget(self._left_stack, 1)

        self.reader = ReaderView(self._archive)
        self.entity_view = (
            EntityView(self._archive, self.undo_stack) if EntityView is not None else None
        )
        self._right_stack = QStackedWidget()
        self._right_stack.addWidget(self.reader)
        if self.entity_view is not None:
            self._right_stack.addWidget(self.entity_view)
        self.side_panel = (
            SidePanel(self._archive, self.undo_stack) if SidePanel is not None else None
        )

        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.setObjectName("mainSplitter")
        self._splitter.addWidget(self.sidebar)
        self._splitter.addWidget(middle)
        self._splitter.addWidget(self._right_stack)
        if self.side_panel is not None:
            self._splitter.addWidget(self.side_panel)
        # The reader and the list take most of a change of the window's width,
        # the sidebar some; the side panel keeps the width its tabs need until
        # the others are at their minimum widths.
        for index, stretch in enumerate((1, 2, 3, 0)[: self._splitter.count()]):
            self._splitter.setStretchFactor(index, stretch)
        middle.setMinimumWidth(240)
        self._right_stack.setMinimumWidth(320)
        side = self.side_panel.preferred_width if self.side_panel is not None else 0
        self._splitter.setSizes([200, 600, 580, side][: self._splitter.count()])
        self._splitter.setChildrenCollapsible(True)
        self._splitter.setCollapsible(2, False)
        self.setCentralWidget(self._splitter)

        self.count_label = QLabel()
        self.size_label = QLabel()
        self.size_label.setToolTip(str(self._archive.path))
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.size_label)
        self._build_actions()

    def _action(
        self,
        text: str,
        shortcut: QKeySequence.StandardKey | str | list[Any] | None = None,
        tip: str = "",
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(_unique_keys(shortcut if isinstance(shortcut, list) else [shortcut]))
        plain = text.replace("&", "").rstrip("…")
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({native})" if native else tip or plain)
        action.setStatusTip(tip or plain)
        if icon:
            action.setIcon(resources.icon(icon))
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.import_files_action = self._action(
            "Import &Files…", std.Open, "Import saved pages into the library", "import-file"
        )
        self.import_folder_action = self._action(
            "Import F&older…",
            "Ctrl+Shift+O",
            "Import every saved page in a folder",
            "import-folder",
        )
        self.export_action = self._action(
            "&Export…", "Ctrl+E", "Export articles, highlights and citations", "export"
        )
        self.open_library_action = self._action("&Open Library…", None, "Open another library")
        self.new_library_action = self._action(
            "&New Library…", std.New, "Create an empty library in a new folder"
        )
        self.recent_menu = QMenu("Open &Recent Library", self)
        self.quit_action = self._action("&Quit", std.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(_unique_keys([std.Undo]))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        # Each key once: a key given twice is an "ambiguous shortcut" and does nothing.
        self.redo_action.setShortcuts(_unique_keys([std.Redo, "Ctrl+Shift+Z", "Ctrl+Y"]))
        for action in (self.undo_action, self.redo_action):
            action.setIcon(resources.icon("undo" if action is self.undo_action else "redo"))
            self.addAction(action)
        self.tag_action = self._action("&Tag Selected Articles…", "Ctrl+T", "Add tags", "tag")
        self.delete_action = self._action(
            "&Delete Selected Articles…", std.Delete, "Delete the selected articles", "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.article_table.addAction(self.delete_action)
        self.select_all_action = self._action("Select &All Articles", None)
        self.preferences_action = self._action(
            "&Preferences…", [std.Preferences, "Ctrl+,"], "Library, theme, labels", "preferences"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.search_action = self._action("&Search Library", ["Ctrl+L", "Ctrl+K"], icon="search")
        self.save_search_action = self._action("Save Search…", "Ctrl+Shift+S")
        self.focus_sidebar_action = self._action("Go to &Library", "Ctrl+1")
        self.focus_list_action = self._action("Go to &Articles", "Ctrl+2")
        self.focus_reader_action = self._action("Go to &Reader", "Ctrl+3")
        self.next_article_action = self._action("&Next Article", "Alt+Down")
        self.previous_article_action = self._action("&Previous Article", "Alt+Up")
        self.all_articles_action = self._action("Show All Articles", "Ctrl+Shift+A")
        self.search_help_action = self._action("&Search Syntax", std.HelpContents)
        self.about_action = self._action("&About Archive Reader")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_files_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_library_action)
        file_menu.addAction(self.open_library_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.reader.find_action)
        edit_menu.addAction(self.reader.find_next_action)
        edit_menu.addAction(self.reader.find_previous_action)
        edit_menu.addAction(self.select_all_action)
        edit_menu.addAction(self.tag_action)
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.save_search_action)
        view_menu.addAction(self.all_articles_action)
        view_menu.addSeparator()
        view_menu.addAction(self.focus_sidebar_action)
        view_menu.addAction(self.focus_list_action)
        view_menu.addAction(self.focus_reader_action)
        view_menu.addAction(self.next_article_action)
        view_menu.addAction(self.previous_article_action)
        view_menu.addSeparator()
        view_menu.addAction(self.reader.zoom_in_action)
        view_menu.addAction(self.reader.zoom_out_action)
        view_menu.addAction(self.reader.zoom_reset_action)
        view_menu.addAction(self.reader.underline_mentions_action)
        theme_menu = view_menu.addMenu("&Theme")
        for action in self.reader.theme_actions.values():
            theme_menu.addAction(action)
        view_menu.addAction(self.reader.show_original_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.search_help_action)
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.import_files_action)
        toolbar.addAction(self.import_folder_action)
        toolbar.addAction(self.export_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        for action in (self.undo_action, self.redo_action):
            # Their text names the command ("Undo Highlight “…”"): in the toolbar it
            # would change the buttons' widths at every edit; the tooltip tells it.
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addSeparator()
        toolbar.addAction(self.tag_action)
        self._update_recent_menu()
        self._update_selection_actions()

    def _connect_signals(self) -> None:
        self.import_files_action.triggered.connect(self._on_import_files_action_triggered)
        self.import_folder_action.triggered.connect(self._on_import_folder_action_triggered)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.open_library_action.triggered.connect(self._on_open_library_action_triggered)
        self.new_library_action.triggered.connect(self._on_new_library_action_triggered)
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.tag_action.triggered.connect(self._on_tag_action_triggered)
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        self.select_all_action.triggered.connect(self.article_table.selectAll)
        self.preferences_action.triggered.connect(self._on_preferences_action_triggered)
        self.search_action.triggered.connect(self._on_search_action_triggered)
        self.save_search_action.triggered.connect(self._on_search_panel_save_requested)
        self.focus_sidebar_action.triggered.connect(self.sidebar.setFocus)
        self.focus_list_action.triggered.connect(self._on_focus_list_action_triggered)
        self.focus_reader_action.triggered.connect(self._on_focus_reader_action_triggered)
        self.next_article_action.triggered.connect(lambda: self._step_article(1))
        self.previous_article_action.triggered.connect(lambda: self._step_article(-1))
        self.all_articles_action.triggered.connect(self._on_all_articles_action_triggered)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self.search_help_action.triggered.connect(self._on_search_help_action_triggered)
        self._help_button.clicked.connect(self._on_search_help_action_triggered)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        for widget in (self.search_box, self.result_list, self.article_table):
            widget.installEventFilter(self)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._overview_timer.timeout.connect(self.refresh_overview)
        self._import_show_timer.timeout.connect(self._on_import_show_timer_timeout)
        self.sidebar.chosen.connect(self._on_sidebar_chosen)
        self.sidebar.saved_search_delete_requested.connect(
            self._on_sidebar_saved_search_delete_requested
        )
        self.search_panel.order_changed.connect(self._on_search_panel_order_changed)
        self.search_panel.facet_chosen.connect(self._on_search_panel_facet_chosen)
        self.search_panel.save_requested.connect(self._on_search_panel_save_requested)
        self.article_model.loaded.connect(self._on_article_model_loaded)
        self.article_table.selectionModel().currentRowChanged.connect(
            self._on_article_table_current_row_changed
        )
        self.article_table.selectionModel().selectionChanged.connect(self._update_selection_actions)
        self.article_table.customContextMenuRequested.connect(
            self._on_article_table_custom_context_menu_requested
        )
        self.article_table.doubleClicked.connect(lambda _i: self.reader.setFocus())
        self.article_table.horizontalHeader().sortIndicatorChanged.connect(
            self._on_header_sort_indicator_changed
        )
        self.result_list.selectionModel().currentRowChanged.connect(
            self._on_result_list_current_row_changed
        )
        for action in self._column_actions:
            action.toggled.connect(self._on_column_action_toggled)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self._connect_reader()
        if self.side_panel is not None:
            for name, slot in (
                ("highlight_activated", self._on_side_panel_highlight_activated),
                ("mention_activated", self._on_side_panel_highlight_activated),
                ("entity_activated", self._on_side_panel_entity_activated),
            ):
                signal = getattr(self.side_panel, name, None)
                if signal is not None:
                    signal.connect(slot)
        if self.entity_view is not None:
            self.entity_view.article_activated.connect(self._on_entity_view_article_activated)
            self.entity_view.entity_activated.connect(self._on_side_panel_entity_activated)
            self.entity_view.entity_deleted.connect(self._on_entity_view_changed)
            self.entity_view.entity_merged.connect(self._on_entity_view_entity_merged)

    def _connect_reader(self) -> None:
        """The reader's selection actions become undoable commands."""
        self.reader.highlight_requested.connect(self._on_reader_highlight_requested)
        self.reader.note_requested.connect(self._on_reader_note_requested)
        self.reader.entity_chosen.connect(self._on_reader_entity_chosen)
        self.reader.annotation_clicked.connect(self._on_reader_annotation_clicked)
        self.reader.theme_changed.connect(self._on_reader_theme_changed)
        self.reader.font_size_changed.connect(self._on_reader_font_size_changed)
        self.reader.status_message.connect(self._on_reader_status_message)

    # Public API

    @property
    def archive(self) -> Archive:
        return self._archive

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def successor(self) -> MainWindow | None:
        """The window that replaced this one after File ▸ Open Library, if any."""
        return self._successor

    def reload(self) -> None:
        """Re-reads the article list and the sidebar, and reruns the search if one is shown."""
        if self._closed:
            return
        self.article_model.reload()
        self.refresh_overview()
        if self.search_box.text().strip():
            self._run_search()

    def refresh_overview(self) -> None:
        """Counts the sidebar's entries again, in the background."""
        if self._closed:
            return
        self._overview_timer.stop()
        self._overview_pending = False
        worker = Worker(overview_job, self._archive)
        worker.signals.finished.connect(self._on_overview_worker_finished)
        worker.signals.failed.connect(self._on_background_worker_failed)
        self._start(worker)
        size = Worker(library_size_job, self._archive)
        size.signals.finished.connect(self._on_size_worker_finished)
        size.signals.failed.connect(self._on_background_worker_failed)
        self._start(size)

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
        worker.signals.progressed.connect(self._on_import_worker_progressed)
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

    def open_article(self, article_id: int) -> None:
        """Shows an article in the reader and the side panel (and marks it in the list)."""
        self._show_article(article_id)
        self._reselect_reader_article()

    def selected_article_ids(self) -> list[int]:
        """The articles selected in the list (or the current search hit)."""
        if self._left_stack.currentIndex() == _RESULTS_PAGE:
            rows = {i.row() for i in self.result_list.selectionModel().selectedRows()}
            return [self.result_model.hit(r).article_id for r in sorted(rows)]
        rows = [i.row() for i in self.article_table.selectionModel().selectedRows()]
        return self.article_model.article_ids(rows)

    def export_dialog(self) -> Any:
        """Builds the export dialog for the window's current state (not shown)."""
        from archive_reader.ui.dialogs.export_dialog import ExportContext, ExportDialog

        overview = self.sidebar.overview
        article = self.reader.article
        key = self.sidebar.current_key
        context = ExportContext(
            article_id=article.id if article else None,
            article_title=article.title if article else "",
            selected_ids=self.selected_article_ids,
            query=self._search_query if self._left_stack.currentIndex() == _RESULTS_PAGE else "",
            tags=[name for name, _ in overview.tags] if overview else [],
            entities=sorted(
                {name for entries in overview.entities.values() for _, name, _ in entries},
                key=str.casefold,
            )
            if overview
            else [],
            tag=str(key.value) if key.kind == "tag" else None,
            entity=key.label if key.kind == "entity" else None,
        )
        return ExportDialog(self._archive, context, self)

    def open_library(self, path: Path) -> MainWindow | None:
        """Opens (or creates) another library in a new window that replaces this one."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            archive = Archive.open(path, rebuild_index=False)
        except ArchiveError as error:
            messages.show_error(
                self,
                "Cannot open the library",
                f"{error}\n\nChoose another folder, or create a new library.",
            )
            self._settings.remove_recent_library(path)
            self._update_recent_menu()
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._settings.add_recent_library(archive.path)
        self._settings.last_library = archive.path
        self._save_settings()
        window = MainWindow(archive, settings=self._settings, owns_archive=True)
        window.search_prepared.connect(self.search_prepared)  # (whoever listens to this one)
        window.setGeometry(self.geometry())
        window.show()
        self._successor = window
        self.library_opened.emit(archive.path)
        self.close()
        return window

    def apply_preferences(self) -> None:
        """Applies the theme and reader font from the settings."""
        from archive_reader.ui.app import apply_theme

        theme = self._settings.theme
        apply_theme(theme)
        self.reader.set_theme(theme)
        self.reader.set_font_family(self._settings.reader_font_family)
        self.reader.set_font_size(self._settings.reader_font_size)
        if self.reader.article is not None:
            self.reader.refresh_marks()  # label colours may have changed

    # Qt overrides

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = _local_paths(event.mimeData().urls() if event.mimeData().hasUrls() else [])
        if paths:
            event.acceptProposedAction()
            what = paths[0].name if len(paths) == 1 else f"{len(paths)} files and folders"
            self.statusBar().showMessage(f"Drop to import {what} into this library")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _local_paths(event.mimeData().urls() if event.mimeData().hasUrls() else []):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.statusBar().clearMessage()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.statusBar().clearMessage()
        paths = _local_paths(event.mimeData().urls() if event.mimeData().hasUrls() else [])
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Start after the drop returns, so the drag source is not left waiting.
        QTimer.singleShot(0, lambda: self.import_paths(paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.article_model.stop()
        self._search_timer.stop()
        self._overview_timer.stop()
        self._search_generation += 1
        self._save_settings()
        for worker in self._workers.values():
            worker.cancel()
        # A closed window reads nothing more (its library may be closed next).
        self.reader.show_placeholder("")
        if self.side_panel is not None:
            self.side_panel.show_article(None)
        if getattr(self, "entity_view", None) is not None:
            self.entity_view.show_entity(None)
        # Undo commands hold the library; the stack must not act on a closed one.
        self.undo_stack.clear()
        if self._owns_archive:
            # Workers may still use this archive: let them stop (they were asked to) first.
            self._search_pool.waitForDone(_WORKER_WAIT_MS)
            QThreadPool.globalInstance().waitForDone(_WORKER_WAIT_MS)
            self._archive.close()
            self._owns_archive = False
        super().closeEvent(event)

    # Slots: files and libraries

    def _on_import_files_action_triggered(self) -> None:
        names = messages.open_files(self, "Import Saved Pages", str(Path.home()), _IMPORT_FILTER)
        self.import_paths([Path(name) for name in names])

    def _on_import_folder_action_triggered(self) -> None:
        name = messages.open_folder(self, "Import a Folder", str(Path.home()))
        if name:
            self.import_paths([Path(name)])

    def _on_export_action_triggered(self) -> None:
        if self._export_dialog is not None:
            self._export_dialog.deleteLater()
        self._export_dialog = self.export_dialog()
        self._export_dialog.show()

    def _on_open_library_action_triggered(self) -> None:
        name = messages.open_folder(self, "Open a Library", str(self._archive.path.parent))
        if name:
            self.open_library(Path(name))

    def _on_new_library_action_triggered(self) -> None:
        name = messages.save_file(self, "New Library Folder", str(Path.home() / "Research library"))
        if not name:
            return
        path = Path(name)
        if path.exists() and any(path.iterdir()) and not (path / "library.sqlite3").exists():
            messages.show_error(
                self,
                "Cannot create the library",
                f"{path} is a folder with other files in it.\n\n"
                "Choose a new name, or an empty folder.",
            )
            return
        self.open_library(path)

    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.open_library(Path(action.data()))

    def _on_quit_action_triggered(self) -> None:
        # Quits the app, not only this window (one window per library).
        self.close()

    def _on_preferences_action_triggered(self) -> None:
        from archive_reader.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self._archive, self._settings, self)
        dialog.applied.connect(self._on_preferences_applied)
        dialog.library_requested.connect(self._on_preferences_library_requested)
        dialog.show()

    def _on_preferences_applied(self) -> None:
        self.apply_preferences()

    def _on_preferences_library_requested(self, path: object) -> None:
        QTimer.singleShot(0, lambda: self.open_library(Path(str(path))))

    # Slots: search

    def _on_search_action_triggered(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _on_search_help_action_triggered(self) -> None:
        self.search_help_popup.show_below(self.search_box)

    def _on_about_action_triggered(self) -> None:
        messages.show_info(
            self,
            "About Archive Reader",
            f"Archive Reader {__version__}\n\n"
            "Read and search the web articles you saved, offline.\n\n"
            f"Library: {self._archive.path}",
        )

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._saved_search = None
        self._search_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The keyboard path search box -> results -> reader.

        Down (or Page Down) in the search box goes to the results and opens the
        first; Up on the first result goes back to the box; Enter on a result
        or an article of the list moves to the reader. (And the article list's
        columns are fitted to its width when it changes.)
        """
        if watched is self.article_table and isinstance(event, QResizeEvent):
            self._fit_list_columns(event.size().width())
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_box and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            if self._left_stack.currentIndex() == _RESULTS_PAGE and self.result_model.rowCount():
                self.result_list.setFocus()
                if not self.result_list.currentIndex().isValid():
                    self.result_list.selectionModel().setCurrentIndex(
                        self.result_model.index(0, 0),
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                return True
        elif watched is self.result_list and key == Qt.Key.Key_Up:
            if self.result_list.currentIndex().row() <= 0:
                self.search_box.setFocus()
                return True
        elif (
            watched in (self.result_list, self.article_table)
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.reader.article is not None
        ):
            self._on_focus_reader_action_triggered()
            return True
        return super().eventFilter(watched, event)

    def _fit_list_columns(self, width: int) -> None:
        """Keeps at least ~40% of a narrow list (``width`` pixels) for the titles.

        The site, author and tags columns give up width first (down to a
        minimum); in a wide list they keep the widths the user gave them.
        """
        header = self.article_table.horizontalHeader()
        flexible = [
            column
            for column in (ArticleTableModel.SITE, ArticleTableModel.AUTHOR, ArticleTableModel.TAGS)
            if not header.isSectionHidden(column)
        ]
        fixed = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != ArticleTableModel.TITLE
            and column not in flexible
            and not header.isSectionHidden(column)
        )
        room = max(width * 0.6 - fixed, 0)  # what the flexible columns may take
        taken = sum(header.sectionSize(column) for column in flexible)
        if not flexible:
            return
        if taken > room:
            for column in flexible:
                share = header.sectionSize(column) * room / taken
                header.resizeSection(column, max(_NARROWEST_COLUMN, round(share)))
            return
        # Widening again: back towards the first widths (wider ones stay).
        wanted = sum(max(_COLUMN_WIDTHS[c], header.sectionSize(c)) for c in flexible)
        for column in flexible:
            first = max(_COLUMN_WIDTHS[column], header.sectionSize(column))
            header.resizeSection(column, round(first * min(1.0, room / wanted)))

    def _on_search_box_return_pressed(self) -> None:
        self._search_timer.stop()
        self._run_search()

    def _on_search_timer_timeout(self) -> None:
        self._run_search()

    def _on_search_panel_order_changed(self, order: str) -> None:
        self._settings.search_order = order
        if self._search_query:
            self._run_search()

    def _on_search_panel_facet_chosen(self, key: str) -> None:
        query = self.search_box.text().strip()
        self.search(f"{query} {key}".strip())

    def _on_search_panel_save_requested(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            messages.show_info(self, "Save Search", "Type a search first, then save it.")
            return
        name = messages.ask_text(self, "Save Search", "Name of the saved search:", query)
        if not name or not name.strip():
            return
        try:
            self._archive.save_search(name, query)
        except ArchiveError as error:
            messages.show_error(self, "Cannot save the search", str(error))
            return
        self.statusBar().showMessage(f"Saved search “{name.strip()}”", 4000)
        self.refresh_overview()

    def _on_search_worker_finished(self, outcome: SearchOutcome) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        if outcome.skipped or outcome.generation != self._search_generation:
            return  # a newer query was typed meanwhile
        if outcome.error is not None:
            self.search_panel.show_error(outcome.query, str(outcome.error))
            self.count_label.setText("Search error")
            return
        self._search_query = outcome.query
        self.search_panel.show_results(
            outcome.query,
            outcome.hits,
            outcome.total,
            outcome.total_exact,
            outcome.notice,
            outcome.new_since_last_run,
        )
        count = max(outcome.total, len(outcome.hits))
        about = "" if outcome.total_exact else "about "
        self.count_label.setText(f"{about}{count:,} {'hit' if count == 1 else 'hits'}")
        self._reselect_reader_article()
        if outcome.hits:
            worker = Worker(
                facets_job,
                self._archive,
                outcome.query,
                outcome.generation,
                current=lambda: self._search_generation,
            )
            worker.signals.finished.connect(self._on_facets_worker_finished)
            worker.signals.failed.connect(self._on_background_worker_failed)
            self._start(worker, self._search_pool)
        else:
            self.search_panel.show_facets({})

    def _on_facets_worker_finished(self, result: tuple[int, str, dict[str, Any]]) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        generation, query, facets = result
        if generation == self._search_generation:
            self.search_panel.show_facets(facets, query)

    def _on_search_worker_failed(self, error: BaseException) -> None:
        raise error  # a bug, not a query error: to the crash handler

    # Slots: sidebar and list

    def _on_sidebar_chosen(self, key: SidebarKey) -> None:
        if key.kind == "saved":
            self._run_saved_search(str(key.value))
            return
        if key.kind == "entity" and self.entity_view is not None:
            # The entity's profile beside its articles; choosing an article shows it again.
            self._on_side_panel_entity_activated(int(key.value))  # type: ignore[call-overload]
        article_filter = key.article_filter()
        if self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._search_generation += 1
            self._search_query = ""
        self.article_model.set_filter(article_filter)
        self._show_article_list()

    def _on_sidebar_saved_search_delete_requested(self, name: str) -> None:
        if not messages.confirm(
            self, "Delete Saved Search", f"Forget the saved search “{name}”?", "Delete"
        ):
            return
        try:
            self._archive.delete_saved_search(name)
        except ArchiveError as error:
            messages.show_error(self, "Cannot delete the saved search", str(error))
        self.refresh_overview()

    def _on_all_articles_action_triggered(self) -> None:
        self.sidebar.select_key(ALL)
        self._on_sidebar_chosen(ALL)

    def _on_overview_worker_finished(self, overview: LibraryOverview) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.sidebar.set_overview(overview)
        self._show_counts()

    def _on_size_worker_finished(self, size: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.size_label.setText(f"Library: {human_size(size)}")

    def _on_background_worker_failed(self, error: BaseException) -> None:
        if isinstance(error, ArchiveError):
            log.warning("background read failed: %s", error)
            self.statusBar().showMessage(str(error), 8000)
            return
        raise error

    def _on_article_model_loaded(self, total: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        if self._left_stack.currentIndex() != _RESULTS_PAGE:
            self._show_article_list()
        if self._first_article_pending and total:
            self._first_article_pending = False
            self._open_first_article()
        else:
            self._reselect_reader_article()
        if self._overview_pending:
            self._overview_pending = False
            self.refresh_overview()
            self._prepare_search()

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in ArticleTableModel.ORDERS:
            # Tags and notes have no order in the database: keep the indicator on the last one.
            order, descending = self.article_model.order
            current = next(c for c, o in ArticleTableModel.ORDERS.items() if o == order)
            header = self.article_table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                current, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            )
            header.blockSignals(False)

    def _on_column_action_toggled(self, checked: bool) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.article_table.setColumnHidden(action.data(), not checked)

    def _on_focus_reader_action_triggered(self) -> None:
        self._right_stack.setCurrentWidget(self.reader)
        self.reader.setFocus()

    def _on_focus_list_action_triggered(self) -> None:
        if self._left_stack.currentIndex() == _RESULTS_PAGE:
            self.result_list.setFocus()
        else:
            self.article_table.setFocus()

    def _on_article_table_custom_context_menu_requested(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tag_action)
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.article_table.viewport().mapToGlobal(position))

    def _on_tag_action_triggered(self) -> None:
        ids = self.selected_article_ids()
        if not ids and self.reader.article is not None:
            ids = [self.reader.article.id]
        if not ids:
            messages.show_info(self, "Tag Articles", "Select the articles to tag first.")
            return
        what = "this article" if len(ids) == 1 else f"the {len(ids):,} selected articles"
        text = messages.ask_text(self, "Tag Articles", f"Tags for {what} (separated by commas):")
        names = [n.strip() for n in (text or "").split(",") if n.strip()]
        if not names:
            return
        from archive_reader.ui.undo import TagArticle

        self.undo_stack.beginMacro(f"Tag {len(ids):,} articles {', '.join(names)}")
        try:
            for article_id in ids:
                self.undo_stack.push(TagArticle(self._archive, article_id, *names))
        finally:
            self.undo_stack.endMacro()

    def _on_delete_action_triggered(self) -> None:
        ids = self.selected_article_ids()
        if not ids:
            return
        what = "this article" if len(ids) == 1 else f"these {len(ids):,} articles"
        if not messages.confirm(
            self,
            "Delete Articles",
            f"Delete {what} with their highlights, notes and tags?\n\n"
            "This cannot be undone. The saved files stay in the library: importing "
            "them again brings the articles back, without highlights.",
            "Delete",
        ):
            return
        if self.reader.article is not None and self.reader.article.id in ids:
            self.reader.show_placeholder("")
        worker = Worker(delete_job, self._archive, ids)
        worker.signals.finished.connect(self._on_delete_worker_finished)
        worker.signals.failed.connect(self._on_delete_worker_failed)
        self._start(worker)

    def _on_delete_worker_finished(self, deleted: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self.statusBar().showMessage(
            f"Deleted {deleted:,} {'article' if deleted == 1 else 'articles'}", 5000
        )
        self.reload()

    def _on_delete_worker_failed(self, error: BaseException) -> None:
        self.reload()
        if not isinstance(error, ArchiveError):
            raise error
        messages.show_error(self, "Cannot delete the articles", str(error))

    # Slots: import

    def _on_import_worker_progressed(self, progress: ImportProgress) -> None:
        result = progress.result
        imported = result is not None and result.status == ImportStatus.IMPORTED
        if imported and not self._import_show_timer.isActive():
            self._import_show_timer.start()

    def _on_import_show_timer_timeout(self) -> None:
        """Shows what the running import added: counts, and the list when at its top."""
        if self._closed or self._import_worker is None:
            return
        self.refresh_overview()
        at_top = self.article_table.verticalScrollBar().value() == 0
        if self._left_stack.currentIndex() != _RESULTS_PAGE and at_top:
            self.article_model.reload()  # (newest first: the new articles are at the top)

    def _on_import_worker_finished(self, _result: object) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        self._import_done()
        self.reload()

    def _on_import_worker_failed(self, error: BaseException) -> None:
        self._import_done()
        self.reload()
        if not isinstance(error, ArchiveError):
            raise error
        messages.show_error(self, "Import failed", str(error))

    def _on_worker_done(self, _payload: object) -> None:
        self._workers.pop(self.sender(), None)  # type: ignore[call-overload]

    # Slots: reading and editing

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

    def _on_reader_highlight_requested(self, start: int, end: int, label: object = None) -> None:
        article = self.reader.article
        if article is None:
            return
        from archive_reader.ui.undo import AddHighlight

        self.undo_stack.push(
            AddHighlight(self._archive, article.id, start, end, label=label or None)
        )

    def _on_reader_note_requested(self, start: int, end: int) -> None:
        article = self.reader.article
        if article is None:
            return
        from archive_reader.ui.undo import AddHighlight, EditHighlight

        # Inside a highlight, the note is that highlight's (not a second one over it).
        existing = next(
            (
                a
                for a in self.reader.annotations
                if not a.orphaned and a.start <= start and end <= a.end
            ),
            None,
        )
        if existing is not None:
            note = messages.ask_note(self, "Note on the Highlight", "Note:", existing.note)
            if note is not None and note != existing.note:
                self.undo_stack.push(EditHighlight(self._archive, existing.id, note=note))
            return
        note = messages.ask_note(self, "Highlight with a Note", "Note:")
        if note is None:
            return
        self.undo_stack.push(AddHighlight(self._archive, article.id, start, end, note=note))

    def _on_reader_entity_chosen(
        self, start: int, end: int, entity_id: int | None, entity_type: str
    ) -> None:
        """The reader's entity picker answered: an existing entity, or a new one of a type."""
        article = self.reader.article
        if article is None:
            return
        from archive_reader.ui.undo import TagEntity

        if entity_id is not None:
            command = TagEntity(self._archive, article.id, start, end, entity_id=int(entity_id))
        else:
            command = TagEntity(self._archive, article.id, start, end, type=entity_type)
        self.undo_stack.push(command)

    def _on_reader_annotation_clicked(self, annotation_id: int) -> None:
        if self.side_panel is not None:
            self.side_panel.select_highlight(annotation_id)

    def _on_reader_theme_changed(self, theme: str) -> None:
        from archive_reader.ui.app import apply_theme

        if theme != self._settings.theme:
            self._settings.theme = theme
            apply_theme(theme)

    def _on_reader_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def _on_reader_font_size_changed(self, points: float) -> None:
        self._settings.reader_font_size = points

    def _on_side_panel_highlight_activated(self, _id: int, start: int, end: int) -> None:
        self.reader.scroll_to_text_range(start, end)

    def _on_side_panel_entity_activated(self, entity_id: int) -> None:
        if self.entity_view is None:
            return
        show = getattr(self.entity_view, "show_entity", None)
        if callable(show):
            show(entity_id)
        self._right_stack.setCurrentWidget(self.entity_view)

    def _on_entity_view_changed(self, *_ids: int) -> None:
        self.refresh_overview()

    def _on_entity_view_entity_merged(self, source_id: int, target_id: int) -> None:
        if self.sidebar.current_key == SidebarKey("entity", source_id):
            # The list showed the entity that is gone: it shows the merged one now.
            target = SidebarKey("entity", target_id)
            if self.sidebar.select_key(target):
                self.article_model.set_filter(target.article_filter())
        self.refresh_overview()

    def _on_entity_view_article_activated(self, article_id: int) -> None:
        self._right_stack.setCurrentWidget(self.reader)
        self._show_article(article_id, force=True)

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        """An edit was done, undone or redone: views show the library as it is now."""
        if self.reader.article is not None:
            self.reader.refresh_marks()
        # The side panel refreshes itself on the same signal.
        self.article_model.refresh()
        self._overview_timer.start()

    # Internals

    def _prepare_search(self) -> None:
        """Readies search in the background: rebuilds a missing index, then warms it up."""
        if self._archive.index_needs_rebuild:
            worker = Worker(self._archive.reindex)
            worker.signals.progressed.connect(self._on_reindex_worker_progressed)
            worker.signals.finished.connect(self._on_reindex_worker_finished)
            worker.signals.failed.connect(self._on_background_worker_failed)
            self.statusBar().showMessage("Rebuilding the search index from the database…")
            self._start(worker)
            return
        warm = Worker(self._archive.warm_up)
        warm.signals.finished.connect(self._on_warm_up_worker_finished)
        warm.signals.failed.connect(self._on_background_worker_failed)
        self._start(warm, self._search_pool)

    def _on_warm_up_worker_finished(self, _result: object) -> None:
        if not self._closed:
            self.search_prepared.emit()

    def _on_reindex_worker_progressed(self, step: object) -> None:
        done, total = getattr(step, "done", 0), getattr(step, "total", 0)
        self.statusBar().showMessage(
            f"Rebuilding the search index from the database: {done:,} of {total:,} articles…"
        )

    def _on_reindex_worker_finished(self, _result: object) -> None:
        self.statusBar().showMessage("The search index is rebuilt.", 5000)
        self.search_prepared.emit()
        if self.search_box.text().strip():
            self._run_search()

    def _start(self, worker: Worker, pool: QThreadPool | None = None) -> None:
        # The window keeps each worker alive until its last signal has been delivered.
        self._workers[worker.signals] = worker
        worker.signals.finished.connect(self._on_worker_done)
        worker.signals.failed.connect(self._on_worker_done)
        worker.start(pool)

    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        self._search_generation += 1
        if not query:
            self._search_query = ""
            self.search_panel.clear()
            self._show_article_list()
            return
        self._left_stack.setCurrentIndex(_RESULTS_PAGE)
        self.search_panel.show_running(query)
        worker = Worker(
            search_job,
            self._archive,
            query,
            self._search_generation,
            self.search_panel.order,
            current=lambda: self._search_generation,
        )
        worker.signals.finished.connect(self._on_search_worker_finished)
        worker.signals.failed.connect(self._on_search_worker_failed)
        self._start(worker, self._search_pool)

    def _run_saved_search(self, name: str) -> None:
        self._search_generation += 1
        self._left_stack.setCurrentIndex(_RESULTS_PAGE)
        self.search_panel.show_running(name)
        worker = Worker(saved_search_job, self._archive, name, self._search_generation)
        worker.signals.finished.connect(self._on_saved_search_worker_finished)
        worker.signals.failed.connect(self._on_search_worker_failed)
        self._start(worker, self._search_pool)

    def _on_saved_search_worker_finished(self, outcome: SearchOutcome) -> None:
        if outcome.generation != self._search_generation:
            return
        if outcome.error is None:
            self.search_box.blockSignals(True)
            self.search_box.setText(outcome.query)
            self.search_box.blockSignals(False)
        self._on_search_worker_finished(outcome)

    def _show_article_list(self) -> None:
        total = self.article_model.total
        overview = self.sidebar.overview
        library_empty = (overview.articles if overview else total) == 0 and total == 0
        self._left_stack.setCurrentIndex(_EMPTY_PAGE if library_empty else _LIST_PAGE)
        self._show_counts()
        if self.reader.article is None:
            self.reader.show_placeholder("Select an article to read it." if total else "")

    def _show_counts(self) -> None:
        if self._left_stack.currentIndex() == _RESULTS_PAGE:
            return
        total = self.article_model.total
        text = f"{total:,} {'article' if total == 1 else 'articles'}"
        overview = self.sidebar.overview
        if overview is not None and total != overview.articles:
            text += f" of {overview.articles:,}"
        self.count_label.setText(text)

    def _open_first_article(self) -> None:
        """Opens the article read last time, else the top one of the list."""
        if self.article_model.rowCount() == 0 or self.reader.article is not None:
            return
        last = self._settings.last_article(self._archive.path)
        if last is not None:
            with contextlib.suppress(ArchiveError):
                self._archive.get(last)  # (not deleted since)
                self.open_article(last)
                return
        self.article_table.selectionModel().setCurrentIndex(
            self.article_model.index(0, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _reselect_reader_article(self) -> None:
        """After a reload, marks the article still shown in the reader in the list."""
        article = self.reader.article
        if article is None:
            return
        if self._left_stack.currentIndex() == _RESULTS_PAGE:
            view, model = self.result_list, self.result_model
        else:
            view, model = self.article_table, self.article_model  # type: ignore[assignment]
        row = model.row_of(article.id)
        if row is None:
            return
        selection = view.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)
        view.viewport().update()
        self._update_selection_actions()  # (its signal was blocked)

    def _step_article(self, step: int) -> None:
        if self._left_stack.currentIndex() == _RESULTS_PAGE:
            view, count = self.result_list, self.result_model.rowCount()
        else:
            view, count = self.article_table, self.article_model.rowCount()  # type: ignore[assignment]
        if not count:
            return
        current = view.currentIndex().row()
        row = max(0, min(count - 1, (current if current >= 0 else -step) + step))
        view.selectionModel().setCurrentIndex(
            view.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(view.model().index(row, 0))

    def _show_article(self, article_id: int, force: bool = False) -> None:
        if self._right_stack.currentWidget() is not self.reader:
            self._right_stack.setCurrentWidget(self.reader)
        if not force and self.reader.article is not None and self.reader.article.id == article_id:
            return
        try:
            article = self._archive.get(article_id)
        except ArchiveError as error:
            messages.show_error(
                self,
                "Cannot open the article",
                f"{error}\n\nIt may have been deleted; the list is read again.",
            )
            self.reload()
            return
        self.reader.show_article(article)
        if self.side_panel is not None:
            self.side_panel.show_article(article_id)

    def _import_done(self) -> None:
        self._import_worker = None
        self._set_import_enabled(True)

    def _set_import_enabled(self, enabled: bool) -> None:
        self.import_files_action.setEnabled(enabled)
        self.import_folder_action.setEnabled(enabled)

    def _update_selection_actions(self, *_args: object) -> None:
        has_articles = self.article_model.total > 0 or self.reader.article is not None
        self.tag_action.setEnabled(has_articles)
        self.delete_action.setEnabled(self.article_table.selectionModel().hasSelection())

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._settings.recent_libraries:
            action = self.recent_menu.addAction(str(path))
            action.setData(str(path))
            action.setEnabled(path != self._archive.path)
            action.triggered.connect(self._on_recent_action_triggered)
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _restore_settings(self) -> None:
        geometry, state, splitter = self._settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        if splitter is not None:
            self._splitter.restoreState(splitter)
        self.search_panel.set_order(self._settings.search_order)
        self._settings.add_recent_library(self._archive.path)
        self._update_recent_menu()
        self.reader.set_font_size(self._settings.reader_font_size)
        if self._settings.reader_font_family:
            self.reader.set_font_family(self._settings.reader_font_family)
        self.reader.set_theme(self._settings.theme)

    def _save_settings(self) -> None:
        self._settings.save_window_state(
            self.saveGeometry(), self.saveState(), self._splitter.saveState()
        )
        self._settings.reader_font_size = self.reader.font_size
        self._settings.last_library = self._archive.path
        article = self.reader.article
        self._settings.set_last_article(self._archive.path, article.id if article else None)
        self._settings.sync()


def _local_paths(urls: list[QUrl]) -> list[Path]:
    """The local files and folders among dropped URLs."""
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


__all__ = [
    "EMPTY_HINT",
    "SEARCH_HELP",
    "ArticleFilter",
    "MainWindow",
    "SearchOutcome",
    "import_job",
    "search_job",
]
