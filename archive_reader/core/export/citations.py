"""Citations and provenance: the citation line, split author names, CSL-JSON, BibTeX and RIS.

Every export carries provenance, so that each quote can be traced back to the
exact saved page: the archive's article id, the SHA-256 of the original file
kept in the library, the capture date when the file records one (MHTML
``Date``, ``WARC-Date``) and the import date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from archive_reader.core.export.selection import ExportArticle

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Names that are organisations or bylines rather than one person's name.
_ORGANISATION_WORDS = frozenset(
    [
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "desk",
        "team",
        "editors",
        "editorial",
        "board",
        "news",
        "press",
        "agency",
        "agencies",
        "service",
        "wire",
        "reuters",
        "ap",
        "afp",
        "dpa",
        "bbc",
        "cnn",
        "newsroom",
        "online",
        "digital",
        "media",
        "group",
        "times",
        "post",
        "herald",
        "journal",
        "associated",
        "inc",
        "ltd",
        "llc",
    ]
)
_NAME_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "al",
    ]
)


def _day(stamp: str | None) -> str:
    """The date part of an ISO 8601 stamp ("" for None)."""
    return (stamp or "")[:10]


# Citation line and provenance


def citation(article: ExportArticle, full_hash: bool = False) -> str:
    """The citation line of an article, with its provenance.

    Example: ``Jane Doe, "Budget vote postponed", The Valley Courier,
    2024-03-04, https://... (saved 2024-03-05, imported 2024-03-06; archive
    article 12, sha256 9f86d081884c…)``.

    Args:
        article: The article.
        full_hash: Write the whole SHA-256 instead of its first 12 digits.
    """
    parts = [p for p in (article.author, f'"{article.title}"', article.site_name) if p]
    if article.published:
        parts.append(_day(article.published))
    if article.url:
        parts.append(article.url)
    sha = article.original_sha256 if full_hash else article.original_sha256[:12] + "…"
    saved = []
    if article.captured_at:
        saved.append(f"saved {_day(article.captured_at)}")
    saved.append(f"imported {_day(article.imported_at)}")
    return f"{', '.join(parts)} ({', '.join(saved)}; archive article {article.id}, sha256 {sha})"


def provenance(article: ExportArticle) -> dict[str, object]:
    """The provenance fields of an article, as put into every export."""
    return {
        "article_id": article.id,
        "original_sha256": article.original_sha256,
        "captured": article.captured_at,
        "imported": article.imported_at,
        "source_format": article.source_format,
    }


# Citations: CSL-JSON, BibTeX, RIS


#: Agencies that follow a reporter's name in a byline ("Eric Tucker Associated Press").
_AGENCIES = ("associated press", "reuters", "afp", "agence france-presse", "dpa", "ap")
_INITIALS = re.compile(r"^(?:[A-Z]\.?\s*){1,4}$")


def _name_case(name: str) -> str:
    """A name written in capitals in Title Case ("ERIC TUCKER" -> "Eric Tucker")."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return name
    words = []
    for word in name.split():
        lower = word.lower()
        words.append(lower if lower in _NAME_PARTICLES else word.capitalize())
    return " ".join(words)


def _parts(author: str) -> list[str]:
    """The names of a byline: split at , ; & and "and"; "Family, I." pairs joined again."""
    pieces = [
        re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE).strip()
        for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", author)
    ]
    pieces = [piece for piece in pieces if piece]
    names: list[str] = []
    for piece in pieces:
        # APA-style "MASCARO, L.": initials after a single-word family name.
        if names and _INITIALS.match(piece) and len(names[-1].split()) == 1:
            names[-1] = f"{piece} {names[-1]}"
            continue
        names.append(piece)
    # A reporter's name followed by the agency: "Eric Tucker Associated Press".
    out: list[str] = []
    for name in names:
        lowered = name.casefold()
        agency = next(
            (a for a in _AGENCIES if lowered.endswith(" " + a) and len(lowered) > len(a) + 3),
            None,
        )
        if agency is not None:
            out += [name[: -len(agency)].strip(), name[-len(agency) :]]
        else:
            out.append(name)
    return out


def split_authors(author: str | None, site: str | None = None) -> list[dict[str, str]]:
    """Author names as CSL name objects.

    Names are split at ", ", ";", " and " and "&" (the extractor joins several
    authors with ", "), "Family, I." pairs kept together and an agency after
    a reporter's name set apart. A person's name "First Middle Last" becomes
    ``{"given": "First Middle", "family": "Last"}`` (lower-case particles such
    as "von" stay with the family name; a name in capitals is set in Title
    Case); a byline such as "Staff" or "Reuters", the site's own name, or a
    single word becomes ``{"literal": ...}`` (an organisation: never split
    into given and family names).
    """
    if not author:
        return []
    site_key = " ".join((site or "").casefold().split())
    names = []
    for raw in _parts(author):
        name = _name_case(raw)
        words = name.split()
        lowered = {w.casefold().strip(".") for w in words}
        if (
            len(words) < 2
            or lowered & _ORGANISATION_WORDS
            or any(ch.isdigit() for ch in name)
            or "@" in name
            or (site_key and " ".join(name.casefold().split()) == site_key)
        ):
            names.append({"literal": name})
            continue
        cut = len(words) - 1
        while cut > 1 and words[cut - 1] in _NAME_PARTICLES:
            cut -= 1
        names.append({"given": " ".join(words[:cut]), "family": " ".join(words[cut:])})
    return names


def _date_parts(stamp: str | None) -> list[int] | None:
    match = _DATE.match(stamp or "")
    if not match:
        return None
    return [int(p) for p in match.groups() if p is not None]


