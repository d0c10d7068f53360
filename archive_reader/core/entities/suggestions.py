"""Suggestions: names in an article that look like entities and are not in the catalogue."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from archive_reader.core.db import entities as entity_rows
from archive_reader.core.db import mentions as mention_rows
from archive_reader.core.db.storage import now
from archive_reader.core.entities.models import EntityError, Suggestion
from archive_reader.core.errors import ArticleNotFound
from archive_reader.core.library import LibraryHandle
from archive_reader.core.search.analysis import fold


class Suggestions:
    """Suggests names of an article for the catalogue, and remembers the dismissed ones.

    Args:
        handle: The library's shared handle.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db

    def suggest(self, article_id: int, limit: int | None = None) -> list[Suggestion]:
        """Names in an article that look like entities and are not in the catalogue.

        Capitalised word sequences ("European Commission", "Bank of England"),
        acronyms of 2-6 capitals (digits allowed), and single capitalised
        words that appear at least twice inside sentences; in any script with
        upper and lower case. Names already an alias, dismissed names, places
        already marked as mentions, and common sentence-opening words are left out.

        Args:
            article_id: The article.
            limit: At most this many, the most frequent first.

        Returns:
            The suggestions, the most frequent first.

        Raises:
            ArticleNotFound: No article has this id.
        """
        with self._handle.lock:
            text = mention_rows.article_text(self._db, article_id)
            if text is None:
                raise ArticleNotFound(f"no article with id {article_id}")
            known = {fold(" ".join(a.text.split())) for a in entity_rows.alias_texts(self._db)}
            known |= {fold(" ".join(e.name.split())) for e in entity_rows.entity_records(self._db)}
            known |= {fold(name) for name in entity_rows.dismissed_names(self._db)}
            marked = sorted(
                (span.start, span.end) for span in mention_rows.live_spans(self._db, article_id)
            )
        suggestions = _suggestions(text, known, marked)
        return suggestions if limit is None else suggestions[:limit]

    def dismiss(self, name: str) -> None:
        """Dismisses a suggestion; it is not suggested again, in any article.

        Raises:
            EntityError: The name is empty.
        """
        name = " ".join(name.split())
        if not name:
            raise EntityError("nothing to dismiss")
        with self._handle.lock, self._handle.storage.transaction():
            entity_rows.dismiss(self._db, name, now())

    def undismiss(self, name: str) -> None:
        """Lets a dismissed name be suggested again."""
        with self._handle.lock, self._handle.storage.transaction():
            entity_rows.undismiss(self._db, name.strip())

    def dismissed(self) -> list[str]:
        """The dismissed names, by name."""
        with self._handle.lock:
            return entity_rows.dismissed_names(self._db)


_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…;\n]")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CONNECTORS = _word_set(
    "of the for de da do dos das del la le du des von van der den di al bin ibn фон"
)
_COMMON = _word_set(
    """
    the a an in on at but and or if when while this that these those it its he she they we i
    you his her their our my your after before as for from with by to of according however
    meanwhile also there here what who why how where so yet still then now today yesterday
    tomorrow some many most all every each one two three no not more last next new other
    such because although though since until during between under over about into than
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december mr mrs ms dr read see photo
    в на и но это он она они по как что для из с к о при после когда если а же то
    der die das ein eine und im am auf mit von zu bei es er sie wir ich nach vor
    le la les un une des du et dans en pour il elle ils nous sur par avec au aux
    el los las una y o en con por para su sus al lo
    o os as um uma em no na nos nas com mas ele ela eles para por
    """
)


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    sentence_start: bool
    kind: str  # "cap", "acronym", "connector" or ""


def _token_kind(word: str) -> str:
    first = word[0]
    if not first.isupper():
        return "connector" if word in _CONNECTORS else ""
    if any(c.islower() for c in word):
        return "cap"
    if 2 <= len(word) <= 6 and all(c.isupper() or c.isdigit() or c in "-'’" for c in word):
        return "acronym"
    return ""


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        sentence_start = not tokens or bool(_SENTENCE_END.search(gap))
        word, end = match.group(), match.end()
        if word[-2:] in ("'s", "’s") and len(word) > 2:  # "Assange's" names Assange
            word, end = word[:-2], end - 2
        tokens.append(_Token(word, match.start(), end, sentence_start, _token_kind(word)))
        previous_end = match.end()
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """True when only one space (of any kind) separates two tokens."""
    gap = text[left.end : right.start]
    return len(gap) == 1 and gap.isspace()


def _name_runs(text: str, tokens: list[_Token]) -> Iterator[list[_Token]]:
    """Runs of capitalised words and acronyms, joined by single spaces and connectors."""
    index = 0
    while index < len(tokens):
        if tokens[index].kind not in ("cap", "acronym"):
            index += 1
            continue
        run = [tokens[index]]
        index += 1
        while index < len(tokens) and _joined(text, tokens[index - 1], tokens[index]):
            token = tokens[index]
            if token.kind in ("cap", "acronym") and not token.sentence_start:
                run.append(token)
                index += 1
                continue
            # Up to two connectors between names: "Bank of England", "Museum of the City".
            after = index
            while (
                after < len(tokens)
                and after - index < 2
                and tokens[after].kind == "connector"
                and _joined(text, tokens[after - 1], tokens[after])
            ):
                after += 1
            if (
                after == index
                or after >= len(tokens)
                or tokens[after].kind not in ("cap", "acronym")
                or tokens[after].sentence_start
                or not _joined(text, tokens[after - 1], tokens[after])
            ):
                break
            run.extend(tokens[index:after])
            index = after
        while run and run[-1].kind == "connector":
            run.pop()
        yield run


def _suggestions(text: str, known: set[str], marked: list[tuple[int, int]]) -> list[Suggestion]:
    tokens = _tokens(text)
    lower_words = {t.text for t in tokens if not t.text[0].isupper()}

    def overlaps_mention(start: int, end: int) -> bool:
        return any(m_start < end and m_end > start for m_start, m_end in marked)

    def common(token: _Token) -> bool:
        word = token.text.lower()
        return word in _COMMON or (token.kind == "cap" and word in lower_words)

    counts: Counter[tuple[str, str]] = Counter()
    inside: Counter[str] = Counter()  # single words counted inside sentences
    for run in _name_runs(text, tokens):
        while run and (common(run[0]) or run[0].kind == "connector"):
            run = run[1:]
        while run and run[-1].kind == "connector":
            run.pop()
        if not run:
            continue
        start, end = run[0].start, run[-1].end
        if overlaps_mention(start, end):
            continue
        name = text[start:end]
        name = " ".join(name.split())
        if len(run) > 1:
            counts[(name, "sequence")] += 1
        elif run[0].kind == "acronym":
            counts[(name, "acronym")] += 1
        elif not common(run[0]):
            counts[(name, "word")] += 1
            if not run[0].sentence_start:
                inside[name] += 1
    found = [
        Suggestion(name, count, kind)
        for (name, kind), count in counts.items()
        if fold(name) not in known and (kind != "word" or inside[name] >= 2)
    ]
    found.sort(key=lambda s: (-s.count, s.name.lower()))
    return found
