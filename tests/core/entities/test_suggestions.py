"""Suggestions: names that look like entities, dismissal, real pages."""

from __future__ import annotations

import pytest

from archive_reader.core.entities.catalog import EntityCatalog
from tests.conftest import SAVED_PAGES
from tests.core.entities.helpers import add_page, found_ids, page


def test_suggestions_dismissal_is_remembered(archive, tmp_path) -> None:
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Brussels",
            [
                "The European Commission asked Meta about NATO. Officials at the European"
                " Commission met Brussels officials.",
                "However, Brussels said the Bank of England and the Kremlin disagreed; the"
                " Kremlin said so twice. Новое заявление сделал Дмитрий Песков.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    catalog.add("Meta", "organisation")
    found = {s.name: s for s in catalog.suggest(article)}
    assert found["European Commission"].count == 2
    assert found["European Commission"].kind == "sequence"
    assert found["NATO"].kind == "acronym"
    assert found["Kremlin"].count == 2
    assert found["Bank of England"].kind == "sequence"
    assert found["Дмитрий Песков"].kind == "sequence"
    assert "Meta" not in found  # already in the catalogue
    assert "However" not in found and "The European Commission" not in found
    assert "Officials" not in found  # its lower-case form is in the text

    catalog.dismiss("kremlin")
    entity = catalog.accept("European Commission", "organisation")
    assert entity.mention_count == 2
    again = {s.name for s in catalog.suggest(article)}
    assert "Kremlin" not in again and "European Commission" not in again
    assert catalog.dismissed() == ["kremlin"]
    catalog.undismiss("Kremlin")
    assert "Kremlin" in {s.name for s in catalog.suggest(article)}
    assert len(catalog.suggest(article, limit=2)) == 2


@pytest.mark.skipif(
    not (SAVED_PAGES / "manifest.json").is_file(),
    reason="../shared/fixtures/saved-pages is not beside this checkout",
)
def test_real_pages(archive) -> None:
    results = archive.import_paths(
        [
            SAVED_PAGES / "mhtml" / "en-bbc-assange-sweden.mhtml",
            SAVED_PAGES / "mhtml" / "ru-vsediety-atkins.mhtml",
        ]
    )
    bbc, diet = (r.article_id for r in results)
    catalog = EntityCatalog(archive._handle)
    suggested = {s.name: s for s in catalog.suggest(bbc)}
    assert suggested["Assange"].count >= 5
    assert "Julian Assange" in suggested and "Sweden" in suggested
    assert "Аткинса" in {s.name for s in catalog.suggest(diet)}

    assange = catalog.accept("Julian Assange", "person")
    catalog.add_alias(assange.id, "Assange")
    sweden = catalog.add("Sweden", "place")
    catalog.add("Аткинс", "person", ["Аткинса"])
    assert catalog.get(assange.id).mention_count >= 9
    assert found_ids(archive, "entity:Assange") == {bbc}
    assert found_ids(archive, "entity:Аткинса") == {diet}
    pairs = catalog.cooccurrences(assange.id)
    assert pairs[0].entity_id == sweden.id and pairs[0].paragraphs >= 1
    assert "Sweden" in pairs[0].passages[0].text
    text = archive.get(bbc).text
    for mention in catalog.mentions(article_id=bbc):
        assert text[mention.start : mention.end] == mention.text
