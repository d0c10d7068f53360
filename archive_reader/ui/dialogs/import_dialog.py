"""ImportDialog: progress of a running import, then its report."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.errors import ArchiveError
from archive_reader.core.models import ImportProgress, ImportResult, ImportStatus
from archive_reader.ui.workers import Worker

_RATE_AFTER_S = 1.0
"""The rate is shown once the import has run this long."""


class ImportDialog(QDialog):
    """Follows an import Worker: count, current file, rate, Cancel; then a summary.

    The dialog is not modal: the user can keep reading while it runs. Closing it
    while the import runs asks the import to stop; the report is then shown.
    """

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._results: list[ImportResult] = []
        self._last: ImportProgress | None = None
        self._running = True
        self._build_ui()
        self._connect_signals()

    @property
    def results(self) -> list[ImportResult]:
        """The results received so far."""
        return list(self._results)

    @property
    def running(self) -> bool:
        return self._running

    def _build_ui(self) -> None:
        self.setWindowTitle("Import")
        self.setMinimumWidth(520)
        self._heading = QLabel("Looking for files…")
        self._progress_bar = QProgressBar()
        self._progress_bar.setRange(0, 0)
        self._current_label = QLabel("")
        self._current_label.setWordWrap(True)
        self._rate_label = QLabel("")
        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._details.setVisible(False)
        self._details.setMinimumHeight(160)
        self._buttons = QDialogButtonBox()
        self._cancel_button = QPushButton("Cancel")
        self._close_button = QPushButton("Close")
        self._buttons.addButton(self._cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self._buttons.addButton(self._close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._close_button.setVisible(False)  # (after addButton, which shows it)

        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self._progress_bar)
        layout.addWidget(self._current_label)
        layout.addWidget(self._rate_label)
        layout.addWidget(self._details, 1)
        layout.addWidget(self._buttons)

    def _connect_signals(self) -> None:
        self._worker.signals.progressed.connect(self._on_worker_progressed)
        self._worker.signals.finished.connect(self._on_worker_finished)
        self._worker.signals.failed.connect(self._on_worker_failed)
        self._cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._close_button.clicked.connect(self.accept)

    def reject(self) -> None:
        """Escape or the window's close button: stop a running import, else close."""
        if self._running:
            self._on_cancel_button_clicked()
        else:
            super().reject()

    # Slots

    def _on_cancel_button_clicked(self) -> None:
        self._worker.cancel()
        self._cancel_button.setEnabled(False)
        self._cancel_button.setText("Cancelling…")
        self._heading.setText("Stopping after the current file…")

    def _on_worker_progressed(self, progress: ImportProgress) -> None:
        self._last = progress
        if progress.result is not None:
            self._results.append(progress.result)
        if progress.total:
            self._progress_bar.setRange(0, progress.total)
            self._progress_bar.setValue(progress.done)
        if not self._worker.cancelled:
            self._heading.setText(f"Importing {progress.done} of {progress.total} files")
        self._current_label.setText(Path(progress.current).name if progress.current else "")
        self._current_label.setToolTip(progress.current)
        if progress.elapsed >= _RATE_AFTER_S and progress.done:
            # (Not before: two quick files make a meaningless rate.)
            self._rate_label.setText(f"{progress.done / progress.elapsed:.1f} files per second")

    def _on_worker_finished(self, _result: object) -> None:
        self._finish()

    def _on_worker_failed(self, error: object) -> None:
        message = str(error) if isinstance(error, ArchiveError) else repr(error)
        self._finish(error=message)

    # Internals

    def _finish(self, error: str | None = None) -> None:
        self._running = False
        counts = Counter(result.status for result in self._results)
        done = self._last.done if self._last else 0
        total = self._last.total if self._last else 0
        if error:
            heading = "The import stopped with an error."
        elif self._worker.cancelled and done < total:
            heading = f"Import cancelled after {done} of {total} files."
        else:
            heading = "Import finished."
        summary = ", ".join(
            f"{counts[status]} {label}"
            for status, label in (
                (ImportStatus.IMPORTED, "imported"),
                (ImportStatus.DUPLICATE, "duplicates"),
                (ImportStatus.SKIPPED, "skipped"),
                (ImportStatus.FAILED, "failed"),
            )
        )
        self._heading.setText(f"<b>{html.escape(heading)}</b><br>{summary}")
        self._progress_bar.setRange(0, max(total, 1))
        self._progress_bar.setValue(max(total, 1) if not self._worker.cancelled else done)
        self._current_label.setText(error or "")
        if self._last is not None and self._last.elapsed > 0:
            elapsed = self._last.elapsed
            self._rate_label.setText(
                f"{done:,} {'file' if done == 1 else 'files'} in {elapsed:.1f} s"
                + (f" ({done / elapsed:.0f} per second)" if elapsed >= _RATE_AFTER_S else "")
            )
        problems = [
            (
                f"{result.status}: {result.path}"
                if result.status != ImportStatus.IMPORTED
                else f"imported with a warning: {result.path}"
            )
            + (f" ({result.url})" if result.url else "")
            + (f"\n    {result.reason}" if result.reason else "")
            for result in self._results
            if result.status in (ImportStatus.FAILED, ImportStatus.SKIPPED)
            or (result.status == ImportStatus.IMPORTED and result.reason)
        ]
        if problems:
            self._details.setPlainText("\n".join(problems))
            self._details.setVisible(True)
        self._cancel_button.setVisible(False)
        self._close_button.setVisible(True)
        self._close_button.setDefault(True)
        self._close_button.setFocus()
