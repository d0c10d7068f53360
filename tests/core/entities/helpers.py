"""Helpers of the entity tests: saved pages shaped like articles, imported into a library."""

from __future__ import annotations

from pathlib import Path

from archive_reader import Archive
from archive_reader.core.entities.catalog import EntityCatalog

FILLER = (
    "The report was written over several months by a small team of researchers who read"
    " thousands of posts and compared them with the public statements of the companies."
)


def page(
    title: str,
    paragraphs: list[str],
    *,
    date: str = "2023-05-10",
    site: str = "Courier",
    lang: str = "en",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in [*paragraphs, FILLER])
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def add_page(archive: Archive, tmp_path: Path, name: str, html: str) -> int:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    (result,) = archive.import_paths([path])
    assert result.article_id is not None, result.reason
    return result.article_id


def texts(catalog: EntityCatalog, article_id: int, entity_id: int | None = None) -> list[str]:
    return [m.text for m in catalog.mentions(article_id=article_id, entity_id=entity_id)]


def found_ids(archive: Archive, query: str) -> set[int]:
    return {hit.article_id for hit in archive.search(query, limit=100)}
