"""The search engine against the brute-force oracle, at length, with a count per query type.

The same libraries, query generators and comparison as
``tests/core/search/test_oracle.py`` (all in ``tests/search_oracle.py``), with
larger libraries, more seeds and many more queries, drawn from a seeded
``random`` instead of Hypothesis. Every disagreement is counted; the first
few of each query type are printed with the extra and missing articles and
where the oracle found each part of the query in them. Exits 1 if the engine
and the oracle disagreed on any query::

    .venv/bin/python benchmarks/search_oracle.py
    .venv/bin/python benchmarks/search_oracle.py --seeds 7 --articles 300 --queries 500
    .venv/bin/python benchmarks/search_oracle.py --types phrase cjk --show 10
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.search_oracle import (  # noqa: E402
    QUERY_TYPES,
    RandomChooser,
    build_library,
    compare,
)

ORDERS = ("relevance", "newest", "oldest")
PAGE_SIZES = (1, 3, 7, 20, 50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    parser.add_argument("--articles", type=int, default=150, help="articles per library")
    parser.add_argument("--queries", type=int, default=150, help="queries per type and library")
    parser.add_argument("--types", nargs="+", choices=sorted(QUERY_TYPES), default=None)
    parser.add_argument("--show", type=int, default=3, help="disagreements printed per type")
    parser.add_argument("--folder", type=Path, help="where to build the libraries (kept)")
    args = parser.parse_args()
    types = args.types or list(QUERY_TYPES)

    runs: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    disagreements: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.folder or Path(scratch)
        for seed in args.seeds:
            built = time.perf_counter()
            library = build_library(root / f"oracle-{seed}", seed, args.articles)
            print(
                f"library {seed}: {len(library.articles)} articles"
                f" in {time.perf_counter() - built:.1f} s",
                flush=True,
            )
            chooser = RandomChooser(seed)
            try:
                for kind in types:
                    for number in range(args.queries):
                        query = QUERY_TYPES[kind](chooser, library)
                        # Every tenth query is paged in all three orders, the others in one.
                        orders = ORDERS if number % 10 == 0 else (chooser.pick(ORDERS),)
                        outcome = compare(
                            library.archive,
                            library.oracle,
                            query,
                            page_size=chooser.pick(PAGE_SIZES),
                            orders=orders,
                        )
                        runs[kind] += 1
                        if outcome.skipped:
                            skipped[kind] += 1
                        elif outcome.problems:
                            disagreements[kind] += 1
                            if shown[kind] < args.show:
                                shown[kind] += 1
                                print(f"\n[{kind}, library {seed}]\n{outcome.report()}", flush=True)
            finally:
                library.close()

    print(f"\n{'query type':<14}{'queries':>9}{'skipped':>9}{'disagree':>10}")
    for kind in types:
        print(f"{kind:<14}{runs[kind]:>9}{skipped[kind]:>9}{disagreements[kind]:>10}")
    total = sum(disagreements.values())
    print(
        f"{'all':<14}{sum(runs.values()):>9}{sum(skipped.values()):>9}{total:>10}"
        f"   ({time.perf_counter() - started:.0f} s)"
    )
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
