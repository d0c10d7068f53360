"""MainWindow: library sidebar, article list and search, reader and side panel; menus.

The window lays out the widgets and wires them to the controllers
(``ui/controllers/``), which hold the logic: live search, imports, reading and
deleting articles, edits.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.archive import Archive
from archive_reader.core.library import demo_library_path
from archive_reader.core.models import LibraryOverview
from archive_reader.ui import messages
from archive_reader.ui.actions import WindowActions
from archive_reader.ui.controllers.articles import ArticleController, human_size
from archive_reader.ui.controllers.edits import EditController
from archive_reader.ui.controllers.imports import ImportController
from archive_reader.ui.controllers.library import LibraryController
from archive_reader.ui.controllers.search import Facets, SearchController, SearchOutcome
from archive_reader.ui.models.articles import ArticleRole, ArticleTableModel
from archive_reader.ui.settings import Settings
from archive_reader.ui.theme import apply_theme
from archive_reader.ui.widgets.article_lists import ArticleLists, KeyboardPath
from archive_reader.ui.widgets.article_table import ArticleTable
from archive_reader.ui.widgets.entity_view import EntityView
from archive_reader.ui.widgets.reader import ReaderView
from archive_reader.ui.widgets.search_bar import SearchBar
from archive_reader.ui.widgets.search_panel import SearchPanel
from archive_reader.ui.widgets.side_panel import SidePanel
from archive_reader.ui.widgets.sidebar import ALL, LibrarySidebar, SidebarKey
from archive_reader.ui.workers import WorkerSet
from archive_reader.version import __version__

if TYPE_CHECKING:
    from archive_reader.ui.dialogs.export_dialog import ExportDialog

_WORKER_WAIT_MS = 10_000


class MainWindow(QMainWindow):
    """The library on the left, articles and search in the middle, the reader on the right.

    Layout and wiring only: the work is in ``ui/controllers`` and the widgets. The
    class is a little over 600 lines because it connects some fifteen widgets and
    controllers, one short slot per signal; splitting the wiring would scatter it.

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
        # Every background job of the window (and its controllers), kept until done.
        self._workers = WorkerSet(self)
        self._export_dialog: QWidget | None = None
        self._first_article_pending = True
        self._successor: MainWindow | None = None
        self._closed = False
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

        self.search_bar = SearchBar()
        self.search_box = self.search_bar.box
        self.library_controller = LibraryController(self._archive.path, self._settings, self, self)
        self.search_controller = SearchController(
            self._archive, self.search_box, self._workers, self, self
        )
        self.import_controller = ImportController(self._archive.path, self._workers, self, self)
        self.article_controller = ArticleController(
            self._archive, self._settings, self._workers, self, self
        )

        self.sidebar = LibrarySidebar()
        self.article_model = ArticleTableModel(self._archive, parent=self)
        self.article_table = ArticleTable(self.article_model)

        self.search_panel = SearchPanel()
        self.result_model = self.search_panel.result_model
        self.result_list = self.search_panel.result_list

        self.article_lists = ArticleLists(self.article_table, self.search_panel)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 6, 0, 0)
        middle_layout.addWidget(self.search_bar)
        middle_layout.addWidget(self.article_lists, 1)

        self.reader = ReaderView(self._archive)
        self.edit_controller = EditController(
            self._archive, self.undo_stack, self.reader, self, self
        )
        self.entity_view = EntityView(self._archive, self.undo_stack)
        self._right_stack = QStackedWidget()
        self._right_stack.addWidget(self.reader)
        self._right_stack.addWidget(self.entity_view)
        self.side_panel = SidePanel(self._archive, self.undo_stack)

        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.setObjectName("mainSplitter")
        for widget in (self.sidebar, middle, self._right_stack, self.side_panel):
            self._splitter.addWidget(widget)
        # The reader and the list take most of a change of the window's width,
        # the sidebar some; the side panel keeps the width its tabs need until
        # the others are at their minimum widths.
        for index, stretch in enumerate((1, 2, 3, 0)):
            self._splitter.setStretchFactor(index, stretch)
        middle.setMinimumWidth(240)
        self._right_stack.setMinimumWidth(320)
        self._splitter.setSizes([200, 600, 580, self.side_panel.preferred_width])
        self._splitter.setChildrenCollapsible(True)
        self._splitter.setCollapsible(2, False)
        self.setCentralWidget(self._splitter)

        self.count_label = QLabel()
        self.size_label = QLabel()
        self.size_label.setToolTip(str(self._archive.path))
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.size_label)
        self.menu_actions = WindowActions(self, self.undo_stack, self.reader, self.article_table)
        acts = self.menu_actions
        self.article_table.context_actions = [
            acts.tag_action,
            acts.export_action,
            None,
            acts.delete_action,
        ]
        self._update_recent_menu()
        self._update_selection_actions()

    def _connect_signals(self) -> None:
        acts = self.menu_actions
        for action, slot in (
            (acts.import_files_action, self.import_controller.import_files),
            (acts.import_folder_action, self.import_controller.import_folder),
            (acts.export_action, self._on_export_action_triggered),
            (acts.open_library_action, self._on_open_library_action_triggered),
            (acts.new_library_action, self._on_new_library_action_triggered),
            (acts.quit_action, self._on_quit_action_triggered),
            (acts.tag_action, self._on_tag_action_triggered),
            (acts.delete_action, self._on_delete_action_triggered),
            (acts.select_all_action, self.article_table.selectAll),
            (acts.preferences_action, self._on_preferences_action_triggered),
            (acts.search_action, self.search_bar.focus_box),
            (acts.save_search_action, self.search_controller.save),
            (acts.focus_sidebar_action, self.sidebar.setFocus),
            (acts.focus_list_action, self._on_focus_list_action_triggered),
            (acts.focus_reader_action, self._on_focus_reader_action_triggered),
            (acts.next_article_action, lambda: self.article_lists.step(1)),
            (acts.previous_article_action, lambda: self.article_lists.step(-1)),
            (acts.all_articles_action, self._on_all_articles_action_triggered),
            (acts.about_action, self._on_about_action_triggered),
            (acts.search_help_action, self.search_bar.show_help),
        ):
            action.triggered.connect(slot)
        self.menu_actions.recent_library_chosen.connect(self._on_menu_actions_recent_library_chosen)
        self._keyboard_path = KeyboardPath(
            self.search_box, self.article_lists, lambda: self.reader.article is not None, self
        )
        self._keyboard_path.reader_entered.connect(self._on_focus_reader_action_triggered)
        search = self.search_controller
        search.started.connect(self._on_search_controller_started)
        search.cleared.connect(self._on_search_controller_cleared)
        search.finished.connect(self._on_search_controller_finished)
        search.failed.connect(self._on_search_controller_failed)
        search.facets_counted.connect(self._on_search_controller_facets_counted)
        search.saved_searches_changed.connect(self.refresh_overview)
        search.message.connect(self._on_controller_message)
        search.prepared.connect(self.search_prepared)
        imports = self.import_controller
        imports.running_changed.connect(self._on_import_controller_running_changed)
        imports.articles_added.connect(self._on_import_controller_articles_added)
        imports.finished.connect(self.reload)
        articles = self.article_controller
        articles.overview_read.connect(self._on_article_controller_overview_read)
        articles.size_read.connect(self._on_article_controller_size_read)
        articles.changed.connect(self.reload)
        articles.message.connect(self._on_controller_message)
        self.sidebar.chosen.connect(self._on_sidebar_chosen)
        self.sidebar.saved_search_delete_requested.connect(search.delete_saved)
        self.search_panel.order_changed.connect(self._on_search_panel_order_changed)
        self.search_panel.facet_chosen.connect(self._on_search_panel_facet_chosen)
        self.search_panel.save_requested.connect(search.save)
        self.article_model.loaded.connect(self._on_article_model_loaded)
        self.article_table.selectionModel().currentRowChanged.connect(
            self._on_article_table_current_row_changed
        )
        self.article_table.selectionModel().selectionChanged.connect(self._update_selection_actions)
        self.article_table.doubleClicked.connect(lambda _i: self.reader.setFocus())
        self.result_list.selectionModel().currentRowChanged.connect(
            self._on_result_list_current_row_changed
        )
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.reader.annotation_clicked.connect(self.side_panel.select_highlight)
        self.reader.theme_changed.connect(self._on_reader_theme_changed)
        self.reader.font_size_changed.connect(self._on_reader_font_size_changed)
        self.reader.status_message.connect(self._on_reader_status_message)
        self.side_panel.highlight_activated.connect(self._on_side_panel_highlight_activated)
        self.side_panel.mention_activated.connect(self._on_side_panel_highlight_activated)
        self.side_panel.entity_activated.connect(self._on_side_panel_entity_activated)
        self.entity_view.article_activated.connect(self._on_entity_view_article_activated)
        self.entity_view.entity_activated.connect(self._on_side_panel_entity_activated)
        self.entity_view.entity_deleted.connect(self._on_entity_view_entity_deleted)
        self.entity_view.entity_merged.connect(self._on_entity_view_entity_merged)

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
        self.search_controller.rerun()

    def refresh_overview(self) -> None:
        """Counts the sidebar's entries again, in the background."""
        if self._closed:
            return
        self._overview_pending = False
        self.article_controller.refresh_overview()

    def import_paths(self, paths: list[Path]) -> None:
        """Imports files and folders in the background, with a progress dialog."""
        self.import_controller.import_paths(paths)

    def search(self, query: str) -> None:
        """Sets the search box and runs the query at once (no typing delay)."""
        self.search_controller.search(query)

    def open_article(self, article_id: int) -> None:
        """Shows an article in the reader and the side panel (and marks it in the list)."""
        self._show_article(article_id)
        self._reselect_reader_article()

    def selected_article_ids(self) -> list[int]:
        """The articles selected in the list (or the current search hit)."""
        return self.article_lists.selected_article_ids()

    def export_dialog(self) -> ExportDialog:
        """Builds the export dialog for the window's current state (not shown)."""
        from archive_reader.ui.dialogs.export_dialog import ExportContext, ExportDialog

        query = self.search_controller.query if self.article_lists.results_shown else ""
        context = ExportContext.of_window(
            self.reader.article,
            self.selected_article_ids,
            query,
            self.sidebar.overview,
            self.sidebar.current_key,
        )
        return ExportDialog(self._archive, context, self)

    def open_library(self, path: Path) -> MainWindow | None:
        """Opens (or creates) another library in a new window that replaces this one."""
        archive = self.library_controller.open(path)
        if archive is None:
            self._update_recent_menu()
            return None
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
        theme = self._settings.theme
        apply_theme(theme)
        self.reader.set_theme(theme)
        self.reader.set_font_family(self._settings.reader_font_family)
        self.reader.set_font_size(self._settings.reader_font_size)
        if self.reader.article is not None:
            self.reader.refresh_marks()  # label colours may have changed

    # Qt overrides

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = _dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            what = paths[0].name if len(paths) == 1 else f"{len(paths)} files and folders"
            self.statusBar().showMessage(f"Drop to import {what} into this library")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.statusBar().clearMessage()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.statusBar().clearMessage()
        paths = _dropped_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Start after the drop returns, so the drag source is not left waiting.
        QTimer.singleShot(0, lambda: self.import_paths(paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.article_model.stop()
        self.search_controller.close()
        self.import_controller.close()
        self.article_controller.close()
        self._save_settings()
        self._workers.cancel_all()
        # A closed window reads nothing more (its library may be closed next).
        self.reader.show_placeholder("")
        self.side_panel.show_article(None)
        self.entity_view.show_entity(None)
        # Undo commands hold the library; the stack must not act on a closed one.
        self.undo_stack.clear()
        if self._owns_archive:
            # Workers may still use this archive: let them stop (they were asked to) first.
            self.search_controller.pool.waitForDone(_WORKER_WAIT_MS)
            QThreadPool.globalInstance().waitForDone(_WORKER_WAIT_MS)
            self._archive.close()
            self._owns_archive = False
        super().closeEvent(event)

    # Slots: files and libraries

    def _on_export_action_triggered(self) -> None:
        if self._export_dialog is not None:
            self._export_dialog.deleteLater()
        self._export_dialog = self.export_dialog()
        self._export_dialog.show()

    def _on_open_library_action_triggered(self) -> None:
        path = self.library_controller.ask_existing()
        if path is not None:
            self.open_library(path)

    def _on_new_library_action_triggered(self) -> None:
        path = self.library_controller.ask_new()
        if path is not None:
            self.open_library(path)

    def _on_menu_actions_recent_library_chosen(self, path: Path) -> None:
        self.open_library(path)

    def _on_quit_action_triggered(self) -> None:
        # Quits the app, not only this window (one window per library).
        self.close()

    def _on_preferences_action_triggered(self) -> None:
        from archive_reader.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self._archive, self._settings, self)
        dialog.applied.connect(self.apply_preferences)
        dialog.library_requested.connect(self._on_preferences_library_requested)
        dialog.show()

    def _on_preferences_library_requested(self, path: object) -> None:
        QTimer.singleShot(0, lambda: self.open_library(Path(str(path))))

    def _on_import_controller_running_changed(self, running: bool) -> None:
        self.menu_actions.import_files_action.setEnabled(not running)
        self.menu_actions.import_folder_action.setEnabled(not running)

    def _on_import_controller_articles_added(self) -> None:
        """Shows what the running import added: counts, and the list when at its top."""
        self.refresh_overview()
        at_top = self.article_table.verticalScrollBar().value() == 0
        if not self.article_lists.results_shown and at_top:
            self.article_model.reload()  # (newest first: the new articles are at the top)

    def _on_controller_message(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # Slots: search

    def _on_about_action_triggered(self) -> None:
        messages.show_info(
            self,
            "About Archive Reader",
            f"Archive Reader {__version__}\n\n"
            "Read and search the web articles you saved, offline.\n\n"
            f"Library: {self._archive.path}",
        )

    def _on_search_panel_order_changed(self, order: str) -> None:
        self._settings.search_order = order
        self.search_controller.set_order(order)

    def _on_search_panel_facet_chosen(self, key: str) -> None:
        query = self.search_box.text().strip()
        self.search(f"{query} {key}".strip())

    def _on_search_controller_started(self, query: str) -> None:
        self.article_lists.show_results()
        self.search_panel.show_running(query)

    def _on_search_controller_cleared(self) -> None:
        self.search_panel.clear()
        self._show_article_list()

    def _on_search_controller_failed(self, query: str, message: str) -> None:
        self.search_panel.show_error(query, message)
        self.count_label.setText("Search error")

    def _on_search_controller_finished(self, outcome: SearchOutcome) -> None:
        self.search_panel.show_results(
            outcome.query,
            outcome.hits,
            outcome.total,
            outcome.total_exact,
            outcome.notice,
            outcome.new_since_last_run,
            outcome.partial_notice,
        )
        count = outcome.total if outcome.partial_notice else max(outcome.total, len(outcome.hits))
        about = "" if outcome.total_exact else "about "
        self.count_label.setText(f"{about}{count:,} {'hit' if count == 1 else 'hits'}")
        self._reselect_reader_article()

    def _on_search_controller_facets_counted(self, query: str, facets: Facets) -> None:
        self.search_panel.show_facets(facets, query)

    # Slots: sidebar and list

    def _on_sidebar_chosen(self, key: SidebarKey) -> None:
        if key.kind == "saved":
            self.search_controller.run_saved(str(key.value))
            return
        if key.kind == "entity":
            # The entity's profile beside its articles; choosing an article shows it again.
            assert isinstance(key.value, int)  # an entity's key holds its id
            self._on_side_panel_entity_activated(key.value)
        self.search_controller.forget()
        self.article_model.set_filter(key.article_filter())
        self._show_article_list()

    def _on_all_articles_action_triggered(self) -> None:
        self.sidebar.select_key(ALL)
        self._on_sidebar_chosen(ALL)

    def _on_article_controller_overview_read(self, overview: LibraryOverview) -> None:
        self.sidebar.set_overview(overview)
        self._show_counts()

    def _on_article_controller_size_read(self, size: int) -> None:
        self.size_label.setText(f"Library: {human_size(size)}")

    def _on_article_model_loaded(self, total: int) -> None:
        if self._closed:
            return  # a job that ended after the window closed
        if not self.article_lists.results_shown:
            self._show_article_list()
        if self._first_article_pending and total:
            self._first_article_pending = False
            self._open_first_article()
        else:
            self._reselect_reader_article()
        if self._overview_pending:
            self.refresh_overview()
            self.search_controller.prepare()

    def _on_focus_reader_action_triggered(self) -> None:
        self._right_stack.setCurrentWidget(self.reader)
        self.reader.setFocus()

    def _on_focus_list_action_triggered(self) -> None:
        self.article_lists.focus_list()

    def _on_tag_action_triggered(self) -> None:
        ids = self.selected_article_ids()
        if not ids and self.reader.article is not None:
            ids = [self.reader.article.id]
        self.edit_controller.tag_articles(ids)

    def _on_delete_action_triggered(self) -> None:
        ids = self.selected_article_ids()
        if not self.article_controller.confirm_delete(ids):
            return
        if self.reader.article is not None and self.reader.article.id in ids:
            self.reader.show_placeholder("")
        self.article_controller.delete(ids)

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

    def _on_reader_theme_changed(self, theme: str) -> None:
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
        self.entity_view.show_entity(entity_id)
        self._right_stack.setCurrentWidget(self.entity_view)

    def _on_entity_view_entity_deleted(self, _entity_id: int) -> None:
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
        self.article_controller.refresh_overview_soon()

    # Internals

    def _show_article_list(self) -> None:
        total = self.article_model.total
        overview = self.sidebar.overview
        library_empty = (overview.articles if overview else total) == 0 and total == 0
        self.article_lists.show_list(library_empty)
        self._show_counts()
        if self.reader.article is None:
            self.reader.show_placeholder("Select an article to read it." if total else "")

    def _show_counts(self) -> None:
        if self.article_lists.results_shown:
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
        last = self.article_controller.last_read()
        if last is not None:
            self.open_article(last)
            return
        self.article_lists.select_first_article()

    def _reselect_reader_article(self) -> None:
        """After a reload, marks the article still shown in the reader in the list."""
        article = self.reader.article
        if article is None:
            return
        if self.article_lists.mark(article.id):
            self._update_selection_actions()  # (its signal was blocked)

    def _show_article(self, article_id: int, force: bool = False) -> None:
        if self._right_stack.currentWidget() is not self.reader:
            self._right_stack.setCurrentWidget(self.reader)
        if not force and self.reader.article is not None and self.reader.article.id == article_id:
            return
        article = self.article_controller.read(article_id)
        if article is None:
            return
        self.reader.show_article(article)
        self.side_panel.show_article(article_id)

    def _update_selection_actions(self, *_args: object) -> None:
        has_articles = self.article_model.total > 0 or self.reader.article is not None
        self.menu_actions.tag_action.setEnabled(has_articles)
        self.menu_actions.delete_action.setEnabled(
            self.article_table.selectionModel().hasSelection()
        )

    def _update_recent_menu(self) -> None:
        self.menu_actions.update_recent_menu(self._settings.recent_libraries, self._archive.path)

    def _restore_settings(self) -> None:
        geometry, state, splitter = self._settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        if splitter is not None:
            self._splitter.restoreState(splitter)
        self.search_panel.set_order(self._settings.search_order)
        self.search_controller.order = self.search_panel.order
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
        if self._archive.path.resolve() != demo_library_path().resolve():
            self._settings.last_library = self._archive.path
        article = self.reader.article
        self._settings.set_last_article(self._archive.path, article.id if article else None)
        self._settings.sync()


def _dropped_paths(event: QDropEvent) -> list[Path]:
    """The local files and folders among the URLs dragged or dropped."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
