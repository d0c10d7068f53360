"""EntityView: an entity's aliases, articles, co-occurrences and edits, against a real library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QUndoStack

from archive_reader.core.entities.models import EntityNotFound
from archive_reader.ui import messages, undo
from archive_reader.ui.widgets import entity_view
from archive_reader.ui.widgets.entity_view import EntityView, RowRole, passage_html
from tests.ui.test_undo import build_library


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
def view(qtbot, library):
    archive, _ = library
    stack = QUndoStack()
    widget = EntityView(archive, stack, run_job=lambda worker: worker.run())
    qtbot.addWidget(widget)
    widget.stack = stack
    yield widget
    # The stack, freed with the view, clears itself and signals: not to a dying view.
    stack.indexChanged.disconnect(widget._on_undo_stack_index_changed)


def rows(model) -> list:
    return [model.index(i, 0).data(RowRole) for i in range(model.rowCount())]


def test_nothing_shown_at_first(view) -> None:
    assert view.entity_id is None and view.body.isHidden()


def test_aliases_counts_dates_and_articles(qtbot, view, library) -> None:
    archive, ids = library
    rt = archive.entities.find("RT")
    view.show_entity(rt.id)
    aliases = [view.alias_list.item(i).text() for i in range(view.alias_list.count())]
    assert aliases == ["RT  (name) — only as written", "Russia Today — any case"]
    assert view.name_label.text() == "RT"
    assert view.type_combo.currentText() == "organisation"
    assert "2 mentions in 2 articles, from 2023-05-10 to 2024-02-01" in view.summary_label.text()
    proxy = view.article_proxy
    titles = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert titles == ["TikTok acts", "Accounts removed"]  # newest first
    assert [proxy.index(r, 2).data() for r in range(2)] == ["Ledger", "Courier"]
    with qtbot.waitSignal(view.article_activated) as blocker:
        view.article_table.doubleClicked.emit(proxy.index(1, 1))
    assert blocker.args == [ids["courier"]]


def test_a_cooccurring_pair_shows_its_passages(qtbot, view, library) -> None:
    archive, ids = library
    sputnik = archive.entities.find("Sputnik")
    view.show_entity(sputnik.id)
    together = {c.name: c for c in rows(view.cooccurrence_model)}
    assert set(together) == {"Meta", "RT"}
    assert (together["RT"].articles, together["RT"].paragraphs) == (2, 2)
    proxy = view.cooccurrence_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "RT")
    view.cooccurrence_table.selectRow(row)
    shown = view.passages.toHtml()
    assert "TikTok acts" in shown and "Accounts removed" in shown
    plain = view.passages.toPlainText()
    assert "TikTok banned RT and Sputnik from its platform." in plain
    with qtbot.waitSignal(view.article_activated) as blocker:
        view.passages.anchorClicked.emit(QUrl(f"article:{ids['ledger']}"))
    assert blocker.args == [ids["ledger"]]
    with qtbot.waitSignal(view.entity_activated) as blocker:
        view.cooccurrence_table.doubleClicked.emit(proxy.index(row, 0))
    assert blocker.args == [archive.entities.find("RT").id]


def test_filters_narrow_the_cooccurrences(view, library) -> None:
    archive, _ = library
    view.show_entity(archive.entities.find("Sputnik").id)
    view.since_edit.setText("2024")
    view.since_edit.editingFinished.emit()
    assert [c.name for c in rows(view.cooccurrence_model)] == ["RT"]
    view.since_edit.clear()
    view.site_edit.setText("nowhere")
    view.site_edit.editingFinished.emit()
    assert rows(view.cooccurrence_model) == []
    assert "filters" in view.cooccurrence_status.text()


def test_names_are_bold_with_their_case_rules() -> None:
    from archive_reader.core.entities.models import Alias, Entity

    rt = Entity(1, "RT", "organisation", "", "", [Alias(1, 1, "RT", True)])
    meta = Entity(2, "Meta", "organisation", "", "", [Alias(2, 2, "Meta", False)])
    pattern = entity_view._name_pattern([rt, meta])
    assert passage_html("RT and rt.com; META & <Metadata>", pattern) == (
        "<b>RT</b> and rt.com; <b>META</b> &amp; &lt;Metadata&gt;"
    )


def test_background_cooccurrences(qtbot, library) -> None:
    archive, _ = library
    stack = QUndoStack()
    widget = EntityView(archive, stack)  # on the thread pool
    qtbot.addWidget(widget)
    widget.show_entity(archive.entities.find("Sputnik").id)
    qtbot.waitUntil(lambda: widget.cooccurrence_model.rowCount() == 2, timeout=5000)
    stack.indexChanged.disconnect(widget._on_undo_stack_index_changed)


def test_rename_and_undo(monkeypatch, view, library) -> None:
    archive, _ = library
    meta = archive.entities.find("Meta")
    view.show_entity(meta.id)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Meta Platforms")
    view.rename_button.click()
    assert archive.entities.get(meta.id).name == "Meta Platforms"
    assert view.name_label.text() == "Meta Platforms"
    view.stack.undo()
    assert archive.entities.get(meta.id).name == "Meta"
    assert view.name_label.text() == "Meta"
    # Cancelled: nothing pushed.
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: None)
    view.rename_button.click()
    assert view.stack.index() == 0


def test_alias_type_and_notes_edits(monkeypatch, view, library) -> None:
    archive, _ = library
    meta = archive.entities.find("Meta")
    view.show_entity(meta.id)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Facebook")
    view.add_alias_button.click()
    assert "Facebook" in archive.entities.get(meta.id).other_names
    view.alias_list.setCurrentRow(1)
    assert view.remove_alias_button.isEnabled()
    view.case_check.click()
    assert [
        a.case_sensitive for a in archive.entities.get(meta.id).aliases if a.text == "Facebook"
    ] == [True]
    view.alias_list.setCurrentRow(0)  # the name cannot be removed
    assert not view.remove_alias_button.isEnabled()
    view.type_combo.setCurrentText("place")
    view.type_combo.activated.emit(view.type_combo.currentIndex())
    view.notes_edit.setPlainText("platform company")
    view.save_notes_button.click()
    got = archive.entities.get(meta.id)
    assert (got.type, got.notes) == ("place", "platform company")
    for _ in range(4):
        view.stack.undo()
    got = archive.entities.get(meta.id)
    assert (got.type, got.notes, got.other_names) == ("organisation", "", [])
    assert view.notes_edit.toPlainText() == ""


def test_delete_asks_first_and_undo_brings_it_back(qtbot, monkeypatch, view, library) -> None:
    archive, _ = library
    meta = archive.entities.find("Meta")
    view.show_entity(meta.id)
    asked: list[str] = []

    def refuse(_parent, _title, text, _action="OK"):
        asked.append(text)
        return False

    monkeypatch.setattr(messages, "confirm", refuse)
    view.delete_button.click()
    assert "Delete “Meta”" in asked[0] and archive.entities.get(meta.id)
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    with qtbot.waitSignal(view.entity_deleted) as blocker:
        view.delete_button.click()
    assert blocker.args == [meta.id]
    with pytest.raises(EntityNotFound):
        archive.entities.get(meta.id)
    assert view.body.isHidden() and "deleted" in view.placeholder.text()
    view.stack.undo()
    again = archive.entities.find("Meta")
    assert view.entity_id == again.id == undo.current_id(archive, undo.ENTITY, meta.id)
    assert not view.body.isHidden()
    assert len(rows(view.article_model)) == 1


def test_merge_into_another_entity(qtbot, monkeypatch, view, library) -> None:
    archive, _ = library
    rt = archive.entities.find("RT")
    sputnik = archive.entities.find("Sputnik")
    view.show_entity(rt.id)
    monkeypatch.setattr(
        entity_view,
        "ask_item",
        lambda _p, _t, _l, items: next(i for i in items if i.startswith("Sputnik")),
    )
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    with qtbot.waitSignal(view.entity_merged) as blocker:
        view.merge_button.click()
    assert blocker.args == [rt.id, sputnik.id]
    assert view.entity_id == sputnik.id
    assert "Russia Today" in archive.entities.get(sputnik.id).other_names
    view.stack.undo()  # splits them again
    assert "Russia Today" not in archive.entities.get(sputnik.id).other_names
    assert archive.entities.find("RT").other_names == ["Russia Today"]
