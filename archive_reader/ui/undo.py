"""Undoable edits of highlights, notes, tags and entities, as QUndoCommands over the core.

Each command takes the :class:`~archive_reader.core.archive.Archive`, does its
work in ``redo()`` (also the first time, when pushed) and takes it back in
``undo()``, through the core only. Commands emit nothing: the owner of the
``QUndoStack`` refreshes its views on ``QUndoStack.indexChanged``.

Ids can change across an undo: a deleted highlight put back by ``restore``
keeps its id only while it is free, and an entity created again (undo of a
delete, redo of an accept) always gets a new one. Commands therefore record
such changes in a map kept per archive, and every command looks its ids up
there (:func:`current_id`) before using them, so a command further down the
stack still finds the object it was made for.

A command whose object is gone (deleted outside the stack, or merged away)
cannot be done again: it shows the core's message once through
``ui/messages.py`` and makes itself obsolete, so the stack drops it.

All the commands stay in this one module (near the ~800-line mark), on
purpose: they share the id map and the gone-object rule above, and each reads
best beside the others (one small class per edit, grouped by banner).
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoCommand

from archive_reader.core.annotations.models import Annotation
from archive_reader.core.entities.models import Entity, Mention
from archive_reader.core.errors import ArchiveError
from archive_reader.core.search.analysis import fold
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade

log = logging.getLogger(__name__)

#: Kinds of ids that :func:`current_id` follows.
ANNOTATION, ENTITY, MENTION = "annotation", "entity", "mention"

_UNSET: Any = object()
_maps: weakref.WeakKeyDictionary[Any, dict[tuple[str, int], int]] = weakref.WeakKeyDictionary()


def current_id(archive: ArchiveFacade, kind: str, old_id: int) -> int:
    """The id that an annotation, entity or mention has now, after undo/redo gave it a new one.

    Args:
        archive: The Archive the id belongs to.
        kind: ANNOTATION, ENTITY or MENTION.
        old_id: An id as a view or a command knew it.

    Returns:
        Its current id (``old_id`` itself when it never changed).
    """
    known = _maps.get(archive, {})
    seen = {old_id}
    while (kind, old_id) in known:
        old_id = known[(kind, old_id)]
        if old_id in seen:
            break
        seen.add(old_id)
    return old_id


def _moved(archive: ArchiveFacade, kind: str, old_id: int, new_id: int) -> None:
    if old_id == new_id:
        return
    table = _maps.setdefault(archive, {})
    table.pop((kind, new_id), None)
    table[(kind, old_id)] = new_id


class ArchiveCommand(QUndoCommand):
    """Base of the commands: runs ``_do``/``_undo`` and turns a core error into a message.

    Attributes:
        error: The message of the ArchiveError that made the command obsolete, if any.
    """

    def __init__(self, archive: ArchiveFacade, text: str) -> None:
        super().__init__(text)
        self._archive = archive
        self.error: str | None = None

    def redo(self) -> None:
        self._guarded(self._do, "Redo")

    def undo(self) -> None:
        self._guarded(self._undo, "Undo")

    def _guarded(self, step: Callable[[], None], what: str) -> None:
        try:
            step()
        except ArchiveError as error:
            log.info("%s of %r failed: %s", what, self.text(), error)
            self.error = str(error)
            self.setObsolete(True)
            messages.show_error(None, f"{what}: {self.text()}", str(error))

    def _id(self, kind: str, old_id: int) -> int:
        return current_id(self._archive, kind, old_id)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def _short(text: str, size: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


# --- Highlights --------------------------------------------------------------------------------


class AddHighlight(ArchiveCommand):
    """Highlights a range of an article; undo deletes the highlight, redo puts it back."""

    def __init__(
        self,
        archive: ArchiveFacade,
        article_id: int,
        start: int,
        end: int,
        label: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> None:
        super().__init__(archive, "Highlight")
        self._args = (article_id, start, end, label, note, list(tags))
        self._annotation: Annotation | None = None
        self._first_id: int | None = None

    @property
    def annotation_id(self) -> int | None:
        """The highlight's id now (None before the first redo or after a failure)."""
        if self._first_id is None:
            return None
        return self._id(ANNOTATION, self._first_id)

    def _do(self) -> None:
        if self._annotation is None:
            article_id, start, end, label, note, tags = self._args
            added = self._archive.annotations.add(
                article_id, start, end, label=label, note=note, tags=tags
            )
            self._first_id = added.id
            self.setText(f"Highlight “{_short(added.quote)}”")
        else:
            restored = self._archive.annotations.restore(self._annotation)
            _moved(self._archive, ANNOTATION, self._annotation.id, restored.id)
            self._annotation = None

    def _undo(self) -> None:
        assert self._first_id is not None
        self._annotation = self._archive.annotations.delete(self._id(ANNOTATION, self._first_id))


