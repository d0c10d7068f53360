"""The page's metadata: title, author, dates, names and URLs from meta tags, JSON-LD, markup."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import NavigableString, Tag

from archive_reader.core.extraction.byline import (
    first_user_name,
    microdata_author,
    name_in_line,
    printed_byline,
)
from archive_reader.core.extraction.dates import (
    CLOCK_TIME,
    ISO_PREFIX,
    MONTH_DATE,
    NUMERIC_DATE,
    URL_DATE,
    normalise_date,
    valid_date,
)
from archive_reader.core.extraction.language import normalise_language
from archive_reader.core.extraction.text import collapse, http_url, norm
from archive_reader.core.extraction.vocabulary import BY_PREFIX
from archive_reader.core.extraction.walk import Analysis

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»:~/]+\s+|\s*::\s*|:\s+")
_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "discussionforumposting",
    "question",
    "recipe",
    "howto",
    "review",
    "creativework",
    "webpage",
)


_LONGEST_TITLE = 300
# More words than a byline's names: the element also holds a role or a bio.
_BYLINE_WORDS = 4
# The most words of a title part that names the site with a few words more.
_SITE_PART_WORDS = 4
_WORD = re.compile(r"\w+")


def _shares_words(heading: str, title: str) -> bool:
    """Tells whether half the words of the shorter of two titles are in the other."""
    first = set(_WORD.findall(heading.lower()))
    second = set(_WORD.findall(title.lower()))
    if not first or not second:
        return False
    return len(first & second) >= 0.5 * min(len(first), len(second))


class Metadata:
    """Title, author, dates, names and URLs from meta tags, JSON-LD and markup."""

    def __init__(self, analysis: Analysis, *, url: str | None, saved_from: str | None) -> None:
        self._metas: dict[str, list[str]] = {}
        for attrs in analysis.metas:
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            key = key or attrs.get("http-equiv")
            content = attrs.get("content")
            if key and content and isinstance(key, str):
                self._metas.setdefault(key.strip().lower(), []).append(collapse(str(content)))
        self._ld, self._ld_ids = _json_ld_article(analysis.json_ld)
        self._heading_tags: dict[str, Tag] = {}
        self.url = self._canonical(analysis, url, saved_from)
        self.site_name = self._site_name()
        self.title = self._title(analysis)
        self.author = self._author(analysis)
        self.published = self._published(analysis, url, saved_from)
        self.language = self._language(analysis)
        self.description = self._meta("description", "og:description", "twitter:description")
        if self.description is None and isinstance(self._ld.get("description"), str):
            self.description = collapse(self._ld["description"]) or None
        image = self._meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
        self.image = urljoin(self.url, image) if image and self.url else image

    def _meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self._metas.get(key, ()):
                if value:
                    return value
        return None

    def _canonical(self, analysis: Analysis, url: str | None, saved_from: str | None) -> str | None:
        base = http_url(url) or saved_from
        links: list[str] = []
        for attrs in analysis.links:
            rel = attrs.get("rel") or []
            rels = rel if isinstance(rel, list) else str(rel).split()
            if "canonical" in (r.lower() for r in rels) and attrs.get("href"):
                links.append(str(attrs["href"]))
        canonical = _first_http(links, base)
        own = _first_http(self._metas.get("og:url", []), base)
        # A syndicated copy: its canonical link names the original publisher, og:url
        # the copy itself, which the title, site name and text describe.
        if (
            canonical
            and own
            and _domain(canonical) != _domain(own)
            and urlsplit(own).path.strip("/")
        ):
            return own
        return canonical or own or base

    def _site_name(self) -> str | None:
        name = self._meta("og:site_name")
        if not name:
            publisher = self._ld.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                name = collapse(publisher["name"])
        name = name or self._meta("application-name")
        if name:
            return name
        return _domain(self.url)

    def _title(self, analysis: Analysis) -> str:
        """The headline a reader sees, checked against the titles the markup declares.

        The page's <h1> is the headline when it agrees with one of the declared
        titles (og:title, twitter:title, JSON-LD headline, <title>, each without the
        site's name) or shares most of its words with the <title>: the declared
        titles are often written for search results and social cards ("... in
        2026 | Site"). A section heading or a slogan in the <h1> ("Blog", "Shop",
        "Marketing made simple") gives way to the declared title.
        """
        headline = self._ld.get("headline") or self._ld.get("name")
        declared = [
            value
            for value in (
                self._meta("og:title"),
                self._meta("twitter:title"),
                collapse(headline) if isinstance(headline, str) else None,
                analysis.title_text,
            )
            if value
        ]
        h1s = self._headings(analysis)
        stripped = [self._strip_site(value, h1s) for value in declared]
        keys = [norm(value) for value in stripped]
        for h1 in h1s:  # the same words as a declared title
            if norm(h1) in keys:
                return h1
        for h1 in h1s:  # most of a declared title, or a declared title and a little more
            key = norm(h1)
            for other in keys:
                shorter, longer = sorted((key, other), key=len)
                if shorter in longer and len(shorter) >= 0.6 * len(longer):
                    return h1
        if not declared:
            return h1s[0] if h1s else ""
        # The <title> without the site's name: what most pages print as their title.
        fallback = stripped[-1] if analysis.title_text else stripped[0]
        if h1s and _shares_words(h1s[0], fallback):
            return h1s[0]
        return fallback

    def _headings(self, analysis: Analysis) -> list[str]:
        """The page's <h1> texts, without the site's name, outside navigation and footers.

        Reads the whole tree: a headline in a page <header> is dropped by the walk.
        """
        site_keys = self._site_keys()
        found: list[str] = []
        for tag in analysis.soup.find_all("h1", limit=10):
            if tag.find_parent(("nav", "footer")) is not None:
                continue
            text = collapse(tag.get_text(" "))
            if not text or len(text) > _LONGEST_TITLE or norm(text) in site_keys:
                continue
            text = self._strip_site(text, [])
            if text not in found:
                found.append(text)
                self._heading_tags.setdefault(text, tag)
        return found

    def _strip_site(self, title: str, others: list[str]) -> str:
        """Removes a " - Site" / " | Site" / "Site: " part that names the site."""
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        site_keys = {k for k in (norm(self.site_name or ""), norm(_domain(self.url) or "")) if k}
        domain = _domain(self.url) or ""
        if domain:
            site_keys.add(norm(domain.split(".")[0]))
            labels = domain.split(".")
            if len(labels) >= 2:
                site_keys.add(norm(labels[-2]))
        other_keys = {norm(o) for o in others}
        for part in parts:
            if norm(part) in other_keys and len(part) > 10:
                return part.strip()

        def is_site(part: str, separator: str) -> bool:
            # The site's name, or a few words around it ("Nintendo Official Site",
            # "Docker Docs"); a headline that names the site ("Docker ships X: what
            # changes") is no site part, nor is anything before a colon but the name.
            key = norm(part)
            if not key:
                return False
            if key in site_keys:
                return True
            if ":" in separator or len(part.split()) > _SITE_PART_WORDS:
                return False
            return any(len(s) > 3 and s in key for s in site_keys)

        # Remove site parts from either end.
        separators = _TITLE_SEPARATORS.findall(title)
        pieces = [parts[0]]
        for sep, part in zip(separators, parts[1:], strict=False):
            pieces.extend([sep, part])
        while len(pieces) >= 3 and is_site(pieces[-1], pieces[-2]):
            pieces = pieces[:-2]
        while len(pieces) >= 3 and is_site(pieces[0], pieces[1]):
            pieces = pieces[2:]
        cleaned = "".join(pieces).strip()
        return cleaned or title

    def _author(self, analysis: Analysis) -> str | None:
        sources: list[list[str]] = [
            _ld_names(self._ld.get("author"), self._ld_ids),
            *(
                [v for v in self._metas.get(key, ()) if not http_url(v) and not v.startswith("/")]
                for key in ("author", "article:author", "dc.creator", "dcterms.creator", "byl")
            ),
            self._byline_names(analysis),
            [name for name in (microdata_author(analysis.soup),) if name],
            [name for name in (printed_byline(analysis.soup),) if name],
            [name for name in (first_user_name(analysis.soup),) if name],
        ]
        # The site's own name is the author only when no source names anyone else
        # (a one-person blog, a company's post); a news site's name in its
        # JSON-LD author gives way to the byline.
        site_only: list[str] = []
        for raw in sources:
            names, agencies, site = _people(raw, self._site_keys())
            if names:
                return ", ".join(names) + ("; " + ", ".join(agencies) if agencies else "")
            site_only = site_only or site
        return ", ".join(site_only) or None

    def _site_keys(self) -> set[str]:
        """The site's name in its forms: an author that is one of these is the site."""
        keys = {norm(self.site_name or "")}
        domain = _domain(self.url) or ""
        if domain:
            keys.add(norm(domain))
            labels = domain.split(".")
            keys.add(norm(labels[-2] if len(labels) >= 2 else labels[0]))
        return {k for k in keys if k}

    def _byline_names(self, analysis: Analysis) -> list[str]:
        """The first byline on the page outside related-article blocks, asides and footers."""
        for tag in analysis.bylines[:10]:
            if _in_related(tag):
                continue
            name_tag = tag.find(None, {"itemprop": "name"}) if tag.name != "a" else None
            if name_tag is None and tag.name != "a":
                links = tag.find_all("a")
                if len(links) == 1 and 1 <= len(links[0].get_text(" ").split()) <= 5:
                    name_tag = links[0]
            source = name_tag or tag
            text = (
                str(source.get("content") or "")
                if source.name == "meta"
                else _without_dates(source)
            )
            text = BY_PREFIX.sub("", text).strip(" ,|")
            if len(text.split()) > _BYLINE_WORDS and source.name != "meta":
                # A name with a role or a bio in the same element.
                text = name_in_line(source) or text
            if 2 < len(text) <= 80 and not http_url(text):
                return [text]
        return []

    def _published(self, analysis: Analysis, url: str | None, saved_from: str | None) -> str | None:
        # The date printed with the headline is what a reader cites. The markup's
        # publication date comes first unless the printed date is the page's
        # declared modification ("Updated Dec 4"); a printed date that matches
        # neither is often a comment's or a related story's.
        shown = _shown_date(analysis.h1s[0] if analysis.h1s else None)
        if shown and shown[:10] in {(normalise_date(v) or "")[:10] for v in self._modified()}:
            return shown
        values: list[str] = []
        for key in ("datepublished", "datecreated"):
            for ld_key, value in self._ld.items():
                if ld_key.lower() == key and isinstance(value, str):
                    values.append(value)
        for key in (
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publication_date",
            "sailthru.date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "parsely-pub-date",
            "article.published",
        ):
            values.extend(self._metas.get(key, []))
        for tag in analysis.times[:5]:
            if tag.get("datetime"):
                values.append(str(tag["datetime"]))
        for byline in analysis.bylines[:10]:  # a date printed in the byline
            values.extend(collapse(date.get_text(" ")) for date in _dates_in(byline))
        for value in values:
            normalised = normalise_date(value)
            if normalised:
                return normalised
        if shown:
            return shown
        # A headline the walk dropped (in a page <header>) has dates of its own
        # around it less often than the article's: a thread's last post, a menu.
        headline = self._heading_tags.get(self.title)
        found = _marked_date(analysis.soup) or (None if analysis.h1s else _shown_date(headline))
        if found:
            return found
        for candidate in (self.url, url, saved_from):
            if candidate:
                match = URL_DATE.search(candidate)
                if match:
                    year, month, day = (int(g) for g in match.groups())
                    if valid_date(year, month, day):
                        return f"{year:04d}-{month:02d}-{day:02d}"
        return _labelled_date(analysis.soup)

    def _modified(self) -> list[str]:
        values = [
            value
            for ld_key, value in self._ld.items()
            if ld_key.lower() == "datemodified" and isinstance(value, str)
        ]
        for key in ("article:modified_time", "og:updated_time", "datemodified", "modified"):
            values.extend(self._metas.get(key, []))
        return values

    def _language(self, analysis: Analysis) -> str | None:
        for value in (
            analysis.html_lang,
            self._meta("content-language"),
            self._meta("og:locale"),
            self._meta("language", "dc.language"),
            self._ld.get("inLanguage") if isinstance(self._ld.get("inLanguage"), str) else None,
        ):
            code = normalise_language(value or "")
            if code:
                return code
        return None


# A line that is a date, maybe after a label: "Published", "Last updated:", "Posted on".
_DATE_LABEL = re.compile(
    r"^[\W_]*(?:(?:last\s+|page\s+)?(?:published|updated|modified|posted|reviewed|"
    r"released|written|date)(?:\s+(?:on|at))?)?[\s:|\-–—·•]*",
    re.IGNORECASE,
)
_SHOWN_LINE = 80
_ASIDES = ("aside", "nav", "footer")
_SHOWN_STRINGS = 400
_LABELLED_STRINGS = 6000


def _shown_date(headline: Tag | None) -> str | None:
    """The date printed with the headline: the nearest short date line around the first <h1>.

    Looks in the headline's parent, then up to three levels further out (never in
    an aside, navigation or footer), at text lines that are a date with at most
    a label or a short byline beside it.
    """
    node: Tag | None = headline
    for _ in range(4):
        node = node.parent if node is not None else None
        if node is None or node.name in ("html", "[document]"):
            return None
        found = _date_line(node)
        if found:
            return found
    return None


def _marked_date(soup: Tag) -> str | None:
    """A publication date marked up anywhere: itemprop="datePublished", then the first <time>.

    The walk sees only what it keeps; a post's date often sits in a header or a
    metadata bar it drops.
    """
    for tag in soup.find_all(True, attrs={"itemprop": "datePublished"}, limit=3):
        value = tag.get("content") or tag.get("datetime") or tag.get_text(" ")
        found = normalise_date(str(value))
        if found:
            return found
    for tag in soup.find_all("time", limit=10):
        if tag.find_parent(("nav", "footer")) is not None or _in_related(tag):
            continue
        found = normalise_date(str(tag.get("datetime") or "")) or normalise_date(
            collapse(tag.get_text(" "))
        )
        if found:
            return found
    return None


# "Published: May 4, 2024", "Posted on 12/05/2024", "Last updated May 4, 2024".
_LABELLED = re.compile(
    r"^[\W_]*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|submitted|released)"
    r"(?:\s+(?:on|at|in))?|date)\b",
    re.IGNORECASE,
)


def _labelled_date(soup: Tag) -> str | None:
    """The first labelled date line on the page, for a page that marks up no date."""
    for count, string in enumerate(soup.find_all(string=True)):
        if count > _LABELLED_STRINGS:
            return None
        if type(string) is not NavigableString:
            continue
        text = collapse(str(string))
        if not (6 <= len(text) <= _SHOWN_LINE) or not _LABELLED.match(text):
            continue
        parent = string.parent
        if parent is None or parent.name in ("script", "style", "noscript", "template"):
            continue
        if string.find_parent(_ASIDES) is not None:
            continue
        if not (MONTH_DATE.search(text) or NUMERIC_DATE.search(text) or ISO_PREFIX.search(text)):
            # The label and the date in two elements: "<dt>Published</dt><dd>May 4</dd>".
            following = string.find_next(string=lambda t: bool(t.strip()))
            text = collapse(str(following or ""))
            if len(text) > _SHOWN_LINE:
                continue
        found = _date_in(text)
        if found:
            return found
    return None


def _date_in(text: str) -> str | None:
    match = MONTH_DATE.search(text) or NUMERIC_DATE.search(text) or ISO_PREFIX.search(text)
    return normalise_date(match.group(0)) if match else None


def _date_line(node: Tag) -> str | None:
    for count, string in enumerate(node.find_all(string=True)):
        if count > _SHOWN_STRINGS:
            return None
        if not isinstance(string, NavigableString) or type(string) is not NavigableString:
            continue
        text = collapse(str(string))
        if len(text) < 6 or len(text) > _SHOWN_LINE:
            continue
        parent = string.parent
        if parent is None or parent.name in ("script", "style", "noscript", "template", "option"):
            continue
        match = MONTH_DATE.search(text) or NUMERIC_DATE.search(text)
        if not match or string.find_parent(_ASIDES) is not None:
            continue
        rest = _DATE_LABEL.sub("", text[: match.start()]) + text[match.end() :]
        if len(rest.strip(" ,.|-–—·•()")) > 30:
            continue
        found = normalise_date(match.group(0))
        if found:
            return found
    return None


# News agencies: kept apart after the names ("Ann Lee; Associated Press"), never an
# author alone.
_AGENCIES = {
    "associated press": "Associated Press",
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france presse": "AFP",
    "agence france-presse": "AFP",
    "dpa": "dpa",
    "ansa": "ANSA",
    "efe": "EFE",
    "upi": "UPI",
    "press association": "PA",
    "pa media": "PA",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
}
_AGENCY_AFTER = re.compile(
    r"\s+(" + "|".join(sorted((re.escape(a) for a in _AGENCIES), key=len, reverse=True)) + r")$",
    re.IGNORECASE,
)
# A reporter's title in place of a name: "AP Auto Writer", "Staff Correspondent".
_ROLE = re.compile(
    r"^(?:("
    + "|".join(sorted((re.escape(a) for a in _AGENCIES), key=len, reverse=True))
    + r")\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:writer|correspondent|reporter|editor|contributor)(?:-at-large)?$",
    re.IGNORECASE,
)
_NAME_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|text|words|story|recipe|reporting|article|post|"
    r"photos?|compiled|edited)\s+by|by|author|authors?|written|posted)\b\s*:?\s*",
    re.IGNORECASE,
)
_NAME_CUT = re.compile(
    r"\s+(?:last\s+updated|updated|published|posted|reviewed|fact[- ]checked|on behalf of|"
    r"from the)\b.*$|\s*[|•·»«]\s*.*$",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s+(?:and|&|und|et|y)\s+", re.IGNORECASE)
# A personal name: two to four capitalised words ("Mary Clare Jalonick", "Ann O'Neil").
_PERSON = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.\-]*\s+){1,3}[A-ZÀ-Þ][\w'’.\-]*$")
_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\b\.?,?",
    re.IGNORECASE,
)
_NOT_NAMES = {"author", "topic author", "admin", "staff", "guest", "editor", "find", "posts"}


