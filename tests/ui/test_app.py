"""app.main's error path and the crash handler."""

import contextlib
import sys

from archive_reader.ui import app


def test_unopenable_library_shows_a_message_and_returns_1(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    monkeypatch.setattr(app.messages, "show_error", lambda *args, **kw: shown.append(args))
    not_a_folder = tmp_path / "library"
    not_a_folder.write_text("a file, not a library")

    assert app.main(library=str(not_a_folder)) == 1
    assert shown and shown[0][1] == "Cannot open the library"
    assert str(not_a_folder) in shown[0][2]


def test_crash_handler_logs_and_shows_the_traceback(qapp, monkeypatch, caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    monkeypatch.setattr(app.messages, "show_error", lambda *args, **kw: shown.append(kw))
    app.install_crash_handler()
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)

    assert "RuntimeError: boom" in shown[0]["details"]
    assert "Traceback" in caplog.text


def test_the_last_library_opens_again(qapp, tmp_path, monkeypatch):
    from archive_reader.core.archive import Archive
    from archive_reader.core.library import LIBRARY_ENV

    monkeypatch.delenv(LIBRARY_ENV, raising=False)
    with Archive.open(tmp_path / "last"):
        pass
    settings = app.Settings.at(tmp_path / "settings.ini")
    settings.last_library = tmp_path / "last"
    monkeypatch.setattr(app, "Settings", lambda: settings)
    opened = []

    class Stop(Exception):
        pass

    def fake_open(path, **_options):
        opened.append(path)
        raise Stop

    monkeypatch.setattr(app.Archive, "open", staticmethod(fake_open))
    with contextlib.suppress(Stop):
        app.main()
    assert opened == [str(tmp_path / "last")]
