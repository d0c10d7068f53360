"""The entity catalogue: entities, aliases, mentions found in every article, suggestions.

An entity has a name, a type (person, organisation, place, event, or a type
the user added), notes and aliases. The name is stored as an alias too, so
that every form an entity is found under is a row of ``aliases`` with its own
case rule: "RT" marked case-sensitive is the outlet, "rt" in a web address is
not. Entities created before that rule (with no alias row for their name) are
still matched under their name.

Mentions are found with two Aho-Corasick automata (pyahocorasick), one for
the case-sensitive aliases run over the text as written, one for the others
run over a folded copy (lowercased, accents removed, same length, so offsets
stay right). Spaces, dashes and apostrophes are normalised in both, so
"Russia Today" also matches "Russia Today" across a line break or a
non-breaking space. A match counts only on word boundaries in any script
(the characters around it are not letters, digits, marks or "_"; Chinese and
Japanese text, written without spaces, is exempt). Where matches overlap, the
longest leftmost one wins ("Russia Today" over "Russia"); where two entities
match the same span, a case-sensitive alias beats a case-insensitive one,
otherwise both are kept.

Mentions found by the scanner have source ``found``; those the user marked
have source ``manual`` and are never touched by a scan. A rejected mention
keeps its row with ``rejected = 1``: the row's unique key (article, entity,
start, end) stops a later scan from adding it again.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ahocorasick

from archive_reader.core.db.storage import now
from archive_reader.core.errors import ArchiveError, ArticleNotFound
from archive_reader.core.search.analysis import fold

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle

log = logging.getLogger(__name__)

DEFAULT_TYPES = ("person", "organisation", "place", "event")
_SCAN_BATCH = 500
_SQL_CHUNK = 500


class EntityError(ArchiveError):
    """An entity request that cannot be done as asked (unknown type, empty name, ...)."""


class EntityNotFound(ArchiveError):
    """No entity has the requested id, name or alias."""


class MentionNotFound(ArchiveError):
    """No mention has the requested id."""


# --- Plain results ---------------------------------------------------------------------------


@dataclass(slots=True)
class Alias:
    """One form under which an entity is found.

    Attributes:
        id: The alias row's id.
        entity_id: The entity it names.
        text: The form, as written ("RT", "Russia Today", "ТВ-Новости").
        case_sensitive: True when it matches only as written.
    """

    id: int
    entity_id: int
    text: str
    case_sensitive: bool


@dataclass(slots=True)
class Entity:
    """An entity with its aliases and what the library says about it.

    Attributes:
        id: The entity's id.
        name: Its name (also one of its aliases).
        type: person, organisation, place, event, or a type the user added.
        notes: The researcher's notes.
        created_at: When it was created (ISO 8601 UTC).
        aliases: Every form it is found under, its name included.
        mention_count: Mentions not rejected, in all articles.
        article_count: Articles with at least one such mention.
        first_date: The earliest publication date of those articles, if any has one.
        last_date: The latest one.
    """

    id: int
    name: str
    type: str
    notes: str
    created_at: str
    aliases: list[Alias] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0
    first_date: str | None = None
    last_date: str | None = None

    @property
    def other_names(self) -> list[str]:
        """The aliases other than the name."""
        return [alias.text for alias in self.aliases if alias.text != self.name]


@dataclass(slots=True)
class Mention:
    """One place where an article names an entity.

    Attributes:
        id: The mention's id (what ``reject`` takes).
        article_id: The article.
        entity_id: The entity.
        entity_name: Its name.
        entity_type: Its type.
        start: Offset of the first character in the article's text.
        end: Offset after the last character.
        text: The text at that place.
        source: "found" (by the scanner) or "manual" (marked by the user).
        rejected: True when the user said it is not this entity.
    """

    id: int
    article_id: int
    entity_id: int
    entity_name: str
    entity_type: str
    start: int
    end: int
    text: str
    source: str
    rejected: bool


@dataclass(slots=True)
class EntityArticle:
    """An article that mentions an entity, with how often."""

    article_id: int
    title: str
    published: str | None
    site_name: str | None
    mention_count: int


@dataclass(slots=True)
class Passage:
    """A paragraph that shows two entities together (evidence of a co-occurrence).

    Attributes:
        article_id: The article.
        title: Its title.
        published: Its publication date, if known.
        paragraph: The paragraph's number in the article, from 0.
        text: The paragraph's text.
    """

    article_id: int
    title: str
    published: str | None
    paragraph: int
    text: str


@dataclass(slots=True)
class Cooccurrence:
    """Another entity that appears with the one asked about.

    Attributes:
        entity_id: The other entity.
        name: Its name.
        type: Its type.
        articles: Articles that mention both.
        paragraphs: Paragraphs that mention both.
        article_ids: Those articles, oldest first.
        passages: Paragraphs that mention both (the evidence), oldest first,
            at most as many as asked for.
    """

    entity_id: int
    name: str
    type: str
    articles: int
    paragraphs: int
    article_ids: list[int]
    passages: list[Passage]


@dataclass(slots=True)
class Suggestion:
    """A name in an article that looks like an entity and is not in the catalogue.

    Attributes:
        name: The name as it appears.
        count: How often it appears in the article.
        kind: "sequence" (capitalised words), "acronym" or "word" (a
            capitalised word repeated inside sentences).
    """

    name: str
    count: int
    kind: str


# --- Matching --------------------------------------------------------------------------------

_SAME_LENGTH = {
    **{ord(c): " " for c in "\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"},
    **{ord(c): " " for c in "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013"},
    **{ord(c): "'" for c in "\u2018\u2019\u02bc\u2032"},
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _is_word(char: str) -> bool:
    """True for letters, digits, "_" and combining marks, in any script."""
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _bounded(char: str) -> bool:
    """True when an alias edge of this character must sit on a word boundary."""
    return _is_word(char) and not _CJK.match(char)


def _scan_form(text: str, case_sensitive: bool) -> str:
    """The text as an automaton reads it: same length, spaces, dashes and quotes unified."""
    return (text if case_sensitive else fold(text)).translate(_SAME_LENGTH)


def _alias_key(text: str, case_sensitive: bool) -> str:
    """An alias as the automaton stores it: like the scanned text, spaces collapsed."""
    return " ".join(_scan_form(text, case_sensitive).split())


def default_case_sensitive(text: str) -> bool:
    """Whether a new alias should match only as written when the user does not say.

    Short all-capital forms ("RT", "NATO", "ТАСС") are acronyms whose lower-case
    form is often an ordinary word or part of an address; everything else matches
    in any case.
    """
    text = text.strip()
    return (
        0 < len(text) <= 6
        and " " not in text
        and any(c.isupper() for c in text)
        and not any(c.islower() for c in text)
    )


class _Matcher:
    """Finds the aliases of a set of entities in a text (two Aho-Corasick automata)."""

    def __init__(self, aliases: Iterable[tuple[int, str, bool]]) -> None:
        groups: dict[tuple[bool, str], set[int]] = defaultdict(set)
        for entity_id, text, case_sensitive in aliases:
            key = _alias_key(text, case_sensitive)
            if key:
                groups[(case_sensitive, key)].add(entity_id)
        self._automata: list[tuple[bool, ahocorasick.Automaton]] = []
        for case_sensitive in (True, False):
            automaton = ahocorasick.Automaton()
            for (sensitive, key), ids in groups.items():
                if sensitive == case_sensitive:
                    value = (len(key), tuple(sorted(ids)), _bounded(key[0]), _bounded(key[-1]))
                    automaton.add_word(key, value)
            if len(automaton):
                automaton.make_automaton()
                self._automata.append((case_sensitive, automaton))

    def __bool__(self) -> bool:
        return bool(self._automata)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """The mentions in ``text``: (start, end, entity id), by start.

        Overlapping matches keep the leftmost longest; at one span a
        case-sensitive alias beats a case-insensitive one.
        """
        size = len(text)
        candidates: list[tuple[int, int, int, tuple[int, ...]]] = []
        for case_sensitive, automaton in self._automata:
            priority = 0 if case_sensitive else 1
            for last, (length, ids, check_start, check_end) in automaton.iter(
                _scan_form(text, case_sensitive)
            ):
                start = last - length + 1
                end = last + 1
                if check_start and start > 0 and _is_word(text[start - 1]):
                    continue
                if check_end and end < size and _is_word(text[end]):
                    continue
                candidates.append((start, -end, priority, ids))
        if not candidates:
            return []
        candidates.sort()
        found: list[tuple[int, int, int]] = []
        span = (-1, -1)
        span_priority = 0
        covered = -1
        for start, negative_end, priority, ids in candidates:
            end = -negative_end
            if (start, end) == span:
                if priority == span_priority:
                    found.extend((start, end, entity_id) for entity_id in ids)
                continue
            if start < covered:
                continue
            span, span_priority, covered = (start, end), priority, end
            found.extend((start, end, entity_id) for entity_id in ids)
        return sorted(set(found))


# --- Suggestions -----------------------------------------------------------------------------

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


# --- The catalogue ---------------------------------------------------------------------------


def _chunks(items: Sequence[int], size: int = _SQL_CHUNK) -> Iterator[list[int]]:
    for at in range(0, len(items), size):
        yield list(items[at : at + size])


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


class EntityCatalog:
    """The entities of one library, their aliases and mentions.

    Every method holds the library's lock around its use of the database;
    changes that search sees (mentions) queue the articles for the index in
    the same transaction and write the index afterwards.

    Args:
        handle: The library's shared handle (``Archive._handle``).
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db
        self._matcher_cache: tuple[int, _Matcher] | None = None

    # Types

    def types(self) -> list[str]:
        """The entity types: the four built-in ones first, then the user's, by name."""
        with self._handle.lock:
            rows = [row[0] for row in self._db.execute("SELECT name FROM entity_types")]
        builtin = [name for name in DEFAULT_TYPES if name in rows]
        return builtin + sorted((name for name in rows if name not in DEFAULT_TYPES), key=str.lower)

    def add_type(self, name: str) -> str:
        """Adds an entity type ("weapon system", "law"); does nothing when it exists.

        Returns:
            The type's name as stored.

        Raises:
            EntityError: The name is empty.
        """
        name = " ".join(name.split())
        if not name:
            raise EntityError("an entity type needs a name")
        with self._handle.lock, self._handle.storage.transaction():
            self._db.execute("INSERT OR IGNORE INTO entity_types (name) VALUES (?)", [name])
            return str(
                self._db.execute("SELECT name FROM entity_types WHERE name = ?", [name]).fetchone()[
                    0
                ]
            )

    def delete_type(self, name: str) -> None:
        """Removes a type that no entity has.

        Raises:
            EntityError: It is a built-in type, unknown, or some entity has it.
        """
        with self._handle.lock, self._handle.storage.transaction():
            stored = self._type_named(name)
            if stored.lower() in DEFAULT_TYPES:
                raise EntityError(f"{stored!r} is a built-in type and stays")
            used = self._db.execute(
                "SELECT count(*) FROM entities WHERE type = ?", [stored]
            ).fetchone()[0]
            if used:
                raise EntityError(f"{used} entit(y/ies) have the type {stored!r}")
            self._db.execute("DELETE FROM entity_types WHERE name = ?", [stored])

    def _type_named(self, name: str) -> str:
        row = self._db.execute(
            "SELECT name FROM entity_types WHERE name = ?", [name.strip()]
        ).fetchone()
        if row is None:
            known = ", ".join(self.types())
            raise EntityError(
                f"no entity type is called {name.strip()!r} (known: {known}); add it first"
            )
        return str(row[0])

    # Entities

    def add(
        self,
        name: str,
        type: str,
        aliases: Sequence[str] = (),
        notes: str = "",
        case_sensitive: bool | None = None,
    ) -> Entity:
        """Creates an entity and finds its mentions in every article.

        Args:
            name: Its name; also matched in the text.
            type: One of :meth:`types`.
            aliases: Other forms it is found under.
            notes: The researcher's notes.
            case_sensitive: Whether the name and aliases match only as written;
                None decides per form (:func:`default_case_sensitive`).

        Returns:
            The new entity, with its counts after the scan.

        Raises:
            EntityError: The name is empty or the type unknown.
        """
        name = " ".join(name.split())
        if not name:
            raise EntityError("an entity needs a name")
        forms = _unique_forms([name, *aliases])
        with self._handle.lock, self._handle.storage.transaction():
            stored_type = self._type_named(type)
            cursor = self._db.execute(
                "INSERT INTO entities (name, type, notes, created_at) VALUES (?, ?, ?, ?)",
                [name, stored_type, notes, now()],
            )
            entity_id = int(cursor.lastrowid or 0)
            new = []
            for form in forms:
                sensitive = (
                    default_case_sensitive(form) if case_sensitive is None else case_sensitive
                )
                self._insert_alias(entity_id, form, sensitive)
                new.append((entity_id, form, sensitive))
        self._rescan_where(new)
        return self.get(entity_id)

    def get(self, entity_id: int) -> Entity:
        """One entity with its aliases, counts and dates.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            found = self._entities("WHERE e.id = ?", [entity_id])
        if not found:
            raise EntityNotFound(f"no entity with id {entity_id}")
        return found[0]

    def find(self, name: str) -> Entity:
        """The entity a command line names: an id, a name or an alias.

        Raises:
            EntityNotFound: Nothing is called so.
            EntityError: Several entities are called so (the message lists them).
        """
        text = name.strip()
        if text.isdigit():
            with self._handle.lock:
                known = self._db.execute(
                    "SELECT 1 FROM entities WHERE id = ?", [int(text)]
                ).fetchone()
            if known is not None:
                return self.get(int(text))
        with self._handle.lock:
            ids = self._handle.storage.entity_ids_named(text)
            if not ids:
                key = fold(text)
                ids = sorted(
                    {
                        entity_id
                        for entity_id, alias in self._db.execute(
                            "SELECT entity_id, text FROM aliases"
                        ).fetchall()
                        if fold(alias) == key
                    }
                )
        if not ids:
            raise EntityNotFound(f"no entity is called {text!r}")
        if len(ids) > 1:
            named = [self.get(entity_id) for entity_id in ids]
            listing = "; ".join(f"{e.id}: {e.name} ({e.type})" for e in named)
            raise EntityError(f"{len(ids)} entities are called {text!r}: {listing}; give the id")
        return self.get(ids[0])

    def entities(self, type: str | None = None, contains: str | None = None) -> list[Entity]:
        """The catalogue, by name.

        Args:
            type: Only entities of this type.
            contains: Only entities whose name or an alias contains this
                (case and accents ignored).
        """
        where, params = "", []
        if type is not None:
            where, params = "WHERE e.type = ? COLLATE NOCASE", [type]
        with self._handle.lock:
            found = self._entities(where, params)
        if contains:
            key = fold(contains.strip())
            found = [e for e in found if any(key in fold(a.text) for a in e.aliases)]
        return found

    def _entities(self, where: str, params: list[object]) -> list[Entity]:
        rows = self._db.execute(
            "SELECT e.id, e.name, e.type, e.notes, e.created_at,"
            " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id AND m.rejected = 0),"
            " (SELECT count(DISTINCT m.article_id) FROM mentions m"
            "  WHERE m.entity_id = e.id AND m.rejected = 0),"
            " (SELECT min(a.published) FROM articles a WHERE a.id IN"
            "  (SELECT article_id FROM mentions m WHERE m.entity_id = e.id AND m.rejected = 0)),"
            " (SELECT max(a.published) FROM articles a WHERE a.id IN"
            "  (SELECT article_id FROM mentions m WHERE m.entity_id = e.id AND m.rejected = 0))"
            f" FROM entities e {where} ORDER BY e.name COLLATE NOCASE, e.id",
            params,
        ).fetchall()
        entities = [
            Entity(
                id=row[0],
                name=row[1],
                type=row[2],
                notes=row[3],
                created_at=row[4],
                mention_count=row[5],
                article_count=row[6],
                first_date=row[7],
                last_date=row[8],
            )
            for row in rows
        ]
        by_id = {entity.id: entity for entity in entities}
        for chunk in _chunks(list(by_id)):
            for alias_id, entity_id, text, sensitive in self._db.execute(
                "SELECT id, entity_id, text, case_sensitive FROM aliases"
                f" WHERE entity_id IN ({_marks(chunk)}) ORDER BY id",
                chunk,
            ).fetchall():
                by_id[entity_id].aliases.append(Alias(alias_id, entity_id, text, bool(sensitive)))
        return entities

    def add_alias(self, entity_id: int, text: str, case_sensitive: bool | None = None) -> Alias:
        """Adds a form under which the entity is found, and finds it in every article.

        Args:
            entity_id: The entity.
            text: The form ("Russia Today").
            case_sensitive: Whether it matches only as written; None decides
                (:func:`default_case_sensitive`).

        Returns:
            The alias (the existing one when the entity already has it).

        Raises:
            EntityNotFound: No entity has this id.
            EntityError: The text is empty.
        """
        text = " ".join(text.split())
        if not text:
            raise EntityError("an alias needs some text")
        sensitive = default_case_sensitive(text) if case_sensitive is None else case_sensitive
        with self._handle.lock, self._handle.storage.transaction():
            self._require(entity_id)
            existing = self._db.execute(
                "SELECT id, case_sensitive FROM aliases WHERE entity_id = ? AND text = ?",
                [entity_id, text],
            ).fetchone()
            if existing is not None and (case_sensitive is None or bool(existing[1]) == sensitive):
                return Alias(existing[0], entity_id, text, bool(existing[1]))
            if existing is not None:
                self._db.execute(
                    "UPDATE aliases SET case_sensitive = ? WHERE id = ?",
                    [int(sensitive), existing[0]],
                )
                alias_id = int(existing[0])
            else:
                alias_id = self._insert_alias(entity_id, text, sensitive)
        self._rescan_where([(entity_id, text, sensitive), (entity_id, text, not sensitive)])
        return Alias(alias_id, entity_id, text, sensitive)

    def set_alias_case(self, alias_id: int, case_sensitive: bool) -> Alias:
        """Makes an alias match only as written, or in any case; rescans where it appears.

        Raises:
            EntityError: No alias has this id.
        """
        with self._handle.lock:
            row = self._alias_row(alias_id)
            with self._handle.storage.transaction():
                self._db.execute(
                    "UPDATE aliases SET case_sensitive = ? WHERE id = ?",
                    [int(case_sensitive), alias_id],
                )
        self._rescan_where([(row.entity_id, row.text, True), (row.entity_id, row.text, False)])
        return Alias(alias_id, row.entity_id, row.text, case_sensitive)

    def remove_alias(self, alias_id: int) -> None:
        """Removes an alias; its found mentions go, manual and rejected ones stay.

        Raises:
            EntityError: No alias has this id, or it is the entity's name
                (rename the entity instead).
        """
        with self._handle.lock:
            row = self._alias_row(alias_id)
            name = self._db.execute(
                "SELECT name FROM entities WHERE id = ?", [row.entity_id]
            ).fetchone()[0]
            if row.text == name:
                raise EntityError(
                    f"{row.text!r} is the entity's name; rename the entity to change it"
                )
            with self._handle.storage.transaction():
                self._db.execute("DELETE FROM aliases WHERE id = ?", [alias_id])
        self._rescan_where([(row.entity_id, row.text, row.case_sensitive)])

    def _alias_row(self, alias_id: int) -> Alias:
        row = self._db.execute(
            "SELECT id, entity_id, text, case_sensitive FROM aliases WHERE id = ?", [alias_id]
        ).fetchone()
        if row is None:
            raise EntityError(f"no alias with id {alias_id}")
        return Alias(row[0], row[1], row[2], bool(row[3]))

    def _insert_alias(self, entity_id: int, text: str, case_sensitive: bool) -> int:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO aliases (entity_id, text, case_sensitive) VALUES (?, ?, ?)",
            [entity_id, text, int(case_sensitive)],
        )
        if cursor.rowcount:
            return int(cursor.lastrowid or 0)
        return int(
            self._db.execute(
                "SELECT id FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, text]
            ).fetchone()[0]
        )

    def _require(self, entity_id: int) -> tuple[str, str]:
        row = self._db.execute(
            "SELECT name, type FROM entities WHERE id = ?", [entity_id]
        ).fetchone()
        if row is None:
            raise EntityNotFound(f"no entity with id {entity_id}")
        return str(row[0]), str(row[1])

    def rename(self, entity_id: int, name: str, keep_old_name: bool = True) -> Entity:
        """Gives an entity a new name, which becomes one of its aliases.

        Args:
            entity_id: The entity.
            name: The new name.
            keep_old_name: Keep the old name as an alias (so its mentions stay);
                False drops it, as when fixing a misspelt name.

        Raises:
            EntityNotFound: No entity has this id.
            EntityError: The new name is empty.
        """
        name = " ".join(name.split())
        if not name:
            raise EntityError("an entity needs a name")
        with self._handle.lock:
            changed: list[tuple[int, str, bool]] = []
            with self._handle.storage.transaction():
                old, _ = self._require(entity_id)
                if old == name:
                    return self.get(entity_id)
                self._db.execute("UPDATE entities SET name = ? WHERE id = ?", [name, entity_id])
                exists = self._db.execute(
                    "SELECT 1 FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, name]
                ).fetchone()
                if exists is None:
                    sensitive = default_case_sensitive(name)
                    self._insert_alias(entity_id, name, sensitive)
                    changed.append((entity_id, name, sensitive))
                if not keep_old_name:
                    for sensitive in (True, False):
                        changed.append((entity_id, old, sensitive))
                    self._db.execute(
                        "DELETE FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, old]
                    )
                elif (
                    self._db.execute(
                        "SELECT 1 FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, old]
                    ).fetchone()
                    is None
                ):
                    self._insert_alias(entity_id, old, default_case_sensitive(old))
        if changed:
            self._rescan_where(changed)
        return self.get(entity_id)

    def set_type(self, entity_id: int, type: str) -> Entity:
        """Changes an entity's type.

        Raises:
            EntityNotFound: No entity has this id.
            EntityError: The type is unknown.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._require(entity_id)
                self._db.execute(
                    "UPDATE entities SET type = ? WHERE id = ?", [self._type_named(type), entity_id]
                )
            return self.get(entity_id)

    def set_notes(self, entity_id: int, notes: str) -> Entity:
        """Replaces an entity's notes.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._require(entity_id)
                self._db.execute("UPDATE entities SET notes = ? WHERE id = ?", [notes, entity_id])
            return self.get(entity_id)

    def merge(self, source_id: int, target_id: int) -> Entity:
        """Merges one entity into another: its aliases, mentions and notes move, then it goes.

        A mention of both at the same place stays one mention: manual beats
        found, and a rejection stays unless the other was marked by hand.

        Args:
            source_id: The entity that disappears.
            target_id: The entity that stays.

        Returns:
            The target, with its new counts.

        Raises:
            EntityNotFound: Either id is unknown.
            EntityError: The two ids are the same.
        """
        if source_id == target_id:
            raise EntityError("an entity cannot be merged into itself")
        with self._handle.lock, self._handle.storage.transaction():
            self._require(source_id)
            self._require(target_id)
            affected = [
                row[0]
                for row in self._db.execute(
                    "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?",
                    [source_id],
                ).fetchall()
            ]
            for alias_id, text, sensitive in self._db.execute(
                "SELECT id, text, case_sensitive FROM aliases WHERE entity_id = ?", [source_id]
            ).fetchall():
                present = self._db.execute(
                    "SELECT id, case_sensitive FROM aliases WHERE entity_id = ? AND text = ?",
                    [target_id, text],
                ).fetchone()
                if present is None:
                    self._db.execute(
                        "UPDATE aliases SET entity_id = ? WHERE id = ?", [target_id, alias_id]
                    )
                elif not sensitive and present[1]:
                    # Keep the wider rule, so that no mention is lost.
                    self._db.execute(
                        "UPDATE aliases SET case_sensitive = 0 WHERE id = ?", [present[0]]
                    )
            self._merge_mentions(source_id, target_id)
            source_notes = self._db.execute(
                "SELECT notes FROM entities WHERE id = ?", [source_id]
            ).fetchone()[0]
            if source_notes.strip():
                self._db.execute(
                    "UPDATE entities SET notes = CASE WHEN notes = '' THEN ?"
                    " ELSE notes || char(10) || char(10) || ? END WHERE id = ?",
                    [source_notes, source_notes, target_id],
                )
            self._db.execute("DELETE FROM entities WHERE id = ?", [source_id])
            self._handle.storage.queue_for_index(affected)
        self._handle.flush()
        self._scan(affected)
        return self.get(target_id)

    def _merge_mentions(self, source_id: int, target_id: int) -> None:
        self._db.execute(
            "UPDATE OR IGNORE mentions SET entity_id = ? WHERE entity_id = ?",
            [target_id, source_id],
        )
        for article_id, start, end, source, rejected in self._db.execute(
            "SELECT article_id, start, end, source, rejected FROM mentions WHERE entity_id = ?",
            [source_id],
        ).fetchall():
            kept = self._db.execute(
                "SELECT id, source, rejected FROM mentions"
                " WHERE article_id = ? AND entity_id = ? AND start = ? AND end = ?",
                [article_id, target_id, start, end],
            ).fetchone()
            sources = {source, kept[1]}
            manual_kept = (source == "manual" and not rejected) or (
                kept[1] == "manual" and not kept[2]
            )
            if manual_kept:
                merged_source, merged_rejected = "manual", 0
            else:
                merged_source = "manual" if "manual" in sources else "found"
                merged_rejected = int(bool(rejected) or bool(kept[2]))
            self._db.execute(
                "UPDATE mentions SET source = ?, rejected = ? WHERE id = ?",
                [merged_source, merged_rejected, kept[0]],
            )
        self._db.execute("DELETE FROM mentions WHERE entity_id = ?", [source_id])

    def delete(self, entity_id: int) -> None:
        """Deletes an entity with its aliases and mentions (the UI asks first).

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock, self._handle.storage.transaction():
            self._require(entity_id)
            affected = [
                row[0]
                for row in self._db.execute(
                    "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?",
                    [entity_id],
                ).fetchall()
            ]
            self._db.execute("DELETE FROM mentions WHERE entity_id = ?", [entity_id])
            self._db.execute("DELETE FROM aliases WHERE entity_id = ?", [entity_id])
            self._db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
            self._handle.storage.queue_for_index(affected)
        self._handle.flush()
        # Shorter aliases of other entities that this one's longer names covered.
        self._scan(affected)

    # Scanning

    def scan_articles(self, article_ids: Iterable[int] | None = None) -> int:
        """Finds the catalogue's mentions in articles (after an import or a re-extraction).

        Found mentions that no alias matches any more go; manual and rejected
        ones are never touched, and a rejected place is not found again.
        Articles whose set of entities changed are queued for the index, which
        is written at the end.

        Args:
            article_ids: The articles; None scans the whole library, in batches
                of one transaction each.

        Returns:
            How many found mentions the scanned articles now have.
        """
        if article_ids is None:
            return self._rescan_where(None)
        return self._scan(sorted(set(article_ids)))

    def _matcher(self) -> _Matcher:
        """The automaton of every alias, rebuilt when the aliases changed."""
        rows = self._db.execute(
            "SELECT entity_id, text, case_sensitive FROM aliases"
            " UNION ALL SELECT e.id, e.name, -1 FROM entities e WHERE NOT EXISTS"
            " (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.text = e.name)"
            " ORDER BY 1, 2, 3"
        ).fetchall()
        signature = hash(tuple(rows))
        if self._matcher_cache is None or self._matcher_cache[0] != signature:
            aliases = [
                (entity_id, text, default_case_sensitive(text) if flag < 0 else bool(flag))
                for entity_id, text, flag in rows
            ]
            self._matcher_cache = (signature, _Matcher(aliases))
        return self._matcher_cache[1]

    def _scan(self, article_ids: Sequence[int]) -> int:
        """Scans these articles with the whole catalogue, a batch per transaction."""
        found = 0
        for chunk in _chunks(article_ids, _SCAN_BATCH):
            with self._handle.lock:
                matcher = self._matcher()
                rows = self._db.execute(
                    f"SELECT id, text FROM articles WHERE id IN ({_marks(chunk)})", chunk
                ).fetchall()
                with self._handle.storage.transaction():
                    found += self._write_batch(rows, matcher)
        self._handle.flush()
        return found

    def _rescan_where(self, aliases: list[tuple[int, str, bool]] | None) -> int:
        """Rescans the articles where any of these aliases appear (None: every article)."""
        prefilter = None if aliases is None else _Matcher(aliases)
        if prefilter is not None and not prefilter:
            return 0
        found = 0
        last = 0
        while True:
            with self._handle.lock:
                rows = self._db.execute(
                    "SELECT id, text FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                    [last, _SCAN_BATCH],
                ).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                if prefilter is not None:
                    rows = [row for row in rows if prefilter.find(row[1])]
                if rows:
                    matcher = self._matcher()
                    with self._handle.storage.transaction():
                        found += self._write_batch(rows, matcher)
        self._handle.flush()
        return found

    def _write_batch(self, rows: list[tuple[int, str]], matcher: _Matcher) -> int:
        """Replaces the found mentions of these articles; queues those whose entities changed."""
        ids = [row[0] for row in rows]
        existing: dict[int, list[tuple[int, int, int, int, str, int]]] = defaultdict(list)
        for row in self._db.execute(
            "SELECT article_id, id, entity_id, start, end, source, rejected FROM mentions"
            f" WHERE article_id IN ({_marks(ids)})",
            ids,
        ).fetchall():
            existing[row[0]].append(row[1:])
        removed: list[int] = []
        added: list[tuple[int, int, int, int]] = []
        changed: list[int] = []
        found = 0
        for article_id, text in rows:
            matches = {(e, s, t) for s, t, e in matcher.find(text)}
            taken: set[tuple[int, int, int]] = set()
            live_before: set[int] = set()
            live_after: set[int] = set()
            for mention_id, entity_id, start, end, source, rejected in existing[article_id]:
                key = (entity_id, start, end)
                taken.add(key)
                if rejected:
                    continue
                live_before.add(entity_id)
                if source == "found" and key not in matches:
                    removed.append(mention_id)
                else:
                    live_after.add(entity_id)
                    found += int(source == "found")
            for key in matches - taken:
                added.append((article_id, *key))
                live_after.add(key[0])
                found += 1
            if live_before != live_after:
                changed.append(article_id)
        for chunk in _chunks(removed):
            self._db.execute(f"DELETE FROM mentions WHERE id IN ({_marks(chunk)})", chunk)
        self._db.conn.executemany(
            "INSERT INTO mentions (article_id, entity_id, start, end, source)"
            " VALUES (?, ?, ?, ?, 'found')",
            added,
        )
        if changed:
            self._handle.storage.queue_for_index(changed)
        return found

    # Mentions

    def mentions(
        self,
        article_id: int | None = None,
        entity_id: int | None = None,
        include_rejected: bool = False,
    ) -> list[Mention]:
        """Mentions of an article, of an entity, or both, in text order.

        Args:
            article_id: Only this article's mentions.
            entity_id: Only this entity's mentions.
            include_rejected: Also the rejected ones (to show or restore them).
        """
        where, params = ["1"], []
        if article_id is not None:
            where.append("m.article_id = ?")
            params.append(article_id)
        if entity_id is not None:
            where.append("m.entity_id = ?")
            params.append(entity_id)
        if not include_rejected:
            where.append("m.rejected = 0")
        with self._handle.lock:
            rows = self._db.execute(
                "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.start, m.end,"
                " substr(a.text, m.start + 1, m.end - m.start), m.source, m.rejected"
                " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                " JOIN articles a ON a.id = m.article_id"
                f" WHERE {' AND '.join(where)} ORDER BY m.article_id, m.start, m.end, e.name",
                params,
            ).fetchall()
        return [Mention(*row[:9], rejected=bool(row[9])) for row in rows]

    def mention(self, mention_id: int) -> Mention:
        """One mention, rejected or not.

        Raises:
            MentionNotFound: No mention has this id.
        """
        with self._handle.lock:
            row = self._db.execute(
                "SELECT m.id, m.article_id, m.entity_id, e.name, e.type, m.start, m.end,"
                " substr(a.text, m.start + 1, m.end - m.start), m.source, m.rejected"
                " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                " JOIN articles a ON a.id = m.article_id WHERE m.id = ?",
                [mention_id],
            ).fetchone()
        if row is None:
            raise MentionNotFound(f"no mention with id {mention_id}")
        return Mention(*row[:9], rejected=bool(row[9]))

    def reject(self, mention_id: int) -> Mention:
        """Marks a mention as not this entity; later scans will not find it again.

        Raises:
            MentionNotFound: No mention has this id.
        """
        return self._set_rejected(mention_id, True)

    def restore(self, mention_id: int) -> Mention:
        """Undoes a rejection.

        Raises:
            MentionNotFound: No mention has this id.
        """
        return self._set_rejected(mention_id, False)

    def _set_rejected(self, mention_id: int, rejected: bool) -> Mention:
        mention = self.mention(mention_id)
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._db.execute(
                    "UPDATE mentions SET rejected = ? WHERE id = ?", [int(rejected), mention_id]
                )
                self._handle.storage.queue_for_index([mention.article_id])
            self._handle.flush()
        return self.mention(mention_id)

    def reanchor(self, article_id: int, old_text: str, new_text: str) -> list[int]:
        """Places an article's manual and rejected mentions again after its text changed.

        Found mentions are found again by the next scan; the ones marked by
        hand, and the places rejected, follow the change like highlights do
        (:func:`~archive_reader.core.annotations.anchoring.locate`), but only where
        their exact words are found again: a name is never placed
        approximately. Those whose words are gone from the article are
        deleted. Call it inside the transaction that writes the new text (as
        ``Archive.reextract`` does); outside one, it opens its own.

        Returns:
            The ids of the mentions deleted.
        """
        with self._handle.lock:
            if self._db.conn.in_transaction:
                return self._reanchor(article_id, old_text, new_text)
            with self._handle.storage.transaction():
                return self._reanchor(article_id, old_text, new_text)

    def _reanchor(self, article_id: int, old_text: str, new_text: str) -> list[int]:
        from archive_reader.core.annotations.anchoring import CONTEXT, PositionMap, locate

        rows = self._db.execute(
            "SELECT id, start, end FROM mentions"
            " WHERE article_id = ? AND (source = 'manual' OR rejected = 1)",
            [article_id],
        ).fetchall()
        if not rows or old_text == new_text:
            return []
        mapping = PositionMap(old_text, new_text)
        dropped = []
        for mention_id, start, end in rows:
            placed = locate(
                new_text,
                old_text[start:end],
                old_text[max(0, start - CONTEXT) : start],
                old_text[end : end + CONTEXT],
                start,
                mapping=mapping,
            )
            if placed is None or placed.kind == "fuzzy":
                self._db.execute("DELETE FROM mentions WHERE id = ?", [mention_id])
                dropped.append(mention_id)
            elif (placed.start, placed.end) != (start, end):
                # (OR REPLACE: a found mention left at that place by the old text goes.)
                self._db.execute(
                    "UPDATE OR REPLACE mentions SET start = ?, end = ? WHERE id = ?",
                    [placed.start, placed.end, mention_id],
                )
        if dropped:
            log.info(
                "article %d: %d manual or rejected mention(s) are gone from the new text",
                article_id,
                len(dropped),
            )
        return dropped

    def remove_mention(self, mention_id: int) -> None:
        """Deletes a mention outright (undoing a merge or a tag uses this).

        A found mention comes back at the next scan of its article while its
        alias exists; to keep it away for good, :meth:`reject` it instead.

        Raises:
            MentionNotFound: No mention has this id.
        """
        mention = self.mention(mention_id)
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._db.execute("DELETE FROM mentions WHERE id = ?", [mention_id])
                self._handle.storage.queue_for_index([mention.article_id])
            self._handle.flush()

    def add_mention(self, article_id: int, entity_id: int, start: int, end: int) -> Mention:
        """Marks a place in an article as a mention of an entity, by hand.

        Unlike :meth:`tag`, the text does not become an alias ("the company").

        Raises:
            ArticleNotFound: No article has this id.
            EntityNotFound: No entity has this id.
            EntityError: The range is outside the text or empty.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._require(entity_id)
                start, end, _ = self._passage(article_id, start, end)
                self._db.execute(
                    "INSERT INTO mentions (article_id, entity_id, start, end, source)"
                    " VALUES (?, ?, ?, ?, 'manual') ON CONFLICT (article_id, entity_id, start, end)"
                    " DO UPDATE SET source = 'manual', rejected = 0",
                    [article_id, entity_id, start, end],
                )
                mention_id = self._db.execute(
                    "SELECT id FROM mentions WHERE article_id = ? AND entity_id = ?"
                    " AND start = ? AND end = ?",
                    [article_id, entity_id, start, end],
                ).fetchone()[0]
                self._handle.storage.queue_for_index([article_id])
            self._handle.flush()
        return self.mention(mention_id)

    def _passage(self, article_id: int, start: int, end: int) -> tuple[int, int, str]:
        """The selected range without the spaces around it, checked against the text."""
        row = self._db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        text = str(row[0])
        if not 0 <= start < end <= len(text):
            raise EntityError(
                f"the range {start}-{end} is not inside article {article_id}"
                f" (its text has {len(text)} characters)"
            )
        selected = text[start:end]
        start += len(selected) - len(selected.lstrip())
        end -= len(selected) - len(selected.rstrip())
        if start >= end:
            raise EntityError("the selected text is empty")
        return start, end, text[start:end]

    def tag(
        self,
        article_id: int,
        start: int,
        end: int,
        entity_id: int | None = None,
        type: str | None = None,
        case_sensitive: bool | None = None,
    ) -> Mention:
        """Tags a selected passage: a new entity, or a new alias of an existing one.

        The place becomes a manual mention, and the text is then found in
        every article.

        Args:
            article_id: The article.
            start: Offset of the selection in the article's text.
            end: Offset after it.
            entity_id: Add the text as an alias of this entity.
            type: Otherwise create an entity of this type named by the text
                (or use the one of this type that already has that name).
            case_sensitive: For the new alias; None decides by its form.

        Returns:
            The manual mention at the selection.

        Raises:
            ArticleNotFound, EntityNotFound: Unknown ids.
            EntityError: Neither an entity nor a type was given, or the range is wrong.
        """
        with self._handle.lock:
            start, end, text = self._passage(article_id, start, end)
            name = " ".join(text.split())
            if entity_id is None:
                if type is None:
                    raise EntityError("tag the passage as a type, or as an alias of an entity")
                stored_type = self._type_named(type)
                key = fold(name)
                same = [
                    row[0]
                    for row in self._db.execute(
                        "SELECT e.id, a.text FROM entities e JOIN aliases a ON a.entity_id = e.id"
                        " WHERE e.type = ?",
                        [stored_type],
                    ).fetchall()
                    if fold(row[1]) == key
                ]
                if same:
                    entity_id = same[0]
                    self.add_alias(entity_id, name, case_sensitive)
                else:
                    entity_id = self.add(name, stored_type, case_sensitive=case_sensitive).id
            else:
                self.add_alias(entity_id, name, case_sensitive)
            return self.add_mention(article_id, entity_id, start, end)

    def articles(self, entity_id: int) -> list[EntityArticle]:
        """The articles that mention an entity, newest first.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            self._require(entity_id)
            rows = self._db.execute(
                "SELECT a.id, a.title, a.published, a.site_name, count(*) FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND m.rejected = 0"
                " GROUP BY a.id ORDER BY a.published IS NULL, a.published DESC, a.id DESC",
                [entity_id],
            ).fetchall()
        return [EntityArticle(*row) for row in rows]

    # Co-occurrence

    def cooccurrences(
        self,
        entity_id: int,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        tag: str | None = None,
        passages: int | None = 5,
    ) -> list[Cooccurrence]:
        """The entities that appear with one, in the same article and the same paragraph.

        Paragraphs are the blocks of the text between blank lines.

        Args:
            entity_id: The entity.
            since: Only articles published on or after this date ("2023", "2023-05-01").
            until: Only articles published on or before it (a prefix: "2024" is all of 2024).
            site: Only articles of this site (its name, case ignored).
            tag: Only articles with this tag (on the article or a highlight).
            passages: At most this many evidence passages per entity; None for all.

        Returns:
            One entry per other entity, most paragraphs together first.

        Raises:
            EntityNotFound: No entity has this id.
        """
        where = ["m.entity_id = ?", "m.rejected = 0"]
        params: list[object] = [entity_id]
        if since:
            where.append("a.published >= ?")
            params.append(since.strip())
        if until:
            where.append("substr(a.published, 1, length(?)) <= ?")
            params += [until.strip(), until.strip()]
        if site:
            where.append("a.site_name = ? COLLATE NOCASE")
            params.append(site.strip())
        if tag:
            where.append(
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id"
                " WHERE t.name = ? UNION SELECT n.article_id FROM annotations n"
                " JOIN annotation_tags nt ON nt.annotation_id = n.id"
                " JOIN tags t ON t.id = nt.tag_id WHERE t.name = ?)"
            )
            params += [tag.strip(), tag.strip()]
        with self._handle.lock:
            self._require(entity_id)
            article_ids = [
                row[0]
                for row in self._db.execute(
                    "SELECT DISTINCT m.article_id FROM mentions m JOIN articles a"
                    f" ON a.id = m.article_id WHERE {' AND '.join(where)}",
                    params,
                ).fetchall()
            ]
            names = {
                row[0]: (row[1], row[2])
                for row in self._db.execute("SELECT id, name, type FROM entities").fetchall()
            }
            together_articles: dict[int, set[int]] = defaultdict(set)
            together_paragraphs: dict[int, list[tuple[str, int, int, int]]] = defaultdict(list)
            shown: dict[tuple[int, int], Passage] = {}
            for chunk in _chunks(article_ids):
                starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
                for article_id, other, start in self._db.execute(
                    "SELECT article_id, entity_id, start FROM mentions"
                    f" WHERE rejected = 0 AND article_id IN ({_marks(chunk)})",
                    chunk,
                ).fetchall():
                    starts[article_id].append((other, start))
                for article_id, title, published, text in self._db.execute(
                    "SELECT id, title, published, text FROM articles"
                    f" WHERE id IN ({_marks(chunk)})",
                    chunk,
                ).fetchall():
                    bounds = _paragraph_starts(text)
                    by_paragraph: dict[int, set[int]] = defaultdict(set)
                    for other, start in starts[article_id]:
                        by_paragraph[bisect.bisect_right(bounds, start) - 1].add(other)
                    for other, _ in starts[article_id]:
                        if other != entity_id:
                            together_articles[other].add(article_id)
                    for paragraph, present in by_paragraph.items():
                        if entity_id not in present:
                            continue
                        for other in present - {entity_id}:
                            together_paragraphs[other].append(
                                (published or "", article_id, paragraph, len(bounds))
                            )
                            key = (article_id, paragraph)
                            if key not in shown:
                                end = bounds[paragraph + 1] if paragraph + 1 < len(bounds) else None
                                shown[key] = Passage(
                                    article_id,
                                    title,
                                    published,
                                    paragraph,
                                    text[bounds[paragraph] : end].strip(),
                                )
            dates = {
                row[0]: row[1] or ""
                for chunk in _chunks(article_ids)
                for row in self._db.execute(
                    f"SELECT id, published FROM articles WHERE id IN ({_marks(chunk)})", chunk
                ).fetchall()
            }
        result = []
        for other, articles in together_articles.items():
            places = sorted(together_paragraphs.get(other, []))
            evidence = places if passages is None else places[:passages]
            result.append(
                Cooccurrence(
                    entity_id=other,
                    name=names[other][0],
                    type=names[other][1],
                    articles=len(articles),
                    paragraphs=len(places),
                    article_ids=sorted(articles, key=lambda a: (dates.get(a, ""), a)),
                    passages=[shown[(article_id, p)] for _, article_id, p, _ in evidence],
                )
            )
        result.sort(key=lambda c: (-c.paragraphs, -c.articles, c.name.lower(), c.entity_id))
        return result

    # Suggestions

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

        Raises:
            ArticleNotFound: No article has this id.
        """
        with self._handle.lock:
            row = self._db.execute(
                "SELECT text FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            if row is None:
                raise ArticleNotFound(f"no article with id {article_id}")
            text = str(row[0])
            known = {
                fold(" ".join(t.split())) for (t,) in self._db.execute("SELECT text FROM aliases")
            }
            known |= {
                fold(" ".join(t.split())) for (t,) in self._db.execute("SELECT name FROM entities")
            }
            known |= {
                fold(t) for (t,) in self._db.execute("SELECT name FROM dismissed_suggestions")
            }
            marked = sorted(
                (start, end)
                for start, end in self._db.execute(
                    "SELECT start, end FROM mentions WHERE article_id = ? AND rejected = 0",
                    [article_id],
                ).fetchall()
            )
        suggestions = _suggestions(text, known, marked)
        return suggestions if limit is None else suggestions[:limit]

    def accept(self, name: str, type: str) -> Entity:
        """Accepts a suggestion: creates the entity and finds its mentions everywhere.

        Raises:
            EntityError: The name is empty or the type unknown.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._db.execute("DELETE FROM dismissed_suggestions WHERE name = ?", [name.strip()])
            return self.add(name, type)

    def dismiss(self, name: str) -> None:
        """Dismisses a suggestion; it is not suggested again, in any article.

        Raises:
            EntityError: The name is empty.
        """
        name = " ".join(name.split())
        if not name:
            raise EntityError("nothing to dismiss")
        with self._handle.lock, self._handle.storage.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO dismissed_suggestions (name, dismissed_at) VALUES (?, ?)",
                [name, now()],
            )

    def undismiss(self, name: str) -> None:
        """Lets a dismissed name be suggested again."""
        with self._handle.lock, self._handle.storage.transaction():
            self._db.execute("DELETE FROM dismissed_suggestions WHERE name = ?", [name.strip()])

    def dismissed(self) -> list[str]:
        """The dismissed names, by name."""
        with self._handle.lock:
            return [
                row[0]
                for row in self._db.execute(
                    "SELECT name FROM dismissed_suggestions ORDER BY name COLLATE NOCASE"
                ).fetchall()
            ]


def _unique_forms(forms: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for form in forms:
        form = " ".join(form.split())
        if form and form not in seen:
            seen.add(form)
            unique.append(form)
    return unique


def _paragraph_starts(text: str) -> list[int]:
    """Where each paragraph (block between blank lines) starts; the first at 0."""
    starts = [0]
    at = text.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    return starts


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
