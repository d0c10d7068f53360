"""MainWindow on real libraries in tmp_path: list, sidebar, search, import, actions."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtWidgets import QApplication

from archive_reader.core.archive import Archive
from archive_reader.core.models import ArticleFilter
from archive_reader.ui import messages
from archive_reader.ui.controllers.search import search_job
from archive_reader.ui.main_window import MainWindow
from archive_reader.ui.models.articles import ArticleTableModel
from archive_reader.ui.settings import Settings
from archive_reader.ui.widgets.article_lists import EMPTY_HINT
from archive_reader.ui.widgets.sidebar import SidebarKey

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}">
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
<footer>Copyright {site}</footer>
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
SITES = ["Example News", "Coast Weekly", "Example News"]


def write_pages(folder: Path) -> Path:
    """Writes the three test pages into ``folder`` (created) and returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, (title, author, slug, body) in enumerate(ARTICLES):
        page = PAGE.format(
            title=title,
            author=author,
            slug=slug,
            body=body,
            site=SITES[i],
            published=f"202{i + 1}-0{i + 1}-15",
        )
        (folder / f"{slug}.html").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture
def library(tmp_path: Path):
    archive = Archive.open(tmp_path / "lib")
    results = archive.import_paths([write_pages(tmp_path / "saved")])
    assert [str(r.status) for r in results] == ["imported"] * 3, results
    yield archive
    close_windows()
    archive.close()


def close_windows() -> None:
    """Closes the windows before their library, so that nothing paints from a closed one."""
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture
def no_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: shown.append(a))
    return shown


def open_window(qtbot, archive, settings, show: bool = True) -> MainWindow:
    """A window whose list and sidebar have been read (on the workers)."""
    window = MainWindow(archive, settings=settings)
    qtbot.addWidget(window)
    if show:
        window.show()
    qtbot.waitUntil(lambda: not window._workers and not window.article_model.busy, timeout=10_000)
    return window


def idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window._workers and not window.article_model.busy, timeout=10_000)


def test_window_lists_reads_and_searches_a_real_library(qtbot, library, settings, no_dialogs):
    window = open_window(qtbot, library, settings)

    assert str(library.path) in window.windowTitle()
    model = window.article_table.model()
    assert model.rowCount() == 3
    titles = {model.index(r, 0).data() for r in range(3)}
    assert titles == {title for title, *_ in ARTICLES}
    assert window.reader.article is not None  # opens on the first article

    row = next(r for r in range(3) if "bicycle" in model.index(r, 0).data())
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


def test_sidebar_counts_and_filters_the_list(qtbot, library, settings, no_dialogs):
    article_id = library.list_articles()[0].id
    library.annotations.tag(article_id, "attribution")
    window = open_window(qtbot, library, settings)
    overview = window.sidebar.overview
    assert overview is not None and overview.articles == 3
    assert ("attribution", 1) in overview.tags
    texts = {item.text(0): item.text(1) for item in window.sidebar._items()}
    assert texts["All articles"] == "3"
    assert texts["attribution"] == "1"
    assert texts["Example News"] == "2"

    assert window.sidebar.select_key(SidebarKey("site", "Example News"))
    window.sidebar.chosen.emit(SidebarKey("site", "Example News", "Example News"))
    idle(qtbot, window)
    assert window.article_model.total == 2
    assert window.article_model.filter == ArticleFilter(site="Example News")
    assert window.count_label.text() == "2 articles of 3"

    window.sidebar.chosen.emit(SidebarKey("tag", "attribution", "attribution"))
    idle(qtbot, window)
    assert window.article_model.total == 1
    assert window.article_model.index(0, ArticleTableModel.TAGS).data() == "attribution"

    window.menu_actions.all_articles_action.trigger()
    idle(qtbot, window)
    assert window.article_model.total == 3
    assert no_dialogs == []


def test_header_click_sorts_in_the_database(qtbot, library, settings):
    window = open_window(qtbot, library, settings)

    window.article_table.sortByColumn(ArticleTableModel.TITLE, Qt.SortOrder.AscendingOrder)
    idle(qtbot, window)
    titles = [window.article_model.index(r, 0).data() for r in range(3)]
    assert titles == sorted(titles, key=str.casefold)
    assert window.article_model.order == ("title", False)

    window.article_table.sortByColumn(ArticleTableModel.TAGS, Qt.SortOrder.AscendingOrder)
    idle(qtbot, window)
    assert window.article_model.order == ("title", False)
    assert window.article_table.horizontalHeader().sortIndicatorSection() == 0


