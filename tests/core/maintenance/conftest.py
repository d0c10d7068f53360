"""Fixtures of the upkeep tests: a library of the fixture pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader.core.archive import Archive
from tests.conftest import FIXTURES

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
