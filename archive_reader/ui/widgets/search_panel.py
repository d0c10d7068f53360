"""SearchPanel: a search's totals, order, facets to narrow it, and its hits with snippets."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_reader.core.models import Facet
from archive_reader.ui.models.articles import SearchResultModel
from archive_reader.ui.widgets.results import SearchResultList

ORDERS = (("Relevance", "relevance"), ("Newest first", "newest"), ("Oldest first", "oldest"))
"""The order combo's entries: (label, ``Archive.search`` order)."""

_FACET_NAMES = (("site", "Sites"), ("tag", "Tags"), ("entity", "Entities"), ("year", "Years"))
FACETS_SHOWN = 6
"""Values shown per facet, the most frequent first."""


def facets_html(facets: dict[str, list[Facet]], query: str = "", shown: int = FACETS_SHOWN) -> str:
    """The facets as lines of links; each link's href is the query term that narrows to it."""
    lines = []
    for name, title in _FACET_NAMES:
        values = [f for f in facets.get(name, []) if f.key not in query][:shown]
        if not values:
            continue
        links = " · ".join(
            f'<a href="{html.escape(f.key, quote=True)}">{html.escape(f.value)}</a>'
            f"&nbsp;<span>({f.count:,})</span>"
            for f in values
        )
        lines.append(f"<b>{title}:</b> {links}")
    return "<br>".join(lines)


class SearchPanel(QWidget):
    """The results page of the left pane.

    Signals:
        order_changed(str): The user chose another order ("relevance", "newest", "oldest").
        facet_chosen(str): A facet's query term, to add to the query.
        save_requested(): "Save Search…" was clicked.
    """

    order_changed = Signal(str)
    facet_chosen = Signal(str)
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setObjectName("resultsLabel")
        self.summary_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary_label.setContentsMargins(2, 4, 2, 4)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.order_combo = QComboBox()
        for label, order in ORDERS:
            self.order_combo.addItem(label, order)
        self.order_combo.setToolTip("Rank the results by relevance or by publication date")
        self.save_button = QPushButton("Save Search…")
        self.save_button.setToolTip(
            "Keep this query in the sidebar; running it again tells what is new"
        )
        self.facets_label = QLabel()
        self.facets_label.setObjectName("facetsLabel")
        self.facets_label.setContentsMargins(2, 2, 2, 6)
        self.facets_label.setTextFormat(Qt.TextFormat.RichText)
        self.facets_label.setWordWrap(True)
        self.facets_label.setToolTip("Click a value to narrow the search to it")
        self.facets_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.facets_label.setVisible(False)
        self.result_model = SearchResultModel(self)
        self.result_list = SearchResultList()
        self.result_list.setModel(self.result_model)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.order_combo)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.facets_label)
        layout.addWidget(self.result_list, 1)

    def _connect_signals(self) -> None:
        self.order_combo.currentIndexChanged.connect(self._on_order_combo_current_index_changed)
        self.facets_label.linkActivated.connect(self.facet_chosen)
        self.save_button.clicked.connect(self.save_requested)

    # Public API

    @property
    def order(self) -> str:
        return str(self.order_combo.currentData())

    def set_order(self, order: str) -> None:
        index = self.order_combo.findData(order)
        if index >= 0:
            self.order_combo.setCurrentIndex(index)

    def show_running(self, query: str) -> None:
        """Says a search runs (the last results stay until the new ones come)."""
        self.summary_label.setText(f"Searching for “{html.escape(query)}”…")

    def show_results(
        self,
        query: str,
        hits: list,
        total: int,
        total_exact: bool = True,
        notice: str = "",
        new_since_last_run: int | None = None,
        partial_notice: str = "",
    ) -> None:
        """Shows a search's hits and its summary line.

        Partial hits (some of the words of a sentence typed as a query) follow
        the exact ones, greyed, under the line that says what they are.
        """
        self.result_model.set_hits(query, hits)
        count = max(total, len(hits)) if not partial_notice else total
        about = "" if total_exact else "about "
        if partial_notice:
            text = partial_notice.rstrip(".")
            label = f"{html.escape(text)} (“{html.escape(query)}”)"
        elif count:
            text = f"{about}{count:,} {'result' if count == 1 else 'results'}"
            if count > len(hits):
                text += f", the best {len(hits)} shown,"
        else:
            text = "No articles match"
        if not partial_notice:
            label = f"{text} for “{html.escape(query)}”"
        if new_since_last_run is not None:
            label += f"<br><b>{new_since_last_run:,} new since the last run</b>"
        if notice:
            label += f'<br><span style="color:#8a5a00">{html.escape(notice)}</span>'
        self.summary_label.setText(label)
        self.save_button.setEnabled(bool(query))

    def show_error(self, query: str, message: str) -> None:
        self.result_model.set_hits(query, [])
        self.summary_label.setText(f'<span style="color:#b00020">{html.escape(message)}</span>')
        self.show_facets({}, query)

    def show_facets(self, facets: dict[str, list[Facet]], query: str = "") -> None:
        text = facets_html(facets, query)
        self.facets_label.setText(text)
        self.facets_label.setVisible(bool(text))

    def clear(self) -> None:
        self.result_model.clear()
        self.summary_label.clear()
        self.show_facets({})

    # Slots

    def _on_order_combo_current_index_changed(self, _index: int) -> None:
        self.order_changed.emit(self.order)
