"""The highlights CSV and the mentions CSV."""

from __future__ import annotations

from pathlib import Path

from archive_reader.core.export.tables import ANNOTATION_COLUMNS, MENTION_COLUMNS
from tests.core.export.helpers import Library, everything, exporter, read_csv


def test_annotations_csv(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    report = exporter(library).export("csv", everything(library), tmp_path / "notes.csv")
    rows = read_csv(report.paths[0].read_bytes())
    assert list(rows[0]) == list(ANNOTATION_COLUMNS)
    assert len(rows) == 5 == report.annotations
    row = next(r for r in rows if r["annotation_id"] == str(library.h1))  # type: ignore[attr-defined]
    stored = library.archive.get(a)
    assert row["quote"] == "Rossiya Segodnya, the agency behind RIA Novosti"
    assert row["note"] == "first public attribution,\nsee also the March report"
    assert row["label"] == "Evidence"
    assert row["tags"] == "attribution; state media"
    assert row["entities"] == "Rossiya Segodnya; RIA Novosti"
    assert row["article_id"] == str(a)
    assert row["original_sha256"] == stored.original_sha256
    assert row["captured"] == "2024-03-13T08:00:00+00:00"
    assert row["imported"] == stored.imported_at
    assert row["site"] == "The Valley Courier"
    assert row["citation"].startswith('Jane Q. Public; Reuters, "Platform')
    orphan = next(r for r in rows if r["annotation_id"] == str(library.h4))  # type: ignore[attr-defined]
    assert orphan["orphaned"] == "1"


def test_mentions_csv(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    rows = read_csv(
        ex.export("mentions-csv", everything(library), tmp_path / "m.csv").paths[0].read_bytes()
    )
    assert list(rows[0]) == list(MENTION_COLUMNS)
    assert len(rows) == 7  # 3 + 3 + Berlin in b; the rejected one is left out
    berlin = next(r for r in rows if r["entity"] == "Berlin")
    assert berlin["type"] == "place" and berlin["matched"] == "Berlin"
    assert berlin["article_id"] == str(b) and berlin["source"] == "found"
    assert berlin["context"] == (
        "Jane Doe, who leads the research group in Berlin, called it the first public attribution."
    )
    text = library.text(b)
    assert text[int(berlin["start"]) : int(berlin["end"])] == "Berlin"
    only = read_csv(
        ex.export("mentions-csv", ex.select(entity="RS"), tmp_path / "rs.csv").paths[0].read_bytes()
    )
    assert {r["entity"] for r in only} == {"Rossiya Segodnya"} and len(only) == 2
