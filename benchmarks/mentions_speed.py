"""Mention finding speed: 1,000 entities with their aliases over 10,000 articles of ~900 words.

Usage (from the checkout's root)::

    .venv/bin/python benchmarks/mentions_speed.py [--count 10000] [--seed 7] [--folder DIR]

It loads the synthetic corpus (``search_corpus``: articles in English,
Russian, German and Portuguese that name entities of its catalogue, by name
or alias, Latin or Cyrillic) straight into a library's database, loads the
catalogue (1,000 entities, 1-3 aliases each) through ``EntityCatalog``, then
times: the first full ``scan_articles()``; a second one with nothing to
change; scanning one newly imported article; adding one more alias (which
rescans only the articles where it appears); co-occurrence of the most
mentioned entity; suggestions per article. It also compares the entities found
per article with the ones the generator put there (recall and extras).
The search index is not written (that is the index's own benchmark).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_corpus  # noqa: E402

from archive_reader import Archive  # noqa: E402
from archive_reader.core.db.articles import NewArticle, insert_article  # noqa: E402
from archive_reader.core.db.originals import keep_original, record_original  # noqa: E402
from archive_reader.core.db.storage import Storage, sha256_of  # noqa: E402
from archive_reader.core.entities.catalog import EntityCatalog  # noqa: E402
from archive_reader.core.library import LibraryHandle  # noqa: E402

GOAL_SCAN_SECONDS = 30.0


def _load_articles(storage: Storage, count: int, seed: int) -> dict[int, set[str]]:
    """Writes the synthetic articles into the database; returns id -> entity names in it.

    The benchmark fills the database directly, without extraction.
    """
    original = b"synthetic corpus " + str(seed).encode()
    original_sha = sha256_of(original)
    keep_original(storage, original, original_sha)
    expected: dict[int, set[str]] = {}
    batch: list[search_corpus.SyntheticArticle] = []

    def flush() -> None:
        with storage.transaction():
            record_original(storage.db, original_sha, len(original), "text/plain", "synthetic")
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
                        html="",
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
                expected[article_id] = {name for name, _ in item.entities}
            # The index is not part of this benchmark.
            storage.db.execute("DELETE FROM index_queue")
        batch.clear()

    for item in search_corpus.generate(count, seed):
        batch.append(item)
        if len(batch) >= 1000:
            flush()
    flush()
    return expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="archive-reader-mentions-"))
    library = folder / "library"
    shutil.rmtree(library, ignore_errors=True)

    Archive.open(library).close()  # a new, empty library
    storage = Storage(library)
    try:
        started = time.perf_counter()
        expected = _load_articles(storage, args.count, args.seed)
        words = storage.db.execute("SELECT sum(word_count) FROM articles").fetchone()[0]
        print(
            f"loaded {len(expected)} articles ({words / len(expected):.0f} words on average)"
            f" in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        # A handle whose flush does nothing: the index is not part of this benchmark.
        handle = LibraryHandle(storage, threading.RLock(), lambda: None, library)
        catalog = EntityCatalog(handle)
        specs = search_corpus.catalogue(args.seed)
        db = storage.db
        with storage.transaction():
            for spec in specs:
                entity_id = db.execute(
                    "INSERT INTO entities (name, type, created_at) VALUES (?, ?, '')",
                    [spec.name, spec.type],
                ).lastrowid
                for form in spec.surfaces:
                    case_sensitive = form.isupper() and len(form) <= 6
                    db.execute(
                        "INSERT OR IGNORE INTO aliases (entity_id, text, case_sensitive)"
                        " VALUES (?, ?, ?)",
                        [entity_id, form, int(case_sensitive)],
                    )
        aliases = db.execute("SELECT count(*) FROM aliases").fetchone()[0]
        print(f"catalogue: {len(specs)} entities, {aliases} names and aliases", flush=True)

        started = time.perf_counter()
        found = catalog.scan_articles()
        first = time.perf_counter() - started
        queued = db.execute("SELECT count(*) FROM index_queue").fetchone()[0]
        print(
            f"first full scan: {first:.2f} s, {found} mentions found"
            f" ({len(expected) / first:.0f} articles/s); {queued} articles queued for the index",
            flush=True,
        )

        started = time.perf_counter()
        again = catalog.scan_articles()
        print(f"second full scan (nothing changes): {time.perf_counter() - started:.2f} s, {again}")

        names = {row[0]: row[1] for row in db.execute("SELECT id, name FROM entities")}
        got: dict[int, set[str]] = {article_id: set() for article_id in expected}
        for article_id, entity_id in db.execute(
            "SELECT DISTINCT article_id, entity_id FROM mentions WHERE rejected = 0"
        ).fetchall():
            got[article_id].add(names[entity_id])
        wanted = sum(len(v) for v in expected.values())
        hit = sum(len(expected[a] & got[a]) for a in expected)
        extra = sum(len(got[a] - expected[a]) for a in expected)
        print(
            f"entities per article: recall {hit / wanted:.4f} ({hit}/{wanted});"
            f" {extra} found that the generator did not put there"
            " (shared surnames and acronyms)"
        )

        one = max(expected)
        started = time.perf_counter()
        catalog.scan_articles([one])
        print(f"scan of one new article: {(time.perf_counter() - started) * 1000:.1f} ms")

        top = db.execute(
            "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        started = time.perf_counter()
        alias = catalog.add_alias(top, "Zyxwv Qutrop")
        print(f"add one alias (rescan where it appears): {time.perf_counter() - started:.2f} s")
        catalog.remove_alias(alias.id)

        started = time.perf_counter()
        pairs = catalog.cooccurrences(top, passages=5)
        entity = catalog.get(top)
        print(
            f"co-occurrence of {entity.name!r} ({entity.article_count} articles):"
            f" {time.perf_counter() - started:.2f} s, {len(pairs)} other entities"
        )

        started = time.perf_counter()
        listed = catalog.entities()
        print(
            f"list the catalogue with counts and dates: {time.perf_counter() - started:.2f} s"
            f" ({len(listed)} entities)"
        )

        timings = []
        for article_id in list(expected)[:200]:
            started = time.perf_counter()
            catalog.suggest(article_id)
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"suggestions per article: p50 {statistics.median(timings):.1f} ms,"
            f" max {max(timings):.1f} ms"
        )
    finally:
        storage.close()
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)
    verdict = "met" if first <= GOAL_SCAN_SECONDS else "NOT met"
    print(f"goal: full scan within {GOAL_SCAN_SECONDS:.0f} s: {verdict}")
    return 0 if first <= GOAL_SCAN_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
