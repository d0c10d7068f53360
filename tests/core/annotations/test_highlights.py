"""Highlights: creating, editing, deleting, listing; re-anchoring after re-extraction."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_reader import Archive
from archive_reader.core.annotations.anchoring import CONTEXT, InvalidAnchor, QuoteNotFound
from archive_reader.core.annotations.highlights import Annotations
from archive_reader.core.annotations.models import AnnotationNotFound, TagError
from archive_reader.core.errors import ArticleNotFound
from tests.core.annotations.pages import PARAGRAPHS, found_ids, import_page, set_text
from tests.core.annotations.test_anchoring import texts

# Creating highlights


def test_highlight_by_range_stores_a_w3c_anchor(
    archive: Archive, notes: Annotations, article: int
) -> None:
    text = archive.get(article).text
    start = text.index("covert influence")
    end = start + len("covert influence operations")
    annotation = notes.add(article, start - 1, end + 1, note=" why ", tags=["attribution"])
    # The whitespace at both ends of the selection is left out.
    assert (annotation.start, annotation.end) == (start, end)
    assert annotation.quote == "covert influence operations"
    assert annotation.prefix == text[start - CONTEXT : start]
    assert annotation.suffix == text[end : end + CONTEXT]
    assert annotation.note == "why"
    assert annotation.tags == ["attribution"]
    assert annotation.article_title.startswith("First report")
    assert not annotation.orphaned


def test_bad_ranges_and_articles_are_clear_errors(
    archive: Archive, notes: Annotations, article: int
) -> None:
    length = len(archive.get(article).text)
    with pytest.raises(InvalidAnchor, match="outside"):
        notes.add(article, 5, length + 1)
    with pytest.raises(InvalidAnchor, match="outside"):
        notes.add(article, 5, 5)
    with pytest.raises(InvalidAnchor, match="either"):
        notes.add(article)
    with pytest.raises(ArticleNotFound, match="999"):
        notes.add(999, quote="Meta")
    assert notes.list() == []


def test_highlight_by_quote_exact_then_loose(
    archive: Archive, notes: Annotations, article: int
) -> None:
    text = archive.get(article).text
    exact = notes.add(article, quote="the accounts")
    assert exact.start == text.index("the accounts")
    second = notes.add(article, quote="the accounts", occurrence=2)
    assert second.start == text.index("the accounts", exact.start + 1)
    loose = notes.add(article, quote="  META   said on\ntuesday ")
    assert loose.quote == "Meta said on Tuesday"


def test_absent_quote_names_the_article(notes: Annotations, article: int) -> None:
    with pytest.raises(QuoteNotFound, match=rf"article {article} does not contain"):
        notes.add(article, quote="Rossiya Segodnya")
    with pytest.raises(QuoteNotFound, match="2 time"):
        notes.add(article, quote="the accounts", occurrence=3)


# Editing, deleting, restoring


def test_edit_label_note_and_tags(archive: Archive, notes: Annotations, article: int) -> None:
    annotation = notes.add(article, quote="Meta said", label="claim", tags=["one", "two"])
    edited = notes.edit(annotation.id, note="first public attribution", add_tags=["Three"])
    assert edited.tags == ["one", "Three", "two"]
    assert edited.label == "claim"
    edited = notes.edit(annotation.id, label=None, remove_tags=["ONE", "missing"])
    assert edited.label is None
    assert edited.tags == ["Three", "two"]
    assert edited.note == "first public attribution"
    edited = notes.edit(annotation.id, tags=["attribution"])
    assert edited.tags == ["attribution"]
    # Tags nothing carries any more are forgotten.
    assert [tag.name for tag in notes.tags()] == ["attribution"]
    assert found_ids(archive, "tag:attribution") == [article]
    assert found_ids(archive, "tag:two") == []
    with pytest.raises(AnnotationNotFound):
        notes.edit(12345, note="x")
    with pytest.raises(TagError):
        notes.edit(annotation.id, add_tags=[" "])


def test_delete_returns_what_restore_puts_back(
    archive: Archive, notes: Annotations, article: int
) -> None:
    annotation = notes.add(article, quote="Meta said", label="claim", note="why", tags=["x"])
    deleted = notes.delete(annotation.id)
    assert deleted == annotation
    assert notes.for_article(article) == []
    assert found_ids(archive, "note:why") == []
    assert found_ids(archive, "tag:x") == []
    notes.delete_label("claim")
    restored = notes.restore(deleted)
    assert restored.id == annotation.id
    assert (restored.quote, restored.note, restored.tags) == ("Meta said", "why", ["x"])
    assert (restored.label, restored.color) == ("claim", annotation.color)
    assert found_ids(archive, "note:why") == [article]
    with pytest.raises(AnnotationNotFound):
        notes.delete(99999)


# Listing across the library


def test_list_filters(archive: Archive, notes: Annotations, article: int, tmp_path: Path) -> None:
    other = import_page(archive, tmp_path, "second", PARAGRAPHS[1:])
    a = notes.add(article, quote="Meta said", label="claim", tags=["attribution"])
    b = notes.add(article, quote="TV-Novosti", label="evidence")
    c = notes.add(other, quote="news outlets", label="claim", tags=["Attribution"])
    ids = lambda found: [x.id for x in found]  # noqa: E731
    assert ids(notes.list()) == [a.id, b.id, c.id]
    assert ids(notes.list(tag="ATTRIBUTION")) == [a.id, c.id]
    assert ids(notes.list(label="claim")) == [a.id, c.id]
    assert ids(notes.list(label="claim", article_id=other)) == [c.id]
    assert ids(notes.list(orphaned=True)) == []
    assert ids(notes.for_article(article)) == [a.id, b.id]
    listed = notes.list(article_id=other)[0]
    assert listed.article_title.startswith("Second report")
    # Entities come from the entity manager; a mention row is all the filter reads.
    db = archive._handle.storage.db
    with archive._handle.storage.transaction():
        db.execute(
            "INSERT INTO entities (id, name, type, created_at) VALUES (1, 'Meta', 'organisation',"
            " '2024-01-01')"
        )
        db.execute("INSERT INTO aliases (entity_id, text) VALUES (1, 'Facebook')")
        db.execute(
            "INSERT INTO mentions (article_id, entity_id, start, end, source)"
            " VALUES (?, 1, 0, 4, 'found')",
            [article],
        )
    assert ids(notes.list(entity=1)) == [a.id, b.id]
    assert ids(notes.list(entity="facebook")) == [a.id, b.id]
    assert ids(notes.list(entity="Nobody")) == []
    db.execute("UPDATE mentions SET rejected = 1")
    assert ids(notes.list(entity="Meta")) == []


# Re-anchoring after a re-extraction


def test_reanchor_moves_fuzzes_and_orphans_never_drops(
    archive: Archive, notes: Annotations, article: int
) -> None:
    old = archive.get(article).text
    same = notes.add(article, quote="Meta said on Tuesday")
    moving = notes.add(article, quote="first public attribution")
    fuzzy = notes.add(article, quote="spent about 40,000 dollars on advertising")
    gone = notes.add(article, quote="limited what could be learned", note="keep me")
    new = (
        old.replace("spent about 40,000", "spent about 45,000")
        .replace(" which limited what could be learned about their reach", "")
        .replace("Researchers who", "Independent researchers who")
    )
    set_text(archive, article, new)
    report = notes.reanchor(article, old, new)
    assert report.kept == [same.id]
    assert report.moved == [moving.id]
    assert report.fuzzy == [fuzzy.id]
    assert report.orphaned == [gone.id]
    placed = {x.id: x for x in notes.for_article(article)}
    assert placed[moving.id].start == new.index("first public attribution")
    assert placed[fuzzy.id].quote == "spent about 45,000 dollars on advertising"
    orphan = placed[gone.id]
    assert orphan.orphaned and orphan.quote == gone.quote and orphan.note == "keep me"
    assert [x.id for x in notes.list(orphaned=True)] == [gone.id]
    # When the text comes back, so does the orphan.
    set_text(archive, article, old)
    report = notes.reanchor(article, new, old)
    assert report.reattached == [gone.id]
    assert report.orphaned == []
    back = notes.get(gone.id)
    assert (back.start, back.end, back.orphaned) == (gone.start, gone.end, False)
    assert notes.get(fuzzy.id).quote == fuzzy.quote


def test_reanchor_inside_the_callers_transaction_rolls_back_with_it(
    archive: Archive, notes: Annotations, article: int
) -> None:
    old = archive.get(article).text
    gone = notes.add(article, quote="Meta said on Tuesday")
    storage = archive._handle.storage
    with pytest.raises(RuntimeError), archive._handle.lock, storage.transaction():
        storage.db.execute("UPDATE articles SET text = 'nothing' WHERE id = ?", [article])
        assert notes.reanchor(article, old, "nothing").orphaned == [gone.id]
        raise RuntimeError("the re-extraction failed")
    assert not notes.get(gone.id).orphaned
    assert archive.get(article).text == old


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, int]]:
    """One library for the property tests that go through the database."""
    folder = tmp_path_factory.mktemp("property-library")
    opened = Archive.open(folder / "library")
    article_id = import_page(opened, folder, "shared", PARAGRAPHS)
    yield opened, article_id
    opened.close()


@settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_property_reanchoring_never_drops_a_highlight(
    shared: tuple[Archive, int], data: st.DataObject
) -> None:
    # Hypothesis seeds the global random generator alike for every example, and
    # Whoosh names its segments with it: the same names again break its commit.
    random.seed(os.urandom(16))
    archive, article_id = shared
    notes = Annotations(archive._handle)
    for annotation in notes.for_article(article_id):
        notes.delete(annotation.id)
    old = data.draw(texts(min_words=20), label="old text")
    set_text(archive, article_id, old)
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(old) - 1), st.integers(1, 60)), max_size=6),
        label="highlights",
    )
    made = []
    for start, length in spans:
        end = min(len(old), start + length)
        if old[start:end].strip():
            made.append(notes.add(article_id, start, end))
    new = data.draw(st.one_of(texts(min_words=0), st.just(old)), label="new text")
    set_text(archive, article_id, new)
    report = notes.reanchor(article_id, old, new)
    after = {x.id: x for x in notes.for_article(article_id)}
    assert set(after) == {x.id for x in made}
    assert sorted(report.kept + report.moved + report.fuzzy + report.orphaned) == sorted(after)
    for annotation in after.values():
        if annotation.orphaned:
            assert annotation.quote == next(x.quote for x in made if x.id == annotation.id)
        else:
            assert new[annotation.start : annotation.end] == annotation.quote
    if new == old:
        assert not report.orphaned
        assert all((x.start, x.end) == (after[x.id].start, after[x.id].end) for x in made)


def test_reextraction_places_highlights_again(archive: Archive, tmp_path: Path) -> None:
    page = tmp_path / "moving.html"
    body = "".join(f"<p>Paragraph {n} says something about the archive.</p>" for n in range(8))
    page.write_text(
        f"<html><head><title>Moving text</title></head><body><article><h1>Moving text</h1>"
        f"<p>The decisive sentence is this one.</p>{body}</article></body></html>",
        encoding="utf-8",
    )
    (result,) = archive.import_paths([page])
    highlight = archive.annotations.add(result.article_id, quote="decisive sentence")
    # Pretend the old extractor had put a line before it.
    old = archive.get(result.article_id).text
    archive._storage.db.execute(
        "UPDATE articles SET text = ? WHERE id = ?", ["Intro line.\n\n" + old, result.article_id]
    )
    archive._storage.db.execute(
        "UPDATE annotations SET start = start + 13, end = end + 13 WHERE id = ?", [highlight.id]
    )
    list(archive.reextract([result.article_id]))
    placed = archive.annotations.get(highlight.id)
    text = archive.get(result.article_id).text
    assert not placed.orphaned
    assert text[placed.start : placed.end] == "decisive sentence"
