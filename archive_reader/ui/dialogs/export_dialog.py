"""ExportDialog: what to export (scope), in which format, where; runs it in the background."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.errors import ArchiveError
from archive_reader.core.export.exporter import EXTENSIONS, FORMATS, ExportReport
from archive_reader.core.models import Article, LibraryOverview
from archive_reader.ui import messages
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.widgets.sidebar import SidebarKey
from archive_reader.ui.workers import Worker

FORMAT_NAMES = {
    "markdown": "Markdown notes (.md)",
    "csv": "Highlights as CSV (.csv)",
    "mentions-csv": "Entity mentions as CSV (.csv)",
    "w3c": "W3C Web Annotations (.jsonld)",
    "csl": "CSL-JSON citations, for Zotero (.json)",
    "bibtex": "BibTeX (.bib)",
    "ris": "RIS (.ris)",
    "gexf": "Entity graph, GEXF (.gexf)",
    "graphml": "Entity graph, GraphML (.graphml)",
    "html": "HTML report (.html)",
}
SCOPES = ("article", "selection", "search", "tag", "entity", "library")


@dataclass
class ExportContext:
    """What the window offers to export.

    Attributes:
        article_id: The article in the reader, if any.
        article_title: Its title, for the label.
        selected_ids: Returns the ids of the selected articles (called when chosen).
        query: The search shown, "" when none.
        tags: Tag names for the tag scope.
        entities: Entity names for the entity scope.
        tag: The tag to preselect (the sidebar's), if any.
        entity: The entity to preselect, if any.
    """

    article_id: int | None = None
    article_title: str = ""
    selected_ids: Callable[[], list[int]] = field(default=lambda: [])
    query: str = ""
    tags: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    tag: str | None = None
    entity: str | None = None

    @classmethod
    def of_window(
        cls,
        article: Article | None,
        selected_ids: Callable[[], list[int]],
        query: str,
        overview: LibraryOverview | None,
        key: SidebarKey,
    ) -> ExportContext:
        """The context of what the window shows: its article, search, library and sidebar key."""
        return cls(
            article_id=article.id if article else None,
            article_title=article.title if article else "",
            selected_ids=selected_ids,
            query=query,
            tags=[name for name, _ in overview.tags] if overview else [],
            entities=sorted(
                {name for entries in overview.entities.values() for _, name, _ in entries},
                key=str.casefold,
            )
            if overview
            else [],
            tag=str(key.value) if key.kind == "tag" else None,
            entity=key.label if key.kind == "entity" else None,
        )


def export_job(
    archive: ArchiveFacade,
    format: str,
    destination: Path,
    query: str | None,
    tag: str | None,
    entity: str | None,
    article_ids: list[int],
) -> ExportReport:
    """Selects and writes on a worker thread."""
    exporter = archive.export
    selection = exporter.select(query=query, tag=tag, entity=entity, article_ids=article_ids)
    return exporter.export(format, selection, destination)


class ExportDialog(QDialog):
    """Chooses the scope, format and destination; exports on a Worker; shows the report.

    Signals:
        exported(object): The ExportReport of a finished export.
    """

    exported = Signal(object)

    def __init__(
        self,
        archive: ArchiveFacade,
        context: ExportContext,
        parent: QWidget | None = None,
        run: Callable[[Worker], None] = Worker.start,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._run = run
        self._context = context
        self._worker: Worker | None = None
        self._report: ExportReport | None = None
        self._build_ui()
        self._connect_signals()
        self._choose_default_scope()
        self._update()

    @property
    def report(self) -> ExportReport | None:
        return self._report

    @property
    def running(self) -> bool:
        return self._worker is not None

    def _build_ui(self) -> None:
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        context = self._context
        self.scope_group = QButtonGroup(self)
        self._scope_buttons: dict[str, QRadioButton] = {}
        title = context.article_title or "the article in the reader"
        labels = {
            "article": f"The article “{_short(title)}”",
            "selection": "The articles selected in the list",
            "search": f"The search result “{_short(context.query)}”"
            if context.query
            else "The current search result (no search shown)",
            "tag": "Articles and highlights with the tag",
            "entity": "Articles mentioning the entity",
            "library": "The whole library",
        }
        scope_box = QGroupBox("What")
        grid = QGridLayout(scope_box)
        self.tag_combo = QComboBox()
        self.tag_combo.addItems(context.tags)
        self.tag_combo.setEditable(False)
        self.entity_combo = QComboBox()
        self.entity_combo.addItems(context.entities)
        for row, scope in enumerate(SCOPES):
            button = QRadioButton(labels[scope])
            self._scope_buttons[scope] = button
            self.scope_group.addButton(button, row)
            grid.addWidget(button, row, 0)
        grid.addWidget(self.tag_combo, SCOPES.index("tag"), 1)
        grid.addWidget(self.entity_combo, SCOPES.index("entity"), 1)
        self._scope_buttons["article"].setEnabled(context.article_id is not None)
        self._scope_buttons["search"].setEnabled(bool(context.query))
        self._scope_buttons["tag"].setEnabled(bool(context.tags))
        self._scope_buttons["entity"].setEnabled(bool(context.entities))
        if context.tag and context.tag in context.tags:
            self.tag_combo.setCurrentText(context.tag)
        if context.entity and context.entity in context.entities:
            self.entity_combo.setCurrentText(context.entity)

        self.format_combo = QComboBox()
        for name in FORMATS:
            self.format_combo.addItem(FORMAT_NAMES.get(name, name), name)
        self.destination_edit = QLineEdit()
        self.destination_edit.setPlaceholderText("Where to write the export")
        self._browse_button = QPushButton("Choose…")
        destination = QHBoxLayout()
        destination.addWidget(self.destination_edit, 1)
        destination.addWidget(self._browse_button)
        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Save to:", destination)
        self._hint = QLabel(
            "Markdown to a name ending in .md writes one file; to a folder, one file per article."
        )
        self._hint.setObjectName("hintLabel")
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._hint.setWordWrap(True)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addLayout(form)
        layout.addWidget(self._hint)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.scope_group.idToggled.connect(self._on_scope_group_id_toggled)
        self.format_combo.currentIndexChanged.connect(self._on_format_combo_current_index_changed)
        self._browse_button.clicked.connect(self._on_browse_button_clicked)
        self.destination_edit.textChanged.connect(self._update)
        self.export_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.reject)

    # Public API

    @property
    def scope(self) -> str:
        checked = self.scope_group.checkedId()
        return SCOPES[checked] if checked >= 0 else "library"

    def set_scope(self, scope: str) -> None:
        self._scope_buttons[scope].setChecked(True)

    def set_format(self, format: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(format))

    @property
    def format(self) -> str:
        return str(self.format_combo.currentData())

    def accept(self) -> None:
        """Starts the export (the dialog stays open to show progress and the report)."""
        if self._worker is not None:
            return
        text = self.destination_edit.text().strip()
        if not text:
            self._on_browse_button_clicked()
            text = self.destination_edit.text().strip()
            if not text:
                return
        destination = Path(text).expanduser()
        criteria = self._criteria()
        if criteria is None:
            return
        query, tag, entity, ids = criteria
        self._report = None
        self.progress_bar.setVisible(True)
        self.status_label.setText("Exporting…")
        self.export_button.setEnabled(False)
        worker = Worker(
            export_job, self._archive, self.format, destination, query, tag, entity, ids
        )
        worker.signals.finished.connect(self._on_worker_finished)
        worker.signals.failed.connect(self._on_worker_failed)
        self._worker = worker
        self._run(worker)

    # Slots

    def _on_scope_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._update()

    def _on_format_combo_current_index_changed(self, _index: int) -> None:
        text = self.destination_edit.text().strip()
        if text:
            path = Path(text)
            if path.suffix:
                self.destination_edit.setText(str(path.with_suffix(EXTENSIONS[self.format])))
        self._update()

    def _on_browse_button_clicked(self) -> None:
        start = self.destination_edit.text().strip() or str(Path.home() / self._default_name())
        extension = EXTENSIONS[self.format]
        name = messages.save_file(
            self, "Export To", start, f"{FORMAT_NAMES[self.format]} (*{extension});;All files (*)"
        )
        if name:
            self.destination_edit.setText(name)

    def _on_worker_finished(self, report: ExportReport) -> None:
        self._worker = None
        self._report = report
        self.progress_bar.setVisible(False)
        self.export_button.setEnabled(True)
        where = report.paths[0] if len(report.paths) == 1 else report.paths[0].parent
        files = f"{len(report.paths)} files in " if len(report.paths) > 1 else ""
        self.status_label.setText(
            f"<b>Exported</b> {_count(report.articles, 'article')},"
            f" {_count(report.annotations, 'highlight')}"
            f" and {_count(report.mentions, 'entity mention')} to {files}"
            f"<code>{html.escape(str(where))}</code>"
        )
        self.exported.emit(report)

    def _on_worker_failed(self, error: BaseException) -> None:
        self._worker = None
        self.progress_bar.setVisible(False)
        self.export_button.setEnabled(True)
        if not isinstance(error, ArchiveError):
            self.status_label.clear()
            raise error  # a bug: to the crash handler
        self.status_label.setText(
            f'<span style="color:#b00020">{html.escape(str(error))}</span><br>'
            "Choose another scope or format, or another place to save to."
        )

    # Internals

    def _criteria(self) -> tuple[str | None, str | None, str | None, list[int]] | None:
        scope = self.scope
        if scope == "article":
            assert self._context.article_id is not None
            return None, None, None, [self._context.article_id]
        if scope == "selection":
            ids = self._context.selected_ids()
            if not ids:
                self.status_label.setText("Select articles in the list first.")
                return None
            return None, None, None, ids
        if scope == "search":
            return self._context.query, None, None, []
        if scope == "tag":
            return None, self.tag_combo.currentText(), None, []
        if scope == "entity":
            return None, None, self.entity_combo.currentText(), []
        return None, None, None, []

    def _choose_default_scope(self) -> None:
        context = self._context
        if context.query:
            self.set_scope("search")
        elif context.tag:
            self.set_scope("tag")
        elif context.entity:
            self.set_scope("entity")
        elif context.article_id is not None:
            self.set_scope("article")
        else:
            self.set_scope("library")

    def _default_name(self) -> str:
        scope = self.scope
        base = {
            "article": self._context.article_title,
            "search": self._context.query,
            "tag": self.tag_combo.currentText(),
            "entity": self.entity_combo.currentText(),
        }.get(scope) or ("selection" if scope == "selection" else "library")
        safe = "".join(c if c.isalnum() or c in " -_" else " " for c in base).strip()
        return "-".join(safe.split())[:60] + EXTENSIONS[self.format]

    def _update(self, *_args: object) -> None:
        self.tag_combo.setEnabled(self.scope == "tag")
        self.entity_combo.setEnabled(self.scope == "entity")
        self._hint.setVisible(self.format == "markdown")


def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _count(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
