"""The entity catalogue: entities, their types and aliases, renames and merges.

An entity has a name, a type (person, organisation, place, event, or a type
the user added), notes and aliases. The name is stored as an alias too, so
that every form an entity is found under is a row of ``aliases`` with its own
case rule: "RT" marked case-sensitive is the outlet, "rt" in a web address is
not. Entities created before that rule (with no alias row for their name) are
still matched under their name.

``EntityCatalog`` is what ``Archive.entities`` hands out. It keeps the
catalogue itself and delegates to its collaborators: finding and marking
mentions (:mod:`~archive_reader.core.entities.mentions`), co-occurrence
(:mod:`~archive_reader.core.entities.network`) and suggestions
(:mod:`~archive_reader.core.entities.suggestions`). The matching rules are in
:mod:`~archive_reader.core.entities.matcher`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archive_reader.core.db import entities as entity_rows
from archive_reader.core.db import mentions as mention_rows
from archive_reader.core.db.storage import now
from archive_reader.core.entities.matcher import default_case_sensitive
from archive_reader.core.entities.mentions import Mentions
from archive_reader.core.entities.models import (
    Alias,
    Cooccurrence,
    Entity,
    EntityArticle,
    EntityError,
    EntityNotFound,
    Mention,
    Suggestion,
)
from archive_reader.core.entities.network import Network
from archive_reader.core.entities.suggestions import Suggestions
from archive_reader.core.library import LibraryHandle
from archive_reader.core.search.analysis import fold

DEFAULT_TYPES = ("person", "organisation", "place", "event")


class EntityCatalog:
    """The entities of one library, their aliases and mentions.

    Every method holds the library's lock around its use of the database;
    changes that search sees (mentions) queue the articles for the index in
    the same transaction and write the index afterwards.

    Args:
        handle: The library's shared handle (the one the ``Archive`` holds).
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db
        self._mentions = Mentions(handle)
        self._network = Network(handle)
        self._suggestions = Suggestions(handle)

    # Types

    def types(self) -> list[str]:
        """The entity types: the four built-in ones first, then the user's, by name."""
        with self._handle.lock:
            rows = entity_rows.type_names(self._db)
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
            entity_rows.insert_type(self._db, name)
            stored = entity_rows.type_named(self._db, name)
            assert stored is not None  # just inserted, or there already
            return stored

    def delete_type(self, name: str) -> None:
        """Removes a type that no entity has.

        Raises:
            EntityError: It is a built-in type, unknown, or some entity has it.
        """
        with self._handle.lock, self._handle.storage.transaction():
            stored = self._type_named(name)
            if stored.lower() in DEFAULT_TYPES:
                raise EntityError(f"{stored!r} is a built-in type and stays")
            used = entity_rows.count_of_type(self._db, stored)
            if used:
                raise EntityError(f"{used} entit(y/ies) have the type {stored!r}")
            entity_rows.delete_type(self._db, stored)

    def _type_named(self, name: str) -> str:
        stored = entity_rows.type_named(self._db, name.strip())
        if stored is None:
            known = ", ".join(self.types())
            raise EntityError(
                f"no entity type is called {name.strip()!r} (known: {known}); add it first"
            )
        return stored

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
            entity_id = entity_rows.insert_entity(self._db, name, stored_type, notes, now())
            new = []
            for form in forms:
                sensitive = (
                    default_case_sensitive(form) if case_sensitive is None else case_sensitive
                )
                entity_rows.insert_alias(self._db, entity_id, form, sensitive)
                new.append((entity_id, form, sensitive))
        self._mentions.rescan_where(new)
        return self.get(entity_id)

    def get(self, entity_id: int) -> Entity:
        """One entity with its aliases, counts and dates.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            found = entity_rows.entities(self._db, entity_id=entity_id)
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
                known = entity_rows.entity_record(self._db, int(text))
            if known is not None:
                return self.get(int(text))
        with self._handle.lock:
            ids = self._handle.storage.entity_ids_named(text)
            if not ids:
                key = fold(text)
                ids = sorted(
                    {
                        alias.entity_id
                        for alias in entity_rows.alias_texts(self._db)
                        if fold(alias.text) == key
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

        Returns:
            The entities with their aliases, counts and dates.
        """
        with self._handle.lock:
            found = entity_rows.entities(self._db, type=type)
        if contains:
            key = fold(contains.strip())
            found = [e for e in found if any(key in fold(a.text) for a in e.aliases)]
        return found

    def _require(self, entity_id: int) -> entity_rows.EntityRecord:
        record = entity_rows.entity_record(self._db, entity_id)
        if record is None:
            raise EntityNotFound(f"no entity with id {entity_id}")
        return record

    # Aliases

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
            existing = entity_rows.alias_of(self._db, entity_id, text)
            if existing is not None and (
                case_sensitive is None or existing.case_sensitive == sensitive
            ):
                return existing
            if existing is not None:
                entity_rows.set_alias_case(self._db, existing.id, sensitive)
                alias_id = existing.id
            else:
                alias_id = entity_rows.insert_alias(self._db, entity_id, text, sensitive)
        self._mentions.rescan_where(
            [(entity_id, text, sensitive), (entity_id, text, not sensitive)]
        )
        return Alias(alias_id, entity_id, text, sensitive)

    def set_alias_case(self, alias_id: int, case_sensitive: bool) -> Alias:
        """Makes an alias match only as written, or in any case; rescans where it appears.

        Raises:
            EntityError: No alias has this id.
        """
        with self._handle.lock:
            row = self._alias_row(alias_id)
            with self._handle.storage.transaction():
                entity_rows.set_alias_case(self._db, alias_id, case_sensitive)
        self._mentions.rescan_where(
            [(row.entity_id, row.text, True), (row.entity_id, row.text, False)]
        )
        return Alias(alias_id, row.entity_id, row.text, case_sensitive)

    def remove_alias(self, alias_id: int) -> None:
        """Removes an alias; its found mentions go, manual and rejected ones stay.

        Raises:
            EntityError: No alias has this id, or it is the entity's name
                (rename the entity instead).
        """
        with self._handle.lock:
            row = self._alias_row(alias_id)
            if row.text == self._require(row.entity_id).name:
                raise EntityError(
                    f"{row.text!r} is the entity's name; rename the entity to change it"
                )
            with self._handle.storage.transaction():
                entity_rows.delete_alias(self._db, alias_id)
        self._mentions.rescan_where([(row.entity_id, row.text, row.case_sensitive)])

    def _alias_row(self, alias_id: int) -> Alias:
        row = entity_rows.alias(self._db, alias_id)
        if row is None:
            raise EntityError(f"no alias with id {alias_id}")
        return row

    # Renames, retypes, notes

    def rename(self, entity_id: int, name: str, keep_old_name: bool = True) -> Entity:
        """Gives an entity a new name, which becomes one of its aliases.

        Args:
            entity_id: The entity.
            name: The new name.
            keep_old_name: Keep the old name as an alias (so its mentions stay);
                False drops it, as when fixing a misspelt name.

        Returns:
            The renamed entity.

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
                old = self._require(entity_id).name
                if old == name:
                    return self.get(entity_id)
                entity_rows.set_entity_name(self._db, entity_id, name)
                if entity_rows.alias_of(self._db, entity_id, name) is None:
                    sensitive = default_case_sensitive(name)
                    entity_rows.insert_alias(self._db, entity_id, name, sensitive)
                    changed.append((entity_id, name, sensitive))
                if not keep_old_name:
                    for sensitive in (True, False):
                        changed.append((entity_id, old, sensitive))
                    entity_rows.delete_alias_text(self._db, entity_id, old)
                elif entity_rows.alias_of(self._db, entity_id, old) is None:
                    entity_rows.insert_alias(self._db, entity_id, old, default_case_sensitive(old))
        if changed:
            self._mentions.rescan_where(changed)
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
                entity_rows.set_entity_type(self._db, entity_id, self._type_named(type))
            return self.get(entity_id)

    def set_notes(self, entity_id: int, notes: str) -> Entity:
        """Replaces an entity's notes.

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock:
            with self._handle.storage.transaction():
                self._require(entity_id)
                entity_rows.set_entity_notes(self._db, entity_id, notes)
            return self.get(entity_id)

    # Merges and deletion

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
            source = self._require(source_id)
            self._require(target_id)
            affected = mention_rows.articles_of_entity(self._db, source_id)
            for alias in entity_rows.aliases_of(self._db, [source_id]):
                present = entity_rows.alias_of(self._db, target_id, alias.text)
                if present is None:
                    entity_rows.move_alias(self._db, alias.id, target_id)
                elif not alias.case_sensitive and present.case_sensitive:
                    # Keep the wider rule, so that no mention is lost.
                    entity_rows.set_alias_case(self._db, present.id, False)
            self._mentions.merge(source_id, target_id)
            if source.notes.strip():
                entity_rows.append_notes(self._db, target_id, source.notes)
            entity_rows.delete_entity(self._db, source_id)
            self._handle.storage.queue_for_index(affected)
        self._handle.flush()
        self._mentions.scan(affected)
        return self.get(target_id)

    def delete(self, entity_id: int) -> None:
        """Deletes an entity with its aliases and mentions (the UI asks first).

        Raises:
            EntityNotFound: No entity has this id.
        """
        with self._handle.lock, self._handle.storage.transaction():
            self._require(entity_id)
            affected = mention_rows.articles_of_entity(self._db, entity_id)
            mention_rows.delete_mentions_of_entity(self._db, entity_id)
            entity_rows.delete_aliases_of(self._db, entity_id)
            entity_rows.delete_entity(self._db, entity_id)
            self._handle.storage.queue_for_index(affected)
        self._handle.flush()
        # Shorter aliases of other entities that this one's longer names covered.
        self._mentions.scan(affected)

    # Tagging a passage: the catalogue and the mentions together

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
            start, end, text = self._mentions.selection(article_id, start, end)
            name = " ".join(text.split())
            if entity_id is None:
                if type is None:
                    raise EntityError("tag the passage as a type, or as an alias of an entity")
                stored_type = self._type_named(type)
                key = fold(name)
                same = [
                    alias.entity_id
                    for alias in entity_rows.alias_texts_of_type(self._db, stored_type)
                    if fold(alias.text) == key
                ]
                if same:
                    entity_id = same[0]
                    self.add_alias(entity_id, name, case_sensitive)
                else:
                    entity_id = self.add(name, stored_type, case_sensitive=case_sensitive).id
            else:
                self.add_alias(entity_id, name, case_sensitive)
            return self._mentions.add_mention(article_id, entity_id, start, end)

    # Mentions (mentions.py)

    def scan_articles(self, article_ids: Iterable[int] | None = None) -> int:
        """Finds the catalogue's mentions in articles: :meth:`Mentions.scan_articles`."""
        return self._mentions.scan_articles(article_ids)

    def mentions(
        self,
        article_id: int | None = None,
        entity_id: int | None = None,
        include_rejected: bool = False,
    ) -> list[Mention]:
        """Mentions of an article, of an entity, or both: :meth:`Mentions.mentions`."""
        return self._mentions.mentions(article_id, entity_id, include_rejected)

    def mention(self, mention_id: int) -> Mention:
        """One mention, rejected or not: :meth:`Mentions.mention`."""
        return self._mentions.mention(mention_id)

    def reject(self, mention_id: int) -> Mention:
        """Marks a mention as not this entity, for good: :meth:`Mentions.reject`."""
        return self._mentions.reject(mention_id)

    def restore(self, mention_id: int) -> Mention:
        """Undoes a rejection: :meth:`Mentions.restore`."""
        return self._mentions.restore(mention_id)

    def reanchor(self, article_id: int, old_text: str, new_text: str) -> list[int]:
        """Places manual and rejected mentions on a new text: :meth:`Mentions.reanchor`."""
        return self._mentions.reanchor(article_id, old_text, new_text)

    def remove_mention(self, mention_id: int) -> None:
        """Deletes a mention outright: :meth:`Mentions.remove_mention`."""
        self._mentions.remove_mention(mention_id)

    def add_mention(self, article_id: int, entity_id: int, start: int, end: int) -> Mention:
        """Marks a place as a mention of an entity, by hand: :meth:`Mentions.add_mention`."""
        return self._mentions.add_mention(article_id, entity_id, start, end)

    # Co-occurrence (network.py)

    def articles(self, entity_id: int) -> list[EntityArticle]:
        """The articles that mention an entity, newest first: :meth:`Network.articles`."""
        return self._network.articles(entity_id)

    def cooccurrences(
        self,
        entity_id: int,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        tag: str | None = None,
        passages: int | None = 5,
    ) -> list[Cooccurrence]:
        """The entities that appear with one: :meth:`Network.cooccurrences`."""
        return self._network.cooccurrences(entity_id, since, until, site, tag, passages)

    # Suggestions (suggestions.py)

    def suggest(self, article_id: int, limit: int | None = None) -> list[Suggestion]:
        """Names in an article that look like entities: :meth:`Suggestions.suggest`."""
        return self._suggestions.suggest(article_id, limit)

    def accept(self, name: str, type: str) -> Entity:
        """Accepts a suggestion: creates the entity and finds its mentions everywhere.

        A dismissed name accepted this way is no longer dismissed.

        Raises:
            EntityError: The name is empty or the type unknown.
        """
        with self._handle.lock:
            self._suggestions.undismiss(name)
            return self.add(name, type)

    def dismiss(self, name: str) -> None:
        """Dismisses a suggestion in every article: :meth:`Suggestions.dismiss`."""
        self._suggestions.dismiss(name)

    def undismiss(self, name: str) -> None:
        """Lets a dismissed name be suggested again: :meth:`Suggestions.undismiss`."""
        self._suggestions.undismiss(name)

    def dismissed(self) -> list[str]:
        """The dismissed names, by name: :meth:`Suggestions.dismissed`."""
        return self._suggestions.dismissed()


def _unique_forms(forms: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for form in forms:
        form = " ".join(form.split())
        if form and form not in seen:
            seen.add(form)
            unique.append(form)
    return unique
