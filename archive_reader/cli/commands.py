"""The ``archive-reader`` command: no arguments opens the app; subcommands work in a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from archive_reader.cli import annotations as cli_annotations
from archive_reader.cli import articles as cli_articles
from archive_reader.cli import entities as cli_entities
from archive_reader.cli import export as cli_export
from archive_reader.cli import maintenance as cli_maintenance
from archive_reader.cli import search as cli_search
from archive_reader.cli.output import EXIT_FAILED, EXIT_OK, EXIT_USAGE, status_line
from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.core.library import default_library_path, demo_library_path
from archive_reader.core.models import Progress
from archive_reader.version import __version__

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]
_READ_ONLY_COMMANDS = frozenset(
    {"list", "show", "search", "saved", "stats", "export", "annotations", "tags"}
)
"""Commands that only read: they do not create a library that is not there."""

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    library = argparse.ArgumentParser(add_help=False)
    library.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the library folder (default: $ARCHIVE_READER_LIBRARY or the per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="archive-reader",
        description="Read, search and annotate the web articles you saved, offline."
        " Without a command, opens the window.",
        parents=[library],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the window on a demo library of sample pages"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cli_articles.add_parsers(commands, library)
    cli_search.add_parsers(commands, library)
    cli_maintenance.add_parsers(commands, library)
    cli_annotations.add_parsers(commands, library)
    cli_entities.add_parsers(commands, library)
    cli_export.add_parsers(commands, library)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    library = getattr(args, "library", None)
    if args.command is None:
        return _open_window(library, args.demo)
    try:
        if args.command == "extract":
            return cli_articles.extract(args.paths, args.json)
        early = cli_maintenance.run_before_open(args)
        if early is not None:
            return early
        folder = Path(library).expanduser() if library else default_library_path()
        if args.command in _READ_ONLY_COMMANDS and not Archive.exists(folder):
            # Reading must not leave an empty library behind (a mistyped folder, say).
            print(
                f"archive-reader: there is no library in {folder} yet: import saved pages"
                " into it first (archive-reader import PATH), or name another with --library",
                file=sys.stderr,
            )
            return EXIT_FAILED
        with Archive.open(library, progress=_rebuild_progress) as archive:
            return _run(archive, args)
    except ArchiveError as error:
        print(f"archive-reader: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly. Python flushes
        # stdout once more on exit; pointing it at /dev/null keeps that quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _rebuild_progress(step: Progress) -> None:
    if step.done == 0:
        print(
            "The search index was missing or damaged; rebuilding it from the database.",
            file=sys.stderr,
        )
    status_line(f"{step.message}: {step.done}/{step.total}")
    if step.done == step.total and step.message == "done":
        status_line("")


def _run(archive: Archive, args: argparse.Namespace) -> int:
    groups = (cli_maintenance, cli_annotations, cli_entities, cli_export, cli_articles, cli_search)
    for module in groups:
        code = module.run(archive, args)
        if code is not None:
            return code
    raise AssertionError(f"unhandled command {args.command}")


def _open_window(library: str | None, demo: bool) -> int:
    try:
        from archive_reader.ui.app import main as gui_main
    except ImportError as error:
        print(f"archive-reader: cannot start the window: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not demo:
        return gui_main(library=library)
    from archive_reader.ui.resources import resource_path

    demo_folder = demo_library_path()
    try:
        with Archive.open(demo_folder) as archive:
            if archive.count() == 0:
                archive.import_paths([resource_path("samples")])
    except ArchiveError as error:
        print(f"archive-reader: cannot build the demo library: {error}", file=sys.stderr)
        return EXIT_FAILED
    return gui_main(demo_library=demo_folder)
