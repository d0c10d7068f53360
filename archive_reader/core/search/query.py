"""The search query language: parsing what a researcher types into a tree.

Grammar (informal)::

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or ")" | [field ":"] value
    value   := '"' phrase '"' | word ["*" | "~" [digit]] | "(" or ")"   (inside a field)

Fields: title, site, author, tag, entity, lang, note, label, and the dates
``date:`` (publication) and ``saved:`` (import), which take ``2024``,
``2024-03``, ``2024-03-05``, ``A..B``, ``>A``, ``>=A``, ``<A``, ``<=A``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from archive_reader.core.errors import QuerySyntaxError

TEXT_FIELDS = ("title", "site", "author", "tag", "entity", "lang", "note", "label")
DATE_FIELDS = ("date", "saved")
FIELD_ALIASES = {
    "language": "lang",
    "published": "date",
    "imported": "saved",
    "tags": "tag",
    "site_name": "site",
    "notes": "note",
    "entities": "entity",
}
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_OPERATORS = {"AND", "OR", "NOT"}
# Parentheses and NOTs nest at most this deep; the parser recurses once per level.
_MAX_NESTING = 100


@dataclass(frozen=True)
class Word:
    """A word; ``prefix`` for ``word*``, ``fuzzy`` the edit distance for ``word~``."""

    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, in order."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end`` (inclusive; None is open) of ``field``."""

    field: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class And:
    """All children must match; ``typed`` when the query said AND between them."""

    children: tuple[Node, ...]
    typed: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Or:
    """Any child may match."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child must not match."""

    child: Node


@dataclass(frozen=True)
class MatchAll:
    """Every article (an empty query)."""


Node = Word | Phrase | DateRange | And | Or | Not | MatchAll


