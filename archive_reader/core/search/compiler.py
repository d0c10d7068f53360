"""Our query tree -> index queries: words in each article's own language, phrases, expansions.

The rules (see :mod:`archive_reader.core.search.analysis` for folding, words and stems):

* a plain word matches an article through the stem it has in the article's
  language, never another language's stem (:class:`LangTerm`);
* a word that breaks into several words ("e-mail", a Chinese string) and a
  quoted phrase match the folded words at consecutive positions, unstemmed
  (:class:`PhraseQuery`), in the title or in the text, never across;
* prefixes and fuzzy words expand over the folded, unstemmed words;
* filters (dates, tags, languages...) never match an article without the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rapidfuzz import process as fuzzy_process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq
from whoosh.searching import Searcher

from archive_reader.core.search import query as q
from archive_reader.core.search.analysis import (
    base_language,
    names,
    whole_name,
    words,
)
from archive_reader.core.search.cache import ReaderCache
from archive_reader.core.search.index import day_number, fold_value
from archive_reader.core.search.queries import PhraseQuery, StemQuery
from archive_reader.core.search.snippets import Highlighter

_FUZZY_EXPANSIONS = 12
# A prefix reads at most this many postings (its most frequent words first).
_PREFIX_POSTINGS = 60_000
_SURFACE = {
    None: "words",
    "title": "title_words",
    "note": "note_words",
    "site": "site",
    "author": "author",
}


def _day(value: date) -> int:
    number = day_number(value)
    assert number is not None
    return number


class Compiler:
    """Turns a query tree into index queries, dropping terms the index does not hold."""

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

    def compile(self, node: q.Node, negated: bool = False) -> wq.Query:
        """The query for a node; ``negated`` when it sits under a NOT (not highlighted)."""
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

    def _value_field(self, target: str | None, text: str) -> wq.Query | None:
        """The query for a field whose value is a whole name (entity, tag, label, lang)."""
        if target == "entity":
            return self._entity(text)
        if target in ("tag", "label"):
            return wq.Term(target, fold_value(text))
        if target == "lang":
            return wq.Term("lang", base_language(text) or text.strip().lower())
        return None

    def _word(self, node: q.Word, negated: bool) -> wq.Query:
        target = node.field
        whole = self._value_field(target, node.text)
        if whole is not None:
            return whole
        found = words(node.text)
        if not found:
            return wq.NullQuery
        surface = _SURFACE[target]
        if node.prefix:
            return self._and(
                [self._surface_word(surface, w, negated) for w in found[:-1]]
                + [self._expand_prefix(surface, found[-1], negated)]
            )
        if len(found) > 1:
            # "e-mail", "concnote-3", a Chinese string: the word's parts stand together.
            return self._phrase_words(surface, tuple(found), negated)
        word = found[0]
        if node.fuzzy:
            return self._expand_fuzzy(surface, word, node.fuzzy, negated)
        if target in ("site", "author"):
            return self._surface_word(surface, word, negated)
        return self.stemmed(surface, word, negated)

    def stemmed(self, field: str, word: str, negated: bool = False) -> wq.Query:
        """A folded word in a word field: in each language, the words with its stem there."""
        if not negated:
            self._highlighter.stems.add(word)
        by_forms: dict[tuple[str, ...], set[str]] = {}
        languages = self._cache.languages
        for language in languages:
            forms = self._cache.forms(field, word, language)
            if forms:
                by_forms.setdefault(forms, set()).add(language)
        if not by_forms:
            return wq.NullQuery
        if len(by_forms) == 1 and len(next(iter(by_forms.values()))) == len(languages):
            return StemQuery(field, ((None, next(iter(by_forms))),))
        return StemQuery(
            field, tuple((frozenset(found), forms) for forms, found in by_forms.items())
        )

    def _surface_word(self, field: str, word: str, negated: bool) -> wq.Query:
        if not negated:
            self._highlighter.surface.add(word)
        return wq.Term(field, word) if self._exists(field, word) else wq.NullQuery

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
        if target in ("site", "author"):
            name = whole_name(node.text)
            if self._exists(f"{target}_name", name):
                return wq.Term(f"{target}_name", name)
        found = tuple(words(node.text) if target not in ("site", "author") else names(node.text))
        if not found:
            return wq.NullQuery
        return self._phrase_words(_SURFACE[target], found, negated)

    def _phrase_words(self, field: str, found: tuple[str, ...], negated: bool) -> wq.Query:
        """Folded words at consecutive positions (a quoted single word: that word exactly)."""
        if not all(self._exists(field, word) for word in set(found)):
            return wq.NullQuery
        if not negated:
            self._highlighter.surface.update(found)
        return PhraseQuery(field, found)

    def _completions(self, field: str, prefix: str) -> list[tuple[int, str]]:
        found = [
            (self._reader.doc_frequency(field, term), term)
            for term in self._cache.starting_with(field, prefix)
        ]
        return sorted(found, key=lambda item: (-item[0], item[1]))

    def _expand_prefix(self, field: str, prefix: str, negated: bool) -> wq.Query:
        """The words that start with ``prefix``, most frequent first, up to a postings budget.

        A two- or three-letter prefix can start thousands of words: reading
        stops at the budget, and a note says so.
        """
        if len(prefix) < 2:
            self._notes.append(f"{prefix}* is too short to search: give two letters or more.")
            return wq.NullQuery
        if not negated:
            self._highlighter.prefixes.add(prefix)
        ranked = self._completions(field, prefix)
        chosen: list[wq.Query] = []
        read = 0
        for frequency, term in ranked:
            if read and read + frequency > _PREFIX_POSTINGS:
                self._notes.append(
                    f"{prefix}* starts {len(ranked)} words; searched the {len(chosen)}"
                    " most frequent."
                )
                break
            chosen.append(wq.Term(field, term))
            read += frequency
        return _or(chosen)

    def _expand_fuzzy(self, field: str, word: str, distance: int, negated: bool) -> wq.Query:
        """The words within ``distance`` edits that start with the same letter, closest first.

        Bounded as search engines do: the first letter must be right, and at
        most the 12 closest words are searched (equally close ones: the more
        frequent first, then in alphabetical order).
        """
        candidates = [
            term
            for term in self._cache.starting_with(field, word[:1])
            if abs(len(term) - len(word)) <= distance
        ]
        matches = fuzzy_process.extract(
            word, candidates, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
        )
        counted = [
            (int(score), -self._cache.evaluator.doc_count(field, term), term)
            for term, score, _ in matches
        ]
        ranked = [term for score, count, term in sorted(counted) if count < 0]
        ranked = ranked[:_FUZZY_EXPANSIONS]
        if not negated:
            self._highlighter.surface.update(ranked)
        return _or([wq.Term(field, term) for term in ranked])


def is_null(query: wq.Query) -> bool:
    """Tells whether a compiled query can match nothing."""
    return query is wq.NullQuery


def _or(queries: list[wq.Query]) -> wq.Query:
    queries = [query for query in queries if not is_null(query)]
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def plain_words(node: q.Node) -> tuple[list[str], list[q.Node]] | None:
    """The words of a query typed as a sentence, and what it excludes; None for other queries.

    A sentence is two or more words (parentheses and ``-word`` exclusions
    allowed), with no quoted phrase, no field, no prefix or fuzzy word, no date
    and no AND or OR typed between them. Such a query gets partial hits when few
    articles have all of its words.
    """
    found: list[str] = []
    excluded: list[q.Node] = []

    def visit(part: q.Node, negated: bool) -> bool:
        if isinstance(part, q.And):
            return not part.typed and all(visit(child, negated) for child in part.children)
        if isinstance(part, q.Not):
            excluded.append(part.child)
            return visit(part.child, True)
        if isinstance(part, q.Word) and not (part.field or part.prefix or part.fuzzy):
            found.extend([] if negated else words(part.text))
            return True
        return False

    if not visit(node, False) or len(found) < 2:
        return None
    return found, excluded
