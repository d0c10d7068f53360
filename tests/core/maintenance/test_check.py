"""Check, repair, backup, restore; damaged indexes, locks, two processes, full/read-only disks."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive_reader.cli import maintenance as cli_maintenance
from archive_reader.core.archive import Archive
from archive_reader.core.db.index_queue import index_rows
from archive_reader.core.db.schema import MIGRATIONS
from archive_reader.core.db.storage import DATABASE_NAME, Storage
from archive_reader.core.errors import LibraryError
from archive_reader.core.maintenance.check import (
    backup_library,
    check_library,
    repair_library,
    restore_library,
)
from archive_reader.core.search import index as indexing
from archive_reader.core.search.index import SearchIndex, document
from tests.conftest import FIXTURES
from tests.crashkit import ROOT, make_pages

PAGES = FIXTURES / "pages"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library of the fixture pages, with a highlight and a note."""
    folder = tmp_path / "lib"
    with Archive.open(folder) as archive:
        archive.import_paths([PAGES])
        first = archive.list_articles(order="id")[0].id
        text = archive.get(first).text
        archive.annotations.add(first, quote=text[:30].strip(), note="keep me", tags=["t"])
        archive.annotations.set_note(first, "article note")
    return folder


def test_a_sound_library_checks_clean(library: Path) -> None:
    with Archive.open(library) as archive:
        report = check_library(archive)
    assert report.ok and report.findings == []
    assert report.articles > 10 and report.originals >= report.articles - 2
    data = report.to_json()
    assert data["ok"] is True and data["hashes_verified"] is True
    json.dumps(data)


def test_index_entries_missing_extra_and_twice_are_found_and_repaired(library: Path) -> None:
    with Archive.open(library) as archive:
        index = archive._index
        rows = index_rows(archive._handle.storage.db, [1, 2])
        writer = index.index.writer()
        writer.add_document(**document(rows[0]))  # article 1 twice
        writer.delete_by_term("id", 2)  # article 2 missing
        writer.add_document(**{**document(rows[1]), "id": 9999})  # no such article
        writer.commit()
        messages = [f.message for f in check_library(archive).problems]
        assert any("missing from the search index: 2" in m for m in messages)
        assert any("not in the database: 9999" in m for m in messages)
        assert any("indexed more than once: 1" in m for m in messages)
        report = repair_library(archive)
        assert report.ok, report.problems
        assert report.repaired == ["wrote the index entries of 3 article(s) again: 1, 2, 9999"]
        assert index.article_ids() == archive._handle.storage.article_ids()


def _segment(index: Path) -> Path:
    """A segment's data: its compound file, or its stored-fields column when not compound."""
    return next(index.glob("*.seg"), None) or next(index.glob("*._stored.col"))


