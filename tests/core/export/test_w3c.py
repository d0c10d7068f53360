"""W3C Web Annotation: structure, and the conformance suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.export.helpers import Library, everything, exporter, needs_conformance, validate


def test_w3c_structure(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    data = json.loads(ex.render("w3c", everything(library)))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    items = data["first"]["items"]
    assert data["first"]["type"] == "AnnotationPage"
    by_id = {item["archiveReader"]["annotation_id"]: item for item in items}
    h1 = by_id[library.h1]  # type: ignore[attr-defined]
    assert h1["id"].startswith("urn:uuid:") and h1["type"] == "Annotation"
    purposes = [(body["purpose"], body["value"]) for body in h1["body"]]
    assert purposes == [
        ("commenting", "first public attribution,\nsee also the March report"),
        ("classifying", "Evidence"),
        ("tagging", "attribution"),
        ("tagging", "state media"),
        ("identifying", "Rossiya Segodnya"),
        ("identifying", "RIA Novosti"),
    ]
    target = h1["target"]
    assert target["source"] == "https://news.example/2024/03/12/accounts"
    quote, position = target["selector"]
    text = library.text(a)
    assert quote["exact"] == text[position["start"] : position["end"]]
    assert text[: position["start"]].endswith(quote["prefix"])
    sha = library.archive.get(a).original_sha256
    assert target["state"] == {
        "type": "TimeState",
        "cached": f"urn:sha256:{sha}",
        "sourceDate": "2024-03-13T08:00:00Z",
    }
    assert h1["archiveReader"]["original_sha256"] == sha
    assert h1["archiveReader"]["article_id"] == a
    no_url = by_id[library.h5]  # type: ignore[attr-defined]
    assert no_url["target"]["source"].startswith("urn:sha256:")
    assert "body" not in no_url
    orphan = by_id[library.h4]  # type: ignore[attr-defined]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    again = json.loads(ex.render("w3c", everything(library)))
    assert [i["id"] for i in again["first"]["items"]] == [i["id"] for i in items]
    assert len({i["id"] for i in items}) == 5


def test_w3c_passes_the_conformance_suite(library: Library, tmp_path: Path) -> None:
    needs_conformance()
    path = exporter(library).export("w3c", everything(library), tmp_path / "a.jsonld").paths[0]
    result = validate("validate_annotations.py", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed, 0 failed" in result.stdout


def test_w3c_provenance_survives_json_ld_expansion(library: Library) -> None:
    """A JSON-LD processor (pyld) keeps the archiveReader block: it is in our context."""
    jsonld = pytest.importorskip("pyld.jsonld")
    data = json.loads(exporter(library).render("w3c", everything(library)))

    def offline(url: str, options: object = None) -> dict[str, object]:
        # No network here: the W3C context stands in as the few terms the path to the
        # annotations needs (ids, types, the collection's first page and its items).
        assert url == "http://www.w3.org/ns/anno.jsonld", url
        streams = "http://www.w3.org/ns/activitystreams#"
        document = {
            "@context": {
                "id": "@id",
                "type": "@type",
                "first": {"@id": streams + "first"},
                "items": {"@id": streams + "items", "@container": "@list"},
            }
        }
        return {"contextUrl": None, "documentUrl": url, "document": document}

    expanded = jsonld.expand(data, {"documentLoader": offline})
    text = json.dumps(expanded)
    vocabulary = "urn:archive-reader:vocab:"
    for item in data["first"]["items"]:
        sha = item["archiveReader"]["original_sha256"]
        assert sha in text
    assert f"{vocabulary}original_sha256" in text and f"{vocabulary}article_id" in text
    assert f"{vocabulary}provenance" in text
    # Without our context a processor drops the block (what the test guards against).
    bare = dict(data, **{"@context": "http://www.w3.org/ns/anno.jsonld"})
    assert f"{vocabulary}article_id" not in json.dumps(
        jsonld.expand(bare, {"documentLoader": offline})
    )
