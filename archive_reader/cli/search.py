"""Search commands: search (with facets and saving) and saved searches."""

from __future__ import annotations

import argparse
import html
import sys

from archive_reader.cli.output import EXIT_OK, EXIT_USAGE, print_json
from archive_reader.core.archive import Archive
from archive_reader.core.models import SearchHit, SearchResults


def add_parsers(commands: argparse._SubParsersAction, library: argparse.ArgumentParser) -> None:
    """Adds ``search`` and ``saved`` to the command line's subcommands."""
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


def run(archive: Archive, args: argparse.Namespace) -> int | None:
    """Runs a search command; None when ``args.command`` is not one of them."""
    if args.command == "search":
        return _search(archive, args)
    if args.command == "saved":
        return _saved(archive, args)
    return None


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "site_name": hit.site_name,
        "published": hit.published,
        "url": hit.url,
        "exact": hit.exact,
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
            print_json([_hit_json(hit) for hit in results])
        else:
            data = {
                "total": results.total,
                "total_exact": results.total_exact,
                "partial_total": results.partial_total,
                "hits": [_hit_json(hit) for hit in results],
                "facets": {
                    name: [{"value": f.value, "count": f.count, "query": f.key} for f in values]
                    for name, values in facets.items()
                },
            }
            print_json(data)
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
    if results.total:
        shown = f"{first}-{results.offset + len(results)}"
        print(f"{about}{results.total} article(s) match; {shown}:\n")
    bold = sys.stdout.isatty()
    for index, hit in enumerate(results):
        if not hit.exact and (index == 0 or results[index - 1].exact):
            print(f"{results.partial_notice}\n")
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
            print_json(saved)
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
        print_json(data)
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
