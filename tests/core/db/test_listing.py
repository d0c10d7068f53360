"""The article list: rows as ArticleSummary, filters, counts."""

from __future__ import annotations

import pytest

from archive_reader.core.db import listing
from archive_reader.core.db.storage import Storage
from archive_reader.core.models import ArticleSummary
from tests.core.db.conftest import add, new_article


def test_summaries_are_typed_with_tags_and_note_counts(storage: Storage, original: str) -> None:
    first = add(storage, new_article(original, 1, site_name="Bravo"))
    second = add(storage, new_article(original, 2, site_name="Alpha"))
    with storage.transaction():
        storage.db.execute("UPDATE articles SET note = 'n' WHERE id = ?", [first])
        storage.db.execute("INSERT INTO tags (id, name) VALUES (1, 'b'), (2, 'A')")
        storage.db.execute("INSERT INTO article_tags VALUES (?, 1), (?, 2)", [first, first])
    rows = listing.summaries(storage.db, 0, None, "site")
    assert all(isinstance(row, ArticleSummary) for row in rows)
    assert [row.id for row in rows] == [second, first]
    assert (rows[1].tags, rows[1].notes, rows[0].tags, rows[0].notes) == (["A", "b"], 1, [], 0)
    where = listing.filter_sql(tag="B")
    assert [row.id for row in listing.summaries(storage.db, 0, 10, "id", where=where)] == [first]
    assert listing.count_where(storage.db, where) == 1
    assert listing.count_where(storage.db, listing.filter_sql(ids=[second, 999])) == 1
    assert listing.summaries(storage.db, 5, 10, "id") == []


def test_an_unknown_order_is_refused(storage: Storage) -> None:
    with pytest.raises(ValueError, match="unknown order"):
        listing.summaries(storage.db, 0, None, "colour")
