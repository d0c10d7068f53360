"""Search quality on the Cranfield collection: nDCG@10, MAP@100 and recall@100.

Usage (from the checkout's root; a run takes under a minute)::

    .venv/bin/python benchmarks/cranfield.py [BENCH_DIR] [--folder DIR] [--reindex]
        [--json PATH]

BENCH_DIR defaults to ../shared/bench/cranfield beside the checkout (1,400
abstracts, 225 queries, graded judgements; see its README.md).

Each abstract becomes a small saved page we write ourselves (``lang="en"``, the
title as ``<title>`` and ``<h1>``, the text as ``<p>`` paragraphs), one file per
document named after its Cranfield id, imported into a new library with
``Archive.import_paths``; the import results' paths map each article back to
its document. The script reports how many pages were imported or skipped, and
how the stored titles and texts differ from the source (the extractor may drop
or change words).

Each of the 225 queries then runs three ways, top 100:

- ``ours, as typed``: ``archive.search(query)`` with the query's text as it
  is in cran.qry, whitespace collapsed (query syntax and all). Hits are taken in
  the order returned, exact or partial matches alike.
- ``ours, words OR``: the query's words (alphanumeric runs, lowercased, so
  ``or``/``and``/``not`` stay words) joined by `` OR ``.
- ``Whoosh BM25F``: a plain Whoosh index built in the same run from the same
  documents (``title`` and ``text``, ``StemmingAnalyzer``, default BM25F),
  the same words through a ``MultifieldParser`` over both fields with
  ``OrGroup``.

Scores come from ``ir_measures`` (trec_eval's formulas via pytrec_eval): nDCG@10
with graded gain 5 - code for codes 1-4 (0 for -1, "no interest") and the ideal
ranking from all judged documents; MAP@100 and recall@100 count a document as
relevant when its gain is above 0. Every query counts: one with no hits scores 0.
Documents that were not imported stay in the judgements, so a page the
extractor skips costs recall. The time per query is the median wall time of
the search call (ours includes the snippets of all 100 hits).

``--folder DIR`` keeps the pages, the library and the Whoosh index in DIR; a
later run with the same folder reuses them (``--reindex`` rebuilds the
library's index first, e.g. after a change to text analysis).
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index, qparser
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_reader import Archive  # noqa: E402
from archive_reader.core.models import ImportStatus  # noqa: E402

DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "cranfield"
LIMIT = 100
_FILES = ("cran.all.1400", "cran.qry", "cranqrel")
_WORD = re.compile(r"[^\W_]+")
_PAGE_NAME = re.compile(r"cran-(\d+)\.html")


@dataclass(slots=True)
class Document:
    """One Cranfield abstract."""

    doc_id: str
    title: str
    text: str
    """Paragraphs separated by a blank line (the first usually repeats the title)."""


@dataclass(slots=True)
class Run:
    """One system's hits and timings over all queries."""

    name: str
    ranked: dict[str, list[str]] = field(default_factory=dict)
    """Query id -> Cranfield doc ids, best first."""
    seconds: list[float] = field(default_factory=list)
    exact: int = 0
    """Queries with at least one hit marked exact (all hits count as exact
    when the engine does not mark them)."""
    partial: int = 0
    """Queries with at least one hit marked partial."""
    notices: int = 0
    """Queries whose results carry a notice (the query was not read as written)."""
    unmapped: int = 0
    """Hits on articles that no Cranfield document was imported as."""


# Reading the collection


