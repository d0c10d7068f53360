"""Queries, ranking, date filters, facets and snippets over the Whoosh index.

A query string is parsed by :mod:`archive_reader.core.search.query` and compiled here
into Whoosh queries. What Whoosh is slow at is done beside it:

* date ranges at the top level of a query become a filter computed with numpy
  over the index's date column, not a union of numeric terms;
* prefix and fuzzy words expand to at most a few dozen terms of the index's
  vocabulary (the most frequent ones; fuzzy matching by rapidfuzz);
* ordering by date, and facet counts, use numpy arrays kept per index reader;
* snippets are cut from the article text that SQLite keeps, by a scan that
  stems only the words that could match, instead of Whoosh's highlighter.

A searcher is kept open and refreshed when the index changes.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from rapidfuzz import process as fuzzy_process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq
from whoosh.index import Index
from whoosh.searching import Searcher

from archive_reader.core.errors import QuerySyntaxError
from archive_reader.core.search import query as q
from archive_reader.core.search.analysis import (
    base_language,
    cjk_pairs,
    fold,
    names,
    query_forms,
    query_words,
    stem_in,
    whole_name,
)
from archive_reader.core.search.index import NO_DATE, day_number
from archive_reader.core.search.scoring import Evaluator, Matches, PostingCache, segment_id, top

log = logging.getLogger(__name__)

#: Orders a result can be given in.
ORDERS = ("relevance", "newest", "oldest")
_PREFIX_EXPANSIONS = 40
_FUZZY_EXPANSIONS = 12
_SNIPPET_CHARS = 240
# A prefix filter reads at most this many postings (its most frequent words first).
_PREFIX_POSTINGS = 60_000
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_TEXT_FIELDS = ("text",)


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
class Highlighter:
    """Finds the words of a query in a text, as the index matched them."""

    forms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def add_forms(self, values: Iterable[str]) -> None:
        """Adds word forms to highlight."""
        self.forms.update(values)

    def _matches(self, text: str, language: str | None) -> list[tuple[int, int]]:
        if not self.forms and not self.prefixes:
            return []
        folded = fold(text)
        keys = {form[:3] for form in self.forms} | {p[:3] for p in self.prefixes}
        spans = []
        for match in _WORD.finditer(folded):
            token = match.group()
            if not token.isascii() and _CJK.search(token):
                spans.extend(
                    (match.start() + offset, match.start() + offset + len(pair))
                    for offset, pair in cjk_pairs(token)
                    if pair in self.forms
                )
                continue
            if token[:3] not in keys:
                continue
            if any(token.startswith(prefix) for prefix in self.prefixes) or (
                token in self.forms
                or stem_in(text[match.start() : match.end()], language) in self.forms
            ):
                spans.append((match.start(), match.end()))
        return _merge(sorted(spans))

    def snippet(self, text: str, language: str | None, size: int = _SNIPPET_CHARS) -> str:
        """A passage of ``text`` around the densest cluster of matches, matches in <b>.

        Returns:
            HTML: the passage escaped, matched words wrapped in ``<b>``, with
            " …" where the passage is cut.
        """
        spans = self._matches(text, language)
        if not spans:
            return _lead(text, size)
        starts = [start for start, _ in spans]
        best, best_count = 0, 0
        for index, start in enumerate(starts):
            count = bisect.bisect_right(starts, start + size - 60) - index
            if count > best_count:
                best, best_count = index, count
        anchor = starts[best]
        begin = max(0, anchor - 60)
        if begin > 0:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < anchor else begin
        end = min(len(text), begin + size)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > anchor else end
        pieces = []
        position = begin
        for start, stop in spans:
            if start < begin or stop > end:
                continue
            pieces.append(html.escape(text[position:start], quote=False))
            pieces.append(f"<b>{html.escape(text[start:stop], quote=False)}</b>")
            position = stop
        pieces.append(html.escape(text[position:end], quote=False))
        body = " ".join("".join(pieces).split())
        return ("… " if begin > 0 else "") + body + (" …" if end < len(text) else "")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Joins overlapping or touching spans (CJK pairs overlap by one character)."""
    merged: list[tuple[int, int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return merged


def _lead(text: str, size: int = _SNIPPET_CHARS) -> str:
    """The start of the text, for hits that matched elsewhere than the body."""
    lead = " ".join(text[: size * 2].split())
    if len(lead) > size:
        lead = lead[:size].rsplit(" ", 1)[0] + " …"
    return html.escape(lead, quote=False)


class _ReaderCache:
    """Arrays over the documents of one index reader, built when first needed."""

    def __init__(
        self,
        searcher: Searcher,
        postings: PostingCache,
        holds: Callable[[np.ndarray, Check, _ReaderCache], np.ndarray],
    ) -> None:
        self._searcher = searcher
        reader = searcher.reader()
        self.live = np.ones(reader.doc_count_all(), dtype=bool)
        for segment, offset in reader.leaf_readers():
            deleted = list(segment.deleted_docs_set) if segment.has_deletions() else []
            if deleted:
                self.live[np.asarray(deleted, dtype=np.int64) + offset] = False
        postings.forget_except({segment_id(segment) for segment, _ in reader.leaf_readers()})
        self._postings = postings
        self.evaluator = Evaluator(
            searcher, postings, self.live, lambda docnums, check: holds(docnums, check, self)
        )
        self._ids: np.ndarray | None = None
        self._dates: dict[str, np.ndarray] = {}
        self._starting: dict[tuple[str, str], list[str]] = {}
        self._languages: tuple[str, ...] | None = None

    @property
    def ids(self) -> np.ndarray:
        """Article id of each document number."""
        if self._ids is None:
            self._ids = self._column("id")
        return self._ids

    def dates(self, name: str) -> np.ndarray:
        """Day number of each document (``date`` or ``saved``)."""
        if name not in self._dates:
            self._dates[name] = self._column(name)
        return self._dates[name]

    def _column(self, name: str) -> np.ndarray:
        parts = [
            self._postings.column(segment, name)
            for segment, _ in self._searcher.reader().leaf_readers()
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the indexed articles."""
        if self._languages is None:
            self._languages = tuple(
                term.decode("utf-8") if isinstance(term, bytes) else term
                for term in self._searcher.reader().lexicon("lang")
            )
        return self._languages

    def starting_with(self, name: str, prefix: str) -> list[str]:
        """The terms of a field that start with ``prefix``, read from the term index.

        Kept for the reader's life: fuzzy words ask for their first letter's
        terms, which many queries share.
        """
        key = (name, prefix)
        found = self._starting.get(key)
        if found is None:
            found = [
                term.decode("utf-8") if isinstance(term, bytes) else term
                for term in self._searcher.reader().expand_prefix(name, prefix)
            ]
            self._starting[key] = found
        return found


@dataclass(frozen=True)
class Check:
    """A phrase to find in an article: the pattern, and whether only in its title."""

    pattern: re.Pattern[str]
    title_only: bool = False


class CheckedPhrase(wq.Query):
    """Articles that hold a phrase: the candidates that have its words, then checked.

    Evaluated by :class:`archive_reader.core.search.scoring.Evaluator`, which checks
    every candidate's text; Whoosh itself cannot run it.
    """

    def __init__(self, candidates: wq.Query, check: Check) -> None:
        self.candidates = candidates
        self.check = check

    def __repr__(self) -> str:
        return f"CheckedPhrase({self.candidates!r}, {self.check.pattern.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CheckedPhrase)
            and other.candidates == self.candidates
            and other.check == self.check
        )

    def __hash__(self) -> int:
        return hash((repr(self.candidates), self.check))


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
        self._cache: _ReaderCache | None = None
        self._postings = PostingCache()

    def close(self) -> None:
        """Closes the open searcher."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._cache = None

    def _current(self) -> tuple[Searcher, _ReaderCache]:
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
            self._cache = _ReaderCache(self._searcher, self._postings, self._holds)
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
        self, plan: _Plan, searcher: Searcher, cache: _ReaderCache, wanted: int
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
        cache: _ReaderCache,
        verifiers: list[Check],
    ) -> list[tuple[int, float]]:
        docnums = np.asarray([d for d, _ in hits], dtype=np.int64)
        keep = set(self._verified(docnums, cache, verifiers).tolist())
        return [(d, score) for d, score in hits if d in keep]

    def _verified(
        self, docnums: np.ndarray, cache: _ReaderCache, verifiers: list[Check]
    ) -> np.ndarray:
        """The documents whose text holds every phrase (their title, for title phrases)."""
        if not verifiers or not len(docnums):
            return docnums
        keep = np.ones(len(docnums), dtype=bool)
        for check in verifiers:
            keep &= self._holds(docnums, check, cache)
        return docnums[keep]

    def _holds(self, docnums: np.ndarray, check: Check, cache: _ReaderCache) -> np.ndarray:
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
        return cache.ids[self._verified(docnums, cache, plan.verifiers)]

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

    def _plan(self, node: q.Node, searcher: Searcher, cache: _ReaderCache) -> _Plan:
        """Splits top-level date ranges, prefixes and phrases off; compiles the rest."""
        highlighter = Highlighter()
        notes: list[str] = []
        compiler = _Compiler(searcher, cache, self._resolve_entity, highlighter, notes)
        parts = list(node.children) if isinstance(node, q.And) else [node]
        mask: np.ndarray | None = None
        verifiers: list[Check] = []
        rest: list[q.Node] = []
        scored: list[wq.Query] = []
        for part in parts:
            part_mask = None
            if isinstance(part, q.DateRange):
                part_mask = _date_mask(cache.dates(part.field), part)
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
        if any(_is_null(query) for query in scored):
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


def _date_mask(dates: np.ndarray, date_range: q.DateRange) -> np.ndarray:
    mask = dates != NO_DATE
    if date_range.start is not None:
        mask &= dates >= _day(date_range.start)
    if date_range.end is not None:
        mask &= dates <= _day(date_range.end)
    return mask


def _day(value: date) -> int:
    number = day_number(value)
    assert number is not None
    return number


class _Compiler:
    """Turns a query tree into Whoosh queries, dropping terms the index does not hold."""

    def __init__(
        self,
        searcher: Searcher,
        cache: _ReaderCache,
        resolve_entity: Callable[[str], list[int]],
        highlighter: Highlighter,
        notes: list[str],
    ) -> None:
        self._reader = searcher.reader()
        self._cache = cache
        self._resolve_entity = resolve_entity
        self._highlighter = highlighter
        self._notes = notes
        self._languages = cache.languages

    def compile(self, node: q.Node, negated: bool = False) -> wq.Query:
        if isinstance(node, q.MatchAll):
            return wq.Every()
        if isinstance(node, q.And):
            positive = [c for c in node.children if not isinstance(c, q.Not)]
            negative = [c.child for c in node.children if isinstance(c, q.Not)]
            required = [self.compile(child, negated) for child in positive] or [wq.Every()]
            base = self._and(required)
            if not negative:
                return base
            excluded = _or([self.compile(child, not negated) for child in negative])
            if _is_null(excluded):
                return base
            return wq.AndNot(base, excluded)
        if isinstance(node, q.Or):
            return _or([self.compile(child, negated) for child in node.children])
        if isinstance(node, q.Not):
            excluded = self.compile(node.child, not negated)
            return wq.Every() if _is_null(excluded) else wq.AndNot(wq.Every(), excluded)
        if isinstance(node, q.DateRange):
            return wq.NumericRange(
                node.field,
                _day(node.start) if node.start else None,
                _day(node.end) if node.end else None,
            )
        if isinstance(node, q.Phrase):
            return self._phrase(node, negated)
        assert isinstance(node, q.Word)
        return self._word(node, negated)

    # Leaves

    def _exists(self, field_name: str, term: str) -> bool:
        return self._reader.doc_frequency(field_name, term) > 0

    def _terms(self, fields: Iterable[str], forms: Iterable[str]) -> wq.Query:
        terms = [
            wq.Term(name, form) for form in forms for name in fields if self._exists(name, form)
        ]
        return _or(terms)

    def _forms(self, word: str) -> list[str]:
        return query_forms(word, self._languages)

    def _value_field(self, target: str | None, text: str) -> wq.Query | None:
        """The query for a field whose value is a whole name (entity, tag, label, lang)."""
        if target == "entity":
            return self._entity(text)
        if target in ("tag", "label"):
            return wq.Term(target, fold(text.strip()))
        if target == "lang":
            return wq.Term("lang", base_language(text) or text.strip().lower())
        return None

    def _word(self, node: q.Word, negated: bool) -> wq.Query:
        target = node.field
        whole = self._value_field(target, node.text)
        if whole is not None:
            return whole
        fields = _TEXT_FIELDS if target is None else (target,)
        if target in ("site", "author"):
            words = names(node.text)
            if node.prefix and words:
                return self._and(
                    [self._terms(fields, [w]) for w in words[:-1]]
                    + [self._expand_prefix(fields, words[-1], negated)]
                )
            return self._and([self._terms(fields, [word]) for word in words])
        words = query_words(node.text)
        if not words:
            return wq.NullQuery
        if len(words) > 1:
            # "e-mail", a CJK run: the word's parts stand together.
            return self._phrase(q.Phrase(node.text, target), negated)
        word = words[0]
        if node.prefix:
            return self._expand_prefix(fields, fold(word), negated)
        if node.fuzzy:
            return self._expand_fuzzy(fields, word, node.fuzzy, negated)
        forms = self._forms(word)
        if not negated:
            self._highlighter.add_forms(forms)
        return self._terms(fields, forms)

    def _and(self, parts: list[wq.Query]) -> wq.Query:
        if any(_is_null(part) for part in parts):
            return wq.NullQuery
        parts = [part for part in parts if not isinstance(part, wq.Every)] or [wq.Every()]
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _entity(self, text: str) -> wq.Query:
        ids = self._resolve_entity(text.strip())
        if not ids:
            self._notes.append(f"No entity is called {text.strip()!r}.")
            return wq.NullQuery
        return _or([wq.Term("entity", str(entity_id)) for entity_id in ids])

    def _phrase(self, node: q.Phrase, negated: bool) -> wq.Query:
        target = node.field
        whole = self._value_field(target, node.text)
        if whole is not None:
            return whole
        if target not in ("site", "author"):
            query = self.phrase_candidates(node)
            if negated and isinstance(query, CheckedPhrase):
                self._highlighter.forms.clear()
            return query
        whole = whole_name(node.text)
        if self._exists(f"{target}_name", whole):
            return wq.Term(f"{target}_name", whole)
        words = names(node.text)
        variants = [tuple(words)]
        if not words:
            return wq.NullQuery
        if len(words) == 1:
            return self._word(q.Word(node.text, target), negated)
        fields = _TEXT_FIELDS if target is None else (target,)
        queries: list[wq.Query] = []
        for variant in variants:
            for name in fields:
                if all(self._exists(name, term) for term in variant):
                    queries.append(wq.Phrase(name, list(variant)))
                    if not negated:
                        self._highlighter.add_forms(variant)
        return _or(queries)

    def phrase_candidates(self, node: q.Phrase) -> wq.Query:
        """A phrase as the articles that hold its words, checked against their text.

        The index keeps no word positions (they would double its size and
        halve the indexing rate), so a phrase is searched as its words (the
        very common ones left out) and the candidates are checked against
        their text: the words in this order, case and accents aside. At the
        top level of a query only the best candidates are checked, until a
        page is full; inside OR or NOT, all of them.
        """
        surface = _WORD.findall(fold(node.text))
        words = query_words(node.text)
        if len(words) < 2 or not surface:
            return self._word(q.Word(node.text, node.field), negated=False)
        field = "title" if node.field == "title" else "text"
        documents = max(1, self._reader.doc_count())
        required: list[tuple[int, wq.Query]] = []
        for word in words:
            forms = [form for form in self._forms(word) if self._exists(field, form)]
            if not forms:
                return wq.NullQuery
            self._highlighter.add_forms(forms)
            frequency = sum(self._reader.doc_frequency(field, form) for form in forms)
            required.append((frequency, _or([wq.Term(field, form) for form in forms])))
        required.sort(key=lambda item: item[0])
        chosen = [query for frequency, query in required if frequency < documents * 0.25]
        candidates = self._and(chosen or [required[0][1]])
        # Word boundaries, except beside Chinese, Japanese or Korean characters,
        # which run on without spaces.
        start = "" if _CJK.match(surface[0][0]) else r"(?<!\w)"
        end = "" if _CJK.match(surface[-1][-1]) else r"(?!\w)"
        pattern = re.compile(start + r"\W+".join(map(re.escape, surface)) + end)
        return CheckedPhrase(candidates, Check(pattern, field == "title"))

    def prefix_mask(self, node: q.Word) -> np.ndarray | None:
        """The documents holding a word that starts with the prefix, as a mask.

        Reads the postings of the most frequent completions first, up to a
        budget, and says so in a note when it had to stop: a two- or
        three-letter prefix can start thousands of words.
        """
        prefix = fold(node.text)
        field = "text" if node.field is None else node.field
        documents = self._reader.doc_count_all()
        if len(prefix) < 2:
            self._notes.append(f"{prefix}* is too short to search: give two letters or more.")
            return np.zeros(documents, dtype=bool)
        self._highlighter.prefixes.add(prefix)
        ranked = self._completions(field, prefix)
        mask = np.zeros(documents, dtype=bool)
        read = 0
        for used, (frequency, term) in enumerate(ranked):
            if read and read + frequency > _PREFIX_POSTINGS:
                self._notes.append(
                    f"{prefix}* starts {len(ranked)} words; searched the {used} most frequent."
                )
                break
            mask[self._cache.evaluator.evaluate(wq.Term(field, term)).ids] = True
            read += frequency
        return mask

    def _completions(self, field: str, prefix: str) -> list[tuple[int, str]]:
        found = [
            (self._reader.doc_frequency(field, term), term)
            for term in self._cache.starting_with(field, prefix)
        ]
        return sorted(found, key=lambda item: (-item[0], item[1]))

    def _expand_prefix(self, fields: Iterable[str], prefix: str, negated: bool) -> wq.Query:
        """The most frequent terms that start with ``prefix`` (at most a few dozen)."""
        if len(prefix) < 2:
            self._notes.append(f"{prefix}* is too short to search: give two letters or more.")
            return wq.NullQuery
        if not negated:
            self._highlighter.prefixes.add(prefix)
        ranked = [
            (frequency, name, term)
            for name in fields
            for frequency, term in self._completions(name, prefix)
        ]
        ranked.sort(key=lambda item: -item[0])
        if len(ranked) > _PREFIX_EXPANSIONS:
            self._notes.append(
                f"{prefix}* starts {len(ranked)} words; searched the "
                f"{_PREFIX_EXPANSIONS} most frequent."
            )
        return _or([wq.Term(name, term) for _, name, term in ranked[:_PREFIX_EXPANSIONS]])

    def _expand_fuzzy(
        self, fields: Iterable[str], word: str, distance: int, negated: bool
    ) -> wq.Query:
        """Terms within ``distance`` edits of the word's forms, closest and most frequent first."""
        found: dict[tuple[str, str], int] = {}
        for form in self._forms(word):
            for name in fields:
                # Bounded expansion, as search engines do: the first letter must be
                # right, and a term more than ``distance`` letters longer or
                # shorter cannot be that close.
                candidates = [
                    term
                    for term in self._cache.starting_with(name, form[:1])
                    if abs(len(term) - len(form)) <= distance
                ]
                matches = fuzzy_process.extract(
                    form,
                    candidates,
                    scorer=Levenshtein.distance,
                    score_cutoff=distance,
                    limit=_FUZZY_EXPANSIONS * 2,
                )
                for term, score, _ in matches:
                    key = (name, term)
                    found[key] = min(found.get(key, distance), int(score))
        ranked = sorted(found, key=lambda key: (found[key], -self._reader.doc_frequency(*key)))[
            :_FUZZY_EXPANSIONS
        ]
        if not negated:
            self._highlighter.add_forms(term for _, term in ranked)
        return _or([wq.Term(name, term) for name, term in ranked])


def _is_null(query: wq.Query) -> bool:
    return query is wq.NullQuery


def _or(queries: list[wq.Query]) -> wq.Query:
    queries = [query for query in queries if not _is_null(query)]
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else wq.Or(queries)


class FacetTable:
    """Per-article values for facet counts, as numpy arrays indexed by article id.

    Built from the database in one pass (a few hundred milliseconds for
    100,000 articles) and kept until the library changes; counting a result's
    facets is then a handful of vectorised operations.
    """

    def __init__(self, rows: dict[str, list[tuple[object, ...]]]) -> None:
        articles = rows["articles"]
        size = max((int(row[0]) for row in articles), default=0) + 1  # type: ignore[call-overload]
        self._single: dict[str, tuple[np.ndarray, list[str]]] = {}
        for column, facet in ((1, "site"), (2, "lang"), (3, "year")):
            codes = np.full(size, -1, dtype=np.int32)
            values: dict[str, int] = {}
            for row in articles:
                value = row[column]
                if not value:
                    continue
                key = base_language(str(value)) if facet == "lang" else str(value)
                codes[int(row[0])] = values.setdefault(key, len(values))  # type: ignore[call-overload]
            self._single[facet] = (codes, list(values))
        self._multi: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        for facet in ("tag", "entity"):
            values = {}
            pairs = rows["tags" if facet == "tag" else "entities"]
            article_ids = np.fromiter((int(p[0]) for p in pairs), dtype=np.int64, count=len(pairs))  # type: ignore[call-overload]
            codes_list = [values.setdefault(str(p[1]), len(values)) for p in pairs]
            self._multi[facet] = (
                article_ids,
                np.asarray(codes_list, dtype=np.int32),
                list(values),
            )
        self.size = size

    def count(self, ids: np.ndarray, limit: int = 10) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value among these article ids, most frequent first."""
        ids = ids[ids < self.size]
        counts: dict[str, list[tuple[str, int]]] = {}
        for facet, (codes, names_) in self._single.items():
            chosen = codes[ids]
            chosen = chosen[chosen >= 0]
            counts[facet] = _top(np.bincount(chosen, minlength=len(names_)), names_, limit)
        selected = np.zeros(self.size, dtype=bool)
        selected[ids] = True
        for facet, (article_ids, codes, names_) in self._multi.items():
            chosen = codes[selected[article_ids]] if len(article_ids) else codes[:0]
            counts[facet] = _top(np.bincount(chosen, minlength=len(names_)), names_, limit)
        return counts


def _top(counts: np.ndarray, labels: list[str], limit: int) -> list[tuple[str, int]]:
    if not len(counts):
        return []
    order = np.argsort(-counts, kind="stable")[:limit]
    return [(labels[i], int(counts[i])) for i in order if counts[i] > 0]
