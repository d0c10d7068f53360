"""SearchResultList: search hits as title, meta line and highlighted snippet."""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from archive_reader.core.models import SearchHit
from archive_reader.ui.models.articles import ArticleRole

_Index = QModelIndex | QPersistentModelIndex
_PADDING = 8
_TAGS = re.compile(r"<[^>]+>")


def hit_html(hit: SearchHit, meta_color: str = "#777777") -> str:
    """The rich text of one result. The snippet is already HTML with matches in <b>."""
    title = html.escape(hit.title or "(untitled)")
    meta = " · ".join(html.escape(p) for p in (hit.site_name, (hit.published or "")[:10]) if p)
    meta_html = f'<br><span style="color:{meta_color}">{meta}</span>' if meta else ""
    return f"<b>{title}</b>{meta_html}<br>{hit.snippet}"


class _HitDelegate(QStyledItemDelegate):
    """Paints a SearchHit as rich text, wrapped to the view's width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        # Laying out rich text costs a few milliseconds a row: each row's height is
        # measured once per width (the view asks for every row's size on a reset).
        self._sizes: dict[tuple[int, int], QSize] = {}

    def forget_sizes(self) -> None:
        self._sizes.clear()

    def _document(self, index: _Index, width: int, meta_color: str = "#777777") -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(self._view.font())
        hit = index.data(ArticleRole)
        document.setHtml(hit_html(hit, meta_color) if isinstance(hit, SearchHit) else "")
        document.setTextWidth(max(width - 2 * _PADDING, 50))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(role)
        # The meta line is the text colour, faded: readable on the selection colour too.
        meta = QColor(text_color)
        meta.setAlphaF(0.7)
        document = self._document(index, option.rect.width(), meta.name(QColor.NameFormat.HexArgb))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, text_color)
        painter.save()
        painter.translate(option.rect.left() + _PADDING, option.rect.top() + _PADDING)
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._view.viewport().width()
        hit = index.data(ArticleRole)
        key = (hit.article_id if isinstance(hit, SearchHit) else -1 - index.row(), width)
        size = self._sizes.get(key)
        if size is None:
            size = QSize(width, self._estimated_height(hit, width))
            if len(self._sizes) > 5000:
                self._sizes.clear()
            self._sizes[key] = size
        return size

    def _estimated_height(self, hit: object, width: int) -> int:
        """The row's height from font metrics: laying out the rich text of a hundred
        rows took a third of a second, and the view asks for every row's size."""
        if not isinstance(hit, SearchHit):
            return 2 * _PADDING
        font = self._view.font()
        bold = QFont(font)
        bold.setBold(True)
        plain, strong = QFontMetricsF(font), QFontMetricsF(bold)
        available = max(width - 2 * _PADDING, 50)

        def lines(text: str, metrics: QFontMetricsF) -> int:
            # Words wrap, so a line holds a little less than its width: 8% slack.
            return max(1, math.ceil(metrics.horizontalAdvance(text) * 1.08 / available))

        snippet = html.unescape(_TAGS.sub("", hit.snippet))
        count = lines(hit.title or "(untitled)", strong) + lines(snippet, plain)
        if hit.site_name or hit.published:
            count += 1
        return math.ceil(count * strong.lineSpacing()) + 2 * _PADDING


class SearchResultList(QListView):
    """A list of search hits over a SearchResultModel (column 0)."""

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        if model is not None:
            # A hit's snippet differs from one query to the next: measure rows again.
            model.modelAboutToBeReset.connect(self._delegate.forget_sizes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self._delegate = _HitDelegate(self)
        self.setItemDelegate(self._delegate)
        # Rows are laid out a few at a time between events, so a new result never
        # holds the window up while a hundred snippets are measured.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(6)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
