"""The export tests' library: pages, a Library that writes rows directly, small readers."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.db.storage import now
from archive_reader.core.export.exporter import Exporter
from archive_reader.core.export.selection import Selection

CONFORMANCE = Path(__file__).resolve().parents[4] / "shared" / "conformance"
SAVED_PAGES = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "saved-pages"

BODY = [
    "Rossiya Segodnya, the agency behind RIA Novosti, was named in the report published on"
    " Monday by the platform's integrity team.",
    'The company said: "We removed 42 accounts & 7 pages for coordinated inauthentic behaviour'
    ' under our policy <script>."',
    "Jane Doe, who leads the research group in Berlin, called it the first public attribution.",
    "Further reviews are expected before the elections next spring, the statement added.",
]


def page(
    title: str,
    *,
    url: str | None,
    author: str | None,
    site: str | None,
    published: str | None,
    body: list[str] = BODY,
) -> str:
    """A small news page whose metadata the extractor finds in meta tags."""
    meta = ""
    if url:
        meta += f'<link rel="canonical" href="{url}">'
    if author:
        meta += f'<meta name="author" content="{author}">'
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    paragraphs = "".join(
        f"<p>{text.replace('&', '&amp;').replace('<', '&lt;')}</p>" for text in body
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Footer</footer></body></html>"
    )


class Library:
    """A test library with articles, tags, labels, highlights, entities and mentions."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.db = archive._handle.storage.db

    def text(self, article_id: int) -> str:
        return self.archive.get(article_id).text

    def tag(self, name: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        return int(self.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0])

    def tag_article(self, article_id: int, name: str) -> None:
        self.db.execute(
            "INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)",
            [article_id, self.tag(name)],
        )

    def label(self, name: str, color: str) -> int:
        cursor = self.db.execute("INSERT INTO labels (name, color) VALUES (?, ?)", [name, color])
        return int(cursor.lastrowid)

    def highlight(
        self,
        article_id: int,
        quote: str,
        *,
        note: str = "",
        label: int | None = None,
        tags: tuple[str, ...] = (),
        orphaned: bool = False,
    ) -> int:
        text = self.text(article_id)
        start = text.find(quote)
        assert start >= 0 or orphaned, quote
        start = max(start, 0)
        end = start + len(quote)
        stamp = now()
        cursor = self.db.execute(
            "INSERT INTO annotations (article_id, label_id, quote, prefix, suffix, start, end,"
            " note, orphaned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                label,
                quote,
                text[max(0, start - 20) : start],
                text[end : end + 20],
                start,
                end,
                note,
                int(orphaned),
                stamp,
                stamp,
            ],
        )
        annotation_id = int(cursor.lastrowid)
        for name in tags:
            self.db.execute(
                "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
                [annotation_id, self.tag(name)],
            )
        return annotation_id

    def entity(self, name: str, kind: str, aliases: tuple[str, ...] = ()) -> int:
        cursor = self.db.execute(
            "INSERT INTO entities (name, type, created_at) VALUES (?, ?, ?)", [name, kind, now()]
        )
        entity_id = int(cursor.lastrowid)
        for alias in aliases:
            self.db.execute(
                "INSERT INTO aliases (entity_id, text, case_sensitive) VALUES (?, ?, ?)",
                [entity_id, alias, int(alias.isupper())],
            )
        return entity_id

    def mention(
        self, article_id: int, entity_id: int, text: str, *, rejected: bool = False
    ) -> list[int]:
        """Mentions of every occurrence of ``text`` in the article."""
        body = self.text(article_id)
        ids = []
        for match in re.finditer(re.escape(text), body):
            cursor = self.db.execute(
                "INSERT INTO mentions (article_id, entity_id, start, end, source, rejected)"
                " VALUES (?, ?, ?, ?, 'found', ?)",
                [article_id, entity_id, match.start(), match.end(), int(rejected)],
            )
            ids.append(int(cursor.lastrowid))
        assert ids, text
        return ids

    def reindex(self, article_ids: list[int]) -> None:
        storage = self.archive._handle.storage
        with storage.transaction():
            storage.queue_for_index(article_ids)
        self.archive._handle.flush()


def exporter(library: Library) -> Exporter:
    return Exporter(library.archive._handle, library.archive._engine.matching_ids)


def everything(library: Library) -> Selection:
    return exporter(library).select()


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def validate(script: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CONFORMANCE / script), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def needs_conformance() -> None:
    if not (CONFORMANCE / "validate_annotations.py").is_file():
        pytest.skip("../shared/conformance is not beside this checkout")
    pytest.importorskip("jsonschema")