def _people(raw: list[str], site_keys: set[str]) -> tuple[list[str], list[str], list[str]]:
    """Normalised author names, agencies and the site's own name from one source's values.

    Removes "By", dates and what follows a separator, splits several authors,
    turns ALL CAPS into capitalised words, and keeps agencies apart.
    """
    names: list[str] = []
    agencies: list[str] = []
    site: list[str] = []
    for value in raw:
        value = collapse(html.unescape(value))
        for pattern in (MONTH_DATE, NUMERIC_DATE, ISO_PREFIX, CLOCK_TIME, _WEEKDAY):
            value = pattern.sub(" ", value)
        # "Heard on All Things Considered By Ann Lee": the name follows the last "By".
        inner = re.split(r"\s+by\s*:?\s+", value, flags=re.IGNORECASE)
        if len(inner) > 1:
            value = inner[-1]
        value = _NAME_PREFIX.sub("", collapse(value))
        value = _NAME_CUT.sub("", value)
        value = value.strip(" ,;:-–—|•·»«()")
        for part in _split_names(value):
            key = part.lower()
            if key in _AGENCIES:
                if _AGENCIES[key] not in agencies:
                    agencies.append(_AGENCIES[key])
                continue
            if len(part) < 2 or key in _NOT_NAMES:
                continue
            if norm(part) in site_keys:
                site.append(part)
                continue
            if part.isupper() and len(part) > 3:
                part = part.title()
            if part.lower() not in (n.lower() for n in names):
                names.append(part)
    return names, agencies, site


