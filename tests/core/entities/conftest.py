"""Fixtures of the entity tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive


@pytest.fixture
def archive(tmp_path: Path):
    with Archive.open(tmp_path / "lib") as opened:
        yield opened
