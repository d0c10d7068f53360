"""Highlights anchored to an article's text, their labels, tags and notes; article tags and notes.

How a highlight is placed again after a re-extraction is told in
:mod:`archive_reader.core.annotations.anchoring`.
"""

from __future__ import annotations

import builtins
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive_reader.core.annotations.anchoring import (
    CONTEXT,
    InvalidAnchor,
    PositionMap,
    find_quote,
    locate,
    valid_range,
)
from archive_reader.core.db.storage import now
from archive_reader.core.errors import ArchiveError, ArticleNotFound

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle

log = logging.getLogger(__name__)

#: Highlight colours given to new labels, in order (keys 1-9 in the reader).
PALETTE = (
    "#FFD43B",
    "#69DB7C",
    "#74C0FC",
    "#F783AC",
    "#FFA94D",
    "#B197FC",
    "#63E6BE",
    "#FF8787",
    "#ADB5BD",
)
#: Labels :meth:`Annotations.ensure_default_labels` creates in an empty library.
DEFAULT_LABELS = ("claim", "evidence", "attribution", "question")

_COLOR = re.compile(r"#?([0-9a-fA-F]{6})")
_ANNOTATION_COLUMNS = (
    "a.id, a.article_id, a.quote, a.prefix, a.suffix, a.start, a.end, a.note, a.orphaned,"
    " a.created_at, a.updated_at, l.name, l.color, ar.title, ar.site_name, ar.published"
)
_ANNOTATION_FROM = (
    " FROM annotations a LEFT JOIN labels l ON l.id = a.label_id"
    " JOIN articles ar ON ar.id = a.article_id"
)


class AnnotationNotFound(ArchiveError):
    """No annotation with the requested id exists."""


class LabelError(ArchiveError):
    """A label name or colour is unusable, taken, or unknown."""


class TagError(ArchiveError):
    """A tag name is empty."""


@dataclass(slots=True)
class Label:
    """A named highlight colour ("claim", "evidence").

    Attributes:
        id: The label's id.
        name: Its name (unique, case-insensitively).
        color: ``#RRGGBB``.
        position: 1 for the oldest label, 2 for the next...: keys 1-9 in the
            reader apply the first nine.
    """

    id: int
    name: str
    color: str
    position: int


@dataclass(slots=True)
class Annotation:
    """A highlighted passage with its label, note and tags.

    Attributes:
        id: The annotation's id.
        article_id: The article it belongs to.
        quote: The highlighted text.
        prefix: Up to 32 characters of text before the quote.
        suffix: Up to 32 characters after it.
        start: Character offset of the quote in the article's text.
        end: Offset just after the quote (``text[start:end] == quote``
            unless orphaned).
        note: The researcher's note ("" when none).
        tags: Tag names, sorted case-insensitively.
        label: The label's name, or None.
        color: The label's colour, or None.
        orphaned: True when a re-extraction could not place the quote again;
            start and end are then where it last was.
        created_at: ISO 8601 UTC.
        updated_at: ISO 8601 UTC.
        article_title: The article's title, for display.
        site_name: The article's site, for display.
        published: The article's publication date, for display.
    """

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str = ""
    tags: list[str] = field(default_factory=list)
    label: str | None = None
    color: str | None = None
    orphaned: bool = False
    created_at: str = ""
    updated_at: str = ""
    article_title: str = ""
    site_name: str | None = None
    published: str | None = None


@dataclass(slots=True)
class TagCount:
    """A tag with how many articles and highlights carry it."""

    name: str
    articles: int
    annotations: int


@dataclass(slots=True)
class ReanchorReport:
    """What re-anchoring did to an article's highlights (annotation ids).

    Attributes:
        article_id: The article.
        kept: Quote still at the same position.
        moved: The same quote found at another position.
        fuzzy: Placed on a slightly different text; quote updated.
        orphaned: Not placed; kept and flagged.
        reattached: Orphans placed again (also listed in kept, moved or fuzzy).
    """

    article_id: int
    kept: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    fuzzy: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)
    reattached: list[int] = field(default_factory=list)


_UNSET: object = object()


