"""The ``check``, ``backup`` and ``restore`` commands: upkeep of a library."""

from __future__ import annotations

import argparse
import sys

from archive_reader.cli.output import EXIT_FAILED, EXIT_OK, print_json
from archive_reader.core.archive import Archive
from archive_reader.core.library import default_library_path
from archive_reader.core.maintenance.check import CheckReport


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], library: argparse.ArgumentParser
) -> None:
    """Adds the ``check``, ``backup`` and ``restore`` subcommands.

    Args:
        commands: The main parser's subparsers.
        library: The parent parser that carries ``--library DIR``.
    """
    sub = commands.add_parser(
        "check",
        parents=[library],
        help="compare database, originals and index; exit 1 on a problem",
        description="Verify the database (SQLite integrity check, foreign keys), the search"
        " index (every article indexed once, nothing extra) and the originals (every file"
        " present with its SHA-256). Exit 1 when a problem remains.",
    )
    sub.add_argument(
        "--repair",
        action="store_true",
        help="fix what the database can fix: index entries, queued indexing, leftover"
        " temporary files, originals whose source file is still there",
    )
    sub.add_argument(
        "--quick",
        action="store_true",
        help="check originals by size only, without reading them to compute their SHA-256",
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.set_defaults(command="check")

    sub = commands.add_parser(
        "backup",
        parents=[library],
        help="copy the database and originals into a new folder (safe while in use)",
    )
    sub.add_argument("path", metavar="PATH", help="a folder that does not exist yet, or is empty")
    sub.add_argument("--json", action="store_true", help="print what was written as JSON")
    sub.set_defaults(command="backup")

    sub = commands.add_parser(
        "restore",
        parents=[library],
        help="make a library from a backup folder (into a new or empty library folder)",
    )
    sub.add_argument("backup", metavar="BACKUP", help="a folder written by archive-reader backup")
    sub.add_argument(
        "--force",
        action="store_true",
        help="restore even where a library exists: it is moved aside, not deleted",
    )
    sub.add_argument("--json", action="store_true", help="print what was restored as JSON")
    sub.set_defaults(command="restore")


def run_before_open(args: argparse.Namespace) -> int | None:
    """Runs the commands that must not open the library first (``restore``).

    Call it before ``Archive.open``: opening would create an empty library
    where the backup should go.

    Returns:
        The exit status, or None when ``args`` is another command's.

    Raises:
        ArchiveError: The backup is incomplete or damaged, or the target is
            not empty (the CLI prints it and exits 1).
    """
    if getattr(args, "command", None) != "restore":
        return None
    library = getattr(args, "library", None)
    target = default_library_path() if library is None else library
    report = Archive.restore(args.backup, target, force=args.force)
    if args.json:
        print_json(report.to_json())
        return EXIT_FAILED if report.missing else EXIT_OK
    if report.moved_aside is not None:
        print(f"The library that was in {report.path} was moved to {report.moved_aside}.")
    for line in report.missing:
        print(f"problem: original {line}", file=sys.stderr)
    print(
        f"Restored {report.articles} article(s) and {report.originals} original file(s)"
        f" into {report.path} in {report.seconds:.1f} s; the search index is rebuilt when"
        " the library is opened."
    )
    return EXIT_FAILED if report.missing else EXIT_OK


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs ``check`` or ``backup``; None when ``args`` is another command's.

    Returns:
        0 when all is well, 1 when a problem remains (or an original could
        not be backed up).

    Raises:
        ArchiveError: The backup folder is not empty or cannot be written.
    """
    command = getattr(args, "command", None)
    if command == "check":
        verify = not args.quick
        report = (
            archive.maintenance.repair(verify_hashes=verify)
            if args.repair
            else archive.maintenance.check(verify_hashes=verify)
        )
        if args.json:
            print_json(report.to_json())
        else:
            _print_check(report, args.repair)
        return EXIT_OK if report.ok else EXIT_FAILED
    if command == "backup":
        backup = archive.maintenance.backup(args.path)
        if args.json:
            print_json(backup.to_json())
        else:
            for line in backup.missing:
                print(f"problem: original {line}", file=sys.stderr)
            print(
                f"Backed up {backup.articles} article(s) and {backup.originals} original"
                f" file(s) ({backup.bytes:,} bytes) to {backup.path} in {backup.seconds:.1f} s."
            )
        return EXIT_FAILED if backup.missing else EXIT_OK
    return None


def _print_check(report: CheckReport, repaired: bool) -> None:
    for line in report.repaired:
        print(f"repaired: {line}")
    for finding in report.problems:
        print(f"problem: {finding.message}")
        if finding.advice:
            print(f"  -> {finding.advice}")
    for finding in report.notes:
        print(f"note: {finding.message}" + (f" ({finding.advice})" if finding.advice else ""))
    hashes = "" if report.hashes_verified else " (originals checked by size only)"
    if report.problems:
        fixable = sum(1 for finding in report.problems if finding.fixable)
        hint = (
            f"; `archive-reader check --repair` fixes {fixable} of them"
            if fixable and not repaired
            else ""
        )
        print(f"{len(report.problems)} problem(s) in {report.library}{hint}.")
        return
    print(
        f"{report.library}: database, originals and index agree"
        f" ({report.articles} articles, {report.originals} originals){hashes}."
    )
