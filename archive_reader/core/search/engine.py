"""Queries, ranking, paging and the partial hits of a sentence typed as a query.

A query string is parsed by :mod:`archive_reader.core.search.query`, compiled
into index queries by :mod:`archive_reader.core.search.compiler` and evaluated
with numpy arrays by :mod:`archive_reader.core.search.scoring` (posting lists
read once per segment, BM25 vectorised, phrases from word positions).
Ordering by date and facet counts use arrays kept per index reader
(:mod:`archive_reader.core.search.cache`); snippets
(:mod:`archive_reader.core.search.snippets`) are cut from the text SQLite keeps.

Every result list is in a total order (score or date, then article id), so
that pages cut from it are disjoint and together hold every hit once.

A searcher is kept open and refreshed when the index changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.index import Index
from whoosh.searching import Searcher

from archive_reader.core.errors import QuerySyntaxError
from archive_reader.core.search import query as q
from archive_reader.core.search.cache import ReaderCache
from archive_reader.core.search.compiler import Compiler, is_null, plain_words
from archive_reader.core.search.index import NO_DATE
from archive_reader.core.search.scoring import Matches, PostingCache, top, union
from archive_reader.core.search.snippets import Highlighter

#: Orders a result can be given in.
ORDERS = ("relevance", "newest", "oldest")
#: Partial hits leave out the words that most articles hold, when rarer ones remain.
_COMMON_SHARE = 0.5


@dataclass
class Found:
    """What a query found, before the facade turns it into SearchHits.

    Attributes:
        hits: (article id, score) for the requested page, in order: the exact
            hits first, then the partial ones.
        total: How many articles match the query as written (exactly).
        notice: A short explanation when the query could not be read as
            written and was searched as plain words, or was narrowed ("" otherwise).
        highlighter: Marks the query's words in an article's text.
        partial: The article ids of this page that have only some of the words.
        partial_total: How many articles have some but not all of the words
            (0 unless the query is plain words and fewer than a page has them all).
        words: How many words the query has (for the line above partial hits).
    """

    hits: list[tuple[int, float]]
    total: int
    notice: str
    highlighter: Highlighter
    total_exact: bool = True
    partial: set[int] = field(default_factory=set)
    partial_total: int = 0
    words: int = 0


class SearchEngine:
    """Runs queries against one index; keeps a searcher open between queries.

    Args:
        index: The Whoosh index.
        resolve_entity: Returns the ids of the entities a name or alias stands for.
        load_texts: Returns the (title, text) of articles by id (to check phrases).
    """

    def __init__(self, index: Index, resolve_entity: Callable[[str], list[int]]) -> None:
        self._index = index
        self._resolve_entity = resolve_entity
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
            self._cache = ReaderCache(self._searcher, self._postings)
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

        A query of plain words that fewer than a page of articles hold all of
        is followed by the articles that hold some of them, best first
        (``Found.partial``): a question typed as a sentence finds something.

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
        highlighter = Highlighter()
        notes: list[str] = []
        compiler = Compiler(searcher, cache, self._resolve_entity, highlighter, notes)
        matches = self._evaluate(compiler.compile(node), cache)
        notice = notice or " ".join(notes)
        wanted = offset + limit
        ranked = self._ordered(matches, cache, order, wanted)
        hits = [(int(cache.ids[d]), score) for d, score in ranked]
        found = Found(hits[offset:], len(matches.ids), notice, highlighter)
        sentence = plain_words(node)
        if sentence is not None and len(matches.ids) < limit:
            sentence_words, excluded = sentence
            partial = self._partial(compiler, sentence_words, matches, cache)
            for part in excluded:
                unwanted = self._evaluate(compiler.compile(part, negated=True), cache)
                keep = ~np.isin(partial.ids, unwanted.ids, assume_unique=True)
                partial = Matches(partial.ids[keep], partial.scores[keep])
            found.partial_total = len(partial.ids)
            found.words = len(dict.fromkeys(sentence_words))
            more = self._ordered(partial, cache, "relevance", wanted - len(hits))
            extra = [(int(cache.ids[d]), score) for d, score in more]
            found.partial = {article_id for article_id, _ in extra}
            found.hits = (hits + extra)[offset:]
        return found

    def _evaluate(self, query: wq.Query, cache: ReaderCache) -> Matches:
        if is_null(query):
            return Matches.empty()
        return cache.evaluator.evaluate(query)

    def _ordered(
        self, matches: Matches, cache: ReaderCache, order: str, wanted: int
    ) -> list[tuple[int, float]]:
        """The first ``wanted`` (document number, score) in the order asked for.

        Relevance: best score first; newest/oldest: by publication date
        (undated last). Ties go by article id, so the order is total.
        """
        if wanted <= 0 or not len(matches.ids):
            return []
        ids = cache.ids[matches.ids]
        if order == "relevance":
            chosen = top(matches, wanted, ids)
            return [(int(matches.ids[i]), float(matches.scores[i])) for i in chosen]
        dates = cache.dates("date")[matches.ids]
        if order == "oldest":
            keys = np.where(dates == NO_DATE, np.iinfo(np.int64).max, dates)
            positions = np.lexsort((ids, keys))
        else:
            positions = np.lexsort((-ids, -dates))
        return [(int(matches.ids[i]), 0.0) for i in positions[:wanted]]

    def _partial(
        self, compiler: Compiler, sentence: list[str], exact: Matches, cache: ReaderCache
    ) -> Matches:
        """The articles that hold some of the words but not all, scored by BM25 over them.

        Words that more than half of the articles hold are left out of the
        choice of articles when rarer words remain (they still hold nearly
        everything), though not of the score.
        """
        parts = [cache.evaluator.evaluate(compiler.stemmed("words", word)) for word in sentence]
        parts = [part for part in parts if len(part.ids)]
        if not parts:
            return Matches.empty()
        documents = max(1, int(cache.live.sum()))
        rare = [part for part in parts if len(part.ids) <= documents * _COMMON_SHARE]
        scored = union(parts)
        if rare and len(rare) < len(parts):
            chosen = union(rare).ids
            keep = np.isin(scored.ids, chosen, assume_unique=True)
            scored = Matches(scored.ids[keep], scored.scores[keep])
        keep = ~np.isin(scored.ids, exact.ids, assume_unique=True)
        return Matches(scored.ids[keep], scored.scores[keep])

    def matching_ids(self, text: str) -> np.ndarray:
        """The ids of every article a query matches (for saved searches and facets)."""
        node, _ = self.parse(text)
        searcher, cache = self._current()
        compiler = Compiler(searcher, cache, self._resolve_entity, Highlighter(), [])
        ids: np.ndarray = cache.ids[self._evaluate(compiler.compile(node), cache).ids]
        return ids