def citation_key(article: ExportArticle) -> str:
    """A BibTeX-safe key: first author's family name (or the site), year, first title word, id."""
    names = split_authors(article.author, article.site_name)
    who = names[0].get("family") or names[0].get("literal", "") if names else ""
    who = who or article.site_name or "article"
    year = (_date_parts(article.published) or [0])[0] or ""
    words = [w for w in re.findall(r"\w+", article.title) if len(w) > 3]
    title = words[0] if words else ""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9]", "", plain).lower()

    return f"{ascii_word(who)[:20] or 'article'}{year}{ascii_word(title)[:20]}-{article.id}"


def _captured_parts(article: ExportArticle) -> list[int] | None:
    """The access date a citation gives: when the page was saved, or none.

    The import date is when the file reached the library, not when the page
    was read: citing it as "accessed" would date a 2019 save to today.
    """
    return _date_parts(article.captured_at)


def _provenance_note(article: ExportArticle) -> str:
    parts = []
    if article.captured_at:
        parts.append(f"Saved {article.captured_at}")
    parts.append(f"imported {article.imported_at}")
    parts.append(f"Archive Reader article {article.id}")
    parts.append(f"original file sha256 {article.original_sha256}")
    return "; ".join(parts)


def csl_items(articles: Sequence[ExportArticle]) -> list[dict[str, object]]:
    """The articles as CSL-JSON items (for Zotero, Pandoc and citeproc).

    Type ``article-newspaper`` when the site is known, else ``webpage`` (as in
    BibTeX and RIS); the site is the container title and the capture date the
    access date (none when the file does not say when it was saved). The
    provenance goes in ``custom``, which styles do not print: the reference
    renders clean in APA or Chicago.
    """
    items = []
    for article in articles:
        item: dict[str, object] = {
            "id": citation_key(article),
            "type": "article-newspaper" if article.site_name else "webpage",
            "title": article.title,
        }
        if article.site_name:
            item["container-title"] = article.site_name
        authors = split_authors(article.author, article.site_name)
        if authors:
            item["author"] = authors
        issued = _date_parts(article.published)
        if issued:
            item["issued"] = {"date-parts": [issued]}
        accessed = _captured_parts(article)
        if accessed:
            item["accessed"] = {"date-parts": [accessed]}
        if article.url:
            item["URL"] = article.url
        if article.language:
            item["language"] = article.language
        if article.description:
            item["abstract"] = article.description
        if article.tags:
            item["keyword"] = ", ".join(article.tags)
        item["custom"] = {"archive-reader": provenance(article)}
        items.append(item)
    return items


_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def _bib(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, on one line."""
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES[m.group()], " ".join(text.split()))


def _bib_url(url: str) -> str:
    # biblatex reads url verbatim; only unbalanced braces would break the entry.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bib_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _bib(name["literal"]) + "}"
    return f"{_bib(name['family'])}, {_bib(name['given'])}"


def bibtex(articles: Sequence[ExportArticle]) -> str:
    """The articles as biblatex entries (UTF-8), with url, urldate and provenance.

    An article whose site is known is a newspaper ``@article`` (the site as
    ``journaltitle``, ``entrysubtype = {newspaper}``), else ``@online``, as in
    CSL and RIS. ``urldate`` is the capture date (none when unknown); the
    provenance is in ``archivereader``, a field biblatex's styles ignore.
    """
    entries = []
    for article in articles:
        fields: list[tuple[str, str]] = [("title", _bib(article.title))]
        authors = split_authors(article.author, article.site_name)
        if authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in authors)))
        if article.site_name:
            fields.append(("journaltitle", _bib(article.site_name)))
            fields.append(("entrysubtype", "newspaper"))
        issued = _date_parts(article.published)
        if issued:
            fields.append(("date", "-".join(f"{p:02d}" for p in issued)))
            fields.append(("year", str(issued[0])))
        if article.url:
            fields.append(("url", _bib_url(article.url)))
        accessed = _captured_parts(article)
        if accessed:
            fields.append(("urldate", "-".join(f"{p:02d}" for p in accessed)))
        if article.language:
            fields.append(("langid", _bib(article.language)))
        if article.tags:
            fields.append(("keywords", _bib(", ".join(article.tags))))
        fields.append(("archivereader", _bib(_provenance_note(article))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = "article" if article.site_name else "online"
        entries.append(f"@{kind}{{{citation_key(article)},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(articles: Sequence[ExportArticle], with_provenance: bool = False) -> str:
    """The articles as RIS records (``NEWS`` when the site is known, else ``ELEC``).

    ``Y2`` (accessed) is the capture date, none when unknown. The provenance
    goes into ``N1`` only ``with_provenance``: reference managers print N1 as a
    note under the reference.
    """
    lines: list[str] = []

    def tag(name: str, value: str | None) -> None:
        if value:
            lines.append(f"{name}  - {_ris_value(value)}")

    for article in articles:
        tag("TY", "NEWS" if article.site_name else "ELEC")
        tag("ID", citation_key(article))
        tag("TI", article.title)
        for name in split_authors(article.author, article.site_name):
            tag("AU", name.get("literal") or f"{name['family']}, {name['given']}")
        tag("T2", article.site_name)
        issued = _date_parts(article.published)
        if issued:
            tag("PY", str(issued[0]))
            tag("DA", "/".join(f"{p:02d}" for p in issued) + ("/" if len(issued) < 3 else ""))
        tag("UR", article.url)
        tag("Y2", _day(article.captured_at).replace("-", "/"))
        tag("LA", article.language)
        tag("AB", article.description)
        for keyword in article.tags:
            tag("KW", keyword)
        if with_provenance:
            tag("N1", _provenance_note(article))
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)
