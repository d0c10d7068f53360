"""SearchResultList: search hits as title, meta line and highlighted snippet."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
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
        document = self._document(index, width)
        return QSize(width, int(document.size().height()) + 2 * _PADDING)


class SearchResultList(QListView):
    """A list of search hits over a SearchResultModel (column 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self.setItemDelegate(_HitDelegate(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
