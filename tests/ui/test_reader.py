"""ReaderView: text offsets, highlights, selection commands, find, themes, originals, offline."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPoint, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)

from archive_reader.core.annotations.models import Annotation
from archive_reader.core.archive import Archive
from archive_reader.ui.widgets import article_browser
from archive_reader.ui.widgets import reader as reader_module
from archive_reader.ui.widgets.entity_picker import EntityPickerDialog
from archive_reader.ui.widgets.reader import ReaderView

FIXTURE_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Platform removes accounts tied to state media | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Ann Author">
<meta property="article:published_time" content="2024-03-04T10:00:00Z">
<link rel="canonical" href="https://news.example.org/accounts">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Platform removes accounts tied to state media</h1>
<p>The platform said the network of accounts was linked to Rossiya Segodnya, the agency
behind RIA Novosti and Sputnik, and that it had acted after a review of their activity.</p>
<p>Researchers who studied the case said the findings were consistent with earlier
reports, and that further work would be needed to understand the full channels picture.</p>
<h2>What the company said</h2>
<p>The report was published after months of review by independent analysts. The channels
had posted the same videos in several languages, the company said.</p>
<ul><li>Shared administrator accounts</li><li>Identical upload schedules of channels</li></ul>
</article>
<footer>Copyright Example News</footer>
</body></html>
"""


@pytest.fixture
def library(tmp_path: Path):
    page = tmp_path / "accounts.html"
    page.write_text(PAGE, encoding="utf-8")
    archive = Archive.open(tmp_path / "lib")
    results = archive.import_paths([page])
    assert [str(r.status) for r in results] == ["imported"], results
    archive.annotations.ensure_default_labels()
    yield archive
    archive.close()


@pytest.fixture
def reader(qtbot, library):
    view = ReaderView(library)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show_article(library.get(library.list_articles(0, 1)[0].id))
    return view


