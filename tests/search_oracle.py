"""A brute-force search oracle: what a query must find, by scanning the stored articles.

The oracle is the specification of the query language written as plainly as
possible, on purpose apart from the engine: nothing here comes from
``archive_reader.core.search``. Text is folded (NFKC, casefold, accents off,
a few letters spelled out), cut into words (each Han, Kana, Hangul, Thai, Lao,
Khmer or Myanmar character a word of its own), and a query word matches a
word of an article when their Snowball stems agree in the article's own
language. Phrases compare folded words, unstemmed; prefixes and fuzzy words
compare surface words; dates never match an undated article.

Beside the oracle: the small multilingual libraries it is checked on (pages
written here, imported through ``Archive``, then read back), a query generator
per query type, and the comparison of the engine's answer with the oracle's.
``tests/core/search/test_oracle.py`` drives them with Hypothesis,
``benchmarks/search_oracle.py`` with a seeded ``random`` for longer runs.
"""

from __future__ import annotations

import calendar
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import Stemmer
from rapidfuzz.distance import Levenshtein

from archive_reader import Archive

T = TypeVar("T")

# Text analysis

#: Primary language subtag -> Snowball algorithm (PyStemmer's name for it).
SNOWBALL = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "fi": "finnish",
    "ro": "romanian",
    "hu": "hungarian",
    "tr": "turkish",
    "el": "greek",
    "pl": "polish",
    "ca": "catalan",
    "cs": "czech",
}
#: Scripts written without spaces: each of their characters is a word of its own.
UNSPACED = (
    (0x3400, 0x4DBF),  # Han
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFF),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),
    (0x1100, 0x11FF),  # Hangul
    (0x3130, 0x318F),
    (0xAC00, 0xD7AF),
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1780, 0x17FF),  # Khmer
    (0x1000, 0x109F),  # Myanmar
)
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "þ": "th", "æ": "ae", "œ": "oe"}
)
_WORD_CHAR = re.compile(r"\w")
_MARKS = {"Mn", "Mc", "Me"}


def fold(text: str) -> str:
    """NFKC, casefold, NFD, accents (U+0300-036F) off, ı ł ø đ ð ħ þ æ œ spelled out, NFC."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(char for char in text if not 0x300 <= ord(char) <= 0x36F)
    return unicodedata.normalize("NFC", text.translate(_LETTERS))


def is_unspaced(char: str) -> bool:
    """Tells whether a character belongs to a script written without spaces."""
    code = ord(char)
    return any(low <= code <= high for low, high in UNSPACED)


def is_word_char(char: str) -> bool:
    r"""What ``\w`` matches, and combining marks (categories Mn, Mc, Me)."""
    return bool(_WORD_CHAR.match(char)) or unicodedata.category(char) in _MARKS


def words(folded: str) -> list[str]:
    """The words of a folded text, in order.

    Maximal runs of word characters, except that a word character of an
    unspaced script is a word on its own. Other characters of those scripts
    (the katakana middle dot, say) separate words like any punctuation.
    """
    found: list[str] = []
    run: list[str] = []
    for char in folded:
        if not is_word_char(char):
            if run:
                found.append("".join(run))
                run = []
        elif is_unspaced(char):
            if run:
                found.append("".join(run))
                run = []
            found.append(char)
        else:
            run.append(char)
    if run:
        found.append("".join(run))
    return found


def text_words(text: str) -> list[str]:
    """The folded words of a raw text."""
    return words(fold(text))


def primary_language(language: str | None) -> str:
    """The primary subtag of a language code, lowercased ("pt-BR" -> "pt"); "und" for none."""
    primary = (language or "").strip().replace("_", "-").split("-", 1)[0].lower()
    return primary or "und"


@cache
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """A folded word's stem in a language (itself without a stemmer, or for one CJK character)."""
    stemmer = _stemmer(language)
    if stemmer is None or (len(word) == 1 and is_unspaced(word)):
        return word
    result: str = stemmer.stemWord(word)
    return result


def contains_run(sequence: Sequence[str], run: Sequence[str]) -> int:
    """The position where ``run`` stands in ``sequence`` (consecutively), or -1."""
    size = len(run)
    if size == 0:
        return -1
    first = run[0]
    for start in range(len(sequence) - size + 1):
        if sequence[start] == first and list(sequence[start : start + size]) == list(run):
            return start
    return -1


def _day(value: str | None) -> date | None:
    """The day of an ISO date or date-time ("2021-05-03", "2021-05-03T10:00:00Z")."""
    if not value:
        return None
    for size, pattern in ((10, r"\d{4}-\d{2}-\d{2}"), (7, r"\d{4}-\d{2}"), (4, r"\d{4}")):
        head = value[:size]
        if re.fullmatch(pattern, head):
            parts = [int(part) for part in head.split("-")] + [1, 1]
            try:
                return date(parts[0], parts[1], parts[2])
            except ValueError:
                return None
    return None


# The stored articles, as the oracle sees them


@dataclass(frozen=True)
class StoredArticle:
    """What the library holds of one article, read back through ``Archive``.

    Attributes:
        notes: The article's note (first, when set) and each highlight's note.
        tags: The article's own tags and its highlights' tags.
    """

    id: int
    title: str
    text: str
    language: str | None = None
    published: str | None = None
    imported_at: str | None = None
    site_name: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def read_back(archive: Archive, article_ids: Iterable[int]) -> list[StoredArticle]:
    """The articles as stored: title, text, language, dates, site, author, tags, notes."""
    stored = []
    for article_id in sorted(set(article_ids)):
        article = archive.get(article_id)
        highlights = archive.annotations.for_article(article_id)
        tags = list(archive.annotations.article_tags(article_id))
        for highlight in highlights:
            tags.extend(tag for tag in highlight.tags if tag not in tags)
        notes = [article.note] if article.note else []
        notes.extend(highlight.note for highlight in highlights if highlight.note)
        stored.append(
            StoredArticle(
                id=article_id,
                title=article.title,
                text=article.text,
                language=article.language,
                published=article.published,
                imported_at=article.imported_at,
                site_name=article.site_name,
                author=article.author,
                tags=tuple(tags),
                notes=tuple(notes),
            )
        )
    return stored


def _tag(name: str) -> str:
    """A tag folded, stripped, and its inner runs of spaces made one (as tags are stored)."""
    return " ".join(fold(name).split())


class _Scanned:
    """One article cut into folded words, with their stems in the article's language."""

    def __init__(self, article: StoredArticle) -> None:
        self.article = article
        self.language = primary_language(article.language)
        self.title_words = text_words(article.title)
        self.text_words = text_words(article.text)
        self.note_words = [text_words(note) for note in article.notes]
        self.title_stems = {stem(word, self.language) for word in self.title_words}
        self.text_stems = {stem(word, self.language) for word in self.text_words}
        self.note_stems = {stem(word, self.language) for note in self.note_words for word in note}
        self.title_surface = set(self.title_words)
        self.surface = self.title_surface | set(self.text_words)
        self.published = _day(article.published)
        self.saved = _day(article.imported_at)
        self.tags = {_tag(tag) for tag in article.tags}
        self.site_words = text_words(article.site_name or "")
        self.author_words = text_words(article.author or "")


# The query language


