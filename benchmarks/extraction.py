"""Developer benchmark: extraction quality and speed on shared/bench/extraction or WCXB.

Usage::

    .venv/bin/python benchmarks/extraction.py [BENCH_DIR] [--bench extraction|wcxb]
        [--out predictions.json] [--per-page N] [--repeat R] [--limit N] [--no-others]

The layout of BENCH_DIR is detected: ``ground-truth.json`` is the 2019 news set
(``shared/bench/extraction``), a ``ground-truth/`` folder with ``metadata.json``
is WCXB (``shared/bench/wcxb-dev``). ``--bench`` names one of the two shared
folders instead of a path.

**The news set.**
Extracts every page of the benchmark, writes the predictions in the scorer's
format, scores them with the benchmark's own ``score.py`` and prints F1,
precision, recall and accuracy, then the median CPU time per page of
``extract_article`` against the median time of just ``BeautifulSoup(html,
"lxml")`` on the same pages (the floor), and their ratio. When trafilatura or
readability-lxml are importable, their figures from the same run are printed too.

It also checks the metadata: the canonical URL against the ground truth's ``url``
(normalised: scheme, ``www.``, trailing slash and fragment ignored) on the pages
that declare one, and how many pages got a title, author, date, language,
description and lead image.

**WCXB.** Every page is extracted with its title, author and date as a page
saved on its own is imported (the article; on a page without one, its visible
text, as the importer keeps it with a note); the
predictions are scored by the benchmark's own ``score.py --by-type``, whose
table is printed as is: mean word F1, precision and recall over pages, empty
extractions on pages with content, the shares of ``with`` snippets found and
``without`` snippets avoided, by page type, and title/author/date accuracy.
Then the median CPU time per page against ``BeautifulSoup(html, "lxml")`` on
the same pages, and trafilatura's figures from the same run when it is
importable (rs-trafilatura has no wheel for this platform on PyPI).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_reader.core.extraction.extractor import (  # noqa: E402
    extract_article,
    extract_visible_text,
)

DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "extraction"
NAMED_BENCHES = {
    "extraction": DEFAULT_BENCH,
    "wcxb": REPO.parent / "shared" / "bench" / "wcxb-dev",
}


def load_scorer(bench: Path) -> ModuleType:
    """Imports the benchmark's score.py as a module."""
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(bench: Path) -> dict[str, str]:
    """Returns {page key: decoded html} for every page of the benchmark."""
    pages = {}
    for path in sorted((bench / "html").glob("*.html.gz")):
        key = path.name[: -len(".html.gz")]
        pages[key] = gzip.decompress(path.read_bytes()).decode("utf-8")
    return pages


def timed(func: Callable[[str], Any], pages: dict[str, str], repeat: int) -> tuple[dict, float]:
    """Runs func on each page; returns predictions and the median seconds per page.

    A prediction is ``{"articleBody": text}`` when func returns a string, else
    whatever func returns.
    """
    predictions = {}
    times = []
    for key, html in pages.items():
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            result = func(html)
            best = min(best, time.process_time() - start)
        times.append(best)
        predictions[key] = {"articleBody": result} if isinstance(result, str) else result
    return predictions, statistics.median(times)


def _ours(html: str) -> str:
    return extract_article(html).text


