#!/usr/bin/env python3
"""A drag source for trying the window's drag-and-drop by hand (e.g. under Xvfb).

    python tools/drag_source.py PATH [PATH ...] [--geometry X,Y,W,H]

Shows a small window titled "Drag source" that lists the given paths. Press the
mouse in it and move: it starts a drag whose data holds those paths as file URLs
(``QMimeData.setUrls``, ``text/uri-list``), i.e. what a file manager offers when
you drag files or folders out of it. Drop it on Archive Reader's window to
import them. Each finished drag prints one line to stdout (the drop action the
target accepted, ``IgnoreAction`` when nobody took it), so a script can wait
for it.

It is an ordinary X client of its own, so the drag goes through XDND between
two processes, exactly as from a file manager. With Xvfb and xdotool (no window
manager needed)::

    Xvfb :77 -screen 0 1600x1000x24 &
    export DISPLAY=:77
    archive-reader &
    python tools/drag_source.py /path/to/saved-pages --geometry 1200,100,380,200 &
    xdotool mousemove 1300 200 mousedown 1
    for x in 1250 1200 1100 1000 900 800 700; do xdotool mousemove $x 300; sleep 0.2; done
    sleep 0.5; xdotool mouseup 1

Paths that do not exist are offered anyway (with a warning), to try how the
target copes with them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget


class DragSource(QWidget):
    """A window that drags its list of paths as file URLs."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.press_pos: QPoint | None = None
        self.setWindowTitle("Drag source")
        hint = QLabel("Press and move the mouse here to drag these as files:")
        listing = QLabel("\n".join(str(p) for p in paths))
        listing.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        for label in (hint, listing):
            # The labels must not take the mouse: this widget handles it.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)

    def mime_data(self) -> QMimeData:
        """The paths as a file manager offers them: a list of file URLs."""
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in self.paths])
        return mime

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.press_pos is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        moved = event.position().toPoint() - self.press_pos
        if moved.manhattanLength() < QApplication.startDragDistance():
            return
        self.press_pos = None
        drag = QDrag(self)
        drag.setMimeData(self.mime_data())
        action = drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.LinkAction)
        print(f"drag finished: {action.name}", flush=True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.press_pos = None
        super().mouseReleaseEvent(event)


def parse_geometry(text: str) -> tuple[int, int, int, int]:
    """``X,Y,W,H`` -> four integers (argparse type)."""
    parts = text.split(",")
    try:
        x, y, w, h = (int(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected X,Y,W,H, got {text!r}") from None
    if w <= 0 or h <= 0:
        raise argparse.ArgumentTypeError(f"width and height must be positive: {text!r}")
    return x, y, w, h


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Show a window that drags the given paths as file URLs."
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to offer")
    parser.add_argument(
        "--geometry",
        type=parse_geometry,
        metavar="X,Y,W,H",
        help="where to put the window (screen pixels)",
    )
    args = parser.parse_args(argv)
    # Qt gets no command-line options of ours: on X11 it would take --geometry
    # for itself. Its own settings come from the environment (QT_QPA_PLATFORM).
    app = QApplication(sys.argv[:1])
    paths = [Path(p).expanduser().absolute() for p in args.paths]
    for path in paths:
        if not path.exists():
            print(f"drag_source: warning: {path} does not exist", file=sys.stderr)
    window = DragSource(paths)
    if args.geometry:
        x, y, w, h = args.geometry
        window.setGeometry(x, y, w, h)
    else:
        window.resize(380, 160)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
