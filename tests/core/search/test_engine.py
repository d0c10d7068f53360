"""The search language, ranking, dates, saved searches; the index kept up to date."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.db.storage import now
from tests.conftest import FIXTURES, SAVED_PAGES
from tests.core.search.conftest import LONG, article

PAGES = FIXTURES / "pages"


def titles(results) -> set[str]:
    return {hit.title for hit in results}


def test_words_must_all_match(library) -> None:
    archive, _ = library
    assert titles(archive.search("budget libraries")) == {
        "Platform removes accounts tied to state media",
        "Election observers warn of cheap fakes",
        "Volunteers scan the newspaper archive",
    }
    assert titles(archive.search("budget tiktok")) == {
        "Platform removes accounts tied to state media"
    }


def test_stemming_matches_other_forms(library) -> None:
    archive, _ = library
    assert titles(archive.search("volunteer scanning")) == {"Volunteers scan the newspaper archive"}
    assert titles(archive.search("диеты")) == {"Диета и здоровье"}
    assert titles(archive.search("диета")) == {"Диета и здоровье"}


def test_accents_and_case_fold(library) -> None:
    archive, _ = library
    assert titles(archive.search("EDUCACAO")) == {"Educação e informações para as famílias"}
    assert titles(archive.search("informacoes")) == {"Educação e informações para as famílias"}
    assert titles(archive.search("Tiktok")) == {"Platform removes accounts tied to state media"}


def test_phrases(library) -> None:
    archive, _ = library
    assert titles(archive.search('"fake profiles"')) == {
        "Platform removes accounts tied to state media"
    }
    assert len(archive.search('"profiles fake"')) == 0
    assert titles(archive.search('"materiais educativos"')) == {
        "Educação e informações para as famílias"
    }


def test_boolean_operators(library) -> None:
    archive, _ = library
    assert len(archive.search("tiktok OR observers")) == 2
    assert titles(archive.search("budget -tiktok -observers")) == {
        "Volunteers scan the newspaper archive"
    }
    assert titles(archive.search("budget NOT (tiktok OR volunteers)")) == {
        "Election observers warn of cheap fakes"
    }
    assert len(archive.search("budget AND tiktok AND observers")) == 0


def test_fields(library) -> None:
    archive, _ = library
    assert titles(archive.search("title:volunteers")) == {"Volunteers scan the newspaper archive"}
    assert len(archive.search("title:budget")) == 0
    assert titles(archive.search('site:"Harbour Ledger"')) == {
        "Platform removes accounts tied to state media"
    }
    assert titles(archive.search("site:baltic")) == {"Election observers warn of cheap fakes"}
    assert titles(archive.search("author:lindqvist")) == {
        "Platform removes accounts tied to state media"
    }
    assert titles(archive.search("lang:ru")) == {"Диета и здоровье"}
    assert titles(archive.search("lang:pt")) == {"Educação e informações para as famílias"}


def test_dates(library) -> None:
    archive, _ = library
    assert titles(archive.search("date:2024")) == {"Platform removes accounts tied to state media"}
    assert titles(archive.search("date:2019-01..2020-12")) == {
        "Volunteers scan the newspaper archive",
        "Диета и здоровье",
    }
    assert titles(archive.search("date:>2022-09-04 budget")) == {
        "Platform removes accounts tied to state media"
    }
    assert titles(archive.search("date:>=2022-09-04 budget")) == {
        "Platform removes accounts tied to state media",
        "Election observers warn of cheap fakes",
    }
    assert titles(archive.search("date:<2019")) == {"Educação e informações para as famílias"}
    assert len(archive.search(f"saved:{now()[:4]}")) == 5
    assert len(archive.search("saved:2001")) == 0
    # A date inside OR is compiled as a range query, not a filter.
    assert titles(archive.search("date:2024 OR lang:ru")) == {
        "Platform removes accounts tied to state media",
        "Диета и здоровье",
    }


def test_prefix_and_fuzzy(library) -> None:
    archive, _ = library
    assert titles(archive.search("tikt*")) == {"Platform removes accounts tied to state media"}
    assert titles(archive.search("propoganda~")) == {
        "Platform removes accounts tied to state media"
    }
    assert titles(archive.search("volunters~")) == {"Volunteers scan the newspaper archive"}


def test_a_query_that_does_not_parse_is_read_as_words(library) -> None:
    archive, _ = library
    results = archive.search('tiktok AND ("propaganda')
    assert results.notice.startswith("Searched as plain words")
    assert titles(results) == {"Platform removes accounts tied to state media"}
    assert archive.search("tiktok").notice == ""


def test_order_and_paging(library) -> None:
    archive, _ = library
    newest = archive.search("budget", order="newest")
    assert [hit.published[:4] for hit in newest] == ["2024", "2022", "2019"]
    oldest = archive.search("budget", order="oldest")
    assert [hit.published[:4] for hit in oldest] == ["2019", "2022", "2024"]
    first = archive.search("budget", limit=2)
    second = archive.search("budget", limit=2, offset=2)
    assert first.total == second.total == 3
    assert len(first) == 2 and len(second) == 1
    assert not titles(first) & titles(second)
    everything = archive.search("", order="newest")
    assert everything.total == 5


def test_titles_weigh_more(library) -> None:
    archive, _ = library
    hits = archive.search("volunteers OR budget")
    assert hits[0].title == "Volunteers scan the newspaper archive"


def test_saved_search_tells_what_is_new_and_gone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(article("First report", LONG), encoding="utf-8")
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([folder / "a.html"])
        archive.save_search("council", "council budget")
        first = archive.run_saved_search("council")
        assert len(first.new_ids) == 1 and first.gone_ids == []
        (folder / "b.html").write_text(
            article("Second report", LONG.replace("Monday", "Friday")), encoding="utf-8"
        )
        archive.import_paths([folder / "b.html"])
        second = archive.run_saved_search("council")
        assert len(second.new_ids) == 1 and second.new_ids != first.new_ids
        assert second.last_run_at is not None
        assert [s["name"] for s in archive.saved_searches()] == ["council"]
        archive.delete_saved_search("council")
        assert archive.saved_searches() == []


def test_tags_entities_notes_and_labels_are_searchable(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        article("Accounts removed", "TikTok removed accounts run by RT. " + LONG), encoding="utf-8"
    )
    with Archive.open(tmp_path / "lib") as archive:
        (result,) = archive.import_paths([tmp_path / "a.html"])
        article_id = result.article_id
        db = archive._storage
        with db.transaction():
            db.db.execute("INSERT INTO tags (name) VALUES ('state media')")
            db.db.execute("INSERT INTO article_tags VALUES (?, 1)", [article_id])
            db.db.execute(
                "INSERT INTO entities (name, type, created_at)"
                " VALUES ('Russia Today', 'organisation', '')"
            )
            db.db.execute(
                "INSERT INTO aliases (entity_id, text, case_sensitive) VALUES (1, 'RT', 1)"
            )
            db.db.execute(
                "INSERT INTO mentions (article_id, entity_id, start, end, source)"
                " VALUES (?, 1, 0, 2, 'found')",
                [article_id],
            )
            db.db.execute("INSERT INTO labels (name, color) VALUES ('attribution', '#ffcc00')")
            db.db.execute(
                "INSERT INTO annotations (article_id, label_id, quote, prefix, suffix, start, end,"
                " note, created_at, updated_at) VALUES (?, 1, 'q', '', '', 0, 1,"
                " 'first public attribution', '', '')",
                [article_id],
            )
            db.queue_for_index([article_id])
        archive._flush_index()
        assert len(archive.search('tag:"state media"')) == 1
        assert len(archive.search('entity:"Russia Today"')) == 1
        assert len(archive.search("entity:RT")) == 1
        assert len(archive.search("entity:rt")) == 0  # the alias is case-sensitive
        assert "No entity" in archive.search("entity:nobody").notice
        assert len(archive.search("note:attribution")) == 1
        assert len(archive.search("label:attribution")) == 1
        assert archive.facets("")["entity"][0].value == "Russia Today"
        assert archive.facets("")["tag"][0].value == "state media"


def test_a_new_article_is_found_at_once(library, tmp_path: Path) -> None:
    archive, _ = library
    assert len(archive.search("zeppelin")) == 0
    page = tmp_path / "new.html"
    page.write_text(article("Zeppelin returns", "A zeppelin flew over the town. " + LONG), "utf-8")
    archive.import_paths([page])
    assert titles(archive.search("zeppelin")) == {"Zeppelin returns"}


def test_writer_lock_of_a_crashed_process_is_released(tmp_path: Path) -> None:
    Archive.open(tmp_path / "lib").close()
    code = (
        "import os; from archive_reader import Archive;"
        f"a = Archive.open({str(tmp_path / 'lib')!r});"
        "w = a._index.index.writer(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    (tmp_path / "a.html").write_text(article("After a crash", LONG), encoding="utf-8")
    with Archive.open(tmp_path / "lib") as archive:
        (result,) = archive.import_paths([tmp_path / "a.html"])
        assert result.status == "imported"
        assert len(archive.search("council")) == 1


@pytest.mark.skipif(not (SAVED_PAGES / "manifest.json").is_file(), reason="../shared absent")
def test_real_pages_in_russian_portuguese_and_japanese(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths(
            [
                SAVED_PAGES / "complete" / "ru-vsediety-atkins",
                SAVED_PAGES / "complete" / "pt-comoeducar-loja",
                SAVED_PAGES / "awkward" / "ja-lhpat-trademark.shift_jis.html",
            ]
        )
        assert len(archive.search("углеводы")) == 1
        assert len(archive.search('"суточная калорийность"')) == 1
        assert len(archive.search("materiais didaticos")) == 1
        assert len(archive.search("lang:pt educativos")) == 1
        assert len(archive.search("商標法")) == 1
        assert "<b>商標" in archive.search("商標法")[0].snippet


def test_phrases_are_checked_against_the_text(tmp_path: Path) -> None:
    common = " ".join(["the report of the council"] * 3)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(
        article("Near", f"The mayor read the budget report. {common} {LONG}"), encoding="utf-8"
    )
    (folder / "b.html").write_text(
        article("Apart", f"The budget was late and the report was short. {LONG}"), "utf-8"
    )
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths(sorted(folder.glob("*.html")))
        assert titles(archive.search('"budget report"')) == {"Near"}
        assert titles(archive.search('"BUDGET   report"')) == {"Near"}
        assert titles(archive.search('"budget report" OR "late and the"')) == {"Near", "Apart"}
        assert titles(archive.search('council -"budget report"')) == {"Apart"}
        assert archive.matching_ids('"budget report"') == [archive.search("near")[0].article_id]
        assert archive.search('"budget report"', order="newest").total == 1


def test_a_short_prefix_is_refused_with_a_note(library) -> None:
    archive, _ = library
    results = archive.search("t*")
    assert len(results) == 0 and "too short" in results.notice
