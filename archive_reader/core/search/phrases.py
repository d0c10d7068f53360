"""Phrases checked against the article's text: the check, and the query that carries it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq


@dataclass(frozen=True)
class Check:
    """A phrase to find in an article: the pattern, and whether only in its title."""

    pattern: re.Pattern[str]
    title_only: bool = False


class CheckedPhrase(wq.Query):  # type: ignore[misc]  # Whoosh has no types: Query is Any
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
