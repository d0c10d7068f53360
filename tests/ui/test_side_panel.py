"""SidePanel: the open article's highlights, entities and suggestions, against a real library."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from archive_reader.ui import messages
from archive_reader.ui.widgets.side_panel import SidePanel, split_tags
from tests.ui.test_undo import build_library, span


@pytest.fixture
def library(tmp_path: Path):
    archive, ids = build_library(tmp_path)
    yield archive, ids
    archive.close()


@pytest.fixture(autouse=True)
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, _t, text, *a: shown.append(text))
    return shown


@pytest.fixture
def panel(qtbot, library):
    archive, ids = library
    stack = QUndoStack()
    widget = SidePanel(archive, stack, run_job=lambda worker: worker.run())
    qtbot.addWidget(widget)
    widget.stack = stack
    yield widget
    # The stack, freed with the panel, clears itself and signals: not to a dying panel.
    stack.indexChanged.disconnect(widget._on_undo_stack_index_changed)


def add(archive, article_id: int, quote: str, **kwargs):
    start, end = span(archive, article_id, quote)
    return archive.annotations.add(article_id, start, end, **kwargs)


def item_texts(panel: SidePanel) -> list[str]:
    return [panel.highlight_list.item(i).text() for i in range(panel.highlight_list.count())]


def test_nothing_shown_without_an_article(panel) -> None:
    assert panel.article_id is None
    assert panel.tabs.isHidden() and not panel.placeholder.isHidden()


def test_highlights_are_listed_in_text_order_and_click_jumps(qtbot, panel, library) -> None:
    archive, ids = library
    later = add(archive, ids["courier"], "Nadia Petrova said", label="claim", tags=["t1"])
    first = add(archive, ids["courier"], "Meta removed accounts", note="first public attribution")
    panel.show_article(ids["courier"])
    texts = item_texts(panel)
    assert texts[0].startswith("“Meta removed accounts”")
    assert "first public attribution" in texts[0]
    assert texts[1].startswith("“Nadia Petrova said”") and "#t1" in texts[1]
    assert texts[1].endswith("claim · #t1")  # the label by name, not only its colour
    assert panel.tabs.tabText(0) == "Highlights (2)"
    item = panel.highlight_list.item(1)
    rect = panel.highlight_list.visualItemRect(item)
    with qtbot.waitSignal(panel.highlight_activated) as blocker:
        qtbot.mouseClick(
            panel.highlight_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert blocker.args == [later.id, later.start, later.end]
    assert panel.label_combo.currentText() == "claim"
    assert panel.tags_edit.text() == "t1"
    panel.select_highlight(first.id)
    assert panel.selected_highlight() == first.id
    assert panel.note_edit.toPlainText() == "first public attribution"


def test_an_orphan_is_marked_and_does_not_jump(qtbot, panel, library) -> None:
    archive, ids = library
    orphan = add(archive, ids["courier"], "Meta removed accounts")
    archive._handle.storage.db.execute(
        "UPDATE annotations SET orphaned = 1 WHERE id = ?", [orphan.id]
    )
    panel.show_article(ids["courier"])
    assert "could not be placed" in item_texts(panel)[0]
    with qtbot.assertNotEmitted(panel.highlight_activated):
        panel._on_highlight_list_item_clicked(panel.highlight_list.item(0))


def test_edit_label_note_tags_then_undo_and_redo(panel, library) -> None:
    archive, ids = library
    archive.annotations.add_label("evidence", "#66cc66")
    annotation = add(archive, ids["courier"], "Meta removed accounts", note="old")
    panel.show_article(ids["courier"])
    panel.highlight_list.setCurrentRow(0)
    index = panel.label_combo.findText("evidence")
    panel.label_combo.setCurrentIndex(index)
    panel.label_combo.activated.emit(index)
    assert archive.annotations.get(annotation.id).label == "evidence"
    panel.note_edit.setPlainText("new note")
    panel.tags_edit.setText("attribution, , Attribution, meta")
    panel.apply_button.click()
    got = archive.annotations.get(annotation.id)
    assert (got.note, got.tags) == ("new note", ["attribution", "meta"])
    assert "new note" in item_texts(panel)[0]  # reloaded by the stack
    assert panel.stack.count() == 2
    panel.stack.undo()
    assert archive.annotations.get(annotation.id).note == "old"
    assert "old" in item_texts(panel)[0] and panel.note_edit.toPlainText() == "old"
    panel.stack.undo()
    assert archive.annotations.get(annotation.id).label is None
    assert panel.label_combo.currentText() == "(no label)"
    panel.stack.redo()
    panel.stack.redo()
    assert archive.annotations.get(annotation.id).tags == ["attribution", "meta"]
    # Apply with nothing changed pushes nothing.
    panel.apply_button.click()
    assert panel.stack.count() == 2


def test_delete_key_deletes_with_undo(qtbot, panel, library) -> None:
    archive, ids = library
    add(archive, ids["courier"], "Meta removed accounts")
    second = add(archive, ids["courier"], "Nadia Petrova said")
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.show_article(ids["courier"])
    panel.highlight_list.setCurrentRow(0)
    panel.highlight_list.setFocus()
    qtbot.waitUntil(panel.highlight_list.hasFocus)
    qtbot.keyClick(panel.highlight_list, Qt.Key.Key_Delete)
    assert [a.id for a in archive.annotations.for_article(ids["courier"])] == [second.id]
    assert panel.selected_highlight() == second.id  # the next one, for another Delete
    panel.delete_button.click()
    assert archive.annotations.for_article(ids["courier"]) == []
    assert not panel.highlights_empty.isHidden()
    panel.stack.undo()
    panel.stack.undo()
    assert len(item_texts(panel)) == 2


def test_article_tags_and_note(panel, library) -> None:
    archive, ids = library
    archive.annotations.tag(ids["ledger"], "old")
    panel.show_article(ids["ledger"])
    assert panel.article_tags_edit.text() == "old"
    panel.article_tags_edit.setText("new, other")
    panel.article_note_edit.setPlainText("read again")
    panel.save_article_button.click()
    assert archive.annotations.article_tags(ids["ledger"]) == ["new", "other"]
    assert archive.annotations.note(ids["ledger"]) == "read again"
    panel.stack.undo()  # one step for the whole save
    assert archive.annotations.article_tags(ids["ledger"]) == ["old"]
    assert archive.annotations.note(ids["ledger"]) == ""
    assert panel.article_tags_edit.text() == "old"


def test_entities_with_counts_open_and_reject(qtbot, panel, library) -> None:
    archive, ids = library
    panel.show_article(ids["courier"])
    tree = panel.entity_tree
    rows = {
        tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(2)
        for i in range(tree.topLevelItemCount())
    }
    assert rows == {"Meta": "2", "RT": "1", "Sputnik": "2"}
    meta = next(tree.topLevelItem(i) for i in range(3) if tree.topLevelItem(i).text(0) == "Meta")
    with qtbot.waitSignal(panel.entity_activated) as blocker:
        tree.itemDoubleClicked.emit(meta, 0)
    assert blocker.args == [archive.entities.find("Meta").id]
    assert meta.childCount() == 0  # listed when opened
    meta.setExpanded(True)
    mention = meta.child(0)
    assert "[Meta]" in mention.text(0)
    with qtbot.waitSignal(panel.mention_activated) as blocker:
        tree.itemClicked.emit(mention, 0)
    start, end = span(archive, ids["courier"], "Meta")
    assert blocker.args[1:] == [start, end]
    mention.setSelected(True)
    assert panel.reject_button.isEnabled()
    panel.reject_button.click()
    meta = next(tree.topLevelItem(i) for i in range(3) if tree.topLevelItem(i).text(0) == "Meta")
    assert meta.text(2) == "1"
    panel.show_rejected_check.setChecked(True)
    meta = next(tree.topLevelItem(i) for i in range(3) if tree.topLevelItem(i).text(0) == "Meta")
    rejected = [
        meta.child(i) for i in range(meta.childCount()) if "rejected" in meta.child(i).text(0)
    ]
    assert len(rejected) == 1
    rejected[0].setSelected(True)
    panel.restore_button.click()
    meta_id = archive.entities.find("Meta").id
    assert len(archive.entities.mentions(article_id=ids["courier"], entity_id=meta_id)) == 2
    assert panel.stack.count() == 2


def test_accept_a_suggestion_with_a_type_and_undo(panel, library) -> None:
    archive, ids = library
    panel.show_article(ids["courier"])
    names = [
        panel.suggestion_tree.topLevelItem(i).text(0)
        for i in range(panel.suggestion_tree.topLevelItemCount())
    ]
    assert "Nadia Petrova" in names
    assert panel.type_combo.count() >= 4
    item = panel.suggestion_tree.topLevelItem(names.index("Nadia Petrova"))
    item.setSelected(True)
    panel.type_combo.setCurrentText("person")
    panel.accept_button.click()
    person = archive.entities.find("Nadia Petrova")
    assert person.type == "person"
    shown = [
        panel.suggestion_tree.topLevelItem(i).text(0)
        for i in range(panel.suggestion_tree.topLevelItemCount())
    ]
    assert "Nadia Petrova" not in shown
    entities = [
        panel.entity_tree.topLevelItem(i).text(0)
        for i in range(panel.entity_tree.topLevelItemCount())
    ]
    assert "Nadia Petrova" in entities
    panel.stack.undo()
    shown = [
        panel.suggestion_tree.topLevelItem(i).text(0)
        for i in range(panel.suggestion_tree.topLevelItemCount())
    ]
    assert "Nadia Petrova" in shown


def test_dismiss_several_in_one_step(panel, library) -> None:
    archive, ids = library
    panel.show_article(ids["courier"])
    tree = panel.suggestion_tree
    for i in range(tree.topLevelItemCount()):
        tree.topLevelItem(i).setSelected(True)
    count = tree.topLevelItemCount()
    assert count >= 2
    panel.dismiss_button.click()
    assert tree.topLevelItemCount() == 0
    assert len(archive.entities.dismissed()) == count
    assert panel.stack.count() == 1
    panel.stack.undo()
    assert tree.topLevelItemCount() == count


def test_split_tags() -> None:
    assert split_tags(" a,  b c ,A,, ") == ["a", "b c"]


def test_refresh_is_fast_for_fifty_highlights(panel, library) -> None:
    archive, ids = library
    text = archive.get(ids["courier"]).text
    words = [i for i, c in enumerate(text) if c == " "]
    for n in range(50):
        archive.annotations.add(
            ids["courier"], words[n] + 1, words[n + 1], note=f"n{n}", tags=["x"]
        )
    panel.show_article(ids["courier"])
    started = time.perf_counter()
    panel.refresh()
    elapsed = time.perf_counter() - started
    assert panel.highlight_list.count() == 50
    assert elapsed < 0.1, elapsed  # about 5 ms here; generous for slow test machines


def test_entities_and_suggestions_load_in_the_background(qtbot, library) -> None:
    archive, ids = library
    stack = QUndoStack()
    widget = SidePanel(archive, stack)  # on the thread pool
    qtbot.addWidget(widget)
    widget.show_article(ids["courier"])
    qtbot.waitUntil(lambda: widget.entity_tree.topLevelItemCount() == 3, timeout=5000)
    assert widget.suggestion_tree.topLevelItemCount() > 0
    stack.indexChanged.disconnect(widget._on_undo_stack_index_changed)
