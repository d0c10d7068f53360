"""The entity catalogue's tables: entity_types, entities, aliases, dismissed_suggestions.

Functions take the library's connection (``storage.db``) and return typed
rows; the caller (``core/entities/``) holds the lock and the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlite_utils

from archive_reader.core.entities.models import Alias, Entity

#: Ids per ``IN (...)`` list, well under SQLite's limit of bound variables.
SQL_CHUNK = 500


def chunks(items: Sequence[int], size: int = SQL_CHUNK) -> Iterator[list[int]]:
    """The items in consecutive lists of at most ``size``."""
    for at in range(0, len(items), size):
        yield list(items[at : at + size])


def marks(items: Sequence[object]) -> str:
    """As many ``?`` placeholders as items, comma-separated."""
    return ",".join("?" * len(items))


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An ``entities`` row, without counts or aliases."""

    id: int
    name: str
    type: str
    notes: str


@dataclass(frozen=True, slots=True)
class AliasText:
    """An alias's text and its entity (what name lookups compare)."""

    entity_id: int
    text: str


@dataclass(frozen=True, slots=True)
class MatchForm:
    """A form the scanner matches: an alias, or the name of an entity with no alias for it.

    Attributes:
        entity_id: The entity.
        text: The form.
        case_sensitive: The alias's rule; None for a name without an alias
            row (entities created before names were aliases too).
    """

    entity_id: int
    text: str
    case_sensitive: bool | None


# --- Types -----------------------------------------------------------------------------------


def type_names(db: sqlite_utils.Database) -> list[str]:
    """Every entity type's name, in table order."""
    return [str(row[0]) for row in db.execute("SELECT name FROM entity_types")]


def type_named(db: sqlite_utils.Database, name: str) -> str | None:
    """The stored name of the type called ``name`` (case ignored), or None."""
    row = db.execute("SELECT name FROM entity_types WHERE name = ?", [name]).fetchone()
    return None if row is None else str(row[0])


def insert_type(db: sqlite_utils.Database, name: str) -> None:
    """Adds a type; nothing happens when it exists."""
    db.execute("INSERT OR IGNORE INTO entity_types (name) VALUES (?)", [name])


def count_of_type(db: sqlite_utils.Database, type: str) -> int:
    """How many entities have this type."""
    return int(db.execute("SELECT count(*) FROM entities WHERE type = ?", [type]).fetchone()[0])


def delete_type(db: sqlite_utils.Database, name: str) -> None:
    """Removes a type."""
    db.execute("DELETE FROM entity_types WHERE name = ?", [name])


# --- Entities --------------------------------------------------------------------------------


def insert_entity(
    db: sqlite_utils.Database, name: str, type: str, notes: str, created_at: str
) -> int:
    """Adds an entity; returns its id."""
    cursor = db.execute(
        "INSERT INTO entities (name, type, notes, created_at) VALUES (?, ?, ?, ?)",
        [name, type, notes, created_at],
    )
    return int(cursor.lastrowid or 0)


def entity_record(db: sqlite_utils.Database, entity_id: int) -> EntityRecord | None:
    """The entity with this id, or None."""
    row = db.execute(
        "SELECT id, name, type, notes FROM entities WHERE id = ?", [entity_id]
    ).fetchone()
    return None if row is None else EntityRecord(row[0], row[1], row[2], row[3])


def entity_records(db: sqlite_utils.Database) -> list[EntityRecord]:
    """Every entity, in table order."""
    return [EntityRecord(*row) for row in db.execute("SELECT id, name, type, notes FROM entities")]


