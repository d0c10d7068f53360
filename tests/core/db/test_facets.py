"""Counts over the library: the overview and the stats come back typed."""

from __future__ import annotations

from archive_reader.core.db import facets
from archive_reader.core.db.facets import LibraryStats
from archive_reader.core.db.schema import SCHEMA_VERSION
from archive_reader.core.db.storage import Storage
from archive_reader.core.models import LibraryOverview
from tests.core.db.conftest import add, new_article


def test_overview_stats_and_facet_rows(storage: Storage, original: str) -> None:
    add(storage, new_article(original, 1, language="en-GB", published="2021-05-01"))
    add(storage, new_article(original, 2, language="en", site_name=None))
    overview = facets.overview(storage.db.conn)
    assert isinstance(overview, LibraryOverview)
    assert (overview.articles, overview.sites, overview.languages) == (
        2,
        [("Example", 1)],
        [("en", 2)],
    )
    stats = facets.stats(storage.db.conn)
    assert stats == LibraryStats(
        articles=2,
        sites=1,
        languages={"en": 2},
        formats={"warc": 2},
        originals=1,
        originals_bytes=len(b"a saved page"),
        words=18,
        pending_index=2,
        schema_version=SCHEMA_VERSION,
    )
    rows = facets.facet_rows(storage.db.conn)
    assert sorted(rows["articles"]) == [(1, "Example", "en-GB", "2021"), (2, None, "en", None)]
    assert rows["tags"] == [] and rows["entities"] == []
