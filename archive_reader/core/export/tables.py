"""Spreadsheet tables: a CSV of highlights and a CSV of entity mentions.

Both are written as UTF-8 with a BOM (:data:`CSV_ENCODING`), so that
spreadsheets read them right, and no cell can run as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from archive_reader.core.export.citations import citation
from archive_reader.core.export.selection import ExportArticle

#: Column names of the highlights CSV, in order.
ANNOTATION_COLUMNS = (
    "annotation_id",
    "article_title",
    "site",
    "author",
    "published",
    "url",
    "quote",
    "label",
    "note",
    "tags",
    "entities",
    "start",
    "end",
    "orphaned",
    "created",
    "modified",
    "article_id",
    "original_sha256",
    "captured",
    "imported",
    "citation",
)

#: Column names of the mentions CSV, in order.
MENTION_COLUMNS = (
    "entity",
    "type",
    "matched",
    "article_title",
    "published",
    "site",
    "url",
    "start",
    "end",
    "source",
    "context",
    "mention_id",
    "entity_id",
    "article_id",
    "original_sha256",
    "captured",
    "imported",
)

#: The encoding CSV files are written in (UTF-8 with a byte order mark).
CSV_ENCODING = "utf-8-sig"
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: never run as a formula.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (OWASP's advice against CSV injection);
    numbers are written as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def annotations_csv(articles: Sequence[ExportArticle]) -> str:
    """One row per highlight (columns :data:`ANNOTATION_COLUMNS`); lists joined by "; "."""
    return _csv(
        ANNOTATION_COLUMNS,
        (
            (
                a.id,
                article.title,
                article.site_name,
                article.author,
                article.published,
                article.url,
                a.quote,
                a.label,
                a.note,
                "; ".join(a.tags),
                "; ".join(a.entities),
                a.start,
                a.end,
                int(a.orphaned),
                a.created,
                a.modified,
                article.id,
                article.original_sha256,
                article.captured_at,
                article.imported_at,
                citation(article),
            )
            for article in articles
            for a in article.annotations
        ),
    )


def mentions_csv(
    articles: Sequence[ExportArticle], entity_ids: frozenset[int] | None = None
) -> str:
    """One row per entity mention (columns :data:`MENTION_COLUMNS`).

    Args:
        articles: The articles.
        entity_ids: Only mentions of these entities; None for all.
    """
    return _csv(
        MENTION_COLUMNS,
        (
            (
                m.entity,
                m.type,
                m.matched,
                article.title,
                article.published,
                article.site_name,
                article.url,
                m.start,
                m.end,
                m.source,
                m.context,
                m.id,
                m.entity_id,
                article.id,
                article.original_sha256,
                article.captured_at,
                article.imported_at,
            )
            for article in articles
            for m in article.mentions
            if entity_ids is None or m.entity_id in entity_ids
        ),
    )
