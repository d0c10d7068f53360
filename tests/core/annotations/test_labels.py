"""Labels: palette colours, the default set, renaming and deleting, creation on first use."""

from __future__ import annotations

import pytest

from archive_reader import Archive
from archive_reader.core.annotations.highlights import Annotations
from archive_reader.core.annotations.labels import DEFAULT_LABELS, PALETTE
from archive_reader.core.annotations.models import LabelError
from tests.core.annotations.pages import found_ids


def test_labels_get_palette_colours_in_order(notes: Annotations) -> None:
    claim = notes.add_label("claim")
    evidence = notes.add_label("Evidence", "#00aa00")
    third = notes.add_label("attribution")
    assert (claim.position, claim.color) == (1, PALETTE[0])
    assert (evidence.position, evidence.color) == (2, "#00AA00")
    assert third.color == PALETTE[1]
    assert [label.name for label in notes.labels()] == ["claim", "Evidence", "attribution"]
    with pytest.raises(LabelError, match="already a label"):
        notes.add_label("EVIDENCE")
    with pytest.raises(LabelError, match="#RRGGBB"):
        notes.add_label("other", "green")
    with pytest.raises(LabelError, match="needs a name"):
        notes.add_label("  ")


def test_default_labels_only_when_none_exist(notes: Annotations) -> None:
    assert [label.name for label in notes.ensure_default_labels()] == list(DEFAULT_LABELS)
    assert len(notes.ensure_default_labels()) == len(DEFAULT_LABELS)


def test_label_rename_and_delete_keep_highlights(
    archive: Archive, notes: Annotations, article: int
) -> None:
    annotation = notes.add(article, quote="removed a network", label="claim")
    assert found_ids(archive, "label:claim") == [article]
    notes.edit_label("claim", new_name="assertion", color="#123456")
    assert notes.get(annotation.id).label == "assertion"
    assert notes.get(annotation.id).color == "#123456"
    assert found_ids(archive, "label:assertion") == [article]
    assert found_ids(archive, "label:claim") == []
    deleted = notes.delete_label("ASSERTION")
    assert deleted.name == "assertion"
    assert notes.get(annotation.id).label is None
    assert found_ids(archive, "label:assertion") == []
    with pytest.raises(LabelError, match="no label"):
        notes.edit_label("assertion", color="#000000")


def test_label_is_created_on_first_use(notes: Annotations, article: int) -> None:
    notes.add_label("claim")
    annotation = notes.add(article, quote="Meta said", label="Evidence")
    assert annotation.label == "Evidence"
    assert annotation.color == PALETTE[1]
    again = notes.add(article, quote="Tuesday", label="evidence")
    assert again.label == "Evidence"
    assert len(notes.labels()) == 2
