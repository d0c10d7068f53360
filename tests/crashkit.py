"""Helpers for the crash tests: a folder of saved pages, and a fork server that runs jobs to kill.

The fork server is one Python process that has imported the program once;
for each job it forks a child that runs a real import (through the command
line's ``main``), a re-extraction, entity merges or exports, and reports the
child's pid, so the test can SIGKILL it at any moment without paying an
interpreter start per kill.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]

_WORDS = [
    "account",
    "network",
    "platform",
    "removed",
    "media",
    "outlet",
    "state",
    "influence",
    "operation",
    "election",
    "interference",
    "researchers",
    "report",
    "evidence",
    "campaign",
    "coordinated",
    "fake",
    "pages",
    "audience",
    "investigation",
    "agency",
    "statement",
    "company",
    "policy",
    "archive",
    "source",
    "published",
    "analysis",
]


def _page(number: int, rng: random.Random) -> str:
    paragraphs = "\n".join(
        "<p>"
        + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(40, 90)))
        + f" p{number}.</p>"
        for _ in range(rng.randint(3, 7))
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Report number {number} on influence operations</title>"
        f'<link rel="canonical" href="https://news.example.org/story/{number}">'
        '<meta name="author" content="A. Writer">'
        "</head><body><nav><a href=/>Home</a> <a href=/world>World</a></nav>"
        f"<article><h1>Report number {number} on influence operations</h1>"
        f"<p>Story {number}: Rossiya Segodnya and TV-Novosti were named in the report.</p>"
        f"{paragraphs}</article>"
        "<footer>Copyright news.example.org</footer></body></html>"
    )


def make_pages(folder: Path, count: int = 48, seed: int = 7) -> Path:
    """Writes ``count`` small saved pages: plain and gzipped HTML, WARCs of several
    records, plus the project's MHTML, "complete" page and WARC fixtures.

    Returns:
        The folder.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    warc_records: list[tuple[int, str]] = []
    while number < count:
        number += 1
        html = _page(number, rng)
        kind = number % 4
        if kind == 1:
            (folder / f"page-{number:03}.html").write_text(html, encoding="utf-8")
        elif kind == 2:
            (folder / f"page-{number:03}.html.gz").write_bytes(gzip.compress(html.encode()))
        else:
            warc_records.append((number, html))
    for start in range(0, len(warc_records), 6):
        _write_warc(folder / f"crawl-{start:03}.warc.gz", warc_records[start : start + 6])
    pages = FIXTURES / "pages"
    for name in ("blink-iframe-first.mhtml", "two-articles.warc.gz", "cp1251.html"):
        shutil.copy(pages / name, folder / name)
    shutil.copy(pages / "saved" / "Article.html", folder / "Article.html")
    shutil.copytree(pages / "saved" / "Article_files", folder / "Article_files")
    return folder


def _write_warc(path: Path, records: list[tuple[int, str]]) -> None:
    """Writes a gzipped WARC of response records (one gzip member per record, as crawlers do)."""
    with path.open("wb") as out:
        for number, html in records:
            body = html.encode("utf-8")
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: https://news.example.org/story/{number}\r\n"
                "WARC-Date: 2024-05-01T12:00:00Z\r\n"
                f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=number)}>\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n"
            ).encode()
            out.write(gzip.compress(head + http + b"\r\n\r\n"))


_SERVER = r"""
import json, os, sys, traceback
sys.path.insert(0, sys.argv[1])
from archive_reader.cli import commands as cli
from archive_reader.core.annotations import highlights  # noqa: F401  (loaded once)
from archive_reader.core.entities import catalog  # noqa: F401
from archive_reader.core.export import exporter  # noqa: F401
from archive_reader.core.archive import Archive

def merge(job):
    with Archive.open(job["library"]) as archive:
        for source, target in job["pairs"]:
            archive.entities.merge(source, target)
            print(json.dumps({"merged": [source, target]}), flush=True)
    return 0

def export_(job):
    with Archive.open(job["library"]) as archive:
        exporter = archive.export
        selection = exporter.select()
        for round_ in range(job["rounds"]):
            for fmt in job["formats"]:
                path = os.path.join(job["out"], f"{round_}-{fmt}")
                exporter.export(fmt, selection, path, per_article=False)
                print(json.dumps({"written": path}), flush=True)
    return 0

for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            fd = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            sys.stderr = sys.stdout
            if job["kind"] == "cli":
                code = cli.main(job["argv"])
            elif job["kind"] == "merge":
                code = merge(job)
            elif job["kind"] == "export":
                code = export_(job)
            sys.stdout.flush()
        except BaseException:
            traceback.print_exc()
            sys.stdout.flush()
        os._exit(code)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(status, flush=True)
"""


class ForkServer:
    """Runs jobs in forked children of one preloaded interpreter."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def start(self, job: dict[str, object]) -> int:
        """Starts a job; returns the child's pid."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        return int(self._process.stdout.readline())

    def wait(self) -> int:
        """Waits for the running job's child; returns its raw wait status."""
        assert self._process.stdout is not None
        return int(self._process.stdout.readline())

    def close(self) -> None:
        """Stops the server."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=30)
        self._process.stdout.close()
