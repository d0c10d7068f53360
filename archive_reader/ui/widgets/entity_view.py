"""EntityView: one entity's names, articles and co-occurring entities with their passages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.entities.models import Cooccurrence, Entity, EntityArticle
from archive_reader.core.errors import ArchiveError
from archive_reader.ui import messages, undo
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.models.articles import JobRunner, start_on_pool
from archive_reader.ui.workers import Worker

RowRole = Qt.ItemDataRole.UserRole + 1
"""The core dataclass of a row."""
SortKeyRole = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column's cells the way a reader expects."""

PASSAGES = 25
"""Evidence passages read per co-occurring entity."""

_Index = QModelIndex | QPersistentModelIndex


# --- A question messages.py does not ask (patched in tests) -----------------------------------


def ask_item(parent: QWidget | None, title: str, label: str, items: Sequence[str]) -> str | None:
    """Asks to pick one of ``items`` (typing filters the list); None when cancelled."""
    value, ok = QInputDialog.getItem(parent, title, label, list(items), 0, True)
    return value if ok and value in items else None


# --- Table models --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its header, its text, and its sort key (the text when None)."""

    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    align_right: bool = False


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of core dataclasses, one per row."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replaces the rows (a reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == RowRole:
            return row
        if role == SortKeyRole:
            return column.sort_key(row) if column.sort_key else column.text(row).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None


def _table(model: RowsModel) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortKeyRole)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view, proxy


ARTICLE_COLUMNS = [
    Column("Date", lambda a: (a.published or "")[:10], lambda a: a.published or ""),
    Column("Title", lambda a: a.title),
    Column("Site", lambda a: a.site_name or ""),
    Column("Mentions", lambda a: str(a.mention_count), lambda a: a.mention_count, True),
]
COOCCURRENCE_COLUMNS = [
    Column("Entity", lambda c: c.name),
    Column("Type", lambda c: c.type),
    Column("Articles", lambda c: str(c.articles), lambda c: c.articles, True),
    Column("Paragraphs", lambda c: str(c.paragraphs), lambda c: c.paragraphs, True),
]


def _name_pattern(entities: Sequence[Entity]) -> re.Pattern[str] | None:
    """A pattern for every alias of the entities, on word boundaries, each with its case rule."""
    forms = {(a.text, a.case_sensitive) for e in entities for a in e.aliases}
    forms |= {(e.name, False) for e in entities if not e.aliases}
    if not forms:
        return None
    parts = []
    for text, sensitive in sorted(forms, key=lambda f: -len(f[0])):
        body = r"\s+".join(re.escape(word) for word in text.split())
        parts.append(body if sensitive else f"(?i:{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def passage_html(text: str, pattern: re.Pattern[str] | None) -> str:
    """A paragraph as HTML, its names (the pattern's matches) in bold."""
    if pattern is None:
        return html.escape(text)
    out, at = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[at : match.start()]))
        out.append(f"<b>{html.escape(match.group())}</b>")
        at = match.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


# --- The view ------------------------------------------------------------------------------------


