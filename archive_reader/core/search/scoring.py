"""Evaluating and ranking queries over the Whoosh index with numpy.

Whoosh scores one document at a time in Python: a word found in 70,000
articles costs over 100 ms to rank, however few hits are shown. Here the
posting lists of the query's terms are read from the index's segments into
arrays once (kept per segment: segments never change, only their deletions),
and a whole query tree is evaluated with array operations: intersections for
AND, unions for OR, differences for NOT, and Okapi BM25 for the ranking.

Whoosh stays the index: its segments, lexicon, postings and writer. Phrases
are answered from the word positions of the positional fields, read into
sorted arrays and joined by binary search.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import columns
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.columns import ColumnReader
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from archive_reader.core.search.index import NO_DATE
from archive_reader.core.search.queries import PhraseQuery, StemQuery

log = logging.getLogger(__name__)

#: Fields ranked by BM25; matches in other fields (tags, entities...) only filter.
RANKED_FIELDS = frozenset({"words", "title_words", "note_words", "site", "author"})

#: The lengths of the word fields, kept as numeric columns (exact, where Whoosh's are a byte).
_LENGTH_COLUMNS = {
    "words": "text_length",
    "title_words": "title_length",
    "note_words": "note_length",
}
_K1 = 1.2
_B = 0.75
# Posting lists kept across queries, in postings (8 bytes each): about 200 MB.
_CACHE_POSTINGS = 25_000_000
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float32)
# A phrase word with this many times more documents than those still in play
# is read only in their blocks.
_SPARSE_READ = 16


@dataclass
class Matches:
    """Documents (sorted document numbers) with their scores."""

    ids: np.ndarray
    scores: np.ndarray

    @staticmethod
    def empty() -> Matches:
        """No matches."""
        return Matches(_EMPTY_IDS, _EMPTY_SCORES)


class PostingCache:
    """Posting lists and field lengths per segment, kept while segments live.

    A segment's postings never change (deleting a document only marks it),
    so what was read from it stays valid until it is merged away.
    """

    def __init__(self) -> None:
        self._postings: OrderedDict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = (
            OrderedDict()
        )
        self._size = 0
        self._lengths: dict[tuple[str, str], np.ndarray] = {}
        self._positions: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()

    def postings(
        self, segment: IndexReader, field: str, term: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """(local document numbers, term frequencies) of a term in one segment."""
        key = (segment_id(segment), field, term)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        found = _read_postings(segment, field, term)
        self._postings[key] = found
        self._size += len(found[0])
        while self._size > _CACHE_POSTINGS and len(self._postings) > 1:
            _, (ids, _) = self._postings.popitem(last=False)
            self._size -= len(ids)
        return found

    def positions(self, segment: IndexReader, field: str, term: str) -> np.ndarray:
        """Sorted keys (local document number << 32 | position) of a term in one segment."""
        key = (segment_id(segment), field, term)
        found = self._positions.get(key)
        if found is not None:
            self._positions.move_to_end(key)
            return found
        ids, counts, found = _read_positions(segment, field, term)
        self._positions[key] = found
        self._size += len(found)
        if key not in self._postings:
            # The same blocks hold the postings: keep them too, not read twice.
            self._postings[key] = (ids, counts.astype(np.float32))
            self._size += len(ids)
        while self._size > _CACHE_POSTINGS and len(self._positions) > 1:
            self._size -= len(self._positions.popitem(last=False)[1])
        while self._size > _CACHE_POSTINGS and len(self._postings) > 1:
            self._size -= len(self._postings.popitem(last=False)[1][0])
        return found

    def has_positions(self, segment: IndexReader, field: str, term: str) -> bool:
        """Whether a term's positions in one segment are kept already."""
        return (segment_id(segment), field, term) in self._positions

    def column(self, segment: IndexReader, name: str) -> np.ndarray:
        """A numeric column of one segment (ids, dates), kept while the segment lives."""
        key = (segment_id(segment), "#" + name)
        found = self._lengths.get(key)
        if found is None:
            found = numeric_column(segment, name)
            self._lengths[key] = found
        return found

    def lengths(self, segment: IndexReader, field: str) -> np.ndarray:
        """The field's length (in terms) of each document of one segment."""
        key = (segment_id(segment), field)
        found = self._lengths.get(key)
        if found is None:
            found = _read_lengths(segment, field)
            self._lengths[key] = found
        return found

    def forget_except(self, segment_ids: set[str]) -> None:
        """Drops what belongs to segments that no longer exist (merged away)."""
        for key in [key for key in self._postings if key[0] not in segment_ids]:
            self._size -= len(self._postings.pop(key)[0])
        for key in [key for key in self._positions if key[0] not in segment_ids]:
            self._size -= len(self._positions.pop(key))
        for length_key in [key for key in self._lengths if key[0] not in segment_ids]:
            del self._lengths[length_key]


