"""MainWindow smoke tests on a real library in tmp_path, and window behaviours on a fake."""

from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QTextDocument

from archive_reader.core.archive import Archive
from archive_reader.ui import main_window as main_window_module
from archive_reader.ui.main_window import EMPTY_HINT, MainWindow, SearchOutcome

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="{author}">
<link rel="canonical" href="https://news.example.org/{slug}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>{title}</h1>
<p>{body}</p>
<p>Researchers who studied the case said the findings were consistent with earlier
reports, and that further work would be needed to understand the full picture.</p>
<p>The report was published after months of review by independent analysts.</p>
<img src="https://tracker.example.com/pixel.gif" alt="">
</article>
<footer>Copyright Example News</footer>
</body></html>
"""

ARTICLES = [
    (
        "Platform removes accounts tied to state media",
        "Ann Author",
        "accounts",
        "The platform said the network of accounts was linked to Rossiya Segodnya.",
    ),
    (
        "Lighthouse keepers of the northern coast",
        "Ben Writer",
        "lighthouse",
        "Keepers tended the lamps through storms, logging every passing ship in a ledger.",
    ),
    (
        "A short history of the bicycle",
        "Cy Historian",
        "bicycle",
        "The velocipede of the 1860s evolved into the safety bicycle within two decades.",
    ),
]


@pytest.fixture
def library(tmp_path: Path):
    pages = tmp_path / "saved"
    pages.mkdir()
    for title, author, slug, body in ARTICLES:
        page = PAGE.format(title=title, author=author, slug=slug, body=body)
        (pages / f"{slug}.html").write_text(page, encoding="utf-8")
    archive = Archive.open(tmp_path / "lib")
    results = archive.import_paths([pages])
    assert [str(r.status) for r in results] == ["imported"] * 3, results
    yield archive
    archive.close()


@pytest.fixture
def no_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(main_window_module.messages, "show_error", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(main_window_module.messages, "show_info", lambda *a, **k: shown.append(a))
    return shown


def test_window_lists_reads_and_searches_a_real_library(qtbot, library, no_dialogs):
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()

    assert str(library.path) in window.windowTitle()
    assert window.article_table.model().rowCount() == 3
    titles = {window.article_table.model().index(r, 0).data() for r in range(3)}
    assert titles == {title for title, *_ in ARTICLES}

    row = next(r for r in range(3) if "bicycle" in window.article_table.model().index(r, 0).data())
    window.article_table.selectRow(row)
    text = window.reader.toPlainText()
    assert "A short history of the bicycle" in text
    assert "velocipede" in text
    assert "Copyright" not in text

    qtbot.keyClicks(window.search_box, "ledger")
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 1, timeout=5000)
    hit = window.result_model.hit(0)
    assert hit.title == "Lighthouse keepers of the northern coast"
    assert "<b>ledger</b>" in hit.snippet.lower()
    assert window.count_label.text() == "1 hit"

    window.result_list.setCurrentIndex(window.result_model.index(0, 0))
    assert "Keepers tended the lamps" in window.reader.toPlainText()

    # Offline: a remote image or stylesheet resolves to nothing.
    image = QTextDocument.ResourceType.ImageResource
    stylesheet = QTextDocument.ResourceType.StyleSheetResource
    assert window.reader.loadResource(image, QUrl("http://tracker.example.com/p.gif")) is None
    assert window.reader.loadResource(stylesheet, QUrl("https://example.org/a.css")) is None

    window.search_box.clear()
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 0, timeout=5000)
    assert window.count_label.text() == "3 articles"
    assert no_dialogs == []


def test_import_through_the_window_reloads_the_list(qtbot, tmp_path, no_dialogs):
    archive = Archive.open(tmp_path / "lib")
    try:
        window = MainWindow(archive)
        qtbot.addWidget(window)
        assert window.empty_label.text() == EMPTY_HINT
        assert window.article_model.total == 0
        page = tmp_path / "page.html"
        title, author, slug, body = ARTICLES[0]
        page.write_text(PAGE.format(title=title, author=author, slug=slug, body=body), "utf-8")

        window.import_paths([page])
        qtbot.waitUntil(lambda: window.article_model.total == 1, timeout=10_000)
        qtbot.waitUntil(lambda: not window._workers, timeout=10_000)

        dialog = window._import_dialog
        assert dialog is not None and not dialog.running
        assert [str(r.status) for r in dialog.results] == ["imported"]
        dialog.accept()
    finally:
        archive.close()
    assert no_dialogs == []


def test_empty_library_shows_the_hint(qtbot, make_fake_archive):
    window = MainWindow(make_fake_archive(count=0))
    qtbot.addWidget(window)
    window.show()

    assert window.empty_label.isVisible()
    assert "No articles yet" in window.empty_label.text()


def test_stale_search_results_are_ignored(qtbot, make_fake_archive):
    archive = make_fake_archive(count=3)
    window = MainWindow(archive)
    qtbot.addWidget(window)
    window.search_box.setText("first")
    window._on_search_timer_timeout()
    stale_generation = window._search_generation
    window.search_box.setText("second")
    window._on_search_timer_timeout()
    qtbot.waitUntil(lambda: not window._workers, timeout=5000)

    hit = archive.search("article 1")[0]
    window._on_search_worker_finished(SearchOutcome(stale_generation, "first", [hit]))

    assert window.result_model.query == "second"
    assert window.result_model.rowCount() == 0


def test_reader_takes_images_only_from_the_archive(qtbot, make_fake_archive):
    archive = make_fake_archive(count=1)
    png = _tiny_png()
    archive.resources[(1, "resource:abc")] = (png, "image/png")
    window = MainWindow(archive)
    qtbot.addWidget(window)
    window.article_table.selectRow(0)

    image = window.reader.loadResource(
        QTextDocument.ResourceType.ImageResource, QUrl("resource:abc")
    )
    remote = window.reader.loadResource(
        QTextDocument.ResourceType.ImageResource, QUrl("https://example.org/x.png")
    )

    assert image is not None and not image.isNull()
    assert remote is None


def test_reader_font_size_shortcuts(qtbot, make_fake_archive):
    window = MainWindow(make_fake_archive(count=1))
    qtbot.addWidget(window)
    before = window.reader.font_size

    window.reader.zoom_in_action.trigger()
    window.reader.zoom_in_action.trigger()
    window.reader.zoom_out_action.trigger()

    assert window.reader.font_size == before + 1


def _tiny_png() -> bytes:
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_dropping_files_imports_them(qtbot, make_fake_archive, monkeypatch, tmp_path):
    window = MainWindow(make_fake_archive(count=1))
    qtbot.addWidget(window)
    imported = []
    monkeypatch.setattr(window, "import_paths", imported.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.html")), QUrl("https://example.org/")])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    window.dropEvent(event)

    qtbot.waitUntil(lambda: imported == [[tmp_path / "a.html"]], timeout=2000)


def test_window_opens_on_the_first_article(qtbot, tmp_path) -> None:
    from archive_reader import Archive
    from archive_reader.ui.main_window import MainWindow

    page = tmp_path / "first.html"
    page.write_text(
        "<html><head><title>Opening article</title></head><body><article><h1>Opening article"
        "</h1><p>"
        + "A paragraph long enough to count as the body of an article. " * 8
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([page])
        window = MainWindow(archive)
        qtbot.addWidget(window)
        assert window.reader.article is not None
        assert window.reader.article.title == "Opening article"
        assert "A paragraph long enough" in window.reader.toPlainText()


def test_search_help_and_notice(qtbot, tmp_path, monkeypatch) -> None:
    from archive_reader import Archive
    from archive_reader.ui import main_window as window_module
    from archive_reader.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(
        window_module.messages, "show_info", lambda parent, title, text: shown.append(title)
    )
    with Archive.open(tmp_path / "lib") as archive:
        window = MainWindow(archive)
        qtbot.addWidget(window)
        window.search_help_action.trigger()
        assert shown == ["Search syntax"]
        outcome = window_module.search_job(archive, 'x AND ("', 0)
        assert outcome.notice.startswith("Searched as plain words")
