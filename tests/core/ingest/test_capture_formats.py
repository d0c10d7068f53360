"""Other tools' captures: WACZ, Safari web archives, SingleFile, WARC edge cases.

The fixtures are in tests/fixtures/captures (README.md says how each was made).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.models import ImportResult

CAPTURES = Path(__file__).resolve().parents[2] / "fixtures" / "captures"
GRAIN_STORE = "https://quay.example/news/grain-store"
FERRY = "https://quay.example/news/ferry-timetable"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


def _statuses(results: list[ImportResult]) -> list[tuple[str, str | None]]:
    return [(str(result.status), result.url) for result in results]


# WARC edge cases


def test_a_warc_gzipped_as_one_stream_gives_every_page(archive: Archive) -> None:
    results = archive.import_paths([CAPTURES / "one-stream.warc.gz"])
    assert _statuses(results) == [("imported", GRAIN_STORE), ("imported", FERRY)]
    first = archive.get(results[0].article_id or 0)
    assert first.captured_at == "2024-06-12T09:30:00+00:00"
    assert len(first.resources) == 1


def test_resource_records_are_pages_and_a_revisit_is_named(archive: Archive) -> None:
    results = archive.import_paths([CAPTURES / "warcit-resources.warc"])
    assert _statuses(results) == [
        ("imported", GRAIN_STORE),
        ("imported", FERRY),
        ("skipped", GRAIN_STORE),
    ]
    assert results[2].reason.startswith(f"revisit of {GRAIN_STORE}: unchanged since its capture")
    assert "2024-06-12T09:30:00" in results[2].reason


def test_a_wrong_content_length_is_reported_and_the_next_record_read(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    results = archive.import_paths([CAPTURES / "lying-length.warc"])
    assert _statuses(results) == [
        ("imported", GRAIN_STORE),
        ("skipped", GRAIN_STORE),
        ("imported", FERRY),
    ]
    assert "Content-Length does not match" in results[1].reason
    assert capsys.readouterr().err == ""


def test_a_damaged_record_that_warcio_cannot_step_over_is_reported(
    archive: Archive, tmp_path: Path
) -> None:
    data = (CAPTURES / "lying-length.warc").read_bytes()
    # Leftover bytes of several lines: warcio stops with "Unknown archive format".
    data = data.replace(b" rights reserved.</footer>", b" rights\r\nreserved.\r\n</footer>", 1)
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(data)
    results = archive.import_paths([damaged])
    assert [str(result.status) for result in results] == ["imported", "skipped", "imported"]
    assert "Content-Length does not match" in results[1].reason
    assert results[2].url == FERRY


def test_a_folder_imports_the_warc_edge_cases(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "captures"
    folder.mkdir()
    for name in ("one-stream.warc.gz", "warcit-resources.warc"):
        shutil.copy(CAPTURES / name, folder / name)
    results = archive.import_paths([folder])
    assert sorted({Path(result.path).name for result in results}) == [
        "one-stream.warc.gz",
        "warcit-resources.warc",
    ]


# WACZ


def test_a_wacz_gives_every_page_its_pages_jsonl_lists(archive: Archive) -> None:
    results = archive.import_paths([CAPTURES / "quay.wacz"])
    assert _statuses(results) == [("imported", GRAIN_STORE), ("imported", FERRY)]
    first = archive.get(results[0].article_id or 0)
    assert first.source_format == "wacz"
    assert first.captured_at == "2024-06-12T09:30:00+00:00"
    (ref,) = first.resources
    data, media_type = archive.resource(first.id, ref)
    assert media_type == "image/png" and data.startswith(b"\x89PNG")


def test_a_wacz_whose_warc_does_not_match_its_hash_is_reported(archive: Archive) -> None:
    results = archive.import_paths([CAPTURES / "quay-tampered.wacz"])
    assert _statuses(results) == [("skipped", "archive/quay.warc.gz")]
    assert "does not match its sha256 in datapackage.json" in results[0].reason
    assert archive.count() == 0


def test_a_folder_takes_wacz_and_webarchive_files(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("quay.wacz", "cafe-xml.webarchive"):
        shutil.copy(CAPTURES / name, folder / name)
    results = archive.import_paths([folder])
    assert [str(result.status) for result in results] == ["imported", "imported", "imported"]


# Safari web archives


def test_a_binary_webarchive_is_the_page_with_its_images(archive: Archive) -> None:
    (result,) = archive.import_paths([CAPTURES / "grain-store.webarchive"])
    assert result.status.value == "imported", result.reason
    article = archive.get(result.article_id or 0)
    assert article.source_format == "webarchive"
    assert article.url == GRAIN_STORE
    (ref,) = article.resources
    assert archive.resource(article.id, ref)[1] == "image/png"


def test_an_xml_webarchive_is_decoded_with_its_encoding(archive: Archive) -> None:
    (result,) = archive.import_paths([CAPTURES / "cafe-xml.webarchive"])
    article = archive.get(result.article_id or 0)
    assert article.title == "Café on the quay reopens"
    assert article.url == "https://quay.example/news/cafe"


# SingleFile


def test_singlefile_images_are_kept_once_with_the_url_and_saved_date(archive: Archive) -> None:
    (result,) = archive.import_paths([CAPTURES / "singlefile.html"])
    assert result.status.value == "imported", result.reason
    article = archive.get(result.article_id or 0)
    assert article.source_format == "singlefile"
    assert article.url == GRAIN_STORE
    assert article.captured_at == "2024-06-12T09:30:00+00:00"
    assert len(set(article.resources.values())) == 1
    assert "data:image" not in article.html
    assert archive.check() == []


def test_a_singlefile_self_extracting_archive_is_refused(archive: Archive) -> None:
    (result,) = archive.import_paths([CAPTURES / "singlefile-self-extracting.html"])
    assert result.status.value == "failed"
    assert result.reason.startswith("a SingleFile self-extracting archive: open it in a browser")