def normalise_url(url: str, *, loose: bool = False) -> str:
    """Returns a URL without scheme, ``www.``, fragment and trailing slash, lowercased host.

    With ``loose``, the query string and the letter case of the path are ignored too.
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    if loose:
        return f"{host}{path.lower()}"
    return f"{host}{path}{query}"


_COVERED = ("title", "author", "published", "site_name", "language", "description", "image")


def metadata_report(pages: dict[str, str], truth: dict[str, dict]) -> list[str]:
    """Returns lines on the canonical URL match rate and metadata coverage."""
    declared = matched = loose = 0
    misses: list[str] = []
    covered = dict.fromkeys(_COVERED, 0)
    for key, html in pages.items():
        article = extract_article(html)
        for name in _COVERED:
            if getattr(article, name):
                covered[name] += 1
        true_url = (truth.get(key) or {}).get("url")
        if article.url and true_url:
            declared += 1
            if normalise_url(article.url, loose=True) == normalise_url(true_url, loose=True):
                loose += 1
            if normalise_url(article.url) == normalise_url(true_url):
                matched += 1
            else:
                misses.append(f"  {key[:16]}  {article.url}  (truth {true_url})")
    total = len(pages)
    rate = matched / declared if declared else float("nan")
    lines = [
        f"canonical URL: {matched}/{declared} pages that declare one match the truth "
        f"({rate:.1%}); {total - declared} pages declare none; "
        f"{loose}/{declared} also ignoring the query and the path's letter case",
        "coverage: " + ", ".join(f"{name} {count}/{total}" for name, count in covered.items()),
    ]
    return lines + misses


def _tree(html: str) -> str:
    BeautifulSoup(html, "lxml")
    return ""


def _others() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {}
    try:
        import trafilatura  # type: ignore[import-not-found]

        found["trafilatura"] = lambda h: trafilatura.extract(h, include_comments=False) or ""
    except ImportError:
        pass
    try:
        from readability import Document  # type: ignore[import-not-found]

        def _readability(h: str) -> str:
            summary = Document(h).summary()
            return BeautifulSoup(summary, "lxml").get_text("\n", strip=True)

        found["readability-lxml"] = _readability
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bench", nargs="?", type=Path, default=None)
    parser.add_argument(
        "--bench",
        dest="named",
        choices=sorted(NAMED_BENCHES),
        default=None,
        help="one of the shared benchmarks instead of a folder",
    )
    parser.add_argument("--out", type=Path, default=None, help="write predictions here")
    parser.add_argument("--per-page", type=int, default=0, metavar="N", help="list N worst pages")
    parser.add_argument("--repeat", type=int, default=1, help="time each page R times, keep best")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N pages")
    parser.add_argument(
        "--no-others", action="store_true", help="skip trafilatura and readability-lxml"
    )
    args = parser.parse_args(argv)

    bench: Path = args.bench or NAMED_BENCHES[args.named or "extraction"]
    if (bench / "ground-truth").is_dir() and (bench / "metadata.json").is_file():
        return run_wcxb(bench, args)
    return run_news(bench, args)


def run_news(bench: Path, args: argparse.Namespace) -> int:
    """The 2019 news set: F1, accuracy, speed and metadata coverage."""
    if not (bench / "score.py").is_file() or not (bench / "html").is_dir():
        print(
            f"Benchmark folder not found: {bench}\n"
            "Expected score.py, ground-truth.json and html/*.html.gz "
            "(see shared/bench/extraction/README.md).",
            file=sys.stderr,
        )
        return 2
    scorer = load_scorer(bench)
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = load_pages(bench)
    if args.limit:
        pages = dict(list(pages.items())[: args.limit])
    keys = sorted(set(truth) & set(pages))

    # Warm up imports and caches so the first page does not pay for them.
    extract_article(next(iter(pages.values())))
    _, tree_median = timed(_tree, pages, args.repeat)
    predictions, ours_median = timed(_ours, pages, args.repeat)

    out = args.out or Path(tempfile.gettempdir()) / "archive-reader-extraction-predictions.json"
    out.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")

    rows = [("archive_reader", predictions, ours_median)]
    for name, func in ({} if args.no_others else _others()).items():
        preds, median = timed(func, pages, 1)
        rows.append((name, preds, median))

    print(f"{len(pages)} pages from {bench}; predictions written to {out}")
    print(f"{'extractor':<18} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'ms/page':>8}")
    per_page_ours = None
    for name, preds, median in rows:
        result, per_page = scorer.score(truth, preds, keys, n_bootstrap=200)
        if per_page_ours is None:
            per_page_ours = per_page
        print(
            f"{name:<18} {result['f1']:6.3f} {result['precision']:6.3f} "
            f"{result['recall']:6.3f} {result['accuracy']:6.3f} {median * 1000:8.1f}"
            f"   (F1 ± {result['f1_std']:.3f})"
        )
    print(
        f"tree floor: BeautifulSoup(html, 'lxml') median {tree_median * 1000:.1f} ms/page; "
        f"extraction {ours_median * 1000:.1f} ms/page; ratio {ours_median / tree_median:.2f}x"
    )
    for line in metadata_report(pages, truth):
        print(line)
    if args.per_page and per_page_ours:
        print(f"worst {args.per_page} pages (archive_reader):")
        for row in sorted(per_page_ours, key=lambda r: r["f1"])[: args.per_page]:
            print(
                f"  {row['key'][:16]}  F1 {row['f1']:.3f}  P {row['precision']:.3f}  "
                f"R {row['recall']:.3f}"
            )
    return 0


def _ours_full(html: str) -> dict[str, str]:
    # What a page saved on its own is imported as (the importer's rule): the
    # article, else the page's visible text with a note saying so.
    article = extract_article(html)
    if not article.text.strip():
        article = extract_visible_text(html)
    return {
        "text": article.text,
        "title": article.title,
        "author": article.author or "",
        "date": article.published or "",
    }


def _trafilatura_full() -> Callable[[str], dict[str, str]] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str) -> dict[str, str]:
        found = trafilatura.extract(html, output_format="json", with_metadata=True)
        data = json.loads(found) if found else {}
        return {k: data.get(k) or "" for k in ("text", "title", "author", "date")}

    return run


def run_wcxb(bench: Path, args: argparse.Namespace) -> int:
    """WCXB: the benchmark's own per-type table, metadata accuracy and speed, with peers."""
    scorer = load_scorer(bench)
    types = {
        key: entry.get("page_type", "?")
        for key, entry in json.loads((bench / "metadata.json").read_text(encoding="utf-8"))
        .get("files", {})
        .items()
    }
    pages = load_pages(bench)
    if args.limit:
        pages = dict(list(pages.items())[: args.limit])
    truth = {
        key: json.loads((bench / "ground-truth" / f"{key}.json").read_text(encoding="utf-8"))[
            "ground_truth"
        ]
        for key in pages
    }
    extract_article(next(iter(pages.values())))
    _, tree_median = timed(_tree, pages, args.repeat)
    predictions, ours_median = timed(_ours_full, pages, args.repeat)
    rows: list[tuple[str, dict, float]] = [("archive_reader", predictions, ours_median)]
    trafilatura_run = None if args.no_others else _trafilatura_full()
    if trafilatura_run is not None:
        preds, median = timed(trafilatura_run, pages, 1)
        rows.append(("trafilatura", preds, median))
    out = args.out or Path(tempfile.gettempdir()) / "archive-reader-wcxb-predictions.json"
    print(f"{len(pages)} pages from {bench}")
    for name, preds, median in rows:
        path = out if name == "archive_reader" else out.with_name(f"{out.stem}-{name}.json")
        path.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
        print(f"\n== {name}: predictions in {path}; median {median * 1000:.1f} ms/page")
        scored = subprocess.run(
            [sys.executable, str(bench / "score.py"), str(path), "--by-type"],
            capture_output=True,
            text=True,
            check=True,
        )
        print(scored.stdout.rstrip())
        if args.limit:
            print("(with --limit, the pages left out count as empty above)")
    print(
        f"\ntree floor: BeautifulSoup(html, 'lxml') median {tree_median * 1000:.1f} ms/page; "
        f"extraction {ours_median * 1000:.1f} ms/page; ratio {ours_median / tree_median:.2f}x"
        + "".join(f"; {name} {median / ours_median:.2f}x ours" for name, _, median in rows[1:])
    )
    print("rs-trafilatura: not run (PyPI has no wheel for it on this platform)")
    if args.per_page:
        print(f"worst {args.per_page} pages (archive_reader):")
        scored_pages = []
        for key, gt in truth.items():
            f1 = scorer.prf(predictions[key]["text"], gt.get("main_content"))[2]
            scored_pages.append((f1, key))
        for f1, key in sorted(scored_pages)[: args.per_page]:
            print(f"  {key}  {types.get(key, '?'):<13}  F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