def test_keyboard_path_from_the_search_box_to_the_reader(qtbot, library, settings):
    from PySide6.QtTest import QTest

    window = open_window(qtbot, library, settings)
    window.search_box.setFocus()
    window.search("report")
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 3, timeout=5000)

    window.result_list.selectionModel().clearCurrentIndex()
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.focusWidget() is window.result_list
    assert window.result_list.currentIndex().row() == 0  # the first hit, opened
    first = window.result_model.hit(0).article_id
    qtbot.waitUntil(lambda: window.reader.article.id == first, timeout=5000)

    QTest.keyClick(window.result_list, Qt.Key.Key_Down)
    second = window.result_model.hit(1).article_id
    qtbot.waitUntil(lambda: window.reader.article.id == second, timeout=5000)
    QTest.keyClick(window.result_list, Qt.Key.Key_Return)
    assert window.focusWidget() is window.reader

    window.result_list.setFocus()
    QTest.keyClick(window.result_list, Qt.Key.Key_Up)
    assert window.focusWidget() is window.result_list  # to the first hit
    QTest.keyClick(window.result_list, Qt.Key.Key_Up)
    assert window.focusWidget() is window.search_box


def test_search_order_facets_and_saved_search(qtbot, library, settings, monkeypatch):
    window = open_window(qtbot, library, settings)
    window.search("report")
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 3, timeout=5000)
    qtbot.waitUntil(lambda: window.search_panel.facets_label.text() != "", timeout=5000)
    facets = window.search_panel.facets_label.text()
    assert "Example News" in facets and "site:&quot;Example News&quot;" in facets

    window.search_panel.set_order("oldest")
    qtbot.waitUntil(
        lambda: (
            window.result_model.rowCount() == 3
            and window.result_model.hit(0).title.startswith("Platform")
        ),
        timeout=5000,
    )
    window.search_panel.set_order("newest")
    qtbot.waitUntil(
        lambda: window.result_model.hit(0).title.startswith("A short history"), timeout=5000
    )

    window.search_panel.facet_chosen.emit('site:"Coast Weekly"')
    assert window.search_box.text() == 'report site:"Coast Weekly"'
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 1, timeout=5000)

    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Coast reports")
    window.menu_actions.save_search_action.trigger()
    assert library.saved_searches()[0]["name"] == "Coast reports"
    qtbot.waitUntil(
        lambda: any(i.text(0) == "Coast reports" for i in window.sidebar._items()), timeout=5000
    )
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 0, timeout=5000)
    window.sidebar.chosen.emit(SidebarKey("saved", "Coast reports", "Coast reports"))
    qtbot.waitUntil(lambda: window.result_model.rowCount() == 1, timeout=5000)
    assert window.search_box.text() == 'report site:"Coast Weekly"'


def test_import_through_the_window_reloads_the_list(qtbot, tmp_path, settings, no_dialogs):
    archive = Archive.open(tmp_path / "lib")
    try:
        window = open_window(qtbot, archive, settings)
        assert (
            "archive&#8209;reader&nbsp;&#8209;&#8209;demo"
            in window.article_lists.empty_label.text()
        )
        assert "drop saved pages here" in window.article_lists.empty_label.text()
        assert "drop saved pages here" in EMPTY_HINT
        assert window.article_lists.currentWidget() is window.article_lists.empty_label
        page = write_pages(tmp_path / "saved") / "accounts.html"

        window.import_paths([page])
        qtbot.waitUntil(lambda: window.article_model.total == 1, timeout=10_000)
        idle(qtbot, window)

        dialog = window.import_controller.dialog
        assert dialog is not None and not dialog.running
        assert [str(r.status) for r in dialog.results] == ["imported"]
        assert window.article_lists.currentWidget() is window.article_table
        assert window.sidebar.overview.articles == 1
        dialog.accept()
    finally:
        close_windows()
        archive.close()
    assert no_dialogs == []


def test_reader_takes_images_only_from_the_archive(qtbot, tmp_path, settings):
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    page = next(samples.glob("ClipStream*.html"))  # a "Web page, complete" with its images
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths([page])
        window = open_window(qtbot, archive, settings)
        article = window.reader.article
        assert article is not None and article.resources
        ref = next(iter(article.resources))

        image = window.reader.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(ref))
        remote = window.reader.loadResource(
            QTextDocument.ResourceType.ImageResource, QUrl("https://example.org/x.png")
        )

        assert image is not None and not image.isNull()
        assert remote is None
        close_windows()


