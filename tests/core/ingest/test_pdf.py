"""PDF documents: paragraphs page by page, page markers, metadata, and the reasons for failing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.pdf import (
    NO_TEXT_LAYER,
    _Line,
    _without_running_lines,
    looks_like_pdf,
    page_at,
    read_pdf,
)
from archive_reader.core.models import ImportStatus

FIXTURES = Path(__file__).parents[2] / "fixtures" / "pdf"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


def _expected(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()


def test_text_comes_as_paragraphs_with_a_marker_at_each_page() -> None:
    document = read_pdf(FIXTURES / "report.pdf", "report.pdf")
    assert document.article.text == _expected("report")
    assert [page.label for page in document.pages] == ["1", "2", "3"]
    assert document.note == ""


def test_running_header_and_page_numbers_are_left_out() -> None:
    text = read_pdf(FIXTURES / "report.pdf", "report.pdf").article.text
    assert "Interim Report" not in text
    assert "\n\n2\n\n" not in text and not text.endswith("3")


def test_words_hyphenated_at_a_line_end_are_joined_and_lines_make_paragraphs() -> None:
    text = read_pdf(FIXTURES / "report.pdf", "report.pdf").article.text
    assert "needed maintenance before the summer season." in text
    assert "from the repainting of the lighthouse" in text
    assert "ninety-two" in text
    assert "along the eastern quay." in text


def test_each_page_is_a_section_of_the_html_opening_with_its_marker() -> None:
    html = read_pdf(FIXTURES / "report.pdf", "report.pdf").article.html
    assert html.count('<section class="pdf-page"') == 3
    assert '<section class="pdf-page" data-page="2" data-label="2">' in html
    assert '<p class="page-marker">[Page 2]</p><p>Repairs were estimated' in html


def test_a_position_in_the_text_maps_to_its_page() -> None:
    text = read_pdf(FIXTURES / "report.pdf", "report.pdf").article.text
    assert page_at(text, text.index("Divers inspected")) == "1"
    assert page_at(text, text.index("Fishermen")) == "2"
    assert page_at(text, text.index("lighthouse")) == "3"
    assert page_at("no markers here", 3) is None


def test_metadata_comes_from_the_document_info() -> None:
    article = read_pdf(FIXTURES / "report.pdf", "report.pdf").article
    assert article.title == "Harbour Survey: Interim Report"
    assert article.author == "Coastal Works Office"
    # reportlab's invariant mode (reproducible files) dates every document 2000-01-01.
    assert article.published is not None and article.published.startswith("2000-01-01")


def test_without_a_title_in_the_info_the_first_line_is_the_title() -> None:
    document = read_pdf(FIXTURES / "untitled.pdf", "untitled.pdf")
    assert document.article.title == "Notes on the Riverside Library Closure"
    # reportlab writes "anonymous" when no author is set: that names nobody.
    assert document.article.author is None
    assert document.article.text == _expected("untitled")
    assert "<h2>Notes on the Riverside Library Closure</h2>" in document.article.html


def test_a_scan_without_a_text_layer_keeps_its_metadata_and_says_why() -> None:
    document = read_pdf(FIXTURES / "scan.pdf", "scan.pdf")
    assert document.note == NO_TEXT_LAYER
    assert document.article.title == "Scanned Letter"
    assert document.article.text == "[Page 1]\n\n[Page 2]"


def test_an_encrypted_pdf_fails_with_a_reason_naming_the_file() -> None:
    with pytest.raises(ImportFailure, match=r"^locked\.pdf: the PDF is encrypted with a password"):
        read_pdf(FIXTURES / "locked.pdf", "locked.pdf")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"%PDF-1.4\n" + bytes(range(256)) * 4,
        lambda data: b"%PDF-1.7\n%%EOF\n",
    ],
    ids=["cut-in-half", "garbage", "header-only"],
)
def test_a_damaged_pdf_fails_with_a_reason_or_reads_what_it_can(tmp_path: Path, damage) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(damage((FIXTURES / "report.pdf").read_bytes()))
    try:
        document = read_pdf(path, "broken.pdf")
    except ImportFailure as error:
        assert str(error).startswith("broken.pdf: the PDF")
    else:
        assert document.article.text.startswith("[Page 1]")


def test_looks_like_pdf_allows_junk_before_the_header() -> None:
    assert looks_like_pdf(b"%PDF-1.7\n")
    assert looks_like_pdf(b"\r\n\x00junk%PDF-1.4")
    assert not looks_like_pdf(b"<html></html>")


def test_a_pdf_is_imported_and_its_original_kept_byte_for_byte(
    archive: Archive, tmp_path: Path
) -> None:
    source = tmp_path / "in" / "report.pdf"
    source.parent.mkdir()
    shutil.copy(FIXTURES / "report.pdf", source)
    (result,) = archive.import_paths([source])
    assert result.status is ImportStatus.IMPORTED, result.reason
    assert result.title == "Harbour Survey: Interim Report"
    assert archive.original_path(result.article_id).read_bytes() == source.read_bytes()
    article = archive.get(result.article_id)
    assert article.source_format == "pdf"
    assert article.text == _expected("report")
    assert article.author == "Coastal Works Office"
    again = archive.import_paths([source])
    assert again[0].status is ImportStatus.DUPLICATE


def test_a_folder_of_pdfs_imports_each_with_its_result(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("report.pdf", "scan.pdf", "locked.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    # A PDF without the .pdf name is found by its first bytes.
    shutil.copy(FIXTURES / "untitled.pdf", folder / "download")
    results = {Path(r.path).name: r for r in archive.import_paths([folder])}
    assert set(results) == {"report.pdf", "scan.pdf", "locked.pdf", "download"}
    assert results["report.pdf"].status is ImportStatus.IMPORTED
    assert results["download"].title == "Notes on the Riverside Library Closure"
    scan = results["scan.pdf"]
    assert scan.status is ImportStatus.IMPORTED and scan.reason == NO_TEXT_LAYER
    assert scan.title == "Scanned Letter"
    locked = results["locked.pdf"]
    assert locked.status is ImportStatus.FAILED
    assert locked.reason == "locked.pdf: the PDF is encrypted with a password"


def test_a_chapter_running_head_carrying_the_page_number_is_left_out() -> None:
    def lines(*texts: str) -> list[_Line]:
        return [_Line(text, 800 - 15 * i, 11) for i, text in enumerate(texts)]

    pages = [
        lines("1 Introduction", "The survey began in March."),
        lines("Chapter 1: Introduction 2", "Divers inspected the wall.", "2"),
        lines("Chapter 1: Introduction 3", "Repairs were estimated.", "3"),
        lines("2 Methods", "Counts were made at low tide.", "4"),
    ]
    kept = _without_running_lines(pages, ["1", "2", "3", "4"])
    assert [[line.text for line in page] for page in kept] == [
        ["1 Introduction", "The survey began in March."],
        ["Divers inspected the wall."],
        ["Repairs were estimated."],
        ["2 Methods", "Counts were made at low tide."],
    ]


def test_a_pdf_extracted_again_keeps_its_pages(archive: Archive, tmp_path: Path) -> None:
    source = tmp_path / "report.pdf"
    shutil.copy(FIXTURES / "report.pdf", source)
    (result,) = archive.import_paths([source])
    assert result.article_id is not None
    progress = list(archive.reextract([result.article_id]))
    assert progress[-1][2] == ""
    assert archive.get(result.article_id).text == _expected("report")
