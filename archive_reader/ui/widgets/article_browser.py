"""ArticleBrowser: lays out an article's page safely; maps its positions to the article's text."""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QImage, QResizeEvent, QTextCursor, QTextDocument, QTextFrameFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from archive_reader.core.models import Article
from archive_reader.ui.facade import ArchiveFacade
from archive_reader.ui.widgets.page import (
    RESOURCE_SCHEME,
    article_page,
    find_images,
    fit_images,
    resource_ref,
)
from archive_reader.ui.widgets.text_map import TextMap

log = logging.getLogger(__name__)


class ArticleBrowser(QTextBrowser):
    """Shows an article: title, a meta line, then its clean HTML, in a readable column.

    Images come only from ``Archive.resource``; remote URLs, stylesheets and any
    other resource resolve to nothing, and links never load inside. Positions
    of the document convert to offsets of ``Article.text`` and back (TextMap).
    ReaderView adds the highlights, the find bar and the commands.

    Signals:
        font_size_changed(float): The reading font size in points, after a zoom.
    """

    font_size_changed = Signal(float)

    TEXT_WIDTH = 700
    """The widest text column, in pixels; wider views get side margins."""
    SIDE_MARGIN = 28
    MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 32.0
    DEFAULT_FONT_SIZE = 13.0

    def __init__(self, archive: ArchiveFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._article: Article | None = None
        self._placeholder = ""
        self._font_size = self.DEFAULT_FONT_SIZE
        self._font_family = ""
        self._map = TextMap([], [])
        self._body_start = 0
        self._images: list[tuple[int, int, int]] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setAcceptDrops(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.document().setDocumentMargin(24)
        self.document().setUndoRedoEnabled(False)  # formats change, the text never does
        self._apply_font()

    # Public API: the article

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    @property
    def font_size(self) -> float:
        return self._font_size

    def show_article(self, article: Article) -> None:
        """Shows ``article`` from the top, with its highlights and mentions."""
        self._article = article
        self._render()
        self.verticalScrollBar().setValue(0)

    def show_placeholder(self, text: str) -> None:
        """Shows a short grey message instead of an article."""
        self._article = None
        self._placeholder = text
        self._render()

    def set_font_size(self, points: float) -> None:
        points = max(self.MIN_FONT_SIZE, min(self.MAX_FONT_SIZE, points))
        if points != self._font_size:
            self._font_size = points
            self._apply_font()
            self.font_size_changed.emit(points)

    @property
    def font_family(self) -> str:
        """The reading font's family chosen by the user, or "" for the serif default."""
        return self._font_family

    def set_font_family(self, family: str) -> None:
        """Reads in ``family`` ("" for the default serif fonts)."""
        if family != self._font_family:
            self._font_family = family
            self._apply_font()

    def zoom_in(self) -> None:
        self.set_font_size(self._font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self._font_size - 1)

    def zoom_reset(self) -> None:
        self.set_font_size(self.DEFAULT_FONT_SIZE)

    # Public API: text ranges

    def text_range_of_selection(self) -> tuple[int, int] | None:
        """The selection as a range of ``article.text`` (end exclusive), or None.

        None when nothing of the article's body is selected (no selection, only
        whitespace, or only the title and meta line).
        """
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        return self._map.to_text(cursor.selectionStart(), cursor.selectionEnd())

    def document_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The document positions of text range [start, end), or None if none of it is shown."""
        return self._map.to_document(start, end)

    def text_offset_at(self, position: int) -> int | None:
        """The text offset of the character at a document position, or None (title, image...)."""
        found = self._map.to_text(position, position + 1)
        return found[0] if found else None

    def select_text_range(self, start: int, end: int) -> bool:
        """Selects text range [start, end) in the reader; False when it is not shown."""
        found = self._map.to_document(start, end)
        if found is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(found[0])
        cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        return True

    def scroll_to_text_range(self, start: int, end: int) -> bool:
        """Selects text range [start, end) and scrolls it to a third of the view's height."""
        if not self.select_text_range(start, end):
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.textCursor().selectionStart())
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.viewport().height() // 3)
        return True

    # Qt overrides

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Images from the archive only; nothing is ever fetched or read from disk."""
        if type != QTextDocument.ResourceType.ImageResource or self._article is None:
            return None
        ref = resource_ref(self._article, name if isinstance(name, QUrl) else QUrl(name))
        found = self._archive.resource(self._article.id, ref) if ref is not None else None
        if found is None:
            return None
        image = QImage.fromData(found[0])
        if image.isNull():
            log.debug("Article %s: resource %s is not an image", self._article.id, name)
            return None
        if image.width() > self.TEXT_WIDTH:
            image = image.scaledToWidth(self.TEXT_WIDTH, Qt.TransformationMode.SmoothTransformation)
        return image

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_text_width()

    # Internals

    def _render(self) -> None:
        """Lays out the article (or the placeholder) again and marks it."""
        document = self.document()
        document.clear()
        if self._article is None:
            self.setHtml(f'<p class="placeholder">{html.escape(self._placeholder)}</p>')
            self._map, self._body_start = TextMap([], []), 0
        else:
            page, header_blocks = article_page(self._article, self._keeps_image)
            self.setHtml(page)
            if document.blockCount() > header_blocks:
                self._body_start = document.findBlockByNumber(header_blocks).position()
            else:
                self._body_start = document.characterCount() - 1
            self._map = TextMap.align(document.toPlainText(), self._article.text, self._body_start)
        self._images = find_images(self.document()) if self._article is not None else []
        self._update_text_width()
        self._rendered()

    def _rendered(self) -> None:
        """Called after each render (the article or the placeholder is laid out)."""

    def _keeps_image(self, src: str) -> bool:
        article = self._article
        return src.startswith(RESOURCE_SCHEME) or (article is not None and src in article.resources)

    def _apply_font(self) -> None:
        font = QFont()
        serif = ["Charter", "Georgia", "Noto Serif", "DejaVu Serif", "Liberation Serif"]
        font.setFamilies([self._font_family, *serif] if self._font_family else serif)
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(self._font_size)
        self.document().setDefaultFont(font)

    def _update_text_width(self) -> None:
        """Keeps lines readable: centres a column of at most TEXT_WIDTH pixels."""
        width = self.viewport().width()
        side = max(self.SIDE_MARGIN, (width - self.TEXT_WIDTH) // 2)
        frame = self.document().rootFrame()
        fmt: QTextFrameFormat = frame.frameFormat()
        if fmt.leftMargin() != side or fmt.rightMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(12)
            fmt.setBottomMargin(24)
            frame.setFrameFormat(fmt)
        column = width - 2 * side - 2 * round(self.document().documentMargin())
        fit_images(self.document(), self._images, max(48, column))

    def _text_offset_at_point(self, point: QPoint) -> int | None:
        """The text offset of the character under a viewport point, if any."""
        document_point = QPointF(
            point.x() + self.horizontalScrollBar().value(),
            point.y() + self.verticalScrollBar().value(),
        )
        position = (
            self.document().documentLayout().hitTest(document_point, Qt.HitTestAccuracy.ExactHit)
        )
        return None if position < 0 else self.text_offset_at(position)
