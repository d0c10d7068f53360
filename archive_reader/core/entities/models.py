"""The entity catalogue's plain results (entities, aliases, mentions, ...) and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_reader.core.errors import ArchiveError


class EntityError(ArchiveError):
    """An entity request that cannot be done as asked (unknown type, empty name, ...)."""


class EntityNotFound(ArchiveError):
    """No entity has the requested id, name or alias."""


class MentionNotFound(ArchiveError):
    """No mention has the requested id."""


@dataclass(slots=True)
class Alias:
    """One form under which an entity is found.

    Attributes:
        id: The alias row's id.
        entity_id: The entity it names.
        text: The form, as written ("RT", "Russia Today", "ТВ-Новости").
        case_sensitive: True when it matches only as written.
    """

    id: int
    entity_id: int
    text: str
    case_sensitive: bool


@dataclass(slots=True)
class Entity:
    """An entity with its aliases and what the library says about it.

    Attributes:
        id: The entity's id.
        name: Its name (also one of its aliases).
        type: person, organisation, place, event, or a type the user added.
        notes: The researcher's notes.
        created_at: When it was created (ISO 8601 UTC).
        aliases: Every form it is found under, its name included.
        mention_count: Mentions not rejected, in all articles.
        article_count: Articles with at least one such mention.
        first_date: The earliest publication date of those articles, if any has one.
        last_date: The latest one.
    """

    id: int
    name: str
    type: str
    notes: str
    created_at: str
    aliases: list[Alias] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0
    first_date: str | None = None
    last_date: str | None = None

    @property
    def other_names(self) -> list[str]:
        """The aliases other than the name."""
        return [alias.text for alias in self.aliases if alias.text != self.name]


@dataclass(slots=True)
class Mention:
    """One place where an article names an entity.

    Attributes:
        id: The mention's id (what ``reject`` takes).
        article_id: The article.
        entity_id: The entity.
        entity_name: Its name.
        entity_type: Its type.
        start: Offset of the first character in the article's text.
        end: Offset after the last character.
        text: The text at that place.
        source: "found" (by the scanner) or "manual" (marked by the user).
        rejected: True when the user said it is not this entity.
    """

    id: int
    article_id: int
    entity_id: int
    entity_name: str
    entity_type: str
    start: int
    end: int
    text: str
    source: str
    rejected: bool


@dataclass(slots=True)
class EntityArticle:
    """An article that mentions an entity, with how often."""

    article_id: int
    title: str
    published: str | None
    site_name: str | None
    mention_count: int


@dataclass(slots=True)
class Passage:
    """A paragraph that shows two entities together (evidence of a co-occurrence).

    Attributes:
        article_id: The article.
        title: Its title.
        published: Its publication date, if known.
        paragraph: The paragraph's number in the article, from 0.
        text: The paragraph's text.
    """

    article_id: int
    title: str
    published: str | None
    paragraph: int
    text: str


@dataclass(slots=True)
class Cooccurrence:
    """Another entity that appears with the one asked about.

    Attributes:
        entity_id: The other entity.
        name: Its name.
        type: Its type.
        articles: Articles that mention both.
        paragraphs: Paragraphs that mention both.
        article_ids: Those articles, oldest first.
        passages: Paragraphs that mention both (the evidence), oldest first,
            at most as many as asked for.
    """

    entity_id: int
    name: str
    type: str
    articles: int
    paragraphs: int
    article_ids: list[int]
    passages: list[Passage]


@dataclass(slots=True)
class Suggestion:
    """A name in an article that looks like an entity and is not in the catalogue.

    Attributes:
        name: The name as it appears.
        count: How often it appears in the article.
        kind: "sequence" (capitalised words), "acronym" or "word" (a
            capitalised word repeated inside sentences).
    """

    name: str
    count: int
    kind: str
