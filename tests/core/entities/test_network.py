"""Co-occurrence: counts, evidence passages and filters; articles per entity."""

from __future__ import annotations

from archive_reader.core.entities.catalog import EntityCatalog
from tests.core.entities.helpers import add_page, found_ids, page


def test_cooccurrence_counts_passages_and_filters(archive, tmp_path) -> None:
    one = add_page(
        archive,
        tmp_path,
        "one",
        page(
            "Bans",
            [
                "TikTok removed accounts of Rossiya Segodnya and Sputnik.",
                "Meta did the same later. Sputnik objected.",
            ],
            date="2023-03-01",
            site="Courier",
        ),
    )
    two = add_page(
        archive,
        tmp_path,
        "two",
        page(
            "More bans",
            ["Rossiya Segodnya was named again.", "TikTok said nothing this time."],
            date="2024-06-01",
            site="Herald",
        ),
    )
    db = archive._storage.db
    with archive._storage.transaction():
        tag_id = db.execute("INSERT INTO tags (name) VALUES ('platforms')").lastrowid
        db.execute("INSERT INTO article_tags VALUES (?, ?)", [two, tag_id])
    catalog = EntityCatalog(archive._handle)
    segodnya = catalog.add("Rossiya Segodnya", "organisation")
    tiktok = catalog.add("TikTok", "organisation")
    sputnik = catalog.add("Sputnik", "organisation")
    meta = catalog.add("Meta", "organisation")

    pairs = {p.name: p for p in catalog.cooccurrences(segodnya.id)}
    assert (pairs["TikTok"].articles, pairs["TikTok"].paragraphs) == (2, 1)
    assert (pairs["Sputnik"].articles, pairs["Sputnik"].paragraphs) == (1, 1)
    assert (pairs["Meta"].articles, pairs["Meta"].paragraphs) == (1, 0)
    assert pairs["TikTok"].article_ids == [one, two]
    (passage,) = pairs["TikTok"].passages
    assert passage.article_id == one and passage.published == "2023-03-01"
    assert passage.text == "TikTok removed accounts of Rossiya Segodnya and Sputnik."
    assert pairs["Meta"].passages == []

    assert [p.name for p in catalog.cooccurrences(segodnya.id, since="2024")] == ["TikTok"]
    assert {p.name for p in catalog.cooccurrences(segodnya.id, until="2023")} == {
        "TikTok",
        "Sputnik",
        "Meta",
    }
    assert [p.article_ids for p in catalog.cooccurrences(segodnya.id, site="herald")] == [[two]]
    assert [p.article_ids for p in catalog.cooccurrences(segodnya.id, tag="platforms")] == [[two]]
    assert catalog.cooccurrences(segodnya.id, since="2025") == []
    assert {p.name for p in catalog.cooccurrences(sputnik.id)} == {
        "Rossiya Segodnya",
        "TikTok",
        "Meta",
    }
    assert catalog.cooccurrences(tiktok.id, passages=0)[0].passages == []
    assert [a.article_id for a in catalog.articles(segodnya.id)] == [two, one]
    assert catalog.get(meta.id).first_date == "2023-03-01"
    assert catalog.get(segodnya.id).last_date == "2024-06-01"
    assert found_ids(archive, 'entity:"Rossiya Segodnya" entity:TikTok date:2024') == {two}
