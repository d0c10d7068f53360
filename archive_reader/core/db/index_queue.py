"""The index queue (``index_queue``) and the rows the search index is written from."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

_QUEUE_MARKS = itertools.count()


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index needs of one article.

    Attributes:
        tags: Its own tags and its highlights'.
        entities: Ids of the entities it mentions (mentions not rejected).
        labels: The labels of its highlights.
        notes: Its note and its highlights' notes, each whole (a phrase is
            found within one note, never across two).
    """

    id: int
    title: str
    text: str
    site_name: str | None
    author: str | None
    published: str | None
    language: str | None
    imported_at: str
    url: str | None
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    entities: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def queue(db: sqlite_utils.Database, article_ids: list[int]) -> None:
    """Marks articles whose index entry must be written (or removed).

    Each mark is unique (time, process, counter), so that a process that
    indexed an article clears only the mark it saw, never a newer one that
    another process wrote meanwhile.
    """
    stamp = f"{datetime.now(UTC).isoformat()}#{os.getpid()}#{next(_QUEUE_MARKS)}"
    for article_id in article_ids:
        db.execute(
            "INSERT OR REPLACE INTO index_queue (article_id, queued_at) VALUES (?, ?)",
            [article_id, stamp],
        )


def pending_marks(db: sqlite_utils.Database, limit: int = 500) -> list[tuple[int, str]]:
    """(article id, queue mark) of articles whose index entry is not written yet."""
    rows = db.execute(
        "SELECT article_id, queued_at FROM index_queue ORDER BY article_id LIMIT ?", [limit]
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def clear_marks(db: sqlite_utils.Database, marks: list[tuple[int, str]]) -> None:
    """Forgets queue rows once indexed, unless they were marked again since.

    Runs inside the caller's transaction.
    """
    for article_id, mark in marks:
        db.execute(
            "DELETE FROM index_queue WHERE article_id = ? AND queued_at = ?", [article_id, mark]
        )


def clear_pending(db: sqlite_utils.Database, article_ids: list[int]) -> None:
    """Forgets queue rows once the index has committed them (inside the caller's transaction)."""
    for article_id in article_ids:
        db.execute("DELETE FROM index_queue WHERE article_id = ?", [article_id])


def count_pending(db: sqlite_utils.Database) -> int:
    """How many articles wait for their index entry."""
    return int(db.execute("SELECT count(*) FROM index_queue").fetchone()[0])


def index_rows(db: sqlite_utils.Database, article_ids: list[int]) -> list[IndexRow]:
    """What the index needs of these articles, in their order (missing ids left out)."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    tags: dict[int, list[str]] = {}
    entities: dict[int, list[int]] = {}
    labels: dict[int, list[str]] = {}
    notes: dict[int, list[str]] = {}
    for article_id, name in db.execute(
        "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
        f" WHERE article_id IN ({marks})"
        " UNION SELECT a.article_id, t.name FROM annotations a"
        " JOIN annotation_tags at ON at.annotation_id = a.id"
        f" JOIN tags t ON t.id = at.tag_id WHERE a.article_id IN ({marks})",
        article_ids * 2,
    ).fetchall():
        tags.setdefault(article_id, []).append(name)
    for article_id, entity_id in db.execute(
        "SELECT DISTINCT article_id, entity_id FROM mentions"
        f" WHERE rejected = 0 AND article_id IN ({marks})",
        article_ids,
    ).fetchall():
        entities.setdefault(article_id, []).append(entity_id)
    for article_id, name in db.execute(
        "SELECT DISTINCT a.article_id, l.name FROM annotations a"
        f" JOIN labels l ON l.id = a.label_id WHERE a.article_id IN ({marks})",
        article_ids,
    ).fetchall():
        labels.setdefault(article_id, []).append(name)
    for article_id, note in db.execute(
        "SELECT article_id, note FROM annotations"
        f" WHERE note != '' AND article_id IN ({marks}) ORDER BY id",
        article_ids,
    ).fetchall():
        notes.setdefault(article_id, []).append(note)
    rows: dict[int, IndexRow] = {}
    for (
        article_id,
        title,
        text,
        site_name,
        author,
        published,
        language,
        imported_at,
        url,
        note,
    ) in db.execute(
        "SELECT id, title, text, site_name, author, published, language, imported_at, url, note"
        f" FROM articles WHERE id IN ({marks})",
        article_ids,
    ).fetchall():
        rows[article_id] = IndexRow(
            id=article_id,
            title=title,
            text=text,
            site_name=site_name,
            author=author,
            published=published,
            language=language,
            imported_at=imported_at,
            url=url,
            notes=([note] if note else []) + notes.get(article_id, []),
            tags=tags.get(article_id, []),
            entities=entities.get(article_id, []),
            labels=labels.get(article_id, []),
        )
    return [rows[article_id] for article_id in article_ids if article_id in rows]


def iter_index_rows(db: sqlite_utils.Database, batch: int = 200) -> Iterator[list[IndexRow]]:
    """All articles' index rows, in batches of ``batch`` (for a rebuild)."""
    last = 0
    while True:
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, batch]
            ).fetchall()
        ]
        if not ids:
            return
        yield index_rows(db, ids)
        last = ids[-1]
