"""The highlight, label, tag and note commands."""

from __future__ import annotations

import argparse
import json

import pytest

from archive_reader import Archive
from archive_reader.cli.annotations import add_parsers, run
from tests.core.annotations.pages import found_ids

# Command line


def parse(argv: list[str]) -> argparse.Namespace:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument("--library", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="archive-reader", parents=[library])
    commands = parser.add_subparsers(dest="command")
    add_parsers(commands, library)
    return parser.parse_args(argv)


def test_cli_annotate_list_edit_delete(
    archive: Archive, article: int, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["annotate", str(article), "--quote", "meta said", "--label", "claim"]
    assert run(archive, parse([*argv, "--note", "first", "--tag", "attribution", "--json"])) == 0
    made = json.loads(capsys.readouterr().out)
    assert (made["quote"], made["label"], made["tags"]) == ("Meta said", "claim", ["attribution"])
    assert run(archive, parse(["annotations", "--tag", "attribution", "--json"])) == 0
    assert [x["id"] for x in json.loads(capsys.readouterr().out)] == [made["id"]]
    assert run(archive, parse(["annotations", str(article)])) == 0
    assert "“Meta said”" in capsys.readouterr().out
    edit = ["annotation", "edit", str(made["id"]), "--no-label", "--untag", "attribution"]
    assert run(archive, parse([*edit, "--json"])) == 0
    edited = json.loads(capsys.readouterr().out)
    assert (edited["label"], edited["tags"], edited["note"]) == (None, [], "first")
    assert run(archive, parse(["annotation", "delete", str(made["id"])])) == 0
    assert run(archive, parse(["annotations", "--orphaned"])) == 0
    assert "No highlights match." in capsys.readouterr().out


def test_cli_tags_notes_labels(
    archive: Archive, article: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(archive, parse(["tag", str(article), "meta", "ops"])) == 0
    assert run(archive, parse(["untag", str(article), "ops"])) == 0
    assert run(archive, parse(["tags", "--json"])) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("[") :]) == [{"name": "meta", "articles": 1, "annotations": 0}]
    assert run(archive, parse(["note", str(article), "read again"])) == 0
    assert found_ids(archive, "note:again") == [article]
    assert run(archive, parse(["label", "add", "claim", "--color", "#ff0000"])) == 0
    assert run(archive, parse(["label", "list", "--json"])) == 0
    out = capsys.readouterr().out
    labels = json.loads(out[out.index("[") :])
    assert labels == [{"id": 1, "name": "claim", "color": "#FF0000", "position": 1}]
    assert run(archive, parse(["note", str(article), "x", "--clear"])) == 2
    other = argparse.Namespace(command="import")
    assert run(archive, other) is None


def test_cli_annotate_says_which_of_several_matches_it_took(
    archive: Archive, article: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # "the accounts" stands twice in the text (paragraphs 2 and 3).
    assert run(archive, parse(["annotate", str(article), "--quote", "the accounts"])) == 0
    err = capsys.readouterr().err
    assert "occurs 2 times" in err and "occurrence 1" in err and "--occurrence" in err
    second = ["annotate", str(article), "--quote", "the accounts", "--occurrence", "2"]
    assert run(archive, parse(second)) == 0
    assert "occurrence 2" in capsys.readouterr().err
    assert run(archive, parse(["annotate", str(article), "--quote", "Meta said"])) == 0
    assert capsys.readouterr().err == ""