class Annotations:
    """Highlights, labels, tags and notes of one library.

    Args:
        handle: The library's storage, lock and index flush.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db

    @contextmanager
    def _changing(self) -> Iterator[set[int]]:
        """One transaction; the article ids added to the yielded set are re-indexed."""
        touched: set[int] = set()
        with self._handle.lock:
            with self._handle.storage.transaction():
                yield touched
                if touched:
                    self._handle.storage.queue_for_index(sorted(touched))
            if touched:
                self._handle.flush()

    def _article_text(self, article_id: int) -> str:
        row = self._db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise ArticleNotFound(f"no article with id {article_id} in {self._handle.path}")
        return str(row[0])

    # Labels

    def labels(self) -> builtins.list[Label]:
        """Every label, oldest first (``position`` 1, 2, ...)."""
        with self._handle.lock:
            rows = self._db.execute("SELECT id, name, color FROM labels ORDER BY id").fetchall()
        return [Label(row[0], row[1], row[2], number) for number, row in enumerate(rows, 1)]

    def label(self, name: str) -> Label:
        """One label by name (case-insensitive).

        Raises:
            LabelError: No label has this name.
        """
        wanted = _clean_name(name)
        for label in self.labels():
            if label.name.casefold() == wanted.casefold():
                return label
        raise LabelError(f"no label is called {wanted!r}")

    def add_label(self, name: str, color: str | None = None) -> Label:
        """Creates a label.

        Args:
            name: Its name.
            color: ``#RRGGBB``; None picks the first palette colour no label uses.

        Raises:
            LabelError: The name is empty or taken, or the colour is not #RRGGBB.
        """
        name = _clean_name(name)
        if not name:
            raise LabelError("a label needs a name")
        chosen = _color(color) if color is not None else None
        with self._changing():
            if self._label_id(name) is not None:
                raise LabelError(f"there is already a label called {name!r}")
            self._insert_label(name, chosen)
        return self.label(name)

    def edit_label(self, name: str, new_name: str | None = None, color: str | None = None) -> Label:
        """Renames a label or changes its colour.

        Raises:
            LabelError: No such label, the new name is empty or taken, or the
                colour is not #RRGGBB.
        """
        current = self.label(name)
        renamed = _clean_name(new_name) if new_name is not None else current.name
        if not renamed:
            raise LabelError("a label needs a name")
        chosen = _color(color) if color is not None else current.color
        with self._changing() as touched:
            other = self._label_id(renamed)
            if other is not None and other != current.id:
                raise LabelError(f"there is already a label called {renamed!r}")
            self._db.execute(
                "UPDATE labels SET name = ?, color = ? WHERE id = ?", [renamed, chosen, current.id]
            )
            if renamed != current.name:
                touched.update(self._articles_with_label(current.id))
        return self.label(renamed)

    def delete_label(self, name: str) -> Label:
        """Deletes a label; its highlights stay, without a label.

        Returns:
            The deleted label.

        Raises:
            LabelError: No such label.
        """
        current = self.label(name)
        with self._changing() as touched:
            touched.update(self._articles_with_label(current.id))
            self._db.execute("DELETE FROM labels WHERE id = ?", [current.id])
        return current

    def ensure_default_labels(self) -> builtins.list[Label]:
        """Creates :data:`DEFAULT_LABELS` when the library has no label yet.

        Returns:
            Every label.
        """
        with self._changing():
            if self._db.execute("SELECT count(*) FROM labels").fetchone()[0] == 0:
                for name in DEFAULT_LABELS:
                    self._insert_label(name, None)
        return self.labels()

    def _label_id(self, name: str) -> int | None:
        row = self._db.execute("SELECT id FROM labels WHERE name = ?", [name]).fetchone()
        return None if row is None else int(row[0])

    def _insert_label(self, name: str, color: str | None) -> int:
        if color is None:
            used = {row[0].upper() for row in self._db.execute("SELECT color FROM labels")}
            free = [c for c in PALETTE if c not in used]
            count = self._db.execute("SELECT count(*) FROM labels").fetchone()[0]
            color = free[0] if free else PALETTE[count % len(PALETTE)]
        cursor = self._db.execute("INSERT INTO labels (name, color) VALUES (?, ?)", [name, color])
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _label_for(self, name: str | None, color: str | None = None) -> int | None:
        """The id of the label of this name, created on first use; None for no label."""
        if name is None or not _clean_name(name):
            return None
        name = _clean_name(name)
        found = self._label_id(name)
        return found if found is not None else self._insert_label(name, color)

    def _articles_with_label(self, label_id: int) -> set[int]:
        rows = self._db.execute(
            "SELECT DISTINCT article_id FROM annotations WHERE label_id = ?", [label_id]
        ).fetchall()
        return {row[0] for row in rows}

    # Highlights

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
        tag_names = [_tag_name(tag) for tag in tags]
        with self._changing() as touched:
            text = self._article_text(article_id)
            if quote is not None and start is None and end is None:
                start, end = find_quote(text, quote, occurrence, article_id)
            elif quote is None and start is not None and end is not None:
                start, end = valid_range(text, start, end)
            else:
                raise InvalidAnchor("give either a start and end offset or a quote to highlight")
            stamp = now()
            cursor = self._db.execute(
                "INSERT INTO annotations (article_id, label_id, quote, prefix, suffix, start, end,"
                " note, orphaned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                [
                    article_id,
                    self._label_for(label),
                    text[start:end],
                    text[max(0, start - CONTEXT) : start],
                    text[end : end + CONTEXT],
                    start,
                    end,
                    note.strip(),
                    stamp,
                    stamp,
                ],
            )
            annotation_id = cursor.lastrowid
            assert annotation_id is not None
            for name in tag_names:
                self._tag_annotation(annotation_id, name)
            touched.add(article_id)
        return self.get(annotation_id)

    def get(self, annotation_id: int) -> Annotation:
        """One annotation.

        Raises:
            AnnotationNotFound: No annotation has this id.
        """
        found = self._select("WHERE a.id = ?", [annotation_id])
        if not found:
            raise AnnotationNotFound(f"no annotation with id {annotation_id}")
        return found[0]

    def for_article(self, article_id: int) -> builtins.list[Annotation]:
        """An article's highlights in text order; orphans last.

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            self._article_text(article_id)
            return self._select(
                "WHERE a.article_id = ? ORDER BY a.orphaned, a.start, a.end, a.id", [article_id]
            )

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
        added = [_tag_name(tag) for tag in add_tags]
        removed = [_tag_name(tag) for tag in remove_tags]
        replaced = None if tags is None else [_tag_name(tag) for tag in tags]
        with self._changing() as touched:
            article_id = self._annotation_article(annotation_id)
            if label is not _UNSET:
                assert label is None or isinstance(label, str)
                self._db.execute(
                    "UPDATE annotations SET label_id = ? WHERE id = ?",
                    [self._label_for(label), annotation_id],
                )
            if note is not None:
                self._db.execute(
                    "UPDATE annotations SET note = ? WHERE id = ?", [note.strip(), annotation_id]
                )
            if replaced is not None:
                old = self._db.execute(
                    "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", [annotation_id]
                ).fetchall()
                self._db.execute(
                    "DELETE FROM annotation_tags WHERE annotation_id = ?", [annotation_id]
                )
                for name in replaced:
                    self._tag_annotation(annotation_id, name)
                self._drop_unused_tags(row[0] for row in old)
            for name in added:
                self._tag_annotation(annotation_id, name)
            for name in removed:
                self._untag_annotation(annotation_id, name)
            self._db.execute(
                "UPDATE annotations SET updated_at = ? WHERE id = ?", [now(), annotation_id]
            )
            touched.add(article_id)
        return self.get(annotation_id)

    def delete(self, annotation_id: int) -> Annotation:
        """Deletes an annotation.

        Returns:
            The deleted annotation, which :meth:`restore` puts back (undo).

        Raises:
            AnnotationNotFound: No such annotation.
        """
        with self._changing() as touched:
            annotation = self.get(annotation_id)
            tag_ids = [
                row[0]
                for row in self._db.execute(
                    "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", [annotation_id]
                ).fetchall()
            ]
            self._db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
            self._drop_unused_tags(tag_ids)
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
        with self._changing() as touched:
            self._article_text(annotation.article_id)
            taken = self._db.execute(
                "SELECT 1 FROM annotations WHERE id = ?", [annotation.id]
            ).fetchone()
            cursor = self._db.execute(
                "INSERT INTO annotations (id, article_id, label_id, quote, prefix, suffix, start,"
                " end, note, orphaned, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    None if taken else annotation.id,
                    annotation.article_id,
                    self._label_for(annotation.label, annotation.color),
                    annotation.quote,
                    annotation.prefix,
                    annotation.suffix,
                    annotation.start,
                    annotation.end,
                    annotation.note,
                    int(annotation.orphaned),
                    annotation.created_at or now(),
                    now(),
                ],
            )
            annotation_id = cursor.lastrowid
            assert annotation_id is not None
            for name in annotation.tags:
                self._tag_annotation(annotation_id, name)
            touched.add(annotation.article_id)
        return self.get(annotation_id)

    def _annotation_article(self, annotation_id: int) -> int:
        row = self._db.execute(
            "SELECT article_id FROM annotations WHERE id = ?", [annotation_id]
        ).fetchone()
        if row is None:
            raise AnnotationNotFound(f"no annotation with id {annotation_id}")
        return int(row[0])

    def _select(self, where: str, params: builtins.list[object]) -> builtins.list[Annotation]:
        with self._handle.lock:
            rows = self._db.execute(
                f"SELECT {_ANNOTATION_COLUMNS}{_ANNOTATION_FROM} {where}", params
            ).fetchall()
            tags: dict[int, builtins.list[str]] = {row[0]: [] for row in rows}
            ids = builtins.list(tags)
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                marks = ",".join("?" * len(part))
                for annotation_id, name in self._db.execute(
                    "SELECT at.annotation_id, t.name FROM annotation_tags at"
                    f" JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id IN ({marks})",
                    part,
                ).fetchall():
                    tags[annotation_id].append(name)
        return [
            Annotation(
                id=row[0],
                article_id=row[1],
                quote=row[2],
                prefix=row[3],
                suffix=row[4],
                start=row[5],
                end=row[6],
                note=row[7],
                orphaned=bool(row[8]),
                created_at=row[9],
                updated_at=row[10],
                label=row[11],
                color=row[12],
                article_title=row[13],
                site_name=row[14],
                published=row[15],
                tags=sorted(tags[row[0]], key=str.casefold),
            )
            for row in rows
        ]

    # Tags

    def _tag_id(self, name: str) -> int:
        self._db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        return int(self._db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0])

    def _tag_annotation(self, annotation_id: int, name: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            [annotation_id, self._tag_id(name)],
        )

    def _untag_annotation(self, annotation_id: int, name: str) -> None:
        row = self._db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()
        if row is not None:
            self._db.execute(
                "DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?",
                [annotation_id, row[0]],
            )
            self._drop_unused_tags([row[0]])

    def _drop_unused_tags(self, tag_ids: Iterable[int]) -> None:
        """Forgets tags that no article and no highlight carries any more."""
        for tag_id in set(tag_ids):
            self._db.execute(
                "DELETE FROM tags WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM article_tags WHERE tag_id = ?)"
                " AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE tag_id = ?)",
                [tag_id, tag_id, tag_id],
            )

    def tag(self, article_id: int, *names: str) -> builtins.list[str]:
        """Tags an article (tags it already has are left as they are).

        Returns:
            The article's tags afterwards.

        Raises:
            ArticleNotFound: No such article.
            TagError: A tag name is empty.
        """
        cleaned = [_tag_name(name) for name in names]
        with self._changing() as touched:
            self._article_text(article_id)
            for name in cleaned:
                self._db.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                    [article_id, self._tag_id(name)],
                )
            touched.add(article_id)
        return self.article_tags(article_id)

    def untag(self, article_id: int, *names: str) -> builtins.list[str]:
        """Removes tags from an article (its highlights keep theirs).

        Returns:
            The names that the article had and no longer has.

        Raises:
            ArticleNotFound: No such article.
            TagError: A tag name is empty.
        """
        cleaned = [_tag_name(name) for name in names]
        removed = []
        with self._changing() as touched:
            self._article_text(article_id)
            for name in cleaned:
                row = self._db.execute(
                    "SELECT t.id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
                    " WHERE article_id = ? AND t.name = ?",
                    [article_id, name],
                ).fetchone()
                if row is None:
                    continue
                self._db.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                    [article_id, row[0]],
                )
                self._drop_unused_tags([row[0]])
                removed.append(row[1])
            if removed:
                touched.add(article_id)
        return removed

    def article_tags(self, article_id: int) -> builtins.list[str]:
        """An article's own tags (not its highlights'), sorted.

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            self._article_text(article_id)
            rows = self._db.execute(
                "SELECT t.name FROM article_tags JOIN tags t ON t.id = tag_id"
                " WHERE article_id = ? ORDER BY t.name COLLATE NOCASE",
                [article_id],
            ).fetchall()
        return [row[0] for row in rows]

    def tags(self) -> builtins.list[TagCount]:
        """Every tag with its counts of articles and highlights, by name."""
        with self._handle.lock:
            rows = self._db.execute(
                "SELECT t.name,"
                " (SELECT count(*) FROM article_tags WHERE tag_id = t.id),"
                " (SELECT count(*) FROM annotation_tags WHERE tag_id = t.id)"
                " FROM tags t ORDER BY t.name COLLATE NOCASE"
            ).fetchall()
        return [TagCount(row[0], row[1], row[2]) for row in rows]

    # Article notes

    def set_note(self, article_id: int, text: str) -> None:
        """Sets (or with "" clears) the note on a whole article.

        Raises:
            ArticleNotFound: No such article.
        """
        with self._changing() as touched:
            self._article_text(article_id)
            self._db.execute(
                "UPDATE articles SET note = ? WHERE id = ?", [text.strip(), article_id]
            )
            touched.add(article_id)

    def note(self, article_id: int) -> str:
        """The note on a whole article ("" when none).

        Raises:
            ArticleNotFound: No such article.
        """
        with self._handle.lock:
            self._article_text(article_id)
            row = self._db.execute(
                "SELECT note FROM articles WHERE id = ?", [article_id]
            ).fetchone()
        return str(row[0])

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
        rows = self._db.execute(
            "SELECT id, quote, prefix, suffix, start, end, orphaned FROM annotations"
            " WHERE article_id = ? ORDER BY id",
            [report.article_id],
        ).fetchall()
        if not rows:
            return
        stamp = now()
        mapping = PositionMap(old_text, new_text)
        for annotation_id, quote, prefix, suffix, start, end, orphaned in rows:
            placed = locate(new_text, quote, prefix, suffix, start, mapping=mapping)
            if placed is None:
                report.orphaned.append(annotation_id)
                if not orphaned:
                    self._db.execute(
                        "UPDATE annotations SET orphaned = 1, updated_at = ? WHERE id = ?",
                        [stamp, annotation_id],
                    )
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
            if values == (quote, prefix, suffix, start, end) and not orphaned:
                continue
            self._db.execute(
                "UPDATE annotations SET quote = ?, prefix = ?, suffix = ?, start = ?, end = ?,"
                " orphaned = 0, updated_at = ? WHERE id = ?",
                [*values, stamp, annotation_id],
            )

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
        clauses = []
        params: builtins.list[object] = []
        if tag is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id"
                " WHERE at.annotation_id = a.id AND t.name = ?)"
            )
            params.append(_tag_name(tag))
        if label is not None:
            clauses.append("l.name = ? COLLATE NOCASE")
            params.append(_clean_name(label))
        if article_id is not None:
            clauses.append("a.article_id = ?")
            params.append(article_id)
        if orphaned is not None:
            clauses.append("a.orphaned = ?")
            params.append(int(orphaned))
        if entity is not None:
            with self._handle.lock:
                ids = (
                    [entity]
                    if isinstance(entity, int)
                    else self._handle.storage.entity_ids_named(entity.strip())
                )
            if not ids:
                return []
            clauses.append(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.article_id"
                f" AND m.rejected = 0 AND m.entity_id IN ({','.join('?' * len(ids))}))"
            )
            params.extend(ids)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(f"{where} ORDER BY a.article_id, a.orphaned, a.start, a.id", params)


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def _tag_name(name: str) -> str:
    cleaned = _clean_name(name)
    if not cleaned:
        raise TagError("a tag needs a name")
    return cleaned


def _color(value: str) -> str:
    match = _COLOR.fullmatch(value.strip())
    if match is None:
        raise LabelError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. #FFD43B")
    return "#" + match.group(1).upper()
