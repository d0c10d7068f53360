"""Article tags and notes, searchable at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.core.annotations.highlights import Annotations
from archive_reader.core.annotations.models import TagError
from archive_reader.core.errors import ArticleNotFound
from tests.core.annotations.pages import PARAGRAPHS, found_ids, import_page


def test_search_sees_a_removal_without_reopening(
    archive: Archive, notes: Annotations, article: int
) -> None:
    notes.tag(article, "first")
    assert [hit.article_id for hit in archive.search("tag:first")] == [article]
    notes.untag(article, "first")
    assert [hit.article_id for hit in archive.search("tag:first")] == []


# Tags and notes, searchable at once


def test_article_tags_are_trimmed_case_insensitive_and_searchable(
    archive: Archive, notes: Annotations, article: int, tmp_path: Path
) -> None:
    other = import_page(archive, tmp_path, "second", PARAGRAPHS[1:])
    assert notes.tag(article, " Influence ops ", "meta") == ["Influence ops", "meta"]
    assert notes.tag(other, "influence OPS") == ["Influence ops"]
    assert sorted(found_ids(archive, 'tag:"influence ops"')) == sorted([article, other])
    assert found_ids(archive, "tag:meta") == [article]
    counts = {tag.name: (tag.articles, tag.annotations) for tag in notes.tags()}
    assert counts == {"Influence ops": (2, 0), "meta": (1, 0)}
    assert notes.untag(article, "META", "never") == ["meta"]
    assert found_ids(archive, "tag:meta") == []
    assert notes.article_tags(article) == ["Influence ops"]
    with pytest.raises(TagError):
        notes.tag(article, "")
    with pytest.raises(ArticleNotFound):
        notes.tag(4242, "x")


def test_highlight_notes_tags_and_article_notes_are_searchable(
    archive: Archive, notes: Annotations, article: int, tmp_path: Path
) -> None:
    other = import_page(archive, tmp_path, "second", PARAGRAPHS[1:])
    notes.add(article, quote="Meta said", note="first public attribution", tags=["evidence"])
    assert found_ids(archive, "note:attribution") == [article]
    assert found_ids(archive, "tag:evidence") == [article]
    notes.set_note(other, "Check the advertising figure against the transparency report.")
    assert notes.note(other).startswith("Check")
    assert found_ids(archive, "note:transparency") == [other]
    notes.set_note(other, "")
    assert found_ids(archive, "note:transparency") == []
    assert archive.get(other).note == ""
