"""The import pipeline's stages, each on its own: extract and identify."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from archive_reader.core.db.articles import ArticleRef
from archive_reader.core.db.storage import Storage, sha256_of
from archive_reader.core.ingest import importer
from archive_reader.core.ingest.capture import CaptureCopy
from archive_reader.core.ingest.finder import Candidate
from archive_reader.core.ingest.importer import (
    ExtractedPage,
    Importer,
    NoArticle,
    PageIdentity,
    Verdict,
    extract,
    identify,
    url_key,
)
from archive_reader.core.ingest.sources import SourcePage
from archive_reader.core.models import ExtractedArticle, ImportStatus
from tests.core.test_archive import page, write


def _source(html: str) -> SourcePage:
    return SourcePage(html=html, url=None, format="html", encoding="utf-8", record_key="")


def test_extract_gives_the_article_or_why_there_is_none(tmp_path: Path) -> None:
    found = extract(_source(page("Harbour news")), tmp_path / "a.html")
    assert isinstance(found, ExtractedPage)
    assert found.title == "Harbour news" and found.text.startswith("The committee met")
    empty = extract(_source("<html><body></body></html>"), tmp_path / "b.html")
    assert empty == NoArticle("no article found: the page has no title and no text")


def test_identify_says_which_article_a_page_duplicates_and_why(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "lib")
    try:
        path = write(tmp_path / "a.html", page("Harbour news", url="https://example.org/h"))
        (result,) = Importer(storage).import_file(Candidate(path, explicit=True))
        assert result.status is ImportStatus.IMPORTED and result.article_id is not None
        ref = ArticleRef(result.article_id, "Harbour news")
        sha = sha256_of(path.read_bytes())
        assert identify(storage.db, PageIdentity(sha, "")) == Verdict(
            ref, "this file was imported before"
        )
        assert identify(storage.db, PageIdentity("0" * 64, "")) == Verdict()
        extracted = extract(_source(page("Harbour news")), path)
        assert isinstance(extracted, ExtractedPage)
        other = CaptureCopy(tmp_path / "elsewhere", "0" * 64, 1)
        text_sha = sha256_of(extracted.text.encode("utf-8"))
        key = url_key("https://www.example.org/h/")
        saved_again = PageIdentity("0" * 64, "", key, "Harbour news", text_sha)
        assert identify(storage.db, saved_again) == Verdict(ref, "same URL and text")
        unaddressed = PageIdentity.of(other, extracted)
        assert unaddressed.url_key is None
        assert identify(storage.db, unaddressed) == Verdict(ref, "same title and text")
    finally:
        storage.close()


# Nothing vanishes: a page without an article keeps its visible text


_LISTING = (
    "<!DOCTYPE html><html><head><title>Opening hours - Harbour Library</title>"
    "<style>p { color: red }</style><script>var tracker = 1;</script></head><body>"
    '<nav><a href="/">Home</a> <a href="/visit">Visit</a> <a href="/events">Events</a></nav>'
    "<div><h2>Opening hours</h2><div>Monday to Friday: 9 to 18</div>"
    "<div>Saturday: 10 to 14</div></div></body></html>"
)


def _no_article(html: str, url: str | None = None) -> ExtractedArticle:
    # The extractor finding nothing, whatever the page: the rule is the importer's.
    return ExtractedArticle(title="", text="", html="", url=url)


def test_a_saved_page_without_an_article_keeps_its_visible_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "extract_article", _no_article)
    found = extract(_source(_LISTING), tmp_path / "hours.html")
    assert isinstance(found, ExtractedPage)
    assert found.note == "no article found: the whole visible text was kept"
    assert found.title == "Opening hours - Harbour Library"
    assert found.text == "Opening hours\n\nMonday to Friday: 9 to 18\n\nSaturday: 10 to 14"
    assert "tracker" not in found.text and "color" not in found.text
    assert "Events" not in found.text


def test_a_saved_page_without_an_article_is_imported_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "extract_article", _no_article)
    storage = Storage(tmp_path / "lib")
    try:
        path = tmp_path / "hours.html"
        path.write_text(_LISTING, encoding="utf-8")
        (result,) = Importer(storage).import_file(Candidate(path, explicit=True))
        assert result.status is ImportStatus.IMPORTED
        assert result.reason == "no article found: the whole visible text was kept"
    finally:
        storage.close()


def test_a_page_that_shows_no_text_has_nothing_to_keep(tmp_path: Path) -> None:
    blank = "<html><head><title>Home</title><script>var x = 1;</script></head><body></body></html>"
    assert extract(_source(blank), tmp_path / "b.html") == NoArticle(
        "no article text found on the page"
    )


def _warc(records: list[tuple[str, str]]) -> bytes:
    out = b""
    for number, (uri, body) in enumerate(records):
        block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        block += body.encode()
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            "WARC-Date: 2024-03-05T10:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(block)}\r\n\r\n"
        ).encode()
        out += gzip.compress(head + block + b"\r\n\r\n")
    return out


def test_a_crawl_leaves_out_its_pages_without_an_article_and_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importer.extract_article

    def extract_some(html: str, url: str | None = None) -> ExtractedArticle:
        return _no_article(html, url) if url and url.endswith("/hours") else real(html, url)

    monkeypatch.setattr(importer, "extract_article", extract_some)
    path = tmp_path / "site.warc.gz"
    path.write_bytes(
        _warc(
            [
                ("https://library.example/hours", _LISTING),
                ("https://library.example/news/h", page("Harbour news")),
            ]
        )
    )
    storage = Storage(tmp_path / "lib")
    try:
        results = Importer(storage).import_file(Candidate(path, explicit=True))
    finally:
        storage.close()
    assert [r.status for r in results] == [ImportStatus.SKIPPED, ImportStatus.IMPORTED]
    assert results[0].reason == (
        "no article found on this page of a crawl: left out (import --all-pages takes it)"
    )
    assert results[0].url == "https://library.example/hours"


def test_all_pages_takes_the_crawl_pages_without_an_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importer.extract_article

    def extract_some(html: str, url: str | None = None) -> ExtractedArticle:
        return _no_article(html, url) if url and url.endswith("/hours") else real(html, url)

    monkeypatch.setattr(importer, "extract_article", extract_some)
    path = tmp_path / "site.warc.gz"
    path.write_bytes(
        _warc(
            [
                ("https://library.example/hours", _LISTING),
                ("https://library.example/news/h", page("Harbour news")),
            ]
        )
    )
    storage = Storage(tmp_path / "lib")
    try:
        results = Importer(storage, all_pages=True).import_file(Candidate(path, explicit=True))
    finally:
        storage.close()
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert results[0].reason == "no article found: the whole visible text was kept"
    assert results[0].url == "https://library.example/hours"


def test_a_warc_of_one_page_is_a_page_saved_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "extract_article", _no_article)
    path = tmp_path / "hours.warc.gz"
    path.write_bytes(_warc([("https://library.example/hours", _LISTING)]))
    storage = Storage(tmp_path / "lib")
    try:
        (result,) = Importer(storage).import_file(Candidate(path, explicit=True))
    finally:
        storage.close()
    assert result.status is ImportStatus.IMPORTED
    assert result.reason == "no article found: the whole visible text was kept"
    assert result.url == "https://library.example/hours"