@pytest.fixture
def no_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr(reader_module.messages, "show_error", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(reader_module.messages, "show_info", lambda *a, **k: shown.append(a))
    return shown


@pytest.fixture
def opened_urls(monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(
        reader_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    return opened


def _range_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def _squeeze(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and c != "\ufffc")


def _select(view: ReaderView, quote: str) -> tuple[int, int]:
    assert view.article is not None
    found = _range_of(view.article.text, quote)
    assert view.select_text_range(*found)
    return found


def _marks(view: ReaderView) -> list[tuple[str, QTextCharFormat]]:
    found = []
    for selection in view.extraSelections():
        found.append((selection.cursor.selectedText(), QTextCharFormat(selection.format)))
    return found


# Offsets


def test_offsets_round_trip_on_the_fixture_pages(qtbot, tmp_path) -> None:
    expected = json.loads((FIXTURE_PAGES / "expected.json").read_text(encoding="utf-8"))
    paths = sorted(FIXTURE_PAGES / name for name in expected)
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths(paths)
        articles = [archive.get(s.id) for s in archive.list_articles(0, 100)]
        assert len(articles) >= 10
        view = ReaderView(archive)
        qtbot.addWidget(view)
        checked = 0
        for article in articles:
            view.show_article(article)
            for paragraph in article.text.split("\n\n"):
                words = paragraph.split()
                if len(words) < 6:
                    continue
                # A few words from inside the paragraph, and the whole paragraph.
                for quote in (" ".join(words[1:5]), paragraph):
                    start, end = _range_of(article.text, quote)
                    assert view.select_text_range(start, end), (article.title, quote)
                    assert view.text_range_of_selection() == (start, end), (article.title, quote)
                    assert _squeeze(view.textCursor().selectedText()) == _squeeze(quote)
                    checked += 1
        assert checked > 50


def test_selection_in_the_title_is_not_article_text(reader) -> None:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(0)
    cursor.setPosition(8, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    assert cursor.selectedText() == "Platform"
    assert reader.text_range_of_selection() is None
    assert not reader.copy_citation_action.isEnabled()


def test_scroll_to_text_range_shows_the_passage(qtbot, reader) -> None:
    reader.resize(500, 200)
    reader.show()
    qtbot.waitExposed(reader)
    text = reader.article.text
    assert reader.scroll_to_text_range(*_range_of(text, "Identical upload schedules"))
    assert reader.verticalScrollBar().value() > 0
    assert reader.textCursor().selectedText() == "Identical upload schedules"
    assert not reader.scroll_to_text_range(len(text) + 5, len(text) + 9)


# Highlights and mentions


def test_highlights_are_drawn_in_their_label_colours(reader, library) -> None:
    article = reader.article
    evidence = library.annotations.label("evidence")
    quote = "the findings were consistent with earlier reports"
    library.annotations.add(article.id, *_range_of(article.text, quote), label="evidence")
    reader.refresh_marks()

    marks = [(text, fmt) for text, fmt in _marks(reader) if fmt.background().style() != 0]
    assert len(marks) == 1
    text, fmt = marks[0]
    assert " ".join(text.split()) == quote
    color = fmt.background().color()
    assert color.name() == QColor(evidence.color).name()
    assert 0 < color.alpha() < 255  # translucent: the text stays readable


def test_a_highlight_across_paragraphs_is_marked_in_each(reader, library) -> None:
    article = reader.article
    start = article.text.index("after a review")
    end = article.text.index("Researchers who studied") + len("Researchers")
    library.annotations.add(article.id, start, end, label="claim")
    reader.refresh_marks()
    texts = [t for t, fmt in _marks(reader) if fmt.background().style() != 0]
    assert texts == ["after a review of their activity.", "Researchers"]


def test_orphaned_highlights_are_not_drawn(reader, library, monkeypatch) -> None:
    article = reader.article
    start, end = _range_of(article.text, "Sputnik")
    orphan = Annotation(1, article.id, "Sputnik", "", "", start, end, orphaned=True)
    monkeypatch.setattr(library.annotations, "for_article", lambda article_id: [orphan])
    reader.refresh_marks()
    assert reader.annotations == [orphan]
    assert [t for t, fmt in _marks(reader) if fmt.background().style() != 0] == []


def test_entity_mentions_are_underlined_and_can_be_hidden(reader, library) -> None:
    library.entities.add("Rossiya Segodnya", "organisation")
    reader.refresh_marks()
    underlined = [t for t, f in _marks(reader) if f.underlineStyle() == f.UnderlineStyle.DotLine]
    assert underlined == ["Rossiya Segodnya"]

    reader.set_mentions_visible(False)
    assert not reader.underline_mentions_action.isChecked()
    assert all(f.underlineStyle() != f.UnderlineStyle.DotLine for _, f in _marks(reader))
    reader.underline_mentions_action.setChecked(True)
    assert reader.mentions_visible
    assert len(_marks(reader)) == 1


def test_clicking_a_highlight_reports_it(qtbot, reader, library) -> None:
    article = reader.article
    quote = "RIA Novosti"
    added = library.annotations.add(article.id, *_range_of(article.text, quote), label="claim")
    reader.refresh_marks()
    reader.show()
    start, _ = reader.document_range(*_range_of(article.text, quote))
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start + 2)
    point = reader.cursorRect(cursor).center()
    with qtbot.waitSignal(reader.annotation_clicked, timeout=1000) as signal:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [added.id]
    assert "claim" in reader._tooltip_at(point)


# Selection commands


@pytest.mark.parametrize("key, position", [(Qt.Key.Key_1, 1), (Qt.Key.Key_3, 3)])
def test_number_keys_highlight_with_the_nth_label(qtbot, reader, key, position) -> None:
    label = next(lb for lb in reader.labels() if lb.position == position)
    found = _select(reader, "earlier reports")
    with qtbot.waitSignal(reader.highlight_requested, timeout=1000) as signal:
        qtbot.keyClick(reader, key)
    assert signal.args == [found[0], found[1], label.name]


def test_keys_do_nothing_without_a_selection(qtbot, reader) -> None:
    requested = []
    reader.highlight_requested.connect(lambda *args: requested.append(args))
    reader.note_requested.connect(lambda *args: requested.append(args))
    qtbot.keyClick(reader, Qt.Key.Key_1)
    qtbot.keyClick(reader, Qt.Key.Key_N)
    _select(reader, "earlier reports")
    qtbot.keyClick(reader, Qt.Key.Key_9)  # only four labels
    assert requested == []


def test_n_asks_for_a_note_and_e_opens_the_entity_picker(qtbot, reader) -> None:
    found = _select(reader, "Rossiya Segodnya")
    with qtbot.waitSignal(reader.note_requested, timeout=1000) as note:
        qtbot.keyClick(reader, Qt.Key.Key_N)
    assert note.args == list(found)
    with qtbot.waitSignal(reader.entity_tag_requested, timeout=1000) as tag:
        qtbot.keyClick(reader, Qt.Key.Key_E)
    assert tag.args == list(found)
    picker = reader.entity_picker
    assert picker is not None and picker.isVisible()
    picker.reject()


def test_selection_keys_win_over_window_shortcuts(reader) -> None:
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier)
    reader.event(event)
    assert not event.isAccepted()  # nothing selected: the key stays free
    _select(reader, "earlier reports")
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier)
    reader.event(event)
    assert event.isAccepted()


def test_context_menu_offers_the_selection_commands(qtbot, reader) -> None:
    found = _select(reader, "earlier reports")
    menu = reader.context_menu(QPoint(10, 10))
    qtbot.addWidget(menu)
    texts = [a.text() for a in menu.actions()]
    for wanted in ("&Highlight as", "Add &Note…", "Tag as &Entity…", "Copy with &Citation"):
        assert wanted in texts
    assert reader.copy_citation_action.shortcut().toString() == "Ctrl+Shift+C"
    submenu = next(a.menu() for a in menu.actions() if a.text() == "&Highlight as")
    labels = reader.labels()
    assert [a.text() for a in submenu.actions()] == [lb.name for lb in labels]
    assert [a.shortcut().toString() for a in submenu.actions()] == ["1", "2", "3", "4"]

    with qtbot.waitSignal(reader.highlight_requested, timeout=1000) as signal:
        submenu.actions()[1].trigger()
    assert signal.args == [found[0], found[1], labels[1].name]
    with qtbot.waitSignal(reader.note_requested, timeout=1000):
        next(a for a in menu.actions() if a.text() == "Add &Note…").trigger()


def test_context_menu_without_selection_disables_the_commands(qtbot, reader) -> None:
    menu = reader.context_menu(QPoint(10, 10))
    qtbot.addWidget(menu)
    by_text = {a.text(): a for a in menu.actions()}
    assert not by_text["&Highlight as"].isEnabled()
    assert not by_text["Add &Note…"].isEnabled()
    assert by_text["&Find in Article…"].isEnabled()


def test_copy_with_citation(qtbot, reader) -> None:
    article = reader.article
    quote = "The report was published after months of review by independent analysts."
    _select(reader, quote)
    with qtbot.waitSignal(reader.citation_copied, timeout=1000):
        qtbot.keyClick(
            reader,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    copied = QGuiApplication.clipboard().text()
    first, second = copied.split("\n")
    assert first == f"“{quote}”"
    assert second.startswith(
        'Ann Author, "Platform removes accounts tied to state media", Example News, 2024-03-04, '
        "https://news.example.org/accounts ("
    )
    assert f"archive article {article.id}, sha256 {article.original_sha256[:12]}" in second
    assert f"imported {article.imported_at[:10]}" in second


def test_entity_picker_finds_existing_entities_by_alias(qtbot, reader, library) -> None:
    entity = library.entities.add("Rossiya Segodnya", "organisation")
    library.entities.add_alias(entity.id, "RS")
    library.entities.add("Sputnik", "organisation")
    found = _select(reader, "RIA Novosti")

    picker = reader.request_entity_tag()
    assert picker is not None
    assert picker.new_radio.isChecked()  # "RIA Novosti" is nobody's name yet
    assert picker.type_combo.currentText() == "person"
    picker.name_edit.setText("rs")
    picker.name_edit.textEdited.emit("rs")
    assert picker.existing_radio.isChecked()
    assert "Rossiya Segodnya" in picker.match_label.text()
    with qtbot.waitSignal(reader.entity_chosen, timeout=1000) as signal:
        picker.accept()
    assert signal.args == [found[0], found[1], entity.id, ""]

    # What the window does with the answer: the selection becomes a name of the entity.
    mention = library.entities.tag(reader.article.id, found[0], found[1], entity_id=entity.id)
    assert mention.entity_id == entity.id
    assert "RIA Novosti" in [a.text for a in library.entities.get(entity.id).aliases]

    # A new entity of a type: that type is offered first the next time.
    _select(reader, "Sputnik")
    picker = reader.request_entity_tag()
    picker.new_radio.setChecked(True)
    picker.type_combo.setCurrentText("place")
    with qtbot.waitSignal(reader.entity_chosen, timeout=1000):
        picker.accept()
    _select(reader, "RIA Novosti")
    assert reader.request_entity_tag().type_combo.currentText() == "place"


def test_entity_tag_takes_whole_words_and_refuses_punctuation(qtbot, reader) -> None:
    text = reader.article.text
    start = text.index("RIA Novosti")
    # From inside "RIA" to inside "Novosti", with a space before: the whole name.
    assert reader.select_text_range(start + 1, start + len("RIA Novo"))
    picker = reader.request_entity_tag()
    assert picker is not None and picker.selected_text == "RIA Novosti"
    assert reader.text_range_of_selection() == (start, start + len("RIA Novosti"))
    picker.reject()

    comma = text.index(",")
    assert reader.select_text_range(comma, comma + 1)
    messages = []
    reader.status_message.connect(messages.append)
    assert reader.request_entity_tag() is None
    assert messages and "Select a name" in messages[0]


def test_entity_picker_new_entity_with_a_type(qtbot) -> None:
    picker = EntityPickerDialog("Lantern  Lab", [], ["person", "organisation", "place"])
    qtbot.addWidget(picker)
    assert picker.selected_text == "Lantern Lab"
    assert not picker.existing_radio.isEnabled()
    picker.type_combo.setCurrentText("organisation")
    picker.accept()
    assert picker.result() == EntityPickerDialog.DialogCode.Accepted
    assert (picker.entity_id(), picker.entity_type()) == (None, "organisation")


def test_entity_picker_preselects_a_known_name(qtbot, library) -> None:
    entity = library.entities.add("Sputnik", "organisation")
    picker = EntityPickerDialog("sputnik", library.entities.entities(), library.entities.types())
    qtbot.addWidget(picker)
    assert picker.existing_radio.isChecked()
    assert picker.entity_id() == entity.id
    picker.name_edit.setText("nobody at all")
    assert picker.entity_id() is None
    picker.accept()
    assert picker.result() != EntityPickerDialog.DialogCode.Accepted  # nothing valid chosen


# Find


def test_find_bar_counts_and_steps_through_matches(qtbot, reader) -> None:
    reader.show()
    reader.activateWindow()
    qtbot.waitActive(reader)
    reader.find_action.trigger()
    bar = reader.find_bar
    assert bar.isVisible()
    qtbot.waitUntil(bar.edit.hasFocus, timeout=1000)
    qtbot.keyClicks(bar.edit, "channels")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 3", timeout=2000)
    assert reader.textCursor().selectedText() == "channels"
    first = reader.textCursor().selectionStart()
    found = [s for s in reader.extraSelections() if s.cursor.selectedText() == "channels"]
    assert len(found) == 3

    reader.find_next_action.trigger()
    assert bar.count_label.text() == "2 of 3"
    assert reader.textCursor().selectionStart() > first
    bar.find_previous()
    bar.find_previous()
    assert bar.count_label.text() == "3 of 3"  # wraps around

    bar.case_button.setChecked(True)
    bar.edit.setText("CHANNELS")
    bar.refresh()
    assert bar.count_label.text() == "No matches"

    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert not any(s.cursor.selectedText() == "channels" for s in reader.extraSelections())


def test_find_bar_starts_with_the_selected_words(reader) -> None:
    reader.show()
    _select(reader, "Sputnik")
    reader.show_find_bar()
    assert reader.find_bar.text == "Sputnik"
    assert reader.find_bar.count_label.text() == "1 of 1"


def test_font_size_and_family(reader) -> None:
    reader.set_font_family("DejaVu Sans")
    assert reader.document().defaultFont().families()[0] == "DejaVu Sans"
    reader.set_font_family("")
    assert reader.document().defaultFont().families()[0] == "Charter"
    reader.set_font_size(100)
    assert reader.font_size == reader.MAX_FONT_SIZE
    reader.zoom_reset()
    assert reader.document().defaultFont().pointSizeF() == reader.DEFAULT_FONT_SIZE


# Themes


def test_dark_theme_applies(qtbot, reader, library) -> None:
    article = reader.article
    library.annotations.add(article.id, *_range_of(article.text, "earlier reports"), label="claim")
    reader.refresh_marks()
    with qtbot.waitSignal(reader.theme_changed, timeout=1000) as signal:
        reader.set_theme("dark")
    assert signal.args == ["dark"]
    assert reader.effective_theme == "dark"
    assert reader.theme_actions["dark"].isChecked()
    assert reader.palette().color(QPalette.ColorRole.Base).lightness() < 60
    assert reader.palette().color(QPalette.ColorRole.Text).lightness() > 180
    assert "#dcdcdc" in reader.document().defaultStyleSheet()
    # The article is still shown and marked after the theme change.
    assert "earlier reports" in reader.toPlainText()
    assert any(f.background().style() != 0 for _, f in _marks(reader))

    reader.theme_actions["light"].trigger()
    assert reader.effective_theme == "light"
    assert reader.palette().color(QPalette.ColorRole.Base).lightness() > 200


def test_system_theme_follows_the_colour_scheme(reader, monkeypatch) -> None:
    monkeypatch.setattr(reader_module, "system_theme", lambda: "light")
    reader.set_theme("light")
    reader.set_theme("system")
    assert reader.effective_theme == "light"
    monkeypatch.setattr(reader_module, "system_theme", lambda: "dark")
    reader._on_style_hints_color_scheme_changed(Qt.ColorScheme.Dark)
    assert reader.effective_theme == "dark"
    reader.set_theme("light")
    reader._on_style_hints_color_scheme_changed(Qt.ColorScheme.Dark)
    assert reader.effective_theme == "light"  # a chosen theme stays
    with pytest.raises(ValueError):
        reader.set_theme("sepia")


# Original file


def test_show_original_opens_a_copy_with_the_right_extension(
    reader, library, opened_urls, no_dialogs
) -> None:
    before = reader.toPlainText()
    copy = reader.show_original()
    assert copy is not None and copy.suffix == ".html"
    assert copy.read_bytes() == library.original_path(reader.article.id).read_bytes()
    assert opened_urls == [QUrl.fromLocalFile(str(copy))]
    assert reader.toPlainText() == before  # never loaded inside the reader
    reader._on_self_anchor_clicked(QUrl("archive-reader:show-original"))  # the meta line's link
    assert len(opened_urls) == 2
    assert no_dialogs == []


def test_show_original_of_compressed_pages_and_archives(
    qtbot, tmp_path, opened_urls, no_dialogs
) -> None:
    with Archive.open(tmp_path / "lib") as archive:
        archive.import_paths(
            [FIXTURE_PAGES / "gzip-article.html.gz", FIXTURE_PAGES / "two-articles.warc.gz"]
        )
        view = ReaderView(archive)
        qtbot.addWidget(view)
        suffixes = {}
        for summary in archive.list_articles(0, 10):
            article = archive.get(summary.id)
            view.show_article(article)
            copy = view.show_original()
            assert copy is not None
            suffixes[article.source_format] = "".join(copy.suffixes[-2:])
            if article.source_format != "warc":
                assert copy.read_bytes() == gzip.decompress(
                    archive.original_path(article.id).read_bytes()
                )
        assert suffixes["warc"] == ".warc.gz"
        assert suffixes["html.gz"].endswith(".html")
    assert no_dialogs == []


def test_show_original_reports_a_missing_file(reader, library, opened_urls, no_dialogs) -> None:
    library.original_path(reader.article.id).unlink()
    assert reader.show_original() is None
    assert opened_urls == []
    assert no_dialogs and no_dialogs[0][1] == "Cannot open the original"


# Offline safety

HOSTILE = """
<link rel="stylesheet" href="http://evil.example/x.css">
<style>@import url(http://evil.example/y.css);
p { background: url(http://evil.example/bg.png) }</style>
<p>Visible text <a href="javascript:alert('link')">a script link</a> and
<a href="https://example.org/ok" onclick="alert('click')">a real link</a>.</p>
<script>document.write('SCRIPT RAN')</script>
<p style="background-image: url(http://evil.example/p.png)">Styled paragraph.</p>
<iframe src="http://evil.example/frame.html">IFRAME FALLBACK</iframe>
<img src="http://evil.example/pixel.gif" alt="">
<img src="file:///etc/passwd">
<img src="resource:kept">
<object data="http://evil.example/x.swf">OBJECT FALLBACK</object>
<p onmouseover="alert(1)">Last paragraph.</p>
"""


def test_a_hostile_article_requests_nothing_and_runs_nothing(
    qtbot, make_fake_archive, monkeypatch, opened_urls
) -> None:
    archive = make_fake_archive(count=1)
    archive.resources[(1, "resource:kept")] = (_tiny_png(), "image/png")
    asked: list[str] = []
    original = ReaderView.loadResource

    def recording(self, type, name):
        asked.append(name.toString())
        return original(self, type, name)

    monkeypatch.setattr(ReaderView, "loadResource", recording)
    article = replace(
        archive.articles[0],
        html=HOSTILE,
        text="Visible text a script link and a real link.\n\nStyled paragraph.\n\nLast paragraph.",
    )
    view = ReaderView(archive)
    qtbot.addWidget(view)
    view.show()
    view.show_article(article)
    view.grab()  # lays out and paints: every resource Qt wants is asked for now

    text = view.toPlainText()
    for absent in ("SCRIPT RAN", "IFRAME FALLBACK", "OBJECT FALLBACK", "alert", "@import"):
        assert absent not in text
    assert "Visible text" in text and "Last paragraph." in text
    assert archive.resource_calls == [(1, "resource:kept")]  # only the kept image
    assert all(not name.startswith(("http", "file")) for name in asked), asked
    assert opened_urls == []
    assert "evil.example" not in view.toHtml()

    view._on_self_anchor_clicked(QUrl("javascript:alert('link')"))
    view._on_self_anchor_clicked(QUrl("file:///etc/passwd"))
    assert opened_urls == []
    view._on_self_anchor_clicked(QUrl("https://example.org/ok"))
    assert opened_urls == [QUrl("https://example.org/ok")]


def _tiny_png() -> bytes:
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_load_resource_never_answers_remote_or_local_files(make_fake_archive, qtbot) -> None:
    archive = make_fake_archive(count=1)
    view = ReaderView(archive)
    qtbot.addWidget(view)
    view.show_article(archive.articles[0])
    image = article_browser.QTextDocument.ResourceType.ImageResource
    for url in ("http://example.org/a.png", "file:///etc/hosts", "/etc/hosts", "data:,x"):
        assert view.loadResource(image, QUrl(url)) is None
    assert archive.resource_calls == []


def test_wide_images_fit_a_narrow_reader(qtbot, make_fake_archive) -> None:
    archive = make_fake_archive(count=1)
    image = QImage(600, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    archive.resources[(1, "resource:wide")] = (bytes(data), "image/png")
    article = replace(archive.articles[0], html='<p>Before.</p><img src="resource:wide">')
    view = ReaderView(archive)
    qtbot.addWidget(view)
    view.resize(320, 400)
    view.show()
    qtbot.waitExposed(view)
    view.show_article(article)

    def shown_width() -> float:
        cursor = QTextCursor(view.document())
        position = view.toPlainText().index("\ufffc")
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        return cursor.charFormat().toImageFormat().width()

    assert 0 < shown_width() < 320
    assert view.horizontalScrollBar().maximum() == 0
    view.resize(1200, 400)
    qtbot.waitUntil(lambda: shown_width() == 600, timeout=1000)


def test_article_without_html_shows_its_text(qtbot, make_fake_archive) -> None:
    archive = make_fake_archive(count=1)
    article = replace(archive.articles[0], html="", text="Only a summary.\n\nSecond block.")
    view = ReaderView(archive)
    qtbot.addWidget(view)
    view.show_article(article)
    assert "Only a summary." in view.toPlainText()
    assert view.select_text_range(*_range_of(article.text, "Second block"))
