"""Shared test helpers: where the project's fixtures and ../shared live."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SHARED = TESTS.parents[1] / "shared"
SAVED_PAGES = SHARED / "fixtures" / "saved-pages"


def normalise(text: str) -> str:
    """Whitespace collapsed, for comparing extracted text with expectations."""
    return " ".join(text.split())


def acceptable_titles(full_title: str, og_title: str | None) -> set[str]:
    """The headline forms a page's title may rightly be reduced to.

    The whole ``<title>``, the og:title, the ``<title>`` without its trailing
    site parts, or without a leading site name shorter than the rest (split
    at " - ", " | ", ": " and the like).
    """
    titles = {normalise(full_title)}
    if og_title:
        titles.add(normalise(og_title))
    parts = re.split(r"\s+[-|–—:·»]\s+|:\s+", full_title)
    separators = re.findall(r"\s+[-|–—:·»]\s+|:\s+", full_title)
    for cut in range(1, len(parts)):
        head = parts[0] + "".join(
            s + p for s, p in zip(separators[: cut - 1], parts[1:cut], strict=True)
        )
        titles.add(normalise(head))
    if len(parts) > 1:
        tail = full_title[len(parts[0]) + len(separators[0]) :]
        if len(parts[0]) < len(tail):
            titles.add(normalise(tail))
    return {title for title in titles if len(title) >= 8}


@pytest.fixture
def shared_pages() -> Path:
    """The real saved pages in ../shared; skips the test when they are absent."""
    if not (SAVED_PAGES / "manifest.json").is_file():
        pytest.skip("../shared/fixtures/saved-pages is not beside this checkout")
    return SAVED_PAGES