def entities(
    db: sqlite_utils.Database, *, entity_id: int | None = None, type: str | None = None
) -> list[Entity]:
    """Entities with their aliases, counts and dates, by name.

    Args:
        db: The library's connection.
        entity_id: Only the entity with this id.
        type: Only entities of this type (case ignored).
    """
    where = ""
    params: list[object] = []
    if entity_id is not None:
        where, params = "WHERE e.id = ?", [entity_id]
    elif type is not None:
        where, params = "WHERE e.type = ? COLLATE NOCASE", [type]
    rows = db.execute(
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
    found = [
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
    by_id = {entity.id: entity for entity in found}
    for alias in aliases_of(db, list(by_id)):
        by_id[alias.entity_id].aliases.append(alias)
    return found


def set_entity_name(db: sqlite_utils.Database, entity_id: int, name: str) -> None:
    """Renames an entity (its alias rows are the caller's business)."""
    db.execute("UPDATE entities SET name = ? WHERE id = ?", [name, entity_id])


def set_entity_type(db: sqlite_utils.Database, entity_id: int, type: str) -> None:
    """Changes an entity's type."""
    db.execute("UPDATE entities SET type = ? WHERE id = ?", [type, entity_id])


def set_entity_notes(db: sqlite_utils.Database, entity_id: int, notes: str) -> None:
    """Replaces an entity's notes."""
    db.execute("UPDATE entities SET notes = ? WHERE id = ?", [notes, entity_id])


def append_notes(db: sqlite_utils.Database, entity_id: int, notes: str) -> None:
    """Adds notes after an entity's own, a blank line between (or as its notes, if none)."""
    db.execute(
        "UPDATE entities SET notes = CASE WHEN notes = '' THEN ?"
        " ELSE notes || char(10) || char(10) || ? END WHERE id = ?",
        [notes, notes, entity_id],
    )


def delete_entity(db: sqlite_utils.Database, entity_id: int) -> None:
    """Deletes an entity row (its aliases and mentions are deleted by the caller)."""
    db.execute("DELETE FROM entities WHERE id = ?", [entity_id])


# --- Aliases ---------------------------------------------------------------------------------


def _alias(row: tuple[int, int, str, int]) -> Alias:
    return Alias(row[0], row[1], row[2], bool(row[3]))


def alias(db: sqlite_utils.Database, alias_id: int) -> Alias | None:
    """The alias with this id, or None."""
    row = db.execute(
        "SELECT id, entity_id, text, case_sensitive FROM aliases WHERE id = ?", [alias_id]
    ).fetchone()
    return None if row is None else _alias(row)


def alias_of(db: sqlite_utils.Database, entity_id: int, text: str) -> Alias | None:
    """The entity's alias written exactly so, or None."""
    row = db.execute(
        "SELECT id, entity_id, text, case_sensitive FROM aliases WHERE entity_id = ? AND text = ?",
        [entity_id, text],
    ).fetchone()
    return None if row is None else _alias(row)


def aliases_of(db: sqlite_utils.Database, entity_ids: Sequence[int]) -> list[Alias]:
    """The aliases of these entities, oldest first."""
    found: list[Alias] = []
    for chunk in chunks(entity_ids):
        found.extend(
            _alias(row)
            for row in db.execute(
                "SELECT id, entity_id, text, case_sensitive FROM aliases"
                f" WHERE entity_id IN ({marks(chunk)}) ORDER BY id",
                chunk,
            ).fetchall()
        )
    return found


def alias_texts(db: sqlite_utils.Database) -> list[AliasText]:
    """Every alias, in table order."""
    return [AliasText(*row) for row in db.execute("SELECT entity_id, text FROM aliases")]


def alias_texts_of_type(db: sqlite_utils.Database, type: str) -> list[AliasText]:
    """The aliases of the entities of one type (as stored), in table order."""
    return [
        AliasText(*row)
        for row in db.execute(
            "SELECT e.id, a.text FROM entities e JOIN aliases a ON a.entity_id = e.id"
            " WHERE e.type = ?",
            [type],
        ).fetchall()
    ]


def insert_alias(db: sqlite_utils.Database, entity_id: int, text: str, case_sensitive: bool) -> int:
    """Adds an alias unless the entity has it; returns the alias's id either way."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO aliases (entity_id, text, case_sensitive) VALUES (?, ?, ?)",
        [entity_id, text, int(case_sensitive)],
    )
    if cursor.rowcount:
        return int(cursor.lastrowid or 0)
    return int(
        db.execute(
            "SELECT id FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, text]
        ).fetchone()[0]
    )


def set_alias_case(db: sqlite_utils.Database, alias_id: int, case_sensitive: bool) -> None:
    """Sets an alias's case rule."""
    db.execute(
        "UPDATE aliases SET case_sensitive = ? WHERE id = ?", [int(case_sensitive), alias_id]
    )


def move_alias(db: sqlite_utils.Database, alias_id: int, entity_id: int) -> None:
    """Gives an alias to another entity."""
    db.execute("UPDATE aliases SET entity_id = ? WHERE id = ?", [entity_id, alias_id])


def delete_alias(db: sqlite_utils.Database, alias_id: int) -> None:
    """Removes an alias."""
    db.execute("DELETE FROM aliases WHERE id = ?", [alias_id])


def delete_alias_text(db: sqlite_utils.Database, entity_id: int, text: str) -> None:
    """Removes the entity's alias written exactly so, if it has one."""
    db.execute("DELETE FROM aliases WHERE entity_id = ? AND text = ?", [entity_id, text])


def delete_aliases_of(db: sqlite_utils.Database, entity_id: int) -> None:
    """Removes every alias of an entity."""
    db.execute("DELETE FROM aliases WHERE entity_id = ?", [entity_id])


def match_signature(db: sqlite_utils.Database) -> str:
    """A text that changes whenever :func:`match_forms` would return other forms.

    Built by SQLite in one row, so that checking whether a cached automaton
    is still right costs no Python object per alias.
    """
    row = db.execute(
        "SELECT group_concat(entity_id || ' ' || case_sensitive || ' ' || text, char(31)) FROM"
        " (SELECT entity_id, text, case_sensitive FROM aliases"
        " UNION ALL SELECT e.id, e.name, -1 FROM entities e WHERE NOT EXISTS"
        " (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.text = e.name)"
        " ORDER BY 1, 2, 3)"
    ).fetchone()
    return str(row[0] or "")


def match_forms(db: sqlite_utils.Database) -> list[MatchForm]:
    """Every form the scanner matches, by entity, text and rule.

    Each alias, and the name of each entity that has no alias row for it.
    """
    return [
        MatchForm(entity_id, text, None if flag < 0 else bool(flag))
        for entity_id, text, flag in db.execute(
            "SELECT entity_id, text, case_sensitive FROM aliases"
            " UNION ALL SELECT e.id, e.name, -1 FROM entities e WHERE NOT EXISTS"
            " (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.text = e.name)"
            " ORDER BY 1, 2, 3"
        ).fetchall()
    ]


# --- Dismissed suggestions -------------------------------------------------------------------


def dismissed_names(db: sqlite_utils.Database) -> list[str]:
    """The dismissed names, by name (case ignored)."""
    return [
        str(row[0])
        for row in db.execute(
            "SELECT name FROM dismissed_suggestions ORDER BY name COLLATE NOCASE"
        ).fetchall()
    ]


def dismiss(db: sqlite_utils.Database, name: str, dismissed_at: str) -> None:
    """Records a dismissed name (again, if it was)."""
    db.execute(
        "INSERT OR REPLACE INTO dismissed_suggestions (name, dismissed_at) VALUES (?, ?)",
        [name, dismissed_at],
    )


def undismiss(db: sqlite_utils.Database, name: str) -> None:
    """Forgets a dismissed name (case ignored)."""
    db.execute("DELETE FROM dismissed_suggestions WHERE name = ?", [name])
