"""The ``archive-reader export`` command: a selection of the library in an export format."""

from __future__ import annotations

import argparse
import json
import sys

from archive_reader.cli.output import EXIT_FAILED, EXIT_OK
from archive_reader.core.archive import Archive
from archive_reader.core.export.exporter import FORMATS
from archive_reader.core.export.selection import NothingToExport

_HELP = {
    "markdown": "notes with front matter, citation line and quotes (-o DIR: one file per article)",
    "csv": "one row per highlight (UTF-8 with BOM)",
    "mentions-csv": "one row per entity mention (UTF-8 with BOM)",
    "w3c": "W3C Web Annotation JSON-LD (AnnotationCollection)",
    "csl": "CSL-JSON of the articles (Zotero, Pandoc)",
    "bibtex": "biblatex @online entries",
    "ris": "RIS records",
    "gexf": "entity co-occurrence graph for Gephi",
    "graphml": "entity co-occurrence graph as GraphML",
    "html": "a self-contained HTML report",
}


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], library: argparse.ArgumentParser
) -> None:
    """Adds the ``export`` subcommand.

    Args:
        commands: The main parser's subparsers.
        library: The parent parser that carries ``--library DIR``.
    """
    sub = commands.add_parser(
        "export",
        parents=[library],
        help="export highlights, mentions, citations or the entity graph",
        description="Export one article, a search result, a tag, an entity or the whole library."
        " Formats: " + "; ".join(f"{name}: {text}" for name, text in _HELP.items()) + ".",
    )
    sub.add_argument("format", choices=FORMATS, metavar="FORMAT", help=", ".join(FORMATS))
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--query", metavar="Q", help="the articles a search query matches")
    which.add_argument(
        "--tag", metavar="T", help="articles tagged T and the highlights tagged T elsewhere"
    )
    which.add_argument(
        "--entity", metavar="E", help="articles mentioning an entity (name or alias)"
    )
    which.add_argument(
        "--article",
        metavar="ID",
        type=int,
        action="append",
        dest="articles",
        help="this article (repeatable)",
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the file to write (for markdown, a folder means one file per article);"
        " default: standard output",
    )
    sub.add_argument("--json", action="store_true", help="print what was written as JSON")
    sub.set_defaults(command="export")


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs the ``export`` command; None when ``args`` is another command's.

    Returns:
        0 when exported, 1 when there was nothing to export.

    Raises:
        ArchiveError: The selection names what does not exist, or the
            destination cannot be written (the CLI prints it and exits 1).
    """
    if getattr(args, "command", None) != "export":
        return None
    exporter = archive.export
    selection = exporter.select(
        query=args.query, tag=args.tag, entity=args.entity, article_ids=args.articles or ()
    )
    try:
        if args.output is None:
            text = exporter.render(args.format, selection)
            sys.stdout.write(text)
            return EXIT_OK
        report = exporter.export(args.format, selection, args.output)
    except NothingToExport as error:
        print(f"archive-reader: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        where = str(report.paths[0]) if len(report.paths) == 1 else f"{len(report.paths)} files"
        if len(report.paths) > 1:
            where += f" in {report.paths[0].parent}"
        print(
            f"Exported {report.articles} article(s), {report.annotations} highlight(s),"
            f" {report.mentions} mention(s) of {report.entities} entities"
            f" as {report.format} to {where}."
        )
    return EXIT_OK
