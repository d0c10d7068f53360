"""Every real saved page of ../shared/fixtures/saved-pages, imported as a user would."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive_reader import Archive
from archive_reader.core.models import ImportResult, ImportStatus
from tests.conftest import SAVED_PAGES, acceptable_titles, normalise

pytestmark = pytest.mark.skipif(
    not (SAVED_PAGES / "manifest.json").is_file(),
    reason="../shared/fixtures/saved-pages is not beside this checkout",
)

REAL_FORMATS = {"mhtml", "warc", "complete-html", "dom"}


def _manifest() -> list[dict[str, object]]:
    if not (SAVED_PAGES / "manifest.json").is_file():
        return []
    return json.loads((SAVED_PAGES / "manifest.json").read_text(encoding="utf-8"))["files"]


def _printed_headline(source: str) -> set[str]:
    """The headline printed on the page: the first <h1> of its browser-saved DOM copy."""
    for entry in _entries("dom"):
        if entry["source"] == source:
            html = (SAVED_PAGES / str(entry["file"])).read_text(encoding="utf-8")
            h1 = BeautifulSoup(html, "html.parser").find("h1")
            return {normalise(h1.get_text(" "))} if h1 is not None else set()
    return set()


def _entries(*formats: str) -> list[dict[str, object]]:
    return [entry for entry in _manifest() if entry["format"] in formats]


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Archive, dict[str, list[ImportResult]]]:
    library = tmp_path_factory.mktemp("shared") / "library"
    archive = Archive.open(library)
    by_path: dict[str, list[ImportResult]] = defaultdict(list)
    for result in archive.import_paths([SAVED_PAGES]):
        by_path[str(Path(result.path).relative_to(SAVED_PAGES))].append(result)
    yield archive, by_path
    archive.close()


def _article_results(by_path: dict[str, list[ImportResult]], name: str) -> list[ImportResult]:
    results = by_path[name]
    assert results, f"{name}: no result"
    for result in results:
        assert result.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE), (
            f"{name}: {result.status} {result.reason}"
        )
        assert result.article_id is not None
    return results


@pytest.mark.parametrize(
    "entry", _entries(*REAL_FORMATS - {"complete-resource"}), ids=lambda e: str(e["file"])
)
def test_real_page_imports_with_title_and_text(imported, entry) -> None:
    archive, by_path = imported
    if entry["format"] == "complete-html" and not entry.get("main_document", True):
        pytest.skip("a resource file")
    for result in _article_results(by_path, str(entry["file"])):
        article = archive.get(result.article_id)
        expected = acceptable_titles(str(entry["expected_title"]), entry.get("expected_og_title"))
        expected |= _printed_headline(str(entry["source"]))
        assert normalise(article.title) in expected
        body_start = normalise(str(entry["body_start"]))[:60]
        assert body_start in normalise(article.text), article.text[:300]


def test_complete_page_keeps_its_images(imported) -> None:
    archive, by_path = imported
    name = "complete/local-article-with-images/local/article.html"
    (result,) = _article_results(by_path, name)
    article = archive.get(result.article_id)
    assert article.resources, "the saved images were not kept"
    for ref in article.resources:
        assert ref.startswith("../static/img/")
    assert 'src="resource:' in article.html
    shown = article.html.split('src="resource:', 1)[1].split('"', 1)[0]
    data, media_type = archive.resource(article.id, f"resource:{shown}")
    assert media_type == "image/png"
    assert data.startswith(b"\x89PNG")
    assert "http://" not in article.html.split("<img", 1)[1].split(">", 1)[0]


def test_mhtml_images_come_from_their_parts(imported) -> None:
    archive, by_path = imported
    (result,) = _article_results(by_path, "mhtml/local-article-with-images.mhtml")
    article = archive.get(result.article_id)
    for ref in article.resources:
        data, media_type = archive.resource(article.id, ref)
        assert media_type.startswith("image/")
        assert data


@pytest.mark.parametrize(
    ("name", "title_start", "text_piece"),
    [
        ("awkward/ru-vsediety-atkins.windows-1251.html", "Диета Аткинса", "Средняя суточная"),
        (
            "awkward/ja-lhpat-trademark.shift_jis.html",
            "商品の改造が商標法違反に",
            "先日、不正に改造した",
        ),
        (
            "awkward/pt-comoeducar-loja.no-charset.html",
            "A Fantástica Loja",
            "apresenta, neste vídeo",
        ),
        # Cut off before its body: what is there is the title and the summary.
        ("awkward/en-bbc-assange-sweden.truncated.html", "Sweden drops", "Prosecutors drop a rape"),
        ("awkward/en-jpost-berlin-stabbing.html.gz", "Son of former German", "Weizsäcker"),
        (
            "awkward/en-jpost-berlin-stabbing.gzipped-but-named.html",
            "Son of former German",
            "Weizsäcker",
        ),
    ],
)
def test_awkward_pages_decode(imported, name, title_start, text_piece) -> None:
    archive, by_path = imported
    (result,) = _article_results(by_path, name)
    article = archive.get(result.article_id)
    assert article.title.startswith(title_start) or title_start in article.title
    assert text_piece in article.text


@pytest.mark.parametrize(
    ("name", "reason_piece"),
    [("awkward/empty.html", "empty"), ("awkward/lander-png-renamed.html", "PNG image")],
)
def test_empty_and_binary_files_fail_clearly(imported, name, reason_piece) -> None:
    _, by_path = imported
    (result,) = by_path[name]
    assert result.status is ImportStatus.FAILED
    assert reason_piece in result.reason


def test_resource_files_are_not_articles(imported) -> None:
    _, by_path = imported
    for entry in _entries("complete-resource"):
        assert str(entry["file"]) not in by_path


def test_second_import_gives_only_duplicates(imported) -> None:
    archive, by_path = imported
    before = archive.count()
    again = archive.import_paths([SAVED_PAGES])
    failed_first = {name for name, results in by_path.items() if results[0].status == "failed"}
    for result in again:
        name = str(Path(result.path).relative_to(SAVED_PAGES))
        if name in failed_first:
            assert result.status is ImportStatus.FAILED
        else:
            assert result.status is ImportStatus.DUPLICATE, (name, result.reason)
    assert archive.count() == before


def test_library_is_consistent_and_searchable(imported) -> None:
    archive, _ = imported
    assert archive.check() == []
    hits = archive.search('"hibernation capsules"')
    assert hits and "Hibernating astronauts" in hits[0].title
    assert "<b>" in hits[0].snippet


def test_capture_dates_come_from_mhtml_and_warc(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "lib") as archive:
        (mhtml,) = archive.import_paths([SAVED_PAGES / "mhtml" / "en-jpost-berlin-stabbing.mhtml"])
        (warc,) = archive.import_paths([SAVED_PAGES / "warc" / "ru-vsediety-atkins.warcio.warc.gz"])
        assert archive.get(mhtml.article_id).captured_at == "2026-11-28T10:31:33+00:00"
        assert archive.get(warc.article_id).captured_at.startswith("2026-11-28T10:32")
