"""Query kinds of our own beside Whoosh's: words in the articles' own languages, phrases.

Both are evaluated by :class:`archive_reader.core.search.scoring.Evaluator`
from the index's postings; Whoosh's own matchers never run them.
"""

from __future__ import annotations

from whoosh import query as wq


class LangTerm(wq.Query):  # type: ignore[misc]  # Whoosh has no types: Query is Any
    """A term that counts only in articles of some languages.

    A query word stemmed for French ("notes" -> "not") must match French
    articles only: in an English article "not" is another word.
    """

    def __init__(self, fieldname: str, text: str, languages: frozenset[str]) -> None:
        self.fieldname = fieldname
        self.text = text
        self.languages = languages

    def __repr__(self) -> str:
        return f"LangTerm({self.fieldname!r}, {self.text!r}, {sorted(self.languages)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LangTerm) and (
            other.fieldname,
            other.text,
            other.languages,
        ) == (self.fieldname, self.text, self.languages)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.text, self.languages))


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
