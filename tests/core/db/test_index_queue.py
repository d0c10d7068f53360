"""The index queue and the typed rows the index is written from."""

from __future__ import annotations

from archive_reader.core.db import index_queue
from archive_reader.core.db.index_queue import IndexRow
from archive_reader.core.db.storage import Storage
from tests.core.db.conftest import add, new_article


def test_index_rows_gather_tags_entities_labels_and_notes(storage: Storage, original: str) -> None:
    first = add(storage, new_article(original, 1))
    second = add(storage, new_article(original, 2))
    db = storage.db
    with storage.transaction():
        db.execute("UPDATE articles SET note = 'my note' WHERE id = ?", [first])
        db.execute("INSERT INTO tags (id, name) VALUES (1, 'coast')")
        db.execute("INSERT INTO article_tags VALUES (?, 1)", [first])
        db.execute(
            "INSERT INTO entities (id, name, type, created_at) VALUES (7, 'Ann', 'person', 'x')"
        )
        db.execute(
            "INSERT INTO mentions (article_id, entity_id, start, end, source)"
            " VALUES (?, 7, 0, 3, 'found')",
            [first],
        )
        db.execute("INSERT INTO labels (id, name, color) VALUES (1, 'quote', '#fff')")
        db.execute(
            "INSERT INTO annotations (article_id, label_id, quote, prefix, suffix, start, end,"
            " note, created_at, updated_at) VALUES (?, 1, 'The', '', '', 0, 3, 'a highlight',"
            " 'x', 'x')",
            [first],
        )
    rows = index_queue.index_rows(db, [second, 999, first])
    assert [row.id for row in rows] == [second, first]
    assert isinstance(rows[1], IndexRow)
    assert rows[1].tags == ["coast"]
    assert rows[1].entities == [7]
    assert rows[1].labels == ["quote"]
    assert rows[1].notes == ["my note", "a highlight"]
    assert (rows[0].tags, rows[0].entities, rows[0].labels, rows[0].notes) == ([], [], [], [])
    assert [len(batch) for batch in index_queue.iter_index_rows(db, batch=1)] == [1, 1]


def test_a_mark_written_again_is_not_cleared(storage: Storage, original: str) -> None:
    article_id = add(storage, new_article(original, 1))
    seen = index_queue.pending_marks(storage.db)
    with storage.transaction():
        storage.queue_for_index([article_id])  # marked again meanwhile
        index_queue.clear_marks(storage.db, seen)
    assert storage.pending_index() == [article_id]
    with storage.transaction():
        index_queue.clear_pending(storage.db, [article_id])
    assert storage.pending_index() == [] and index_queue.count_pending(storage.db) == 0
