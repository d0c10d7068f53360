"""Highlights anchored to an article's text (add, edit, delete, list, re-anchor); Annotations.

:class:`Annotations` is what ``archive.annotations`` is: it keeps the
highlights itself and hands out the labels (:mod:`.labels`) and the article
tags and notes (:mod:`.notes`). How a highlight is placed again after a
re-extraction is told in :mod:`archive_reader.core.annotations.anchoring`.
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from archive_reader.core.annotations.anchoring import (
    CONTEXT,
    InvalidAnchor,
    PositionMap,
    count_quote,
    find_quote,
    locate,
    valid_range,
)
from archive_reader.core.annotations.changes import article_text, changing
from archive_reader.core.annotations.labels import Labels
from archive_reader.core.annotations.models import (
    Annotation,
    AnnotationNotFound,
    Label,
    ReanchorReport,
    TagCount,
)
from archive_reader.core.annotations.names import clean_name, tag_name
from archive_reader.core.annotations.notes import ArticleNotes
from archive_reader.core.db import annotations as db_annotations
from archive_reader.core.db import tags as db_tags
from archive_reader.core.db.storage import now

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle

log = logging.getLogger(__name__)

_UNSET: object = object()


class Annotations:
    """Highlights, labels, tags and notes of one library.

    Args:
        handle: The library's storage, lock and index flush.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db
        self._labels = Labels(handle)
        self._notes = ArticleNotes(handle)

    # Labels (see Labels)

    def labels(self) -> builtins.list[Label]:
        """Every label, oldest first (``position`` 1, 2, ...)."""
        return self._labels.labels()

    def label(self, name: str) -> Label:
        """One label by name (case-insensitive): see :meth:`Labels.label`."""
        return self._labels.label(name)

    def add_label(self, name: str, color: str | None = None) -> Label:
        """Creates a label: see :meth:`Labels.add_label`."""
        return self._labels.add_label(name, color)

    def edit_label(self, name: str, new_name: str | None = None, color: str | None = None) -> Label:
        """Renames a label or changes its colour: see :meth:`Labels.edit_label`."""
        return self._labels.edit_label(name, new_name, color)

    def delete_label(self, name: str) -> Label:
        """Deletes a label, its highlights stay unlabelled: see :meth:`Labels.delete_label`."""
        return self._labels.delete_label(name)

    def ensure_default_labels(self) -> builtins.list[Label]:
        """Creates the default labels if none exist: see :meth:`Labels.ensure_default_labels`."""
        return self._labels.ensure_default_labels()

    # Article tags and notes (see ArticleNotes)

    def tag(self, article_id: int, *names: str) -> builtins.list[str]:
        """Tags an article: see :meth:`ArticleNotes.tag`."""
        return self._notes.tag(article_id, *names)

    def untag(self, article_id: int, *names: str) -> builtins.list[str]:
        """Removes tags from an article: see :meth:`ArticleNotes.untag`."""
        return self._notes.untag(article_id, *names)

    def article_tags(self, article_id: int) -> builtins.list[str]:
        """An article's own tags, sorted: see :meth:`ArticleNotes.article_tags`."""
        return self._notes.article_tags(article_id)

    def tags(self) -> builtins.list[TagCount]:
        """Every tag with its counts of articles and highlights, by name."""
        return self._notes.tags()

    def set_note(self, article_id: int, text: str) -> None:
        """Sets (or with "" clears) an article's note: see :meth:`ArticleNotes.set_note`."""
        self._notes.set_note(article_id, text)

    def note(self, article_id: int) -> str:
        """The note on a whole article: see :meth:`ArticleNotes.note`."""
        return self._notes.note(article_id)

    # Highlights

    def quote_count(self, article_id: int, quote: str) -> int:
        """How many times a quote can be found in an article's text (for ``occurrence``)."""
        with self._handle.lock:
            return count_quote(article_text(self._handle, article_id), quote)

    def add(
        self,
        article_id: int,
        start: int | None = None,
        end: int | None = None,
        *,
        quote: str | None = None,
        occurrence: int = 1,
        label: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """Highlights a passage, given by range or by quote.

        Args:
            article_id: The article.
            start: Offset of the first character (with ``end``), or None to
                give a ``quote`` instead.
            end: Offset just after the last character. Whitespace at either
                end of the range is left out.
            quote: Text to find in the article: exactly first, then ignoring
                case, accents, runs of whitespace and typographic quotes.
            occurrence: Which match of ``quote`` to take (1 for the first).
            label: A label name; created with the next palette colour when
                new; None for no label.
            note: The note.
            tags: Tag names.

        Returns:
            The new annotation.

        Raises:
            ArticleNotFound: No such article.
            InvalidAnchor: The range is outside the text or only whitespace,
                or neither a range nor a quote (or both) was given.
            QuoteNotFound: The quote (or its n-th occurrence) is not in the text.
            TagError: A tag name is empty.
        """
        tag_names = [tag_name(tag) for tag in tags]
        with changing(self._handle) as touched:
            text = article_text(self._handle, article_id)
            if quote is not None and start is None and end is None:
                start, end = find_quote(text, quote, occurrence, article_id)
            elif quote is None and start is not None and end is not None:
                start, end = valid_range(text, start, end)
            else:
                raise InvalidAnchor("give either a start and end offset or a quote to highlight")
            stamp = now()
            annotation_id = db_annotations.insert_annotation(
                self._db,
                annotation_id=None,
                article_id=article_id,
                label_id=self._labels.label_for(label),
                quote=text[start:end],
                prefix=text[max(0, start - CONTEXT) : start],
                suffix=text[end : end + CONTEXT],
                start=start,
                end=end,
                note=note.strip(),
                orphaned=False,
                created_at=stamp,
                updated_at=stamp,
            )
            for name in tag_names:
                self._tag_annotation(annotation_id, name)
            touched.add(article_id)
        return self.get(annotation_id)

    def get(self, annotation_id: int) -> Annotation:
        """One annotation.

        Raises:
            AnnotationNotFound: No annotation has this id.
        """
        with self._handle.lock:
            found = db_annotations.annotation(self._db, annotation_id)
        if found is None:
            raise AnnotationNotFound(f"no annotation with id {annotation_id}")
        return found

    def for_article(self, article_id: int) -> builtins.list[Annotation]:
        """An article's highlights in text order; orphans last.

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            article_text(self._handle, article_id)
            return db_annotations.article_annotations(self._db, article_id)

    def edit(
        self,
        annotation_id: int,
        *,
        label: str | None | object = _UNSET,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
    ) -> Annotation:
        """Changes an annotation's label, note or tags; what is not given stays.

        Args:
            annotation_id: The annotation.
            label: A label name (created when new), or None to remove the label.
            note: The new note ("" clears it).
            tags: Replaces all tags.
            add_tags: Tags to add.
            remove_tags: Tags to remove (absent ones are ignored).

        Returns:
            The annotation as changed.

        Raises:
            AnnotationNotFound: No such annotation.
            TagError: A tag name is empty.
        """
        added = [tag_name(tag) for tag in add_tags]
        removed = [tag_name(tag) for tag in remove_tags]
        replaced = None if tags is None else [tag_name(tag) for tag in tags]
        with changing(self._handle) as touched:
            article_id = self._annotation_article(annotation_id)
            if label is not _UNSET:
                assert label is None or isinstance(label, str)
                db_annotations.set_label(self._db, annotation_id, self._labels.label_for(label))
            if note is not None:
                db_annotations.set_note(self._db, annotation_id, note.strip())
            if replaced is not None:
                old = db_annotations.tag_ids(self._db, annotation_id)
                db_annotations.clear_tags(self._db, annotation_id)
                for name in replaced:
                    self._tag_annotation(annotation_id, name)
                db_tags.drop_unused_tags(self._db, old)
            for name in added:
                self._tag_annotation(annotation_id, name)
            for name in removed:
                self._untag_annotation(annotation_id, name)
            db_annotations.set_updated(self._db, annotation_id, now())
            touched.add(article_id)
        return self.get(annotation_id)

    def delete(self, annotation_id: int) -> Annotation:
        """Deletes an annotation.

        Returns:
            The deleted annotation, which :meth:`restore` puts back (undo).

        Raises:
            AnnotationNotFound: No such annotation.
        """
        with changing(self._handle) as touched:
            annotation = self.get(annotation_id)
            tag_ids = db_annotations.tag_ids(self._db, annotation_id)
            db_annotations.delete_annotation(self._db, annotation_id)
            db_tags.drop_unused_tags(self._db, tag_ids)
            touched.add(annotation.article_id)
        return annotation

    def restore(self, annotation: Annotation) -> Annotation:
        """Puts a deleted annotation back, with its id when still free.

        Its label is created again (with its colour) if it was deleted meanwhile.

        Returns:
            The restored annotation.

        Raises:
            ArticleNotFound: Its article was deleted meanwhile.
        """
        with changing(self._handle) as touched:
            article_text(self._handle, annotation.article_id)
            taken = db_annotations.annotation_exists(self._db, annotation.id)
            annotation_id = db_annotations.insert_annotation(
                self._db,
                annotation_id=None if taken else annotation.id,
                article_id=annotation.article_id,
                label_id=self._labels.label_for(annotation.label, annotation.color),
                quote=annotation.quote,
                prefix=annotation.prefix,
                suffix=annotation.suffix,
                start=annotation.start,
                end=annotation.end,
                note=annotation.note,
                orphaned=annotation.orphaned,
                created_at=annotation.created_at or now(),
                updated_at=now(),
            )
            for name in annotation.tags:
                self._tag_annotation(annotation_id, name)
            touched.add(annotation.article_id)
        return self.get(annotation_id)

    def _annotation_article(self, annotation_id: int) -> int:
        found = db_annotations.article_of(self._db, annotation_id)
        if found is None:
            raise AnnotationNotFound(f"no annotation with id {annotation_id}")
        return found

    def _tag_annotation(self, annotation_id: int, name: str) -> None:
        db_annotations.add_tag(self._db, annotation_id, db_tags.tag_id(self._db, name))

    def _untag_annotation(self, annotation_id: int, name: str) -> None:
        tag_id = db_tags.find_tag_id(self._db, name)
        if tag_id is not None:
            db_annotations.remove_tag(self._db, annotation_id, tag_id)
            db_tags.drop_unused_tags(self._db, [tag_id])

    # Re-anchoring

    def reanchor(self, article_id: int, old_text: str, new_text: str) -> ReanchorReport:
        """Places an article's highlights again after its text changed.

        Call it inside the transaction that writes the new ``articles.text``
        (so that text and highlights change together, or not at all); it then
        writes within that transaction. Called outside a transaction, it opens
        its own. Search is not affected (quotes are not indexed), so nothing is
        queued for the index.

        Args:
            article_id: The article.
            old_text: The text the highlights were placed on.
            new_text: The new text.

        Returns:
            Which highlights were kept, moved, placed approximately or orphaned.
        """
        report = ReanchorReport(article_id)
        with self._handle.lock:
            if self._db.conn.in_transaction:
                self._reanchor(report, old_text, new_text)
            else:
                with self._handle.storage.transaction():
                    self._reanchor(report, old_text, new_text)
        if report.orphaned:
            log.info(
                "article %d: %d highlight(s) could not be placed again and are kept as orphans",
                article_id,
                len(report.orphaned),
            )
        return report

    def _reanchor(self, report: ReanchorReport, old_text: str, new_text: str) -> None:
        rows = db_annotations.anchors(self._db, report.article_id)
        if not rows:
            return
        stamp = now()
        mapping = PositionMap(old_text, new_text)
        for row in rows:
            annotation_id, orphaned = row.id, row.orphaned
            placed = locate(new_text, row.quote, row.prefix, row.suffix, row.start, mapping=mapping)
            if placed is None:
                report.orphaned.append(annotation_id)
                if not orphaned:
                    db_annotations.mark_orphaned(self._db, annotation_id, stamp)
                continue
            {"kept": report.kept, "moved": report.moved, "fuzzy": report.fuzzy}[placed.kind].append(
                annotation_id
            )
            if orphaned:
                report.reattached.append(annotation_id)
            values = (
                new_text[placed.start : placed.end],
                new_text[max(0, placed.start - CONTEXT) : placed.start],
                new_text[placed.end : placed.end + CONTEXT],
                placed.start,
                placed.end,
            )
            if values == (row.quote, row.prefix, row.suffix, row.start, row.end) and not orphaned:
                continue
            db_annotations.place(self._db, annotation_id, values, stamp)

    # Listing across the library (last: the name shadows the builtin in the class)

    def list(
        self,
        tag: str | None = None,
        label: str | None = None,
        article_id: int | None = None,
        orphaned: bool | None = None,
        entity: int | str | None = None,
    ) -> builtins.list[Annotation]:
        """Highlights across the library, by article, then position.

        Args:
            tag: Only highlights with this tag (case-insensitive).
            label: Only highlights with this label.
            article_id: Only this article's highlights.
            orphaned: True for orphans only, False for placed ones only.
            entity: Only highlights of articles that mention this entity (an
                id, or a name or alias), mentions the user rejected aside.

        Returns:
            The matching annotations, with their article's title, site and date.
        """
        wanted_tag = None if tag is None else tag_name(tag)
        wanted_label = None if label is None else clean_name(label)
        entity_ids = None
        if entity is not None:
            with self._handle.lock:
                entity_ids = (
                    [entity]
                    if isinstance(entity, int)
                    else self._handle.storage.entity_ids_named(entity.strip())
                )
            if not entity_ids:
                return []
        with self._handle.lock:
            return db_annotations.matching_annotations(
                self._db,
                tag=wanted_tag,
                label=wanted_label,
                article_id=article_id,
                orphaned=orphaned,
                entity_ids=entity_ids,
            )
