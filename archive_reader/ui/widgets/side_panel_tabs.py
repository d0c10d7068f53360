"""The side panel's three tabs: highlights, entities, suggested names (their widgets)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)


class HighlightsTab(QWidget):
    """The article's tags and note, its highlights, and the selected highlight's editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self.article_tags_edit = QLineEdit()
        self.article_tags_edit.setPlaceholderText("tags, separated by commas")
        self.article_tags_edit.setToolTip("The article's own tags; press Enter to save")
        self.article_note_edit = QPlainTextEdit()
        self.article_note_edit.setPlaceholderText("A note on the whole article")
        self.article_note_edit.setFixedHeight(56)
        self.save_article_button = QPushButton("Save")
        self.save_article_button.setToolTip("Save the article's tags and note")
        article_form = QFormLayout()
        article_form.addRow("Tags", self.article_tags_edit)
        note_row = QHBoxLayout()
        note_row.addWidget(self.article_note_edit, 1)
        note_row.addWidget(self.save_article_button, 0, Qt.AlignmentFlag.AlignBottom)
        article_form.addRow("Note", note_row)

        self.highlight_list = QListWidget()
        self.highlight_list.setWordWrap(True)
        self.highlight_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.highlight_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.highlight_list.setSpacing(2)
        self.highlight_list.setAlternatingRowColors(True)
        self.delete_action = QAction("Delete highlight", self.highlight_list)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.highlight_list.addAction(self.delete_action)
        self.highlight_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.label_combo = QComboBox()
        self.label_combo.setToolTip("The highlight's label (its colour)")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Note on this highlight")
        self.note_edit.setFixedHeight(64)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Save the note and tags (Ctrl+Return)")
        self.apply_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the highlight (Del); Undo brings it back")
        self.editor = QWidget()
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Label", self.label_combo)
        form.addRow("Note", self.note_edit)
        form.addRow("Tags", self.tags_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)

        self.highlights_empty = QLabel("No highlights yet: select text in the article to add one.")
        self.highlights_empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(article_form)
        layout.addWidget(self.highlights_empty)
        layout.addWidget(self.highlight_list, 1)
        layout.addWidget(self.editor)


class EntitiesTab(QWidget):
    """The entities mentioned in the article, with their mentions and the buttons on them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self.entity_tree = QTreeWidget()
        self.entity_tree.setHeaderLabels(["Entity", "Type", "Mentions"])
        self.entity_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.entity_tree.setAlternatingRowColors(True)
        header = self.entity_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.show_rejected_check = QCheckBox("Show rejected mentions")
        self.open_entity_button = QPushButton("Open")
        self.open_entity_button.setToolTip("Show the entity: its articles and co-occurrences")
        self.reject_button = QPushButton("Not this entity")
        self.reject_button.setToolTip("Reject the selected mentions; later scans leave them out")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Restore the selected rejected mentions")
        self.entities_empty = QLabel(
            "No entities found in this article: select a name in the text to tag it,"
            " or accept a suggestion."
        )
        self.entities_empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_entity_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entities_empty)
        layout.addWidget(self.entity_tree, 1)
        layout.addWidget(self.show_rejected_check)
        layout.addLayout(buttons)


class SuggestionsTab(QWidget):
    """Names in the article that may be entities, and the buttons to accept or dismiss them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self.suggestion_tree = QTreeWidget()
        self.suggestion_tree.setHeaderLabels(["Name", "Count"])
        self.suggestion_tree.setRootIsDecorated(False)
        self.suggestion_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.suggestion_tree.setAlternatingRowColors(True)
        header = self.suggestion_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.type_combo = QComboBox()
        self.type_combo.setToolTip("The type the accepted names get")
        self.accept_button = QPushButton("Accept as")
        self.accept_button.setToolTip("Add the selected names to the catalogue with this type")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Never suggest the selected names again")
        self.suggestions_empty = QLabel("No more names to suggest in this article.")
        self.suggestions_empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.type_combo, 1)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.suggestions_empty)
        layout.addWidget(self.suggestion_tree, 1)
        layout.addLayout(buttons)
