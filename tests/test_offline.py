"""Offline: importing, reading, searching and exporting never open a network connection.

The work runs in a child process with an audit hook (``sys.addaudithook``; a
hook cannot be removed, so it must not be installed in the test runner
itself) that refuses and records every attempt to resolve a host name or
connect a network socket. In that process every fixture page is imported
(the project's own, ``../shared``'s saved pages when present, and a page full
of remote scripts, images, frames and fonts), searched, exported in every
format, and shown in the reader, whose ``loadResource`` is recorded too: it
may only ever be asked for images of the library (``resource:<sha256>``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SAVED_PAGES

REPO = Path(__file__).resolve().parents[1]

_REMOTE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Remote everything</title>
<link rel="stylesheet" href="http://remote.example/s.css">
<link rel="preload" href="https://remote.example/font.woff2" as="font">
<style>@import url(http://remote.example/i.css); @font-face{src:url(//remote.example/f.ttf)}</style>
<script src="https://remote.example/tracker.js"></script></head><body><article>
<h1>Remote everything</h1>
<p style="background:url(http://remote.example/bg.png)">Every resource of this page lives on
a remote host, and none of them may be fetched while it is imported or read.</p>
<p><img src="http://remote.example/photo.jpg" alt="photo"> <img src="//remote.example/p.png">
<img srcset="https://remote.example/big.jpg 2x"> <a href="http://remote.example/more">More</a></p>
<iframe src="https://remote.example/embed"></iframe>
<video poster="http://remote.example/poster.jpg"><source src="http://remote.example/v.mp4"></video>
<p>The council met again on Thursday and agreed the plan, with two votes against it and the
chair abstaining, after an evening of questions from the fishermen.</p>
</article></body></html>"""

_SCRIPT = r"""
import json, socket, sys
from pathlib import Path

attempts = []

def hook(event, args):
    if event == "socket.connect":
        sock = args[0]
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
            return
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                 "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getnameinfo",
                 "socket.sendto", "urllib.Request", "http.client.connect"):
        attempts.append([event, repr(args)[:200]])
        raise OSError(f"network use during the offline test: {event}")

sys.addaudithook(hook)

# The hook is live: a lookup and a connection are refused before anything runs.
try:
    socket.getaddrinfo("example.org", 80)
except OSError:
    pass
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError:
        pass
selftest = list(attempts)
attempts.clear()

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from archive_reader.core.archive import Archive
from archive_reader.core.export.exporter import FORMATS, EXTENSIONS
from archive_reader.ui.widgets.reader import ReaderView

requests = []

class RecordingReader(ReaderView):
    def loadResource(self, type, name):
        requests.append([int(getattr(type, "value", type)), name.toString()])
        return super().loadResource(type, name)

library, out, *inputs = sys.argv[1:]
app = QApplication([])
summary = {}
with Archive.open(library) as archive:
    results = archive.import_paths(inputs)
    summary["results"] = len(results)
    summary["imported"] = sum(r.status.value == "imported" for r in results)
    for query in ("harbour", "council OR plan", 'title:"remote everything"', "date:2019",
                  "http://remote.example/x", "fishermen~"):
        archive.search(query)
    remote_id = archive.search('title:"remote everything"').hits[0].article_id
    archive.annotations.add(remote_id, quote="the council met again", note="# note & <b>")
    archive.entities.add("Council", "organisation")
    archive.entities.add("fishermen", "person")
    exporter = archive.export
    selection = exporter.select(article_ids=[row.id for row in archive.list_articles(limit=None)])
    for fmt in FORMATS:
        exporter.export(fmt, selection, Path(out) / f"export-{fmt}{EXTENSIONS.get(fmt, '')}")
    summary["formats"] = len(FORMATS)
    reader = RecordingReader(archive)
    reader.resize(900, 700)
    reader.show()
    shown = 0
    for row in archive.list_articles(limit=None):
        reader.show_article(archive.get(row.id))
        reader.viewport().grab()
        app.processEvents()
        shown += 1
    summary["shown"] = shown
    reader.close()
summary["image_type"] = int(getattr(QTextDocument.ResourceType.ImageResource, "value", 2))
summary["attempts"] = attempts
summary["selftest"] = [event for event, _ in selftest]
summary["requests"] = requests
print(json.dumps(summary))
"""


@pytest.mark.slow
def test_import_search_export_and_reading_open_no_connection(tmp_path: Path) -> None:
    remote = tmp_path / "pages" / "remote.html"
    remote.parent.mkdir()
    remote.write_text(_REMOTE_PAGE, encoding="utf-8")
    inputs = [str(FIXTURES / "pages"), str(FIXTURES / "extraction"), str(remote.parent)]
    if SAVED_PAGES.is_dir():
        inputs.append(str(SAVED_PAGES))
    out = tmp_path / "exports"
    out.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # No proxy settings or resolver hints from the environment may matter.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "library"), str(out), *inputs],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["selftest"] == ["socket.getaddrinfo", "socket.connect"]
    assert summary["attempts"] == []
    assert summary["imported"] >= 10
    assert summary["shown"] == summary["imported"]
    assert len(list(out.iterdir())) >= summary["formats"]
    image = summary["image_type"]
    strays = [r for r in summary["requests"] if r[0] != image or not r[1].startswith("resource:")]
    assert strays == []
    # The saved "complete" page of the fixtures shows its kept images.
    assert any(r[1].startswith("resource:") for r in summary["requests"])