class OracleSyntaxError(ValueError):
    """The oracle cannot read a query (the generators must never write one)."""


@dataclass(frozen=True)
class Word:
    """A word: ``prefix`` for ``abc*``, ``fuzzy`` the distance of ``word~`` (0: neither)."""

    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase, with its field (None: title or text)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Dates:
    """Days from ``start`` to ``end``, inclusive (None: open) of ``field`` (date or saved)."""

    field: str
    start: date | None
    end: date | None
    text: str = ""


@dataclass(frozen=True)
class AllOf:
    """Every child must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """Some child must match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The complement of the child, over all articles."""

    child: Node


Node = Word | Phrase | Dates | AllOf | AnyOf | Not
FIELDS = ("title", "note", "tag", "lang", "site", "author", "date", "saved")
_DATE_FIELDS = ("date", "saved")
_OPERATORS = ("AND", "OR", "NOT")
_QUERY_TOKEN = re.compile(r'\s+|\(|\)|"[^"]*"?|[^\s()"]+')
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, open, close, op, minus, field
    text: str


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _QUERY_TOKEN.finditer(query):
        text = match.group()
        if text.isspace():
            continue
        if text in ("(", ")"):
            tokens.append(_Token("open" if text == "(" else "close", text))
        elif text.startswith('"'):
            if len(text) < 2 or not text.endswith('"'):
                raise OracleSyntaxError(f"unclosed quotation mark in {query!r}")
            tokens.append(_Token("phrase", text[1:-1]))
        elif text in _OPERATORS:
            tokens.append(_Token("op", text))
        else:
            while text.startswith("-"):
                tokens.append(_Token("minus", "-"))
                text = text[1:]
            if not text:
                continue
            found = _FIELD.fullmatch(text)
            if found and found.group(1).lower() in FIELDS:
                tokens.append(_Token("field", found.group(1).lower()))
                if found.group(2):
                    tokens.append(_Token("word", found.group(2)))
            else:
                tokens.append(_Token("word", text))
    return tokens


class _Parser:
    """Reads a query.

    or := and ("OR" and)*; and := unary (["AND"] unary)*;
    unary := ("NOT" | "-") unary | "(" or ")" | [field ":"] (word | phrase).
    """

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise OracleSyntaxError(f"{self.query!r} ends early")
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.disjunction()
        if self.peek() is not None:
            raise OracleSyntaxError(f"unexpected {self.peek()!r} in {self.query!r}")
        return node

    def disjunction(self) -> Node:
        children = [self.conjunction()]
        while (token := self.peek()) is not None and token == _Token("op", "OR"):
            self.take()
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else AnyOf(tuple(children))

    def conjunction(self) -> Node:
        children = [self.unary()]
        while (token := self.peek()) is not None and token.kind != "close":
            if token == _Token("op", "OR"):
                break
            if token == _Token("op", "AND"):
                self.take()
            children.append(self.unary())
        return children[0] if len(children) == 1 else AllOf(tuple(children))

    def unary(self) -> Node:
        token = self.take()
        if token.kind == "minus" or token == _Token("op", "NOT"):
            return Not(self.unary())
        if token.kind == "open":
            node = self.disjunction()
            if self.take().kind != "close":
                raise OracleSyntaxError(f"unclosed parenthesis in {self.query!r}")
            return node
        if token.kind == "field":
            value = self.take()
            if value.kind not in ("word", "phrase"):
                raise OracleSyntaxError(f"{token.text}: takes a word or a phrase in {self.query!r}")
            return _leaf(value, token.text)
        if token.kind in ("word", "phrase"):
            return _leaf(token, None)
        raise OracleSyntaxError(f"unexpected {token.text!r} in {self.query!r}")


def _leaf(token: _Token, field_name: str | None) -> Node:
    if field_name in _DATE_FIELDS:
        start, end = date_bounds(token.text)
        return Dates(field_name, start, end, token.text)
    if token.kind == "phrase":
        return Phrase(token.text, field_name)
    fuzzy = re.fullmatch(r"(.+?)~([12]?)", token.text)
    if fuzzy:
        return Word(fuzzy.group(1), field_name, fuzzy=int(fuzzy.group(2) or 1))
    if token.text.endswith("*") and token.text.rstrip("*"):
        return Word(token.text.rstrip("*"), field_name, prefix=True)
    return Word(token.text, field_name)


def parse(query: str) -> Node:
    """The query's tree.

    Raises:
        OracleSyntaxError: The query is not in the language.
    """
    return _Parser(query).parse()


def _period(text: str) -> tuple[date, date]:
    """The first and last day of ``2021``, ``2021-05`` or ``2021-05-03``."""
    found = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not found:
        raise OracleSyntaxError(f"{text!r} is not a date")
    year = int(found.group(1))
    if found.group(3):
        day = date(year, int(found.group(2)), int(found.group(3)))
        return day, day
    if found.group(2):
        month = int(found.group(2))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def date_bounds(text: str) -> tuple[date | None, date | None]:
    """The first and last day a date value covers (None: open).

    ``2021``, ``2021-05``, ``2021-05-03`` (the whole period), ``A..B`` (from
    the first day of A to the last of B), ``>A`` (after A's last day), ``>=A``,
    ``<A`` (before A's first day), ``<=A``.
    """
    text = text.strip()
    for operator in (">=", "<=", ">", "<"):
        if text.startswith(operator):
            first, last = _period(text[len(operator) :])
            if operator == ">=":
                return first, None
            if operator == "<=":
                return None, last
            if operator == ">":
                return date.fromordinal(last.toordinal() + 1), None
            return None, date.fromordinal(first.toordinal() - 1)
    if ".." in text:
        low, high = text.split("..", 1)
        return (_period(low)[0] if low else None), (_period(high)[1] if high else None)
    return _period(text)


# The oracle

#: Fuzzy words expand to at most this many words of the library.
FUZZY_EXPANSIONS = 12


class Oracle:
    """The articles a query must find, by scanning every article.

    Args:
        articles: The library's articles, as :func:`read_back` gives them.
    """

    def __init__(self, articles: Iterable[StoredArticle]) -> None:
        self.scanned = {article.id: _Scanned(article) for article in articles}
        self.ids = frozenset(self.scanned)
        # Surface word -> articles holding it in their title or text (for fuzzy ranking).
        self.article_counts: Counter[str] = Counter()
        for scanned in self.scanned.values():
            self.article_counts.update(scanned.surface)
        self._expansions: dict[tuple[str, int], list[str]] = {}

    def matching(self, query: str) -> frozenset[int]:
        """The ids of the articles a query must match."""
        return self.evaluate(parse(query))

    def evaluate(self, node: Node) -> frozenset[int]:
        """The ids of the articles a query tree matches."""
        if isinstance(node, AllOf):
            result = self.ids
            for child in node.children:
                result &= self.evaluate(child)
            return result
        if isinstance(node, AnyOf):
            return frozenset().union(*(self.evaluate(child) for child in node.children))
        if isinstance(node, Not):
            return self.ids - self.evaluate(node.child)
        return frozenset(
            article_id for article_id, scanned in self.scanned.items() if self.why(node, scanned)
        )

    def why(self, leaf: Node, scanned: _Scanned) -> str:
        """Where one article matches a leaf of a query ("" when it does not)."""
        if isinstance(leaf, Dates):
            day = scanned.published if leaf.field == "date" else scanned.saved
            if day is None:
                return ""
            inside = (leaf.start is None or day >= leaf.start) and (
                leaf.end is None or day <= leaf.end
            )
            return f"{leaf.field} {day}" if inside else ""
        assert isinstance(leaf, Word | Phrase), leaf
        value = leaf.text
        if leaf.field == "tag":
            wanted = _tag(value)
            return f"tag {wanted!r}" if wanted in scanned.tags else ""
        if leaf.field == "lang":
            wanted = primary_language(value)
            return f"lang {wanted}" if wanted == scanned.language else ""
        if leaf.field in ("site", "author"):
            own = scanned.site_words if leaf.field == "site" else scanned.author_words
            wanted_words = text_words(value)
            if isinstance(leaf, Phrase):
                return f"{leaf.field} {own}" if contains_run(own, wanted_words) >= 0 else ""
            return f"{leaf.field} {own}" if wanted_words and set(wanted_words) <= set(own) else ""
        query_words = text_words(value)
        if isinstance(leaf, Word) and (leaf.prefix or leaf.fuzzy):
            if len(query_words) != 1:
                raise OracleSyntaxError(f"{value!r}: a prefix or fuzzy word must be one word")
            if leaf.field not in (None, "title"):
                raise OracleSyntaxError(f"{leaf.field}: takes no prefix or fuzzy word here")
            surface = scanned.title_surface if leaf.field == "title" else scanned.surface
            if leaf.prefix:
                if len(query_words[0]) < 2:
                    raise OracleSyntaxError(f"{value!r}*: a prefix needs two letters")
                hits = sorted(word for word in surface if word.startswith(query_words[0]))
            else:
                expanded = self.fuzzy_expansions(query_words[0], leaf.fuzzy)
                hits = [word for word in expanded if word in surface]
            return f"surface word {hits[0]!r}" if hits else ""
        if isinstance(leaf, Word) and len(query_words) == 1:
            return self._stemmed(leaf.field, query_words[0], scanned)
        # A phrase, or a word that folds to several words: consecutive, unstemmed.
        if leaf.field == "note":
            notes = zip(scanned.article.notes, scanned.note_words, strict=True)
            places = [(f"the note {note[:50]!r}", sequence) for note, sequence in notes]
        else:
            places = [("title", scanned.title_words)]
            if leaf.field is None:
                places.append(("text", scanned.text_words))
        for name, sequence in places:
            at = contains_run(sequence, query_words)
            if at >= 0:
                return f"{name} at word {at}: {' '.join(sequence[max(0, at - 3) : at + 6])!r}"
        return ""

    def _stemmed(self, field_name: str | None, word: str, scanned: _Scanned) -> str:
        target = stem(word, scanned.language)
        places: list[tuple[str, set[str], list[str]]]
        if field_name == "note":
            places = [("note", scanned.note_stems, [w for n in scanned.note_words for w in n])]
        else:
            places = [("title", scanned.title_stems, scanned.title_words)]
            if field_name is None:
                places.append(("text", scanned.text_stems, scanned.text_words))
        for name, stems, sequence in places:
            if target in stems:
                match = next(w for w in sequence if stem(w, scanned.language) == target)
                return f"{name} word {match!r} (stem {target!r}, {scanned.language})"
        return ""

    def fuzzy_expansions(self, word: str, distance: int) -> list[str]:
        """The library's words a fuzzy word stands for, closest and commonest first.

        Surface words of titles and texts that start with the same letter and
        lie within ``distance`` edits, ranked by (distance, -articles holding
        the word, the word); the first :data:`FUZZY_EXPANSIONS`.
        """
        key = (word, distance)
        if key in self._expansions:
            return self._expansions[key]
        ranked = []
        for candidate, articles in self.article_counts.items():
            if candidate[:1] != word[:1]:
                continue
            edits = Levenshtein.distance(word, candidate)
            if edits <= distance:
                ranked.append((edits, -articles, candidate))
        ranked.sort()
        self._expansions[key] = [candidate for _, _, candidate in ranked[:FUZZY_EXPANSIONS]]
        return self._expansions[key]

    def explain(self, query: str, article_id: int) -> str:
        """Each leaf of the query and whether (and where) the article matches it."""
        scanned = self.scanned[article_id]
        parts = []
        for leaf in _leaves(parse(query)):
            reason = self.why(leaf, scanned)
            parts.append(f"{_show(leaf)}: {reason or 'no'}")
        return "; ".join(parts)

    def describe(self, article_id: int) -> str:
        """One line naming an article: id, language, date, title, start of its text."""
        article = self.scanned[article_id].article
        excerpt = " ".join(article.text.split())[:60]
        return (
            f"#{article_id} [{article.language or 'none'}] {article.published or 'undated'}"
            f" {article.title[:40]!r} {excerpt!r}"
        )


def _leaves(node: Node) -> list[Node]:
    if isinstance(node, AllOf | AnyOf):
        return [leaf for child in node.children for leaf in _leaves(child)]
    if isinstance(node, Not):
        return _leaves(node.child)
    return [node]


def _show(leaf: Node) -> str:
    if isinstance(leaf, Dates):
        return f"{leaf.field}:{leaf.text}"
    assert isinstance(leaf, Word | Phrase)
    text = f'"{leaf.text}"' if isinstance(leaf, Phrase) else leaf.text
    if isinstance(leaf, Word) and leaf.prefix:
        text += "*"
    if isinstance(leaf, Word) and leaf.fuzzy:
        text += f"~{leaf.fuzzy}"
    return f"{leaf.field}:{text}" if leaf.field else text


# The libraries: pages written here, in eight languages

_EN = (
    "council councils report reports reported reporting library libraries party parties part"
    " parts site sites sit note not news new river rivers bridge bridges market markets"
    " teacher teachers school schools running run runs election elections voter voters budget"
    " archive archives volunteer volunteers scanning scanned harbour ferry ferries weather"
    " storm storms city cities study studies studied museum painting paintings media data"
    " e-mail well-known re-election co-operation"
)
_EN_SMALL = "the of and to in on with for was were is are this that by from at after before about"
_FR = (
    "notes note sites site parties partie média médias données café élève élèves école"
    " l'école aujourd'hui œuvre œuvres cœur Noël rivière ville villes conseil conseils"
    " rapport rapports marché marchés journal journaux Liège"
)
_FR_SMALL = "les des le la de du et en pour avec sur dans une un est sont"
_DE = (
    "Straße Strasse Häuser Haus Müller Fußball Grüße groß große Stadt Städte Bürger"
    " Bürgermeister Zeitung Zeitungen Bericht Berichte berichtet Nord-Süd Daten Medien"
    " Brücke Brücken Schule Schulen"
)
_DE_SMALL = "der die das und mit für von auf ist sind ein eine"
_RU = (
    "диета диеты здоровье ёлка елка новости новостей йогурт Москва Москве город города совет"
    " совета доклад доклады данные школа школы мост мосты"
)
_RU_SMALL = "и в на с по для это был была"
_TR = (
    "İstanbul Istanbul ışık Işık ışıklar kitap kitaplar kitapları çocuk çocuklar şehir"
    " şehirler öğrenci öğrenciler İzmir haber haberler köprü köprüler okul okullar"
)
_TR_SMALL = "ve bir bu için ile da de"
_PT = (
    "educação informações informação família famílias coração notícias notícia dados mídia"
    " escola escolas cidade cidades conselho relatório relatórios mercado sites notas ponte"
)
_PT_SMALL = "e de do da para com em um uma os as"
_ZH = (
    "中国 北京 上海 天气 新闻 数据 研究 大学 经济 发展 社会 文化 历史 城市 政府 报告 市场"
    " 学校 人民 图书馆 的 是 在 了 和"
)
_JA = (
    "東京 天気 晴れ 雨 データ ニュース 研究 大学 経済 学校 図書館 今日 明日"
    " の は が を に です ます"
)
#: Names and words with the letters folding spells out, sprinkled into any spaced language.
SPECIAL = [
    "Łódź",
    "złoty",
    "Søren",
    "København",
    "Đorđe",
    "Guðrún",
    "Þór",
    "Ærø",
    "encyclopædia",
    "Ħamrun",
    "straße",
    "ﬁnance",
    "ＡＢＣ",
    "COVID-19",
    "İstanbul",
    "Øresund",
    "Œdipe",
    "Ðakovo",
    "नमस्ते",
    "ภาษาไทย",
    "한국어",
]
#: Words one or two letters apart, sprinkled into spaced languages: more than a fuzzy
#: word's twelve expansions, often equally close and equally frequent.
CLUSTER = [
    "bat",
    "bad",
    "bag",
    "ban",
    "bar",
    "bay",
    "bet",
    "bit",
    "but",
    "bot",
    "bats",
    "bath",
    "bait",
    "boat",
    "beat",
]
#: Words of one language that another's stemmer brings together.
COLLIDING = [
    "notes",
    "note",
    "not",
    "sites",
    "site",
    "sit",
    "parties",
    "party",
    "part",
    "news",
    "new",
    "media",
    "data",
    "dat",
    "données",
    "donnees",
    "notas",
    "médias",
]
ABSENT = ["zzyzx", "qwertyuiop", "несуществующий", "xylophone-9", "kvetchbook", "鬱", "龘", "ぬ"]
TAGS = ["Climate", "économie", "e-mail", "Straße", "İstanbul", "two words", "data", "Noël", "中国"]
SITES = [
    ("Harbour Ledger", "Ana Lima"),
    ("Gazette de Liège", "Jean-Luc Müller"),
    ("Nord-Süd Kurier", "Søren Ærø"),
    ("İstanbul Haber", "Guðrún Þórsdóttir"),
    ("Дневник Москвы", "Đorđe Łukasz"),
    ("東京新聞", "田中 花子"),
]


@dataclass(frozen=True)
class _Language:
    code: str  # what the page declares ("" for nothing)
    words: list[str]
    small: list[str]
    unspaced: bool = False


_LANGUAGES = {
    "en": _Language("en", _EN.split(), _EN_SMALL.split()),
    "en-GB": _Language("en-GB", _EN.split(), _EN_SMALL.split()),
    "fr": _Language("fr", _FR.split(), _FR_SMALL.split()),
    "de": _Language("de", _DE.split(), _DE_SMALL.split()),
    "ru": _Language("ru", _RU.split(), _RU_SMALL.split()),
    "tr": _Language("tr", _TR.split(), _TR_SMALL.split()),
    "pt": _Language("pt", _PT.split(), _PT_SMALL.split()),
    "pt-BR": _Language("pt-BR", _PT.split(), _PT_SMALL.split()),
    "zh": _Language("zh", _ZH.split(), [], unspaced=True),
    "ja": _Language("ja", _JA.split(), [], unspaced=True),
    "": _Language("", _EN.split(), _EN_SMALL.split()),
}
# How often each declared language comes up (of 100).
_LANGUAGE_WEIGHTS = {
    "en": 22,
    "en-GB": 4,
    "fr": 12,
    "de": 10,
    "ru": 10,
    "tr": 9,
    "pt": 6,
    "pt-BR": 6,
    "zh": 8,
    "ja": 8,
    "": 5,
}


def _spelled(word: str, rng: random.Random) -> str:
    """A word as a page may write it: now and then decomposed (NFD) or capitalised."""
    if not word.isascii() and rng.random() < 0.3:
        word = unicodedata.normalize("NFD", word)
    if rng.random() < 0.08:
        word = word[:1].upper() + word[1:]
    return word


def _sentence(language: _Language, rng: random.Random) -> str:
    if language.unspaced:
        parts = [rng.choice(language.words) for _ in range(rng.randint(6, 14))]
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts)), rng.choice(["、", "，"]))
        if rng.random() < 0.1:
            parts.insert(rng.randrange(len(parts)), rng.choice(["Tokyo", " COVID-19 ", "ＡＢＣ"]))
        return "".join(parts) + "。"
    chosen = []
    for _ in range(rng.randint(8, 16)):
        roll = rng.random()
        if roll < 0.35:
            chosen.append(rng.choice(language.small))
        elif roll < 0.91:
            chosen.append(_spelled(rng.choice(language.words), rng))
        elif roll < 0.95:
            chosen.append(rng.choice(CLUSTER))
        else:
            chosen.append(_spelled(rng.choice(SPECIAL), rng))
    if rng.random() < 0.4:
        at = rng.randrange(1, len(chosen))
        chosen[at - 1] += ","
    text = " ".join(chosen)
    return text[:1].upper() + text[1:] + rng.choice([".", ".", ".", "!", "?", ";"])


def _paragraph(language: _Language, rng: random.Random) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < 45 or (
        language.unspaced and sum(map(len, sentences)) < 90
    ):
        sentences.append(_sentence(language, rng))
        if language.unspaced and len(sentences) >= 6:
            break
    return ("" if language.unspaced else " ").join(sentences)


def _title(language: _Language, rng: random.Random) -> str:
    if language.unspaced:
        return "".join(rng.choice(language.words) for _ in range(rng.randint(3, 5)))
    chosen = [_spelled(rng.choice(language.words), rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.2:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(SPECIAL))
    text = " ".join(chosen)
    return text[:1].upper() + text[1:]


def _published(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.2:
        return None
    year = rng.randint(2015, 2024)
    if roll < 0.35:  # on the edge of a year or a month
        month = rng.choice([1, 12, rng.randint(1, 12)])
        day = rng.choice([1, calendar.monthrange(year, month)[1]])
    else:
        month = rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
    stamp = f"{year:04d}-{month:02d}-{day:02d}"
    return stamp + "T12:00:00Z" if rng.random() < 0.15 else stamp


def page(
    title: str,
    paragraphs: Sequence[str],
    *,
    lang: str,
    published: str | None,
    site: str,
    author: str,
) -> str:
    """A saved article page: declared language, optional date, title, paragraphs."""
    lang_attribute = f' lang="{lang}"' if lang else ""
    date_meta = (
        f'<meta property="article:published_time" content="{published}">' if published else ""
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<html{lang_attribute}><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">'
        f"{date_meta}</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def write_pages(folder: Path, seed: int, count: int) -> list[Path]:
    """Writes ``count`` article pages in the eight languages (and one undeclared)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    codes = list(_LANGUAGE_WEIGHTS)
    weights = list(_LANGUAGE_WEIGHTS.values())
    paths = []
    for number in range(count):
        # Every language at least once, then by weight.
        code = codes[number] if number < len(codes) else rng.choices(codes, weights)[0]
        language = _LANGUAGES[code]
        # Each article uses a third of its language's words, so that a word is in some
        # articles and not in others.
        share = max(6, len(language.words) // 3)
        language = replace(language, words=rng.sample(language.words, share))
        site, author = rng.choice(SITES)
        title = _title(language, rng)
        paragraphs = [_paragraph(language, rng) for _ in range(rng.randint(3, 5))]
        html = page(
            title,
            paragraphs,
            lang=language.code,
            published=_published(rng),
            site=site,
            author=author,
        )
        path = folder / f"{seed}-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    # Too short for the language to be told, and none declared: an article without one.
    path = folder / f"{seed}-short.html"
    text = f"{rng.choice(CLUSTER)} notes, café\u0301 data 中国."
    path.write_text(page("Brief", [text], lang="", published=None, site="x", author="y"))
    paths.append(path)
    return paths


_RAW_TOKEN = re.compile(r"[\w\u0300-\u036f]+(?:[-'’][\w\u0300-\u036f]+)*")


def raw_tokens(text: str) -> list[re.Match[str]]:
    """Words as a reader would copy them: letters and combining accents, with inner - and '."""
    return list(_RAW_TOKEN.finditer(text))


def _note_text(language: str, rng: random.Random, number: int) -> str:
    vocabulary = _LANGUAGES.get(language) or _LANGUAGES["en"]
    chosen = [rng.choice(vocabulary.words) for _ in range(rng.randint(3, 7))]
    if rng.random() < 0.5:
        chosen.insert(rng.randrange(len(chosen) + 1), f"concnote-{number % 7}")
    if rng.random() < 0.2:
        chosen.append(rng.choice(SPECIAL))
    if rng.random() < 0.25:
        # A note of two paragraphs is still one note.
        chosen.insert(rng.randrange(1, len(chosen)), "\n\n")
    return ("" if vocabulary.unspaced else " ").join(chosen)


class Library:
    """An open library, its articles as stored, and the oracle over them.

    Not a dataclass, so that Hypothesis prints it as one line.

    Attributes:
        archive: The open library (close it when done).
        articles: Every article, read back.
        oracle: The oracle over ``articles``.
        spaced_words: Words (as written) of titles and texts in spaced scripts.
        unspaced_texts: (field, text) of titles and texts holding unspaced scripts.
    """

    def __init__(self, archive: Archive, articles: list[StoredArticle]) -> None:
        self.archive = archive
        self.articles = articles
        self.oracle = Oracle(articles)
        spaced: set[str] = set()
        self.unspaced_texts: list[tuple[str, str]] = []
        for article in articles:
            for name, text in (("title", article.title), ("text", article.text)):
                tokens = [match.group() for match in raw_tokens(text)]
                spaced.update(t for t in tokens if not any(map(is_unspaced, t)))
                if any(map(is_unspaced, text)):
                    self.unspaced_texts.append((name, text))
        self.spaced_words = sorted(spaced)

    def __repr__(self) -> str:
        return f"Library({self.archive.path}, {len(self.articles)} articles)"

    def close(self) -> None:
        """Closes the archive."""
        self.archive.close()


def build_library(folder: Path, seed: int, count: int) -> Library:
    """Writes pages, imports them into a new library, annotates some, and reads all back.

    About one article in three gets one or two highlights with notes (some
    holding a hyphenated ``concnote-N``, some of two paragraphs), one in six a
    note of its own, and about half get tags (some on their highlights). Then
    one article in 25 is deleted, three tags are taken off and three notes
    rewritten.
    """
    paths = write_pages(folder / "pages", seed, count)
    archive = Archive.open(folder / "library")
    results = archive.import_paths(paths)
    ids = [result.article_id for result in results if result.article_id is not None]
    assert len(ids) == len(paths), [result for result in results if result.article_id is None]
    rng = random.Random(seed * 7919 + 1)
    notes = 0
    for article_id in ids:
        article = archive.get(article_id)
        language = article.language or ""
        language = language if language in _LANGUAGES else primary_language(language)
        if rng.random() < 0.35:
            tokens = raw_tokens(article.text)
            for _ in range(rng.randint(1, 2)):
                start = rng.randrange(max(1, len(tokens) - 8))
                end = min(len(tokens) - 1, start + rng.randint(0, 6))
                quote = article.text[tokens[start].start() : tokens[end].end()]
                notes += 1
                archive.annotations.add(
                    article_id,
                    quote=quote,
                    note=_note_text(language, rng, notes) if rng.random() < 0.9 else "",
                    label=rng.choice(["claim", "evidence", None]),
                    tags=rng.sample(TAGS, 1) if rng.random() < 0.25 else (),
                )
        if rng.random() < 0.17:
            notes += 1
            archive.annotations.set_note(article_id, _note_text(language, rng, notes))
        if rng.random() < 0.45:
            archive.annotations.tag(article_id, *rng.sample(TAGS, rng.randint(1, 3)))
    # Later changes, which the index must follow: a few articles deleted, a tag taken
    # off, a highlight's note rewritten.
    deleted = rng.sample(ids[len(_LANGUAGE_WEIGHTS) : -1], max(1, count // 25))
    archive.delete_articles(deleted)
    ids = [article_id for article_id in ids if article_id not in deleted]
    tagged = [i for i in ids if archive.annotations.article_tags(i)]
    for article_id in rng.sample(tagged, min(3, len(tagged))):
        archive.annotations.untag(article_id, archive.annotations.article_tags(article_id)[0])
    highlights = [h for i in ids for h in archive.annotations.for_article(i) if h.note]
    for highlight in rng.sample(highlights, min(3, len(highlights))):
        language = archive.get(highlight.article_id).language or "en"
        notes += 1
        archive.annotations.edit(highlight.id, note=_note_text(language, rng, notes))
    stored = read_back(archive, ids)
    return Library(archive, stored)


# Queries, one generator per type

_GRAMMAR = re.compile(r'[\s()"*~:]')


class Chooser(Protocol):
    """Where the query generators get their choices (seeded random, or Hypothesis)."""

    def pick(self, items: Sequence[T]) -> T:
        """One of the items."""
        ...

    def number(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high``, inclusive."""
        ...

    def chance(self, percent: int) -> bool:
        """True ``percent`` times in a hundred."""
        ...


class RandomChooser:
    """A :class:`Chooser` over ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent


def _usable(token: str) -> bool:
    """A word that the query language reads as one plain word."""
    return (
        bool(token)
        and token not in _OPERATORS
        and not token.startswith("-")
        and not _GRAMMAR.search(token)
    )


def _safe(token: str) -> str:
    return token if token not in _OPERATORS else token.lower()


def _spaced_article(ch: Chooser, library: Library) -> StoredArticle:
    """An article written with spaces (it may hold a few words in Thai or Korean)."""
    candidates = [a for a in library.articles if not any(map(is_unspaced, a.title[:1]))]
    return ch.pick(candidates)


def _article_word(ch: Chooser, library: Library, where: str = "any") -> str:
    article = _spaced_article(ch, library)
    if where == "any":
        where = "title" if ch.chance(30) else "text"
    tokens = [m.group() for m in raw_tokens(article.title if where == "title" else article.text)]
    return _safe(ch.pick(tokens))


def _word(ch: Chooser, library: Library) -> str:
    roll = ch.number(0, 99)
    if roll < 8:
        return ch.pick(ABSENT)
    if roll < 20:
        return ch.pick(COLLIDING)
    if roll < 28:
        return ch.pick(library.spaced_words)
    return _article_word(ch, library)


def _retyped(ch: Chooser, token: str) -> str:
    """The word typed another way: case, accents, decomposed, special letters spelled out."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", token) if not 0x300 <= ord(c) <= 0x36F
    )
    spelled = token
    for source, target in (
        ("ł", "l"),
        ("Ł", "L"),
        ("ø", "o"),
        ("Ø", "O"),
        ("đ", "d"),
        ("Đ", "D"),
        ("ð", "d"),
        ("Ð", "D"),
        ("ħ", "h"),
        ("Ħ", "H"),
        ("þ", "th"),
        ("Þ", "Th"),
        ("æ", "ae"),
        ("Æ", "AE"),
        ("œ", "oe"),
        ("Œ", "OE"),
        ("ß", "ss"),
        ("ı", "i"),
        ("İ", "I"),
        ("ﬁ", "fi"),
    ):
        spelled = spelled.replace(source, target)
    forms = [
        token.upper(),
        token.lower(),
        token.casefold(),
        token.title(),
        unicodedata.normalize("NFD", token),
        unicodedata.normalize("NFC", token),
        unicodedata.normalize("NFC", stripped),
        unicodedata.normalize("NFC", spelled),
        "".join(
            c for c in unicodedata.normalize("NFD", spelled) if not 0x300 <= ord(c) <= 0x36F
        ).upper(),
        # Punctuation typed around a word is not part of it.
        f"{token}.",
        f"{token},",
        f"¿{token}?",
    ]
    return _safe(ch.pick([form for form in forms if _usable(form)] or [token]))


def _phrase_from(ch: Chooser, text: str, low: int = 2, high: int = 4) -> str:
    """2-4 consecutive words of a text, as typed: sometimes with its punctuation, or retyped."""
    tokens = raw_tokens(text)
    size = min(len(tokens), ch.number(low, high))
    start = ch.number(0, len(tokens) - size)
    if ch.chance(40):
        inner = text[tokens[start].start() : tokens[start + size - 1].end()]
        inner = " ".join(inner.replace('"', " ").split())
    else:
        inner = " ".join(match.group() for match in tokens[start : start + size])
    if ch.chance(20):
        inner = inner.upper() if ch.chance(50) else unicodedata.normalize("NFD", inner)
    return inner


def q_word(ch: Chooser, library: Library) -> str:
    """One word: of an article, of the library, colliding across languages, or absent."""
    word = _word(ch, library)
    return _retyped(ch, word) if ch.chance(25) else word


def q_and(ch: Chooser, library: Library) -> str:
    """Two or three words, often of one article, with or without AND."""
    if ch.chance(60):
        article = _spaced_article(ch, library)
        tokens = [m.group() for m in raw_tokens(article.title + " " + article.text)]
        chosen = [_safe(ch.pick(tokens)) for _ in range(ch.number(2, 3))]
    else:
        chosen = [_word(ch, library) for _ in range(ch.number(2, 3))]
    return (" AND " if ch.chance(30) else " ").join(chosen)


def q_or(ch: Chooser, library: Library) -> str:
    """Two or three words joined by OR."""
    return " OR ".join(_word(ch, library) for _ in range(ch.number(2, 3)))


def q_not(ch: Chooser, library: Library) -> str:
    """A word without another, NOT alone, or a word without either of two."""
    a, b, c = (_word(ch, library) for _ in range(3))
    return ch.pick(
        [
            f"{a} -{b}",
            f"{a} NOT {b}",
            f"NOT {a}",
            f"-{a}",
            f"{a} NOT ({b} OR {c})",
            f"NOT (NOT {a})",
            f"NOT -{a} {b}",
            f"-{a} -{b}",
        ]
    )


def q_phrase(ch: Chooser, library: Library) -> str:
    """A quoted run of words of a title or a text; now and then one word, or words reordered."""
    article = _spaced_article(ch, library)
    text = article.title if ch.chance(25) else article.text
    if ch.chance(8):
        return f'"{_phrase_from(ch, text, 1, 1)}"'
    inner = _phrase_from(ch, text)
    if ch.chance(10):
        inner = " ".join(reversed(inner.split()))
    return f'"{inner}"'


def q_crossing(ch: Chooser, library: Library) -> str:
    """The last words of a title and the first of its text: never one phrase."""
    article = ch.pick([a for a in library.articles if raw_tokens(a.title) and raw_tokens(a.text)])
    if any(map(is_unspaced, article.title)):
        # Characters, not runs: the end of the title and the start of the text.
        title = [c for c in article.title if is_unspaced(c)]
        text = [c for c in article.text if is_unspaced(c)]
        inner = "".join(title[-ch.number(1, 2) :] + text[: ch.number(1, 2)])
    else:
        title = [m.group() for m in raw_tokens(article.title)]
        text = [m.group() for m in raw_tokens(article.text)]
        inner = " ".join(title[-ch.number(1, 2) :] + text[: ch.number(1, 2)])
    return f'"{inner}"' if ch.chance(80) else f'title:"{inner}"'


def q_title(ch: Chooser, library: Library) -> str:
    """title: a word of a title (or of a text), or a phrase of a title."""
    if ch.chance(25):
        article = _spaced_article(ch, library)
        return f'title:"{_phrase_from(ch, article.title, 2, 3)}"'
    word = _article_word(ch, library, "title" if ch.chance(70) else "text")
    return f"title:{_retyped(ch, word) if ch.chance(20) else word}"


def q_note(ch: Chooser, library: Library) -> str:
    """note: a word or phrase of one note, words of two notes, or a word of the text."""
    annotated = [a for a in library.articles if a.notes]
    article = ch.pick(annotated)
    note = ch.pick(article.notes)
    roll = ch.number(0, 99)
    if roll < 40:
        tokens = [m.group() for m in raw_tokens(note)]
        word = ch.pick(tokens)
        return f"note:{_retyped(ch, word) if ch.chance(20) else _safe(word)}"
    if roll < 65:
        return f'note:"{_phrase_from(ch, note, 2, 3)}"'
    if roll < 72 and len(article.notes) > 1:
        first, second = (raw_tokens(n) for n in article.notes[:2])
        return f'note:"{first[-1].group()} {second[0].group()}"'
    if roll < 80 and "\n\n" in note:
        before, after = note.split("\n\n", 1)
        return f'note:"{raw_tokens(before)[-1].group()} {raw_tokens(after)[0].group()}"'
    if roll < 90:
        return f"note:concnote-{ch.number(0, 7)}"
    return f"note:{_article_word(ch, library)}"


def q_tag(ch: Chooser, library: Library) -> str:
    """tag: a tag of the library as written or typed another way, or an absent one."""
    tag = ch.pick([*TAGS, "nosuchtag", "two"])
    if ch.chance(40):
        tag = " ".join(_retyped(ch, part) for part in tag.split())
    return f'tag:"{tag}"' if " " in tag or ch.chance(10) else f"tag:{tag}"


def q_lang(ch: Chooser, library: Library) -> str:
    """lang: a language of the library, one with a region, one absent, or und."""
    code = ch.pick(["en", "fr", "de", "ru", "tr", "pt", "zh", "ja", "es", "und", "pt-BR", "EN"])
    return f"lang:{code}"


def _date_value(ch: Chooser, library: Library, field_name: str) -> str:
    """A date bound: a year, a month or a day, often one an article has."""
    days = [
        day
        for day in (
            _day(a.published if field_name == "date" else a.imported_at) for a in library.articles
        )
        if day is not None
    ]
    if days and ch.chance(60):
        day = ch.pick(days)
        if field_name == "saved" and ch.chance(30):
            day = date.fromordinal(day.toordinal() + ch.number(-1, 1))
    else:
        year = ch.number(2014, 2025) if field_name == "date" else ch.number(2020, date.today().year)
        day = date(year, ch.number(1, 12), ch.number(1, 28))
    return ch.pick([f"{day.year}", f"{day.year}-{day.month:02d}", day.isoformat()])


def _date_filter(ch: Chooser, library: Library) -> str:
    field_name = "saved" if ch.chance(15) else "date"
    first = _date_value(ch, library, field_name)
    form = ch.number(0, 5)
    if form == 0:
        return f"{field_name}:{first}"
    if form == 1:
        second = _date_value(ch, library, field_name)
        # By first day, so that the range never ends before it starts.
        low, high = sorted([first, second], key=lambda value: _period(value)[0])
        return f"{field_name}:{low}..{high}"
    return f"{field_name}:{ch.pick(['>', '>=', '<', '<='])}{first}"


def q_date(ch: Chooser, library: Library) -> str:
    """A date or saved filter alone: a period, a range, or a bound."""
    return _date_filter(ch, library)


def q_date_nested(ch: Chooser, library: Library) -> str:
    """Date filters inside OR, parentheses and NOT."""
    first, second = _date_filter(ch, library), _date_filter(ch, library)
    word = _word(ch, library)
    language = q_lang(ch, library)
    return ch.pick(
        [
            f"({first} OR {word})",
            f"{word} OR {first}",
            f"NOT {first}",
            f"-{first}",
            f"{word} ({first} OR {language})",
            f"({first} OR {second}) {language}",
            f"NOT ({first} OR {word})",
            f"({first})",
            f"(NOT {first}) OR {word}",
        ]
    )


def q_prefix(ch: Chooser, library: Library) -> str:
    """abc*: the start (two letters or more) of a word of a title or text; now and then title:."""
    in_title = ch.chance(20)
    candidates = [w for w in library.spaced_words if len(text_words(w)) == 1]
    if in_title:
        article = _spaced_article(ch, library)
        candidates = [
            m.group() for m in raw_tokens(article.title) if len(text_words(m.group())) == 1
        ]
    word = ch.pick(candidates) if candidates else "council"
    cut = ch.number(2, max(2, len(word)))
    prefix = word[:cut]
    while len(fold(prefix)) < 2 and cut < len(word):
        cut += 1
        prefix = word[:cut]
    if len(text_words(prefix)) != 1 or len(text_words(prefix)[0]) < 2:
        prefix = "co"
    if ch.chance(20):
        prefix = _retyped(ch, prefix)
    return f"title:{prefix}*" if in_title else f"{prefix}*"


_EDIT_LETTERS = {
    "latin": "abcdefghijklmnopqrstuvwxyzéüç",
    "cyrillic": "абвгдежзиклмнопрстуфхцчшыэюя",
}


def q_fuzzy(ch: Chooser, library: Library) -> str:
    """word~ or word~2: a word of the library with one or two edits (rarely the first letter)."""
    candidates = [
        w
        for w in library.spaced_words
        if len(fold(w)) >= 4 and len(text_words(w)) == 1 and w.isalpha()
    ]
    if ch.chance(25):
        return f"{ch.pick(CLUSTER)}{ch.pick(['~', '~2'])}"
    word = list(ch.pick(candidates))
    letters = _EDIT_LETTERS["cyrillic" if "\u0400" <= word[0] <= "\u04ff" else "latin"]
    for _ in range(ch.number(1, 2)):
        at = ch.number(0 if ch.chance(10) else 1, len(word) - 1)
        edit = ch.number(0, 3)
        if edit == 0:
            word[at] = ch.pick(letters)
        elif edit == 1 and len(word) > 2:
            del word[at]
        elif edit == 2:
            word.insert(at, ch.pick(letters))
        elif at + 1 < len(word):
            word[at], word[at + 1] = word[at + 1], word[at]
    distance = ch.pick(["~", "~1", "~2"])
    return _safe("".join(word)) + distance


def q_cjk(ch: Chooser, library: Library) -> str:
    """One Han, Kana or Thai character or a run of 2-4 (across punctuation too), bare or quoted."""
    where, text = ch.pick(library.unspaced_texts)
    places = [i for i, c in enumerate(text) if is_unspaced(c) and is_word_char(c)]
    if ch.chance(8):
        return ch.pick(["鬱", "龘", "ぬ", "東京天気", "北京上海"])
    start = ch.pick(places)
    size = 1 if ch.chance(40) else ch.number(2, 4)
    end = start + size
    while end < len(text) and not (is_unspaced(text[end - 1]) and is_word_char(text[end - 1])):
        end += 1
    chunk = text[start:end]
    if not _usable(chunk):
        chunk = text[start]
    roll = ch.number(0, 99)
    if roll < 15:
        return f'"{chunk}"'
    if roll < 25 and where == "title":
        return f"title:{chunk}"
    return chunk


# Words that fold (or should) to the same thing, as one of them is written and another typed.
_RETYPED_PAIRS = [
    ("İstanbul", ["istanbul", "ISTANBUL", "İSTANBUL", "Istanbul", "i\u0307stanbul"]),
    ("ışık", ["isik", "IŞIK", "Işık", "ISIK", "işik"]),
    ("straße", ["strasse", "STRASSE", "STRAẞE", "Strasse"]),
    ("café", ["cafe", "CAFÉ", "cafe\u0301", "CAFE"]),
    ("Łódź", ["lodz", "LODZ", "Lo\u0301dz\u0301"]),
    ("Søren", ["soren", "SØREN", "SOREN"]),
    ("Đorđe", ["dorde", "DORDE"]),
    ("Guðrún", ["gudrun", "GUDRUN"]),
    ("Þór", ["thor", "THOR", "Thor"]),
    ("Ærø", ["aero", "AERO", "AERØ"]),
    ("encyclopædia", ["encyclopaedia", "ENCYCLOPAEDIA"]),
    ("Œdipe", ["oedipe", "OEDIPE"]),
    ("Ħamrun", ["hamrun"]),
    ("ﬁnance", ["finance", "FINANCE"]),
    ("ＡＢＣ", ["abc", "ABC"]),
    ("ёлка", ["елка", "ЁЛКА", "ЕЛКА"]),
    ("élève", ["eleve", "e\u0301le\u0300ve", "ÉLÈVE"]),
    ("Müller", ["muller", "MULLER", "Mu\u0308ller"]),
]


def q_retyped(ch: Chooser, library: Library) -> str:
    """Turkish, decomposed and special letters typed the other way round."""
    if ch.chance(40):
        return _retyped(ch, ch.pick([w for w in library.spaced_words if not w.isascii()]))
    written, others = ch.pick(_RETYPED_PAIRS)
    typed = ch.pick([written, *others])
    return ch.pick([typed, f'"{typed}"', f"title:{typed}", f"{typed}*"])


def q_colliding(ch: Chooser, library: Library) -> str:
    """Words that stem alike in another language (notes / not), alone or with lang:."""
    word = ch.pick(COLLIDING)
    if ch.chance(30):
        return f"{word} {q_lang(ch, library)}"
    return word


def q_site(ch: Chooser, library: Library) -> str:
    """site: or author: a word of a name, or the whole name quoted."""
    site, author = ch.pick(SITES)
    field_name, name = ch.pick([("site", site), ("author", author)])
    if ch.chance(30):
        return f'{field_name}:"{_retyped(ch, name) if ch.chance(30) else name}"'
    parts = [m.group() for m in raw_tokens(name)] or [name]
    part = ch.pick(parts)
    return f"{field_name}:{_retyped(ch, part) if ch.chance(30) else part}"


def q_hyphen(ch: Chooser, library: Library) -> str:
    """Hyphenated words and words with apostrophes, whole, quoted, or their parts."""
    joined = [w for w in library.spaced_words if "-" in w or "'" in w or "’" in w]
    word = ch.pick([*joined, "concnote-3", "e-mail", "covid-19", "nord-süd", "well-known"])
    parts = " ".join(re.split(r"[-'’]", word))
    roll = ch.number(0, 99)
    if roll < 50:
        return _retyped(ch, word) if ch.chance(30) else word
    if roll < 70:
        return f'"{word}"'
    if roll < 85:
        return parts
    return f'"{parts}"'


_ATOMS: list[Callable[[Chooser, Library], str]] = []


def q_mixed(ch: Chooser, library: Library) -> str:
    """Two to four queries of the other types combined with AND, OR, NOT and parentheses."""
    atoms = [ch.pick(_ATOMS)(ch, library) for _ in range(ch.number(2, 4))]
    atoms = [f"({atom})" if " " in atom and not atom.startswith('"') else atom for atom in atoms]
    query = atoms[0]
    for atom in atoms[1:]:
        query = ch.pick(
            [
                f"{query} {atom}",
                f"{query} AND {atom}",
                f"{query} OR {atom}",
                f"{query} -{atom}",
                f"({query}) OR NOT {atom}",
                f"{atom} ({query})",
            ]
        )
    return query


#: Query type -> generator.
QUERY_TYPES: dict[str, Callable[[Chooser, Library], str]] = {
    "word": q_word,
    "and": q_and,
    "or": q_or,
    "not": q_not,
    "phrase": q_phrase,
    "crossing": q_crossing,
    "title": q_title,
    "note": q_note,
    "tag": q_tag,
    "lang": q_lang,
    "date": q_date,
    "date_nested": q_date_nested,
    "prefix": q_prefix,
    "fuzzy": q_fuzzy,
    "cjk": q_cjk,
    "retyped": q_retyped,
    "colliding": q_colliding,
    "site": q_site,
    "hyphen": q_hyphen,
    "mixed": q_mixed,
}
_ATOMS.extend(
    QUERY_TYPES[name]
    for name in ("word", "phrase", "title", "note", "tag", "lang", "date", "prefix", "fuzzy", "cjk")
)


# The engine's answer against the oracle's


@dataclass
class Outcome:
    """How the engine answered one query.

    Attributes:
        skipped: Why the comparison was skipped ("" when it was made).
        problems: What disagreed with the oracle (empty when all agreed).
    """

    query: str
    expected: frozenset[int] = frozenset()
    skipped: str = ""
    problems: list[str] = field(default_factory=list)

    def report(self) -> str:
        """The query and its problems, one per line."""
        return "\n".join([f"query: {self.query}", *self.problems])


def _differences(
    oracle: Oracle, query: str, what: str, got: set[int], expected: frozenset[int]
) -> str:
    lines = [f"{what}: {len(got)} ids, the oracle {len(expected)}"]
    for label, ids in (
        ("extra (engine only)", sorted(got - expected)),
        ("missing (oracle only)", sorted(expected - got)),
    ):
        for article_id in ids[:6]:
            lines.append(f"  {label}: {oracle.describe(article_id)}")
            lines.append(f"      oracle: {oracle.explain(query, article_id)}")
        if len(ids) > 6:
            lines.append(f"  ... and {len(ids) - 6} more {label}")
    return "\n".join(lines)


def compare(
    archive: Archive,
    oracle: Oracle,
    query: str,
    *,
    page_size: int = 10,
    orders: Sequence[str] = ("relevance",),
) -> Outcome:
    """Checks the engine against the oracle on one query.

    ``matching_ids``, and the pages of ``search`` (``page_size`` hits a page,
    in each of ``orders``, until a page comes back empty) must give the
    oracle's set: each id once, on one page only, every page's ``total`` the
    set's size. Partial hits (``exact=False``), which follow the exact ones
    for a query of plain words, are not part of the result. Skipped when the
    engine says it searched only the most frequent completions of a prefix.
    An exception from the engine is a problem like any other.
    """
    outcome = Outcome(query, oracle.matching(query))
    try:
        _compare(archive, oracle, outcome, page_size, orders)
    except Exception as error:  # noqa: BLE001  (reported with the query, not raised)
        outcome.problems.append(f"the engine raised {type(error).__name__}: {error}")
    return outcome


def _compare(
    archive: Archive, oracle: Oracle, outcome: Outcome, page_size: int, orders: Sequence[str]
) -> None:
    query = outcome.query
    expected = outcome.expected
    problems = outcome.problems
    listed = list(archive.matching_ids(query))
    if len(listed) != len(set(listed)):
        problems.append(f"matching_ids repeats ids: {sorted(listed)}")
    if set(listed) != expected:
        problems.append(_differences(oracle, query, "matching_ids", set(listed), expected))
    for order in orders:
        seen: list[int] = []
        totals: set[int] = set()
        offset = 0
        while offset <= len(expected) + page_size:
            found = archive.search(query, limit=page_size, offset=offset, order=order)
            if "most frequent" in found.notice:
                outcome.skipped = found.notice
                problems.clear()
                return
            if found.notice and not offset:
                problems.append(f"notice: {found.notice}")
            totals.add(found.total)
            if len(found) > page_size:
                problems.append(f"{order} page at {offset} has {len(found)} hits")
            # getattr: checkouts from before partial hits (for bisecting) have no exact.
            seen.extend(hit.article_id for hit in found if getattr(hit, "exact", True))
            if not len(found):
                break
            offset += page_size
        if totals != {len(expected)}:
            problems.append(
                f"{order} pages of {page_size}: totals {sorted(totals)}, the oracle {len(expected)}"
            )
        repeated = sorted(article_id for article_id, n in Counter(seen).items() if n > 1)
        if repeated:
            problems.append(f"{order} pages of {page_size} repeat ids {repeated}")
        if set(seen) != expected and set(seen) != set(listed):
            problems.append(
                _differences(oracle, query, f"{order} pages of {page_size}", set(seen), expected)
            )
