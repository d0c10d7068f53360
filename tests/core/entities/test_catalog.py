"""The catalogue: tagging, renames, merges, deletion, types."""

from __future__ import annotations

import pytest

from archive_reader.core.entities.catalog import EntityCatalog
from archive_reader.core.entities.models import EntityError, EntityNotFound
from tests.core.entities.helpers import add_page, found_ids, page, texts


def test_tag_a_passage_creates_an_entity_or_an_alias(archive, tmp_path) -> None:
    one = add_page(
        archive,
        tmp_path,
        "one",
        page("Outlets", ["The Internet Research Agency ran pages; the IRA denied it."]),
    )
    two = add_page(archive, tmp_path, "two", page("Again", ["The IRA and the Agency were named."]))
    catalog = EntityCatalog(archive._handle)
    text = archive.get(one).text
    start = text.index("Internet Research Agency")
    mention = catalog.tag(
        one, start - 1, start + len("Internet Research Agency") + 1, type="organisation"
    )
    assert mention.text == "Internet Research Agency" and mention.source == "manual"
    agency = catalog.find("Internet Research Agency")
    start = text.index("IRA")
    alias_mention = catalog.tag(one, start, start + 3, entity_id=agency.id)
    assert alias_mention.entity_id == agency.id
    assert texts(catalog, two, agency.id) == ["IRA"]
    assert catalog.get(agency.id).other_names == ["IRA"]
    with pytest.raises(EntityError):
        catalog.tag(one, 0, 5)
    with pytest.raises(EntityError):
        catalog.tag(one, 10, 10_000, type="person")


def test_rename_merge_delete(archive, tmp_path) -> None:
    article = add_page(
        archive,
        tmp_path,
        "a",
        page(
            "Outlets",
            [
                "TV-Novosti runs RT. Russia Today and RT are the same outlet.",
                "Russia Today broadcasts from Moscow.",
            ],
        ),
    )
    catalog = EntityCatalog(archive._handle)
    rt = catalog.add("RT", "organisation")
    long_name = catalog.add("Russia Today", "organisation", notes="the old name")
    russia = catalog.add("Russia", "place")
    parent = catalog.add("TV-Novosti", "organisation")
    assert catalog.mentions(article_id=article, entity_id=russia.id) == []
    # A manual mention of the source at the place of a found one of the target stays one.
    text = archive.get(article).text
    at = text.index("RT")
    catalog.add_mention(article, long_name.id, at, at + 2)

    merged = catalog.merge(long_name.id, rt.id)
    assert {a.text for a in merged.aliases} == {"RT", "Russia Today"}
    assert merged.notes == "the old name"
    assert [(m.text, m.source) for m in catalog.mentions(article_id=article)] == [
        ("TV-Novosti", "found"),
        ("RT", "manual"),
        ("Russia Today", "found"),
        ("RT", "found"),
        ("Russia Today", "found"),
    ]
    with pytest.raises(EntityNotFound):
        catalog.get(long_name.id)
    assert found_ids(archive, 'entity:"Russia Today"') == {article}

    renamed = catalog.rename(rt.id, "RT (Russia Today)")
    assert renamed.name == "RT (Russia Today)"
    assert {"RT", "Russia Today"} <= set(renamed.other_names)
    assert renamed.mention_count == 4
    fixed = catalog.rename(parent.id, "TV Novosti", keep_old_name=False)
    assert fixed.mention_count == 0 and fixed.aliases[0].text == "TV Novosti"

    catalog.delete(rt.id)
    assert found_ids(archive, "entity:RT") == set()
    # "Russia" was covered by the longer "Russia Today": it is found now.
    assert texts(catalog, article, russia.id) == ["Russia", "Russia"]
    with pytest.raises(EntityError):
        catalog.merge(russia.id, russia.id)


def test_types_and_errors(archive) -> None:
    catalog = EntityCatalog(archive._handle)
    assert catalog.types()[:4] == ["person", "organisation", "place", "event"]
    assert catalog.add_type(" weapon  system ") == "weapon system"
    entity = catalog.add("Iskander", "Weapon System")
    assert entity.type == "weapon system"
    with pytest.raises(EntityError, match="no entity type"):
        catalog.add("Nobody", "animal")
    with pytest.raises(EntityError):
        catalog.delete_type("weapon system")
    with pytest.raises(EntityError):
        catalog.delete_type("person")
    with pytest.raises(EntityError):
        catalog.add("   ", "person")
    with pytest.raises(EntityNotFound):
        catalog.find("nobody at all")
