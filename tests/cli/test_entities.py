"""The entity commands."""

from __future__ import annotations

import argparse
import json

from archive_reader import Archive
from archive_reader.cli.entities import add_parsers, run
from archive_reader.core.entities.catalog import EntityCatalog
from tests.core.entities.helpers import add_page, page


def _cli(archive: Archive, *argv: str) -> int | None:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="archive-reader")
    commands = parser.add_subparsers(dest="command")
    add_parsers(commands, library)
    return run(archive, parser.parse_args(argv))


def test_command_line(archive, tmp_path, capsys) -> None:
    article = add_page(
        archive, tmp_path, "a", page("Bans", ["RT and Sputnik were banned. Sputnik appealed."])
    )
    assert (
        _cli(archive, "entity", "add", "RT", "--type", "organisation", "--alias", "Russia Today")
        == 0
    )
    assert _cli(archive, "entity", "add", "Sputnik", "--type", "organisation") == 0
    assert _cli(archive, "entity", "alias", "RT", "ТВ-Новости") == 0
    capsys.readouterr()
    assert _cli(archive, "entity", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["name"], e["mention_count"]) for e in listed] == [("RT", 1), ("Sputnik", 2)]
    assert _cli(archive, "entity", "show", "Russia Today", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["cooccurrences"][0]["name"] == "Sputnik"
    assert shown["articles"][0]["article_id"] == article
    assert _cli(archive, "entity", "show", "RT") == 0
    out = capsys.readouterr().out
    assert "Appears with:" in out
    assert "first -" not in out and ", ]" not in out  # undated pages read as such
    assert _cli(archive, "entity", "suggest", str(article), "--json") == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)
    assert _cli(archive, "entity", "mentions", "--entity", "Sputnik", "--json") == 0
    mention_id = json.loads(capsys.readouterr().out)[1]["id"]
    assert _cli(archive, "entity", "reject", str(mention_id)) == 0
    assert EntityCatalog(archive._handle).find("Sputnik").mention_count == 1
    assert _cli(archive, "entity", "delete", "Sputnik") == 2
    assert "--yes" in capsys.readouterr().err
    assert _cli(archive, "entity", "delete", "Sputnik", "--yes") == 0
    assert _cli(archive, "entity", "types", "--add", "law") == 0
    assert _cli(archive, "entity", "rename", "RT", "RT network") == 0
    assert _cli(archive, "entity", "dismiss", "Bans") == 0
    assert _cli(archive, "entity", "scan") == 0
    assert run(archive, argparse.Namespace(command="search")) is None
