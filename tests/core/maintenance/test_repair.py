"""Repair: index entries and originals put right, what cannot be fixed reported."""

from __future__ import annotations

from pathlib import Path

from archive_reader.core.archive import Archive
from archive_reader.core.db.index_queue import index_rows
from archive_reader.core.search.index import document
from tests.crashkit import make_pages


def test_index_entries_missing_extra_and_twice_are_found_and_repaired(library: Path) -> None:
    with Archive.open(library) as archive:
        index = archive._index
        rows = index_rows(archive._handle.storage.db, [1, 2])
        writer = index.index.writer()
        writer.add_document(**document(rows[0]))  # article 1 twice
        writer.delete_by_term("id", 2)  # article 2 missing
        writer.add_document(**{**document(rows[1]), "id": 9999})  # no such article
        writer.commit()
        messages = [f.message for f in archive.maintenance.check().problems]
        assert any("missing from the search index: 2" in m for m in messages)
        assert any("not in the database: 9999" in m for m in messages)
        assert any("indexed more than once: 1" in m for m in messages)
        report = archive.maintenance.repair()
        assert report.ok, report.problems
        assert report.repaired == ["wrote the index entries of 3 article(s) again: 1, 2, 9999"]
        assert index.article_ids() == archive._handle.storage.article_ids()


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
        quick = archive.maintenance.check(verify_hashes=False)
        assert [f.message.split(":")[0] for f in quick.problems] == ["original file missing"]
        report = archive.maintenance.check()
        problems = [f.message for f in report.problems]
        assert any(m.startswith("original file missing") for m in problems)
        assert any("SHA-256 does not match" in m for m in problems)
        assert len(report.notes) == 2
        repaired = archive.maintenance.repair(leftover_age=0)
        assert missing.is_file()  # copied back from page-001.html
        assert any("temporary file" in line for line in repaired.repaired)
        [left] = repaired.problems  # page-002 is gone: nothing to copy the damaged one from
        assert "SHA-256" in left.message and "backup" in left.advice
        assert [note.message.split(" (")[0] for note in repaired.notes] == [
            "1 file(s) in originals/ that no article refers to"
        ]
