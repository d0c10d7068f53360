"""Bad input: every awkward or hostile file gets a clear reason, and the batch goes on.

Each test imports into a library in ``tmp_path`` through the same facade the
window and the command line use, and checks that the result names the file and
says why, that nothing else in the batch is lost, and that no exception
reaches the caller.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive_reader.cli import commands as cli
from archive_reader.core.archive import Archive
from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest import formats
from archive_reader.core.ingest.formats import read_pages
from archive_reader.core.models import ImportResult, ImportStatus
from tests.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[1]

_ARTICLE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><article><h1>{title}</h1>"
    + "<p>The harbour board met on Tuesday to discuss the dredging plan, which the"
    " fishermen oppose because it would close the inner basin for a whole season.</p>"
    * 6
    + "{extra}</article></body></html>"
)
# A 1x1 PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _page(title: str = "Harbour board meets", extra: str = "") -> bytes:
    return _ARTICLE.format(title=title, extra=extra).encode("utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "library") as opened:
        yield opened


def _by_name(results: list[ImportResult]) -> dict[str, ImportResult]:
    return {Path(result.path).name: result for result in results}


def _assert_reported(results: list[ImportResult]) -> None:
    """Every result that is not an import says why, in words."""
    for result in results:
        if result.status is not ImportStatus.IMPORTED:
            assert len(result.reason) > 8, result
        json.dumps(result.to_json(), ensure_ascii=False).encode("utf-8")


# The awkward real pages, and the large one


def test_awkward_shared_pages_each_get_a_result(shared_pages: Path, archive: Archive) -> None:
    files = sorted((shared_pages / "awkward").iterdir())
    results = archive.import_paths(files)
    _assert_reported(results)
    found = _by_name(results)
    assert set(found) == {path.name for path in files}
    assert found["empty.html"].status is ImportStatus.FAILED
    assert found["empty.html"].reason == "the file is empty"
    assert found["lander-png-renamed.html"].status is ImportStatus.FAILED
    assert "PNG image" in found["lander-png-renamed.html"].reason
    imported = [r for r in results if r.status is ImportStatus.IMPORTED]
    duplicates = [r for r in results if r.status is ImportStatus.DUPLICATE]
    assert len(imported) + len(duplicates) == len(files) - 2


@pytest.mark.slow
def test_a_20_mb_page_imports_in_bounded_time_and_memory(
    shared_pages: Path, tmp_path: Path
) -> None:
    page = tmp_path / "large.html"
    subprocess.run(
        [sys.executable, str(shared_pages / "make_large_page.py"), str(page), "20"],
        check=True,
        capture_output=True,
    )
    script = (
        "import json, resource, sys, time\n"
        "from archive_reader.core.archive import Archive\n"
        "started = time.monotonic()\n"
        "with Archive.open(sys.argv[2]) as archive:\n"
        "    results = archive.import_paths([sys.argv[1]])\n"
        "print(json.dumps({'status': [r.status.value for r in results],\n"
        "    'seconds': time.monotonic() - started,\n"
        "    'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(page), str(tmp_path / "library")],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    figures = json.loads(done.stdout.splitlines()[-1])
    # Measured: 7 s and 560 MB on one core of the development machine.
    assert figures["status"] == ["imported"]
    assert figures["seconds"] < 60
    assert figures["rss_mb"] < 1536


# Compression bombs


def _bomb(path: Path, gigabytes: int) -> None:
    """A gzip file that inflates to ``gigabytes`` GiB: one member repeated."""
    member = gzip.compress(b"<html><body><p>" + b" " * (64 * 1024 * 1024 - 15), 9)
    with path.open("wb") as out:
        for _ in range(gigabytes * 16):
            out.write(member)


def test_a_gzip_bomb_fails_fast_with_the_limit_in_the_message(
    archive: Archive, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.html.gz"
    _bomb(bomb, 4)
    assert bomb.stat().st_size < 8 * 1024 * 1024
    good = tmp_path / "good.html"
    good.write_bytes(_page())
    started = time.monotonic()
    results = _by_name(archive.import_paths([bomb, good]))
    assert time.monotonic() - started < 20
    assert results["bomb.html.gz"].status is ImportStatus.FAILED
    assert results["bomb.html.gz"].reason == "the file decompresses to more than 200 MB"
    assert results["good.html"].status is ImportStatus.IMPORTED


def test_the_decompression_limit_is_configurable_and_memory_stays_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.html.gz"
    _bomb(bomb, 1)
    monkeypatch.setattr(formats, "MAX_PAGE_BYTES", 4 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailure, match="decompresses to more than 4 MB"):
            list(read_pages(bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024
    with pytest.raises(ImportFailure, match="more than 1 MB"):
        list(read_pages(bomb, max_bytes=1024 * 1024))


def test_a_page_larger_than_the_limit_is_refused(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "MAX_PAGE_BYTES", 64 * 1024)
    page = tmp_path / "long.html"
    page.write_bytes(_page(extra="<p>more words here</p>" * 10_000))
    (result,) = archive.import_paths([page])
    assert result.status is ImportStatus.FAILED
    assert result.reason == "the page is larger than 0.0625 MB"


def _warc(records: list[tuple[str, bytes, str]], *, gzip_records: bool = True) -> bytes:
    """A WARC file of HTTP responses, each record its own gzip member."""
    out = b""
    for number, (uri, body, content_type) in enumerate(records):
        block = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            "WARC-Date: 2024-03-05T10:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(block)}\r\n\r\n"
        ).encode()
        record = head + block + b"\r\n\r\n"
        out += gzip.compress(record) if gzip_records else record
    return out


def test_a_warc_record_larger_than_the_limit_is_skipped_and_the_rest_imported(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "MAX_PAGE_BYTES", 1024 * 1024)
    big = b"<html><body><p>" + b"x " * (4 * 1024 * 1024) + b"</p></body></html>"
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(
        _warc(
            [
                ("http://example.org/big", big, "text/html"),
                ("http://example.org/story", _page(), "text/html; charset=utf-8"),
            ]
        )
    )
    results = archive.import_paths([path])
    assert [r.status for r in results] == [ImportStatus.SKIPPED, ImportStatus.IMPORTED]
    assert results[0].reason == "the page is larger than 1 MB"
    assert results[0].url == "http://example.org/big"


# Deep nesting


@pytest.mark.slow
def test_html_nested_100000_levels_imports_without_recursion_error(
    archive: Archive, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.html"
    inner = "<p>" + "Words at the bottom of a very deep page. " * 20 + "</p>"
    deep.write_text(
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * 100_000
        + inner
        + "</div>" * 100_000
        + "</body></html>",
        encoding="utf-8",
    )
    unclosed = tmp_path / "unclosed.html"
    unclosed.write_text(
        "<html><head><title>Unclosed</title></head><body>"
        + "<blockquote><span><b>" * 35_000
        + inner,
        encoding="utf-8",
    )
    results = _by_name(archive.import_paths([deep, unclosed]))
    assert results["deep.html"].status is ImportStatus.IMPORTED
    assert results["unclosed.html"].status is ImportStatus.IMPORTED
    article = archive.get(results["deep.html"].article_id)
    assert "bottom of a very deep page" in article.text


# Malformed MHTML and WARC


_MHTML_HEAD = (
    "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://example.org/story\r\n"
    "Subject: Story\r\nDate: Tue, 5 Nov 2019 10:00:00 -0000\r\nMIME-Version: 1.0\r\n"
)


def _mhtml_cases() -> dict[str, bytes]:
    html = _page().decode()
    b64 = __import__("base64").encodebytes(html.encode()).decode()
    return {
        "no-boundary.mhtml": (
            _MHTML_HEAD + "Content-Type: multipart/related;\r\n\r\n--x\r\n"
            "Content-Type: text/html\r\n\r\n" + html + "\r\n--x--\r\n"
        ).encode(),
        "broken-boundary.mhtml": (
            _MHTML_HEAD + 'Content-Type: multipart/related; boundary="abc"\r\n\r\n'
            "--abd\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n--abd--\r\n"
        ).encode(),
        "no-location.mhtml": (
            _MHTML_HEAD + 'Content-Type: multipart/related; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + b64
            + "\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            "iVBORw0KGgo=\r\n--b--\r\n"
        ).encode(),
        "base64-garbage.mhtml": (
            _MHTML_HEAD + 'Content-Type: multipart/related; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Location: http://example.org/story\r\n\r\n"
            "@@@@ this is not base64 at all !!! ====\r\n--b--\r\n"
        ).encode(),
        "truncated.mhtml": (
            _MHTML_HEAD + 'Content-Type: multipart/related; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/html\r\n\r\n" + html[: len(html) // 2]
        ).encode(),
        "headers-only.mhtml": (
            _MHTML_HEAD + 'Content-Type: multipart/related; boundary="b"\r\n\r\n'
        ).encode(),
        "bad-header-bytes.mhtml": (
            b"MIME-Version: 1.0\r\nSubject: \xff\xfe\x00 =?utf-8?b?!!!?=\r\n"
            b"Snapshot-Content-Location: \x80http://example.org/\xe9\r\nDate: \xff 2019\r\n"
            b'Content-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
            b"Content-Type: text/html; charset=no-such-charset\r\n"
            b"Content-Location: http://[::1\r\n\r\n" + _page() + b"\r\n--b--\r\n"
        ),
    }


def test_malformed_mhtml_files_are_reported_and_the_batch_goes_on(
    archive: Archive, tmp_path: Path
) -> None:
    paths = []
    for name, data in _mhtml_cases().items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    results = _by_name(archive.import_paths(paths))
    _assert_reported(list(results.values()))
    assert set(results) == {path.name for path in paths}
    assert {name: result.status.value for name, result in results.items()} == {
        "no-boundary.mhtml": "failed",
        "broken-boundary.mhtml": "failed",
        "no-location.mhtml": "imported",
        "base64-garbage.mhtml": "skipped",
        "truncated.mhtml": "imported",
        "headers-only.mhtml": "failed",
        # read despite its headers: the same page as no-location.mhtml
        "bad-header-bytes.mhtml": "duplicate",
    }
    assert results["no-boundary.mhtml"].reason == (
        "the MHTML file is damaged (a message claimed to be a multipart but had no boundary"
        " parameter): it has no HTML part"
    )
    assert results["broken-boundary.mhtml"].reason.startswith(
        "the MHTML file is damaged (the claimed start boundary was never found)"
    )
    assert results["base64-garbage.mhtml"].reason.startswith("no article found")


def test_malformed_warc_files_are_reported_and_the_batch_goes_on(
    archive: Archive, tmp_path: Path
) -> None:
    good = _warc([("http://example.org/story", _page(), "text/html")])
    plain = _warc(
        [("http://example.org/plain", _page("Plain WARC"), "text/html")], gzip_records=False
    )
    no_uri = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: 60\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>x</p></html>\r\n\r\n"
    )
    cases = {
        "bad-headers.warc": b"WARC/1.0\r\nthis is: not\r\na header block\r\n\r\n" + b"\x00" * 40,
        "bad-version.warc": b"WARC/9.9\r\nWARC-Type: response\r\n\r\n",
        "truncated-member.warc.gz": good[: len(good) // 2],
        "length-too-long.warc": plain.replace(b"Content-Length: ", b"Content-Length: 9"),
        "length-too-short.warc": plain.replace(b"Content-Length: ", b"Content-Length: -"),
        "no-target-uri.warc": no_uri,
        "bad-status.warc": plain.replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 OK OK OK"),
        "good.warc.gz": good,
    }
    paths = []
    for name, data in cases.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    results = archive.import_paths(paths)
    _assert_reported(results)
    found = _by_name(results)
    assert set(found) == set(cases)
    assert found["good.warc.gz"].status is ImportStatus.IMPORTED
    assert found["bad-headers.warc"].status is ImportStatus.FAILED
    assert found["truncated-member.warc.gz"].status is ImportStatus.FAILED
    assert found["no-target-uri.warc"].status is ImportStatus.FAILED
    assert found["no-target-uri.warc"].reason.startswith("the WARC file")


# "Complete" pages that reach out of their folder


def test_resource_paths_and_links_cannot_leave_the_page_folder(
    archive: Archive, tmp_path: Path
) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.png").write_bytes(_PNG + b"secret")
    site = tmp_path / "site"
    files = site / "pages" / "story_files"
    files.mkdir(parents=True)
    (files / "ok.png").write_bytes(_PNG)
    (files / "link.png").symlink_to(outside / "secret.png")
    (files / "dir").symlink_to(outside, target_is_directory=True)
    refs = [
        "story_files/ok.png",
        "../../private/secret.png",
        "../../../../../../../../etc/passwd",
        "/etc/passwd",
        "file:///etc/passwd",
        "story_files/link.png",
        "story_files/dir/secret.png",
        "story_files/%2e%2e/%2e%2e/%2e%2e/private/secret.png",
        "story_files/..%2f..%2f..%2fprivate%2fsecret.png",
        "http://example.org/remote.png",
    ]
    images = "".join(
        f'<p><img src="{ref}" alt="{i}"> caption {i}</p>' for i, ref in enumerate(refs)
    )
    page = site / "pages" / "story.html"
    page.write_bytes(_page(extra=images))
    (result,) = archive.import_paths([page])
    assert result.status is ImportStatus.IMPORTED
    article = archive.get(result.article_id)
    assert list(article.resources) == ["story_files/ok.png"]
    kept = archive.resource(article.id, "story_files/ok.png")
    assert kept is not None and kept[0] == _PNG
    assert article.html.count("<img") == 1


# Folders with symbolic link loops


def test_symbolic_link_loops_in_a_folder_do_not_loop(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "story.html").write_bytes(_page())
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "self.html").symlink_to(folder / "self.html")
    (folder / "ping.html").symlink_to(folder / "pong.html")
    (folder / "pong.html").symlink_to(folder / "ping.html")
    started = time.monotonic()
    results = archive.import_paths([folder])
    assert time.monotonic() - started < 30
    found = _by_name(results)
    assert sorted(found) == ["ping.html", "pong.html", "self.html", "story.html"]
    assert found["story.html"].status is ImportStatus.IMPORTED
    for name in ("ping.html", "pong.html", "self.html"):
        assert found[name].status is ImportStatus.FAILED
        assert found[name].reason.startswith("cannot read the file: Too many levels"), found[name]
    # A loop named directly is reported too, not taken for a missing file.
    (again,) = archive.import_paths([folder / "self.html"])
    assert again.status is ImportStatus.FAILED


# Files that cannot be read


def _import_within(archive: Archive, paths: list[Path], seconds: float) -> list[ImportResult]:
    """Imports on a daemon thread; fails the test instead of hanging on a pipe."""
    box: list[list[ImportResult]] = []
    thread = threading.Thread(target=lambda: box.append(archive.import_paths(paths)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the import hangs"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_reported_not_waited_on(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "pipe.html")
    os.mkfifo(folder / "pipe-without-page-name")
    (folder / "story.html").write_bytes(_page())
    results = _by_name(_import_within(archive, [folder, folder / "pipe.html"], 30))
    assert sorted(results) == ["pipe.html", "story.html"]
    assert results["pipe.html"].status is ImportStatus.FAILED
    assert "not a regular file" in results["pipe.html"].reason
    assert results["story.html"].status is ImportStatus.IMPORTED


def test_a_folder_named_like_a_page_is_walked_not_read(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "odd.html"
    folder.mkdir()
    (folder / "story.html").write_bytes(_page())
    results = archive.import_paths([folder])
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("story.html", ImportStatus.IMPORTED)
    ]


def test_a_file_that_cannot_be_opened_is_reported(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.html"
    locked.write_bytes(_page("Locked"))
    good = tmp_path / "good.html"
    good.write_bytes(_page())
    real_open = os.open

    def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)).name == "locked.html":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    results = _by_name(archive.import_paths([locked, good]))
    assert results["locked.html"].status is ImportStatus.FAILED
    assert results["locked.html"].reason == "cannot read the file: Permission denied"
    assert results["good.html"].status is ImportStatus.IMPORTED


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_a_file_without_read_permission_is_reported(archive: Archive, tmp_path: Path) -> None:
    locked = tmp_path / "locked.html"
    locked.write_bytes(_page())
    locked.chmod(0)
    (result,) = archive.import_paths([locked])
    assert result.status is ImportStatus.FAILED
    assert result.reason == "cannot read the file: Permission denied"


# File names that are not UTF-8


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names there are Unicode")
def test_file_names_that_are_not_utf8_print_and_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    raw = os.fsencode(folder)
    for name, data in ((b"caf\xe9-\xff.html", _page()), (b"broken-\xfe.html", b"")):
        handle = os.open(os.path.join(raw, name), os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(handle, data)
        os.close(handle)
    library = str(tmp_path / "library")
    assert cli.main(["import", "--library", library, "--json", str(folder)]) == cli.EXIT_FAILED
    printed = capsys.readouterr()
    printed.out.encode("utf-8")
    printed.err.encode("utf-8")
    rows = {Path(row["path"]).name: row for row in map(json.loads, printed.out.splitlines())}
    assert rows["caf\\xe9-\\xff.html"]["status"] == "imported"
    assert rows["broken-\\xfe.html"]["status"] == "failed"
    assert rows["broken-\\xfe.html"]["reason"] == "the file is empty"
    assert "1 imported" in printed.err
    # The summary without --json names the failed file the same way.
    assert cli.main(["import", "--library", library, str(folder)]) == cli.EXIT_FAILED
    summary = capsys.readouterr().out
    summary.encode("utf-8")
    assert "failed: " in summary and "broken-\\xfe.html: the file is empty" in summary
    with Archive.open(library) as archive:
        (row,) = archive.list_articles()
        article = archive.get(row.id)
        assert article.source_path.endswith("caf\\xe9-\\xff.html")


# A file that changes while it is read


def _on_first_read(path: Path, action: object, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Runs ``action`` whenever ``path`` is read through os.read; counts the reads."""
    inode = path.stat().st_ino
    real_read = os.read
    calls: list[int] = []

    def read(fd: int, size: int) -> bytes:
        if os.fstat(fd).st_ino == inode:
            calls.append(fd)
            action(len(calls))  # type: ignore[operator]
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", read)
    return calls