class EntityView(QWidget):
    """Everything the library says about one entity, and its edits (through undo).

    Shows the name, type, notes, aliases with their case rules, mention and
    article counts, first and last dates; the articles that mention it; the
    entities that appear with it, and for a selected one the paragraphs where
    both appear (filtered by date range, site and tag). The co-occurrences are
    computed off the GUI thread.

    Signals:
        article_activated(int): An article was double-clicked (or a passage's title clicked).
        entity_activated(int): A co-occurring entity was double-clicked: show it.
        entity_deleted(int): The entity was deleted (Undo brings it back with a new id).
        entity_merged(int, int): The entity (first id) was merged into another (second id).
    """

    article_activated = Signal(int)
    entity_activated = Signal(int)
    entity_deleted = Signal(int)
    entity_merged = Signal(int, int)

    def __init__(
        self,
        archive: ArchiveFacade,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        run_job: JobRunner = start_on_pool,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._stack = undo_stack
        self._run_job = run_job
        self._entity_id: int | None = None
        self._entity: Entity | None = None
        # Running workers, by their signals: Python owns them until their last signal.
        self._workers: dict[QObject, Worker] = {}
        self._current_job: QObject | None = None
        self._filters_key: tuple[str | None, ...] = ()
        self._build_ui()
        self._connect_signals()
        self.show_entity(None)

    # Layout

    def _build_ui(self) -> None:
        self.name_label = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.type_combo = QComboBox()
        self.type_combo.setToolTip("The entity's type")
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rename_button = QPushButton("Rename…")
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip(
            "Merge into another entity: its aliases, mentions and notes move there"
        )
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the entity with its aliases and mentions")
        # The name on a line of its own (long names wrap), the commands below it.
        self.name_label.setWordWrap(True)
        header = QVBoxLayout()
        header.addWidget(self.name_label)
        commands = QHBoxLayout()
        commands.addWidget(self.type_combo)
        commands.addStretch(1)
        commands.addWidget(self.rename_button)
        commands.addWidget(self.merge_button)
        commands.addWidget(self.delete_button)
        header.addLayout(commands)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)

        self.alias_list = QListWidget()
        self.alias_list.setMaximumHeight(88)
        self.alias_list.setWordWrap(True)  # long names wrap (no sideways scrolling)
        self.add_alias_button = QPushButton("Add alias…")
        self.remove_alias_button = QPushButton("Remove")
        self.case_check = QCheckBox("Only as written")
        self.case_check.setToolTip(
            "Match this alias only with its exact capitals (RT the outlet, not rt in a web address)"
        )
        alias_buttons = QVBoxLayout()
        alias_buttons.addWidget(self.add_alias_button)
        alias_buttons.addWidget(self.remove_alias_button)
        alias_buttons.addWidget(self.case_check)
        alias_buttons.addStretch(1)
        aliases = QHBoxLayout()
        aliases.addWidget(self.alias_list, 1)
        aliases.addLayout(alias_buttons)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Notes on this entity")
        self.notes_edit.setMaximumHeight(70)
        self.save_notes_button = QPushButton("Save notes")
        notes = QHBoxLayout()
        notes.addWidget(self.notes_edit, 1)
        notes.addWidget(self.save_notes_button, 0, Qt.AlignmentFlag.AlignBottom)

        details = QFormLayout()
        details.addRow("Aliases", aliases)
        details.addRow("Notes", notes)

        self.article_model = RowsModel(ARTICLE_COLUMNS, self)
        self.article_table, self.article_proxy = _table(self.article_model)
        self.article_table.setToolTip("Double-click to open the article")
        self._stretch(self.article_table, 1, 2)  # title and site share the room
        self.article_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

        self.since_edit = QLineEdit()
        self.since_edit.setPlaceholderText("from (2023, 2023-05)")
        self.until_edit = QLineEdit()
        self.until_edit.setPlaceholderText("until")
        self.site_edit = QLineEdit()
        self.site_edit.setPlaceholderText("site")
        self.tag_edit = QLineEdit()
        self.tag_edit.setPlaceholderText("tag")
        filters = QHBoxLayout()
        for edit in (self.since_edit, self.until_edit, self.site_edit, self.tag_edit):
            edit.setClearButtonEnabled(True)
            filters.addWidget(edit)
        self.cooccurrence_model = RowsModel(COOCCURRENCE_COLUMNS, self)
        self.cooccurrence_table, self.cooccurrence_proxy = _table(self.cooccurrence_model)
        self.cooccurrence_table.setToolTip(
            "Select an entity to read the passages where both appear; double-click to open it"
        )
        self._stretch(self.cooccurrence_table, 0)
        self.cooccurrence_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.passages = QTextBrowser()
        self.passages.setOpenLinks(False)
        self.passages.setOpenExternalLinks(False)
        self.passages.setPlaceholderText("Select an entity to read the passages where both appear.")
        self.cooccurrence_status = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.cooccurrence_table)
        splitter.addWidget(self.passages)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        together = QWidget()
        together_layout = QVBoxLayout(together)
        together_layout.addLayout(filters)
        together_layout.addWidget(splitter, 1)
        together_layout.addWidget(self.cooccurrence_status)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.article_table, "Articles")
        self.tabs.addTab(together, "Appears with")

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(header)
        body.addWidget(self.summary_label)
        body.addLayout(details)
        body.addWidget(self.tabs, 1)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body, 1)

    @staticmethod
    def _stretch(view: QTableView, *columns: int) -> None:
        header = view.horizontalHeader()
        for section in range(view.model().columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if section in columns
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(section, mode)

    def _connect_signals(self) -> None:
        self._stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.type_combo.activated.connect(self._on_type_combo_activated)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.add_alias_button.clicked.connect(self._on_add_alias_button_clicked)
        self.remove_alias_button.clicked.connect(self._on_remove_alias_button_clicked)
        self.case_check.clicked.connect(self._on_case_check_clicked)
        self.alias_list.currentItemChanged.connect(self._on_alias_list_current_item_changed)
        self.save_notes_button.clicked.connect(self._on_save_notes_button_clicked)
        self.article_table.doubleClicked.connect(self._on_article_table_double_clicked)
        for edit in (self.since_edit, self.until_edit, self.site_edit, self.tag_edit):
            edit.editingFinished.connect(self._on_filter_edited)
        self.cooccurrence_table.selectionModel().currentRowChanged.connect(
            self._on_cooccurrence_table_current_row_changed
        )
        self.cooccurrence_table.doubleClicked.connect(self._on_cooccurrence_table_double_clicked)
        self.passages.anchorClicked.connect(self._on_passages_anchor_clicked)

    # Public

    @property
    def entity_id(self) -> int | None:
        """The entity shown (its current id), or None."""
        return None if self._entity is None else self._entity.id

    def set_archive(self, archive: ArchiveFacade) -> None:
        """Switches to another library (after the undo stack was cleared); shows nothing."""
        self._archive = archive
        self.show_entity(None)

    def show_entity(self, entity_id: int | None) -> None:
        """Shows an entity (None: nothing)."""
        self._entity_id = entity_id
        self._filters_key = tuple(self._filters().values())
        self.refresh()

    def refresh(self) -> None:
        """Reloads the entity from the library (also after an undo gave it a new id)."""
        self._entity = None
        if self._entity_id is not None:
            current = undo.current_id(self._archive, undo.ENTITY, self._entity_id)
            try:
                self._entity = self._archive.entities.get(current)
            except ArchiveError:
                self._entity = None
        self.body.setVisible(self._entity is not None)
        self.placeholder.setVisible(self._entity is None)
        if self._entity is None:
            self.placeholder.setText(
                "Choose an entity in the library or the side panel."
                if self._entity_id is None
                else "This entity was deleted or merged. Undo (Ctrl+Z) brings it back."
            )
            self.article_model.set_rows([])
            self.cooccurrence_model.set_rows([])
            self.passages.clear()
            return
        self._load_details(self._entity)
        self.article_model.set_rows(self._archive.entities.articles(self._entity.id))
        self.tabs.setTabText(0, f"Articles ({self.article_model.rowCount()})")
        self._load_cooccurrences()

    # Loading

    def _load_details(self, entity: Entity) -> None:
        self.name_label.setText(entity.name)
        self.type_combo.clear()
        self.type_combo.addItems(self._archive.entities.types())
        self.type_combo.setCurrentText(entity.type)
        mentions = f"{entity.mention_count} mention{'' if entity.mention_count == 1 else 's'}"
        articles = f"{entity.article_count} article{'' if entity.article_count == 1 else 's'}"
        dates = ""
        if entity.first_date:
            first, last = entity.first_date[:10], (entity.last_date or "")[:10]
            dates = f", from {first} to {last}" if last and last != first else f", on {first}"
        self.summary_label.setText(f"{entity.type.capitalize()} · {mentions} in {articles}{dates}")
        selected = self._selected_alias()
        self.alias_list.clear()
        for alias in entity.aliases:
            rule = "only as written" if alias.case_sensitive else "any case"
            name = "  (name)" if alias.text == entity.name else ""
            item = QListWidgetItem(f"{alias.text}{name} — {rule}")
            item.setData(Qt.ItemDataRole.UserRole, alias)
            self.alias_list.addItem(item)
            if selected is not None and alias.text == selected.text:
                self.alias_list.setCurrentItem(item)
        if self.alias_list.currentItem() is None and self.alias_list.count():
            self.alias_list.setCurrentRow(0)
        self._on_alias_list_current_item_changed()
        if self.notes_edit.toPlainText() != entity.notes:
            self.notes_edit.setPlainText(entity.notes)

    def _filters(self) -> dict[str, str | None]:
        return {
            "since": self.since_edit.text().strip() or None,
            "until": self.until_edit.text().strip() or None,
            "site": self.site_edit.text().strip() or None,
            "tag": self.tag_edit.text().strip() or None,
        }

    def _load_cooccurrences(self) -> None:
        assert self._entity is not None
        self.cooccurrence_status.setText("Finding the entities that appear with it…")
        worker = Worker(
            self._archive.entities.cooccurrences,
            self._entity.id,
            passages=PASSAGES,
            **self._filters(),
        )
        worker.signals.finished.connect(self._on_cooccurrence_worker_finished)
        worker.signals.failed.connect(self._on_cooccurrence_worker_failed)
        self._workers[worker.signals] = worker
        self._current_job = worker.signals
        self._run_job(worker)

    def _on_cooccurrence_worker_finished(self, result: list[Cooccurrence]) -> None:
        signals = self.sender()
        self._workers.pop(signals, None)
        if signals is not self._current_job:
            return  # an older request
        self._current_job = None
        selected = self._selected_cooccurrence()
        self.cooccurrence_model.set_rows(result)
        self.tabs.setTabText(1, f"Appears with ({len(result)})")
        filtered = any(self._filters().values())
        self.cooccurrence_status.setText(
            ("No other entity appears with it" if not result else "")
            + (" in the articles that match the filters." if filtered and not result else "")
            + ("." if not filtered and not result else "")
        )
        row = next(
            (i for i, c in enumerate(result) if selected and c.entity_id == selected.entity_id),
            None,
        )
        if row is not None:
            index = self.cooccurrence_proxy.mapFromSource(self.cooccurrence_model.index(row, 0))
            self.cooccurrence_table.selectRow(index.row())
        else:
            self.passages.clear()

    def _on_cooccurrence_worker_failed(self, error: Exception) -> None:
        signals = self.sender()
        self._workers.pop(signals, None)
        if not isinstance(error, ArchiveError):
            raise error
        if signals is not self._current_job:
            return
        self._current_job = None
        self.cooccurrence_status.setText(str(error))

    def _selected_cooccurrence(self) -> Cooccurrence | None:
        index = self.cooccurrence_table.currentIndex()
        return None if not index.isValid() else index.data(RowRole)

    def _show_passages(self, together: Cooccurrence) -> None:
        assert self._entity is not None
        try:
            other = self._archive.entities.get(together.entity_id)
        except ArchiveError:
            other = None
        pattern = _name_pattern([self._entity] + ([other] if other else []))
        blocks = [
            f"<p style='margin-bottom:2px'><b>{html.escape(self._entity.name)}</b> and"
            f" <b>{html.escape(together.name)}</b>: {together.paragraphs} paragraph"
            f"{'' if together.paragraphs == 1 else 's'} in {together.articles} article"
            f"{'' if together.articles == 1 else 's'}</p>"
        ]
        if not together.passages:
            blocks.append("<p><i>Both appear in the same articles, never in one paragraph.</i></p>")
        for passage in together.passages:
            date = (passage.published or "no date")[:10]
            blocks.append(
                f"<p style='margin-top:10px; margin-bottom:2px'>"
                f"<a href='article:{passage.article_id}'>{html.escape(passage.title)}</a>"
                f" <span style='color:gray'>· {html.escape(date)}</span></p>"
                f"<p style='margin-top:0px'>{passage_html(passage.text, pattern)}</p>"
            )
        if together.paragraphs > len(together.passages):
            shown = len(together.passages)
            blocks.append(f"<p><i>The first {shown} of {together.paragraphs} passages.</i></p>")
        self.passages.setHtml("".join(blocks))

    # Slots

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if self._entity_id is not None:
            self.refresh()

    def _on_type_combo_activated(self, _index: int) -> None:
        entity = self._entity
        new_type = self.type_combo.currentText()
        if entity is not None and new_type and new_type != entity.type:
            self._stack.push(undo.SetEntityType(self._archive, entity.id, new_type))

    def _on_rename_button_clicked(self) -> None:
        entity = self._entity
        if entity is None:
            return
        asked = messages.ask_text(
            self, "Rename entity", "New name (the old one stays an alias):", entity.name
        )
        name = " ".join((asked or "").split())
        if name and name != entity.name:
            self._stack.push(undo.RenameEntity(self._archive, entity.id, name))

    def _on_add_alias_button_clicked(self) -> None:
        entity = self._entity
        if entity is None:
            return
        asked = messages.ask_text(self, "Add alias", f"Another name for {entity.name}:")
        text = " ".join((asked or "").split())
        if text:
            self._stack.push(undo.AddAlias(self._archive, entity.id, text))

    def _selected_alias(self) -> Any:
        item = self.alias_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _on_alias_list_current_item_changed(self, *_items: object) -> None:
        alias = self._selected_alias()
        is_name = alias is not None and self._entity is not None and alias.text == self._entity.name
        self.remove_alias_button.setEnabled(alias is not None and not is_name)
        self.remove_alias_button.setToolTip(
            "The name cannot be removed: rename the entity instead"
            if is_name
            else "Remove the alias; its found mentions go"
        )
        self.case_check.setEnabled(alias is not None)
        self.case_check.setChecked(bool(alias and alias.case_sensitive))

    def _on_remove_alias_button_clicked(self) -> None:
        alias = self._selected_alias()
        if alias is not None and self._entity is not None:
            self._stack.push(undo.RemoveAlias(self._archive, self._entity.id, alias.text))

    def _on_case_check_clicked(self, checked: bool) -> None:
        alias = self._selected_alias()
        if alias is not None and self._entity is not None and alias.case_sensitive != checked:
            self._stack.push(undo.SetAliasCase(self._archive, self._entity.id, alias.text, checked))

    def _on_save_notes_button_clicked(self) -> None:
        entity = self._entity
        notes = self.notes_edit.toPlainText().strip()
        if entity is not None and notes != entity.notes:
            self._stack.push(undo.SetEntityNotes(self._archive, entity.id, notes))

    def _on_merge_button_clicked(self) -> None:
        entity = self._entity
        if entity is None:
            return
        others = [e for e in self._archive.entities.entities() if e.id != entity.id]
        if not others:
            messages.show_info(self, "Merge", "There is no other entity to merge it into.")
            return
        labels = [f"{e.name} ({e.type}, {e.mention_count} mentions)" for e in others]
        choice = ask_item(self, "Merge entity", f"Merge {entity.name} into:", labels)
        if choice is None:
            return
        target = others[labels.index(choice)]
        question = (
            f"Merge “{entity.name}” into “{target.name}”?\n\n"
            f"Its aliases, {entity.mention_count} mentions and notes move to {target.name},"
            f" and {entity.name} disappears. Undo (Ctrl+Z) splits them again."
        )
        if not messages.confirm(self, "Merge entities", question, "Merge"):
            return
        command = undo.MergeEntity(self._archive, entity.id, target.id)
        self._stack.push(command)
        if command.error is not None:
            return  # shown by the command
        self.entity_merged.emit(entity.id, command.target_id)
        self.show_entity(command.target_id)

    def _on_delete_button_clicked(self) -> None:
        entity = self._entity
        if entity is None:
            return
        question = (
            f"Delete “{entity.name}” with its {len(entity.aliases)} aliases and"
            f" {entity.mention_count} mentions?\n\nUndo (Ctrl+Z) brings it back."
        )
        if not messages.confirm(self, "Delete entity", question, "Delete"):
            return
        self._stack.push(undo.DeleteEntity(self._archive, entity.id))
        self.entity_deleted.emit(entity.id)

    def _on_article_table_double_clicked(self, index: QModelIndex) -> None:
        article: EntityArticle = index.data(RowRole)
        self.article_activated.emit(article.article_id)

    def _on_filter_edited(self) -> None:
        key = tuple(self._filters().values())
        if self._entity is not None and key != self._filters_key:
            self._filters_key = key
            self._load_cooccurrences()

    def _on_cooccurrence_table_current_row_changed(
        self, current: QModelIndex, _previous: object
    ) -> None:
        together = current.data(RowRole) if current.isValid() else None
        if together is None:
            self.passages.clear()
        else:
            self._show_passages(together)

    def _on_cooccurrence_table_double_clicked(self, index: QModelIndex) -> None:
        together: Cooccurrence = index.data(RowRole)
        self.entity_activated.emit(together.entity_id)

    def _on_passages_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "article" and url.path().isdigit():
            self.article_activated.emit(int(url.path()))
