"""The export's reads: articles, tags, highlights and mentions of a selection, as typed rows.

Functions take the library's connection (``storage.db``) and only read; the
caller (``core/export/``) holds the lock. Id lists of any length are queried
in chunks, each chunk keeping the query's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

#: Ids per ``IN (...)`` list, well under SQLite's limit of bound variables.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class TagRow:
    """A row of ``tags``: its id, and its name as first written."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class TaggedHighlight:
    """A highlight carrying a tag, and its article."""

    id: int
    article_id: int


@dataclass(frozen=True, slots=True)
class DatedArticle:
    """An article's id and publication date (ISO 8601, or None)."""

    id: int
    published: str | None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """The columns of ``articles`` an export shows (everything but the text)."""

    id: int
    title: str
    url: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    note: str | None
    original_sha256: str
    source_format: str
    captured_at: str | None
    imported_at: str


@dataclass(frozen=True, slots=True)
class TagName:
    """One tag of an article or of a highlight (``owner_id`` is the article's or highlight's)."""

    owner_id: int
    name: str


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A mention not rejected, with its entity's name and type."""

    id: int
    article_id: int
    entity_id: int
    entity: str
    type: str
    start: int
    end: int
    source: str


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    """A highlight with its label's name and colour (None when it has no label)."""

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str | None
    label: str | None
    colour: str | None
    orphaned: bool
    created_at: str
    updated_at: str


def _rows_in(db: sqlite_utils.Database, sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Runs ``sql`` (with ``{marks}`` for the id list) over ``ids`` in chunks."""
    rows: list[tuple[Any, ...]] = []
    for first in range(0, len(ids), _CHUNK):
        chunk = list(ids[first : first + _CHUNK])
        marks = ",".join("?" * len(chunk))
        rows.extend(db.execute(sql.format(marks=marks), chunk))
    return rows


def find_tag(db: sqlite_utils.Database, name: str) -> TagRow | None:
    """The tag of this name (compared as the column's collation says), or None."""
    row = db.execute("SELECT id, name FROM tags WHERE name = ?", [name]).fetchone()
    return None if row is None else TagRow(int(row[0]), str(row[1]))


def articles_tagged(db: sqlite_utils.Database, tag_id: int) -> set[int]:
    """The articles that carry a tag themselves."""
    return {
        int(row[0])
        for row in db.execute("SELECT article_id FROM article_tags WHERE tag_id = ?", [tag_id])
    }


def highlights_tagged(db: sqlite_utils.Database, tag_id: int) -> list[TaggedHighlight]:
    """The highlights that carry a tag, with their articles."""
    rows = db.execute(
        "SELECT a.id, a.article_id FROM annotations a"
        " JOIN annotation_tags t ON t.annotation_id = a.id WHERE t.tag_id = ?",
        [tag_id],
    ).fetchall()
    return [TaggedHighlight(int(row[0]), int(row[1])) for row in rows]


def highlights_of(db: sqlite_utils.Database, article_ids: Sequence[int]) -> set[int]:
    """The ids of every highlight of these articles."""
    return {
        int(row[0])
        for row in _rows_in(
            db, "SELECT id FROM annotations WHERE article_id IN ({marks})", article_ids
        )
    }


def articles_mentioning(db: sqlite_utils.Database, entity_ids: Sequence[int]) -> set[int]:
    """The articles with a mention (not rejected) of one of these entities."""
    return {
        int(row[0])
        for row in _rows_in(
            db,
            "SELECT DISTINCT article_id FROM mentions"
            " WHERE rejected = 0 AND entity_id IN ({marks})",
            entity_ids,
        )
    }


def all_article_ids(db: sqlite_utils.Database) -> set[int]:
    """The id of every article in the library."""
    return {int(row[0]) for row in db.execute("SELECT id FROM articles")}


def existing_article_ids(db: sqlite_utils.Database, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that name an article."""
    return {
        int(row[0]) for row in _rows_in(db, "SELECT id FROM articles WHERE id IN ({marks})", ids)
    }


def publication_dates(db: sqlite_utils.Database, ids: Sequence[int]) -> list[DatedArticle]:
    """The publication dates of these articles, in no particular order."""
    return [
        DatedArticle(int(row[0]), row[1])
        for row in _rows_in(db, "SELECT id, published FROM articles WHERE id IN ({marks})", ids)
    ]


def article_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[ArticleRow]:
    """These articles without their text, in no particular order (missing ids left out)."""
    return [
        ArticleRow(
            id=int(row[0]),
            title=str(row[1]),
            url=row[2],
            author=row[3],
            published=row[4],
            site_name=row[5],
            language=row[6],
            description=row[7],
            note=row[8],
            original_sha256=str(row[9]),
            source_format=str(row[10]),
            captured_at=row[11],
            imported_at=str(row[12]),
        )
        for row in _rows_in(
            db,
            "SELECT id, title, url, author, published, site_name, language,"
            " description, note, original_sha256, source_format, captured_at,"
            " imported_at FROM articles WHERE id IN ({marks})",
            ids,
        )
    ]


def article_tags(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[TagName]:
    """The tags of these articles, each article's in name order (ignoring case)."""
    return [
        TagName(int(row[0]), str(row[1]))
        for row in _rows_in(
            db,
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
            " WHERE at.article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            article_ids,
        )
    ]


def mentions_in(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[MentionRow]:
    """The mentions (not rejected) in these articles, by article, then in text order."""
    return [
        MentionRow(
            id=int(row[0]),
            article_id=int(row[1]),
            entity_id=int(row[2]),
            entity=str(row[3]),
            type=str(row[4]),
            start=int(row[5]),
            end=int(row[6]),
            source=str(row[7]),
        )
        for row in _rows_in(
            db,
            "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.start, m.end, m.source"
            " FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.rejected = 0 AND m.article_id IN ({marks})"
            " ORDER BY m.article_id, m.start, m.end, m.id",
            article_ids,
        )
    ]


def article_texts(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, str]:
    """Article id -> its text."""
    return {
        int(row[0]): str(row[1])
        for row in _rows_in(db, "SELECT id, text FROM articles WHERE id IN ({marks})", ids)
    }


def annotations_in(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[AnnotationRow]:
    """The highlights of these articles, by article, then in text order."""
    return [
        AnnotationRow(
            id=int(row[0]),
            article_id=int(row[1]),
            quote=str(row[2]),
            prefix=str(row[3]),
            suffix=str(row[4]),
            start=int(row[5]),
            end=int(row[6]),
            note=row[7],
            label=row[8],
            colour=row[9],
            orphaned=bool(row[10]),
            created_at=str(row[11]),
            updated_at=str(row[12]),
        )
        for row in _rows_in(
            db,
            "SELECT a.id, a.article_id, a.quote, a.prefix, a.suffix, a.start, a.end, a.note,"
            " l.name, l.color, a.orphaned, a.created_at, a.updated_at"
            " FROM annotations a LEFT JOIN labels l ON l.id = a.label_id"
            " WHERE a.article_id IN ({marks}) ORDER BY a.article_id, a.start, a.id",
            article_ids,
        )
    ]


def annotation_tags(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[TagName]:
    """The tags of the highlights of these articles, each highlight's in name order."""
    return [
        TagName(int(row[0]), str(row[1]))
        for row in _rows_in(
            db,
            "SELECT at.annotation_id, t.name FROM annotation_tags at"
            " JOIN tags t ON t.id = at.tag_id JOIN annotations a ON a.id = at.annotation_id"
            " WHERE a.article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            article_ids,
        )
    ]
