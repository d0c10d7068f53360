"""Query kinds of our own beside Whoosh's: words in the articles' own languages, phrases.

Both are evaluated by :class:`archive_reader.core.search.scoring.Evaluator`
from the index's postings; Whoosh's own matchers never run them.
"""

from __future__ import annotations

from whoosh import query as wq

#: For each group of languages, the words that stand for a query word there.
Groups = tuple[tuple[frozenset[str] | None, tuple[str, ...]], ...]


class StemQuery(wq.Query):  # type: ignore[misc]  # Whoosh has no types: Query is Any
    """A query word, as the words that share its stem in each article's language.

    ``groups`` pairs languages with the folded words that have the query
    word's stem in those languages (None: every language): "notes" is
    note, notes, noted... in English articles and not, notes... in French
    ones, and never French "not" in an English article.
    """

    def __init__(self, fieldname: str, groups: Groups) -> None:
        self.fieldname = fieldname
        self.groups = groups

    def __repr__(self) -> str:
        return f"StemQuery({self.fieldname!r}, {self.groups!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemQuery) and (other.fieldname, other.groups) == (
            self.fieldname,
            self.groups,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.groups))


class PhraseQuery(wq.Query):  # type: ignore[misc]  # Whoosh has no types: Query is Any
    """Folded words at consecutive positions of a positional field."""

    def __init__(self, fieldname: str, words: tuple[str, ...]) -> None:
        self.fieldname = fieldname
        self.words = words

    def __repr__(self) -> str:
        return f"PhraseQuery({self.fieldname!r}, {self.words!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhraseQuery) and (other.fieldname, other.words) == (
            self.fieldname,
            self.words,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.words))
