"""Labels: named highlight colours, the palette new ones take, and the default set."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archive_reader.core.annotations.changes import changing
from archive_reader.core.annotations.models import Label, LabelError
from archive_reader.core.annotations.names import clean_name
from archive_reader.core.db import annotations as db_annotations
from archive_reader.core.db import labels as db_labels

if TYPE_CHECKING:
    from archive_reader.core.library import LibraryHandle

#: Highlight colours given to new labels, in order (keys 1-9 in the reader).
PALETTE = (
    "#FFD43B",
    "#69DB7C",
    "#74C0FC",
    "#F783AC",
    "#FFA94D",
    "#B197FC",
    "#63E6BE",
    "#FF8787",
    "#ADB5BD",
)
#: Labels :meth:`Labels.ensure_default_labels` creates in an empty library.
DEFAULT_LABELS = ("claim", "evidence", "attribution", "question")

_COLOR = re.compile(r"#?([0-9a-fA-F]{6})")


class Labels:
    """The labels of one library (``archive.annotations`` hands these methods out).

    Args:
        handle: The library's storage, lock and index flush.
    """

    def __init__(self, handle: LibraryHandle) -> None:
        self._handle = handle
        self._db = handle.storage.db

    def labels(self) -> list[Label]:
        """Every label, oldest first (``position`` 1, 2, ...)."""
        with self._handle.lock:
            rows = db_labels.all_labels(self._db)
        return [Label(row.id, row.name, row.color, number) for number, row in enumerate(rows, 1)]

    def label(self, name: str) -> Label:
        """One label by name (case-insensitive).

        Raises:
            LabelError: No label has this name.
        """
        wanted = clean_name(name)
        for label in self.labels():
            if label.name.casefold() == wanted.casefold():
                return label
        raise LabelError(f"no label is called {wanted!r}")

    def add_label(self, name: str, color: str | None = None) -> Label:
        """Creates a label.

        Args:
            name: Its name.
            color: ``#RRGGBB``; None picks the first palette colour no label uses.

        Raises:
            LabelError: The name is empty or taken, or the colour is not #RRGGBB.
        """
        name = clean_name(name)
        if not name:
            raise LabelError("a label needs a name")
        chosen = _color(color) if color is not None else None
        with changing(self._handle):
            if db_labels.label_id(self._db, name) is not None:
                raise LabelError(f"there is already a label called {name!r}")
            self._insert(name, chosen)
        return self.label(name)

    def edit_label(self, name: str, new_name: str | None = None, color: str | None = None) -> Label:
        """Renames a label or changes its colour.

        Raises:
            LabelError: No such label, the new name is empty or taken, or the
                colour is not #RRGGBB.
        """
        current = self.label(name)
        renamed = clean_name(new_name) if new_name is not None else current.name
        if not renamed:
            raise LabelError("a label needs a name")
        chosen = _color(color) if color is not None else current.color
        with changing(self._handle) as touched:
            other = db_labels.label_id(self._db, renamed)
            if other is not None and other != current.id:
                raise LabelError(f"there is already a label called {renamed!r}")
            db_labels.update_label(self._db, current.id, renamed, chosen)
            if renamed != current.name:
                touched.update(db_annotations.article_ids_with_label(self._db, current.id))
        return self.label(renamed)

    def delete_label(self, name: str) -> Label:
        """Deletes a label; its highlights stay, without a label.

        Returns:
            The deleted label.

        Raises:
            LabelError: No such label.
        """
        current = self.label(name)
        with changing(self._handle) as touched:
            touched.update(db_annotations.article_ids_with_label(self._db, current.id))
            db_labels.delete_label(self._db, current.id)
        return current

    def ensure_default_labels(self) -> list[Label]:
        """Creates :data:`DEFAULT_LABELS` when the library has no label yet.

        Returns:
            Every label.
        """
        with changing(self._handle):
            if db_labels.label_count(self._db) == 0:
                for name in DEFAULT_LABELS:
                    self._insert(name, None)
        return self.labels()

    def label_for(self, name: str | None, color: str | None = None) -> int | None:
        """The id of the label of this name, created on first use; call it inside a transaction.

        Args:
            name: The label's name; None (or only whitespace) for no label.
            color: The colour to create it with; None for the next palette colour.

        Returns:
            The label's id, or None for no label.
        """
        if name is None or not clean_name(name):
            return None
        name = clean_name(name)
        found = db_labels.label_id(self._db, name)
        return found if found is not None else self._insert(name, color)

    def _insert(self, name: str, color: str | None) -> int:
        if color is None:
            used = db_labels.used_colors(self._db)
            free = [c for c in PALETTE if c not in used]
            count = db_labels.label_count(self._db)
            color = free[0] if free else PALETTE[count % len(PALETTE)]
        return db_labels.insert_label(self._db, name, color)


def _color(value: str) -> str:
    match = _COLOR.fullmatch(value.strip())
    if match is None:
        raise LabelError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. #FFD43B")
    return "#" + match.group(1).upper()
