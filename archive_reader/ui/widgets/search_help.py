"""SearchHelpPopup: the query syntax, shown beside the search box."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

SEARCH_HELP = """<p>All words must match: <code>tiktok moderation</code>. Words match their
other forms (<i>remove</i> finds <i>removed</i>), in any letter case, with or without accents.</p>
<table cellspacing="4">
<tr><td><code>"state media"</code></td><td>an exact phrase</td></tr>
<tr><td><code>a OR b</code>, <code>a AND b</code>, <code>NOT a</code>, <code>-a</code></td>
<td>either, both, without</td></tr>
<tr><td><code>(tiktok OR meta) -sport</code></td><td>parentheses group</td></tr>
<tr><td><code>title:</code> <code>site:</code> <code>author:</code></td>
<td>in the headline, the site's name, the author</td></tr>
<tr><td><code>tag:</code> <code>entity:"Rossiya Segodnya"</code></td>
<td>tagged articles; articles mentioning an entity (any of its names)</td></tr>
<tr><td><code>note:</code> <code>label:</code></td>
<td>in your highlights' notes and labels</td></tr>
<tr><td><code>lang:ru</code></td><td>articles in a language</td></tr>
<tr><td><code>date:2024</code>, <code>date:2023-01..2024-06</code>,
<code>date:&gt;2023-05-01</code></td>
<td>by publication date (<code>saved:</code> for the day you imported)</td></tr>
<tr><td><code>tikt*</code></td><td>words starting with…</td></tr>
<tr><td><code>propoganda~</code></td>
<td>close spellings (<code>~2</code>: two letters off)</td></tr>
</table>"""


class SearchHelpPopup(QFrame):
    """The query syntax, as a popup beside the search box (F1 or the ? button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        label = QLabel(SEARCH_HELP)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def show_below(self, widget: QWidget) -> None:
        self.adjustSize()
        self.move(widget.mapToGlobal(QPoint(0, widget.height() + 2)))
        self.show()