def _records(path: Path) -> list[dict[str, str]]:
    """The records of a SMART-format file: {".I": id, ".T": text, ...} in file order."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    tag = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = line.strip()
        if marker.startswith(".I "):
            current = {".I": [marker[3:].strip()]}
            records.append(current)
            tag = ""
        elif re.fullmatch(r"\.[TABW]", marker):
            tag = marker
            current.setdefault(tag, [])
        elif tag:
            current[tag].append(line)
    return [{key: "\n".join(lines) for key, lines in record.items()} for record in records]


def _paragraphs(text: str) -> list[str]:
    """Splits an abstract at the lines that start indented, collapsing whitespace."""
    parts = re.split(r"\n(?=[ \t])", text.strip("\n"))
    return [" ".join(part.split()) for part in parts if part.strip()]


def load_documents(bench: Path) -> dict[str, Document]:
    """Returns {doc id: Document} for the 1,400 abstracts."""
    documents = {}
    for record in _records(bench / "cran.all.1400"):
        doc_id = record[".I"]
        title = " ".join(record.get(".T", "").split())
        documents[doc_id] = Document(doc_id, title, "\n\n".join(_paragraphs(record.get(".W", ""))))
    return documents


def load_queries(bench: Path) -> dict[str, str]:
    """Returns {"1": text, ..., "225": text}: numbered in order, whitespace collapsed."""
    records = _records(bench / "cran.qry")
    return {str(number): " ".join(r.get(".W", "").split()) for number, r in enumerate(records, 1)}


def load_qrels(bench: Path) -> dict[str, dict[str, int]]:
    """Returns {query id: {doc id: gain}}, gain = 5 - code for codes 1-4, else 0."""
    qrels: dict[str, dict[str, int]] = {}
    for line in (bench / "cranqrel").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        query, doc, code = line.split()[:3]
        gain = 5 - int(code) if 1 <= int(code) <= 4 else 0
        qrels.setdefault(query, {})[doc] = gain
    return qrels


def words(text: str) -> list[str]:
    """The alphanumeric runs of a text, lowercased."""
    return _WORD.findall(text.lower())


# The library


def page_html(doc: Document) -> str:
    """A small saved page for one abstract."""
    title = html.escape(doc.title)
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in doc.text.split("\n\n"))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n"
        f"{paragraphs}\n</article>\n</body>\n</html>\n"
    )


def write_pages(documents: dict[str, Document], folder: Path) -> None:
    """Writes one page per document as ``cran-NNNN.html`` (kept if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in documents.values():
        path = folder / f"cran-{int(doc.doc_id):04d}.html"
        content = page_html(doc)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")


@dataclass(slots=True)
class Imported:
    """What the import made of the pages."""

    seconds: float
    statuses: Counter[str]
    doc_of: dict[int, list[str]]
    """Article id -> the Cranfield doc ids imported as it (one, unless merged as duplicates)."""
    not_imported: dict[str, str]
    """Doc id -> status and reason, for the pages that gave no article."""


def import_pages(archive: Archive, pages: Path) -> Imported:
    """Imports the folder of pages (again: a reused library answers with duplicates)."""
    started = time.perf_counter()
    results = archive.import_paths([pages])
    seconds = time.perf_counter() - started
    doc_of: dict[int, list[str]] = {}
    not_imported = {}
    statuses: Counter[str] = Counter()
    for result in results:
        statuses[str(result.status)] += 1
        match = _PAGE_NAME.fullmatch(Path(result.path).name)
        assert match is not None, result.path
        doc_id = str(int(match.group(1)))
        if result.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE):
            assert result.article_id is not None
            doc_of.setdefault(result.article_id, []).append(doc_id)
        else:
            not_imported[doc_id] = f"{result.status}: {result.reason}"
    return Imported(seconds, statuses, doc_of, not_imported)


def text_changes(
    archive: Archive, documents: dict[str, Document], doc_of: dict[int, list[str]]
) -> list[str]:
    """Lines on how the stored titles and texts differ from the source, word by word."""
    titles = texts = lost_total = added_total = 0
    first_paragraph_dropped = 0
    examples: list[str] = []
    for article_id, doc_ids in doc_of.items():
        article = archive.get(article_id)
        doc = documents[doc_ids[0]]
        if words(article.title) != words(doc.title):
            titles += 1
            if len(examples) < 3:
                examples.append(f"  doc {doc.doc_id} title: {article.title!r} (was {doc.title!r})")
        source = Counter(words(doc.text))
        stored = Counter(words(article.text))
        if source == stored:
            continue
        texts += 1
        lost = source - stored
        added = stored - source
        lost_total += sum(lost.values())
        added_total += sum(added.values())
        first = doc.text.split("\n\n")[0]
        if lost == Counter(words(first)) and not added:
            first_paragraph_dropped += 1
        elif len(examples) < 6:
            examples.append(
                f"  doc {doc.doc_id} text: lost {sorted(lost.elements())[:8]}, "
                f"added {sorted(added.elements())[:8]}"
            )
    lines = [
        f"stored text against the source ({len(doc_of)} articles, words compared as multisets): "
        f"{titles} titles differ; {texts} texts differ ({lost_total} words lost, "
        f"{added_total} added), {first_paragraph_dropped} of them only by dropping the "
        "first paragraph (the abstract's repeat of its title)"
    ]
    return lines + examples


# Running the queries


