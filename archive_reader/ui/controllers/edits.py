"""Edits: what the reader and the list ask for (highlight, note, entity, tags), made undoable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from archive_reader.core.annotations.models import Annotation
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.undo import AddHighlight, EditHighlight, TagArticle, TagEntity
from archive_reader.ui.widgets.reader import ReaderView


class EditController(QObject):
    """Pushes each edit the user asks for on the undo stack (which runs it).

    The reader's selection commands (highlight, note, entity) come in through
    its signals; they apply to the article it shows.
    """

    def __init__(
        self,
        archive: ArchiveFacade,
        undo_stack: QUndoStack,
        reader: ReaderView,
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._undo_stack = undo_stack
        self._reader = reader
        self._dialog_parent = dialog_parent
        reader.highlight_requested.connect(self._on_reader_highlight_requested)
        reader.note_requested.connect(self._on_reader_note_requested)
        reader.entity_chosen.connect(self._on_reader_entity_chosen)

    def highlight(self, article_id: int, start: int, end: int, label: str | None) -> None:
        """Highlights text range [start, end) of the article with a label (or none)."""
        self._undo_stack.push(AddHighlight(self._archive, article_id, start, end, label=label))

    def note(
        self, article_id: int, start: int, end: int, annotations: Sequence[Annotation]
    ) -> None:
        """Asks a note for [start, end): a new highlight's, or the one it lies in."""
        parent = self._dialog_parent
        # Inside a highlight, the note is that highlight's (not a second one over it).
        existing = next(
            (a for a in annotations if not a.orphaned and a.start <= start and end <= a.end),
            None,
        )
        if existing is not None:
            note = messages.ask_note(parent, "Note on the Highlight", "Note:", existing.note)
            if note is not None and note != existing.note:
                self._undo_stack.push(EditHighlight(self._archive, existing.id, note=note))
            return
        note = messages.ask_note(parent, "Highlight with a Note", "Note:")
        if note is None:
            return
        self._undo_stack.push(AddHighlight(self._archive, article_id, start, end, note=note))

    def tag_entity(
        self, article_id: int, start: int, end: int, entity_id: int | None, entity_type: str
    ) -> None:
        """Tags [start, end) as a mention of an existing entity, or of a new one of a type."""
        if entity_id is not None:
            command = TagEntity(self._archive, article_id, start, end, entity_id=int(entity_id))
        else:
            command = TagEntity(self._archive, article_id, start, end, type=entity_type)
        self._undo_stack.push(command)

    def tag_articles(self, ids: list[int]) -> None:
        """Asks tags for the articles and adds them (one undo step)."""
        parent = self._dialog_parent
        if not ids:
            messages.show_info(parent, "Tag Articles", "Select the articles to tag first.")
            return
        what = "this article" if len(ids) == 1 else f"the {len(ids):,} selected articles"
        text = messages.ask_text(parent, "Tag Articles", f"Tags for {what} (separated by commas):")
        names = [n.strip() for n in (text or "").split(",") if n.strip()]
        if not names:
            return
        self._undo_stack.beginMacro(f"Tag {len(ids):,} articles {', '.join(names)}")
        try:
            for article_id in ids:
                self._undo_stack.push(TagArticle(self._archive, article_id, *names))
        finally:
            self._undo_stack.endMacro()

    def _on_reader_highlight_requested(self, start: int, end: int, label: str = "") -> None:
        if self._reader.article is not None:
            self.highlight(self._reader.article.id, start, end, label or None)

    def _on_reader_note_requested(self, start: int, end: int) -> None:
        if self._reader.article is not None:
            self.note(self._reader.article.id, start, end, self._reader.annotations)

    def _on_reader_entity_chosen(
        self, start: int, end: int, entity_id: int | None, entity_type: str
    ) -> None:
        """The reader's entity picker answered: an existing entity, or a new one of a type."""
        if self._reader.article is not None:
            self.tag_entity(self._reader.article.id, start, end, entity_id, entity_type)
