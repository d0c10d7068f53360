"""The labels table: named highlight colours."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One row of ``labels``.

    Attributes:
        id: The label's id.
        name: Its name.
        color: ``#RRGGBB``.
    """

    id: int
    name: str
    color: str


def all_labels(db: sqlite_utils.Database) -> list[LabelRow]:
    """Every label, oldest first.

    Args:
        db: The library's database.

    Returns:
        The labels in the order of their ids.
    """
    rows = db.execute("SELECT id, name, color FROM labels ORDER BY id").fetchall()
    return [LabelRow(int(row[0]), str(row[1]), str(row[2])) for row in rows]


def label_id(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the label of exactly this name.

    Args:
        db: The library's database.
        name: The name (compared as stored: ``labels.name`` ignores case).

    Returns:
        The id, or None when no label has this name.
    """
    row = db.execute("SELECT id FROM labels WHERE name = ?", [name]).fetchone()
    return None if row is None else int(row[0])


def label_count(db: sqlite_utils.Database) -> int:
    """How many labels there are.

    Args:
        db: The library's database.

    Returns:
        The number of labels.
    """
    return int(db.execute("SELECT count(*) FROM labels").fetchone()[0])


def used_colors(db: sqlite_utils.Database) -> set[str]:
    """The colours labels use, in upper case.

    Args:
        db: The library's database.

    Returns:
        The ``#RRGGBB`` colours.
    """
    return {str(row[0]).upper() for row in db.execute("SELECT color FROM labels")}


def insert_label(db: sqlite_utils.Database, name: str, color: str) -> int:
    """Adds a label.

    Args:
        db: The library's database.
        name: Its name.
        color: Its colour.

    Returns:
        The new label's id.
    """
    cursor = db.execute("INSERT INTO labels (name, color) VALUES (?, ?)", [name, color])
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_label(db: sqlite_utils.Database, label_id: int, name: str, color: str) -> None:
    """Renames and recolours a label.

    Args:
        db: The library's database.
        label_id: The label.
        name: Its new name.
        color: Its new colour.
    """
    db.execute("UPDATE labels SET name = ?, color = ? WHERE id = ?", [name, color, label_id])


def delete_label(db: sqlite_utils.Database, label_id: int) -> None:
    """Deletes a label (the schema sets its highlights' ``label_id`` to NULL).

    Args:
        db: The library's database.
        label_id: The label.
    """
    db.execute("DELETE FROM labels WHERE id = ?", [label_id])
