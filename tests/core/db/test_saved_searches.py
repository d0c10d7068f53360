"""Saved searches: typed rows, and what a run found."""

from __future__ import annotations

import numpy as np

from archive_reader.core.db import saved_searches
from archive_reader.core.db.saved_searches import SavedSearchRow
from archive_reader.core.db.storage import Storage


def test_a_saved_search_round_trip(storage: Storage) -> None:
    db = storage.db
    with storage.transaction():
        saved_searches.save(db, "council", "council budget")
    row = saved_searches.saved_search(db, "Council")  # names ignore letter case
    assert isinstance(row, SavedSearchRow)
    assert (row.name, row.query, row.last_run_at, row.found_last()) == (
        "council",
        "council budget",
        None,
        None,
    )
    with storage.transaction():
        saved_searches.record_run(db, "council", np.array([3, 1, 2]))
    row = saved_searches.saved_search(db, "council")
    assert row is not None and row.last_run_at is not None
    found = row.found_last()
    assert found is not None and found.tolist() == [3, 1, 2]
    with storage.transaction():
        saved_searches.save(db, "council", "council")  # a new query forgets the last run
    assert [(r.name, r.query, r.last_ids) for r in saved_searches.saved_searches(db)] == [
        ("council", "council", None)
    ]
    with storage.transaction():
        assert saved_searches.delete(db, "council")
        assert not saved_searches.delete(db, "council")
    assert saved_searches.saved_search(db, "council") is None
