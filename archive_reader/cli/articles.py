"""Article commands: import, list, show, extract, reindex, reextract, stats."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from archive_reader.cli.output import EXIT_FAILED, EXIT_OK, print_json, status_line
from archive_reader.core.archive import Archive
from archive_reader.core.errors import ImportFailure
from archive_reader.core.models import ImportProgress, ImportStatus


def add_parsers(commands: argparse._SubParsersAction, library: argparse.ArgumentParser) -> None:
    """Adds the article commands to the command line's subcommands."""
    sub = commands.add_parser(
        "import",
        parents=[library],
        help="import saved pages (HTML, gzip, complete pages, MHTML, WARC) and folders",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--json", action="store_true", help="print one JSON object per file")
    sub.add_argument(
        "--all-pages",
        action="store_true",
        help="take every page of a crawl (WARC, WACZ), those without an article too",
    )

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
    sub = commands.add_parser("stats", parents=[library], help="counts of the library")
    sub.add_argument("--json", action="store_true", help="print JSON")


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs an article command; None when ``args.command`` is not one of them."""
    if args.command == "import":
        return _import(archive, args.paths, args.json, all_pages=args.all_pages)
    if args.command == "list":
        return _list(archive, args.limit, args.order, args.json)
    if args.command == "show":
        return _show(
            archive, args.article_id, "html" if args.html else "json" if args.json else "text"
        )
    if args.command == "reindex":
        for step in archive.reindex():
            status_line(f"{step.message}: {step.done}/{step.total}")
        status_line("")
        print(f"Rebuilt the search index of {archive.count()} articles.")
        return EXIT_OK
    if args.command == "reextract":
        failed = 0
        done = 0
        for done, total, message in archive.reextract(args.article_ids or None):
            status_line(f"extracting again: {done}/{total}")
            if message:
                failed += 1
                status_line("")
                print(f"failed: {message}", file=sys.stderr)
        status_line("")
        print(f"Extracted {done - failed} article(s) again; {failed} failed.")
        return EXIT_FAILED if failed else EXIT_OK
    if args.command == "stats":
        stats = archive.stats()
        if args.json:
            print_json(stats)
        else:
            for key, value in stats.items():
                if isinstance(value, dict):
                    value = ", ".join(f"{name} {count:,}" for name, count in value.items())
                elif isinstance(value, int):
                    value = f"{value:,}"
                print(f"{key}: {value}")
        return EXIT_OK
    return None


def _import(archive: Archive, paths: list[str], as_json: bool, *, all_pages: bool = False) -> int:
    counts: Counter[str] = Counter()
    failures = []
    show_bar = sys.stderr.isatty()
    last: ImportProgress | None = None
    for step in archive.iter_import(paths, all_pages=all_pages):
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
        status_line("")
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
    status_line(
        f"[{'#' * filled}{'.' * (width - filled)}] {step.done}/{step.total}"
        f" {rate:.1f} files/s {name[:40]}"
    )


def _list(archive: Archive, limit: int | None, order: str, as_json: bool) -> int:
    rows = archive.list_articles(limit=limit, order=order)
    if as_json:
        print_json([asdict(row) for row in rows])
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
        print_json(asdict(article))
    else:
        lines = [article.title, ""]
        meta = [v for v in (article.author, article.site_name, article.published) if v]
        if meta:
            lines.append(" · ".join(meta))
        if article.url:
            lines.append(article.url)
        print("\n".join(lines) + "\n\n" + article.text)
    return EXIT_OK


def extract(paths: list[str], as_json: bool) -> int:
    """``archive-reader extract``: prints the articles of files without importing them."""
    status = EXIT_OK
    for raw in paths:
        path = Path(raw)
        try:
            found = Archive.extract_file(path)
        except ImportFailure as error:
            print(f"archive-reader: {path}: {error}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        for url, article in found:
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
                print(f"== {path}" + (f" ({url})" if url else ""))
                print(article.title + "\n")
                print(article.text + "\n")
    return status
