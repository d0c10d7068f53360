"""The archive-reader command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.cli.commands import main
from tests.core.test_archive import page, write


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    write(folder / "meeting.html", page("Archive committee meets", url="https://example.org/m"))
    write(folder / "budget.html", page("Library budget delayed").replace("Tuesday", "Friday"))
    write(folder / "empty.html", "")
    return folder


def test_import_json_then_duplicates(capsys, tmp_path: Path, pages: Path) -> None:
    library = str(tmp_path / "lib")
    code, out, err = run(capsys, "import", str(pages), "--json", "--library", library)
    assert code == 1  # empty.html failed
    rows = [json.loads(line) for line in out.splitlines()]
    assert {row["status"] for row in rows} == {"imported", "failed"}
    for row in rows:
        assert set(row) >= {"path", "status", "reason", "article_id", "title"}
    failed = next(row for row in rows if row["status"] == "failed")
    assert failed["path"].endswith("empty.html") and "empty" in failed["reason"]
    assert "2 imported" in err and "1 failed" in err
    code, out, _ = run(
        capsys, "--library", library, "import", str(pages / "meeting.html"), "--json"
    )
    assert code == 0
    assert json.loads(out)["status"] == "duplicate"


def test_import_summary_names_failures(capsys, tmp_path: Path, pages: Path) -> None:
    code, out, _ = run(capsys, "import", str(pages), "--library", str(tmp_path / "lib"))
    assert code == 1
    assert "failed: " in out and "empty.html: the file is empty" in out
    assert "2 imported, 0 duplicate, 0 skipped, 1 failed" in out


def test_list_show_search_stats_check(capsys, tmp_path: Path, pages: Path) -> None:
    library = ["--library", str(tmp_path / "lib")]
    run(capsys, "import", str(pages / "meeting.html"), str(pages / "budget.html"), *library)
    code, out, _ = run(capsys, "list", "--json", *library)
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    article_id = next(row["id"] for row in rows if row["title"] == "Archive committee meets")

    code, out, _ = run(capsys, "show", str(article_id), *library)
    assert out.startswith("Archive committee meets") and "The committee met" in out
    code, out, _ = run(capsys, "show", str(article_id), "--html", *library)
    assert "<p>" in out
    code, out, _ = run(capsys, "show", str(article_id), "--json", *library)
    assert json.loads(out)["url"] == "https://example.org/m"

    code, out, _ = run(capsys, "search", '"regional newspapers"', "--json", *library)
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    assert set(hits[0]) >= {"article_id", "title", "score", "snippet"}
    code, out, _ = run(capsys, "search", "title:budget", "--limit", "5", *library)
    assert "Library budget delayed" in out and "Archive committee" not in out

    code, out, _ = run(capsys, "stats", "--json", *library)
    assert json.loads(out)["articles"] == 2
    code, out, _ = run(capsys, "check", *library)
    assert code == 0 and "agree" in out
    code, out, _ = run(capsys, "reindex", *library)
    assert code == 0 and "2 articles" in out


def test_show_unknown_article_fails(capsys, tmp_path: Path) -> None:
    Archive.open(tmp_path / "lib").close()
    code, _, err = run(capsys, "show", "99", "--library", str(tmp_path / "lib"))
    assert code == 1 and "no article with id 99" in err


def test_reading_commands_do_not_create_a_library(capsys, tmp_path: Path) -> None:
    for command in (["list"], ["show", "1"], ["search", "word"], ["stats"], ["tags"]):
        code, _, err = run(capsys, *command, "--library", str(tmp_path / "typo"))
        assert code == 1 and "there is no library in" in err and "typo" in err
    assert not (tmp_path / "typo").exists()


def test_check_fails_on_drift(capsys, tmp_path: Path, pages: Path) -> None:
    library = ["--library", str(tmp_path / "lib")]
    run(capsys, "import", str(pages / "meeting.html"), *library)
    for stored in (tmp_path / "lib" / "originals").rglob("*"):
        if stored.is_file():
            stored.unlink()
    code, out, _ = run(capsys, "check", *library)
    assert code == 1 and "original file missing" in out


def test_extract_does_not_import(capsys, tmp_path: Path, pages: Path) -> None:
    code, out, _ = run(capsys, "extract", str(pages / "meeting.html"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["title"] == "Archive committee meets"
    assert data["url"] == "https://example.org/m"
    assert data["text"].startswith("The committee met")
    code, _, err = run(capsys, "extract", str(pages / "empty.html"))
    assert code == 1 and "empty" in err


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "archive_reader", "no-such-command"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_environment_chooses_the_library(capsys, tmp_path: Path, pages: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARCHIVE_READER_LIBRARY", str(tmp_path / "env-lib"))
    run(capsys, "import", str(pages / "meeting.html"))
    assert (tmp_path / "env-lib" / "library.sqlite3").is_file()


def test_search_pages_orders_facets_and_saved_searches(capsys, tmp_path: Path, pages: Path) -> None:
    library = ["--library", str(tmp_path / "lib")]
    run(capsys, "import", str(pages / "meeting.html"), str(pages / "budget.html"), *library)
    code, out, _ = run(capsys, "search", "council", "--limit", "1", "--page", "2", *library)
    assert code == 0 and "2 article(s) match; 2-2" in out
    code, out, _ = run(capsys, "search", "council", "--facets", "--json", *library)
    data = json.loads(out)
    assert data["total"] == 2 and data["facets"]["site"]
    code, out, err = run(capsys, "search", 'council AND ("', *library)
    assert code == 0 and "Searched as plain words" in err
    code, out, _ = run(capsys, "search", "council", "--order", "newest", "--save", "c", *library)
    assert "Saved as 'c'" in out
    code, out, _ = run(capsys, "saved", "c", "--json", *library)
    assert len(json.loads(out)["new"]) == 2
    code, out, _ = run(capsys, "saved", "c", *library)
    assert "0 new, 0 gone since" in out
    code, out, _ = run(capsys, "saved", *library)
    assert out.startswith("c: council")
    code, out, _ = run(capsys, "saved", "c", "--delete", *library)
    code, _, err = run(capsys, "saved", "c", *library)
    assert code == 1 and "no saved search" in err


def test_reextract(capsys, tmp_path: Path, pages: Path) -> None:
    library = ["--library", str(tmp_path / "lib")]
    run(capsys, "import", str(pages / "meeting.html"), *library)
    code, out, _ = run(capsys, "reextract", *library)
    assert code == 0 and "Extracted 1 article(s) again; 0 failed." in out
    code, _, err = run(capsys, "reextract", "77", *library)
    assert code == 1 and "77" in err


def test_a_missing_index_is_rebuilt_with_a_note(capsys, tmp_path: Path, pages: Path) -> None:
    import shutil

    library = ["--library", str(tmp_path / "lib")]
    run(capsys, "import", str(pages / "meeting.html"), *library)
    shutil.rmtree(tmp_path / "lib" / "index")
    code, out, err = run(capsys, "search", "committee", *library)
    assert code == 0 and "rebuilding it from the database" in err
    assert "Archive committee meets" in out


def test_deferred_rebuild(tmp_path: Path, pages: Path) -> None:
    import shutil

    from archive_reader import Archive

    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([pages / "meeting.html"])
    shutil.rmtree(tmp_path / "lib" / "index")
    with Archive.open(tmp_path / "lib", rebuild_index=False) as archive:
        assert archive.index_needs_rebuild
        steps = list(archive.reindex())
        assert steps[-1].done == steps[-1].total == 1
        assert not archive.index_needs_rebuild
        assert len(archive.search("committee")) == 1


def test_import_all_pages_takes_a_crawls_pages_without_an_article(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    from archive_reader.core.ingest import importer
    from tests.core.ingest.test_importer import _LISTING, _no_article, _warc

    real = importer.extract_article
    monkeypatch.setattr(
        importer,
        "extract_article",
        lambda html, url=None: (
            _no_article(html, url) if url.endswith("/hours") else real(html, url)
        ),
    )

    crawl = tmp_path / "site.warc.gz"
    crawl.write_bytes(
        _warc(
            [
                ("https://library.example/hours", _LISTING),
                ("https://library.example/news/h", page("Harbour news")),
            ]
        )
    )
    code, out, _ = run(capsys, "import", str(crawl), "--library", str(tmp_path / "a"))
    assert code == 0
    assert "1 imported, 0 duplicate, 1 skipped" in out
    code, out, _ = run(
        capsys, "import", str(crawl), "--all-pages", "--json", "--library", str(tmp_path / "b")
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["status"] for row in rows] == ["imported", "imported"]
    assert rows[0]["reason"] == "no article found: the whole visible text was kept"
