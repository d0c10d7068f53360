"""WindowActions: the main window's actions (with their keys), its menus and its toolbar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QTableView, QToolButton

from archive_reader.ui import resources
from archive_reader.ui.widgets.reader import ReaderView

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
_Keys = QKeySequence.StandardKey | str | list[QKeySequence.StandardKey | str] | None


def _unique_keys(keys: list[QKeySequence.StandardKey | str | None]) -> list[QKeySequence]:
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


class WindowActions(QObject):
    """The window's actions, in its menus and toolbar; the window connects their signals.

    Each action is added to the window too, so that its keys work with the menu
    bar hidden.

    Signals:
        recent_library_chosen(object): A library of File ▸ Open Recent Library (its Path).
    """

    recent_library_chosen = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        undo_stack: QUndoStack,
        reader: ReaderView,
        article_table: QTableView,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._build(undo_stack, reader, article_table)

    def update_recent_menu(self, libraries: list[Path], current: Path) -> None:
        """Lists the recent libraries (the current one disabled)."""
        self.recent_menu.clear()
        for path in libraries:
            action = self.recent_menu.addAction(str(path))
            action.setData(str(path))
            action.setEnabled(path != current)
            action.triggered.connect(self._on_recent_action_triggered)
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _on_recent_action_triggered(self) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        self.recent_library_chosen.emit(Path(action.data()))

    def _action(
        self,
        text: str,
        shortcut: _Keys = None,
        tip: str = "",
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self._window)
        keys: list[QKeySequence.StandardKey | str | None] = (
            list(shortcut) if isinstance(shortcut, list) else [shortcut]
        )
        action.setShortcuts(_unique_keys(keys))
        plain = text.replace("&", "").rstrip("…")
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({native})" if native else tip or plain)
        action.setStatusTip(tip or plain)
        if icon:
            action.setIcon(resources.icon(icon))
        self._window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build(self, undo_stack: QUndoStack, reader: ReaderView, article_table: QTableView) -> None:
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
        self.recent_menu = QMenu("Open &Recent Library", self._window)
        self.quit_action = self._action("&Quit", std.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = undo_stack.createUndoAction(self._window, "&Undo")
        self.undo_action.setShortcuts(_unique_keys([std.Undo]))
        self.redo_action = undo_stack.createRedoAction(self._window, "&Redo")
        # Each key once: a key given twice is an "ambiguous shortcut" and does nothing.
        self.redo_action.setShortcuts(_unique_keys([std.Redo, "Ctrl+Shift+Z", "Ctrl+Y"]))
        for action in (self.undo_action, self.redo_action):
            action.setIcon(resources.icon("undo" if action is self.undo_action else "redo"))
            self._window.addAction(action)
        self.tag_action = self._action("&Tag Selected Articles…", "Ctrl+T", "Add tags", "tag")
        self.delete_action = self._action(
            "&Delete Selected Articles…", std.Delete, "Delete the selected articles", "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        article_table.addAction(self.delete_action)
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

        file_menu = self._window.menuBar().addMenu("&File")
        file_menu.addAction(self.import_files_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_library_action)
        file_menu.addAction(self.open_library_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self._window.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(reader.find_action)
        edit_menu.addAction(reader.find_next_action)
        edit_menu.addAction(reader.find_previous_action)
        edit_menu.addAction(self.select_all_action)
        edit_menu.addAction(self.tag_action)
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        view_menu = self._window.menuBar().addMenu("&View")
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
        view_menu.addAction(reader.zoom_in_action)
        view_menu.addAction(reader.zoom_out_action)
        view_menu.addAction(reader.zoom_reset_action)
        view_menu.addAction(reader.underline_mentions_action)
        theme_menu = view_menu.addMenu("&Theme")
        for action in reader.theme_actions.values():
            theme_menu.addAction(action)
        view_menu.addAction(reader.show_original_action)
        help_menu = self._window.menuBar().addMenu("&Help")
        help_menu.addAction(self.search_help_action)
        help_menu.addAction(self.about_action)

        toolbar = self._window.addToolBar("Main")
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
