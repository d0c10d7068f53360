"""Reads WACZ files (Webrecorder's zipped WARCs): the pages its pages.jsonl lists."""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from archive_reader.core.errors import ImportFailure
from archive_reader.core.ingest.sources import Resource, SkippedRecord, SourcePage, iso_utc
from archive_reader.core.ingest.warc import WarcOpener, warc_images, warc_pages

log = logging.getLogger(__name__)

_PAGES = ("pages/pages.jsonl", "pages/extraPages.jsonl")
_CHUNK = 1024 * 1024


def is_wacz(names: list[str]) -> bool:
    """True when a ZIP's member names are a WACZ's."""
    return "datapackage.json" in names and any(name.startswith("archive/") for name in names)


def read_wacz(path: Path, limit: int) -> Iterator[SourcePage | SkippedRecord]:
    """Reads every page a WACZ's pages.jsonl lists, from the WARCs inside it.

    Each page keeps the title and timestamp pages.jsonl gives it. Every file
    ``datapackage.json`` lists is checked against its sha256; the pages of a
    WARC that does not match are not imported, and that is reported.

    Raises:
        ImportFailure: The ZIP cannot be read, or no listed page was found.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            yield from _read(archive, limit)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ImportFailure(f"the WACZ file is damaged: {error}") from error


def _read(archive: zipfile.ZipFile, limit: int) -> Iterator[SourcePage | SkippedRecord]:
    names = archive.namelist()
    bad = set()
    for name, reason in _check_hashes(archive):
        bad.add(name)
        yield SkippedRecord(name, reason)
    listed = _listed_pages(archive, names)
    if not listed:
        raise ImportFailure("the WACZ file lists no pages (pages/pages.jsonl is missing or empty)")
    warcs = [
        name
        for name in names
        if name.startswith("archive/") and name.endswith((".warc", ".warc.gz")) and name not in bad
    ]

    def opener(name: str) -> WarcOpener:
        return lambda: archive.open(name)

    images: dict[str, Resource] = {}
    for name in warcs:
        images.update(warc_images(opener(name), name))
    found = 0
    wanted = dict(listed)
    for name in warcs:
        try:
            items = list(warc_pages(opener(name), limit, images, seekable=False, fmt="wacz"))
        except ImportFailure as error:
            yield SkippedRecord(name, f"{name}: {error}")
            continue
        for item in items:
            if isinstance(item, SkippedRecord):
                yield item
                continue
            page = _listed(item, wanted)
            if page is not None:
                found += 1
                yield page
    for (url, _), _ in wanted.items() if not bad else ():
        yield SkippedRecord(url, "listed in the WACZ's pages.jsonl but not found in its WARC files")
    if not found and not bad:
        raise ImportFailure("the WACZ file holds none of the pages its pages.jsonl lists")


def _listed(
    page: SourcePage, wanted: dict[tuple[str, str | None], str | None]
) -> SourcePage | None:
    """The page with its pages.jsonl title and time, or None when it is not listed."""
    url = page.url or ""
    for key in ((url, page.captured_at), *(k for k in wanted if k[0] == url)):
        if key in wanted:
            page.title = wanted.pop(key)
            page.captured_at = key[1] or page.captured_at
            return page
    return None


def _listed_pages(
    archive: zipfile.ZipFile, names: list[str]
) -> dict[tuple[str, str | None], str | None]:
    """(url, capture time) -> title, for each page pages.jsonl lists."""
    listed: dict[tuple[str, str | None], str | None] = {}
    for name in _PAGES:
        if name not in names:
            continue
        for line in archive.read(name).decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                continue  # The header line ({"format": "json-pages-1.0", ...}).
            ts = entry.get("ts")
            title = entry.get("title")
            when = _timestamp(ts) if isinstance(ts, str) else None
            listed[(entry["url"], when)] = title if isinstance(title, str) and title else None
    return listed


def _timestamp(value: str) -> str | None:
    """pages.jsonl's ``ts``: ISO 8601, or a 14-digit WARC/CDX timestamp."""
    digits = value.strip()
    if len(digits) == 14 and digits.isdigit():
        date, time = digits[:8], digits[8:]
        value = f"{date[:4]}-{date[4:6]}-{date[6:]}T{time[:2]}:{time[2:4]}:{time[4:]}Z"
    return iso_utc(value)


def _check_hashes(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(member, reason) for each file whose sha256 is not the one datapackage.json gives."""
    try:
        package = json.loads(archive.read("datapackage.json"))
    except (KeyError, ValueError) as error:
        yield "datapackage.json", f"the WACZ's datapackage.json cannot be read: {error}"
        return
    resources = package.get("resources") if isinstance(package, dict) else None
    for entry in resources if isinstance(resources, list) else []:
        if not isinstance(entry, dict):
            continue
        name, expected = entry.get("path"), entry.get("hash")
        if not isinstance(name, str) or not isinstance(expected, str):
            continue
        algorithm, _, digest = expected.partition(":")
        if algorithm != "sha256":
            continue
        try:
            with archive.open(name) as member:
                actual = _sha256(member)
        except KeyError:
            yield name, f"{name} is listed in datapackage.json but missing from the WACZ"
            continue
        if actual != digest.lower():
            log.warning("WACZ member %s: sha256 %s, datapackage.json says %s", name, actual, digest)
            dropped = "; its pages were not imported" if name.startswith("archive/") else ""
            yield (
                name,
                f"{name} does not match its sha256 in datapackage.json: the WACZ was changed"
                f" or damaged after it was made{dropped}",
            )


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
