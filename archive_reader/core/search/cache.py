"""What is kept per index reader: live documents, ids, dates, languages, term lists."""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from archive_reader.core.search.analysis import (
    is_stemmed,
    is_unspaced,
    stem,
    stem_words,
    stems_script,
)
from archive_reader.core.search.scoring import Evaluator, PostingCache, segment_id


class ReaderCache:
    """Arrays over the documents of one index reader, built when first needed."""

    def __init__(self, searcher: Searcher, postings: PostingCache) -> None:
        self._searcher = searcher
        reader = searcher.reader()
        self.live = np.ones(reader.doc_count_all(), dtype=bool)
        for segment, offset in reader.leaf_readers():
            deleted = list(segment.deleted_docs_set) if segment.has_deletions() else []
            if deleted:
                self.live[np.asarray(deleted, dtype=np.int64) + offset] = False
        postings.forget_except({segment_id(segment) for segment, _ in reader.leaf_readers()})
        self._postings = postings
        self.evaluator = Evaluator(searcher, postings, self.live)
        self._ids: np.ndarray | None = None
        self._dates: dict[str, np.ndarray] = {}
        self._starting: dict[tuple[str, str], list[str]] = {}
        self._languages: tuple[str, ...] | None = None
        self._stem_tables: dict[tuple[str, str, str], dict[str, list[str]]] = {}

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

    def forms(self, field: str, word: str, language: str) -> tuple[str, ...]:
        """The words of a field that have the stem of ``word`` in ``language``.

        Snowball stems keep the start of a word (all but a changed last
        letter: "happy" -> "happi"), so the candidates are the words that start
        with the first three letters (fewer for a short stem) of the stem or of
        the word; their stems are computed once per (field, start, language)
        for the reader's life.
        """
        if is_unspaced(word) or not is_stemmed(language) or not stems_script(word, language):
            return (word,) if self._searcher.reader().doc_frequency(field, word) else ()
        target = stem(word, language)
        size = max(1, min(3, len(target) - 1))
        found: set[str] = set()
        for start in {target[:size], word[:size]}:
            found.update(self._stem_table(field, start, language).get(target, ()))
        return tuple(sorted(found))

    def _stem_table(self, field: str, start: str, language: str) -> dict[str, list[str]]:
        key = (field, start, language)
        table = self._stem_tables.get(key)
        if table is None:
            table = {}
            candidates = self.starting_with(field, start)
            for term, stemmed in zip(candidates, stem_words(candidates, language), strict=True):
                table.setdefault(stemmed, []).append(term)
            self._stem_tables[key] = table
        return table