def segment_id(segment: IndexReader) -> str:
    """The id of a segment reader's segment ("" for the reader of an empty index)."""
    info = segment.segment() if hasattr(segment, "segment") else None
    return "" if info is None else str(info.segment_id())


def _read_postings(segment: IndexReader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Reads a segment's posting list of one term into arrays.

    Decodes Whoosh's W3 posting blocks directly (ids are stored as
    differences within each block); any other matcher is walked instead.
    """
    reader = segment
    if (field, term) not in reader:
        return _EMPTY_IDS, _EMPTY_SCORES
    matcher = reader._terms.matcher(
        field,
        reader._text_to_bytes(field, term),
        reader.schema[field].format,
    )
    if hasattr(matcher, "_read_data") and not getattr(matcher, "_byteids", True):
        id_blocks = []
        weight_blocks = []
        while True:
            if matcher._data is None:
                matcher._read_data()
            ids, weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            id_blocks.append(np.cumsum(np.asarray(ids, dtype=np.int64)))
            if weights is None:
                weight_blocks.append(np.ones(count, dtype=np.float32))
            elif isinstance(weights, float):
                weight_blocks.append(np.full(count, weights, dtype=np.float32))
            else:
                weight_blocks.append(np.asarray(weights, dtype=np.float32))
            if matcher._lastblock:
                break
            matcher._next_block()
        return np.concatenate(id_blocks), np.concatenate(weight_blocks)
    ids_list: list[int] = []
    weights_list: list[float] = []
    while matcher.is_active():
        ids_list.append(matcher.id())
        weights_list.append(matcher.weight())
        matcher.next()
    return np.asarray(ids_list, dtype=np.int64), np.asarray(weights_list, dtype=np.float32)


def _read_positions(
    segment: IndexReader, field: str, term: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reads a segment's postings and positions of one term (a :class:`RawPositions` field).

    Returns:
        The local document numbers, the term's count in each, and sorted int64
        keys, local document number << 32 | position, one per occurrence.
    """
    reader = segment
    if (field, term) not in reader:
        return _EMPTY_IDS, _EMPTY_IDS, _EMPTY_IDS
    matcher = reader._terms.matcher(
        field,
        reader._text_to_bytes(field, term),
        reader.schema[field].format,
    )
    id_blocks: list[np.ndarray] = []
    value_blocks: list[tuple[bytes, ...]] = []
    if hasattr(matcher, "_read_data") and not getattr(matcher, "_byteids", True):
        while True:
            if matcher._data is None:
                matcher._read_data()
            id_blocks.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
            value_blocks.append(matcher._data[2])
            if matcher._lastblock:
                break
            matcher._next_block()
    else:
        ids_list: list[int] = []
        values: list[bytes] = []
        while matcher.is_active():
            ids_list.append(matcher.id())
            values.append(matcher.value())
            matcher.next()
        id_blocks.append(np.asarray(ids_list, dtype=np.int64))
        value_blocks.append(tuple(values))
    ids = np.concatenate(id_blocks)
    flat = [value for block in value_blocks for value in block]
    counts = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat)) // 4
    positions = np.frombuffer(b"".join(flat), dtype="<u4").astype(np.int64)
    keys: np.ndarray = (np.repeat(ids, counts) << 32) | positions
    return ids, counts, keys


def _positions_in(
    segment: IndexReader, field: str, term: str, documents: np.ndarray, offset: int
) -> list[np.ndarray]:
    """A term's keys (with the segment's offset) in some documents of one segment.

    Whoosh's matcher skips the blocks that hold none of them, by the last
    document number each block's header gives, without decoding them.
    """
    if (field, term) not in segment:
        return []
    matcher = segment._terms.matcher(
        field, segment._text_to_bytes(field, term), segment.schema[field].format
    )
    found: list[np.ndarray] = []
    for document in documents.tolist():
        if not matcher.is_active():
            break
        matcher.skip_to(document)
        if not matcher.is_active():
            break
        if matcher.id() == document:
            positions = np.frombuffer(matcher.value(), dtype="<u4").astype(np.int64)
            found.append(((document + offset) << 32) | positions)
    return found


