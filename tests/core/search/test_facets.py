"""Facet counts of a result, and the keys that narrow it."""

from __future__ import annotations


def test_facets(library) -> None:
    archive, _ = library
    facets = archive.facets("budget")
    assert dict((f.value, f.count) for f in facets["year"]) == {"2024": 1, "2022": 1, "2019": 1}
    assert {f.value for f in facets["site"]} == {"Harbour Ledger", "Baltic Wire", "Valley Courier"}
    assert facets["lang"][0].value == "en" and facets["lang"][0].count == 3
    narrowed = archive.search(f"budget {facets['site'][0].key}")
    assert len(narrowed) == 1
