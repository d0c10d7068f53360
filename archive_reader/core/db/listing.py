"""The article list: its filters, its orders and its rows (without the article texts)."""

from __future__ import annotations

import json

import sqlite_utils

from archive_reader.core.models import ArticleSummary

#: An SQL condition on ``articles`` ("" for none) and its values.
Where = tuple[str, list[object]]

_SUMMARY_COLUMNS = (
    "id, title, site_name, author, published, url, language, imported_at, word_count,"
    " note != '' AS has_note"
)
#: List orders: column, and whether it runs newest/largest first by default.
_SORT_COLUMNS = {
    "imported": ("imported_at", True),
    "published": ("published", True),
    "title": ("title COLLATE NOCASE", False),
    "site": ("site_name COLLATE NOCASE", False),
    "author": ("author COLLATE NOCASE", False),
    "id": ("id", False),
    "words": ("word_count", True),
}
#: Orders on a column that may be NULL, and that column: NULLs go last both ways.
_NULLABLE_ORDERS = {"published": "published", "site": "site_name", "author": "author"}


def filter_sql(
    tag: str | None = None,
    site: str | None = None,
    entity_id: int | None = None,
    language: str | None = None,
    with_notes: bool = False,
    orphaned: bool = False,
    ids: list[int] | None = None,
) -> Where:
    """An SQL condition on ``articles`` for an article filter, and its values."""
    parts: list[str] = []
    values: list[object] = []
    if tag is not None:
        parts.append(
            "(id IN (SELECT article_id FROM article_tags JOIN tags t ON t.id = tag_id"
            " WHERE t.name = ? COLLATE NOCASE) OR id IN (SELECT a.article_id FROM"
            " annotations a JOIN annotation_tags at ON at.annotation_id = a.id"
            " JOIN tags t ON t.id = at.tag_id WHERE t.name = ? COLLATE NOCASE))"
        )
        values += [tag, tag]
    if site is not None:
        parts.append("site_name = ?")
        values.append(site)
    if entity_id is not None:
        parts.append("id IN (SELECT article_id FROM mentions WHERE entity_id = ? AND rejected = 0)")
        values.append(entity_id)
    if language is not None:
        parts.append("(language = ? OR language LIKE ?)")
        values += [language, f"{language}-%"]
    if with_notes:
        parts.append(
            "id IN (SELECT id FROM articles WHERE note != ''"
            " UNION SELECT article_id FROM annotations)"
        )
    if orphaned:
        parts.append("id IN (SELECT article_id FROM annotations WHERE orphaned = 1)")
    if ids is not None:
        parts.append("id IN (SELECT value FROM json_each(?))")
        values.append(json.dumps([int(i) for i in ids]))
    return " AND ".join(parts), values


def count_where(db: sqlite_utils.Database, where: Where) -> int:
    """How many articles a filter keeps."""
    condition, values = where
    sql = "SELECT count(*) FROM articles" + (f" WHERE {condition}" if condition else "")
    return int(db.execute(sql, values).fetchone()[0])


def summaries(
    db: sqlite_utils.Database,
    offset: int,
    limit: int | None,
    order: str,
    descending: bool | None = None,
    where: Where = ("", []),
) -> list[ArticleSummary]:
    """Rows for the article list, without the text, with tags and note counts.

    Args:
        db: The library database.
        offset: Rows to skip.
        limit: Most rows; None for all.
        order: A key of the orders (imported, published, title, site, author, id, words).
        descending: Reverse the order's natural direction when given.
        where: An SQL condition on ``articles`` (from :func:`filter_sql`) and its values.

    Raises:
        ValueError: ``order`` is not one of the orders.
    """
    if order not in _SORT_COLUMNS:
        raise ValueError(f"unknown order {order!r}; expected one of {sorted(_SORT_COLUMNS)}")
    column, natural_desc = _SORT_COLUMNS[order]
    desc = natural_desc if descending is None else descending
    direction = "DESC" if desc else "ASC"
    # Descending, NULL (smallest in SQLite) comes last by itself; ascending
    # needs "IS NULL" first. Both spellings match an index of migration 5.
    nullable = _NULLABLE_ORDERS.get(order)
    nulls = f"{nullable} IS NULL, " if nullable and not desc else ""
    condition, values = where
    sql = (
        f"SELECT {_SUMMARY_COLUMNS} FROM articles"
        + (f" WHERE {condition}" if condition else "")
        + f" ORDER BY {nulls}{column} {direction}, id {direction} LIMIT ? OFFSET ?"
    )
    rows = db.execute(sql, [*values, -1 if limit is None else limit, offset]).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))
    tags: dict[int, list[str]] = {}
    for article_id, name in db.execute(
        "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
        f" WHERE article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
        ids,
    ).fetchall():
        tags.setdefault(article_id, []).append(name)
    notes: dict[int, int] = dict(
        db.execute(
            "SELECT article_id, count(*) FROM annotations"
            f" WHERE article_id IN ({marks}) GROUP BY article_id",
            ids,
        ).fetchall()
    )
    return [
        ArticleSummary(
            id=article_id,
            title=title,
            site_name=site_name,
            author=author,
            published=published,
            url=url,
            language=language,
            imported_at=imported_at,
            word_count=word_count,
            tags=tags.get(article_id, []),
            notes=int(notes.get(article_id, 0)) + (1 if has_note else 0),
        )
        for (
            article_id,
            title,
            site_name,
            author,
            published,
            url,
            language,
            imported_at,
            word_count,
            has_note,
        ) in rows
    ]
