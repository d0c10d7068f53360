"""Yardsticks for the search benchmark: SQLite FTS5 and plain Whoosh on the same corpus, and timers.

Nothing here uses the project's engine. FTS5 (through Python's own ``sqlite3``)
is a reference point for query times; "plain Whoosh" is the rate a single
default ``ix.writer()`` reaches on the same articles, the baseline the engine's
index build is compared with.

Run it as a script for the yardstick figures alone::

    .venv/bin/python benchmarks/search_yardsticks.py --count 100000 --whoosh 5000
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Protocol, TypeVar

import numpy as np
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema

Q = TypeVar("Q")

FTS5_TOKENIZE = "unicode61 remove_diacritics 2"
#: Weights of the title and body columns for bm25(), as the index boosts titles.
FTS5_WEIGHTS = (2.0, 1.0)
SNIPPET_TOKENS = 16

_SCHEMA = f"""
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    author TEXT NOT NULL,
    published TEXT NOT NULL,
    language TEXT NOT NULL
);
CREATE TABLE doc_tags (doc_id INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE TABLE doc_entities (doc_id INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='{FTS5_TOKENIZE}');
"""
# Created after the bulk load, inside the timed part.
_INDEXES = """
CREATE INDEX docs_site ON docs (site);
CREATE INDEX docs_author ON docs (author);
CREATE INDEX docs_published ON docs (published);
CREATE INDEX doc_tags_doc ON doc_tags (doc_id);
CREATE INDEX doc_entities_doc ON doc_entities (doc_id);
"""


class ArticleLike(Protocol):
    """What the yardsticks read from an article (``search_corpus.SyntheticArticle`` fits)."""

    title: str
    text: str
    url: str
    site_name: str
    author: str
    published: str
    language: str
    tags: list[str]
    entities: list[tuple[str, str]]


class EntityLike(Protocol):
    """What the translator reads from an entity (``search_corpus.EntitySpec`` fits)."""

    @property
    def name(self) -> str: ...

    @property
    def surfaces(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Fts5Query:
    """A query for FTS5: the MATCH expression and a SQL filter over the ``docs`` table."""

    match: str
    where: str = ""
    params: tuple[object, ...] = ()


# --- FTS5 -----------------------------------------------------------------------------------------


def _batches(items: Iterable[Q], size: int) -> Iterator[list[Q]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _insert(conn: sqlite3.Connection, first_id: int, articles: Sequence[ArticleLike]) -> None:
    ids = range(first_id, first_id + len(articles))
    conn.executemany(
        "INSERT INTO docs (id, url, site, author, published, language) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (i, a.url, a.site_name, a.author, a.published, a.language)
            for i, a in zip(ids, articles, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
        [(i, a.title, a.text) for i, a in zip(ids, articles, strict=True)],
    )
    conn.executemany(
        "INSERT INTO doc_tags (doc_id, tag) VALUES (?, ?)",
        [(i, tag) for i, a in zip(ids, articles, strict=True) for tag in a.tags],
    )
    conn.executemany(
        "INSERT INTO doc_entities (doc_id, name, type) VALUES (?, ?, ?)",
        [(i, n, t) for i, a in zip(ids, articles, strict=True) for n, t in a.entities],
    )


def fts5_build(
    db_path: Path, articles: Iterable[ArticleLike], *, batch: int = 1000, optimize: bool = True
) -> float:
    """Build an FTS5 library of the articles and return the rate in articles per second.

    Only the database work is timed: drawing the next batch from ``articles``
    (which may be a generator) is not. The companion indexes and, with
    ``optimize``, FTS5's segment merge are timed too, since the library is
    not ready to query before them. Rowids are 1, 2, ... in article order.

    Args:
        db_path: A database file that does not exist yet.
        articles: The corpus, in order.
        batch: Articles per transaction.
        optimize: Merge the FTS5 segments into one at the end.

    Returns:
        Articles per second.
    """
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.executescript(_SCHEMA)
        elapsed = 0.0
        count = 0
        for chunk in _batches(articles, batch):
            started = time.perf_counter()
            conn.execute("BEGIN")
            _insert(conn, count + 1, chunk)
            conn.execute("COMMIT")
            elapsed += time.perf_counter() - started
            count += len(chunk)
        started = time.perf_counter()
        conn.executescript(_INDEXES)
        if optimize:
            conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        elapsed += time.perf_counter() - started
    finally:
        conn.close()
    return count / elapsed if elapsed else 0.0


def fts5_add(conn: sqlite3.Connection, article: ArticleLike) -> int:
    """Add one article in its own transaction; returns its rowid."""
    (last,) = conn.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()
    with conn:
        _insert(conn, last + 1, [article])
    return int(last + 1)


def _select(query: Fts5Query) -> tuple[str, str]:
    """The FROM and WHERE parts of a search for ``query``."""
    if not query.match:
        raise ValueError("an FTS5 query needs at least one word, phrase or entity")
    if query.where:
        return "fts JOIN docs ON docs.id = fts.rowid", f"fts MATCH ? AND {query.where}"
    return "fts", "fts MATCH ?"


def fts5_query(
    conn: sqlite3.Connection, fts_query: Fts5Query | str, limit: int = 20
) -> list[tuple[int, str]]:
    """The top ``limit`` rowids by bm25, each with a snippet of its body.

    Args:
        conn: A connection to a library made by :func:`fts5_build`.
        fts_query: A translated query, or a bare FTS5 MATCH expression.
        limit: How many hits.

    Returns:
        ``(rowid, snippet)`` pairs, best first; matches in the snippet are in ``<b>``.
    """
    query = Fts5Query(fts_query) if isinstance(fts_query, str) else fts_query
    source, where = _select(query)
    sql = (
        f"SELECT fts.rowid, snippet(fts, 1, '<b>', '</b>', '…', {SNIPPET_TOKENS}) FROM {source}"
        f" WHERE {where} ORDER BY bm25(fts, {FTS5_WEIGHTS[0]}, {FTS5_WEIGHTS[1]}) LIMIT ?"
    )
    return conn.execute(sql, (query.match, *query.params, limit)).fetchall()


def fts5_count(conn: sqlite3.Connection, fts_query: Fts5Query | str) -> int:
    """How many articles match."""
    query = Fts5Query(fts_query) if isinstance(fts_query, str) else fts_query
    source, where = _select(query)
    sql = f"SELECT count(*) FROM {source} WHERE {where}"
    return int(conn.execute(sql, (query.match, *query.params)).fetchone()[0])


def fts5_facets(
    conn: sqlite3.Connection, fts_query: Fts5Query | str, top: int = 10
) -> dict[str, list[tuple[str, int]]]:
    """Counts of the matching articles by site, year, language, tag and entity.

    Args:
        conn: A connection to a library made by :func:`fts5_build`.
        fts_query: A translated query, or a bare FTS5 MATCH expression.
        top: How many values per facet, most frequent first.

    Returns:
        For each facet, ``(value, count)`` pairs.
    """
    query = Fts5Query(fts_query) if isinstance(fts_query, str) else fts_query
    source, where = _select(query)
    conn.execute("DROP TABLE IF EXISTS temp.hits")
    conn.execute(
        f"CREATE TEMP TABLE hits AS SELECT fts.rowid AS id FROM {source} WHERE {where}",
        (query.match, *query.params),
    )
    facets = {
        "site": "SELECT d.site, count(*) FROM hits JOIN docs d ON d.id = hits.id GROUP BY 1",
        "year": "SELECT substr(d.published, 1, 4), count(*) FROM hits"
        " JOIN docs d ON d.id = hits.id GROUP BY 1",
        "language": "SELECT d.language, count(*) FROM hits JOIN docs d ON d.id = hits.id"
        " GROUP BY 1",
        "tag": "SELECT t.tag, count(*) FROM hits JOIN doc_tags t ON t.doc_id = hits.id GROUP BY 1",
        "entity": "SELECT e.name, count(*) FROM hits JOIN doc_entities e ON e.doc_id = hits.id"
        " GROUP BY 1",
    }
    out = {
        name: conn.execute(f"{sql} ORDER BY 2 DESC, 1 LIMIT ?", (top,)).fetchall()
        for name, sql in facets.items()
    }
    conn.execute("DROP TABLE temp.hits")
    return out


@contextlib.contextmanager
def fts5_searcher(
    db_path: Path, translate: Callable[[str], Fts5Query], limit: int = 20
) -> Iterator[Callable[[str], list[tuple[int, str]]]]:
    """Open the library; yield a function from a query in our language to its top hits."""
    conn = sqlite3.connect(db_path)
    try:
        yield lambda text: fts5_query(conn, translate(text), limit)
    finally:
        conn.close()


# --- Our query language to FTS5 ----------------------------------------------------------------

_TOKEN = re.compile(
    r'(?P<field>\w+):(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))'
    r'|"(?P<phrase>[^"]*)"'
    r"|(?P<word>\S+)"
)
_FTS_WORD = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT"}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _date_bounds(text: str) -> tuple[str, str]:
    """``2019``, ``2019-03``, ``2019-03-14`` or ``A..B`` as [start, end) ISO dates."""
    start_text, _, end_text = text.partition("..")
    end_text = end_text or start_text

    def parse(value: str, end: bool) -> str:
        if not value:
            return "9999-12-31" if end else "0000-01-01"
        parts = [int(p) for p in value.split("-")]
        first = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        if not end:
            return first.isoformat()
        if len(parts) == 1:
            return date(parts[0] + 1, 1, 1).isoformat()
        if len(parts) == 2:
            return _month_after(first).isoformat()
        return (first + timedelta(days=1)).isoformat()

    return parse(start_text, end=False), parse(end_text, end=True)


class Fts5Translator:
    """Translates queries in the project's language into :class:`Fts5Query` objects.

    FTS5 has no stemming here (the unicode61 tokenizer), no fuzzy matching and no
    entity field, so the translation is close in spirit, not in results:

    - ``word~`` becomes the word it was misspelt from when ``corrections`` knows it
      (so FTS5 does comparable work), else the typed word (usually no hits);
    - ``entity:"X"`` becomes the entity's name and aliases OR'ed as phrases
      (FTS5 ignores case, so an acronym "RTV" and a word "rtv" are not told apart);
    - ``site:``, ``author:``, ``date:``, ``language:`` and ``tag:`` filter the
      companion tables with SQL; ``title:`` and ``body:`` are column filters;
    - ``abcd*`` is an FTS5 prefix query, ``"a b"`` a phrase, words are AND'ed.
    """

    def __init__(
        self,
        entities: Iterable[EntityLike] = (),
        corrections: Mapping[str, str] | None = None,
    ) -> None:
        self._corrections = dict(corrections or {})
        self._exact: dict[str, EntityLike] = {}
        self._folded: dict[str, EntityLike] = {}
        for entity in entities:
            for surface in entity.surfaces:
                self._exact.setdefault(surface, entity)
                self._folded.setdefault(surface.casefold(), entity)

    def __call__(self, text: str) -> Fts5Query:
        """Translate one query."""
        terms: list[str] = []
        where: list[str] = []
        params: list[object] = []
        for token in _TOKEN.finditer(text):
            if token["field"]:
                value = token["quoted"] if token["quoted"] is not None else token["bare"]
                self._field(token["field"].lower(), value, terms, where, params)
            elif token["phrase"] is not None:
                if token["phrase"].strip():
                    terms.append(_quote(token["phrase"]))
            else:
                terms.append(self._word(token["word"]))
        return Fts5Query(" ".join(t for t in terms if t), " AND ".join(where), tuple(params))

    def _word(self, word: str) -> str:
        if word in _OPERATORS:
            return word
        if word.endswith("*"):
            stem = " ".join(_FTS_WORD.findall(word))
            return f"{_quote(stem)}*" if stem else ""
        if "~" in word:
            typed = word.split("~", 1)[0]
            return _quote(self._corrections.get(typed, typed))
        plain = " ".join(_FTS_WORD.findall(word))
        return _quote(plain) if plain else ""

    def _field(
        self, field: str, value: str, terms: list[str], where: list[str], params: list[object]
    ) -> None:
        if field == "entity":
            entity = self._exact.get(value) or self._folded.get(value.casefold())
            surfaces = entity.surfaces if entity else (value,)
            phrases = sorted({_quote(" ".join(_FTS_WORD.findall(s))) for s in surfaces})
            terms.append(f"({' OR '.join(phrases)})" if len(phrases) > 1 else phrases[0])
        elif field in {"site", "author"}:
            where.append(f"docs.{field} = ?")
            params.append(value)
        elif field in {"language", "lang"}:
            where.append("docs.language = ?")
            params.append(value)
        elif field in {"date", "published"}:
            start, end = _date_bounds(value)
            where.append("docs.published >= ? AND docs.published < ?")
            params.extend((start, end))
        elif field == "tag":
            where.append("EXISTS (SELECT 1 FROM doc_tags t WHERE t.doc_id = docs.id AND t.tag = ?)")
            params.append(value)
        elif field in {"title", "body"}:
            words = _FTS_WORD.findall(value)
            if words:
                terms.append(f"{field} : {_quote(' '.join(words))}")
        else:
            terms.append(self._word(value))


def to_fts5(
    query: str,
    *,
    entities: Iterable[EntityLike] = (),
    corrections: Mapping[str, str] | None = None,
) -> Fts5Query:
    """Translate one query; see :class:`Fts5Translator` (build one to translate many)."""
    return Fts5Translator(entities, corrections)(query)


# --- Plain Whoosh ---------------------------------------------------------------------------------


def plain_whoosh_rate(articles: Iterable[ArticleLike], folder: Path, count: int = 5000) -> float:
    """The rate of plain single-writer Whoosh on the first ``count`` articles.

    The baseline: ``title=TEXT(stored=True)``, ``body=TEXT(analyzer=StemmingAnalyzer())``
    (positions on, the default), ``site=ID(stored=True)``, ``date=DATETIME(stored=True)``;
    one ``ix.writer()`` with default settings, ``add_document`` per article, one
    commit. The articles are drawn before the clock starts.

    Args:
        articles: The corpus; only its first ``count`` articles are used.
        folder: Where to create the index (made if missing; must hold no index).
        count: How many articles to index.

    Returns:
        Articles per second, commit included.
    """
    sample = list(itertools.islice(articles, count))
    folder.mkdir(parents=True, exist_ok=True)
    schema = Schema(
        title=TEXT(stored=True),
        body=TEXT(analyzer=StemmingAnalyzer()),
        site=ID(stored=True),
        date=DATETIME(stored=True),
    )
    started = time.perf_counter()
    ix = index.create_in(folder, schema)
    writer = ix.writer()
    for article in sample:
        writer.add_document(
            title=article.title,
            body=article.text,
            site=article.site_name,
            date=datetime.fromisoformat(article.published),
        )
    writer.commit()
    elapsed = time.perf_counter() - started
    ix.close()
    return len(sample) / elapsed


# --- Timers ---------------------------------------------------------------------------------------


def summarise(milliseconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, mean and max of some durations in milliseconds, and how many."""
    values = np.asarray(milliseconds, dtype=np.float64)
    return {
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "mean": float(values.mean()),
        "max": float(values.max()),
        "n": float(len(values)),
    }


def timings(
    func: Callable[[Q], object], queries: Sequence[Q], *, warm: bool = True
) -> dict[str, float]:
    """Time ``func`` on each query, in milliseconds.

    Args:
        func: Runs one query (and fetches what a results page shows).
        queries: The queries, each timed once.
        warm: Run every query once untimed first, so caches are filled.

    Returns:
        ``summarise()`` of the durations.
    """
    if warm:
        for query in queries:
            func(query)
    samples: list[float] = []
    for query in queries:
        started = time.perf_counter()
        func(query)
        samples.append((time.perf_counter() - started) * 1000)
    return summarise(samples)


def cold_timings(
    open_search: Callable[[], contextlib.AbstractContextManager[Callable[[Q], object]]],
    queries: Sequence[Q],
) -> dict[str, float]:
    """Time the first query after opening, for each query, in milliseconds.

    ``open_search()`` is entered afresh for every query (a new connection or
    searcher); opening is not timed. The operating system's file cache is not
    dropped (that needs root and would disturb other work on the machine), so
    "cold" means cold for the process: no warmed searcher, page cache or reader.
    """
    samples: list[float] = []
    for query in queries:
        with open_search() as func:
            started = time.perf_counter()
            func(query)
            samples.append((time.perf_counter() - started) * 1000)
    return summarise(samples)


# --- The yardstick figures alone ------------------------------------------------------------------


def _corpus_module() -> ModuleType:
    """search_corpus, whether this file runs as a script or as ``benchmarks.search_yardsticks``."""
    if __package__:
        from benchmarks import search_corpus
    else:
        import search_corpus
    return search_corpus


def main() -> int:
    """Build FTS5 and plain Whoosh over the synthetic corpus and print their figures."""
    parser = argparse.ArgumentParser(description="FTS5 and plain Whoosh yardsticks.")
    parser.add_argument("--count", type=int, default=100_000, help="articles for FTS5")
    parser.add_argument("--whoosh", type=int, default=5000, help="articles for plain Whoosh")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, help="keep the libraries here (default: temp)")
    args = parser.parse_args()
    corpus = _corpus_module()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="search-yardsticks-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "fts5.db"
    db_path.unlink(missing_ok=True)
    try:
        started = time.perf_counter()
        rate = fts5_build(db_path, corpus.generate(args.count, args.seed))
        total = time.perf_counter() - started
        size = db_path.stat().st_size / 2**20
        print(f"FTS5 build: {args.count} articles, {rate:.0f} articles/s (database work only;")
        print(f"  {total:.0f} s with generation), {size:.0f} MB")
        translate = Fts5Translator(corpus.catalogue(args.seed), corpus.fuzzy_corrections(args.seed))
        queries = corpus.query_set(args.seed)
        conn = sqlite3.connect(db_path)
        print(f"{'type':<11} {'warm p50':>9} {'p95':>7} {'cold p50':>9} {'p95':>7}  hits (median)")
        for kind, items in queries.items():
            warm = timings(lambda q: fts5_query(conn, translate(q)), items)
            cold = cold_timings(lambda: fts5_searcher(db_path, translate), items)
            hits = statistics.median(fts5_count(conn, translate(q)) for q in items)
            print(
                f"{kind:<11} {warm['p50']:9.1f} {warm['p95']:7.1f}"
                f" {cold['p50']:9.1f} {cold['p95']:7.1f}  {hits:.0f}"
            )
        facets = timings(lambda q: fts5_facets(conn, translate(q)), queries["common"][:10])
        print(f"facets (common word): p50 {facets['p50']:.0f} ms, p95 {facets['p95']:.0f} ms")
        extra = replace(
            next(corpus.generate(1, args.seed)),
            title="Yardstick extra article zqxv",
            url="https://extra.example/zqxv",
        )
        started = time.perf_counter()
        rowid = fts5_add(conn, extra)
        found = rowid in {r for r, _ in fts5_query(conn, Fts5Query(_quote(extra.title)))}
        added = (time.perf_counter() - started) * 1000
        print(f"add one article and find it by its title: {added:.0f} ms (found: {found})")
        conn.close()
        whoosh_folder = folder / "plain-whoosh"
        shutil.rmtree(whoosh_folder, ignore_errors=True)
        whoosh_rate = plain_whoosh_rate(corpus.generate(args.whoosh, args.seed), whoosh_folder)
        print(f"plain Whoosh build: {args.whoosh} articles, {whoosh_rate:.1f} articles/s")
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
