"""The annotations and annotation_tags tables: highlights, their anchors and their tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from archive_reader.core.annotations.models import Annotation

_COLUMNS = (
    "a.id, a.article_id, a.quote, a.prefix, a.suffix, a.start, a.end, a.note, a.orphaned,"
    " a.created_at, a.updated_at, l.name, l.color, ar.title, ar.site_name, ar.published"
)
_FROM = (
    " FROM annotations a LEFT JOIN labels l ON l.id = a.label_id"
    " JOIN articles ar ON ar.id = a.article_id"
)
#: Ids per ``IN (...)`` list, well under SQLite's limit of host parameters.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AnchorRow:
    """Where a highlight is anchored, as re-anchoring reads it.

    Attributes:
        id: The annotation's id.
        quote: The highlighted text.
        prefix: The text before it.
        suffix: The text after it.
        start: Offset of the quote.
        end: Offset just after it.
        orphaned: True when the last re-anchoring could not place it.
    """

    id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    orphaned: bool


def insert_annotation(
    db: sqlite_utils.Database,
    *,
    annotation_id: int | None,
    article_id: int,
    label_id: int | None,
    quote: str,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    note: str,
    orphaned: bool,
    created_at: str,
    updated_at: str,
) -> int:
    """Adds a highlight (without tags).

    Args:
        db: The library's database.
        annotation_id: The id to give it, or None for the next free one.
        article_id: Its article.
        label_id: Its label, or None.
        quote: The highlighted text.
        prefix: The text before it.
        suffix: The text after it.
        start: Offset of the quote.
        end: Offset just after it.
        note: Its note.
        orphaned: Whether it is an orphan.
        created_at: ISO 8601 UTC.
        updated_at: ISO 8601 UTC.

    Returns:
        The new annotation's id.
    """
    cursor = db.execute(
        "INSERT INTO annotations (id, article_id, label_id, quote, prefix, suffix, start,"
        " end, note, orphaned, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            annotation_id,
            article_id,
            label_id,
            quote,
            prefix,
            suffix,
            start,
            end,
            note,
            int(orphaned),
            created_at,
            updated_at,
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def annotation_exists(db: sqlite_utils.Database, annotation_id: int) -> bool:
    """Whether an annotation has this id.

    Args:
        db: The library's database.
        annotation_id: The id.

    Returns:
        True when the id is taken.
    """
    found = db.execute("SELECT 1 FROM annotations WHERE id = ?", [annotation_id]).fetchone()
    return found is not None


def article_of(db: sqlite_utils.Database, annotation_id: int) -> int | None:
    """The article an annotation belongs to.

    Args:
        db: The library's database.
        annotation_id: The annotation.

    Returns:
        The article's id, or None when there is no such annotation.
    """
    row = db.execute("SELECT article_id FROM annotations WHERE id = ?", [annotation_id]).fetchone()
    return None if row is None else int(row[0])


def set_label(db: sqlite_utils.Database, annotation_id: int, label_id: int | None) -> None:
    """Sets (or with None removes) an annotation's label.

    Args:
        db: The library's database.
        annotation_id: The annotation.
        label_id: The label, or None.
    """
    db.execute("UPDATE annotations SET label_id = ? WHERE id = ?", [label_id, annotation_id])


def set_note(db: sqlite_utils.Database, annotation_id: int, note: str) -> None:
    """Sets an annotation's note.

    Args:
        db: The library's database.
        annotation_id: The annotation.
        note: The note ("" for none).
    """
    db.execute("UPDATE annotations SET note = ? WHERE id = ?", [note, annotation_id])


def set_updated(db: sqlite_utils.Database, annotation_id: int, stamp: str) -> None:
    """Sets when an annotation was last changed.

    Args:
        db: The library's database.
        annotation_id: The annotation.
        stamp: ISO 8601 UTC.
    """
    db.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", [stamp, annotation_id])


def delete_annotation(db: sqlite_utils.Database, annotation_id: int) -> None:
    """Deletes an annotation (the schema deletes its tag links).

    Args:
        db: The library's database.
        annotation_id: The annotation.
    """
    db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])


def tag_ids(db: sqlite_utils.Database, annotation_id: int) -> list[int]:
    """The ids of an annotation's tags.

    Args:
        db: The library's database.
        annotation_id: The annotation.

    Returns:
        The tag ids.
    """
    rows = db.execute(
        "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", [annotation_id]
    ).fetchall()
    return [int(row[0]) for row in rows]


def add_tag(db: sqlite_utils.Database, annotation_id: int, tag_id: int) -> None:
    """Tags an annotation (nothing happens when it already has the tag).

    Args:
        db: The library's database.
        annotation_id: The annotation.
        tag_id: The tag.
    """
    db.execute(
        "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
        [annotation_id, tag_id],
    )


def remove_tag(db: sqlite_utils.Database, annotation_id: int, tag_id: int) -> None:
    """Removes a tag from an annotation.

    Args:
        db: The library's database.
        annotation_id: The annotation.
        tag_id: The tag.
    """
    db.execute(
        "DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?",
        [annotation_id, tag_id],
    )


def clear_tags(db: sqlite_utils.Database, annotation_id: int) -> None:
    """Removes all of an annotation's tags.

    Args:
        db: The library's database.
        annotation_id: The annotation.
    """
    db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [annotation_id])


def article_ids_with_label(db: sqlite_utils.Database, label_id: int) -> set[int]:
    """The articles that have a highlight with this label.

    Args:
        db: The library's database.
        label_id: The label.

    Returns:
        The article ids.
    """
    rows = db.execute(
        "SELECT DISTINCT article_id FROM annotations WHERE label_id = ?", [label_id]
    ).fetchall()
    return {int(row[0]) for row in rows}


def anchors(db: sqlite_utils.Database, article_id: int) -> list[AnchorRow]:
    """An article's highlights as re-anchoring reads them, by id.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        Their anchors.
    """
    rows = db.execute(
        "SELECT id, quote, prefix, suffix, start, end, orphaned FROM annotations"
        " WHERE article_id = ? ORDER BY id",
        [article_id],
    ).fetchall()
    return [
        AnchorRow(
            int(row[0]),
            str(row[1]),
            str(row[2]),
            str(row[3]),
            int(row[4]),
            int(row[5]),
            bool(row[6]),
        )
        for row in rows
    ]


def mark_orphaned(db: sqlite_utils.Database, annotation_id: int, stamp: str) -> None:
    """Flags a highlight as not placed in its article's current text.

    Args:
        db: The library's database.
        annotation_id: The annotation.
        stamp: ISO 8601 UTC, its new ``updated_at``.
    """
    db.execute(
        "UPDATE annotations SET orphaned = 1, updated_at = ? WHERE id = ?", [stamp, annotation_id]
    )


def place(
    db: sqlite_utils.Database,
    annotation_id: int,
    anchor: tuple[str, str, str, int, int],
    stamp: str,
) -> None:
    """Anchors a highlight anew (and clears its orphan flag).

    Args:
        db: The library's database.
        annotation_id: The annotation.
        anchor: Its new quote, prefix, suffix, start and end.
        stamp: ISO 8601 UTC, its new ``updated_at``.
    """
    db.execute(
        "UPDATE annotations SET quote = ?, prefix = ?, suffix = ?, start = ?, end = ?,"
        " orphaned = 0, updated_at = ? WHERE id = ?",
        [*anchor, stamp, annotation_id],
    )


def annotation(db: sqlite_utils.Database, annotation_id: int) -> Annotation | None:
    """One annotation, with its label, tags and article's title.

    Args:
        db: The library's database.
        annotation_id: The annotation.

    Returns:
        The annotation, or None when there is none with this id.
    """
    found = _select(db, "WHERE a.id = ?", [annotation_id])
    return found[0] if found else None


def article_annotations(db: sqlite_utils.Database, article_id: int) -> list[Annotation]:
    """An article's highlights in text order; orphans last.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The annotations.
    """
    return _select(
        db, "WHERE a.article_id = ? ORDER BY a.orphaned, a.start, a.end, a.id", [article_id]
    )


def matching_annotations(
    db: sqlite_utils.Database,
    *,
    tag: str | None = None,
    label: str | None = None,
    article_id: int | None = None,
    orphaned: bool | None = None,
    entity_ids: Sequence[int] | None = None,
) -> list[Annotation]:
    """Highlights across the library, by article, then position; None filters nothing.

    Args:
        db: The library's database.
        tag: Only highlights with this tag (compared ignoring case).
        label: Only highlights with this label (ignoring case).
        article_id: Only this article's highlights.
        orphaned: True for orphans only, False for placed ones only.
        entity_ids: Only highlights of articles with a mention, not rejected,
            of one of these entities (an empty list matches nothing).

    Returns:
        The matching annotations.
    """
    clauses = []
    params: list[object] = []
    if tag is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id"
            " WHERE at.annotation_id = a.id AND t.name = ?)"
        )
        params.append(tag)
    if label is not None:
        clauses.append("l.name = ? COLLATE NOCASE")
        params.append(label)
    if article_id is not None:
        clauses.append("a.article_id = ?")
        params.append(article_id)
    if orphaned is not None:
        clauses.append("a.orphaned = ?")
        params.append(int(orphaned))
    if entity_ids is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.article_id"
            f" AND m.rejected = 0 AND m.entity_id IN ({','.join('?' * len(entity_ids))}))"
        )
        params.extend(entity_ids)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return _select(db, f"{where} ORDER BY a.article_id, a.orphaned, a.start, a.id", params)


def _select(db: sqlite_utils.Database, where: str, params: list[object]) -> list[Annotation]:
    rows = db.execute(f"SELECT {_COLUMNS}{_FROM} {where}", params).fetchall()
    tags: dict[int, list[str]] = {row[0]: [] for row in rows}
    ids = list(tags)
    for chunk in range(0, len(ids), _CHUNK):
        part = ids[chunk : chunk + _CHUNK]
        marks = ",".join("?" * len(part))
        for annotation_id, name in db.execute(
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