DAMAGE = {
    "truncated segment": lambda ix: _segment(ix).write_bytes(_segment(ix).read_bytes()[:-40]),
    "empty segment": lambda ix: _segment(ix).write_bytes(b""),
    "segment gone": lambda ix: _segment(ix).unlink(),
    "table of contents gone": lambda ix: [p.unlink() for p in ix.glob("*.toc")],
    "garbage table of contents": lambda ix: [
        p.write_bytes(b"garbage" * 9) for p in ix.glob("*.toc")
    ],
    "stale lock file": lambda ix: (ix / "articles_WRITELOCK").write_bytes(b""),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_on_open_with_a_message(
    library: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    with Archive.open(library) as archive:
        expected = archive.search("the").total
    DAMAGE[damage](library / "index")
    with caplog.at_level(logging.INFO), Archive.open(library) as archive:
        assert check_library(archive).ok
        assert archive.search("the").total == expected
        archive.annotations.set_note(1, "written after the repair")
    if damage in (
        "truncated segment",
        "empty segment",
        "segment gone",
        "garbage table of contents",
    ):
        assert "is damaged" in caplog.text and "rebuilding it from the database" in caplog.text


_HOLD_WRITER = """
import sys, time
from pathlib import Path
from archive_reader.core.search.index import SearchIndex
index = SearchIndex(Path(sys.argv[1]))
writer = index.index.writer()
print("holding", flush=True)
time.sleep(120)
"""


def _hold_writer(library: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD_WRITER, str(library)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "holding"
    return process


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.stdout is not None
    process.stdout.close()


def test_a_killed_writer_leaves_no_lock_that_blocks(library: Path) -> None:
    """Whoosh's lock is an OS file lock: the OS drops it with the killed process."""
    _stop(_hold_writer(library))
    assert (library / "index" / "articles_WRITELOCK").exists()  # the file is left...
    started = time.monotonic()
    with Archive.open(library) as archive:
        archive.annotations.set_note(1, "after the kill")  # ...and a write goes through
        assert check_library(archive).ok
    assert time.monotonic() - started < 5


def test_a_live_writer_elsewhere_makes_the_library_busy(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "_WRITER_TIMEOUT", 0.5)
    holder = _hold_writer(library)
    try:
        with Archive.open(library) as archive:
            with pytest.raises(LibraryError, match="the library is busy"):
                archive.annotations.set_note(1, "while another program writes")
            # The database has the change; the index entry waits in the queue.
            assert archive.annotations.note(1) == "while another program writes"
        # A damaged-looking index that another program writes is not deleted.
        for toc in (library / "index").glob("*.toc"):
            toc.write_bytes(b"garbage")
        with pytest.raises(LibraryError, match="the library is busy"):
            SearchIndex(library)
        assert (library / "index" / "articles_WRITELOCK").exists()
    finally:
        _stop(holder)
    with Archive.open(library) as archive:
        assert check_library(archive).ok
        assert archive.search("note:another").total == 1


def test_originals_missing_damaged_and_left_over(library: Path, tmp_path: Path) -> None:
    pages = make_pages(tmp_path / "pages", count=2)
    kept, gone = pages / "page-001.html", pages / "page-002.html.gz"
    with Archive.open(library) as archive:
        results = archive.import_paths([kept, gone])
        assert [r.status.value for r in results] == ["imported", "imported"]
        missing, damaged = (archive.original_path(r.article_id or 0) for r in results)
        gone.unlink()
        missing.unlink()
        data = bytearray(damaged.read_bytes())
        data[10] ^= 0xFF
        damaged.write_bytes(bytes(data))
        (missing.parent / ".incoming-abc").write_bytes(b"half a file")
        (missing.parent / ("0" * 64)).write_bytes(b"not recorded")
        quick = check_library(archive, verify_hashes=False)
        assert [f.message.split(":")[0] for f in quick.problems] == ["original file missing"]
        report = check_library(archive)
        problems = [f.message for f in report.problems]
        assert any(m.startswith("original file missing") for m in problems)
        assert any("SHA-256 does not match" in m for m in problems)
        assert len(report.notes) == 2
        repaired = repair_library(archive, leftover_age=0)
        assert missing.is_file()  # copied back from page-001.html
        assert any("temporary file" in line for line in repaired.repaired)
        [left] = repaired.problems  # page-002 is gone: nothing to copy the damaged one from
        assert "SHA-256" in left.message and "backup" in left.advice
        assert [note.message.split(" (")[0] for note in repaired.notes] == [
            "1 file(s) in originals/ that no article refers to"
        ]


def test_a_damaged_database_gives_a_message(library: Path) -> None:
    database = library / DATABASE_NAME
    data = bytearray(database.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):
        data[offset + 200 : offset + 600] = b"\x07" * 400
    database.write_bytes(bytes(data))
    try:
        with Archive.open(library) as archive:
            report = check_library(archive)
    except LibraryError as error:
        assert "library database" in str(error)
    else:
        assert not report.ok
        assert all(f.area == "database" for f in report.problems)
        assert "restore a backup" in report.problems[0].advice


def test_backup_and_restore(library: Path, tmp_path: Path) -> None:
    with Archive.open(library) as archive:
        before = [(a.quote, a.note, a.tags) for a in archive.annotations.list()]
        count = archive.count()
        report = backup_library(archive, tmp_path / "backup")
        assert report.articles == count and report.missing == []
        with pytest.raises(LibraryError, match="not empty"):
            backup_library(archive, tmp_path / "backup")
        with pytest.raises(LibraryError, match="inside it"):
            backup_library(archive, library / "backup")
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert manifest["articles"] == count and manifest["originals"] == report.originals
    assert not (tmp_path / "backup" / "index").exists()

    restored = restore_library(tmp_path / "backup", tmp_path / "restored")
    assert restored.articles == count
    with Archive.open(tmp_path / "restored") as archive:
        assert check_library(archive).ok
        assert [(a.quote, a.note, a.tags) for a in archive.annotations.list()] == before
        assert archive.annotations.note(1) == "article note"
        assert archive.search("the").total > 0

    with pytest.raises(LibraryError, match="not empty"):
        restore_library(tmp_path / "backup", library)
    again = restore_library(tmp_path / "backup", library, force=True)
    assert again.moved_aside is not None and (again.moved_aside / DATABASE_NAME).is_file()

    (tmp_path / "backup" / "backup.json").unlink()
    with pytest.raises(LibraryError, match="incomplete backup"):
        restore_library(tmp_path / "backup", tmp_path / "other")
    assert not (tmp_path / "other").exists()


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    connection = sqlite3.connect(folder / DATABASE_NAME, isolation_level=None)
    connection.execute("BEGIN")
    MIGRATIONS[0](_Db(connection))  # type: ignore[arg-type]
    connection.execute(
        "INSERT INTO originals (sha256, size, added_at) VALUES ('ab', 1, '2024-01-01')"
    )
    connection.execute("PRAGMA user_version = 1")
    connection.execute("COMMIT")
    connection.close()
    Storage(folder).close()
    backup = folder / f"{DATABASE_NAME}.pre-migration-1.bak"
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT sha256 FROM originals").fetchall() == [("ab",)]
    copy.close()
    # A library already at the current schema is not copied again.
    backup.unlink()
    Storage(folder).close()
    assert not backup.exists()


class _Db:
    """Enough of sqlite_utils.Database for a migration function."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, params)  # type: ignore[arg-type]


def test_two_processes_import_into_one_library_at_once(tmp_path: Path) -> None:
    pages = make_pages(tmp_path / "pages", count=60)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for index, path in enumerate(sorted(pages.iterdir())):
        if path.is_file():
            shutil.move(path, (first if index % 2 else second) / path.name)
    shutil.move(pages / "Article_files", first / "Article_files")
    library = tmp_path / "lib"
    Archive.open(library).close()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "archive_reader", "import", "--library", str(library), str(p)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for p in (first, second)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    summaries = [line for output in outputs for line in output.splitlines() if " imported," in line]
    imported = sum(int(line.split(": ")[1].split(" imported")[0]) for line in summaries)
    with Archive.open(library) as archive:
        assert archive.count() == imported >= 60
        assert check_library(archive).ok


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here: {result.stderr.strip()}")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> object:
    """A 600 KiB tmpfs; skipped where mounting is not permitted."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root to mount a small filesystem")
    folder = tmp_path / "tiny"
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", "size=600k", "tmpfs", str(folder))
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_index_write_on_a_full_disk_is_a_clear_error(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.writing import SegmentWriter

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Archive.open(library) as archive:
        with monkeypatch.context() as patch:
            patch.setattr(SegmentWriter, "commit", full)
            with pytest.raises(LibraryError, match="the disk is full"):
                archive.annotations.set_note(1, "written when the disk was full")
        assert archive.annotations.note(1) == "written when the disk was full"
    with Archive.open(library) as archive:  # the queue is worked off on open
        assert check_library(archive).ok
        assert archive.search("note:full").total == 1


def test_a_database_write_on_a_full_disk_is_a_clear_error(library: Path) -> None:
    with Archive.open(library) as archive:
        storage = archive._handle.storage
        pages = storage.db.execute("PRAGMA page_count").fetchone()[0]
        storage.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(LibraryError, match="disk is full"):
            archive.annotations.set_note(1, "x" * 200_000)
        assert archive.annotations.note(1) == "article note"


def test_an_import_onto_a_full_disk_stops_clearly_and_leaves_a_sound_library(
    tiny_disk: Path, tmp_path: Path
) -> None:
    """A full disk: per-file failures or one clear LibraryError; never half-written."""
    pages = make_pages(tmp_path / "pages", count=100)
    library = tiny_disk / "lib"
    results = []
    with Archive.open(library) as archive:
        try:
            results = archive.import_paths([pages])
        except LibraryError as error:
            assert "the disk is full" in str(error)
        else:
            failed = [r for r in results if r.status.value == "failed"]
            assert failed and all("full" in r.reason for r in failed), failed[:3]
    subprocess.run(["mount", "-o", "remount,size=8m", str(tiny_disk)], check=True)
    with Archive.open(library) as archive:
        report = check_library(archive)
        assert report.ok, report.problems
        imported = archive.count()
        archive.import_paths([pages])  # with room again, the rest goes in
        assert archive.count() > imported
        assert check_library(archive).ok


def test_a_read_only_library_gives_a_clear_error(library: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a read-only view")
    view = tmp_path / "view"
    view.mkdir()
    _mount("--bind", str(library.parent), str(view))
    try:
        _mount("-o", "remount,ro,bind", str(view))
        with pytest.raises(LibraryError, match="read-only"):
            Archive.open(view / library.name)
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library")
    commands = parser.add_subparsers(dest="command")
    cli_maintenance.add_parsers(commands, library)
    args = parser.parse_args(argv)
    early = cli_maintenance.run_before_open(args)
    if early is not None:
        return early
    with Archive.open(args.library) as archive:
        code = cli_maintenance.run(archive, args)
    assert code is not None
    return code


def test_the_commands(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("check", "--library", str(library)) == 0
    assert "database, originals and index agree" in capsys.readouterr().out
    with Archive.open(library) as archive:
        archive._index.apply([], [1])
    assert _cli("check", "--library", str(library), "--quick") == 1
    out = capsys.readouterr().out
    assert "problem: 1 article(s) missing from the search index: 1" in out
    assert "check --repair` fixes 1 of them" in out
    assert _cli("check", "--library", str(library), "--repair") == 0
    assert "repaired: wrote the index entries of 1 article(s) again: 1" in capsys.readouterr().out
    assert _cli("check", "--library", str(library), "--json") == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert _cli("backup", "--library", str(library), str(tmp_path / "b")) == 0
    assert "Backed up" in capsys.readouterr().out
    assert _cli("restore", "--library", str(tmp_path / "r"), str(tmp_path / "b")) == 0
    assert "Restored" in capsys.readouterr().out
    assert _cli("check", "--library", str(tmp_path / "r")) == 0
