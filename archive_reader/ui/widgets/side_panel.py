"""SidePanel: the open article's highlights, entities and suggested names, edited through undo."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QTabBar,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.annotations.models import Annotation
from archive_reader.core.entities.models import Mention
from archive_reader.core.errors import ArchiveError
from archive_reader.ui import undo
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.models.articles import JobRunner, start_on_pool
from archive_reader.ui.widgets.side_panel_tabs import EntitiesTab, HighlightsTab, SuggestionsTab
from archive_reader.ui.workers import Worker

_ID_ROLE = Qt.ItemDataRole.UserRole
_SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
_REJECTED_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_LABEL = "(no label)"
_ORPHAN = "could not be placed"
_QUOTE_SHOWN = 220
_CONTEXT = 32
_SPACES = re.compile(r"\s+")


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A small square of a label's colour (a grey outline for no label)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor(0, 0, 0, 0))
    if not color:
        painter = QPainter(pixmap)
        painter.setPen(QColor("#888888"))
        painter.drawRect(0, 0, size - 1, size - 1)
        painter.end()
    return QIcon(pixmap)


def split_tags(text: str) -> list[str]:
    """Tag names from a comma-separated field, without blanks or repeats."""
    tags: list[str] = []
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {t.casefold() for t in tags}:
            tags.append(name)
    return tags


def _elided(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _entities_and_suggestions(
    archive: ArchiveFacade, article_id: int, include_rejected: bool
) -> tuple[int, list[Mention], list[Any]]:
    """An article's mentions and suggested names (run on the worker)."""
    catalog = archive.entities
    mentions = catalog.mentions(article_id=article_id, include_rejected=include_rejected)
    return article_id, mentions, catalog.suggest(article_id)


