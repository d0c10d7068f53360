"""Mentions: rejected and manual ones through scans, new articles, re-extraction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive_reader import Archive
from archive_reader.core.entities.catalog import EntityCatalog
from archive_reader.core.errors import ArchiveError
from tests.core.entities.helpers import add_page, found_ids, page, texts


def apple_article(archive: Archive, tmp_path: Path) -> tuple[int, EntityCatalog, Any]:
    """An article where "Apple" is the company once and the fruit once, and the entity."""
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Apple",
            [
                "Apple said the ban was fair. She ate an apple at the hearing.",
                "The company later said more.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    return article, catalog, catalog.add("Apple", "organisation")


def test_rejected_stays_rejected_and_manual_is_kept(archive, tmp_path) -> None:
    article, catalog, apple = apple_article(archive, tmp_path)
    wrong = next(m for m in catalog.mentions(article_id=article) if m.text == "apple")
    catalog.reject(wrong.id)
    text = archive.get(article).text
    start = text.index("The company")
    manual = catalog.add_mention(article, apple.id, start, start + len("The company"))
    assert manual.source == "manual"

    for _ in range(2):
        catalog.scan_articles()
        catalog.scan_articles([article])
    catalog.add_alias(apple.id, "Apple Inc.")  # rescans where the new alias may appear
    live = catalog.mentions(article_id=article)
    assert [(m.text, m.source) for m in live] == [("Apple", "found"), ("The company", "manual")]
    every = catalog.mentions(article_id=article, include_rejected=True)
    assert [m.text for m in every if m.rejected] == ["apple"]
    assert catalog.mention(wrong.id).rejected

    restored = catalog.restore(wrong.id)
    assert not restored.rejected
    assert len(catalog.mentions(article_id=article)) == 3

    # Removing a manual mention removes it for good; a found one comes back at a scan.
    catalog.remove_mention(manual.id)
    catalog.remove_mention(wrong.id)
    assert [m.text for m in catalog.mentions(article_id=article)] == ["Apple"]
    catalog.scan_articles([article])
    assert [m.text for m in catalog.mentions(article_id=article)] == ["Apple", "apple"]
    with pytest.raises(ArchiveError):
        catalog.remove_mention(10**9)


def test_new_article_gets_mentions_and_is_searchable(archive, tmp_path) -> None:
    catalog = EntityCatalog(archive._handle)
    entity = catalog.add("Rossiya Segodnya", "organisation", ["RIA Novosti", "Россия Сегодня"])
    first = add_page(
        archive, tmp_path, "one", page("Agency", ["RIA Novosti published the statement."])
    )
    # The import finds the mentions of known entities by itself.
    assert texts(catalog, first) == ["RIA Novosti"]
    catalog.scan_articles([first])
    assert texts(catalog, first) == ["RIA Novosti"]
    assert found_ids(archive, 'entity:"Rossiya Segodnya"') == {first}
    assert found_ids(archive, 'entity:"RIA Novosti"') == {first}
    assert found_ids(archive, 'entity:"Россия Сегодня"') == {first}
    assert catalog.get(entity.id).article_count == 1


def test_marked_and_rejected_mentions_follow_their_words_through_reextraction(
    archive, tmp_path
) -> None:
    article, catalog, apple = apple_article(archive, tmp_path)
    new_text = archive.get(article).text
    # As if an older extractor had kept one more paragraph at the top: every
    # offset stored so far is on that longer text.
    extra = "An older extractor kept this paragraph about the hearing.\n\n"
    old_text = extra + new_text
    db = archive._storage.db
    db.execute("UPDATE articles SET text = ? WHERE id = ?", [old_text, article])
    db.execute(
        "UPDATE mentions SET start = start + ?, end = end + ? WHERE article_id = ?",
        [len(extra), len(extra), article],
    )
    wrong = next(m for m in catalog.mentions(article_id=article) if m.text == "apple")
    catalog.reject(wrong.id)
    at = old_text.index("The company")
    manual = catalog.add_mention(article, apple.id, at, at + len("The company"))
    at = old_text.index("older extractor")
    gone = catalog.add_mention(article, apple.id, at, at + len("older extractor"))

    for _ in archive.reextract([article]):
        pass

    assert archive.get(article).text == new_text
    moved = catalog.mention(manual.id)
    assert (moved.start, moved.text, moved.source) == (
        new_text.index("The company"),
        "The company",
        "manual",
    )
    rejected = catalog.mention(wrong.id)
    assert (rejected.start, rejected.text, rejected.rejected) == (
        new_text.index("apple"),
        "apple",
        True,
    )
    # The mention on the dropped paragraph is gone with its words.
    every = catalog.mentions(article_id=article, include_rejected=True)
    assert sorted((m.text, m.source, m.rejected) for m in every) == [
        ("Apple", "found", False),
        ("The company", "manual", False),
        ("apple", "found", True),
    ]
    assert gone.text == "older extractor"
