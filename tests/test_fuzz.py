"""Fuzzing: the format readers, the extractor, the importer and the query parser.

Hypothesis feeds them random bytes behind each format's magic, and the
project's own saved pages with bytes flipped, inserted, deleted, repeated or
cut off. The only exception allowed out of reading a file is ImportFailure
(the message the user sees); out of the query parser, QuerySyntaxError; and
``Archive.search`` takes any string at all.

CI runs a few thousand cases in well under a minute. Set
``ARCHIVE_READER_FUZZ=<factor>`` to multiply the number of examples for a
longer run (``ARCHIVE_READER_FUZZ=20 pytest tests/test_fuzz.py``).
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_reader.core.archive import Archive
from archive_reader.core.errors import ImportFailure, QuerySyntaxError
from archive_reader.core.extraction.extractor import extract_article
from archive_reader.core.ingest.formats import read_pages
from archive_reader.core.ingest.sources import SourcePage
from archive_reader.core.models import ImportStatus
from archive_reader.core.search.query import parse
from tests.conftest import FIXTURES

_FACTOR = max(1, int(os.environ.get("ARCHIVE_READER_FUZZ", "1")))

# Small files: each example is written to disk and read back.
_SEEDS = sorted(
    path
    for path in (FIXTURES / "pages").rglob("*")
    if path.is_file() and path.suffix != ".json" and path.stat().st_size < 64 * 1024
) + sorted((FIXTURES / "extraction").glob("*.html"))
_SEED_BYTES = {path: path.read_bytes() for path in _SEEDS}

_MAGIC_PREFIXES = [
    b"",
    b"<!DOCTYPE html><html><head><title>T</title></head><body>",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n",
    b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a/\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: 9999\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
    b"Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    b"MIME-Version: 1.0\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: "
    b"quoted-printable\r\n\r\n",
    b"\xef\xbb\xbf<html>",
    b"<html><head><meta charset='",
    b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=",
    b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00",
]
_NAMES = ["page.html", "page.mhtml", "page.warc", "page.warc.gz", "page.html.gz", "page.bin"]

pytestmark = pytest.mark.slow


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples * _FACTOR,
        deadline=None,
        derandomize=_FACTOR == 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


@st.composite
def mutated_fixture(draw: st.DrawFn) -> tuple[str, bytes]:
    """A fixture page of the project, damaged in a few random places."""
    path = draw(st.sampled_from(_SEEDS))
    data = bytearray(_SEED_BYTES[path])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(
                st.one_of(
                    st.binary(max_size=16),
                    st.sampled_from([b"<", b">", b"</div>", b"\r\n\r\n", b"--", b"\x00", b'"']),
                )
            )
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 20))
        elif kind == "truncate":
            del data[at:]
    return path.name, bytes(data)


@st.composite
def random_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """Random bytes behind the opening bytes of a format, under a page's name."""
    prefix = draw(st.sampled_from(_MAGIC_PREFIXES))
    return draw(st.sampled_from(_NAMES)), prefix + draw(st.binary(max_size=2048))


def _read_and_extract(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    try:
        for page in read_pages(path):
            if isinstance(page, SourcePage):
                article = extract_article(page.html, url=page.url)
                assert isinstance(article.text, str)
                for ref in ("a.png", "../../../etc/passwd", "http://[::1", "x\x00y", "cid:a"):
                    page.find_resource(ref)
    except ImportFailure as error:
        assert str(error)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def archive(scratch: Path) -> Iterator[Archive]:
    with Archive.open(scratch / "library") as opened:
        opened.import_paths([FIXTURES / "pages"])
        yield opened


@_settings(600)
@given(case=mutated_fixture())
def test_mutated_fixtures_read_and_extract(scratch: Path, case: tuple[str, bytes]) -> None:
    _read_and_extract(scratch, *case)


@_settings(600)
@given(case=random_file())
def test_random_bytes_read_and_extract(scratch: Path, case: tuple[str, bytes]) -> None:
    _read_and_extract(scratch, *case)


@_settings(400)
@given(html=st.text(max_size=3000), url=st.one_of(st.none(), st.text(max_size=40)))
def test_extractor_takes_any_text(html: str, url: str | None) -> None:
    article = extract_article(html, url=url)
    assert isinstance(article.html, str)


_TAGS = ["div", "p", "a", "table", "tr", "td", "ul", "li", "figure", "img", "h1", "b", "pre"]


@_settings(300)
@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
            st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
            st.just('<img src="x.png">'),
            st.just('<a href="javascript:alert(1)">'),
            st.text(alphabet="abc .,<>&;\"'\n", max_size=20),
        ),
        max_size=200,
    )
)
def test_extractor_takes_tag_soup(parts: list[str]) -> None:
    article = extract_article("<html><body>" + "".join(parts))
    assert "javascript:" not in article.html.lower()


@_settings(200)
@given(case=st.one_of(mutated_fixture(), random_file()))
def test_importer_reports_every_damaged_file(
    archive: Archive, scratch: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    # Hypothesis seeds the global random module the same way for every example;
    # Whoosh names new segments with it, and a repeated name breaks its commit.
    random.seed(os.urandom(16))
    folder = Path(tempfile.mkdtemp(dir=scratch))
    (folder / name).write_bytes(data)
    results = archive.import_paths([folder / name])
    assert results
    for result in results:
        assert isinstance(result.status, ImportStatus)
        if result.status is ImportStatus.FAILED:
            assert result.reason


_QUERY_PIECES = st.sampled_from(
    [
        "AND",
        "OR",
        "NOT",
        "-",
        "(",
        ")",
        '"',
        ":",
        "*",
        "~",
        "~9",
        "..",
        ">",
        ">=",
        "<",
        "<=",
        "title:",
        "date:",
        "saved:",
        "tag:",
        "lang:",
        "2024",
        "2024-02-30",
        "0000",
        "9999-12-31",
        "0001-01-01",
        "٢٠٢٤",
        "word",
        "\x00",
        " ",
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(_QUERY_PIECES, max_size=30).map("".join),
    st.lists(st.one_of(_QUERY_PIECES, st.text(max_size=5)), max_size=20).map(" ".join),
)


@_settings(1500)
@given(query=_QUERIES)
def test_query_parser_raises_only_syntax_errors(query: str) -> None:
    try:
        parse(query)
    except QuerySyntaxError as error:
        assert str(error)


@pytest.mark.parametrize(
    "query",
    [
        "(" * 5000 + "x" + ")" * 5000,
        "NOT " * 5000 + "x",
        "- " * 5000 + "x",
        "title:(" + "(" * 3000 + "x",
        "date:9999-12-31..",
        "date:>9999-12-31",
        "date:<0001-01-01",
        "date:0000",
        "date:0000-02",
        "x" * 100_000,
        " OR ".join(["x"] * 5000),
    ],
)
def test_query_parser_extremes(query: str) -> None:
    try:
        parse(query)
    except QuerySyntaxError as error:
        assert str(error)


@_settings(300)
@given(query=_QUERIES)
def test_search_takes_any_string(archive: Archive, query: str) -> None:
    results = archive.search(query, limit=5)
    assert results.total >= 0