class SidePanel(QWidget):
    """The panel beside the reader for one article.

    Three tabs: its highlights (with the article's own tags and note above
    them), its entities with their mentions, and the names suggested as
    entities. Every change is pushed on the undo stack; the panel reloads
    itself when the stack's index changes. Highlights load on the GUI thread
    (about a millisecond for 50); mentions and suggestions, which take tens of
    milliseconds on a long article, load on the worker (``run_job``).

    Signals:
        highlight_activated(int, int, int): A highlight was clicked: its id,
            start and end in the article's text (orphans are not sent).
        mention_activated(int, int, int): A mention was clicked: its id, start, end.
        entity_activated(int): An entity was double-clicked (or "Open" pressed).
    """

    highlight_activated = Signal(int, int, int)
    mention_activated = Signal(int, int, int)
    entity_activated = Signal(int)

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
        self._workers: dict[QObject, Worker] = {}
        self._current_job: QObject | None = None
        self._mentions: dict[int, list[Mention]] = {}
        self._article_id: int | None = None
        self._text = ""
        self._annotations: dict[int, Annotation] = {}
        self._build_ui()
        self._connect_signals()
        self.show_article(None)

    # Layout

    def _build_ui(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.highlights_tab = HighlightsTab()
        self.entities_tab = EntitiesTab()
        self.suggestions_tab = SuggestionsTab()
        self.tabs.addTab(self.highlights_tab, "Highlights")
        self.tabs.addTab(self.entities_tab, "Entities")
        self.tabs.addTab(self.suggestions_tab, "Suggestions")
        self._name_tab_widgets()
        # Wide enough for the three tab names with their counts (the window's
        # splitter starts it at this width); narrower, the tab bar scrolls. The
        # minimum does not follow the counts: the reader beside it would move.
        widest = QTabBar()
        widest.setDocumentMode(True)
        for name in ("Highlights (99)", "Entities (99)", "Suggestions (99)"):
            widest.addTab(name)
        self.preferred_width = widest.sizeHint().width() + 12
        widest.deleteLater()
        self.setMinimumWidth(220)
        self.placeholder = QLabel("Open an article to see its highlights and entities.")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.tabs)

    def _name_tab_widgets(self) -> None:
        """The tabs' widgets, by the names the panel (and its tests) use."""
        highlights, entities, suggestions = (
            self.highlights_tab,
            self.entities_tab,
            self.suggestions_tab,
        )
        self.article_tags_edit = highlights.article_tags_edit
        self.article_note_edit = highlights.article_note_edit
        self.save_article_button = highlights.save_article_button
        self.highlight_list = highlights.highlight_list
        self.delete_action = highlights.delete_action
        self.label_combo = highlights.label_combo
        self.note_edit = highlights.note_edit
        self.tags_edit = highlights.tags_edit
        self.apply_button = highlights.apply_button
        self.delete_button = highlights.delete_button
        self.editor = highlights.editor
        self.highlights_empty = highlights.highlights_empty
        self.entity_tree = entities.entity_tree
        self.show_rejected_check = entities.show_rejected_check
        self.open_entity_button = entities.open_entity_button
        self.reject_button = entities.reject_button
        self.restore_button = entities.restore_button
        self.entities_empty = entities.entities_empty
        self.suggestion_tree = suggestions.suggestion_tree
        self.type_combo = suggestions.type_combo
        self.accept_button = suggestions.accept_button
        self.dismiss_button = suggestions.dismiss_button
        self.suggestions_empty = suggestions.suggestions_empty

    def _connect_signals(self) -> None:
        self._stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.save_article_button.clicked.connect(self._on_save_article_button_clicked)
        self.article_tags_edit.returnPressed.connect(self._on_save_article_button_clicked)
        self.highlight_list.currentItemChanged.connect(self._on_highlight_list_current_item_changed)
        self.highlight_list.itemClicked.connect(self._on_highlight_list_item_clicked)
        self.highlight_list.itemActivated.connect(self._on_highlight_list_item_clicked)
        self.delete_action.triggered.connect(self._on_delete_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.label_combo.activated.connect(self._on_label_combo_activated)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.tags_edit.returnPressed.connect(self._on_apply_button_clicked)
        self.entity_tree.itemClicked.connect(self._on_entity_tree_item_clicked)
        self.entity_tree.itemDoubleClicked.connect(self._on_entity_tree_item_double_clicked)
        self.entity_tree.itemSelectionChanged.connect(self._update_entity_buttons)
        self.entity_tree.itemExpanded.connect(self._on_entity_tree_item_expanded)
        self.show_rejected_check.toggled.connect(self._on_show_rejected_check_toggled)
        self.open_entity_button.clicked.connect(self._on_open_entity_button_clicked)
        self.reject_button.clicked.connect(self._on_reject_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.suggestion_tree.itemSelectionChanged.connect(self._update_suggestion_buttons)
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)

    # Public

    @property
    def article_id(self) -> int | None:
        """The article shown, or None."""
        return self._article_id

    def set_archive(self, archive: ArchiveFacade) -> None:
        """Switches to another library (after the undo stack was cleared); shows nothing."""
        self._archive = archive
        self._article_id = None
        self.highlight_list.clear()
        self.refresh()

    def show_article(self, article_id: int | None) -> None:
        """Shows an article's highlights, entities and suggestions (None: nothing)."""
        changed = article_id != self._article_id
        self._article_id = article_id
        if changed:
            self.highlight_list.clear()
        self.refresh()

    def refresh(self) -> None:
        """Reloads everything from the library, keeping the selections."""
        self.placeholder.setVisible(self._article_id is None)
        self.tabs.setVisible(self._article_id is not None)
        if self._article_id is None:
            self._text = ""
            self._annotations = {}
            return
        try:
            self._text = self._archive.get(self._article_id).text
        except ArchiveError:
            # The article was deleted: nothing to show.
            self._article_id = None
            self.refresh()
            return
        self._load_article_fields()
        self._load_labels()
        self._load_highlights()
        self._load_entities_and_suggestions()

    def select_highlight(self, annotation_id: int) -> None:
        """Selects a highlight in the list (when the reader's cursor enters it)."""
        annotation_id = undo.current_id(self._archive, undo.ANNOTATION, annotation_id)
        for row in range(self.highlight_list.count()):
            item = self.highlight_list.item(row)
            if item.data(_ID_ROLE) == annotation_id:
                self.tabs.setCurrentIndex(0)
                self.highlight_list.setCurrentItem(item)
                self.highlight_list.scrollToItem(item)
                return

    def selected_highlight(self) -> int | None:
        """The id of the selected highlight, or None."""
        item = self.highlight_list.currentItem()
        return None if item is None else int(item.data(_ID_ROLE))

    # Loading

    def _load_article_fields(self) -> None:
        assert self._article_id is not None
        annotations = self._archive.annotations
        self.article_tags_edit.setText(", ".join(annotations.article_tags(self._article_id)))
        self.article_note_edit.setPlainText(annotations.note(self._article_id))

    def _load_labels(self) -> None:
        with QSignalBlocker(self.label_combo):
            self.label_combo.clear()
            self.label_combo.addItem(swatch(None), _NO_LABEL, None)
            for label in self._archive.annotations.labels():
                self.label_combo.addItem(swatch(label.color), label.name, label.name)
        with QSignalBlocker(self.type_combo):
            current = self.type_combo.currentText()
            self.type_combo.clear()
            self.type_combo.addItems(self._archive.entities.types())
            if current:
                self.type_combo.setCurrentText(current)

    def _load_highlights(self) -> None:
        assert self._article_id is not None
        selected = self.selected_highlight()
        annotations = self._archive.annotations.for_article(self._article_id)
        self._annotations = {a.id: a for a in annotations}
        font = self.highlight_list.font()
        orphan_font = QFont(font)
        orphan_font.setItalic(True)
        with QSignalBlocker(self.highlight_list):
            self.highlight_list.clear()
            for annotation in annotations:
                item = QListWidgetItem(swatch(annotation.color), self._item_text(annotation))
                item.setData(_ID_ROLE, annotation.id)
                item.setToolTip(self._item_tooltip(annotation))
                if annotation.orphaned:
                    item.setFont(orphan_font)
                    item.setForeground(QColor("#8a6d3b"))
                self.highlight_list.addItem(item)
                if annotation.id == selected:
                    self.highlight_list.setCurrentItem(item)
        self.highlights_empty.setVisible(not annotations)
        self.tabs.setTabText(0, f"Highlights ({len(annotations)})" if annotations else "Highlights")
        self._load_editor()

    @staticmethod
    def _item_text(annotation: Annotation) -> str:
        lines = [_quoted(_elided(annotation.quote, _QUOTE_SHOWN))]
        if annotation.orphaned:
            lines.insert(0, f"⚠ {_ORPHAN} in the current text")
        if annotation.note:
            lines.append(_elided(annotation.note, _QUOTE_SHOWN))
        tags = " ".join(f"#{tag}" for tag in annotation.tags)
        if annotation.label or tags:
            # The label's name beside its colour square (colours alone are easy to confuse).
            lines.append(" · ".join(part for part in (annotation.label or "", tags) if part))
        return "\n".join(lines)

    @staticmethod
    def _item_tooltip(annotation: Annotation) -> str:
        label = annotation.label or "no label"
        where = (
            "could not be placed again after a re-extraction; quote, note and tags are kept"
            if annotation.orphaned
            else "click to show it in the article"
        )
        return f"{label}: {where}"

    def _load_editor(self) -> None:
        annotation = self._annotations.get(self.selected_highlight() or -1)
        self.editor.setEnabled(annotation is not None)
        self.delete_action.setEnabled(annotation is not None)
        with QSignalBlocker(self.label_combo):
            index = self.label_combo.findData(annotation.label) if annotation else 0
            self.label_combo.setCurrentIndex(max(index, 0))
        self.note_edit.setPlainText(annotation.note if annotation else "")
        self.tags_edit.setText(", ".join(annotation.tags) if annotation else "")

    def _load_entities_and_suggestions(self) -> None:
        """Reads the article's mentions and suggestions on the worker (slow on long articles)."""
        assert self._article_id is not None
        worker = Worker(
            _entities_and_suggestions,
            self._archive,
            self._article_id,
            self.show_rejected_check.isChecked(),
        )
        worker.signals.finished.connect(self._on_entities_worker_finished)
        worker.signals.failed.connect(self._on_entities_worker_failed)
        self._workers[worker.signals] = worker
        self._current_job = worker.signals
        self._run_job(worker)

    def _on_entities_worker_finished(self, result: tuple[int, list[Mention], list[Any]]) -> None:
        signals = self.sender()
        self._workers.pop(signals, None)
        article_id, mentions, suggestions = result
        if signals is not self._current_job or article_id != self._article_id:
            return  # an older request
        self._current_job = None
        self._fill_entities(mentions)
        self._fill_suggestions(suggestions)

    def _on_entities_worker_failed(self, error: Exception) -> None:
        signals = self.sender()
        self._workers.pop(signals, None)
        if not isinstance(error, ArchiveError):
            raise error
        # The article went meanwhile: the next refresh shows the panel empty.

    def _fill_entities(self, mentions: list[Mention]) -> None:
        tops = (
            self.entity_tree.topLevelItem(i) for i in range(self.entity_tree.topLevelItemCount())
        )
        expanded = {top.data(0, _ID_ROLE) for top in tops if top is not None and top.isExpanded()}
        selected = {
            (item.parent() is None, item.data(0, _ID_ROLE))
            for item in self.entity_tree.selectedItems()
        }
        by_entity: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_entity.setdefault(mention.entity_id, []).append(mention)
        self._mentions = by_entity
        with QSignalBlocker(self.entity_tree):
            self.entity_tree.clear()
            ordered = sorted(
                by_entity.values(),
                key=lambda ms: (-sum(not m.rejected for m in ms), ms[0].entity_name.casefold()),
            )
            for entity_mentions in ordered:
                first = entity_mentions[0]
                count = sum(not m.rejected for m in entity_mentions)
                top = QTreeWidgetItem([first.entity_name, first.entity_type, str(count)])
                top.setData(0, _ID_ROLE, first.entity_id)
                top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.setToolTip(0, "Double-click to open the entity")
                # Mentions are listed when the entity is opened: an article can have thousands.
                top.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
                self.entity_tree.addTopLevelItem(top)
                if (True, first.entity_id) in selected:
                    top.setSelected(True)
                if first.entity_id in expanded:
                    self._fill_mentions(top)
                    top.setExpanded(True)
                    for i in range(top.childCount()):
                        child = top.child(i)
                        if child is not None and (False, child.data(0, _ID_ROLE)) in selected:
                            child.setSelected(True)
        shown = sum(1 for ms in by_entity.values() if any(not m.rejected for m in ms))
        self.entities_empty.setVisible(not by_entity)
        self.tabs.setTabText(1, f"Entities ({shown})" if shown else "Entities")
        self._update_entity_buttons()

    def _fill_mentions(self, top: QTreeWidgetItem) -> None:
        if top.childCount():
            return
        grey = QColor("#888888")
        for mention in self._mentions.get(int(top.data(0, _ID_ROLE)), []):
            child = QTreeWidgetItem([self._mention_text(mention), "", ""])
            child.setData(0, _ID_ROLE, mention.id)
            child.setData(0, _SPAN_ROLE, (mention.start, mention.end))
            child.setToolTip(0, f"{mention.source} mention; click to show it in the article")
            if mention.rejected:
                child.setForeground(0, grey)
                child.setText(0, "rejected: " + child.text(0))
                child.setData(0, _REJECTED_ROLE, True)
            top.addChild(child)
            # The passage uses the whole width; the rejection shows in its colour.
            child.setFirstColumnSpanned(True)

    def _mention_text(self, mention: Mention) -> str:
        """The mention in its context, cut at whole words: "…tied to [RT] and to…"."""
        start = max(0, mention.start - _CONTEXT)
        before = _SPACES.sub(" ", self._text[start : mention.start])
        if start > 0 and " " in before:
            before = before.split(" ", 1)[1]
        end = mention.end + _CONTEXT
        after = _SPACES.sub(" ", self._text[mention.end : end])
        if end < len(self._text) and " " in after:
            after = after.rsplit(" ", 1)[0]
        return f"…{before.lstrip()}[{_SPACES.sub(' ', mention.text)}]{after.rstrip()}…"

    def _fill_suggestions(self, suggestions: list[Any]) -> None:
        selected = {item.text(0) for item in self.suggestion_tree.selectedItems()}
        with QSignalBlocker(self.suggestion_tree):
            self.suggestion_tree.clear()
            for suggestion in suggestions:
                item = QTreeWidgetItem([suggestion.name, str(suggestion.count)])
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(0, f"Looks like a name ({suggestion.kind})")
                self.suggestion_tree.addTopLevelItem(item)
                item.setSelected(suggestion.name in selected)
        self.suggestions_empty.setVisible(not suggestions)
        self.tabs.setTabText(
            2, f"Suggestions ({len(suggestions)})" if suggestions else "Suggestions"
        )
        self._update_suggestion_buttons()

    # Highlights

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_save_article_button_clicked(self) -> None:
        if self._article_id is None:
            return
        annotations = self._archive.annotations
        old_tags = annotations.article_tags(self._article_id)
        new_tags = split_tags(self.article_tags_edit.text())
        folded_new = {t.casefold() for t in new_tags}
        folded_old = {t.casefold() for t in old_tags}
        added = [t for t in new_tags if t.casefold() not in folded_old]
        removed = [t for t in old_tags if t.casefold() not in folded_new]
        note = self.article_note_edit.toPlainText().strip()
        commands: list[undo.ArchiveCommand] = []
        if note != annotations.note(self._article_id):
            commands.append(undo.SetArticleNote(self._archive, self._article_id, note))
        if added:
            commands.append(undo.TagArticle(self._archive, self._article_id, *added))
        if removed:
            commands.append(undo.UntagArticle(self._archive, self._article_id, *removed))
        self._push_all(commands, "Edit article tags and note")

    def _on_highlight_list_current_item_changed(self, *_items: object) -> None:
        self._load_editor()

    def _on_highlight_list_item_clicked(self, item: QListWidgetItem) -> None:
        annotation = self._annotations.get(int(item.data(_ID_ROLE)))
        if annotation is not None and not annotation.orphaned:
            self.highlight_activated.emit(annotation.id, annotation.start, annotation.end)

    def _on_label_combo_activated(self, index: int) -> None:
        annotation = self._annotations.get(self.selected_highlight() or -1)
        label = self.label_combo.itemData(index)
        if annotation is not None and label != annotation.label:
            self._stack.push(undo.EditHighlight(self._archive, annotation.id, label=label))

    def _on_apply_button_clicked(self) -> None:
        annotation = self._annotations.get(self.selected_highlight() or -1)
        if annotation is None:
            return
        note = self.note_edit.toPlainText().strip()
        tags = split_tags(self.tags_edit.text())
        changes: dict[str, Any] = {}
        if note != annotation.note:
            changes["note"] = note
        if [t.casefold() for t in tags] != [t.casefold() for t in annotation.tags]:
            changes["tags"] = tags
        if changes:
            self._stack.push(undo.EditHighlight(self._archive, annotation.id, **changes))

    def _on_delete_button_clicked(self) -> None:
        annotation_id = self.selected_highlight()
        if annotation_id is None:
            return
        row = self.highlight_list.currentRow()
        self._stack.push(undo.DeleteHighlight(self._archive, annotation_id))
        # Select the next highlight, so that Delete can be pressed again.
        if self.highlight_list.count():
            self.highlight_list.setCurrentRow(min(row, self.highlight_list.count() - 1))

    # Entities

    def _selected_mentions(self) -> list[QTreeWidgetItem]:
        return [item for item in self.entity_tree.selectedItems() if item.parent() is not None]

    def _update_entity_buttons(self) -> None:
        items = self.entity_tree.selectedItems()
        mentions = self._selected_mentions()
        self.open_entity_button.setEnabled(bool(items))
        self.reject_button.setEnabled(any(not item.data(0, _REJECTED_ROLE) for item in mentions))
        self.restore_button.setEnabled(any(item.data(0, _REJECTED_ROLE) for item in mentions))
        self.restore_button.setVisible(self.show_rejected_check.isChecked())

    def _on_entity_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is not None:
            start, end = item.data(0, _SPAN_ROLE)
            self.mention_activated.emit(int(item.data(0, _ID_ROLE)), start, end)

    def _on_entity_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is None:
            self.entity_activated.emit(int(item.data(0, _ID_ROLE)))

    def _on_show_rejected_check_toggled(self, _checked: bool) -> None:
        if self._article_id is not None:
            self._load_entities_and_suggestions()

    def _on_entity_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._fill_mentions(item)

    def _on_open_entity_button_clicked(self) -> None:
        items = self.entity_tree.selectedItems()
        if items:
            top = items[0].parent() or items[0]
            self.entity_activated.emit(int(top.data(0, _ID_ROLE)))

    def _on_reject_button_clicked(self) -> None:
        commands = [
            undo.RejectMention(self._archive, int(item.data(0, _ID_ROLE)))
            for item in self._selected_mentions()
            if not item.data(0, _REJECTED_ROLE)
        ]
        self._push_all(commands, f"Reject {len(commands)} mentions")

    def _on_restore_button_clicked(self) -> None:
        commands = [
            undo.RestoreMention(self._archive, int(item.data(0, _ID_ROLE)))
            for item in self._selected_mentions()
            if item.data(0, _REJECTED_ROLE)
        ]
        self._push_all(commands, f"Restore {len(commands)} mentions")

    # Suggestions

    def _selected_names(self) -> list[str]:
        return [item.text(0) for item in self.suggestion_tree.selectedItems()]

    def _update_suggestion_buttons(self) -> None:
        names = self._selected_names()
        self.accept_button.setEnabled(bool(names) and bool(self.type_combo.currentText()))
        self.dismiss_button.setEnabled(bool(names))

    def _on_accept_button_clicked(self) -> None:
        type_name = self.type_combo.currentText()
        names = self._selected_names()
        if not type_name or not names:
            return
        commands = [undo.AcceptSuggestion(self._archive, name, type_name) for name in names]
        self._push_all(commands, f"Accept {len(commands)} names as {type_name}")

    def _on_dismiss_button_clicked(self) -> None:
        commands = [undo.DismissSuggestion(self._archive, name) for name in self._selected_names()]
        self._push_all(commands, f"Dismiss {len(commands)} names")

    def _push_all(self, commands: Sequence[undo.ArchiveCommand], text: str) -> None:
        """Pushes one command as it is, several as one macro (one undo step)."""
        if len(commands) == 1:
            self._stack.push(commands[0])
        elif commands:
            self._stack.beginMacro(text)
            for command in commands:
                self._stack.push(command)
            self._stack.endMacro()


def _quoted(text: str) -> str:
    """Text in quotation marks, unless it starts with one of its own (no ““)."""
    if text[:1] in ("“", '"', "«", "„", "‘", "'"):
        return text
    return f"“{text}”"
