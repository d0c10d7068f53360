"""Queries, ranking, date filters, facets and snippets over the Whoosh index.

A query string is parsed by :mod:`archive_reader.core.search.query` and compiled into
Whoosh queries by :mod:`archive_reader.core.search.compiler`. What Whoosh is slow at is
done beside it:

* date ranges at the top level of a query become a filter computed with numpy
  over the index's date column, not a union of numeric terms;
* prefix and fuzzy words expand to at most a few dozen terms of the index's
  vocabulary (the most frequent ones; fuzzy matching by rapidfuzz);
* ordering by date, and facet counts, use numpy arrays kept per index reader
  (:mod:`archive_reader.core.search.cache`, :mod:`archive_reader.core.search.facets`);
* snippets (:mod:`archive_reader.core.search.snippets`) are cut from the article
  text that SQLite keeps, by a scan that stems only the words that could match,
  instead of Whoosh's highlighter.

A searcher is kept open and refreshed when the index changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.index import Index
from whoosh.searching import Searcher

from archive_reader.core.errors import QuerySyntaxError
from archive_reader.core.search import query as q
from archive_reader.core.search.analysis import fold
from archive_reader.core.search.cache import ReaderCache
from archive_reader.core.search.compiler import Compiler, date_mask, is_null
from archive_reader.core.search.index import NO_DATE
from archive_reader.core.search.phrases import Check, CheckedPhrase
from archive_reader.core.search.scoring import Matches, PostingCache, top
from archive_reader.core.search.snippets import Highlighter

#: Orders a result can be given in.
ORDERS = ("relevance", "newest", "oldest")


@dataclass
class Found:
    """What a query found, before the facade turns it into SearchHits.

    Attributes:
        hits: (article id, score) for the requested page, in order.
        total: How many articles match in all (an estimate when not ``total_exact``).
        notice: A short explanation when the query could not be read as
            written and was searched as plain words ("" otherwise).
        highlighter: Marks the query's words in an article's text.
    """

    hits: list[tuple[int, float]]
    total: int
    notice: str
    highlighter: Highlighter
    total_exact: bool = True


@dataclass
class _Plan:
    """A query split into what Whoosh scores and what is checked beside it.

    Attributes:
        query: The part Whoosh scores, or None when only filters remain.
        mask: Top-level filters (date ranges, prefixes) as a boolean array
            over document numbers, or None.
        verifiers: Top-level phrases, checked against the article's text.
        empty: The query can match nothing.
    """

    query: wq.Query | None
    mask: np.ndarray | None
    verifiers: list[Check]
    highlighter: Highlighter
    notes: list[str]
    empty: bool = False


class SearchEngine:
    """Runs queries against one index; keeps a searcher open between queries.

    Args:
        index: The Whoosh index.
        resolve_entity: Returns the ids of the entities a name or alias stands for.
        load_texts: Returns the (title, text) of articles by id (to check phrases).
    """

    def __init__(
        self,
        index: Index,
        resolve_entity: Callable[[str], list[int]],
        load_texts: Callable[[list[int]], dict[int, tuple[str, str]]],
    ) -> None:
        self._index = index
        self._resolve_entity = resolve_entity
        self._load_texts = load_texts
        self._searcher: Searcher | None = None
        self._cache: ReaderCache | None = None
        self._postings = PostingCache()

    def close(self) -> None:
        """Closes the open searcher."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._cache = None

    def _current(self) -> tuple[Searcher, ReaderCache]:
        if self._searcher is None:
            self._searcher = self._index.searcher()
            self._cache = None
        elif not self._searcher.up_to_date():
            if self._searcher.reader().segments() is None:
                # Whoosh cannot refresh the reader of an index that had no segment.
                self._searcher.close()
                self._searcher = self._index.searcher()
            refreshed = self._searcher.refresh()
            # whoosh-reloaded 2.7.5 reuses a segment's reader when the segment's id
            # is unchanged, keeping the deletions it had then: an updated article
            # would be found in its old version too. A count that disagrees with
            # the index's own shows it; a fresh searcher is then opened.
            if refreshed.doc_count() != self._index.doc_count():
                refreshed.close()
                refreshed = self._index.searcher()
            self._searcher = refreshed
            self._cache = None
        if self._cache is None:
            self._cache = ReaderCache(self._searcher, self._postings, self._holds)
        return self._searcher, self._cache

    def warm_up(self) -> None:
        """Opens the searcher and reads what every query needs (ids, lengths, dates)."""
        _, cache = self._current()
        _ = cache.ids
        cache.dates("date")
        cache.evaluator.warm_up()

    # Running queries

    def parse(self, text: str) -> tuple[q.Node, str]:
        """Parses a query; one that does not parse is read as plain words, with a notice."""
        try:
            return q.parse(text), ""
        except QuerySyntaxError as error:
            return q.plain_words(text), f"Searched as plain words: {error}."

    def search(
        self, text: str, limit: int = 20, offset: int = 0, order: str = "relevance"
    ) -> Found:
        """Runs a query and returns one page of hits.

        Args:
            text: The query, in the query language.
            limit: Hits per page.
            offset: Hits to skip (page × limit).
            order: "relevance", "newest" or "oldest" (publication date).
        """
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; expected one of {ORDERS}")
        node, notice = self.parse(text)
        searcher, cache = self._current()
        plan = self._plan(node, searcher, cache)
        notice = notice or " ".join(plan.notes)
        if plan.empty:
            return Found([], 0, notice, plan.highlighter)
        if order == "relevance" and plan.query is not None:
            page, total, exact = self._ranked(plan, searcher, cache, offset + limit)
            return Found(page[offset:], total, notice, plan.highlighter, exact)
        docnums = self._verified(self._all_docnums(plan, searcher), cache, plan.verifiers)
        dates = cache.dates("date")[docnums]
        if order == "oldest":
            keys = np.where(dates == NO_DATE, np.iinfo(np.int64).max, dates)
            ordered = docnums[np.lexsort((docnums, keys))]
        else:
            ordered = docnums[np.lexsort((-docnums, -dates))]
        page = [(int(cache.ids[d]), 0.0) for d in ordered[offset : offset + limit]]
        return Found(page, len(docnums), notice, plan.highlighter)

    def _ranked(
        self, plan: _Plan, searcher: Searcher, cache: ReaderCache, wanted: int
    ) -> tuple[list[tuple[int, float]], int, bool]:
        """The best ``wanted`` hits by relevance, the total, and whether it is exact.

        Phrase candidates are checked against the text best first, until the
        page is full; the total of a phrase is then estimated from the share of
        checked candidates that held it, unless all were checked.
        """
        assert plan.query is not None
        matches = cache.evaluator.evaluate(plan.query)
        if plan.mask is not None and len(matches.ids):
            keep = plan.mask[matches.ids]
            matches = Matches(matches.ids[keep], matches.scores[keep])
        if not plan.verifiers:
            chosen = top(matches, wanted)
            page = [(int(cache.ids[matches.ids[i]]), float(matches.scores[i])) for i in chosen]
            return page, len(matches.ids), True
        fetch = wanted * 2 + 20
        while True:
            chosen = top(matches, fetch)
            hits = [(int(matches.ids[i]), float(matches.scores[i])) for i in chosen]
            kept = self._verify_hits(hits, cache, plan.verifiers)
            exhausted = len(chosen) >= len(matches.ids)
            if len(kept) >= wanted or exhausted:
                break
            fetch *= 4
        page = [(int(cache.ids[d]), score) for d, score in kept[:wanted]]
        if exhausted:
            return page, len(kept), True
        estimate = len(matches.ids) * len(kept) / max(1, len(hits))
        return page, max(len(kept), round(estimate)), False

    def _verify_hits(
        self,
        hits: list[tuple[int, float]],
        cache: ReaderCache,
        verifiers: list[Check],
    ) -> list[tuple[int, float]]:
        docnums = np.asarray([d for d, _ in hits], dtype=np.int64)
        keep = set(self._verified(docnums, cache, verifiers).tolist())
        return [(d, score) for d, score in hits if d in keep]

    def _verified(
        self, docnums: np.ndarray, cache: ReaderCache, verifiers: list[Check]
    ) -> np.ndarray:
        """The documents whose text holds every phrase (their title, for title phrases)."""
        if not verifiers or not len(docnums):
            return docnums
        keep = np.ones(len(docnums), dtype=bool)
        for check in verifiers:
            keep &= self._holds(docnums, check, cache)
        return docnums[keep]

    def _holds(self, docnums: np.ndarray, check: Check, cache: ReaderCache) -> np.ndarray:
        """For each document, whether its title (or title and text) matches a phrase."""
        ids = [int(cache.ids[d]) for d in docnums]
        found = np.zeros(len(ids), dtype=bool)
        for start in range(0, len(ids), 500):
            texts = self._load_texts(ids[start : start + 500])
            for offset, article_id in enumerate(ids[start : start + 500]):
                title, text = texts.get(article_id, ("", ""))
                haystack = title if check.title_only else f"{title}\n\n{text}"
                found[start + offset] = bool(check.pattern.search(fold(haystack)))
        return found

    def matching_ids(self, text: str) -> np.ndarray:
        """The ids of every article a query matches (for saved searches and facets)."""
        node, _ = self.parse(text)
        searcher, cache = self._current()
        plan = self._plan(node, searcher, cache)
        if plan.empty:
            return np.zeros(0, dtype=np.int64)
        docnums = self._all_docnums(plan, searcher)
        ids: np.ndarray = cache.ids[self._verified(docnums, cache, plan.verifiers)]
        return ids

    def _all_docnums(self, plan: _Plan, searcher: Searcher) -> np.ndarray:
        assert self._cache is not None
        if plan.query is None or isinstance(plan.query, wq.Every):
            live = self._cache.live.copy()
            if plan.mask is not None:
                live &= plan.mask
            return np.flatnonzero(live)
        docnums = self._cache.evaluator.evaluate(plan.query).ids
        if plan.mask is not None and len(docnums):
            docnums = docnums[plan.mask[docnums]]
        return docnums

    # Compiling the query tree

    def _plan(self, node: q.Node, searcher: Searcher, cache: ReaderCache) -> _Plan:
        """Splits top-level date ranges, prefixes and phrases off; compiles the rest."""
        highlighter = Highlighter()
        notes: list[str] = []
        compiler = Compiler(searcher, cache, self._resolve_entity, highlighter, notes)
        parts = list(node.children) if isinstance(node, q.And) else [node]
        mask: np.ndarray | None = None
        verifiers: list[Check] = []
        rest: list[q.Node] = []
        scored: list[wq.Query] = []
        for part in parts:
            part_mask = None
            if isinstance(part, q.DateRange):
                part_mask = date_mask(cache.dates(part.field), part)
            elif isinstance(part, q.Word) and part.prefix and part.field in (None, "title"):
                part_mask = compiler.prefix_mask(part)
            elif isinstance(part, q.Phrase) and part.field in (None, "title"):
                checked = compiler.phrase_candidates(part)
                if isinstance(checked, CheckedPhrase):
                    verifiers.append(checked.check)
                    scored.append(checked.candidates)
                else:
                    scored.append(checked)
                continue
            else:
                rest.append(part)
            if part_mask is not None:
                mask = part_mask if mask is None else mask & part_mask
        if rest:
            scored.append(compiler.compile(rest[0] if len(rest) == 1 else q.And(tuple(rest))))
        if any(is_null(query) for query in scored):
            return _Plan(None, None, [], highlighter, notes, empty=True)
        query: wq.Query | None
        if not scored:
            query = None
        elif len(scored) == 1:
            query = scored[0]
        else:
            query = wq.And(scored)
        if isinstance(query, wq.Every) and mask is not None:
            query = None
        return _Plan(query, mask, verifiers, highlighter, notes)