def run_ours(
    name: str,
    archive: Archive,
    queries: dict[str, str],
    doc_of: dict[int, list[str]],
    rewrite: Callable[[str], str],
) -> Run:
    """Runs every query through ``archive.search`` and maps the hits to doc ids."""
    run = Run(name)
    for query_id, text in queries.items():
        query = rewrite(text)
        started = time.perf_counter()
        results = archive.search(query, limit=LIMIT)
        run.seconds.append(time.perf_counter() - started)
        hits = list(results)[:LIMIT]
        if results.notice:
            run.notices += 1
        if any(getattr(hit, "exact", True) for hit in hits):
            run.exact += 1
        if any(not getattr(hit, "exact", True) for hit in hits):
            run.partial += 1
        ranked: list[str] = []
        for hit in hits:
            doc_ids = doc_of.get(hit.article_id)
            if doc_ids is None:
                run.unmapped += 1
                continue
            ranked.extend(doc_ids)
        run.ranked[query_id] = ranked[:LIMIT]
    return run


def or_words(text: str) -> str:
    """The query's words joined by OR (lowercase, so none of them is an operator)."""
    return " OR ".join(words(text))


def run_whoosh(documents: dict[str, Document], queries: dict[str, str], folder: Path) -> Run:
    """Builds (or reuses) a plain Whoosh index of the documents and runs every query."""
    if index.exists_in(str(folder)):
        ix = index.open_dir(str(folder))
    else:
        folder.mkdir(parents=True, exist_ok=True)
        schema = Schema(
            doc_id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer()),
            text=TEXT(analyzer=StemmingAnalyzer()),
        )
        ix = index.create_in(str(folder), schema)
        writer = ix.writer()
        for doc in documents.values():
            writer.add_document(doc_id=doc.doc_id, title=doc.title, text=doc.text)
        writer.commit()
    parser = qparser.MultifieldParser(["title", "text"], ix.schema, group=qparser.OrGroup)
    run = Run("Whoosh BM25F")
    with ix.searcher() as searcher:
        for query_id, text in queries.items():
            started = time.perf_counter()
            hits = searcher.search(parser.parse(" ".join(words(text))), limit=LIMIT)
            ranked = [hit["doc_id"] for hit in hits]
            run.seconds.append(time.perf_counter() - started)
            run.ranked[query_id] = ranked
            run.exact += bool(ranked)
    ix.close()
    return run


# Scoring


def score(run: Run, qrels: dict[str, dict[str, int]]) -> dict[str, object]:
    """nDCG@10, MAP@100 and recall@100 averaged over every judged query (no hits: 0)."""
    import ir_measures
    from ir_measures import AP, R, nDCG

    measures = {"nDCG@10": nDCG @ 10, "MAP@100": AP @ 100, "recall@100": R @ 100}
    # Scores by rank, so that trec_eval's ordering (score, then doc id) keeps ours.
    ranked = {
        query_id: {doc_id: float(LIMIT - rank) for rank, doc_id in enumerate(docs)}
        for query_id, docs in run.ranked.items()
        if docs and query_id in qrels
    }
    per_query: dict[str, dict[str, float]] = {name: dict.fromkeys(qrels, 0.0) for name in measures}
    names = {str(measure): name for name, measure in measures.items()}
    if ranked:
        for metric in ir_measures.iter_calc(list(measures.values()), qrels, ranked):
            per_query[names[str(metric.measure)]][metric.query_id] = metric.value
    figures: dict[str, object] = {
        name: statistics.fmean(values.values()) for name, values in per_query.items()
    }
    zero = [query_id for query_id in qrels if not run.ranked.get(query_id)]
    figures["zero_hits"] = len(zero)
    figures["zero_hit_queries"] = zero
    figures["median_ms"] = statistics.median(run.seconds) * 1000
    figures["exact"] = run.exact
    figures["partial"] = run.partial
    figures["notices"] = run.notices
    figures["unmapped_hits"] = run.unmapped
    figures["per_query_ndcg10"] = per_query["nDCG@10"]
    return figures


# The run


def _check_bench(bench: Path) -> bool:
    missing = [name for name in _FILES if not (bench / name).is_file()]
    if missing:
        print(
            f"Cranfield collection not found in {bench} (missing {', '.join(missing)}).\n"
            "Expected cran.all.1400, cran.qry and cranqrel, as in "
            "../shared/bench/cranfield beside the checkout (see its README.md).",
            file=sys.stderr,
        )
        return False
    return True


