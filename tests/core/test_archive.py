"""The library: import outcomes, duplicates, index upkeep, interruption, check."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.db.articles import find_by_title_text, find_by_url_text
from archive_reader.core.db.schema import SCHEMA_VERSION
from archive_reader.core.db.storage import DATABASE_NAME
from archive_reader.core.errors import ArticleNotFound, LibraryError
from archive_reader.core.ingest import importer as importer_module
from archive_reader.core.ingest.importer import url_key
from archive_reader.core.models import ImportStatus

PARAGRAPHS = [
    "The committee met on Tuesday to review the archive of regional newspapers, which had been"
    " scanned over the previous decade by a small team of volunteers working on weekends.",
    "Several members argued that the scanned pages should be transcribed before any new material"
    " was added, because searching the images alone had proved slow and unreliable for readers.",
    "The chair proposed a compromise: transcription would continue for the oldest volumes while a"
    " second group catalogued the photographs, each with its date, place and photographer.",
    "A decision on funding was postponed until the spring meeting, when the county council is"
    " expected to publish its budget for libraries, museums and other cultural services.",
]


def page(title: str, *, url: str | None = None, extra: str = "", lang: str = "en") -> str:
    """A small news page with boilerplate around the article."""
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title} - The Valley Courier</title>{canonical}"
        f'<meta property="og:title" content="{title}">{extra}</head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Valley Courier. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive.open(tmp_path / "library")
    yield opened
    opened.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_open_creates_the_library(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new" / "lib") as archive:
        assert archive.count() == 0
    folder = tmp_path / "new" / "lib"
    assert (folder / DATABASE_NAME).is_file()
    assert (folder / "originals").is_dir()
    assert (folder / "index").is_dir()


def test_open_refuses_a_file(tmp_path: Path) -> None:
    target = write(tmp_path / "not-a-folder", "hello")
    with pytest.raises(LibraryError, match="is a file"):
        Archive.open(target)


def test_database_has_schema_version_wal_and_foreign_keys(archive: Archive) -> None:
    db = archive._storage.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Archive.open(tmp_path / "lib").close()
    import sqlite3

    connection = sqlite3.connect(tmp_path / "lib" / DATABASE_NAME)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(LibraryError, match="newer version"):
        Archive.open(tmp_path / "lib")


def test_default_library_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARCHIVE_READER_LIBRARY", str(tmp_path / "env-lib"))
    with Archive.open() as archive:
        assert archive.path == tmp_path / "env-lib"


def test_import_keeps_the_original_byte_for_byte(archive: Archive, tmp_path: Path) -> None:
    source = write(tmp_path / "in" / "a.html", page("Volunteers scan the archive"))
    (result,) = archive.import_paths([source])
    assert result.status is ImportStatus.IMPORTED
    assert result.title == "Volunteers scan the archive"
    stored = archive.original_path(result.article_id)
    assert stored.read_bytes() == source.read_bytes()
    article = archive.get(result.article_id)
    assert "Copyright" not in article.text
    assert "Home" not in article.text
    assert article.text.startswith("The committee met on Tuesday")
    assert article.language == "en"


def test_same_bytes_are_a_duplicate(archive: Archive, tmp_path: Path) -> None:
    first = write(tmp_path / "a.html", page("One article"))
    second = tmp_path / "copy" / "b.html"
    second.parent.mkdir()
    shutil.copy(first, second)
    results = archive.import_paths([first, second])
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.DUPLICATE]
    assert results[1].article_id == results[0].article_id
    assert "imported before" in results[1].reason
    assert archive.count() == 1


def test_same_url_and_text_is_a_duplicate(archive: Archive, tmp_path: Path) -> None:
    url = "https://news.example.org/2024/03/05/archive-meeting"
    first = write(tmp_path / "a.html", page("Meeting", url=url))
    second = write(
        tmp_path / "b.html", page("Meeting", url=url + "?utm_source=feed", extra="<!-- copy -->")
    )
    results = archive.import_paths([first, second])
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.DUPLICATE]
    assert "same URL and text" in results[1].reason


def test_same_text_without_urls_is_a_duplicate(archive: Archive, tmp_path: Path) -> None:
    # The same article saved by two tools that kept no address (a "complete"
    # page and a rendered DOM): different markup, the same text.
    first = write(tmp_path / "a.html", page("Meeting"))
    second = write(tmp_path / "b.html", page("Meeting", extra="<!-- saved by another tool -->"))
    third = write(tmp_path / "c.html", page("Meeting", url="https://news.example.org/meeting"))
    fourth = write(tmp_path / "d.html", page("Another meeting"))
    results = archive.import_paths([first, second, third, fourth])
    assert [r.status for r in results] == [
        ImportStatus.IMPORTED,
        ImportStatus.DUPLICATE,
        ImportStatus.DUPLICATE,  # the same article, saved with its address
        ImportStatus.IMPORTED,  # another title
    ]
    assert "same title and text" in results[1].reason
    assert results[2].article_id == results[0].article_id
    assert "same title and text" in results[2].reason


def test_same_url_new_text_is_imported(archive: Archive, tmp_path: Path) -> None:
    url = "https://news.example.org/story"
    first = write(tmp_path / "a.html", page("Story", url=url))
    changed = page("Story", url=url).replace("Tuesday", "Wednesday")
    second = write(tmp_path / "b.html", changed)
    results = archive.import_paths([first, second])
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]


def test_url_key_ignores_what_does_not_change_the_page() -> None:
    assert url_key("HTTPS://www.Example.org/a/?utm_source=x#top") == url_key("http://example.org/a")
    assert url_key("https://example.org/a?id=1") != url_key("https://example.org/a?id=2")
    assert url_key("file:///tmp/a.html") is None
    assert url_key(None) is None


def test_gzip_is_recognised_by_content(archive: Archive, tmp_path: Path) -> None:
    data = gzip.compress(page("Compressed page").encode("utf-8"), mtime=0)
    named_gz = tmp_path / "a.html.gz"
    named_gz.write_bytes(data)
    named_html = tmp_path / "b.html"
    named_html.write_bytes(gzip.compress(page("Another compressed page").encode(), mtime=0))
    results = archive.import_paths([named_gz, named_html])
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert results[1].title == "Another compressed page"


def test_legacy_encoding_from_meta(archive: Archive, tmp_path: Path) -> None:
    html = page("Архив районных газет", lang="ru").replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    )
    html = html.replace(
        PARAGRAPHS[0], "Комиссия собралась во вторник, чтобы обсудить архив газет. " * 4
    )
    source = write(tmp_path / "ru.html", html, encoding="cp1251")
    (result,) = archive.import_paths([source])
    article = archive.get(result.article_id)
    assert article.title == "Архив районных газет"
    assert "Комиссия собралась во вторник" in article.text


def test_bad_files_fail_with_a_reason(archive: Archive, tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.html", "")
    png = tmp_path / "picture.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    missing = tmp_path / "nowhere.html"
    results = {Path(r.path).name: r for r in archive.import_paths([empty, png, missing])}
    assert results["empty.html"].status is ImportStatus.FAILED
    assert "empty" in results["empty.html"].reason
    assert "PNG image" in results["picture.html"].reason
    assert results["nowhere.html"].reason == "no such file or folder"
    assert archive.count() == 0


def test_page_without_article_is_skipped(archive: Archive, tmp_path: Path) -> None:
    source = write(
        tmp_path / "index.html", "<html><head><title>Home</title></head><body></body></html>"
    )
    (result,) = archive.import_paths([source])
    assert result.status is ImportStatus.SKIPPED
    assert "article" in result.reason


def test_folders_are_walked_and_non_pages_left_alone(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "in" / "one.html", page("First of two"))
    write(
        tmp_path / "in" / "deeper" / "two.htm", page("Second of two").replace("Tuesday", "Friday")
    )
    write(tmp_path / "in" / "notes.txt", "my notes about <title> tags")
    write(tmp_path / "in" / "data.json", '{"html": "<html>"}')
    (tmp_path / "in" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    results = archive.import_paths([tmp_path / "in"])
    assert sorted(r.title for r in results) == ["First of two", "Second of two"]


def test_one_bad_file_does_not_stop_the_batch(
    archive: Archive, tmp_path: Path, monkeypatch
) -> None:
    write(tmp_path / "in" / "a.html", page("Alpha page"))
    write(tmp_path / "in" / "b.html", "")
    write(tmp_path / "in" / "c.html", page("Gamma page").replace("Tuesday", "Sunday"))
    statuses = [r.status for r in archive.import_paths([tmp_path / "in"])]
    assert statuses == [ImportStatus.IMPORTED, ImportStatus.FAILED, ImportStatus.IMPORTED]


def test_interrupted_import_leaves_a_consistent_library(tmp_path: Path, monkeypatch) -> None:
    for number, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday"]):
        write(tmp_path / "in" / f"{number}.html", page(f"Day {day}").replace("Tuesday", day))
    calls = {"n": 0}
    real = importer_module.Importer.import_file

    def crash_on_third(self, candidate):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(self, candidate)

    monkeypatch.setattr(importer_module.Importer, "import_file", crash_on_third)
    with Archive.open(tmp_path / "lib") as archive, pytest.raises(KeyboardInterrupt):
        archive.import_paths([tmp_path / "in"])
    monkeypatch.setattr(importer_module.Importer, "import_file", real)
    with Archive.open(tmp_path / "lib") as archive:
        assert archive.count() == 2
        assert archive.check() == []
        again = archive.import_paths([tmp_path / "in"])
        assert [r.status for r in again] == [
            ImportStatus.DUPLICATE,
            ImportStatus.DUPLICATE,
            ImportStatus.IMPORTED,
            ImportStatus.IMPORTED,
        ]
        assert archive.check() == []


def test_cancel_stops_between_files(archive: Archive, tmp_path: Path) -> None:
    for number in range(3):
        write(
            tmp_path / "in" / f"{number}.html",
            page(f"Page {number}").replace("Tuesday", f"day {number}"),
        )
    seen = []
    for step in archive.iter_import([tmp_path / "in"], cancel=lambda: len(seen) >= 1):
        seen.append(step)
    assert len(seen) == 1
    assert archive.count() == 1
    assert archive.check() == []


def test_search_finds_words_phrases_and_fields(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.html", page("Photographs of the valley"))
    write(
        tmp_path / "in" / "b.html",
        page("Budget for libraries")
        .replace("photographs", "pamphlets")
        .replace("Tuesday", "Monday"),
    )
    archive.import_paths([tmp_path / "in"])
    hits = archive.search('"catalogued the photographs"')
    assert [hit.title for hit in hits] == ["Photographs of the valley"]
    assert "<b>photographs</b>" in hits[0].snippet.lower()
    assert {hit.title for hit in archive.search("budget")} == {
        "Photographs of the valley",
        "Budget for libraries",
    }
    assert [hit.title for hit in archive.search("title:budget")] == ["Budget for libraries"]
    assert len(archive.search("zebra")) == 0
    assert len(archive.search("volunteer")) > 0  # stemming: volunteers


def test_unparseable_query_is_read_as_words(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "a.html", page("Weekend volunteers"))
    archive.import_paths([tmp_path / "a.html"])
    assert len(archive.search('volunteers AND ("')) > 0
    assert len(archive.search("")) > 0


def test_missing_index_is_rebuilt_on_open(tmp_path: Path) -> None:
    write(tmp_path / "a.html", page("Rebuilt from the database"))
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([tmp_path / "a.html"])
    shutil.rmtree(tmp_path / "lib" / "index")
    with Archive.open(tmp_path / "lib") as archive:
        assert archive.check() == []
        assert archive.search("volunteers")[0].title == "Rebuilt from the database"


def test_check_reports_drift_and_reindex_repairs_it(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "a.html", page("Drifting index"))
    (result,) = archive.import_paths([tmp_path / "a.html"])
    archive._index.apply([], deleted=[result.article_id])
    problems = archive.check()
    assert any("missing from the search index" in problem for problem in problems)
    for _ in archive.reindex():
        pass
    assert archive.check() == []
    assert archive.search("drifting")


def test_check_reports_a_missing_original(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "a.html", page("Lost original"))
    (result,) = archive.import_paths([tmp_path / "a.html"])
    archive.original_path(result.article_id).unlink()
    assert any("original file missing" in problem for problem in archive.check())


def test_unknown_article(archive: Archive) -> None:
    with pytest.raises(ArticleNotFound):
        archive.get(42)


def test_list_articles_orders(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.html", page("Bravo").replace("Tuesday", "Monday"))
    write(tmp_path / "in" / "b.html", page("Alpha"))
    archive.import_paths([tmp_path / "in"])
    assert [row.title for row in archive.list_articles(order="title")] == ["Alpha", "Bravo"]
    assert len(archive.list_articles(limit=1)) == 1
    assert archive.list_articles(offset=1, order="title")[0].title == "Bravo"


def test_core_does_not_load_qt() -> None:
    code = (
        "import sys, archive_reader, archive_reader.cli.commands;"
        "from archive_reader import Archive;"
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_truncated_page_imports_what_is_there(archive: Archive, tmp_path: Path) -> None:
    full = page("Cut in the middle", extra='<meta name="description" content="A short summary.">')
    cut_in_body = write(tmp_path / "a.html", full[: full.index(PARAGRAPHS[2]) + 40])
    cut_in_nav = write(
        tmp_path / "b.html",
        full.replace("Cut in the middle", "Cut before the body")[: full.index("<nav>") + 30],
    )
    first, second = archive.import_paths([cut_in_body, cut_in_nav])
    assert first.status is ImportStatus.IMPORTED
    assert PARAGRAPHS[1] in archive.get(first.article_id).text
    assert second.status is ImportStatus.IMPORTED
    assert "ends early" in second.reason
    assert archive.get(second.article_id).text == "A short summary."


def test_section_heading_is_not_taken_for_the_title(archive: Archive, tmp_path: Path) -> None:
    html = (
        "<html><head><title>Walking the coast path (12 days) - maps and notes. Reviews</title>"
        "</head><body><h1>Walking the coast path in twelve days</h1>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        + "<h1>Reviews</h1><p>Lovely walk, would do it again.</p></body></html>"
    )
    (result,) = archive.import_paths([write(tmp_path / "walk.html", html)])
    assert result.title != "Reviews"
    assert result.title.startswith("Walking the coast path")


def test_a_failing_migration_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    from archive_reader.core.db import schema

    Archive.open(tmp_path / "lib").close()
    import sqlite3

    connection = sqlite3.connect(tmp_path / "lib" / DATABASE_NAME)
    connection.execute("PRAGMA user_version = 1")
    connection.execute("DROP TABLE saved_searches")  # the state before migration 2...
    connection.execute("DROP TABLE dismissed_suggestions")
    for table in ("annotation_tags", "annotations", "labels", "mentions", "aliases"):
        connection.execute(f"DROP TABLE {table}")
    for table in ("entities", "entity_types", "article_tags", "tags"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("DROP INDEX articles_noted")  # (made by migration 4)
    connection.execute("ALTER TABLE articles DROP COLUMN note")
    connection.execute("ALTER TABLE articles DROP COLUMN captured_at")
    connection.commit()
    connection.close()

    def broken(db) -> None:
        schema._migrate_2(db)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema._migrate_1, broken))
    with pytest.raises(RuntimeError):
        Archive.open(tmp_path / "lib")
    connection = sqlite3.connect(tmp_path / "lib" / DATABASE_NAME)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "tags" not in tables
    connection.close()
    monkeypatch.undo()
    with Archive.open(tmp_path / "lib") as archive:
        assert archive._storage.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reextract_keeps_the_id_and_updates_the_index(archive: Archive, tmp_path: Path) -> None:
    (result,) = archive.import_paths([write(tmp_path / "a.html", page("Re-read me"))])
    archive._storage.db.execute(
        "UPDATE articles SET text = 'stale text', title = 'Stale' WHERE id = ?", [result.article_id]
    )
    steps = list(archive.reextract([result.article_id, 999]))
    assert steps[0] == (1, 2, "")
    assert "999" in steps[1][2]
    article = archive.get(result.article_id)
    assert article.title == "Re-read me"
    assert article.text.startswith("The committee met")
    assert len(archive.search("committee")) == 1
    assert archive.check() == []


def test_reextract_keeps_the_images_of_a_complete_page(archive: Archive) -> None:
    from tests.conftest import FIXTURES

    (result,) = archive.import_paths([FIXTURES / "pages" / "saved" / "Article.html"])
    before = archive.get(result.article_id)
    list(archive.reextract([result.article_id]))
    after = archive.get(result.article_id)
    assert after.html == before.html
    assert after.resources == before.resources


def test_lists_filter_sort_count_and_delete(archive: Archive, tmp_path: Path) -> None:
    from archive_reader.core.models import ArticleFilter

    folder = tmp_path / "in"
    write(folder / "a.html", page("Bravo", url="https://a.example/1"))
    write(folder / "b.html", page("Alpha", url="https://b.example/2").replace("Tuesday", "Friday"))
    write(folder / "c.html", page("Charlie", lang="en-GB").replace("Tuesday", "Sunday"))
    ids = {r.title: r.article_id for r in archive.import_paths([folder])}
    archive.annotations.tag(ids["Alpha"], "budget")
    archive.annotations.add(ids["Bravo"], quote="committee met", note="why it matters")
    assert [a.title for a in archive.list_articles(order="title")] == ["Alpha", "Bravo", "Charlie"]
    assert [a.title for a in archive.list_articles(order="title", descending=True)][0] == "Charlie"
    assert [a.title for a in archive.list_articles(filter=ArticleFilter(tag="budget"))] == ["Alpha"]
    noted = archive.list_articles(filter=ArticleFilter(with_notes=True))
    assert [(a.title, a.notes) for a in noted] == [("Bravo", 1)]
    assert archive.list_articles(filter=ArticleFilter(tag="budget"))[0].tags == ["budget"]
    assert archive.count_articles(ArticleFilter(ids=[ids["Alpha"], ids["Charlie"]])) == 2
    overview = archive.overview()
    assert overview.articles == 3 and overview.with_notes == 1
    assert overview.tags == [("budget", 1)]
    assert overview.sites[0][1] == 1
    assert overview.languages == [("en", 3)]  # en-GB counts as English
    # The with-notes filter and count also see an article note without highlights.
    archive.annotations.set_note(ids["Charlie"], "follow up")
    assert archive.overview().with_notes == 2
    assert archive.count_articles(ArticleFilter(with_notes=True)) == 2
    assert archive.delete_articles([ids["Alpha"], ids["Charlie"]]) == 2
    assert [a.title for a in archive.list_articles()] == ["Bravo"]
    assert len(archive.search("committee")) == 1
    assert archive.overview().tags == []
    assert archive.check() == []
    # The original is kept: importing the file again brings the article back.
    (again,) = archive.import_paths([folder / "b.html"])
    assert again.status == "imported"


def test_disk_usage_counts_every_file_without_visiting_the_originals(
    archive: Archive, tmp_path: Path
) -> None:
    import os

    archive.import_paths([write(tmp_path / "a.html", page("Sized", url="https://a.example/s"))])
    walked = sum(
        os.stat(os.path.join(root, name)).st_size
        for root, _dirs, files in os.walk(archive.path)
        for name in files
    )
    assert archive.disk_usage() == walked


@pytest.mark.parametrize("order", ["imported", "published", "title", "site", "author"])
@pytest.mark.parametrize("descending", [False, True])
def test_every_list_order_reads_an_index_and_puts_blanks_last(
    archive: Archive, tmp_path: Path, order: str, descending: bool
) -> None:
    # Sorting the whole table for a deep page took seconds on 100,000 articles.
    folder = tmp_path / "in"
    write(folder / "a.html", page("Alpha", url="https://a.example/1"))
    write(folder / "b.html", page("Bravo").replace("Tuesday", "Friday"))
    archive.import_paths([folder])
    archive._storage.db.execute(
        "UPDATE articles SET published = NULL, site_name = NULL, author = NULL"
        " WHERE title = 'Bravo'"
    )
    archive._storage.db.execute(
        "UPDATE articles SET published = '2024-01-01', site_name = 'Site', author = 'Ann'"
        " WHERE title = 'Alpha'"
    )
    statements: list[str] = []
    archive._storage.db.conn.set_trace_callback(statements.append)
    titles = [a.title for a in archive.list_articles(order=order, descending=descending)]
    archive._storage.db.conn.set_trace_callback(None)

    if order in ("published", "site", "author"):
        assert titles == ["Alpha", "Bravo"]  # the blank one last, either way
    (listing,) = [s for s in statements if s.startswith("SELECT id, title")]
    plan = " ".join(
        str(row[-1]) for row in archive._storage.db.execute("EXPLAIN QUERY PLAN " + listing)
    )
    assert "TEMP B-TREE" not in plan, plan


def test_duplicate_lookups_read_an_index(archive: Archive) -> None:
    # Run for every imported page: a scan of the table would cost seconds on a large library.
    storage = archive._storage
    statements: list[str] = []
    storage.db.conn.set_trace_callback(statements.append)
    find_by_url_text(storage.db, "example.org/a", "0" * 64)
    find_by_title_text(storage.db, "A title", "0" * 64)
    find_by_title_text(storage.db, "A title", "0" * 64, unaddressed_only=True)
    storage.db.conn.set_trace_callback(None)
    for statement in statements:
        plan = " ".join(
            str(row[-1]) for row in storage.db.execute("EXPLAIN QUERY PLAN " + statement)
        )
        assert "USING INDEX" in plan, (statement, plan)


def test_a_page_imported_meanwhile_by_another_program_is_a_duplicate(
    archive: Archive, tmp_path: Path, monkeypatch
) -> None:
    # The window and a command importing the same folder at once: the second
    # insert used to fail on the UNIQUE constraint and stop its whole import.
    from archive_reader.core.ingest import importer as importer_module

    path = write(tmp_path / "a.html", page("Raced", url="https://a.example/raced"))
    keep_resources = importer_module.keep_resources
    other = Archive.open(archive.path)

    def meanwhile(self, *args, **kwargs):
        monkeypatch.setattr(importer_module, "keep_resources", keep_resources)
        (first,) = other.import_paths([path])  # the other program gets there first
        assert first.status == ImportStatus.IMPORTED
        return keep_resources(self, *args, **kwargs)

    monkeypatch.setattr(importer_module, "keep_resources", meanwhile)
    try:
        (result,) = archive.import_paths([path])
    finally:
        other.close()
    assert result.status == ImportStatus.DUPLICATE
    assert "this file was imported before" in result.reason
    assert archive.count() == 1 and archive.check() == []


def test_a_library_whose_database_is_gone_is_not_opened_as_new(tmp_path: Path) -> None:
    library = tmp_path / "library"
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Kept</title></head><body><article><h1>Kept</h1>"
        + "<p>The harbour council met on Monday to vote on the new ferry timetable.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    with Archive.open(library) as archive:
        archive.import_paths([page])
    (library / "library.sqlite3").unlink()
    before = sorted(p.relative_to(library) for p in library.rglob("*"))
    with pytest.raises(LibraryError, match="library.sqlite3. is missing"):
        Archive.open(library)
    # Nothing was created or changed in its place.
    assert sorted(p.relative_to(library) for p in library.rglob("*")) == before
