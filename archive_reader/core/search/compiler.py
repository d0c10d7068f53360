"""Our query tree -> Whoosh queries, with prefix and fuzzy expansion and phrase checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np
from rapidfuzz import process as fuzzy_process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq
from whoosh.searching import Searcher

from archive_reader.core.search import query as q
from archive_reader.core.search.analysis import (
    base_language,
    fold,
    names,
    query_forms,
    query_words,
    whole_name,
)
from archive_reader.core.search.cache import ReaderCache
from archive_reader.core.search.index import NO_DATE, day_number
from archive_reader.core.search.phrases import Check, CheckedPhrase
from archive_reader.core.search.snippets import CJK, WORD, Highlighter

_PREFIX_EXPANSIONS = 40
_FUZZY_EXPANSIONS = 12
# A prefix filter reads at most this many postings (its most frequent words first).
_PREFIX_POSTINGS = 60_000
_TEXT_FIELDS = ("text",)


def date_mask(dates: np.ndarray, date_range: q.DateRange) -> np.ndarray:
    """The documents whose day number (``dates``) falls in the range, as a mask."""
    mask: np.ndarray = dates != NO_DATE
    if date_range.start is not None:
        mask &= dates >= _day(date_range.start)
    if date_range.end is not None:
        mask &= dates <= _day(date_range.end)
    return mask


def _day(value: date) -> int:
    number = day_number(value)
    assert number is not None
    return number


class Compiler:
    """Turns a query tree into Whoosh queries, dropping terms the index does not hold."""

    def __init__(
        self,
        searcher: Searcher,
        cache: ReaderCache,
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
        """The Whoosh query for a node; ``negated`` when it sits under a NOT (not highlighted)."""
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
            if is_null(excluded):
                return base
            return wq.AndNot(base, excluded)
        if isinstance(node, q.Or):
            return _or([self.compile(child, negated) for child in node.children])
        if isinstance(node, q.Not):
            excluded = self.compile(node.child, not negated)
            return wq.Every() if is_null(excluded) else wq.AndNot(wq.Every(), excluded)
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
        frequency: int = self._reader.doc_frequency(field_name, term)
        return frequency > 0

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
        if any(is_null(part) for part in parts):
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
        surface = WORD.findall(fold(node.text))
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
        start = "" if CJK.match(surface[0][0]) else r"(?<!\w)"
        end = "" if CJK.match(surface[-1][-1]) else r"(?!\w)"
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


def is_null(query: wq.Query) -> bool:
    """Tells whether a compiled query can match nothing."""
    return query is wq.NullQuery


def _or(queries: list[wq.Query]) -> wq.Query:
    queries = [query for query in queries if not is_null(query)]
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else wq.Or(queries)