def _split_names(value: str) -> list[str]:
    """Several authors in one line, and an agency written after the last name.

    Splits at commas and semicolons, and at "and"/"&" only between personal
    names ("Ann Lee and Bo Park", not "Center for Drug Evaluation and Research").
    """
    parts: list[str] = []
    for chunk in re.split(r"\s*[,;]\s*", value):
        role = _ROLE.match(chunk)
        if role:
            # "AP National Political Writer": the agency, not a person.
            if role.group(1):
                parts.append(role.group(1))
            continue
        agency = _AGENCY_AFTER.search(chunk)
        if agency and agency.start() > 0 and chunk.lower() not in _AGENCIES:
            parts.append(agency.group(1))
            chunk = chunk[: agency.start()]
        pieces = _NAME_SPLIT.split(chunk)
        if len(pieces) > 1 and not all(_PERSON.match(p.strip()) for p in pieces):
            pieces = [chunk]
        parts.extend(p.strip(" ,;:-–—|•·»«()") for p in pieces)
    return sorted((p for p in parts if p), key=lambda p: p.lower() in _AGENCIES)


def _in_related(tag: Tag) -> bool:
    """Tells whether a byline belongs to a related-article block, an aside or a footer."""
    for parent in tag.parents:
        if parent.name in _ASIDES:
            return True
        classes = " ".join(str(c) for c in parent.get("class") or []).lower()
        if "related" in classes or "recommend" in classes:
            return True
    return False