def _read_lengths(segment: IndexReader, field: str) -> np.ndarray:
    """Field lengths of a segment's documents, read from its length column at once.

    Whoosh keeps each length as one byte (a lossy code); the 256 codes are
    decoded with a table. Any other layout is read document by document.
    """
    count = segment.doc_count_all()
    if not count:
        return np.zeros(0, dtype=np.float32)
    perdoc = getattr(segment, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
    if column is not None:
        lengths: np.ndarray = _LENGTH_CODES[_numeric_values(column, count)]
        return lengths
    return np.fromiter(
        (segment.doc_field_length(d, field, 0) for d in range(count)),
        dtype=np.float32,
        count=count,
    )


def numeric_column(segment: IndexReader, name: str) -> np.ndarray:
    """A segment's numeric column (article ids, day numbers) as an array."""
    count = segment.doc_count_all()
    if not count:
        return np.zeros(0, dtype=np.int64)
    return _numeric_values(segment.column_reader(name), count)


def _numeric_values(column: ColumnReader, count: int) -> np.ndarray:
    """All values of a numeric column at once.

    Whoosh's numeric columns are fixed-size big-endian numbers, one per
    document, read here in one piece; other columns are read value by value.
    """
    if isinstance(column, columns.NumericColumn.Reader) and not column._reverse:
        stored = column._count
        raw = column._dbfile.get(column._basepos, stored * column._fixedlen)
        values = np.frombuffer(raw, dtype=np.dtype(column._typecode).newbyteorder(">"))
        values = values.astype(np.int64)
        if stored < count:
            values = np.concatenate(
                [values, np.full(count - stored, column._default, dtype=np.int64)]
            )
        return values[:count]
    return np.fromiter(iter(column), dtype=np.int64, count=count)


_LENGTH_CODES = np.asarray(
    [0.0] + [byte_to_length(code) for code in range(1, 256)], dtype=np.float32
)


class Evaluator:
    """Evaluates query trees with arrays, for one index reader.

    Args:
        searcher: The searcher whose reader's segments are read.
        cache: Posting lists kept across readers.
        live: True for each document number that is not deleted.
    """

    def __init__(self, searcher: Searcher, cache: PostingCache, live: np.ndarray) -> None:
        self._searcher = searcher
        reader = searcher.reader()
        self._leaves = list(reader.leaf_readers())
        self._size = reader.doc_count_all()
        self._cache = cache
        self._live = live
        self._documents = max(1, int(live.sum()))
        self._average: dict[str, float] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self._language_masks: dict[frozenset[str], np.ndarray] = {}

    def warm_up(self) -> None:
        """Reads the lengths of the ranked text field (the first query would)."""
        self._average_length("words")

    def evaluate(self, query: wq.Query) -> Matches:
        """The documents a query matches, with BM25 scores (0 for pure filters)."""
        if query is wq.NullQuery:
            return Matches.empty()
        if isinstance(query, StemQuery):
            return self._stems(query)
        if isinstance(query, wq.Term):
            return self._term(query.fieldname, query.text)
        if isinstance(query, PhraseQuery):
            return self.phrase(query.fieldname, query.words)
        if isinstance(query, wq.And):
            parts = [self.evaluate(sub) for sub in query.subqueries]
            return _intersect(parts)
        if isinstance(query, wq.Or):
            return union([self.evaluate(sub) for sub in query.subqueries])
        if isinstance(query, wq.AndNot):
            base = self.evaluate(query.a)
            excluded = self.evaluate(query.b)
            keep = ~np.isin(base.ids, excluded.ids, assume_unique=True)
            return Matches(base.ids[keep], base.scores[keep])
        if isinstance(query, wq.Every):
            ids = np.flatnonzero(self._live)
            return Matches(ids, np.zeros(len(ids), dtype=np.float32))
        if isinstance(query, wq.NumericRange):
            return self._range(query)
        raise TypeError(f"no array evaluation for {query!r}")

    def language_mask(self, languages: frozenset[str]) -> np.ndarray:
        """True for each document whose language (primary subtag, "und") is one of these."""
        found = self._language_masks.get(languages)
        if found is None:
            found = np.zeros(self._size, dtype=bool)
            for language in languages:
                found[self._postings("lang", language)[0]] = True
            self._language_masks[languages] = found
        return found

    def _postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(live document numbers, term frequencies) of a term over every segment."""
        id_parts = []
        tf_parts = []
        for segment, offset in self._leaves:
            ids, tfs = self._cache.postings(segment, field, term)
            if len(ids):
                id_parts.append(ids + offset)
                tf_parts.append(tfs)
        if not id_parts:
            return _EMPTY_IDS, _EMPTY_SCORES
        ids = np.concatenate(id_parts)
        tfs = np.concatenate(tf_parts)
        live = self._live[ids]
        return ids[live], tfs[live]

    def doc_count(self, field: str, term: str) -> int:
        """How many live documents hold a term."""
        return len(self._postings(field, term)[0])

    def _term(self, field: str, term: str) -> Matches:
        ids, tfs = self._postings(field, term)
        return self._scored(field, ids, tfs)

    def _stems(self, query: StemQuery) -> Matches:
        """A word through its forms in each language; in "words" the title counts twice."""
        fields = [query.fieldname]
        if query.fieldname == "words":
            fields.append("title_words")
        id_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for languages, forms in query.groups:
            allowed = None if languages is None else self.language_mask(languages)
            for form in forms:
                for field in fields:
                    ids, tfs = self._postings(field, form)
                    if allowed is not None and len(ids):
                        keep = allowed[ids]
                        ids, tfs = ids[keep], tfs[keep]
                    id_parts.append(ids)
                    tf_parts.append(tfs)
        if not id_parts:
            return Matches.empty()
        ids, inverse = np.unique(np.concatenate(id_parts), return_inverse=True)
        tfs = np.bincount(inverse, weights=np.concatenate(tf_parts), minlength=len(ids))
        return self._scored(query.fieldname, ids, tfs.astype(np.float32))

    def _scored(self, field: str, ids: np.ndarray, tfs: np.ndarray) -> Matches:
        """Okapi BM25 of a term (or phrase) found ``tfs`` times in documents ``ids``."""
        if field not in RANKED_FIELDS or not len(ids):
            return Matches(ids, np.zeros(len(ids), dtype=np.float32))
        frequency = len(ids)
        idf = np.log1p((self._documents - frequency + 0.5) / (frequency + 0.5))
        lengths = self._field_lengths(field)[ids]
        norm = _K1 * (1 - _B + _B * lengths / self._average_length(field))
        scores = (idf * tfs * (_K1 + 1) / (tfs + norm)).astype(np.float32)
        return Matches(ids, scores)

    def _keys(self, field: str, term: str) -> np.ndarray:
        """Sorted keys (document number << 32 | position) of a term over every segment."""
        parts = []
        for segment, offset in self._leaves:
            keys = self._cache.positions(segment, field, term)
            if len(keys):
                parts.append(keys + (offset << 32) if offset else keys)
        if not parts:
            return _EMPTY_IDS
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def phrase(self, field: str, words: tuple[str, ...]) -> Matches:
        """Documents where the words stand at consecutive positions of a positional field.

        The occurrences of the rarest word are extended word by word, rarer
        words first, each by a binary search in the next word's sorted
        positions. A word far more frequent than the documents still in play
        ("the", "of") is read only in those documents' blocks, so that a
        phrase of common words does not decode whole posting lists. Scored
        by BM25 with the phrase's count in each document as its frequency.
        """
        if not words:
            return Matches.empty()
        if len(words) == 1:
            ids, tfs = self._postings(field, words[0])
            return self._scored(field, ids, tfs.astype(np.float32))
        frequency = {word: self._doc_frequency(field, word) for word in set(words)}
        if not all(frequency.values()):
            return Matches.empty()
        # Rarest first by occurrences (the lexicon's total of each word's counts).
        reader = self._searcher.reader()
        occurrences = {word: reader.frequency(field, word) for word in frequency}
        order = sorted(range(len(words)), key=lambda i: occurrences[words[i]])
        first = order[0]
        found = self._keys(field, words[first])
        found = found[self._live[found >> 32] & ((found & 0xFFFFFFFF) >= first)]
        starts = found - first
        for index in order[1:]:
            if not len(starts):
                break
            documents = np.unique(starts >> 32)
            word = words[index]
            if frequency[word] > _SPARSE_READ * len(documents) and not self._cached(field, word):
                haystack = self._keys_in(field, word, documents)
            else:
                haystack = self._keys(field, word)
            if not len(haystack):
                starts = starts[:0]
                break
            wanted = starts + index
            at = np.minimum(np.searchsorted(haystack, wanted), len(haystack) - 1)
            starts = starts[haystack[at] == wanted]
        ids, counts = np.unique(starts >> 32, return_counts=True)
        return self._scored(field, ids, counts.astype(np.float32))

    def _doc_frequency(self, field: str, term: str) -> int:
        """Documents holding a term (deleted ones included: an upper bound, from the lexicon)."""
        total: int = self._searcher.reader().doc_frequency(field, term)
        return total

    def _cached(self, field: str, term: str) -> bool:
        return all(self._cache.has_positions(segment, field, term) for segment, _ in self._leaves)

    def _keys_in(self, field: str, term: str, documents: np.ndarray) -> np.ndarray:
        """A term's keys in these documents only, reading just the blocks that hold them."""
        parts: list[np.ndarray] = []
        for segment, offset in self._leaves:
            count = segment.doc_count_all()
            local = documents[(documents >= offset) & (documents < offset + count)] - offset
            if len(local):
                parts.extend(_positions_in(segment, field, term, local, offset))
        return np.concatenate(parts) if parts else _EMPTY_IDS

    def _field_lengths(self, field: str) -> np.ndarray:
        found = self._lengths.get(field)
        if found is None:
            column = _LENGTH_COLUMNS.get(field)
            if column is not None:
                found = self._column(column).astype(np.float32)
            else:
                parts = [self._cache.lengths(segment, field) for segment, _ in self._leaves]
                found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            self._lengths[field] = found
        return found

    def _average_length(self, field: str) -> float:
        if field not in self._average:
            lengths = self._field_lengths(field)[self._live]
            self._average[field] = float(lengths.mean()) if len(lengths) else 1.0
        return max(self._average[field], 1.0)

    def _range(self, query: wq.NumericRange) -> Matches:
        """A date range: never an article without that date, wherever it stands in a query."""
        values = self._column(query.fieldname)
        mask = self._live & (values != NO_DATE)
        if query.start is not None:
            mask &= values >= query.start
        if query.end is not None:
            mask &= values <= query.end
        ids = np.flatnonzero(mask)
        return Matches(ids, np.zeros(len(ids), dtype=np.float32))

    def _column(self, name: str) -> np.ndarray:
        parts = [self._cache.column(segment, name) for segment, _ in self._leaves]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _intersect(parts: list[Matches]) -> Matches:
    if not parts:
        return Matches.empty()
    parts = sorted(parts, key=lambda part: len(part.ids))
    ids, scores = parts[0].ids, parts[0].scores
    for part in parts[1:]:
        if not len(ids):
            break
        common, left, right = np.intersect1d(ids, part.ids, assume_unique=True, return_indices=True)
        ids, scores = common, scores[left] + part.scores[right]
    return Matches(ids, scores)


def union(parts: list[Matches]) -> Matches:
    """Documents in any of the parts, their scores added."""
    parts = [part for part in parts if len(part.ids)]
    if not parts:
        return Matches.empty()
    if len(parts) == 1:
        return parts[0]
    all_ids = np.concatenate([part.ids for part in parts])
    all_scores = np.concatenate([part.scores for part in parts])
    ids, inverse = np.unique(all_ids, return_inverse=True)
    scores = np.bincount(inverse, weights=all_scores, minlength=len(ids)).astype(np.float32)
    return Matches(ids, scores)


def top(matches: Matches, count: int, keys: np.ndarray) -> np.ndarray:
    """Positions (into ``matches``) of the ``count`` best, in a total order.

    Best score first; equal scores by ``keys`` (the article ids, aligned with
    ``matches``), so that every page of a result is cut from one order: pages
    are disjoint and together give every hit once.
    """
    total = len(matches.ids)
    if count <= 0 or not total:
        return np.zeros(0, dtype=np.int64)
    if count < total:
        # Every hit scoring at least the count-th best score, ties included.
        threshold = -np.partition(-matches.scores, count - 1)[count - 1]
        chosen = np.flatnonzero(matches.scores >= threshold)
    else:
        chosen = np.arange(total)
    order = np.lexsort((keys[chosen], -matches.scores[chosen]))
    picked: np.ndarray = chosen[order][:count]
    return picked