@dataclass
class _Token:
    kind: str  # word, phrase, lparen, rparen, op, minus, field
    text: str
    position: int
    extra: dict[str, object] = field(default_factory=dict)


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z_]+):(?=\S)
  | (?P<phrase>"[^"]*"?)
  | (?P<minus>-(?=[^\s-]))
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        assert kind is not None
        if kind == "space":
            continue
        if kind == "field":
            name = match.group("field").lower()
            name = FIELD_ALIASES.get(name, name)
            if name not in TEXT_FIELDS and name not in DATE_FIELDS:
                # Not a field ("http://...", a typo): the name is read as a word.
                tokens.append(_Token("word", value, match.start()))
                continue
            tokens.append(_Token("field", name, match.start()))
            continue
        if kind == "phrase":
            if len(value) < 2 or not value.endswith('"'):
                raise QuerySyntaxError(
                    f"a quotation mark at position {match.start() + 1} is not closed"
                )
            tokens.append(_Token("phrase", value[1:-1], match.start()))
            continue
        if kind == "word" and value in _OPERATORS:
            tokens.append(_Token("op", value, match.start()))
            continue
        tokens.append(_Token(kind, value, match.start()))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self._text = text
        self._tokens = _tokenize(text)
        self._index = 0
        self._depth = 0

    def _peek(self) -> _Token | None:
        return self._tokens[self._index] if self._index < len(self._tokens) else None

    def _next(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def parse(self) -> Node:
        if not self._tokens:
            return MatchAll()
        node = self._or()
        token = self._peek()
        if token is not None:
            if token.kind == "rparen":
                raise QuerySyntaxError(
                    f"a closing parenthesis at position {token.position + 1} has no opening one"
                )
            raise QuerySyntaxError(f"unexpected {token.text!r} at position {token.position + 1}")
        return node

    def _or(self) -> Node:
        children = [self._and()]
        while (token := self._peek()) is not None and token.kind == "op" and token.text == "OR":
            self._next()
            children.append(self._and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self) -> Node:
        children = [self._unary()]
        typed = False
        while (token := self._peek()) is not None:
            if token.kind == "rparen" or (token.kind == "op" and token.text == "OR"):
                break
            if token.kind == "op" and token.text == "AND":
                self._next()
                typed = True
            children.append(self._unary())
        return children[0] if len(children) == 1 else And(tuple(children), typed)

    def _enter(self, token: _Token) -> None:
        self._depth += 1
        if self._depth > _MAX_NESTING:
            raise QuerySyntaxError(
                f"the query nests more than {_MAX_NESTING} levels deep"
                f" at position {token.position + 1}"
            )

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        if (token.kind == "op" and token.text == "NOT") or token.kind == "minus":
            self._next()
            self._enter(token)
            node = Not(self._unary())
            self._depth -= 1
            return node
        if token.kind == "op":
            raise QuerySyntaxError(
                f"{token.text} at position {token.position + 1} needs a word before and after it"
            )
        return self._primary()

    def _primary(self, field_name: str | None = None) -> Node:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        if token.kind == "lparen":
            self._next()
            if (closing := self._peek()) is not None and closing.kind == "rparen":
                raise QuerySyntaxError(f"empty parentheses at position {token.position + 1}")
            self._enter(token)
            node = self._or() if field_name is None else self._field_group(field_name)
            self._depth -= 1
            closing = self._peek()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError(
                    f"the parenthesis at position {token.position + 1} is not closed"
                )
            self._next()
            return node
        if token.kind == "field":
            if field_name is not None:
                raise QuerySyntaxError(f"a field inside a field at position {token.position + 1}")
            self._next()
            if self._peek() is None:
                raise QuerySyntaxError(f"{token.text}: needs a value")
            return self._primary(token.text)
        if token.kind == "phrase":
            self._next()
            if field_name in DATE_FIELDS:
                return parse_date(field_name, token.text)
            return Phrase(token.text, field_name)
        if token.kind in ("word", "minus"):
            self._next()
            if field_name in DATE_FIELDS:
                return parse_date(field_name, token.text)
            return _word(token.text, field_name)
        raise QuerySyntaxError(f"unexpected {token.text!r} at position {token.position + 1}")

    def _field_group(self, field_name: str) -> Node:
        children = [self._primary(field_name)]
        while (token := self._peek()) is not None and token.kind != "rparen":
            if token.kind == "op" and token.text == "OR":
                self._next()
                children.append(Or((children.pop(), self._primary(field_name))))
                continue
            if token.kind == "op" and token.text == "AND":
                self._next()
            children.append(self._primary(field_name))
        return children[0] if len(children) == 1 else And(tuple(children))


def _word(text: str, field_name: str | None) -> Node:
    fuzzy = 0
    prefix = False
    match = re.match(r"^(.*?)~(\d?)$", text)
    if match and match.group(1):
        text = match.group(1)
        fuzzy = int(match.group(2) or 1)
        fuzzy = max(1, min(fuzzy, 2))
    elif text.endswith("*") and len(text.rstrip("*")) > 0:
        text = text.rstrip("*")
        prefix = True
    return Word(text, field_name, prefix=prefix, fuzzy=fuzzy)


def _parse_day(text: str, *, end: bool) -> date:
    match = _DATE_VALUE.match(text)
    if match is None:
        raise QuerySyntaxError(f"{text!r} is not a date; write 2024, 2024-03 or 2024-03-05")
    year = int(match.group(1))
    if not 1 <= year <= 9999:
        raise QuerySyntaxError(f"{text!r}: years go from 0001 to 9999")
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise QuerySyntaxError(f"{text!r} has no month {month}")
    if match.group(3):
        day = int(match.group(3))
    else:
        day = calendar.monthrange(year, month)[1] if end else 1
    try:
        return date(year, month, day)
    except ValueError as error:
        raise QuerySyntaxError(f"{text!r} is not a date: {error}") from error


def parse_date(field_name: str, text: str) -> DateRange:
    """Reads a date value: ``2024``, ``2024-03..2024-06``, ``>2023-05-01``, ``<=2020``."""
    text = text.strip()
    for operator in (">=", "<=", ">", "<"):
        if text.startswith(operator):
            value = text[len(operator) :]
            if operator == ">=":
                return DateRange(field_name, _parse_day(value, end=False), None)
            if operator == "<=":
                return DateRange(field_name, None, _parse_day(value, end=True))
            if operator == ">":
                day = _parse_day(value, end=True)
                if day == date.max:
                    raise QuerySyntaxError(f"{text!r}: no date comes after {date.max}")
                return DateRange(field_name, date.fromordinal(day.toordinal() + 1), None)
            day = _parse_day(value, end=False)
            if day == date.min:
                raise QuerySyntaxError(f"{text!r}: no date comes before {date.min}")
            return DateRange(field_name, None, date.fromordinal(day.toordinal() - 1))
    if ".." in text:
        low, high = text.split("..", 1)
        start = _parse_day(low, end=False) if low else None
        finish = _parse_day(high, end=True) if high else None
        if start and finish and start > finish:
            raise QuerySyntaxError(f"{text!r}: the range ends before it starts")
        return DateRange(field_name, start, finish)
    return DateRange(field_name, _parse_day(text, end=False), _parse_day(text, end=True))


def parse(text: str) -> Node:
    """Parses a query.

    Raises:
        QuerySyntaxError: The query does not follow the grammar; the message
            says where and why, for the user.
    """
    return _Parser(text).parse()


def plain_words(text: str) -> Node:
    """The query read as plain words, all required: the fallback for a query that does not parse."""
    words = [w for w in re.findall(r"\w+", text) if w not in _OPERATORS]
    if not words:
        return MatchAll()
    nodes = tuple(Word(w) for w in words)
    return nodes[0] if len(nodes) == 1 else And(nodes)
