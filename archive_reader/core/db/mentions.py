"""The ``mentions`` table, and the article text and dates that finding mentions reads.

Functions take the library's connection (``storage.db``) and return typed
rows; the caller (``core/entities/``) holds the lock and the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from archive_reader.core.db.entities import chunks, marks
from archive_reader.core.entities.models import EntityArticle, Mention

_MENTION_COLUMNS = (
    "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.start, m.end,"
    " substr(a.text, m.start + 1, m.end - m.start), m.source, m.rejected"
    " FROM mentions m JOIN entities e ON e.id = m.entity_id"
    " JOIN articles a ON a.id = m.article_id"
)


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A ``mentions`` row."""

    id: int
    article_id: int
    entity_id: int
    start: int
    end: int
    source: str
    rejected: bool


@dataclass(frozen=True, slots=True)
class Span:
    """Where a mention is in its article's text."""

    id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MentionStart:
    """Which entity a mention names and where it starts (what co-occurrence needs)."""

    article_id: int
    entity_id: int
    start: int


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's id and text (what the scanner reads)."""

    id: int
    text: str


@dataclass(frozen=True, slots=True)
class DatedText:
    """An article's title, publication date and text (where passages come from)."""

    id: int
    title: str
    published: str | None
    text: str


# --- Articles, as the scanner reads them ------------------------------------------------------


def article_text(db: sqlite_utils.Database, article_id: int) -> str | None:
    """An article's text, or None when no article has this id."""
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else str(row[0])


