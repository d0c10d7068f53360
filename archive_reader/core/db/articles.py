"""Articles and their resources: rows in and out, duplicate lookups, re-extraction, deletes."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from archive_reader.core.db import index_queue, tags
from archive_reader.core.db.storage import now, sha256_of
from archive_reader.core.models import Article

_ARTICLE_COLUMNS = (
    "id, title, text, html, url, author, published, site_name, language, description,"
    " image, source_path, source_format, original_sha256, imported_at, word_count,"
    " captured_at, note"
)


@dataclass(slots=True)
class NewArticle:
    """The columns of an article about to be stored."""

    original_sha256: str
    record_key: str
    source_path: str
    source_format: str
    encoding: str
    title: str
    text: str
    html: str
    url: str | None
    url_key: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    image: str | None
    extractor_version: int
    captured_at: str | None = None


@dataclass(frozen=True, slots=True)
class Reextracted:
    """What a new extraction replaces in an article's row."""

    title: str
    text: str
    html: str
    url: str | None
    url_key: str | None
    author: str | None
    published: str | None
    site_name: str | None
    language: str | None
    description: str | None
    image: str | None
    extractor_version: int


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article found by a lookup: its id and title."""

    id: int
    title: str


@dataclass(frozen=True, slots=True)
class ExtractionSource:
    """Where an article was extracted from, and its text now."""

    original_sha256: str
    record_key: str
    text: str


@dataclass(frozen=True, slots=True)
class HitRow:
    """What a search hit shows of an article."""

    id: int
    title: str
    text: str
    language: str | None
    site_name: str | None
    published: str | None
    url: str | None


def article(db: sqlite_utils.Database, article_id: int) -> Article | None:
    """One article with its kept images, or None when there is no such id."""
    cursor = db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id])
    row = cursor.fetchone()
    if row is None:
        return None
    columns = dict(zip([c[0] for c in cursor.description], row, strict=True))
    return Article(**columns, resources=resources_of(db, article_id))


def resources_of(db: sqlite_utils.Database, article_id: int) -> dict[str, str]:
    """Reference -> sha256 of an article's kept images."""
    rows = db.execute(
        "SELECT ref, sha256 FROM resources WHERE article_id = ?", [article_id]
    ).fetchall()
    return {ref: sha for ref, sha in rows}


def resource(
    db: sqlite_utils.Database, article_id: int, ref: str, sha256: str = ""
) -> tuple[str, str] | None:
    """(sha256, media type) of one kept image of an article, by reference or hash."""
    row = db.execute(
        "SELECT sha256, media_type FROM resources"
        " WHERE article_id = ? AND (ref = ? OR sha256 = ?) LIMIT 1",
        [article_id, ref, sha256],
    ).fetchone()
    return (row[0], row[1]) if row else None


