"""Search speed on a synthetic library of 100,000 articles, against plain Whoosh and FTS5.

Usage (from the checkout's root; a full run takes 15-25 minutes on 2 cores)::

    .venv/bin/python benchmarks/search_speed.py [--count 100000] [--folder DIR] [--reuse]

It generates the corpus (``search_corpus``), loads it into a library's
database, builds the index with ``Archive.reindex()`` and measures, in one
run: the index build rate against plain single-writer Whoosh on the first
articles of the same corpus; p50/p95 of every query type (top 20 with their
snippets) warm and cold, with SQLite FTS5 over the same corpus as a
yardstick; facet counts; the time from importing one more article to
finding it; and opening the library cold. ``--reuse`` keeps a library and
FTS5 database built by an earlier run in the same folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_corpus  # noqa: E402
import search_yardsticks  # noqa: E402

from archive_reader import Archive  # noqa: E402
from archive_reader.core.db.articles import NewArticle, insert_article  # noqa: E402
from archive_reader.core.db.originals import keep_original, record_original  # noqa: E402
from archive_reader.core.db.storage import Storage, sha256_of  # noqa: E402

GOAL_QUERY_P95_MS = 100.0
GOAL_FACETS_P95_MS = 300.0
GOAL_BUILD_RATIO = 2.0
GOAL_ADD_SECONDS = 1.0


def _load(storage: Storage, count: int, seed: int) -> float:
    """Writes the synthetic articles, tags, entities and mentions into the database."""
    db = storage.db
    started = time.perf_counter()
    original = b"synthetic corpus " + str(seed).encode()
    original_sha = sha256_of(original)
    keep_original(storage, original, original_sha)
    entity_ids: dict[str, int] = {}
    with storage.transaction():
        record_original(storage.db, original_sha, len(original), "text/plain", "synthetic")
        for spec in search_corpus.catalogue(seed):
            cursor = db.execute(
                "INSERT INTO entities (name, type, created_at) VALUES (?, ?, '')",
                [spec.name, spec.type],
            )
            entity_id = int(cursor.lastrowid or 0)
            entity_ids[spec.name] = entity_id
            for alias in spec.aliases:
                db.execute(
                    "INSERT OR IGNORE INTO aliases (entity_id, text, case_sensitive)"
                    " VALUES (?, ?, ?)",
                    [entity_id, alias, int(alias.isupper())],
                )
    tag_ids: dict[str, int] = {}
    batch: list[search_corpus.SyntheticArticle] = []

    def flush() -> None:
        with storage.transaction():
            for item in batch:
                article_id = insert_article(
                    storage.db,
                    NewArticle(
                        original_sha256=original_sha,
                        record_key=item.url,
                        source_path="synthetic",
                        source_format="html",
                        encoding="utf-8",
                        title=item.title,
                        text=item.text,
                        html=item.html,
                        url=item.url,
                        url_key=item.url,
                        author=item.author,
                        published=item.published,
                        site_name=item.site_name,
                        language=item.language,
                        description=None,
                        image=None,
                        extractor_version=0,
                    ),
                    {},
                )
                for tag in item.tags:
                    if tag not in tag_ids:
                        cursor = db.execute("INSERT INTO tags (name) VALUES (?)", [tag])
                        tag_ids[tag] = int(cursor.lastrowid or 0)
                    db.execute(
                        "INSERT OR IGNORE INTO article_tags VALUES (?, ?)",
                        [article_id, tag_ids[tag]],
                    )
                for name, _ in item.entities:
                    db.execute(
                        "INSERT OR IGNORE INTO mentions (article_id, entity_id, start, end, source)"
                        " VALUES (?, ?, 0, 0, 'found')",
                        [article_id, entity_ids[name]],
                    )
        batch.clear()

    for item in search_corpus.generate(count, seed):
        batch.append(item)
        if len(batch) >= 1000:
            flush()
    flush()
    return time.perf_counter() - started


@contextlib.contextmanager
def _opened(folder: Path, rebuild_index: bool = True) -> Iterator[Archive]:
    archive = Archive.open(folder, rebuild_index=rebuild_index)
    try:
        yield archive
    finally:
        archive.close()


def _row(name: str, ours: dict[str, float], fts: dict[str, float] | None) -> str:
    line = f"{name:<12} p50 {ours['p50']:7.1f} ms  p95 {ours['p95']:7.1f} ms"
    if fts is not None:
        ratio = ours["p95"] / fts["p95"] if fts["p95"] else float("inf")
        line += f"   FTS5 p50 {fts['p50']:6.1f}  p95 {fts['p95']:6.1f}  (p95 ×{ratio:.1f})"
    return line


def _text_phrases(seed: int, pool: int, count: int = 30) -> list[str]:
    """Three-word phrases cut at random places of the library's own article texts.

    Unlike the "phrase" set (the corpus' collocations), these are whatever
    three words stand together in a text, function words included ("of the
    and"), the phrases whose words are in most articles.
    """
    rng = random.Random(f"text-phrases/{seed}")
    chosen = set(rng.sample(range(pool), count))
    phrases = []
    for number, article in enumerate(search_corpus.generate(pool, seed)):
        if number in chosen:
            words = re.findall(r"\w+", article.text.lower())
            start = rng.randrange(len(words) - 3)
            phrases.append('"' + " ".join(words[start : start + 3]) + '"')
    return phrases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", type=int, default=5000, help="articles for plain Whoosh")
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's library")
    parser.add_argument(
        "--reindex", action="store_true", help="with --reuse: rebuild the index and time it"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.gettempdir()) / f"archive-reader-search-{args.count}"
    folder.mkdir(parents=True, exist_ok=True)
    library = folder / "library"
    fts_path = folder / "fts5.sqlite3"
    figures: dict[str, object] = {"count": args.count}

    print(f"corpus: {args.count} articles, seed {args.seed}, in {folder}", flush=True)
    import shutil

    if args.reuse and args.reindex:
        # Opening a library without an index rebuilds it from the database.
        shutil.rmtree(library / "index", ignore_errors=True)
    started = time.perf_counter()
    with _opened(library) as archive:
        opened_in = time.perf_counter() - started
        fresh = not (args.reuse and archive.count() >= args.count and fts_path.is_file())
        if fresh:
            archive.close()
            shutil.rmtree(library, ignore_errors=True)
            fts_path.unlink(missing_ok=True)
        elif args.reindex:
            build = opened_in
            rate = args.count / build
            baseline_folder = folder / "plain-whoosh"
            shutil.rmtree(baseline_folder, ignore_errors=True)
            baseline_folder.mkdir()
            plain = search_yardsticks.plain_whoosh_rate(
                search_corpus.generate(args.baseline, args.seed), baseline_folder, args.baseline
            )
            shutil.rmtree(baseline_folder, ignore_errors=True)
            figures.update(build_rate=rate, plain_whoosh_rate=plain)
            print(
                f"index rebuilt: {rate:.0f} articles/s ({build:.0f} s); plain Whoosh"
                f" {plain:.0f}/s on {args.baseline} → ×{rate / plain:.2f}",
                flush=True,
            )
    if fresh:
        # The database is filled directly, without extraction; the library then
        # opens without an index, which reindex() builds (and is timed).
        storage = Storage(library)
        try:
            seconds = _load(storage, args.count, args.seed)
        finally:
            storage.close()
        print(f"database: {args.count} articles written in {seconds:.0f} s", flush=True)
        with _opened(library, rebuild_index=False) as archive:
            started = time.perf_counter()
            for _ in archive.reindex():
                pass
            build = time.perf_counter() - started
        rate = args.count / build
        baseline_folder = folder / "plain-whoosh"
        shutil.rmtree(baseline_folder, ignore_errors=True)
        baseline_folder.mkdir()
        plain = search_yardsticks.plain_whoosh_rate(
            search_corpus.generate(args.baseline, args.seed), baseline_folder, args.baseline
        )
        shutil.rmtree(baseline_folder, ignore_errors=True)
        fts_rate = search_yardsticks.fts5_build(
            fts_path, search_corpus.generate(args.count, args.seed)
        )
        figures.update(build_rate=rate, plain_whoosh_rate=plain, fts5_rate=fts_rate)
        print(
            f"index build: {rate:.0f} articles/s ({build:.0f} s); plain Whoosh {plain:.0f}/s"
            f" on {args.baseline} → ×{rate / plain:.2f} (goal ×{GOAL_BUILD_RATIO});"
            f" FTS5 {fts_rate:.0f}/s",
            flush=True,
        )

    queries = search_corpus.query_set(args.seed)
    queries["text_phrase"] = _text_phrases(args.seed, min(args.count, 2000))
    translate = search_yardsticks.Fts5Translator(
        search_corpus.catalogue(args.seed), search_corpus.fuzzy_corrections(args.seed)
    )

    started = time.perf_counter()
    archive = Archive.open(library)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    archive.warm_up()
    warmed = time.perf_counter() - started
    figures["open_cold_s"] = opened
    figures["warm_up_s"] = warmed
    print(
        f"open the library cold: {opened * 1000:.0f} ms, then prepare search:"
        f" {warmed * 1000:.0f} ms",
        flush=True,
    )

    @contextlib.contextmanager
    def cold_search() -> Iterator[object]:
        with _opened(library) as fresh_archive:
            fresh_archive.warm_up()
            yield lambda text: fresh_archive.search(text, limit=20)

    failures = []
    results: dict[str, dict[str, object]] = {}
    print("\nqueries (top 20 with snippets; warm unless marked cold):")
    with search_yardsticks.fts5_searcher(fts_path, translate) as fts_query:
        for kind, texts in queries.items():
            ours = search_yardsticks.timings(lambda text: archive.search(text, limit=20), texts)
            fts = search_yardsticks.timings(fts_query, texts)
            hits = statistics.mean(archive.search(text, limit=20).total for text in texts)
            exact = all(archive.search(text, limit=20).total_exact for text in texts)
            about = "" if exact else "about "
            print(_row(kind, ours, fts) + f"   mean matches {about}{hits:.0f}", flush=True)
            results[kind] = {"ours": ours, "fts5": fts, "mean_matches": hits}
            if ours["p95"] > GOAL_QUERY_P95_MS:
                failures.append(f"{kind} p95 {ours['p95']:.0f} ms")
        for kind in ("common", "phrase", "fuzzy", "prefix"):
            cold = search_yardsticks.cold_timings(cold_search, queries[kind][:10])
            print(_row(f"cold {kind}", cold, None), flush=True)
            results[f"cold_{kind}"] = {"ours": cold}
            if cold["p95"] > GOAL_QUERY_P95_MS:
                failures.append(f"cold {kind} p95 {cold['p95']:.0f} ms")
        newest = search_yardsticks.timings(
            lambda text: archive.search(text, limit=20, order="newest"), queries["common"]
        )
        print(_row("by date", newest, None), flush=True)
        results["common_by_date"] = {"ours": newest}
        if newest["p95"] > GOAL_QUERY_P95_MS:
            failures.append(f"by date p95 {newest['p95']:.0f} ms")
    figures["queries"] = results

    facets = search_yardsticks.timings(lambda text: archive.facets(text), queries["common"])
    with contextlib.closing(__import__("sqlite3").connect(fts_path)) as conn:
        fts_facets = search_yardsticks.timings(
            lambda text: search_yardsticks.fts5_facets(conn, translate(text)),
            queries["common"][:10],
        )
    print(_row("facets", facets, fts_facets), flush=True)
    figures["facets"] = {"ours": facets, "fts5": fts_facets}
    if facets["p95"] > GOAL_FACETS_P95_MS:
        failures.append(f"facets p95 {facets['p95']:.0f} ms")

    with tempfile.TemporaryDirectory() as temp:
        page = Path(temp) / "late-breaking.html"
        page.write_text(
            "<html><head><title>Quixotic zeppelin sighting</title></head><body><article>"
            "<h1>Quixotic zeppelin sighting</h1><p>"
            + "A quixotic zeppelin was seen over the harbour this morning. " * 12
            + "</p></article></body></html>",
            encoding="utf-8",
        )
        started = time.perf_counter()
        imported = archive.import_paths([page])
        found = archive.search("quixotic zeppelin")
        added = time.perf_counter() - started
        # Taken out again, so that a later --reuse finds the library as generated.
        archive.delete_articles([r.article_id for r in imported if r.article_id])
    ok = len(found) == 1
    print(
        f"\nadd one article and find it: {added * 1000:.0f} ms ({'found' if ok else 'NOT found'})"
    )
    figures["add_one_s"] = added
    if added > GOAL_ADD_SECONDS or not ok:
        failures.append(f"add one article {added:.2f} s")
    archive.close()

    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if (
        "build_rate" in figures
        and figures["build_rate"]
        < GOAL_BUILD_RATIO
        * figures[  # type: ignore[operator]
            "plain_whoosh_rate"
        ]
    ):
        failures.append("index build rate below ×2 plain Whoosh")
    print("\ngoals: " + ("all met" if not failures else "missed: " + "; ".join(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
