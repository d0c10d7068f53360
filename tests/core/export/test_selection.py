"""Selections: by date, tag, entity, query and ids; unknown names; loading."""

from __future__ import annotations

import pytest

from archive_reader.core.db.storage import sha256_of
from archive_reader.core.export.exporter import Exporter
from archive_reader.core.export.selection import ExportError, Selection
from tests.core.export.helpers import Library, everything, exporter

# Selection


def test_whole_library_is_ordered_by_date_undated_last(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    selection = everything(library)
    assert selection.article_ids == [b, a, c]
    assert selection.description == "the whole library"
    assert selection.annotation_ids is None


def test_select_by_tag_keeps_highlights_with_the_tag_and_all_of_tagged_articles(
    library: Library,
) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    selection = exporter(library).select(tag="ATTRIBUTION")
    assert selection.article_ids == [a, c]
    articles = exporter(library).load(selection)
    assert [x.id for x in articles[0].annotations] == [library.h1]  # type: ignore[attr-defined]
    assert [x.id for x in articles[1].annotations] == [library.h5]  # type: ignore[attr-defined]
    assert selection.description == "tag attribution"


def test_select_by_entity_alias_and_query_and_ids(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    assert ex.select(entity="RS").article_ids == [b, a]
    with pytest.raises(ExportError, match="no entity is called 'rs'"):
        ex.select(entity="rs")  # a case-sensitive alias
    # Berlin's mention in a is rejected: only b counts.
    assert ex.select(entity="berlin").article_ids == [b]
    assert ex.select(query="tag:attribution").article_ids == [a, c]
    assert ex.select(query="entity:berlin").article_ids == [b]
    assert ex.select(article_ids=[c, a]).article_ids == [c, a]
    assert ex.select(article_ids=[c, a], entity="Jane Doe").article_ids == [a]


def test_unknown_names_and_ids_are_clear_errors(library: Library) -> None:
    ex = exporter(library)
    with pytest.raises(ExportError, match="no tag is called 'nope'"):
        ex.select(tag="nope")
    with pytest.raises(ExportError, match="no entity is called"):
        ex.select(entity="Nobody")
    with pytest.raises(ExportError, match="no article with id 999"):
        ex.select(article_ids=[999])
    with pytest.raises(ExportError, match="unknown export format"):
        ex.render("docx", everything(library))
    with pytest.raises(ExportError, match="cannot run search queries"):
        Exporter(library.archive._handle).select(query="x")


def test_load_gathers_everything_with_provenance(library: Library) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    first = exporter(library).load(Selection([a]))[0]
    stored = library.archive.get(a)
    assert first.original_sha256 == stored.original_sha256
    assert first.original_sha256 == sha256_of(library.archive.original_path(a).read_bytes())
    assert first.captured_at == "2024-03-13T08:00:00+00:00"
    assert first.imported_at == stored.imported_at
    assert first.tags == ["influence ops"]
    assert first.entities[:1] == ["Rossiya Segodnya"] or "Rossiya Segodnya" in first.entities
    assert "Berlin" not in first.entities  # rejected
    h1 = first.annotations[0]
    assert h1.label == "Evidence" and h1.colour == "#ffcc00"
    assert h1.tags == ["attribution", "state media"]
    assert h1.entities == ["Rossiya Segodnya", "RIA Novosti"]
    mention = first.mentions[0]
    assert mention.matched == "Rossiya Segodnya"
    assert mention.context.startswith("Rossiya Segodnya, the agency")
    orphan = exporter(library).load(Selection([b]))[0].annotations[-1]
    assert orphan.orphaned and orphan.entities == []
