"""The exporter: empty selections, the export command, every format on real saved pages."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from archive_reader import Archive
from archive_reader.cli import export as cli_export
from archive_reader.core.errors import ArchiveError
from archive_reader.core.export.exporter import FORMATS, Exporter
from archive_reader.core.export.selection import NothingToExport
from tests.core.export.helpers import (
    CONFORMANCE,
    SAVED_PAGES,
    Library,
    exporter,
    read_csv,
    validate,
)

# Nothing to export


def test_empty_selection_says_so_and_writes_nothing(library: Library, tmp_path: Path) -> None:
    ex = exporter(library)
    empty = ex.select(query="zebra")
    for format in FORMATS:
        with pytest.raises(NothingToExport, match="no article matches search 'zebra'"):
            ex.export(format, empty, tmp_path / "out" / f"x.{format}")
    assert not (tmp_path / "out").exists()
    c = library.ids[2]  # type: ignore[attr-defined]
    with pytest.raises(NothingToExport, match="mention no entity"):
        ex.render("gexf", ex.select(article_ids=[c]))


def test_an_empty_library_has_nothing_to_export(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "empty") as archive:
        ex = Exporter(archive._handle)
        with pytest.raises(NothingToExport, match="whole library"):
            ex.render("markdown", ex.select())


# Command line


def run_cli(archive: Archive, *argv: str) -> int | None:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="archive-reader")
    commands = parser.add_subparsers(dest="command")
    cli_export.add_parsers(commands, library)
    return cli_export.run(archive, parser.parse_args(list(argv)))


def test_cli_writes_to_stdout_and_files(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = library.ids[0]  # type: ignore[attr-defined]
    assert run_cli(library.archive, "export", "ris", "--article", str(a)) == 0
    assert capsys.readouterr().out.startswith("TY  - NEWS")
    target = tmp_path / "x.csv"
    assert (
        run_cli(
            library.archive, "export", "csv", "--tag", "attribution", "-o", str(target), "--json"
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["annotations"] == 2 and report["paths"] == [str(target)]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert (
        run_cli(library.archive, "export", "markdown", "--entity", "RS", "-o", str(tmp_path / "md"))
        == 0
    )
    assert "as markdown to 2 files in" in capsys.readouterr().out
    assert (
        run_cli(library.archive, "export", "csv", "--query", "zebra", "-o", str(tmp_path / "z.csv"))
        == 1
    )
    assert "no article matches search 'zebra'" in capsys.readouterr().err
    assert not (tmp_path / "z.csv").exists()
    with pytest.raises(ArchiveError, match="no tag"):
        run_cli(library.archive, "export", "csv", "--tag", "nope")
    with pytest.raises(SystemExit):
        run_cli(library.archive, "export", "csv", "--tag", "x", "--entity", "y")


def test_cli_leaves_other_commands_alone(library: Library) -> None:
    assert cli_export.run(library.archive, argparse.Namespace(command="list")) is None


# Real saved pages


def test_every_format_on_real_saved_pages(archive: Archive, tmp_path: Path) -> None:
    if not (SAVED_PAGES / "manifest.json").is_file():
        pytest.skip("../shared/fixtures/saved-pages is not beside this checkout")
    files = (
        sorted((SAVED_PAGES / "mhtml").glob("*"))[:3] + sorted((SAVED_PAGES / "warc").glob("*"))[:1]
    )
    results = archive.import_paths(files)
    ids = sorted({r.article_id for r in results if r.article_id is not None})
    assert len(ids) >= 3, results
    lib = Library(archive)
    storage = archive._handle.storage
    with storage.transaction():
        lib.tag_article(ids[0], "real")
        for article_id in ids:
            words = re.findall(r"\b[A-Z][a-z]{3,}\b", lib.text(article_id))
            sentence = lib.text(article_id).split(". ")[0][:120]
            lib.highlight(article_id, sentence, note=f"note on {article_id}", tags=("real",))
            if words:
                entity = storage.entity_ids_named(words[0])
                entity_id = entity[0] if entity else lib.entity(words[0], "organisation")
                lib.mention(article_id, entity_id, words[0])
        shared = lib.entity("Common Thing", "event")
        for article_id in ids:
            text = lib.text(article_id)
            lib.db.execute(
                "INSERT INTO mentions (article_id, entity_id, start, end, source)"
                " VALUES (?, ?, 0, ?, 'manual')",
                [article_id, shared, min(5, len(text))],
            )
        storage.queue_for_index(ids)
    archive._handle.flush()
    ex = Exporter(archive._handle, archive._engine.matching_ids)
    selection = ex.select()
    for format in FORMATS:
        report = ex.export(format, selection, tmp_path / "real" / f"all.{format}")
        assert report.paths and all(p.stat().st_size > 0 for p in report.paths)
    out = tmp_path / "real"
    captured = {a.captured_at for a in ex.load(selection)}
    assert captured - {None}, "MHTML and WARC files carry a capture date"
    assert len(read_csv((out / "all.csv").read_bytes())) == len(ids)
    assert len(read_csv((out / "all.mentions-csv").read_bytes())) >= len(ids)
    networkx = pytest.importorskip("networkx")
    graph = networkx.read_gexf(out / "all.gexf")
    assert graph.nodes[str(shared)]["articles"] == len(ids)
    assert networkx.read_graphml(out / "all.graphml").number_of_nodes() == graph.number_of_nodes()
    pytest.importorskip("rispy").loads((out / "all.ris").read_text(encoding="utf-8"))
    bib = pytest.importorskip("bibtexparser").parse_string((out / "all.bibtex").read_text("utf-8"))
    assert len(bib.entries) == len(ids) and not bib.failed_blocks
    if (CONFORMANCE / "validate_annotations.py").is_file():
        pytest.importorskip("jsonschema")
        for script, name in (
            ("validate_annotations.py", "all.w3c"),
            ("validate_csl.py", "all.csl"),
        ):
            result = validate(script, out / name)
            assert result.returncode == 0, result.stdout
