"""Import speed: time to import a folder of saved pages into a new library.

Usage:
    .venv/bin/python benchmarks/import_speed.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/fixtures/saved-pages beside the checkout. Each
run imports into a fresh temporary library, then imports again (all
duplicates), and prints files, results, seconds and pages per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from archive_reader import Archive

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "saved-pages"


def _once(folder: Path) -> tuple[float, float, Counter[str], int]:
    with tempfile.TemporaryDirectory() as temp, Archive.open(Path(temp) / "library") as archive:
        started = time.perf_counter()
        first = archive.import_paths([folder])
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        archive.import_paths([folder])
        second_time = time.perf_counter() - started
        assert archive.check() == []
    return first_time, second_time, Counter(r.status.value for r in first), len(first)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    runs = [_once(args.folder) for _ in range(args.repeat)]
    first = statistics.median(run[0] for run in runs)
    second = statistics.median(run[1] for run in runs)
    counts, results = runs[0][2], runs[0][3]
    print(f"folder: {args.folder}")
    print(f"results: {results} ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    print(f"first import:  {first:.2f} s median of {args.repeat}, {results / first:.1f} pages/s")
    print(f"second import: {second:.2f} s (all duplicates), {results / second:.1f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
