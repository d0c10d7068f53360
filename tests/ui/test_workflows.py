"""The window's workflows end to end, as a user drives them: drop, search, annotate, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ArchiveError
from archive_reader.ui import messages
from archive_reader.ui.dialogs.export_dialog import ExportDialog
from archive_reader.ui.main_window import MainWindow
from archive_reader.ui.settings import Settings
from tests.ui.test_main_window import close_windows, idle, write_pages


@pytest.fixture
def shown(monkeypatch) -> list[tuple]:
    seen: list[tuple] = []
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: seen.append(a))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: seen.append(a))
    return seen


@pytest.fixture
def window(qtbot, tmp_path: Path, shown):
    archive = Archive.open(tmp_path / "lib")
    main = MainWindow(archive, settings=Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.show()
    idle(qtbot, main)
    yield main
    close_windows()
    archive.close()


def drop_folder(window: MainWindow, folder: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def imported(qtbot, window: MainWindow, folder: Path) -> None:
    drop_folder(window, folder)
    qtbot.waitUntil(lambda: window.import_controller.dialog is not None, timeout=5000)
    qtbot.waitUntil(lambda: not window.import_controller.dialog.running, timeout=20_000)
    idle(qtbot, window)


def open_hit(qtbot, window: MainWindow, query: str, title: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, query)
    qtbot.waitUntil(lambda: window.result_model.query == query, timeout=5000)
    row = next(
        r
        for r in range(window.result_model.rowCount())
        if window.result_model.hit(r).title == title
    )
    window.result_list.setCurrentIndex(window.result_model.index(row, 0))
    assert window.reader.article is not None and window.reader.article.title == title


def entity_named(archive: Archive, name: str):
    try:
        return archive.entities.find(name)
    except ArchiveError:
        return None


def span(window: MainWindow, quote: str) -> tuple[int, int]:
    start = window.reader.article.text.index(quote)
    return start, start + len(quote)


def test_drop_a_folder_search_read_highlight_tag_export_undo(
    qtbot, window, tmp_path, monkeypatch, shown
):
    folder = write_pages(tmp_path / "saved")
    (folder / "broken.html").write_bytes(b"")
    archive = window.archive

    # Import by dropping the folder: a report lists the file that was not imported.
    imported(qtbot, window, folder)
    report = window.import_controller.dialog
    assert [str(r.status) for r in report.results].count("imported") == 3
    assert "broken.html" in report._details.toPlainText()
    assert "empty" in report._details.toPlainText()
    assert window.article_model.total == 3
    assert window.sidebar.overview.articles == 3
    report.accept()

    # Search and open a hit.
    title = "Platform removes accounts tied to state media"
    open_hit(qtbot, window, "Rossiya", title)
    article_id = window.reader.article.id

    # Highlight with a label, then another with a note (the reader's requests).
    start, end = span(window, "linked to Rossiya Segodnya")
    window.reader.highlight_requested.emit(start, end, "claim")
    (first,) = archive.annotations.for_article(article_id)
    assert (first.label, first.start, first.end) == ("claim", start, end)
    monkeypatch.setattr(messages, "ask_note", lambda *a, **k: "first public attribution")
    start, end = span(window, "The platform said")
    window.reader.note_requested.emit(start, end)
    notes = [a.note for a in archive.annotations.for_article(article_id)]
    assert "first public attribution" in notes
    if window.side_panel is not None:
        assert window.side_panel.highlight_list.count() == 2
    # A note asked for inside the first highlight goes to that highlight.
    monkeypatch.setattr(messages, "ask_note", lambda *a, **k: "agency named by the platform")
    inner_start, inner_end = span(window, "Rossiya")
    window.reader.note_requested.emit(inner_start, inner_end)
    by_id = {a.id: a for a in archive.annotations.for_article(article_id)}
    assert len(by_id) == 2
    assert by_id[first.id].note == "agency named by the platform"
    qtbot.waitUntil(lambda: window.sidebar.overview.with_notes == 1, timeout=5000)

    # Tag an entity from a selection (the reader's entity picker answered "organisation").
    start, end = span(window, "Rossiya Segodnya")
    window.reader.entity_chosen.emit(start, end, None, "organisation")
    entity = entity_named(archive, "Rossiya Segodnya")
    assert entity is not None
    assert any(m.entity_id == entity.id for m in archive.entities.mentions(article_id=article_id))

    # Undo the entity tag, redo it.
    window.menu_actions.undo_action.trigger()
    assert entity_named(archive, "Rossiya Segodnya") is None
    window.menu_actions.redo_action.trigger()
    assert entity_named(archive, "Rossiya Segodnya") is not None

    # Export the article's highlights as Markdown.
    dialog = window.export_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ExportDialog)
    dialog._run = lambda worker: worker.run()
    dialog.set_scope("article")
    dialog.set_format("markdown")
    destination = tmp_path / "notes.md"
    dialog.destination_edit.setText(str(destination))
    dialog.accept()
    assert dialog.report is not None and dialog.report.annotations == 2
    text = destination.read_text(encoding="utf-8")
    assert "linked to Rossiya Segodnya" in text and "first public attribution" in text

    # Undo the note highlight, then the first: the library has none left.
    window.menu_actions.undo_action.trigger()  # the entity tag
    window.menu_actions.undo_action.trigger()  # the note on the labelled highlight
    assert {a.note for a in archive.annotations.for_article(article_id)} == {
        "",
        "first public attribution",
    }
    window.menu_actions.undo_action.trigger()  # the highlight with a note
    window.menu_actions.undo_action.trigger()  # the labelled highlight
    assert archive.annotations.for_article(article_id) == []
    assert shown == []


def test_accept_a_suggestion_from_the_side_panel(qtbot, window, tmp_path, shown):
    if window.side_panel is None:
        pytest.skip("no side panel")
    page = tmp_path / "saved" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<html><head><title>Councils</title></head><body><article><h1>Councils</h1>"
        + "<p>The Atlantic Council said so. Analysts at the Atlantic Council agreed. "
        "The Atlantic Council published a report on the network.</p>"
        * 3
        + "</article></body></html>",
        encoding="utf-8",
    )
    imported(qtbot, window, page.parent)
    window.import_controller.dialog.accept()
    window.open_article(window.article_model.summary(0).id)
    panel = window.side_panel
    tree = panel.suggestion_tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=5000)
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == "Atlantic Council"
    )
    tree.setCurrentItem(item)
    item.setSelected(True)
    panel.type_combo.setCurrentText("organisation")
    panel.accept_button.click()

    assert entity_named(window.archive, "Atlantic Council") is not None
    qtbot.waitUntil(
        lambda: any(i.text(0) == "Atlantic Council" for i in window.sidebar._items()),
        timeout=5000,
    )
    window.menu_actions.undo_action.trigger()
    assert entity_named(window.archive, "Atlantic Council") is None
    assert shown == []


def test_quit_and_restart_keeps_everything(qtbot, tmp_path, shown):
    settings = Settings.at(tmp_path / "settings.ini")
    archive = Archive.open(tmp_path / "lib")
    window = MainWindow(archive, settings=settings, owns_archive=True)
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, window)
    imported(qtbot, window, write_pages(tmp_path / "saved"))
    window.import_controller.dialog.accept()
    # Read an article other than the top one: the next start opens it again.
    bottom = window.article_model.summary(window.article_model.rowCount() - 1).id
    assert bottom != window.article_model.summary(0).id
    window.open_article(bottom)
    article = window.reader.article
    start = article.text.index("Researchers")
    window.reader.highlight_requested.emit(start, start + 11, "evidence")
    window.menu_actions.quit_action.trigger()
    assert not window.isVisible()

    again = Archive.open(settings.last_library)
    second = MainWindow(again, settings=settings, owns_archive=True)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.sidebar.overview is not None, timeout=5000)
    assert second.article_model.total == 3
    assert second.sidebar.overview.with_notes == 1
    assert [a.quote for a in again.annotations.for_article(article.id)] == ["Researchers"]
    qtbot.waitUntil(lambda: second.reader.article is not None, timeout=5000)
    assert second.reader.article.id == bottom
    assert second.menu_actions.tag_action.isEnabled()  # its row is selected: it can be tagged
    second.close()
    assert shown == []