def test_reader_font_size_shortcuts_and_settings(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    before = window.reader.font_size

    window.reader.zoom_in_action.trigger()
    window.reader.zoom_in_action.trigger()
    window.reader.zoom_out_action.trigger()
    window.close()

    assert window.reader.font_size == before + 1
    assert settings.reader_font_size == before + 1
    assert settings.last_library == library.path


def drop(window: MainWindow, *urls: QUrl) -> None:
    mime = QMimeData()
    mime.setUrls(list(urls))
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_files_imports_them(qtbot, library, settings, monkeypatch, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent

    window = open_window(qtbot, library, settings)
    imported = []
    monkeypatch.setattr(window, "import_paths", imported.append)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.html"))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert window.statusBar().currentMessage() == "Drop to import a.html into this library"

    drop(window, QUrl.fromLocalFile(str(tmp_path / "a.html")), QUrl("https://example.org/"))
    assert window.statusBar().currentMessage() == ""

    qtbot.waitUntil(lambda: imported == [[tmp_path / "a.html"]], timeout=2000)


def test_search_help_popup_and_notice(qtbot, library, settings) -> None:
    window = open_window(qtbot, library, settings)
    window.menu_actions.search_help_action.trigger()
    assert window.search_bar.help_popup.isVisible()
    window.search_bar.help_popup.hide()

    outcome = search_job(library, 'x AND ("', 0)
    assert outcome.notice.startswith("Searched as plain words")
    window.search('x AND ("')
    qtbot.waitUntil(
        lambda: "Searched as plain words" in window.search_panel.summary_label.text(),
        timeout=5000,
    )


def test_bulk_tag_and_delete_the_selection(qtbot, library, settings, monkeypatch, no_dialogs):
    window = open_window(qtbot, library, settings)
    window.article_table.selectAll()
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "batch, second")

    window.menu_actions.tag_action.trigger()

    assert all(
        set(library.annotations.article_tags(s.id)) == {"batch", "second"}
        for s in library.list_articles()
    )
    window.menu_actions.undo_action.trigger()  # one step for the whole selection
    assert all(library.annotations.article_tags(s.id) == [] for s in library.list_articles())
    window.menu_actions.redo_action.trigger()
    idle(qtbot, window)
    assert window.article_model.index(0, ArticleTableModel.TAGS).data() == "batch, second"

    window.article_table.selectRow(0)
    first = window.article_model.summary(0).id
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    window.menu_actions.delete_action.trigger()
    assert library.count() == 3
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    window.menu_actions.delete_action.trigger()
    qtbot.waitUntil(lambda: window.article_model.total == 2, timeout=5000)
    idle(qtbot, window)
    assert first not in {s.id for s in library.list_articles()}
    assert window.sidebar.overview.articles == 2
    assert no_dialogs == []


def test_keyboard_paths_exist_for_frequent_actions(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    for action in (
        window.menu_actions.import_files_action,
        window.menu_actions.import_folder_action,
        window.menu_actions.export_action,
        window.menu_actions.undo_action,
        window.menu_actions.redo_action,
        window.menu_actions.tag_action,
        window.menu_actions.search_action,
        window.menu_actions.search_help_action,
        window.menu_actions.quit_action,
        window.menu_actions.preferences_action,
        window.menu_actions.next_article_action,
        window.menu_actions.previous_article_action,
        window.menu_actions.focus_sidebar_action,
        window.menu_actions.focus_list_action,
        window.menu_actions.focus_reader_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip(), action.text()
    shortcuts = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), shortcuts

    first = window.reader.article.id
    window.article_table.setFocus()
    window.menu_actions.next_article_action.trigger()
    assert window.reader.article.id != first
    window.menu_actions.previous_article_action.trigger()
    assert window.reader.article.id == first


def test_status_bar_shows_the_library_size(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    assert window.size_label.text().startswith("Library: ")
    assert "KB" in window.size_label.text() or "MB" in window.size_label.text()


def test_open_library_replaces_the_window(qtbot, library, settings, tmp_path, no_dialogs):
    window = open_window(qtbot, library, settings)

    successor = window.open_library(tmp_path / "other")

    assert successor is not None
    qtbot.addWidget(successor)
    assert successor.archive.path == tmp_path / "other"
    assert not window.isVisible()
    assert settings.recent_libraries[0] == tmp_path / "other"
    assert library.path in settings.recent_libraries
    idle(qtbot, successor)
    successor.close()  # it owns its archive: closed with the window


def test_open_library_error_is_shown_once(qtbot, library, settings, tmp_path, no_dialogs):
    window = open_window(qtbot, library, settings)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")

    assert window.open_library(not_a_folder) is None
    assert len(no_dialogs) == 1
    assert "Choose another folder" in no_dialogs[0][2]


def test_no_two_window_shortcuts_are_the_same(qtbot, library, settings):
    # Qt ignores a key bound twice in one context ("ambiguous shortcut"): redo did nothing.
    from PySide6.QtGui import QAction

    window = open_window(qtbot, library, settings)
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue
        keys = [k.toString() for k in action.shortcuts()]
        assert len(keys) == len(set(keys)), (action.text(), keys)
        for key in keys:
            assert key not in seen, f"{key}: {seen.get(key)} and {action.text()}"
            seen[key] = action.text()
    redo = [k.toString() for k in window.menu_actions.redo_action.shortcuts()]
    assert "Ctrl+Shift+Z" in redo and "Ctrl+Y" in redo


def test_a_narrow_list_keeps_room_for_the_titles(qtbot, library, settings):
    window = open_window(qtbot, library, settings)
    table = window.article_table
    header = table.horizontalHeader()
    window.resize(1700, 900)
    table.resize(700, 400)
    qtbot.waitUntil(lambda: header.sectionSize(ArticleTableModel.SITE) == 110, timeout=2000)

    table.resize(380, 400)
    qtbot.waitUntil(
        lambda: header.sectionSize(ArticleTableModel.TITLE) >= 0.35 * table.viewport().width(),
        timeout=2000,
    )
    assert header.sectionSize(ArticleTableModel.SITE) >= 56  # narrower, not gone

    table.resize(700, 400)  # wide again: the site column gets its width back
    qtbot.waitUntil(lambda: header.sectionSize(ArticleTableModel.SITE) == 110, timeout=2000)


def test_a_running_import_shows_its_new_articles_every_so_often(
    qtbot, library, settings, monkeypatch
):
    from archive_reader.core.models import ImportProgress, ImportResult, ImportStatus

    window = open_window(qtbot, library, settings)
    shown: list[str] = []
    monkeypatch.setattr(window.article_model, "reload", lambda: shown.append("list"))
    monkeypatch.setattr(window, "refresh_overview", lambda: shown.append("counts"))
    window.import_controller._import_worker = object()  # an import is running
    try:
        duplicate = ImportResult("/saved/b.html", ImportStatus.DUPLICATE, "")
        window.import_controller._on_import_worker_progressed(
            ImportProgress(1, 3, "/saved/b.html", duplicate)
        )
        assert not window.import_controller._import_show_timer.isActive()  # nothing new to show
        new = ImportResult("/saved/a.html", ImportStatus.IMPORTED, "")
        window.import_controller._on_import_worker_progressed(
            ImportProgress(2, 3, "/saved/a.html", new)
        )
        assert window.import_controller._import_show_timer.isActive()
        qtbot.waitUntil(lambda: shown == ["counts", "list"], timeout=5000)
    finally:
        window.import_controller._import_worker = None


def test_after_a_merge_the_list_follows_the_merged_entity(qtbot, library, settings):
    source = library.entities.add("Rossiya Segodnya", "organisation")
    target = library.entities.add("velocipede", "organisation")
    window = open_window(qtbot, library, settings)
    window.refresh_overview()
    source_key = SidebarKey("entity", source.id)
    qtbot.waitUntil(lambda: window.sidebar.select_key(source_key), timeout=5000)
    window.sidebar.chosen.emit(source_key)
    assert window.article_model.filter.entity_id == source.id

    library.entities.merge(source.id, target.id)
    window.entity_view.entity_merged.emit(source.id, target.id)

    assert window.sidebar.current_key == SidebarKey("entity", target.id)
    assert window.article_model.filter.entity_id == target.id
    qtbot.waitUntil(lambda: window.article_model.total == 2, timeout=5000)
    idle(qtbot, window)
    assert window.sidebar.current_key == SidebarKey("entity", target.id)
