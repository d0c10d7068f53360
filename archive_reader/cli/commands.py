"""The ``archive-reader`` command: no arguments opens the app; subcommands work in a terminal."""

from __future__ import annotations

import argparse
import html
import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

import platformdirs

from archive_reader.cli import annotations as cli_annotations
from archive_reader.cli import entities as cli_entities
from archive_reader.cli import export as cli_export
from archive_reader.cli import maintenance as cli_maintenance
from archive_reader.core.archive import Archive
from archive_reader.core.db.storage import DATABASE_NAME
from archive_reader.core.errors import ArchiveError, ImportFailure
from archive_reader.core.extraction.extractor import extract_article
from archive_reader.core.ingest.formats import SourcePage, read_pages
from archive_reader.core.library import default_library_path
from archive_reader.core.models import (
    ImportProgress,
    ImportStatus,
    Progress,
    SearchHit,
    SearchResults,
)
from archive_reader.version import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
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

    sub = commands.add_parser(
        "import",
        parents=[library],
        help="import saved pages (HTML, gzip, complete pages, MHTML, WARC) and folders",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--json", action="store_true", help="print one JSON object per file")

    sub = commands.add_parser("list", parents=[library], help="list the articles")
    sub.add_argument("--json", action="store_true", help="print a JSON list")
    sub.add_argument("--limit", type=int, default=None, help="at most this many")
    sub.add_argument(
        "--order", choices=["imported", "published", "title", "id"], default="imported"
    )

    sub = commands.add_parser("show", parents=[library], help="show one article")
    sub.add_argument("article_id", type=int, metavar="ID")
    form = sub.add_mutually_exclusive_group()
    form.add_argument("--text", action="store_true", help="the plain text (default)")
    form.add_argument("--html", action="store_true", help="the clean HTML")
    form.add_argument("--json", action="store_true", help="all fields as JSON")

    sub = commands.add_parser(
        "search",
        parents=[library],
        help="search the library",
        description='Search the library. Words must all match; also "exact phrases",'
        " AND / OR / NOT, -word, (parentheses), title: site: author: tag: entity: lang:"
        " note: label:, date:2024, date:2023-01..2024-06, date:>2023-05-01, saved:2024,"
        " prefix tikt* and fuzzy propoganda~.",
    )
    sub.add_argument("query", nargs="+", metavar="QUERY")
    sub.add_argument("--limit", type=int, default=20, help="hits per page (20)")
    sub.add_argument("--page", type=int, default=1, help="which page of hits (1)")
    sub.add_argument("--order", choices=["relevance", "newest", "oldest"], default="relevance")
    sub.add_argument("--facets", action="store_true", help="also count by site, tag, entity...")
    sub.add_argument("--save", metavar="NAME", help="save the query as a standing search")
    sub.add_argument("--json", action="store_true", help="print a JSON list of hits")

    sub = commands.add_parser(
        "saved",
        parents=[library],
        help="list saved searches, or run one and see what is new since its last run",
    )
    sub.add_argument("name", nargs="?", metavar="NAME")
    sub.add_argument("--delete", action="store_true", help="forget the saved search NAME")
    sub.add_argument("--limit", type=int, default=20, help="hits to show (20)")
    sub.add_argument("--json", action="store_true", help="print JSON")

    sub = commands.add_parser("extract", help="extract articles from files without importing them")
    sub.add_argument("paths", nargs="+", metavar="FILE")
    sub.add_argument("--json", action="store_true", help="print one JSON object per page")

    commands.add_parser(
        "reindex", parents=[library], help="rebuild the search index from the database"
    )
    sub = commands.add_parser(
        "reextract",
        parents=[library],
        help="extract articles again from their stored originals (highlights are placed again)",
    )
    sub.add_argument("article_ids", nargs="*", type=int, metavar="ID", help="default: all")
    cli_maintenance.add_parsers(commands, library)
    cli_annotations.add_parsers(commands, library)
    cli_entities.add_parsers(commands, library)
    cli_export.add_parsers(commands, library)

    sub = commands.add_parser("stats", parents=[library], help="counts of the library")
    sub.add_argument("--json", action="store_true", help="print JSON")
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
    if args.command == "extract":
        return _extract(args.paths, args.json)
    try:
        early = cli_maintenance.run_before_open(args)
        if early is not None:
            return early
        folder = Path(library).expanduser() if library else default_library_path()
        if args.command in _READ_ONLY_COMMANDS and not (folder / DATABASE_NAME).is_file():
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
        # Output piped into `head` and the like: stop quietly.
        sys.stderr.close()
        return EXIT_OK


def _rebuild_progress(step: Progress) -> None:
    if step.done == 0:
        print(
            "The search index was missing or damaged; rebuilding it from the database.",
            file=sys.stderr,
        )
    _status_line(f"{step.message}: {step.done}/{step.total}")
    if step.done == step.total and step.message == "done":
        _status_line("")


def _run(archive: Archive, args: argparse.Namespace) -> int:
    for module in (cli_maintenance, cli_annotations, cli_entities, cli_export):
        code = module.run(archive, args)
        if code is not None:
            return code
    if args.command == "import":
        return _import(archive, args.paths, args.json)
    if args.command == "list":
        return _list(archive, args.limit, args.order, args.json)
    if args.command == "show":
        return _show(
            archive, args.article_id, "html" if args.html else "json" if args.json else "text"
        )
    if args.command == "search":
        return _search(archive, args)
    if args.command == "saved":
        return _saved(archive, args)
    if args.command == "reindex":
        for step in archive.reindex():
            _status_line(f"{step.message}: {step.done}/{step.total}")
        _status_line("")
        print(f"Rebuilt the search index of {archive.count()} articles.")
        return EXIT_OK
    if args.command == "reextract":
        failed = 0
        done = 0
        for done, total, message in archive.reextract(args.article_ids or None):
            _status_line(f"extracting again: {done}/{total}")
            if message:
                failed += 1
                _status_line("")
                print(f"failed: {message}", file=sys.stderr)
        _status_line("")
        print(f"Extracted {done - failed} article(s) again; {failed} failed.")
        return EXIT_FAILED if failed else EXIT_OK
    if args.command == "stats":
        stats = archive.stats()
        if args.json:
            print(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            for key, value in stats.items():
                if isinstance(value, dict):
                    value = ", ".join(f"{name} {count:,}" for name, count in value.items())
                elif isinstance(value, int):
                    value = f"{value:,}"
                print(f"{key}: {value}")
        return EXIT_OK
    raise AssertionError(f"unhandled command {args.command}")


def _import(archive: Archive, paths: list[str], as_json: bool) -> int:
    counts: Counter[str] = Counter()
    failures = []
    show_bar = sys.stderr.isatty()
    last: ImportProgress | None = None
    for step in archive.iter_import(paths):
        last = step
        result = step.result
        if result is None:
            continue
        counts[result.status.value] += 1
        if result.status is ImportStatus.FAILED:
            failures.append(result)
        if as_json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        if show_bar:
            _progress_bar(step)
    if show_bar:
        _status_line("")
    elapsed = last.elapsed if last else 0.0
    files = last.total if last else 0
    summary = (
        f"{files} file(s) in {elapsed:.1f} s: {counts['imported']} imported, "
        f"{counts['duplicate']} duplicate, {counts['skipped']} skipped, {counts['failed']} failed"
    )
    out = sys.stderr if as_json else sys.stdout
    if not as_json:
        for result in failures:
            print(f"failed: {result.path}: {result.reason}", file=out)
    print(summary, file=out)
    return EXIT_FAILED if failures else EXIT_OK


def _progress_bar(step: ImportProgress) -> None:
    width = 24
    filled = int(width * step.done / step.total) if step.total else width
    rate = step.done / step.elapsed if step.elapsed > 0 else 0.0
    name = Path(step.current).name
    _status_line(
        f"[{'#' * filled}{'.' * (width - filled)}] {step.done}/{step.total}"
        f" {rate:.1f} files/s {name[:40]}"
    )


def _status_line(text: str, stream: TextIO = sys.stderr) -> None:
    if stream.isatty():
        stream.write("\r\x1b[2K" + text)
        stream.flush()


def _list(archive: Archive, limit: int | None, order: str, as_json: bool) -> int:
    rows = archive.list_articles(limit=limit, order=order)
    if as_json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        date = (row.published or "")[:10]
        site = row.site_name or ""
        print(f"{row.id:>6}  {date:<10}  {site[:20]:<20}  {row.title}")
    return EXIT_OK


def _show(archive: Archive, article_id: int, form: str) -> int:
    article = archive.get(article_id)
    if form == "html":
        print(article.html)
    elif form == "json":
        print(json.dumps(asdict(article), ensure_ascii=False, indent=2))
    else:
        lines = [article.title, ""]
        meta = [v for v in (article.author, article.site_name, article.published) if v]
        if meta:
            lines.append(" · ".join(meta))
        if article.url:
            lines.append(article.url)
        print("\n".join(lines) + "\n\n" + article.text)
    return EXIT_OK


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "site_name": hit.site_name,
        "published": hit.published,
        "url": hit.url,
    }


def _search(archive: Archive, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if args.limit < 1 or args.page < 1:
        print("archive-reader: --limit and --page must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    results = archive.search(
        query, limit=args.limit, offset=(args.page - 1) * args.limit, order=args.order
    )
    if results.notice:
        print(results.notice, file=sys.stderr)
    facets = archive.facets(query) if args.facets else None
    if args.save:
        archive.save_search(args.save, query)
    if args.json:
        if facets is None:
            print(json.dumps([_hit_json(hit) for hit in results], ensure_ascii=False, indent=2))
        else:
            data = {
                "total": results.total,
                "total_exact": results.total_exact,
                "hits": [_hit_json(hit) for hit in results],
                "facets": {
                    name: [{"value": f.value, "count": f.count, "query": f.key} for f in values]
                    for name, values in facets.items()
                },
            }
            print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    _print_hits(results)
    if facets is not None:
        for name, values in facets.items():
            if values:
                shown = ", ".join(f"{f.value} ({f.count})" for f in values)
                print(f"{name}: {shown}")
    if args.save:
        print(f"Saved as {args.save!r}.")
    return EXIT_OK


def _print_hits(results: SearchResults) -> None:
    if not results.hits:
        print("No articles match." if results.total == 0 else "No more hits.")
        return
    first = results.offset + 1
    about = "" if results.total_exact else "about "
    print(f"{about}{results.total} article(s) match; {first}-{results.offset + len(results)}:\n")
    bold = sys.stdout.isatty()
    for hit in results:
        snippet = hit.snippet
        snippet = (
            snippet.replace("<b>", "\x1b[1m").replace("</b>", "\x1b[0m")
            if bold
            else snippet.replace("<b>", "").replace("</b>", "")
        )
        date = (hit.published or "")[:10]
        print(f"{hit.article_id:>6}  {hit.title}  [{hit.site_name or ''} {date}]".rstrip())
        print(f"        {html.unescape(snippet)}\n")


def _saved(archive: Archive, args: argparse.Namespace) -> int:
    if args.name is None:
        saved = archive.saved_searches()
        if args.json:
            print(json.dumps(saved, ensure_ascii=False, indent=2))
        elif not saved:
            print("No saved searches. Save one with: archive-reader search QUERY --save NAME")
        for item in [] if args.json else saved:
            last = item["last_run_at"] or "never run"
            print(f"{item['name']}: {item['query']}  (last run: {last})")
        return EXIT_OK
    if args.delete:
        archive.delete_saved_search(args.name)
        print(f"Forgot the saved search {args.name!r}.")
        return EXIT_OK
    run = archive.run_saved_search(args.name, limit=args.limit)
    if args.json:
        data = {
            "name": run.name,
            "query": run.query,
            "last_run_at": run.last_run_at,
            "total": run.results.total,
            "new": run.new_ids,
            "gone": run.gone_ids,
            "hits": [_hit_json(hit) for hit in run.results],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    since = f"since {run.last_run_at}" if run.last_run_at else "(first run)"
    print(f"{run.name}: {run.query}")
    print(f"{len(run.new_ids)} new, {len(run.gone_ids)} gone {since}")
    if run.new_ids:
        print("new: " + ", ".join(str(i) for i in run.new_ids[:50]))
    if run.gone_ids:
        print("gone: " + ", ".join(str(i) for i in run.gone_ids[:50]))
    print()
    _print_hits(run.results)
    return EXIT_OK


def _extract(paths: list[str], as_json: bool) -> int:
    status = EXIT_OK
    for raw in paths:
        path = Path(raw)
        try:
            pages = [page for page in read_pages(path) if isinstance(page, SourcePage)]
        except ImportFailure as error:
            print(f"archive-reader: {path}: {error}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        for page in pages:
            article = extract_article(page.html, url=page.url)
            if as_json:
                data = {
                    "path": str(path),
                    "title": article.title,
                    "url": article.url,
                    "author": article.author,
                    "published": article.published,
                    "site_name": article.site_name,
                    "language": article.language,
                    "text": article.text,
                }
                print(json.dumps(data, ensure_ascii=False), flush=True)
            else:
                print(f"== {path}" + (f" ({page.url})" if page.url else ""))
                print(article.title + "\n")
                print(article.text + "\n")
    return status


def _open_window(library: str | None, demo: bool) -> int:
    try:
        from archive_reader.ui.app import main as gui_main
    except ImportError as error:
        print(f"archive-reader: cannot start the window: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not demo:
        return gui_main(library=library)
    from archive_reader.ui.resources import resource_path

    demo_folder = platformdirs.user_data_path("archive-reader", appauthor=False) / "demo-library"
    try:
        with Archive.open(demo_folder) as archive:
            if archive.count() == 0:
                archive.import_paths([resource_path("samples")])
    except ArchiveError as error:
        print(f"archive-reader: cannot build the demo library: {error}", file=sys.stderr)
        return EXIT_FAILED
    return gui_main(library=str(demo_folder))
