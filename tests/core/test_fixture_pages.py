"""Our own saved pages in every format (tests/fixtures/pages), imported through the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.models import ImportResult, ImportStatus
from tests.conftest import FIXTURES, normalise

PAGES = FIXTURES / "pages"
EXPECTED: dict[str, object] = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    archive = Archive.open(tmp_path_factory.mktemp("pages") / "library")
    results: dict[str, list[ImportResult]] = {}
    # In name order, so that dup-a-original comes before dup-b-copy.
    for name in sorted(EXPECTED):
        results[name] = archive.import_paths([PAGES / name])
    yield archive, results
    archive.close()


def _expectations(name: str) -> list[dict[str, object]]:
    value = EXPECTED[name]
    return value if isinstance(value, list) else [value]  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_page(imported, name: str) -> None:
    archive, results = imported
    expectations = _expectations(name)
    got = results[name]
    assert len(got) == len(expectations), [(r.status, r.reason) for r in got]
    for expected, result in zip(expectations, got, strict=True):
        assert result.status == expected["status"], result.reason
        if expected.get("reason_contains"):
            assert str(expected["reason_contains"]).lower() in result.reason.lower()
        if result.article_id is None:
            continue
        article = archive.get(result.article_id)
        if expected.get("title"):
            assert article.title == expected["title"]
        text = normalise(article.text)
        if expected.get("text_start"):
            assert text.startswith(normalise(str(expected["text_start"]))), text[:200]
        for piece in expected.get("text_contains") or []:
            assert normalise(piece) in text
        for piece in expected.get("text_absent") or []:
            assert normalise(piece) not in text
        if "url" in expected and result.status == ImportStatus.IMPORTED:
            assert article.url == expected["url"]


def test_complete_page_images_are_kept_and_remote_ones_dropped(imported) -> None:
    archive, results = imported
    (result,) = results["saved/Article.html"]
    article = archive.get(result.article_id)
    assert article.source_format == "complete"
    assert len(article.resources) >= 1
    assert all(ref.startswith("Article_files/") for ref in article.resources)
    assert "cdn.example.net" not in article.html
    for ref in article.resources:
        data, media_type = archive.resource(article.id, ref)
        assert media_type == "image/png" and data.startswith(b"\x89PNG")


def test_warc_images_are_kept(imported) -> None:
    archive, results = imported
    kept = [archive.get(r.article_id).resources for r in results["two-articles.warc.gz"]]
    assert any(kept)


def test_everything_again_gives_duplicates(imported) -> None:
    archive, results = imported
    before = archive.count()
    for name in sorted(EXPECTED):
        for first, again in zip(results[name], archive.import_paths([PAGES / name]), strict=True):
            if first.status in (ImportStatus.FAILED, ImportStatus.SKIPPED):
                assert again.status == first.status
            else:
                assert again.status is ImportStatus.DUPLICATE
                assert again.article_id == first.article_id
    assert archive.count() == before
    assert archive.check() == []


def test_folder_import_leaves_resources_and_readmes_alone(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "library") as archive:
        results = archive.import_paths([PAGES])
    names = {Path(r.path).relative_to(PAGES).as_posix() for r in results}
    assert names == set(EXPECTED)
