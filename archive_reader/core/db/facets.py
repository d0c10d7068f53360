"""Counts over the whole library: the sidebar's overview, the facet values, the stats."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from archive_reader.core.db.schema import SCHEMA_VERSION
from archive_reader.core.models import LibraryOverview
from archive_reader.core.search.analysis import base_language


@dataclass(frozen=True, slots=True)
class LibraryStats:
    """Counts for ``archive-reader stats``.

    Attributes:
        languages: Primary language -> articles, most articles first.
        formats: Source format -> articles.
        originals_bytes: The size of the originals recorded in the database.
        pending_index: Articles waiting for their index entry.
    """

    articles: int
    sites: int
    languages: dict[str, int] = field(default_factory=dict)
    formats: dict[str, int] = field(default_factory=dict)
    originals: int = 0
    originals_bytes: int = 0
    words: int = 0
    pending_index: int = 0
    schema_version: int = SCHEMA_VERSION


def _by_base_language(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts per language code folded to primary languages ("en-US" counts as "en")."""
    totals: dict[str, int] = {}
    for language, count in counts:
        key = base_language(language) or "unknown"
        totals[key] = totals.get(key, 0) + count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def overview(connection: sqlite3.Connection) -> LibraryOverview:
    """Counts for the sidebar: tags, sites, entities by type, saved searches, notes."""
    one = connection.execute
    entities: dict[str, list[tuple[int, str, int]]] = {}
    for entity_id, name, kind, count in one(
        "SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) FROM entities e"
        " LEFT JOIN mentions m ON m.entity_id = e.id AND m.rejected = 0"
        " GROUP BY e.id ORDER BY 4 DESC, e.name COLLATE NOCASE"
    ).fetchall():
        entities.setdefault(kind, []).append((entity_id, name, count))
    return LibraryOverview(
        articles=one("SELECT count(*) FROM articles").fetchone()[0],
        with_notes=one(
            "SELECT count(*) FROM (SELECT id FROM articles WHERE note != ''"
            " UNION SELECT article_id FROM annotations)"
        ).fetchone()[0],
        orphaned=one(
            "SELECT count(DISTINCT article_id) FROM annotations WHERE orphaned = 1"
        ).fetchone()[0],
        tags=one(
            "SELECT name, count(DISTINCT article_id) FROM ("
            " SELECT article_id, t.name AS name FROM article_tags JOIN tags t ON t.id = tag_id"
            " UNION SELECT a.article_id, t.name FROM annotations a JOIN annotation_tags at"
            " ON at.annotation_id = a.id JOIN tags t ON t.id = at.tag_id)"
            " GROUP BY name ORDER BY name COLLATE NOCASE"
        ).fetchall(),
        sites=one(
            "SELECT site_name, count(*) FROM articles WHERE site_name IS NOT NULL"
            " GROUP BY site_name ORDER BY 2 DESC, 1 COLLATE NOCASE"
        ).fetchall(),
        entities=entities,
        saved_searches=one(
            "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
        ).fetchall(),
        languages=_by_base_language(
            one(
                "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1"
            ).fetchall()
        ),
    )


def facet_rows(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """What facet counts need, for every article.

    Returns:
        "articles": (id, site name, language, year) of each article; "tags"
        and "entities": (article id, name) pairs.
    """
    one = connection.execute
    return {
        "articles": one(
            "SELECT id, site_name, language, substr(published, 1, 4) FROM articles"
        ).fetchall(),
        "tags": one(
            "SELECT article_id, t.name FROM article_tags JOIN tags t ON t.id = tag_id"
            " UNION SELECT a.article_id, t.name FROM annotations a"
            " JOIN annotation_tags at ON at.annotation_id = a.id"
            " JOIN tags t ON t.id = at.tag_id"
        ).fetchall(),
        "entities": one(
            "SELECT DISTINCT m.article_id, e.name FROM mentions m"
            " JOIN entities e ON e.id = m.entity_id WHERE m.rejected = 0"
        ).fetchall(),
    }


def stats(connection: sqlite3.Connection) -> LibraryStats:
    """Counts for ``archive-reader stats``: articles, sites, languages, formats, originals."""
    one = connection.execute
    return LibraryStats(
        articles=int(one("SELECT count(*) FROM articles").fetchone()[0]),
        sites=int(one("SELECT count(DISTINCT site_name) FROM articles").fetchone()[0]),
        languages=dict(
            _by_base_language(
                one(
                    "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1"
                ).fetchall()
            )
        ),
        formats=dict(one("SELECT source_format, count(*) FROM articles GROUP BY 1").fetchall()),
        originals=int(one("SELECT count(*) FROM originals").fetchone()[0]),
        originals_bytes=int(one("SELECT coalesce(sum(size), 0) FROM originals").fetchone()[0]),
        words=int(one("SELECT coalesce(sum(word_count), 0) FROM articles").fetchone()[0]),
        pending_index=int(one("SELECT count(*) FROM index_queue").fetchone()[0]),
    )