def hit_rows(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, HitRow]:
    """What search hits show of these articles, keyed by id."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(
        "SELECT id, title, text, language, site_name, published, url FROM articles"
        f" WHERE id IN ({marks})",
        article_ids,
    ).fetchall()
    return {row[0]: HitRow(*row) for row in rows}


# Duplicate lookups


def find_by_record(db: sqlite_utils.Database, sha256: str, record_key: str) -> ArticleRef | None:
    """The article already imported from this original (and record), if any."""
    row = db.execute(
        "SELECT id, title FROM articles WHERE original_sha256 = ? AND record_key = ?",
        [sha256, record_key],
    ).fetchone()
    return ArticleRef(row[0], row[1]) if row else None


def find_by_url_text(
    db: sqlite_utils.Database, url_key: str, text_sha256: str
) -> ArticleRef | None:
    """An article with the same canonical URL and the same text, if any."""
    row = db.execute(
        "SELECT id, title FROM articles WHERE url_key = ? AND text_sha256 = ? LIMIT 1",
        [url_key, text_sha256],
    ).fetchone()
    return ArticleRef(row[0], row[1]) if row else None


def find_by_title_text(
    db: sqlite_utils.Database, title: str, text_sha256: str, unaddressed_only: bool = False
) -> ArticleRef | None:
    """An article with the same title and text (and no canonical URL, if asked)."""
    row = db.execute(
        "SELECT id, title FROM articles WHERE text_sha256 = ? AND title = ?"
        + (" AND url_key IS NULL" if unaddressed_only else "")
        + " LIMIT 1",
        [text_sha256, title],
    ).fetchone()
    return ArticleRef(row[0], row[1]) if row else None


# Changes (inside the caller's transaction)


def insert_article(
    db: sqlite_utils.Database, article: NewArticle, resources: dict[str, tuple[str, str]]
) -> int:
    """Inserts an article, its resources and its index-queue row.

    Must run inside ``Storage.transaction()``, after the originals are recorded.

    Args:
        db: The library database.
        article: The columns to store.
        resources: Reference in the html -> (sha256, media type).

    Returns:
        The new article's id.
    """
    stamp = now()
    cursor = db.execute(
        "INSERT INTO articles (original_sha256, record_key, source_path, source_format,"
        " encoding, title, text, html, url, url_key, author, published, site_name,"
        " language, description, image, text_sha256, word_count, imported_at,"
        " extracted_at, extractor_version, captured_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article.original_sha256,
            article.record_key,
            article.source_path,
            article.source_format,
            article.encoding,
            article.title,
            article.text,
            article.html,
            article.url,
            article.url_key,
            article.author,
            article.published,
            article.site_name,
            article.language,
            article.description,
            article.image,
            sha256_of(article.text.encode("utf-8")),
            len(article.text.split()),
            stamp,
            stamp,
            article.extractor_version,
            article.captured_at,
        ],
    )
    article_id = cursor.lastrowid
    assert article_id is not None
    for ref, (sha256, media_type) in resources.items():
        db.execute(
            "INSERT OR IGNORE INTO resources (article_id, ref, sha256, media_type)"
            " VALUES (?, ?, ?, ?)",
            [article_id, ref, sha256, media_type],
        )
    index_queue.queue(db, [article_id])
    return article_id


def extraction_source(db: sqlite_utils.Database, article_id: int) -> ExtractionSource | None:
    """Where an article was extracted from and its current text, for re-extraction."""
    row = db.execute(
        "SELECT original_sha256, record_key, text FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    return ExtractionSource(row[0], row[1], row[2]) if row else None


def update_extraction(
    db: sqlite_utils.Database,
    article_id: int,
    columns: Reextracted,
    resources: dict[str, tuple[str, str]],
) -> None:
    """Replaces what extraction produced for an article (inside the caller's transaction).

    Args:
        db: The library database.
        article_id: The article.
        columns: The new extraction's values.
        resources: Reference -> (sha256, media type) of the images it shows.
    """
    text = columns.text
    db.execute(
        "UPDATE articles SET title = ?, text = ?, html = ?, url = ?, url_key = ?, author = ?,"
        " published = ?, site_name = ?, language = ?, description = ?, image = ?,"
        " extractor_version = ?, text_sha256 = ?, word_count = ?, extracted_at = ?"
        " WHERE id = ?",
        [
            columns.title,
            text,
            columns.html,
            columns.url,
            columns.url_key,
            columns.author,
            columns.published,
            columns.site_name,
            columns.language,
            columns.description,
            columns.image,
            columns.extractor_version,
            sha256_of(text.encode("utf-8")),
            len(text.split()),
            now(),
            article_id,
        ],
    )
    for ref, (sha256, media_type) in resources.items():
        db.execute(
            "INSERT OR REPLACE INTO resources (article_id, ref, sha256, media_type)"
            " VALUES (?, ?, ?, ?)",
            [article_id, ref, sha256, media_type],
        )
    index_queue.queue(db, [article_id])


def delete_articles(db: sqlite_utils.Database, article_ids: list[int]) -> int:
    """Deletes articles with their tags, mentions and highlights (inside a transaction).

    The original files stay in ``originals/``: nothing imported is lost,
    and importing the file again brings the article back.

    Returns:
        How many articles were deleted.
    """
    deleted = 0
    for article_id in article_ids:
        cursor = db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        deleted += cursor.rowcount
    index_queue.queue(db, article_ids)
    tags.drop_all_unused_tags(db)
    return deleted


def article_text(db: sqlite_utils.Database, article_id: int) -> str | None:
    """An article's extracted text.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The text, or None when there is no such article.
    """
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else str(row[0])


def article_note(db: sqlite_utils.Database, article_id: int) -> str | None:
    """The note on a whole article.

    Args:
        db: The library's database.
        article_id: The article.

    Returns:
        The note ("" when none), or None when there is no such article.
    """
    row = db.execute("SELECT note FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else str(row[0])


def set_article_note(db: sqlite_utils.Database, article_id: int, note: str) -> None:
    """Sets the note on a whole article.

    Args:
        db: The library's database.
        article_id: The article.
        note: The note ("" for none).
    """
    db.execute("UPDATE articles SET note = ? WHERE id = ?", [note, article_id])