def _measure(bench: Path, folder: Path, reindex: bool) -> dict[str, object]:
    started = time.perf_counter()
    documents = load_documents(bench)
    queries = load_queries(bench)
    qrels = load_qrels(bench)
    write_pages(documents, folder / "pages")
    reused = Archive.exists(folder / "library")
    with Archive.open(folder / "library") as archive:
        if reindex:
            for _ in archive.reindex():
                pass
        imported = import_pages(archive, folder / "pages")
        changes = text_changes(archive, documents, imported.doc_of)
        archive.warm_up()
        runs = [
            run_ours("ours, as typed", archive, queries, imported.doc_of, lambda text: text),
            run_ours("ours, words OR", archive, queries, imported.doc_of, or_words),
        ]
    runs.append(run_whoosh(documents, queries, folder / "whoosh"))
    judged = {doc for judgements in qrels.values() for doc in judgements}
    relevant = {doc for judgements in qrels.values() for doc, gain in judgements.items() if gain}
    return {
        "bench": str(bench),
        "documents": len(documents),
        "queries": len(queries),
        "judged_queries": len(qrels),
        "library_reused": reused,
        "import_seconds": imported.seconds,
        "import_statuses": dict(imported.statuses),
        "articles": len(imported.doc_of),
        "merged": {str(a): d for a, d in imported.doc_of.items() if len(d) > 1},
        "not_imported": imported.not_imported,
        "not_imported_judged": sorted(set(imported.not_imported) & judged, key=int),
        "not_imported_relevant": sorted(set(imported.not_imported) & relevant, key=int),
        "text_changes": changes,
        "systems": {run.name: score(run, qrels) for run in runs},
        "seconds": time.perf_counter() - started,
    }


def _print(figures: dict[str, object]) -> None:
    statuses = figures["import_statuses"]
    assert isinstance(statuses, dict)
    print(
        f"{figures['documents']} documents, {figures['queries']} queries "
        f"({figures['judged_queries']} judged) from {figures['bench']}"
    )
    print(
        f"import: {figures['import_seconds']:.1f} s"
        + (" (library reused)" if figures["library_reused"] else "")
        + "; "
        + ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
        + f"; {figures['articles']} articles"
    )
    not_imported = figures["not_imported"]
    assert isinstance(not_imported, dict)
    for doc_id, why in not_imported.items():
        print(f"  doc {doc_id} not imported ({why})")
    if not_imported:
        print(
            f"  of these, judged: {figures['not_imported_judged']}, "
            f"relevant: {figures['not_imported_relevant']} (still scored)"
        )
    if figures["merged"]:
        print(f"  merged as duplicates (article: docs): {figures['merged']}")
    changes = figures["text_changes"]
    assert isinstance(changes, list)
    for line in changes:
        print(line)
    print()
    header = (
        f"{'system':<16} {'nDCG@10':>8} {'MAP@100':>8} {'R@100':>7} {'0 hits':>7} "
        f"{'ms/query':>9}  {'exact':>5} {'partial':>7} {'notice':>6}"
    )
    print(header)
    print("-" * len(header))
    systems = figures["systems"]
    assert isinstance(systems, dict)
    for name, row in systems.items():
        print(
            f"{name:<16} {row['nDCG@10']:8.3f} {row['MAP@100']:8.3f} {row['recall@100']:7.3f} "
            f"{row['zero_hits']:7d} {row['median_ms']:9.1f}  {row['exact']:5d} "
            f"{row['partial']:7d} {row['notices']:6d}"
        )
        if 0 < row["zero_hits"] < 30:
            print(f"  queries with no hits: {', '.join(row['zero_hit_queries'])}")
        if row["unmapped_hits"]:
            print(f"  {row['unmapped_hits']} hits on articles not from the collection (skipped)")
    print(
        "exact / partial: queries with at least one hit marked exact / partial (a hit not "
        "marked counts as exact); notice: queries not read as written"
    )
    print(f"run time: {figures['seconds']:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bench", nargs="?", type=Path, default=DEFAULT_BENCH)
    parser.add_argument(
        "--folder", type=Path, default=None, help="keep pages, library and Whoosh index here"
    )
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild a reused library's index first"
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also write the figures here ('-': stdout only)"
    )
    args = parser.parse_args(argv)
    if not _check_bench(args.bench):
        return 2
    if importlib.util.find_spec("ir_measures") is None:
        print("ir_measures is missing: .venv/bin/pip install ir-measures", file=sys.stderr)
        return 2

    if args.folder is not None:
        figures = _measure(args.bench, args.folder, args.reindex)
    else:
        with tempfile.TemporaryDirectory(prefix="cranfield-") as temp:
            figures = _measure(args.bench, Path(temp), args.reindex)
    if args.json is not None and str(args.json) == "-":
        print(json.dumps(figures, indent=2))
        return 0
    _print(figures)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
