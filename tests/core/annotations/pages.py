"""Articles about influence networks that the annotation tests highlight, and a library of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.annotations.highlights import Annotations

PARAGRAPHS = [
    "Meta said on Tuesday that it had removed a network of accounts tied to TV-Novosti, the"
    " parent company of RT, for covert influence operations on its platforms.",
    "The company stated that the accounts had posed as independent news outlets and had spent"
    " about 40,000 dollars on advertising before they were taken down.",
    "Researchers who studied the network said the first public attribution came months after"
    " the accounts were set up, which limited what could be learned about their reach.",
]


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
        "</article><footer>Copyright The Courier.</footer></body></html>"
    )


def import_page(archive: Archive, folder: Path, name: str, paragraphs: list[str]) -> int:
    path = folder / f"{name}.html"
    path.write_text(page(f"{name.title()} report on influence networks", paragraphs), "utf-8")
    (result,) = archive.import_paths([path])
    assert result.article_id is not None, result
    return result.article_id


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


@pytest.fixture
def article(archive: Archive, tmp_path: Path) -> int:
    return import_page(archive, tmp_path, "first", PARAGRAPHS)


@pytest.fixture
def notes(archive: Archive) -> Annotations:
    return Annotations(archive._handle)


def found_ids(archive: Archive, query: str) -> list[int]:
    return [hit.article_id for hit in archive.search(query)]


def set_text(archive: Archive, article_id: int, text: str) -> None:
    """What a re-extraction does to the database (without the re-extraction itself)."""
    with archive._handle.lock, archive._handle.storage.transaction():
        archive._handle.storage.db.execute(
            "UPDATE articles SET text = ? WHERE id = ?", [text, article_id]
        )