class EditHighlight(ArchiveCommand):
    """Changes a highlight's label, note or tags; undo puts back what it had before.

    Args:
        archive: The Archive.
        annotation_id: The highlight.
        label: A label name, or None to remove the label; left as it is when not given.
        note: The new note; left as it is when None.
        tags: The new tags (all of them); left as they are when None.
    """

    def __init__(
        self,
        archive: ArchiveFacade,
        annotation_id: int,
        *,
        label: str | None = _UNSET,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> None:
        changed = [
            name
            for name, given in (("label", label is not _UNSET), ("note", note), ("tags", tags))
            if given is not None and given is not False
        ]
        super().__init__(archive, "Edit highlight " + " and ".join(changed))
        self._annotation_id = annotation_id
        self._label = label
        self._note = note
        self._tags = None if tags is None else list(tags)
        self._before: Annotation | None = None

    def _apply(self, label: Any, note: str | None, tags: list[str] | None) -> Annotation:
        kwargs: dict[str, Any] = {"note": note, "tags": tags}
        if label is not _UNSET:
            kwargs["label"] = label
        return self._archive.annotations.edit(self._id(ANNOTATION, self._annotation_id), **kwargs)

    def _do(self) -> None:
        annotations = self._archive.annotations
        self._before = annotations.get(self._id(ANNOTATION, self._annotation_id))
        self._apply(self._label, self._note, self._tags)

    def _undo(self) -> None:
        before = self._before
        assert before is not None
        self._apply(
            _UNSET if self._label is _UNSET else before.label,
            None if self._note is None else before.note,
            None if self._tags is None else before.tags,
        )


class DeleteHighlight(ArchiveCommand):
    """Deletes a highlight; undo restores it (with its id when still free)."""

    def __init__(self, archive: ArchiveFacade, annotation_id: int) -> None:
        super().__init__(archive, "Delete highlight")
        self._annotation_id = annotation_id
        self._deleted: Annotation | None = None

    def _do(self) -> None:
        self._deleted = self._archive.annotations.delete(self._id(ANNOTATION, self._annotation_id))
        self.setText(f"Delete highlight “{_short(self._deleted.quote)}”")

    def _undo(self) -> None:
        assert self._deleted is not None
        restored = self._archive.annotations.restore(self._deleted)
        _moved(self._archive, ANNOTATION, self._deleted.id, restored.id)


# --- Article notes and tags ----------------------------------------------------------------------


class SetArticleNote(ArchiveCommand):
    """Sets the note on a whole article; undo puts back the previous note."""

    def __init__(self, archive: ArchiveFacade, article_id: int, text: str) -> None:
        super().__init__(archive, "Edit article note")
        self._article_id = article_id
        self._text = text
        self._before: str | None = None

    def _do(self) -> None:
        self._before = self._archive.annotations.note(self._article_id)
        self._archive.annotations.set_note(self._article_id, self._text)

    def _undo(self) -> None:
        assert self._before is not None
        self._archive.annotations.set_note(self._article_id, self._before)


class TagArticle(ArchiveCommand):
    """Adds tags to an article; undo removes those it did not have."""

    def __init__(self, archive: ArchiveFacade, article_id: int, *names: str) -> None:
        super().__init__(archive, "Tag article " + ", ".join(names))
        self._article_id = article_id
        self._names = names
        self._added: list[str] = []

    def _do(self) -> None:
        annotations = self._archive.annotations
        before = {name.casefold() for name in annotations.article_tags(self._article_id)}
        after = annotations.tag(self._article_id, *self._names)
        self._added = [name for name in after if name.casefold() not in before]

    def _undo(self) -> None:
        if self._added:
            self._archive.annotations.untag(self._article_id, *self._added)


class UntagArticle(ArchiveCommand):
    """Removes tags from an article; undo gives back those it had."""

    def __init__(self, archive: ArchiveFacade, article_id: int, *names: str) -> None:
        super().__init__(archive, "Untag article " + ", ".join(names))
        self._article_id = article_id
        self._names = names
        self._removed: list[str] = []

    def _do(self) -> None:
        self._removed = self._archive.annotations.untag(self._article_id, *self._names)

    def _undo(self) -> None:
        if self._removed:
            self._archive.annotations.tag(self._article_id, *self._removed)


# --- Entities ------------------------------------------------------------------------------------


@dataclass
class _EntitySnapshot:
    """What is needed to create a deleted entity again."""

    entity: Entity
    mentions: list[Mention] = field(default_factory=list)


def _snapshot(archive: ArchiveFacade, entity_id: int) -> _EntitySnapshot:
    catalog = archive.entities
    return _EntitySnapshot(
        catalog.get(entity_id), catalog.mentions(entity_id=entity_id, include_rejected=True)
    )


def _recreate(archive: ArchiveFacade, snapshot: _EntitySnapshot) -> Entity:
    """Creates a deleted entity again: name, type, notes, aliases with their case rules,
    manual and rejected mentions; maps the old ids to the new ones."""
    catalog = archive.entities
    old = snapshot.entity
    name_case = next((a.case_sensitive for a in old.aliases if a.text == old.name), None)
    entity = catalog.add(old.name, old.type, notes=old.notes, case_sensitive=name_case)
    for alias in old.aliases:
        if alias.text != old.name:
            catalog.add_alias(entity.id, alias.text, alias.case_sensitive)
    found = {
        (m.article_id, m.start, m.end): m
        for m in catalog.mentions(entity_id=entity.id, include_rejected=True)
    }
    for mention in snapshot.mentions:
        now = found.get((mention.article_id, mention.start, mention.end))
        if mention.source == "manual" or now is None:
            try:
                now = catalog.add_mention(mention.article_id, entity.id, mention.start, mention.end)
            except ArchiveError as error:
                # Its article was deleted or changed meanwhile: that mention is gone.
                log.info("mention %d not restored: %s", mention.id, error)
                continue
        if mention.rejected and not now.rejected:
            now = catalog.reject(now.id)
        _moved(archive, MENTION, mention.id, now.id)
    _moved(archive, ENTITY, old.id, entity.id)
    return catalog.get(entity.id)


class _NoSuchAlias(ArchiveError):
    """The alias a command was made for is gone."""


class DeleteEntity(ArchiveCommand):
    """Deletes an entity with its aliases and mentions; undo creates it again (a new id)."""

    def __init__(self, archive: ArchiveFacade, entity_id: int) -> None:
        super().__init__(archive, "Delete entity")
        self._entity_id = entity_id
        self._snapshot: _EntitySnapshot | None = None

    def _do(self) -> None:
        entity_id = self._id(ENTITY, self._entity_id)
        self._snapshot = _snapshot(self._archive, entity_id)
        self.setText(f"Delete entity “{_short(self._snapshot.entity.name)}”")
        self._archive.entities.delete(entity_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        _recreate(self._archive, self._snapshot)


class MergeEntity(ArchiveCommand):
    """Merges one entity into another; undo splits them again.

    Undo takes from the target what the merge gave it (aliases, the source's
    notes, mentions it did not have) and gives back its own alias case rules,
    notes and rejections, then creates the source again from a snapshot (a
    new id, which later commands follow). A mention both had stays marked as
    it was on the target.
    """

    def __init__(self, archive: ArchiveFacade, source_id: int, target_id: int) -> None:
        super().__init__(archive, "Merge entities")
        self._source_id = source_id
        self._target_id = target_id
        self._source: _EntitySnapshot | None = None
        self._target: _EntitySnapshot | None = None

    @property
    def target_id(self) -> int:
        """The entity that stays, by its id now."""
        return self._id(ENTITY, self._target_id)

    def _do(self) -> None:
        source_id = self._id(ENTITY, self._source_id)
        target_id = self._id(ENTITY, self._target_id)
        self._source = _snapshot(self._archive, source_id)
        self._target = _snapshot(self._archive, target_id)
        self.setText(
            f"Merge “{_short(self._source.entity.name)}” into “{_short(self._target.entity.name)}”"
        )
        self._archive.entities.merge(source_id, target_id)

    def _undo(self) -> None:
        assert self._source is not None and self._target is not None
        catalog = self._archive.entities
        target_id = self._id(ENTITY, self._target_id)
        before = self._target.entity
        cases = {a.text: a.case_sensitive for a in before.aliases}
        for alias in catalog.get(target_id).aliases:
            if alias.text not in cases:
                catalog.remove_alias(alias.id)  # (its found mentions go with it)
            elif alias.case_sensitive != cases[alias.text]:
                catalog.set_alias_case(alias.id, cases[alias.text])
        if catalog.get(target_id).notes != before.notes:
            catalog.set_notes(target_id, before.notes)
        had = {(m.article_id, m.start, m.end): m for m in self._target.mentions}
        for mention in catalog.mentions(entity_id=target_id, include_rejected=True):
            earlier = had.get((mention.article_id, mention.start, mention.end))
            if earlier is None:
                catalog.remove_mention(mention.id)  # it came with the merge
            elif earlier.rejected != mention.rejected:
                (catalog.reject if earlier.rejected else catalog.restore)(mention.id)
        _recreate(self._archive, self._source)


class RenameEntity(ArchiveCommand):
    """Renames an entity (the new name becomes an alias); undo gives back the old name."""

    def __init__(
        self, archive: ArchiveFacade, entity_id: int, name: str, keep_old_name: bool = True
    ) -> None:
        super().__init__(archive, f"Rename entity to “{_short(name)}”")
        self._entity_id = entity_id
        self._name = name
        self._keep_old_name = keep_old_name
        self._before: Entity | None = None

    def _do(self) -> None:
        catalog = self._archive.entities
        self._before = catalog.get(self._id(ENTITY, self._entity_id))
        catalog.rename(self._before.id, self._name, keep_old_name=self._keep_old_name)

    def _undo(self) -> None:
        before = self._before
        assert before is not None
        catalog = self._archive.entities
        entity = catalog.rename(self._id(ENTITY, self._entity_id), before.name)
        had = {alias.text: alias.case_sensitive for alias in before.aliases}
        for alias in entity.aliases:
            if alias.text not in had:
                catalog.remove_alias(alias.id)
            elif alias.case_sensitive != had[alias.text]:
                catalog.set_alias_case(alias.id, had[alias.text])


class _SetEntityAttribute(ArchiveCommand):
    """Sets one attribute of an entity (type, notes); undo puts back the old value."""

    attribute = ""

    def __init__(self, archive: ArchiveFacade, entity_id: int, value: str, text: str) -> None:
        super().__init__(archive, text)
        self._entity_id = entity_id
        self._value = value
        self._before: str | None = None

    def _set(self, entity_id: int, value: str) -> None:
        getattr(self._archive.entities, f"set_{self.attribute}")(entity_id, value)

    def _do(self) -> None:
        entity_id = self._id(ENTITY, self._entity_id)
        self._before = getattr(self._archive.entities.get(entity_id), self.attribute)
        self._set(entity_id, self._value)

    def _undo(self) -> None:
        assert self._before is not None
        self._set(self._id(ENTITY, self._entity_id), self._before)


class SetEntityType(_SetEntityAttribute):
    """Changes an entity's type; undo puts back the old one."""

    attribute = "type"

    def __init__(self, archive: ArchiveFacade, entity_id: int, type: str) -> None:
        super().__init__(archive, entity_id, type, f"Set entity type to {type}")


class SetEntityNotes(_SetEntityAttribute):
    """Replaces an entity's notes; undo puts back the old ones."""

    attribute = "notes"

    def __init__(self, archive: ArchiveFacade, entity_id: int, notes: str) -> None:
        super().__init__(archive, entity_id, notes, "Edit entity notes")


class AddAlias(ArchiveCommand):
    """Adds an alias to an entity; undo removes it (or puts back its old case rule)."""

    def __init__(
        self, archive: ArchiveFacade, entity_id: int, text: str, case_sensitive: bool | None = None
    ) -> None:
        super().__init__(archive, f"Add alias “{_short(text)}”")
        self._entity_id = entity_id
        self._text = text
        self._case_sensitive = case_sensitive
        self._before: bool | None = None
        self._alias_text = ""

    def _do(self) -> None:
        catalog = self._archive.entities
        entity_id = self._id(ENTITY, self._entity_id)
        had = {a.text: a.case_sensitive for a in catalog.get(entity_id).aliases}
        alias = catalog.add_alias(entity_id, self._text, self._case_sensitive)
        self._alias_text = alias.text
        self._before = had.get(alias.text)

    def _undo(self) -> None:
        catalog = self._archive.entities
        entity = catalog.get(self._id(ENTITY, self._entity_id))
        alias = next((a for a in entity.aliases if a.text == self._alias_text), None)
        if alias is None:
            return
        if self._before is None:
            catalog.remove_alias(alias.id)
        elif alias.case_sensitive != self._before:
            catalog.set_alias_case(alias.id, self._before)


class RemoveAlias(ArchiveCommand):
    """Removes an alias (not the name); undo adds it back with its case rule."""

    def __init__(self, archive: ArchiveFacade, entity_id: int, text: str) -> None:
        super().__init__(archive, f"Remove alias “{_short(text)}”")
        self._entity_id = entity_id
        self._text = text
        self._case_sensitive = False

    def _do(self) -> None:
        catalog = self._archive.entities
        entity = catalog.get(self._id(ENTITY, self._entity_id))
        alias = next((a for a in entity.aliases if a.text == self._text), None)
        if alias is None:
            raise _NoSuchAlias(f"{entity.name!r} has no alias {self._text!r}")
        self._case_sensitive = alias.case_sensitive
        catalog.remove_alias(alias.id)

    def _undo(self) -> None:
        self._archive.entities.add_alias(
            self._id(ENTITY, self._entity_id), self._text, self._case_sensitive
        )


class SetAliasCase(ArchiveCommand):
    """Makes an alias match only as written, or in any case; undo switches it back."""

    def __init__(
        self, archive: ArchiveFacade, entity_id: int, text: str, case_sensitive: bool
    ) -> None:
        rule = "as written" if case_sensitive else "in any case"
        super().__init__(archive, f"Match “{_short(text)}” {rule}")
        self._entity_id = entity_id
        self._text = text
        self._case_sensitive = case_sensitive

    def _set(self, case_sensitive: bool) -> None:
        catalog = self._archive.entities
        entity = catalog.get(self._id(ENTITY, self._entity_id))
        alias = next((a for a in entity.aliases if a.text == self._text), None)
        if alias is None:
            raise _NoSuchAlias(f"{entity.name!r} has no alias {self._text!r}")
        catalog.set_alias_case(alias.id, case_sensitive)

    def _do(self) -> None:
        self._set(self._case_sensitive)

    def _undo(self) -> None:
        self._set(not self._case_sensitive)


class TagEntity(ArchiveCommand):
    """Tags a selected passage as an entity (new, or an alias of an existing one).

    Undo deletes the entity when the command created it; otherwise it removes
    the alias it added and rejects the manual mention it marked (the core has
    no way to delete a mention).

    Args:
        archive: The Archive.
        article_id: The article.
        start: Offset of the selection in the article's text.
        end: Offset after it.
        entity_id: Add the text as an alias of this entity...
        type: ...or create an entity of this type (or use the one of this type
            that already has that name).
    """

    def __init__(
        self,
        archive: ArchiveFacade,
        article_id: int,
        start: int,
        end: int,
        entity_id: int | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(archive, "Tag entity")
        self._args = (article_id, start, end)
        self._entity_id = entity_id
        self._type = type
        self._created: _EntitySnapshot | None = None
        self._created_id: int | None = None
        self._alias_added = ""
        self._mention_before: Mention | None = None
        self._mention_id: int | None = None

    @property
    def entity_id(self) -> int | None:
        """The tagged entity's id now (None before the first redo)."""
        if self._created_id is not None:
            return self._id(ENTITY, self._created_id)
        if self._entity_id is not None:
            return self._id(ENTITY, self._entity_id)
        return None

    def _existing(self, text: str) -> Entity | None:
        """The entity ``EntityCatalog.tag`` would use for a type and a text, if any."""
        assert self._type is not None
        key = fold(" ".join(text.split()))
        for entity in self._archive.entities.entities(type=self._type, contains=text.strip()):
            if any(fold(" ".join(a.text.split())) == key for a in entity.aliases):
                return entity
        return None

    def _do(self) -> None:
        catalog = self._archive.entities
        article_id, start, end = self._args
        if self._created is not None:
            # Redo after undo: the entity comes back as it was when undone.
            entity = _recreate(self._archive, self._created)
            self._created = None
            self.setText(f"Tag entity “{_short(entity.name)}”")
            return
        text = self._archive.get(article_id).text[start:end]
        if self._entity_id is not None:
            target: Entity | None = catalog.get(self._id(ENTITY, self._entity_id))
        else:
            target = self._existing(text)
        before_aliases = set() if target is None else {a.text for a in target.aliases}
        before_mentions = (
            {}
            if target is None
            else {
                (m.start, m.end): m
                for m in catalog.mentions(
                    article_id=article_id, entity_id=target.id, include_rejected=True
                )
            }
        )
        mention = catalog.tag(
            article_id,
            start,
            end,
            entity_id=None if self._entity_id is None else target.id if target else None,
            type=self._type,
        )
        self._mention_id = mention.id
        self.setText(f"Tag “{_short(mention.text)}” as {mention.entity_name}")
        if target is None:
            self._created_id = mention.entity_id
            return
        self._entity_id = target.id
        added = " ".join(mention.text.split())
        self._alias_added = "" if added in before_aliases else added
        self._mention_before = before_mentions.get((mention.start, mention.end))

    def _undo(self) -> None:
        catalog = self._archive.entities
        if self._created_id is not None:
            entity_id = self._id(ENTITY, self._created_id)
            self._created = _snapshot(self._archive, entity_id)
            catalog.delete(entity_id)
            return
        assert self._entity_id is not None and self._mention_id is not None
        entity = catalog.get(self._id(ENTITY, self._entity_id))
        if self._alias_added:
            alias = next((a for a in entity.aliases if a.text == self._alias_added), None)
            if alias is not None and alias.text != entity.name:
                catalog.remove_alias(alias.id)
        before = self._mention_before
        mention_id = self._id(MENTION, self._mention_id)
        if before is None or before.rejected:
            # Unless the alias's removal took the mention with it.
            with contextlib.suppress(ArchiveError):
                catalog.reject(mention_id)
        # A redo marks it again through tag(), which makes it a manual mention again.


# --- Suggestions and mentions --------------------------------------------------------------------


class AcceptSuggestion(ArchiveCommand):
    """Accepts a suggested name as an entity of a type; undo deletes that entity."""

    def __init__(self, archive: ArchiveFacade, name: str, type: str) -> None:
        super().__init__(archive, f"Accept “{_short(name)}” as {type}")
        self._name = name
        self._type = type
        self._first_id: int | None = None
        self._was_dismissed = False

    @property
    def entity_id(self) -> int | None:
        """The new entity's id now (None before the first redo)."""
        return None if self._first_id is None else self._id(ENTITY, self._first_id)

    def _do(self) -> None:
        catalog = self._archive.entities
        key = " ".join(self._name.split())
        self._was_dismissed = key in catalog.dismissed()
        entity = catalog.accept(self._name, self._type)
        if self._first_id is None:
            self._first_id = entity.id
        else:
            _moved(self._archive, ENTITY, self._id(ENTITY, self._first_id), entity.id)

    def _undo(self) -> None:
        assert self._first_id is not None
        catalog = self._archive.entities
        catalog.delete(self._id(ENTITY, self._first_id))
        if self._was_dismissed:
            catalog.dismiss(self._name)


class DismissSuggestion(ArchiveCommand):
    """Dismisses a suggested name (in every article); undo lets it be suggested again."""

    def __init__(self, archive: ArchiveFacade, name: str) -> None:
        super().__init__(archive, f"Dismiss “{_short(name)}”")
        self._name = " ".join(name.split())

    def _do(self) -> None:
        self._archive.entities.dismiss(self._name)

    def _undo(self) -> None:
        self._archive.entities.undismiss(self._name)


class _SetMentionRejected(ArchiveCommand):
    """Rejects or restores a mention; undo does the other."""

    _REJECT = True

    def __init__(self, archive: ArchiveFacade, mention_id: int) -> None:
        self._verb = "Reject" if self._REJECT else "Restore"
        super().__init__(archive, f"{self._verb} mention")
        self._mention_id = mention_id

    def _set(self, rejected: bool) -> Mention:
        catalog = self._archive.entities
        change = catalog.reject if rejected else catalog.restore
        return change(self._id(MENTION, self._mention_id))

    def _do(self) -> None:
        mention = self._set(self._REJECT)
        self.setText(f"{self._verb} “{_short(mention.text)}” as {mention.entity_name}")

    def _undo(self) -> None:
        self._set(not self._REJECT)


class RejectMention(_SetMentionRejected):
    """Marks a mention as not this entity; undo restores it."""


class RestoreMention(_SetMentionRejected):
    """Restores a rejected mention; undo rejects it again."""

    _REJECT = False
