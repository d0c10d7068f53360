"""ImportDialog, fed progress by hand (the worker itself is tested in test_workers)."""

from archive_reader.core.errors import LibraryError
from archive_reader.core.models import ImportProgress, ImportResult, ImportStatus
from archive_reader.ui.dialogs.import_dialog import ImportDialog
from archive_reader.ui.workers import Worker


def _progress(done, total, path, status, reason=""):
    return ImportProgress(done, total, path, ImportResult(path, status, reason), elapsed=done / 2)


def test_progress_then_summary_with_failures(qtbot):
    worker = Worker(lambda: None)
    dialog = ImportDialog(worker)
    qtbot.addWidget(dialog)

    dialog.show()
    assert dialog._cancel_button.isVisible() and not dialog._close_button.isVisible()
    worker.signals.progressed.emit(_progress(1, 3, "/saved/a.html", ImportStatus.IMPORTED))
    assert "1 of 3" in dialog._heading.text()
    assert dialog._current_label.text() == "a.html"
    assert dialog._rate_label.text() == ""  # half a second in: too early for a rate

    worker.signals.progressed.emit(_progress(2, 4, "/saved/b.html", ImportStatus.DUPLICATE))
    assert dialog._rate_label.text() == "2.0 files per second"
    worker.signals.progressed.emit(
        _progress(3, 4, "/saved/c.pdf", ImportStatus.FAILED, "not a web page")
    )
    worker.signals.progressed.emit(
        _progress(4, 4, "/saved/cut.html", ImportStatus.IMPORTED, "the file ends early")
    )
    worker.signals.finished.emit(None)

    assert not dialog.running
    assert "2 imported, 1 duplicates, 0 skipped, 1 failed" in dialog._heading.text()
    details = dialog._details.toPlainText()
    assert "/saved/c.pdf" in details and "not a web page" in details
    assert "imported with a warning: /saved/cut.html" in details
    assert "the file ends early" in details
    assert "a.html" not in details and "b.html" not in details
    assert dialog._close_button.isVisible() and not dialog._cancel_button.isVisible()
    assert dialog._rate_label.text() == "4 files in 2.0 s (2 per second)"
    dialog.accept()


def test_cancel_asks_the_worker_to_stop_and_reports_it(qtbot):
    worker = Worker(lambda: None)
    dialog = ImportDialog(worker)
    qtbot.addWidget(dialog)
    worker.signals.progressed.emit(_progress(1, 4, "/saved/a.html", ImportStatus.IMPORTED))

    dialog.reject()  # Escape while running: cancel, stay open

    assert worker.cancelled
    assert dialog.running
    worker.signals.finished.emit(None)
    assert "cancelled after 1 of 4" in dialog._heading.text()


def test_failure_of_the_whole_import_is_shown(qtbot):
    worker = Worker(lambda: None)
    dialog = ImportDialog(worker)
    qtbot.addWidget(dialog)

    worker.signals.failed.emit(LibraryError("the library is locked"))

    assert not dialog.running
    assert "stopped with an error" in dialog._heading.text()
    assert dialog._current_label.text() == "the library is locked"
