"""The tags and article_tags tables: tag names, and the tags of whole articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from archive_reader.core.annotations.models import TagCount


@dataclass(frozen=True, slots=True)
class TagRow:
    """One row of ``tags``.

    Attributes:
        id: The tag's id.
        name: Its name as first written.
    """

    id: int
    name: str


def tag_id(db: sqlite_utils.Database, name: str) -> int:
    """The id of the tag of this name, created when new.

    Args:
        db: The library's database.
        name: The tag's name (compared ignoring case, as the column's collation says).

    Returns:
        The tag's id.
    """
    db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
    return int(db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0])


def find_tag_id(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the tag of this name.

    Args:
        db: The library's database.
        name: The tag's name.

    Returns:
        The id, or None when no tag has this name.
    """
    row = db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def drop_unused_tags(db: sqlite_utils.Database, tag_ids: Iterable[int]) -> None:
    """Forgets tags that no article and no highlight carries any more.

    Args:
        db: The library's database.
        tag_ids: The tags to check (others are left alone).
    """
    for tag_id in set(tag_ids):
        db.execute(
            "DELETE FROM tags WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM article_tags WHERE tag_id = ?)"
            " AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE tag_id = ?)",
            [tag_id, tag_id, tag_id],
        )


def drop_all_unused_tags(db: sqlite_utils.Database) -> None:
    """Deletes every tag that no article and no highlight carries any more."""
    db.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)"
        " AND id NOT IN (SELECT tag_id FROM annotation_tags)"
    )


def tag_article(db: sqlite_utils.Database, article_id: int, tag_id: int) -> None:
    """Tags an article (nothing happens when it already has the tag).

    Args:
        db: The library's database.
        article_id: The article.
        tag_id: The tag.
    """
    db.execute(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
        [article_id, tag_id],
    )


def article_tag(db: sqlite_utils.Database, article_id: int, name: str) -> TagRow | None:
    """One of an article's own tags, by name.

    Args:
        db: The library's database.
        article_id: The article.
        name: The tag's name.

    Returns:
        The tag, or None when the article does not have it.
    """
    row = db.execute(
        "SELECT t.id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
        " WHERE article_id = ? AND t.name = ?",
        [article_id, name],
    ).fetchone()
    return None if row is None else TagRow(int(row[0]), str(row[1]))


def untag_article(db: sqlite_utils.Database, article_id: int, tag_id: int) -> None:
    """Removes a tag from an article.

    Args:
        db: The library's database.
        article_id: The article.
        tag_id: The tag.
    """
    db.execute("DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?", [article_id, tag_id])


def article_tag_names(db: sqlite_utils.Database, article_id: int) -> list[str]:
    """An article's own tags (not its highlights'), sorted case-insensitively.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The tag names.
    """
    rows = db.execute(
        "SELECT t.name FROM article_tags JOIN tags t ON t.id = tag_id"
        " WHERE article_id = ? ORDER BY t.name COLLATE NOCASE",
        [article_id],
    ).fetchall()
    return [str(row[0]) for row in rows]


def tag_counts(db: sqlite_utils.Database) -> list[TagCount]:
    """Every tag with its counts of articles and highlights, by name.

    Args:
        db: The library's database.

    Returns:
        The tags, sorted case-insensitively.
    """
    rows = db.execute(
        "SELECT t.name,"
        " (SELECT count(*) FROM article_tags WHERE tag_id = t.id),"
        " (SELECT count(*) FROM annotation_tags WHERE tag_id = t.id)"
        " FROM tags t ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    return [TagCount(str(row[0]), int(row[1]), int(row[2])) for row in rows]
