"""Fixtures of the export tests: an open archive, and a library of three articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive
from tests.core.export.helpers import BODY, Library, page


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


@pytest.fixture
def library(archive: Archive, tmp_path: Path) -> Library:
    """Three articles: a dated news story, an awkward title, one with no URL, site or author."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(
        page(
            "Platform removes accounts tied to state media",
            url="https://news.example/2024/03/12/accounts",
            # A reporter and her agency: the extractor keeps them apart ("...; Reuters").
            author="Jane Q. Public, Reuters",
            site="The Valley Courier",
            published="2024-03-12T09:30:00+00:00",
        ),
        encoding="utf-8",
    )
    (pages / "b.html").write_text(
        page(
            'Über {braces} & 100% "quotes" #_tags',
            url="https://news.example/b?x={1}&y=2",
            author="Ludwig von Mises",
            site="Die Zeitung",
            published="2023-11-02",
            body=[*BODY[2:], *BODY[:2]],
        ),
        encoding="utf-8",
    )
    (pages / "c.html").write_text(
        page("Notes without a home", url=None, author=None, site=None, published=None),
        encoding="utf-8",
    )
    results = archive.import_paths(sorted(pages.iterdir()))
    ids = [result.article_id for result in results]
    assert all(ids) and len(set(ids)) == 3, results
    lib = Library(archive)
    lib.ids = ids  # type: ignore[attr-defined]
    a, b, c = ids
    storage = archive._handle.storage
    with storage.transaction():
        lib.db.execute("UPDATE articles SET note = ? WHERE id = ?", ["Read <b>twice</b>.", a])
        lib.db.execute(
            "UPDATE articles SET captured_at = ? WHERE id = ?", ["2024-03-13T08:00:00+00:00", a]
        )
        evidence = lib.label("Evidence", "#ffcc00")
        lib.tag_article(a, "influence ops")
        lib.tag_article(c, "attribution")
        lib.h1 = lib.highlight(  # type: ignore[attr-defined]
            a,
            "Rossiya Segodnya, the agency behind RIA Novosti",
            note="first public attribution,\nsee also the March report",
            label=evidence,
            tags=("attribution", "state media"),
        )
        lib.h2 = lib.highlight(a, "We removed 42 accounts & 7 pages", tags=("numbers",))  # type: ignore[attr-defined]
        lib.h3 = lib.highlight(b, "Jane Doe, who leads the research group", tags=("people",))  # type: ignore[attr-defined]
        lib.h4 = lib.highlight(b, "a passage that is gone", orphaned=True, note="lost")  # type: ignore[attr-defined]
        lib.h5 = lib.highlight(c, "Further reviews are expected")  # type: ignore[attr-defined]
        rs = lib.entity("Rossiya Segodnya", "organisation", ("RS", "Rossiya Segodnja"))
        ria = lib.entity("RIA Novosti", "organisation")
        jane = lib.entity("Jane Doe", "person")
        berlin = lib.entity("Berlin", "place")
        lib.rs, lib.ria, lib.jane, lib.berlin = rs, ria, jane, berlin  # type: ignore[attr-defined]
        for article_id in (a, b):
            lib.mention(article_id, rs, "Rossiya Segodnya")
            lib.mention(article_id, ria, "RIA Novosti")
            lib.mention(article_id, jane, "Jane Doe")
        lib.mention(b, berlin, "Berlin")
        lib.mention(a, berlin, "Berlin", rejected=True)
        storage.queue_for_index(ids)
    archive._handle.flush()
    return lib
