"""The Whoosh index on disk: what it keeps of our code, so that libraries open across versions."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from archive_reader import Archive
from archive_reader.core.search.index import TermsField
from tests.core.search.conftest import article

# Where indexes written before the search package existed find the field type.
_OLD_NAME = b"archive_reader.core.indexing"


def test_the_schema_names_the_field_type_where_earlier_versions_put_it(tmp_path: Path) -> None:
    library = tmp_path / "library"
    page = tmp_path / "kept.html"
    page.write_text(article("Kept name", "A vote on the new ferry terminal."), encoding="utf-8")
    with Archive.open(library) as archive:
        archive.import_paths([page])
    (toc,) = (library / "index").glob("_*.toc")
    data = toc.read_bytes()
    assert _OLD_NAME in data
    assert b"archive_reader.core.search" not in data
    with Archive.open(library, rebuild_index=False) as archive:
        assert not archive.index_needs_rebuild
        assert [hit.title for hit in archive.search("ferry")] == ["Kept name"]


def test_a_pickled_field_type_comes_back_by_its_old_name() -> None:
    # The bytes an index of an earlier version holds for the field type.
    old = pickle.dumps(TermsField(positions=False), protocol=2)
    assert _OLD_NAME in old
    field = pickle.loads(old)
    assert isinstance(field, TermsField) and field._positions is False


def _library_of(tmp_path: Path, count: int) -> Path:
    library = tmp_path / "library"
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(count):
        (pages / f"{number}.html").write_text(
            article(f"Ferry report {number}", f"The ferry terminal vote number {number}."),
            encoding="utf-8",
        )
    with Archive.open(library) as archive:
        archive.import_paths([pages])
    return library


def test_a_rebuild_cut_off_leaves_the_old_index_in_use(tmp_path: Path) -> None:
    library = _library_of(tmp_path, 3)
    with Archive.open(library) as archive:
        steps = archive.reindex()
        next(steps)  # the rebuild starts, then stops half way (as when a program dies)
        steps.close()
        assert archive.search("ferry").total == 3
    with Archive.open(library, rebuild_index=False) as archive:
        assert not archive.index_needs_rebuild
        assert archive.search("ferry").total == 3
    assert not (library / "index.rebuild").exists()


def test_an_index_created_empty_is_never_used_as_complete(tmp_path: Path) -> None:
    library = _library_of(tmp_path, 3)
    shutil.rmtree(library / "index")
    # The window opens without rebuilding, then is killed before its rebuild ends.
    with Archive.open(library, rebuild_index=False) as archive:
        assert archive.index_needs_rebuild
    with Archive.open(library, rebuild_index=False) as archive:
        assert archive.index_needs_rebuild  # still: an empty index is not taken as complete
    with Archive.open(library) as archive:
        assert archive.search("ferry").total == 3
    with Archive.open(library, rebuild_index=False) as archive:
        assert not archive.index_needs_rebuild