def _dates_in(tag: Tag) -> list[Tag]:
    """The elements of a byline that hold its date ("<span class=datetime>", <time>)."""
    return [
        child
        for child in tag.find_all(True)
        if child.name == "time"
        or any(
            "date" in c or "time" in c for c in (str(x).lower() for x in child.get("class") or [])
        )
    ]


def _without_dates(tag: Tag) -> str:
    """A byline's text without the date printed in it ("by Ann Lee<br>Monday, May 4")."""
    text = collapse(tag.get_text(" "))
    for date in _dates_in(tag):
        shown = collapse(date.get_text(" "))
        if shown:
            text = text.replace(shown, " ")
    return collapse(text)


def _first_http(candidates: list[str], base: str | None) -> str | None:
    """Returns the first candidate that is (or resolves against base to) an http URL."""
    for candidate in candidates:
        candidate = candidate.strip()
        if base:
            try:
                candidate = urljoin(base, candidate)
            except ValueError:
                continue
        if http_url(candidate):
            return candidate
    return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def _json_ld_article(scripts: list[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The first JSON-LD object of an article type, and every object by its "@id"."""
    found: list[dict[str, Any]] = []
    for script in scripts:
        try:
            data = json.loads(script.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        found.extend(_ld_objects(data, 0))
    ids = {obj["@id"]: obj for obj in found if isinstance(obj.get("@id"), str)}
    for wanted in _ARTICLE_TYPES:
        for obj in found:
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() == wanted for k in kinds):
                return obj, ids
    return {}, ids


def _ld_objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _ld_objects(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _ld_objects(main, depth + 1)


def _ld_names(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    """The names in a JSON-LD author: a string, a Person, a reference to one by "@id"."""
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"\s*(?:,| and | & )\s*", value) if v.strip()]
    if isinstance(value, dict):
        name = value.get("name")
        if not name and isinstance(value.get("@id"), str):
            name = ids.get(value["@id"], {}).get("name")
        return [collapse(name)] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item, ids)]
    return []
