"""The import pipeline's stages, each on its own: extract and identify."""

from __future__ import annotations

from pathlib import Path

from archive_reader.core.db.articles import ArticleRef
from archive_reader.core.db.storage import Storage, sha256_of
from archive_reader.core.ingest.capture import CaptureCopy
from archive_reader.core.ingest.finder import Candidate
from archive_reader.core.ingest.formats import SourcePage
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
from archive_reader.core.models import ImportStatus
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