def test_a_file_that_changes_while_read_is_stored_as_it_was_extracted(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.html"
    path.write_bytes(_page("First version"))
    second = _page("Second version", extra="<p>A paragraph added while the file was read.</p>")

    def rewrite(call: int) -> None:
        if call == 1:
            with path.open("r+b") as handle:
                handle.write(second)

    _on_first_read(path, rewrite, monkeypatch)
    (result,) = archive.import_paths([path])
    monkeypatch.undo()
    assert result.status is ImportStatus.IMPORTED
    article = archive.get(result.article_id)
    stored = archive.original_path(article.id).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == article.original_sha256
    assert stored == path.read_bytes() == second
    assert article.title == "Second version"
    assert "added while the file was read" in article.text


def test_a_file_that_keeps_changing_is_reported(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "download.html"
    path.write_bytes(_page())

    def grow(call: int) -> None:
        with path.open("ab") as handle:
            handle.write(b"<p>more</p>")

    _on_first_read(path, grow, monkeypatch)
    (result,) = archive.import_paths([path])
    monkeypatch.undo()
    assert result.status is ImportStatus.FAILED
    assert result.reason.startswith("the file kept changing while it was read")
    assert not list((archive.path / "originals").glob(".incoming-*"))


# Sanitised HTML


_HOSTILE = """<!DOCTYPE html><html><head><title>Hostile page</title>
<base href="http://evil.example/">
<meta http-equiv="refresh" content="0; url=http://evil.example/">
<link rel="stylesheet" href="http://evil.example/s.css">
<style>@font-face{src:url(http://evil.example/f.woff)} body{background:url(http://evil.example/b.png)}</style>
<script>fetch('http://evil.example/')</script></head>
<body onload="alert(1)"><article><h1>Hostile page</h1>
<p onclick="alert(1)" style="background:url(http://evil.example/p.png)">The council voted on the
harbour plan after a long debate about the dredging and the fishing season.
<a href="javascript:alert(1)">one</a> <a href="java&#9;script:alert(2)">two</a>
<a href=" JAVASCRIPT:alert(3)">three</a> <a href="vbscript:msgbox(4)">four</a>
<a href="data:text/html,<script>alert(5)</script>">five</a>
<a href="file:///etc/passwd">six</a> <a href="http://example.org/ok" onmouseover="x()">seven</a>
<img src="http://evil.example/track.gif" onerror="alert(6)">
<img src="data:image/png;base64,iVBORw0KGgo=">
<img src="javascript:alert(7)"> <img srcset="http://evil.example/a.png 2x" src="">
</p>
<iframe src="http://evil.example/frame"></iframe><object data="http://evil.example/o"></object>
<embed src="http://evil.example/e"><svg><script>alert(8)</script><image href="http://evil.example/i.png"/></svg>
<form action="http://evil.example/post"><input name="q" onfocus="alert(9)"></form>
<video src="http://evil.example/v.mp4" poster="http://evil.example/p.jpg"></video>
<audio src="http://evil.example/a.mp3"></audio>
<p>The plan passes, and the fishermen say they will appeal the decision in the spring session
of the regional court, which has heard three such cases this year.</p>
<math><mtext><script>alert(10)</script></mtext></math>
</article></body></html>"""

_ALLOWED = {
    "p": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "a": {"href"},
    "img": {"src", "alt"},
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "blockquote": set(),
    "pre": set(),
    "table": set(),
    "tr": set(),
    "td": set(),
    "th": set(),
    "figure": set(),
    "figcaption": set(),
    "br": set(),
}


class _TagAudit(HTMLParser):
    """Collects every tag, attribute and link of an article's html."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED:
            self.problems.append(f"tag <{tag}>")
            return
        for name, value in attrs:
            if name not in _ALLOWED[tag]:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href":
                self.hrefs.append(value or "")
            elif name == "src":
                self.srcs.append(value or "")


def audit_article_html(html: str) -> _TagAudit:
    """Checks article html against the allowlist the reader relies on."""
    audit = _TagAudit()
    audit.feed(html)
    audit.close()
    for href in audit.hrefs:
        compact = "".join(ch for ch in href if ord(ch) > 32).lower()
        has_scheme = ":" in compact.split("/", 1)[0]
        if has_scheme and not compact.startswith(("http:", "https:", "ftp:")):
            audit.problems.append(f"link {href!r}")
    for src in audit.srcs:
        if not src.startswith("resource:"):
            audit.problems.append(f"image {src!r}")
    return audit


def test_stored_html_is_sanitised(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(_HOSTILE, encoding="utf-8")
    (result,) = archive.import_paths([path])
    assert result.status is ImportStatus.IMPORTED
    article = archive.get(result.article_id)
    assert audit_article_html(article.html).problems == []
    lowered = article.html.lower()
    for word in ("script", "evil.example", "data:", "file:", "onclick", "onerror", "style"):
        assert word not in lowered, word
    assert '<a href="http://example.org/ok">seven</a>' in article.html
    assert "The council voted on the harbour plan" in article.text


def test_every_project_fixture_stores_sanitised_html(archive: Archive) -> None:
    results = archive.import_paths([FIXTURES / "pages", FIXTURES / "extraction"])
    imported = [r for r in results if r.status is ImportStatus.IMPORTED]
    assert len(imported) >= 10
    for result in imported:
        article = archive.get(result.article_id)
        assert audit_article_html(article.html).problems == [], result.path


def test_shared_pages_store_sanitised_html(shared_pages: Path, archive: Archive) -> None:
    results = archive.import_paths([shared_pages])
    imported = [r for r in results if r.status is ImportStatus.IMPORTED]
    assert len(imported) >= 10
    for result in imported:
        article = archive.get(result.article_id)
        assert audit_article_html(article.html).problems == [], result.path


# Exports escape what they must


_HOSTILE_TITLE = '=HYPERLINK("http://evil.example/","x") <b>&amp; # *x* [y](z)\x01\x0b'


def test_exports_escape_hostile_text(archive: Archive, tmp_path: Path) -> None:
    body = (
        "<p>=cmd|' /C calc'!A0 opens a calculator in old spreadsheets, and the harbour"
        " board heard about it on Tuesday when the clerk pasted it.</p>"
        "<p>-2+3 is how the second line of the minutes begins, with @SUM(A1) after it,"
        " and Harbour\x0cBoard is named again.</p>"
    )
    path = tmp_path / "hostile.html"
    path.write_bytes(
        (
            "<html><head><meta charset='utf-8'><title></title></head><body><article>"
            f"<h1>{_HOSTILE_TITLE.replace('<', '&lt;')}</h1>{body * 3}</article></body></html>"
        ).encode()
    )
    (result,) = archive.import_paths([path])
    assert result.status is ImportStatus.IMPORTED
    article_id = result.article_id
    archive.annotations.add(
        article_id,
        quote="=cmd|' /C calc'!A0",
        note="# not a heading\n- not a list\n> not a quote\n1. not a list\n<script>x</script>",
        tags=["@tag"],
    )
    archive.annotations.add(article_id, quote="-2+3 is how the second line")
    archive.annotations.set_note(article_id, "+note\n\n=1+1\n[link](javascript:alert(1))")
    archive.entities.add("Harbour\x0cBoard", "organisation")
    archive.entities.add("<clerk> & co", "person", aliases=["clerk"])
    exporter = archive.export
    selection = exporter.select(article_ids=[article_id])
    rendered = {fmt: exporter.render(fmt, selection) for fmt in ("csv", "mentions-csv")}
    for fmt, text in rendered.items():
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, cell)
    assert "'=cmd|' /C calc'!A0" in rendered["csv"]
    assert "'-2+3 is how" in rendered["csv"]

    markdown = exporter.render("markdown", selection)
    lines = markdown.splitlines()
    assert not any(line.startswith(("# not", "- not", "> not", "1. not")) for line in lines)
    assert "\\# not a heading" in lines and "1\\. not a list" in lines
    assert "<script>" not in markdown and "](javascript:" not in markdown.replace("\\]", "")
    # "=" starts no Markdown construct here (only a line of "=" underlines a heading).
    assert "> =cmd\\|' /C calc'\\!A0" in lines

    report = exporter.render("html", selection)
    assert "<script>" not in report and "<b>&amp;" not in report
    assert "&lt;script&gt;" in report

    for fmt in ("gexf", "graphml"):
        text = exporter.render(fmt, selection)
        assert not any(ch in text for ch in "\x01\x0b\x0c"), fmt
        assert "Harbour" in text and "&lt;clerk&gt; &amp; co" in text, fmt
        ET.fromstring(text.encode("utf-8"))


def test_charset_labels_that_are_not_page_encodings_are_ignored(
    archive: Archive, tmp_path: Path
) -> None:
    paths = []
    for label in ("zlib", "base64", "rot13", "undefined", "utf-7", "idna", "unicode_escape"):
        paths.append(tmp_path / f"{label}.html")
        paths[-1].write_bytes(
            _page(f"Charset {label}").replace(b"charset='utf-8'", f"charset='{label}'".encode())
        )
    results = archive.import_paths(paths)
    assert [r.status for r in results] == [ImportStatus.IMPORTED] * len(paths)
    assert all(archive.get(r.article_id).title.startswith("Charset ") for r in results)
