"""ExportDialog and PreferencesDialog, filled in and accepted without exec()."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from archive_reader.core.archive import Archive
from archive_reader.ui import messages
from archive_reader.ui.dialogs import preferences as preferences_module
from archive_reader.ui.dialogs.export_dialog import ExportContext, ExportDialog
from archive_reader.ui.dialogs.preferences import PreferencesDialog
from archive_reader.ui.settings import Settings
from tests.ui.test_main_window import write_pages


@pytest.fixture
def library(tmp_path: Path):
    archive = Archive.open(tmp_path / "lib")
    archive.import_paths([write_pages(tmp_path / "saved")])
    first = archive.list_articles()[0]
    text = archive.get(first.id).text
    start = text.index("Researchers")
    archive.annotations.add(first.id, start, start + 11, label="claim", tags=["attribution"])
    yield archive
    for widget in QApplication.topLevelWidgets():
        widget.close()
    archive.close()


def run_now(worker) -> None:
    worker.run()


def context(archive: Archive, **changes) -> ExportContext:
    ids = [s.id for s in archive.list_articles()]
    values = {
        "article_id": ids[0],
        "article_title": "First",
        "selected_ids": lambda: ids[:2],
        "query": "",
        "tags": ["attribution"],
        "entities": [],
    }
    values.update(changes)
    return ExportContext(**values)


def test_export_scopes_and_formats(qtbot, library, tmp_path, monkeypatch):
    dialog = ExportDialog(library, context(library, query="ledger"), run=run_now)
    qtbot.addWidget(dialog)
    assert dialog.scope == "search"  # the search shown is what one exports first
    assert not dialog._scope_buttons["entity"].isEnabled()

    dialog.set_scope("library")
    dialog.set_format("csl")
    dialog.destination_edit.setText(str(tmp_path / "library.json"))
    dialog.accept()
    assert dialog.report.articles == 3
    assert (tmp_path / "library.json").is_file()

    dialog.set_scope("selection")
    dialog.set_format("bibtex")
    assert dialog.destination_edit.text().endswith(".bib")
    dialog.accept()
    assert dialog.report.articles == 2

    dialog.set_scope("tag")
    dialog.set_format("csv")
    dialog.accept()
    assert dialog.report.annotations == 1


def test_export_error_is_shown_in_the_dialog(qtbot, library, tmp_path):
    dialog = ExportDialog(library, context(library), run=run_now)
    qtbot.addWidget(dialog)
    dialog.set_scope("library")
    dialog.set_format("mentions-csv")  # no entity in the library
    dialog.destination_edit.setText(str(tmp_path / "mentions.csv"))

    dialog.accept()

    assert dialog.report is None
    assert "nothing to export" in dialog.status_label.text()
    assert dialog.export_button.isEnabled()


def test_export_asks_where_when_no_destination(qtbot, library, tmp_path, monkeypatch):
    asked = []

    def choose(*args, **kwargs):
        asked.append(args)
        return str(tmp_path / "chosen.md")

    monkeypatch.setattr(messages, "save_file", choose)
    dialog = ExportDialog(library, context(library), run=run_now)
    qtbot.addWidget(dialog)
    dialog.set_scope("article")
    dialog.accept()

    assert asked and (tmp_path / "chosen.md").is_file()


def test_preferences_store_settings_and_labels(qtbot, library, tmp_path, monkeypatch):
    settings = Settings.at(tmp_path / "settings.ini")
    settings.add_recent_library(tmp_path / "elsewhere")
    dialog = PreferencesDialog(library, settings)
    qtbot.addWidget(dialog)
    applied = []
    dialog.applied.connect(lambda: applied.append(True))
    assert dialog.recent_list.count() == 1

    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.default_font_check.setChecked(False)
    dialog.font_size_spin.setValue(16)
    dialog.labels_table.item(0, 0).setText("assertion")
    monkeypatch.setattr(preferences_module, "pick_color", lambda *a: "#123456")
    dialog._on_labels_table_cell_clicked(0, 1)
    dialog._on_add_label_button_clicked()
    last = dialog.labels_table.rowCount() - 1
    dialog.labels_table.item(last, 0).setText("source")
    dialog.accept()

    assert applied == [True]
    assert settings.theme == "dark"
    assert settings.reader_font_size == 16
    assert settings.reader_font_family
    labels = {label.name: label.color for label in library.annotations.labels()}
    assert labels["assertion"] == "#123456"
    assert "claim" not in labels and "source" in labels


def test_preferences_label_error_is_shown_once(qtbot, library, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: shown.append(a))
    library.annotations.add_label("evidence")
    dialog = PreferencesDialog(library, Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(dialog)
    dialog.labels_table.item(1, 0).setText(dialog.labels_table.item(0, 0).text())

    assert not dialog.apply()
    assert len(shown) == 1 and "already a label" in shown[0][2]


def test_preferences_open_a_recent_library(qtbot, library, tmp_path):
    settings = Settings.at(tmp_path / "settings.ini")
    settings.add_recent_library(tmp_path / "elsewhere")
    dialog = PreferencesDialog(library, settings)
    qtbot.addWidget(dialog)
    requested = []
    dialog.library_requested.connect(requested.append)

    dialog.recent_list.setCurrentRow(0)
    dialog.open_recent_button.click()

    assert requested == [tmp_path / "elsewhere"]
