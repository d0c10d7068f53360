"""Imports in a process of their own (what the window uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.errors import LibraryError
from archive_reader.core.ingest import isolated
from archive_reader.core.models import ImportStatus
from tests.core.test_archive import page, write


def test_an_import_in_a_child_process_reports_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    write(folder / "a.html", page("First", url="https://a.example/1"))
    write(folder / "b.html", page("Second", url="https://b.example/2").replace("Tuesday", "Friday"))
    (folder / "empty.html").write_bytes(b"")
    Archive.open(tmp_path / "lib").close()

    steps = list(isolated.import_in_process(tmp_path / "lib", [folder]))

    assert [s.done for s in steps] == [1, 2, 3] and {s.total for s in steps} == {3}
    statuses = sorted(str(s.result.status) for s in steps)
    assert statuses == ["failed", "imported", "imported"]
    with Archive.open(tmp_path / "lib") as archive:  # written by the child, seen here
        assert archive.count() == 2 and len(archive.search("First")) == 1
        assert archive.check() == []


def test_cancel_stops_the_child_after_the_current_file(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    for n in range(6):
        write(folder / f"{n}.html", page(f"Page {n}", url=f"https://a.example/{n}"))
    steps = []
    for step in isolated.import_in_process(tmp_path / "lib", [folder], cancel=lambda: True):
        steps.append(step)
    assert len(steps) < 6
    with Archive.open(tmp_path / "lib") as archive:
        assert archive.count() == sum(s.result.status == ImportStatus.IMPORTED for s in steps)


def test_a_library_that_cannot_be_opened_is_a_library_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(LibraryError, match="file"):
        list(isolated.import_in_process(not_a_folder, [tmp_path]))


def test_a_bug_in_the_child_reaches_the_parent_with_its_traceback(monkeypatch) -> None:
    # The child's own function, run here: what it sends when the import has a bug.
    from archive_reader.core import archive as archive_module

    def broken(*_args, **_kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(archive_module.Archive, "open", broken)
    sent: list[tuple[str, object]] = []

    class Stop:
        def is_set(self) -> bool:
            return False

    class Messages:
        def put(self, item: tuple[str, object]) -> None:
            sent.append(item)

    isolated._run("/nowhere", [], Messages(), Stop())
    ((kind, text),) = sent
    assert kind == "bug" and "ValueError: a bug" in str(text)


def test_without_a_child_process_the_import_runs_here(tmp_path: Path, monkeypatch) -> None:
    import multiprocessing

    def refuse(self) -> None:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)
    write(tmp_path / "saved" / "a.html", page("First", url="https://a.example/1"))
    steps = list(isolated.import_in_process(tmp_path / "lib", [tmp_path / "saved"]))
    assert [str(s.result.status) for s in steps] == ["imported"]
