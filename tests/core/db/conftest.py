"""A Storage with a few articles written directly, without extraction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader.core.db.articles import NewArticle, insert_article
from archive_reader.core.db.originals import keep_original, record_original
from archive_reader.core.db.storage import Storage, sha256_of


def new_article(sha256: str, number: int, **columns: object) -> NewArticle:
    """An article of the original ``sha256``, record ``number``."""
    values: dict[str, object] = {
        "original_sha256": sha256,
        "record_key": f"record-{number}",
        "source_path": "/saved/page.warc",
        "source_format": "warc",
        "encoding": "utf-8",
        "title": f"Article {number}",
        "text": f"The text of article {number}, in a few words.",
        "html": f"<p>The text of article {number}, in a few words.</p>",
        "url": f"https://example.org/{number}",
        "url_key": f"example.org/{number}",
        "author": None,
        "published": None,
        "site_name": "Example",
        "language": "en",
        "description": None,
        "image": None,
        "extractor_version": 1,
    }
    values.update(columns)
    return NewArticle(**values)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    """An empty library's storage, with one original recorded."""
    opened = Storage(tmp_path / "lib")
    yield opened
    opened.close()


@pytest.fixture
def original(storage: Storage) -> str:
    """The sha256 of an original file kept and recorded in ``storage``."""
    data = b"a saved page"
    sha256 = sha256_of(data)
    keep_original(storage, data, sha256)
    with storage.transaction():
        record_original(storage.db, sha256, len(data), "application/warc", "page.warc")
    return sha256


def add(
    storage: Storage, article: NewArticle, resources: dict[str, tuple[str, str]] | None = None
) -> int:
    """Inserts an article in its own transaction; returns its id."""
    with storage.transaction():
        return insert_article(storage.db, article, resources or {})