def article_texts(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[ArticleText]:
    """The texts of these articles (unknown ids are left out)."""
    found: list[ArticleText] = []
    for chunk in chunks(article_ids):
        found.extend(
            ArticleText(*row)
            for row in db.execute(
                f"SELECT id, text FROM articles WHERE id IN ({marks(chunk)})", chunk
            ).fetchall()
        )
    return found


def article_texts_after(db: sqlite_utils.Database, last: int, limit: int) -> list[ArticleText]:
    """The texts of the next ``limit`` articles whose id is above ``last``, by id."""
    return [
        ArticleText(*row)
        for row in db.execute(
            "SELECT id, text FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, limit]
        ).fetchall()
    ]


def dated_texts(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[DatedText]:
    """The titles, dates and texts of these articles (unknown ids are left out)."""
    found: list[DatedText] = []
    for chunk in chunks(article_ids):
        found.extend(
            DatedText(*row)
            for row in db.execute(
                f"SELECT id, title, published, text FROM articles WHERE id IN ({marks(chunk)})",
                chunk,
            ).fetchall()
        )
    return found


def articles_mentioning(
    db: sqlite_utils.Database,
    entity_id: int,
    since: str | None = None,
    until: str | None = None,
    site: str | None = None,
    tag: str | None = None,
) -> list[int]:
    """The articles with a mention of the entity that is not rejected, filtered.

    Args:
        db: The library's connection.
        entity_id: The entity.
        since: Only articles published on or after this date (spaces around ignored).
        until: Only articles published on or before it (a prefix: "2024" is all of 2024).
        site: Only articles of this site (case ignored).
        tag: Only articles with this tag, on the article or on one of its highlights.
    """
    where = ["m.entity_id = ?", "m.rejected = 0"]
    params: list[object] = [entity_id]
    if since:
        where.append("a.published >= ?")
        params.append(since.strip())
    if until:
        where.append("substr(a.published, 1, length(?)) <= ?")
        params += [until.strip(), until.strip()]
    if site:
        where.append("a.site_name = ? COLLATE NOCASE")
        params.append(site.strip())
    if tag:
        where.append(
            "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id"
            " WHERE t.name = ? UNION SELECT n.article_id FROM annotations n"
            " JOIN annotation_tags nt ON nt.annotation_id = n.id"
            " JOIN tags t ON t.id = nt.tag_id WHERE t.name = ?)"
        )
        params += [tag.strip(), tag.strip()]
    return [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT m.article_id FROM mentions m JOIN articles a"
            f" ON a.id = m.article_id WHERE {' AND '.join(where)}",
            params,
        ).fetchall()
    ]


def entity_articles(db: sqlite_utils.Database, entity_id: int) -> list[EntityArticle]:
    """The articles with mentions of the entity (not rejected), newest first."""
    return [
        EntityArticle(*row)
        for row in db.execute(
            "SELECT a.id, a.title, a.published, a.site_name, count(*) FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND m.rejected = 0"
            " GROUP BY a.id ORDER BY a.published IS NULL, a.published DESC, a.id DESC",
            [entity_id],
        ).fetchall()
    ]


# --- Mentions, as the catalogue shows them ----------------------------------------------------


def _mention(row: tuple[int, int, int, str, str, int, int, str, str, int]) -> Mention:
    return Mention(*row[:9], rejected=bool(row[9]))


def mentions(
    db: sqlite_utils.Database,
    article_id: int | None = None,
    entity_id: int | None = None,
    include_rejected: bool = False,
) -> list[Mention]:
    """Mentions of an article, of an entity, or both, in text order.

    Args:
        db: The library's connection.
        article_id: Only this article's mentions.
        entity_id: Only this entity's mentions.
        include_rejected: Also the rejected ones.
    """
    where, params = ["1"], []
    if article_id is not None:
        where.append("m.article_id = ?")
        params.append(article_id)
    if entity_id is not None:
        where.append("m.entity_id = ?")
        params.append(entity_id)
    if not include_rejected:
        where.append("m.rejected = 0")
    rows = db.execute(
        f"{_MENTION_COLUMNS} WHERE {' AND '.join(where)} ORDER BY m.article_id, m.start, m.end,"
        " e.name",
        params,
    ).fetchall()
    return [_mention(row) for row in rows]


def mention(db: sqlite_utils.Database, mention_id: int) -> Mention | None:
    """The mention with this id, rejected or not; None when there is none."""
    row = db.execute(f"{_MENTION_COLUMNS} WHERE m.id = ?", [mention_id]).fetchone()
    return None if row is None else _mention(row)


# --- Mention rows ----------------------------------------------------------------------------


def _mention_row(row: tuple[int, int, int, int, int, str, int]) -> MentionRow:
    return MentionRow(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def mention_rows_in(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[MentionRow]:
    """Every mention of these articles, rejected ones too."""
    found: list[MentionRow] = []
    for chunk in chunks(article_ids):
        found.extend(
            _mention_row(row)
            for row in db.execute(
                "SELECT id, article_id, entity_id, start, end, source, rejected FROM mentions"
                f" WHERE article_id IN ({marks(chunk)})",
                chunk,
            ).fetchall()
        )
    return found


def mention_rows_of_entity(db: sqlite_utils.Database, entity_id: int) -> list[MentionRow]:
    """Every mention of an entity, rejected ones too."""
    return [
        _mention_row(row)
        for row in db.execute(
            "SELECT id, article_id, entity_id, start, end, source, rejected FROM mentions"
            " WHERE entity_id = ?",
            [entity_id],
        ).fetchall()
    ]


def mention_at(
    db: sqlite_utils.Database, article_id: int, entity_id: int, start: int, end: int
) -> MentionRow | None:
    """The mention of the entity at exactly this place, or None."""
    row = db.execute(
        "SELECT id, article_id, entity_id, start, end, source, rejected FROM mentions"
        " WHERE article_id = ? AND entity_id = ? AND start = ? AND end = ?",
        [article_id, entity_id, start, end],
    ).fetchone()
    return None if row is None else _mention_row(row)


def kept_spans(db: sqlite_utils.Database, article_id: int) -> list[Span]:
    """Where the article's manual and rejected mentions are (what a new text must keep)."""
    return [
        Span(*row)
        for row in db.execute(
            "SELECT id, start, end FROM mentions"
            " WHERE article_id = ? AND (source = 'manual' OR rejected = 1)",
            [article_id],
        ).fetchall()
    ]


def live_spans(db: sqlite_utils.Database, article_id: int) -> list[Span]:
    """Where the article's mentions that are not rejected are, in table order."""
    return [
        Span(*row)
        for row in db.execute(
            "SELECT id, start, end FROM mentions WHERE article_id = ? AND rejected = 0",
            [article_id],
        ).fetchall()
    ]


def live_starts(db: sqlite_utils.Database, article_ids: Sequence[int]) -> list[MentionStart]:
    """Where the mentions of these articles that are not rejected start."""
    found: list[MentionStart] = []
    for chunk in chunks(article_ids):
        found.extend(
            MentionStart(*row)
            for row in db.execute(
                "SELECT article_id, entity_id, start FROM mentions"
                f" WHERE rejected = 0 AND article_id IN ({marks(chunk)})",
                chunk,
            ).fetchall()
        )
    return found


def articles_of_entity(db: sqlite_utils.Database, entity_id: int) -> list[int]:
    """The articles with any mention of the entity, rejected ones too."""
    return [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?", [entity_id]
        ).fetchall()
    ]


# --- Changes ---------------------------------------------------------------------------------


def insert_found(db: sqlite_utils.Database, places: Iterable[tuple[int, int, int, int]]) -> None:
    """Adds found mentions: (article id, entity id, start, end) each."""
    db.conn.executemany(
        "INSERT INTO mentions (article_id, entity_id, start, end, source)"
        " VALUES (?, ?, ?, ?, 'found')",
        places,
    )


def upsert_manual(
    db: sqlite_utils.Database, article_id: int, entity_id: int, start: int, end: int
) -> int:
    """Makes the place a manual mention of the entity, not rejected; returns its id."""
    db.execute(
        "INSERT INTO mentions (article_id, entity_id, start, end, source)"
        " VALUES (?, ?, ?, ?, 'manual') ON CONFLICT (article_id, entity_id, start, end)"
        " DO UPDATE SET source = 'manual', rejected = 0",
        [article_id, entity_id, start, end],
    )
    return int(
        db.execute(
            "SELECT id FROM mentions WHERE article_id = ? AND entity_id = ?"
            " AND start = ? AND end = ?",
            [article_id, entity_id, start, end],
        ).fetchone()[0]
    )


def set_rejected(db: sqlite_utils.Database, mention_id: int, rejected: bool) -> None:
    """Rejects a mention, or undoes the rejection."""
    db.execute("UPDATE mentions SET rejected = ? WHERE id = ?", [int(rejected), mention_id])


def set_source_rejected(
    db: sqlite_utils.Database, mention_id: int, source: str, rejected: bool
) -> None:
    """Sets a mention's source and rejection together."""
    db.execute(
        "UPDATE mentions SET source = ?, rejected = ? WHERE id = ?",
        [source, int(rejected), mention_id],
    )


def move_mention(db: sqlite_utils.Database, mention_id: int, start: int, end: int) -> None:
    """Moves a mention; another mention of its entity at the new place is replaced."""
    db.execute(
        "UPDATE OR REPLACE mentions SET start = ?, end = ? WHERE id = ?", [start, end, mention_id]
    )


def move_mentions(db: sqlite_utils.Database, source_id: int, target_id: int) -> None:
    """Gives an entity's mentions to another, except where the other has one at that place."""
    db.execute(
        "UPDATE OR IGNORE mentions SET entity_id = ? WHERE entity_id = ?", [target_id, source_id]
    )


def delete_mention(db: sqlite_utils.Database, mention_id: int) -> None:
    """Deletes one mention."""
    db.execute("DELETE FROM mentions WHERE id = ?", [mention_id])


def delete_mentions(db: sqlite_utils.Database, mention_ids: Sequence[int]) -> None:
    """Deletes these mentions."""
    for chunk in chunks(mention_ids):
        db.execute(f"DELETE FROM mentions WHERE id IN ({marks(chunk)})", chunk)


def delete_mentions_of_entity(db: sqlite_utils.Database, entity_id: int) -> None:
    """Deletes every mention of an entity."""
    db.execute("DELETE FROM mentions WHERE entity_id = ?", [entity_id])
