"""Synthetic article library for the search benchmark: deterministic, no external data.

Everything here is generated from a seed by our own code: pseudo-words built
from syllables (Latin for English, German and Portuguese, Cyrillic for
Russian) plus a short list of real function words per language, drawn with a
Zipf distribution so that a few words occur in nearly every article and most
are rare. Words come in inflected forms (English -s/-ed/-ing/-ation, Russian
-а/-ы/-ов/-ами, ...) so that stemming matters. Recurring two- and three-word
collocations give phrase queries something to find, and a catalogue of named
entities (people, organisations, places, events) is mentioned in the text by
name or alias.

Public API:
    generate(count, seed) -> Iterator[SyntheticArticle]
    catalogue(seed) -> list[EntitySpec]          (in popularity order)
    query_set(seed) -> dict[str, list[str]]      (30 queries per type)
    fuzzy_corrections(seed) -> dict[str, str]    (misspelt word -> the word it came from)

Run it as a script to time the generation of a corpus::

    .venv/bin/python benchmarks/search_corpus.py --count 100000
"""

from __future__ import annotations

import argparse
import functools
import html as html_module
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

LANGUAGES = ("en", "ru", "de", "pt")
LANGUAGE_SHARES = (0.70, 0.20, 0.05, 0.05)
VOCABULARY_SIZE = 50_000
ZIPF_S = 1.07
WORDS_MEAN = 900
WORDS_SPREAD = 150
WORDS_MIN, WORDS_MAX = 400, 1600
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2024, 12, 31)
QUERIES_PER_TYPE = 30
QUERY_TYPES = (
    "common",
    "rare",
    "two_words",
    "phrase",
    "field",
    "date_range",
    "fuzzy",
    "prefix",
    "entity",
)

_SITES_PER_LANGUAGE = {"en": 140, "ru": 40, "de": 10, "pt": 10}
_AUTHORS_PER_SITE = 10
_COLLOCATIONS_PER_LANGUAGE = 400
_COLLOCATION_RATE = 0.25  # share of sentences that carry a collocation
_COMMA_RATE = 0.4  # share of sentences with a comma inside
_TITLE_ENTITY_RATE = 0.3
_MENTIONS_IN_ARTICLE = 900  # rough token count used for the expected document frequencies


def _words(text: str) -> list[str]:
    """The space-separated words of a table written as one string."""
    return text.split()


# --- Function words: a short list per language, written for this benchmark. ---------------------

_FUNCTION_WORDS = {
    "en": _words(
        "the of and to a in is that it for was on as with he be by at this are"
        " from or his had not but have an they which were their one we all there"
        " been has more when who will would can no its"
    ),
    "ru": _words(
        "и в не на что с по он как это к из но за то от же все так его о она бы"
        " только мы для было уже они вы был у да при если до ни до где когда"
    ),
    "de": _words(
        "der die und in den von zu das mit sich des auf für ist im dem nicht ein"
        " eine als auch es an er hat aus bei sie nach wird um am war noch wie"
    ),
    "pt": _words(
        "de a o que e do da em um para é com não uma os no se na por mais as dos"
        " como mas foi ao ele das tem à seu sua ou ser quando muito"
    ),
}

# --- Syllables: onsets, vowels, word endings, per script. ----------------------------------------

_ONSETS = {
    "en": _words("b c d f g h j k l m n p r s t v w z br cl st tr pl gr sh th ch dr fl sk"),
    "de": _words("b d f g h k l m n p r s t w z sch pf kr st br gr fr tr sp kl"),
    "pt": _words("b c d f g j l m n p r s t v lh nh br cr pr tr gr ch"),
    "ru": _words("б в г д ж з к л м н п р с т ф х ц ч ш пр ст кр тр бл зв гр др"),
}
_VOWELS = {
    "en": _words("a e i o u a e i o ea ou ai"),
    "de": _words("a e i o u a e i ei au ä ö ü ie"),
    "pt": _words("a e i o u a e o ã é á ê ó"),
    "ru": _words("а е и о у а е и о ы я ю"),
}
_CODAS = {
    "en": ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "ck"],
    "de": ["", "", "n", "r", "l", "s", "t", "ch", "ng", "tz", "rt", "nd"],
    "pt": ["", "", "", "s", "r", "l", "m", "nt"],
    "ru": ["", "н", "р", "л", "с", "т", "к", "в", "м", "д"],
}
# Inflections: (suffix, weight). Base forms are always present.
_SUFFIXES = {
    "en": [("s", 5), ("ed", 4), ("ing", 4), ("ation", 2), ("er", 2), ("ly", 1), ("ness", 1)],
    "ru": [("а", 4), ("ы", 4), ("ов", 3), ("ами", 2), ("ой", 2), ("у", 2), ("ом", 2), ("ах", 1)],
    "de": [("en", 5), ("er", 3), ("es", 3), ("ung", 2), ("e", 2), ("te", 2)],
    "pt": [("s", 5), ("ção", 2), ("ado", 3), ("ando", 2), ("ar", 3), ("mente", 1)],
}
# Words that join the parts of a three-word collocation ("X of Y").
_CONNECTORS = {
    "en": ("of", "and", "for", "in"),
    "ru": ("и", "в", "на", "для"),
    "de": ("und", "der", "für", "von"),
    "pt": ("de", "e", "do", "para"),
}

# --- Names: sites, people, entities. -------------------------------------------------------------

_NAME_ONSETS = _words("b c d f g h k l m n p r s t v z br dr gr kr st tr th")
_NAME_VOWELS = _words("a e i o u a e i o ay")
_NAME_CODAS = ["", "", "n", "r", "l", "s", "th", "nd", "x"]
_SITE_PATTERNS = {
    "en": (
        "The {} Times",
        "{} Daily",
        "{} Review",
        "The {} Post",
        "{} Journal",
        "{} Herald",
        "{} Dispatch",
        "{} Weekly",
        "{} Notes",
        "{}watch",
    ),
    "ru": ("{} Вести", "Новости {}", "{} Ведомости", "Газета {}", "{} Сегодня"),
    "de": ("{} Zeitung", "{} Rundschau", "{} Tagblatt", "{} Anzeiger"),
    "pt": ("Jornal de {}", "Folha de {}", "Diário {}", "{} Notícias"),
}
_ORGANISATION_KINDS = ("Institute", "Group", "Bank", "University", "Motors", "Foundation")
_PLACE_PATTERNS = ("{}", "Port {}", "{} Valley", "New {}", "{}burg", "Lake {}")
_EVENT_KINDS = ("Summit", "Accord", "Festival", "Crisis", "Games", "Conference")
_COLLIDING_ACRONYMS = 6  # organisations whose acronym is also another entity's lowercase alias

# Tags: topics written for this benchmark, and pairs of them for the long tail.
_TAG_WORDS = _words(
    "politics economy science health climate energy transport housing education technology"
    " security privacy history culture music film books art design architecture food travel"
    " sport football tennis cycling space physics biology chemistry medicine law courts"
    " elections europe asia africa americas cities rural farming water oceans wildlife"
    " software hardware internet media journalism photography fashion religion philosophy"
    " language migration labour finance markets banking trade tax pensions crime police"
    " military diplomacy interview opinion analysis longread explainer review obituary"
    " archive local weather"
)

_LATIN_TO_CYRILLIC = {
    "ch": "ч", "sh": "ш", "th": "т", "ay": "ай", "a": "а", "b": "б", "c": "к", "d": "д",
    "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и", "z": "з",
}  # fmt: skip
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ã": "a", "á": "a", "é": "e",
    "ê": "e", "ó": "o", "ç": "c",
}  # fmt: skip
_MARKS = np.array([".", "?", "!"], dtype=object)
_MARK_SHARES = (0.9, 0.06, 0.04)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """A named entity of the catalogue: its canonical name, type and other names."""

    name: str
    type: str
    aliases: tuple[str, ...]

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every form under which the entity may appear in an article."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class SyntheticArticle:
    """One generated article, with the metadata an imported article would have."""

    title: str
    text: str
    url: str
    site_name: str
    author: str
    published: str
    language: str
    tags: list[str]
    entities: list[tuple[str, str]]

    @property
    def html(self) -> str:
        """The article as a small saved page: a title, a headline and ``<p>`` paragraphs.

        Built on demand, so that a corpus held in memory keeps only the text.
        """
        title = html_module.escape(self.title)
        paragraphs = "".join(f"<p>{html_module.escape(p)}</p>\n" for p in self.text.split("\n\n"))
        return (
            f'<!doctype html>\n<html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head>\n<body><article>\n<h1>{title}</h1>\n"
            f"{paragraphs}</article></body></html>\n"
        )

    @property
    def word_count(self) -> int:
        """Words in the text, counted as runs of letters and digits."""
        return len(_WORD.findall(self.text))


@dataclass(slots=True)
class _Language:
    """The vocabulary of one language, in rank order, with its Zipf table."""

    code: str
    forms: np.ndarray  # object array of str, index = rank - 1
    capitals: np.ndarray  # the same, first letter upper case
    cdf: np.ndarray  # cumulative Zipf probabilities over ranks
    probabilities: np.ndarray
    lemma_of: np.ndarray  # lemma number per rank (-1 for function words)
    lemma_probability: np.ndarray  # per lemma: the sum over its forms
    base_rank: dict[int, int]  # lemma -> rank of its base form
    function_count: int
    collocations: list[tuple[str, ...]]
    collocation_cdf: np.ndarray


@dataclass(slots=True)
class _Site:
    name: str
    domain: str
    language: str
    authors: list[str]


@dataclass(slots=True)
class _Model:
    """Everything the generator draws from, built once per seed."""

    seed: int
    languages: dict[str, _Language]
    sites: dict[str, list[_Site]]  # per language, in popularity order
    site_cdf: dict[str, np.ndarray]
    entities: list[EntitySpec]  # in popularity order
    entity_cdf: np.ndarray
    cyrillic_alias: dict[str, str]  # entity name -> its Cyrillic alias, when it has one
    url_form: dict[str, str]  # entity name -> the form that sits in a URL-ish context
    tags: list[str]  # in popularity order
    tag_cdf: np.ndarray
    vocabulary: dict[str, frozenset[str]]  # every form of every language


def _zipf_cdf(count: int, s: float) -> np.ndarray:
    weights = np.arange(1, count + 1, dtype=np.float64) ** -s
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    return cdf


def _draw(rng: np.random.Generator, cdf: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn from the distribution whose cumulative table is ``cdf``."""
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _to_latin(text: str) -> str:
    return "".join(_CYRILLIC_TO_LATIN.get(c, c) for c in text.lower())


def _to_cyrillic(name: str) -> str:
    out: list[str] = []
    lower = name.lower()
    i = 0
    while i < len(lower):
        pair = lower[i : i + 2]
        if pair in _LATIN_TO_CYRILLIC:
            piece, i = _LATIN_TO_CYRILLIC[pair], i + 2
        else:
            piece, i = _LATIN_TO_CYRILLIC.get(lower[i], lower[i]), i + 1
        if not out or out[-1] == " ":
            piece = piece[:1].upper() + piece[1:]
        out.append(piece)
    return "".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _to_latin(text)).strip("-")


# --- Building the model ---------------------------------------------------------------------------


def _lemma(rng: random.Random, code: str, rank: int) -> str:
    # Frequent words are short, rare ones long: two syllables at the top, up to four later.
    syllables = 2 if rank < 300 else rng.choices((2, 3, 4), (0.4, 0.45, 0.15))[0]
    word = "".join(rng.choice(_ONSETS[code]) + rng.choice(_VOWELS[code]) for _ in range(syllables))
    return word + rng.choice(_CODAS[code])


def _inflect(code: str, lemma: str, suffix: str) -> str:
    if code == "en" and lemma.endswith("e") and suffix[0] in "aei":
        return lemma[:-1] + suffix
    return lemma + suffix


def _build_language(code: str, seed: int) -> _Language:
    rng = random.Random(f"vocabulary/{code}/{seed}")
    function_words = _FUNCTION_WORDS[code]
    taken = set(function_words)
    content_size = VOCABULARY_SIZE - len(function_words)
    suffixes = [s for s, _ in _SUFFIXES[code]]
    suffix_weights = [w for _, w in _SUFFIXES[code]]
    # Each lemma has its base form and two to four inflections. A form's score
    # grows with its lemma's number and its place among the lemma's forms, so the
    # base form is the most frequent and the forms of one lemma spread over the
    # ranks. Twice the forms needed are made and the lowest scores kept: frequent
    # lemmas keep all their forms, rare ones only their base form.
    scored: list[tuple[float, str, int]] = []
    lemma_count = 0
    while len(scored) < 2 * content_size:
        lemma = _lemma(rng, code, lemma_count)
        chosen: list[str] = []
        wanted = rng.randint(2, 4)
        while len(chosen) < wanted:
            suffix = rng.choices(suffixes, suffix_weights)[0]
            if suffix not in chosen:
                chosen.append(suffix)
        forms = [lemma] + [_inflect(code, lemma, s) for s in chosen]
        if len(lemma) < 4 or any(f in taken for f in forms):
            continue
        taken.update(forms)
        for position, form in enumerate(forms):
            score = (lemma_count + 1) * (1 + 1.5 * position) * rng.uniform(0.7, 1.4)
            scored.append((score, form, lemma_count))
        lemma_count += 1
    scored.sort()
    scored = scored[:content_size]
    # Function words take the first three ranks and every third rank after that.
    ranked: list[tuple[str, int]] = []
    content = iter(scored)
    pending = list(function_words)
    while len(ranked) < VOCABULARY_SIZE:
        rank = len(ranked)
        if pending and (rank < 3 or rank % 3 == 0):
            ranked.append((pending.pop(0), -1))
        else:
            _, form, lemma_number = next(content)
            ranked.append((form, lemma_number))
    forms_array = np.array([f for f, _ in ranked], dtype=object)
    lemma_of = np.array([n for _, n in ranked], dtype=np.int64)
    cdf = _zipf_cdf(VOCABULARY_SIZE, ZIPF_S)
    probabilities = np.diff(cdf, prepend=0.0)
    content_mask = lemma_of >= 0
    lemma_probability = np.bincount(
        lemma_of[content_mask], weights=probabilities[content_mask], minlength=lemma_count
    )
    base_rank: dict[int, int] = {}
    for rank, (_, lemma_number) in enumerate(ranked):
        if lemma_number >= 0 and lemma_number not in base_rank:
            base_rank[lemma_number] = rank
    collocations = _collocations(rng, code, forms_array, lemma_of)
    return _Language(
        code=code,
        forms=forms_array,
        capitals=np.array([f[:1].upper() + f[1:] for f in forms_array], dtype=object),
        cdf=cdf,
        probabilities=probabilities,
        lemma_of=lemma_of,
        lemma_probability=lemma_probability,
        base_rank=base_rank,
        function_count=len(function_words),
        collocations=collocations,
        collocation_cdf=_zipf_cdf(len(collocations), 1.0),
    )


def _collocations(
    rng: random.Random, code: str, forms: np.ndarray, lemma_of: np.ndarray
) -> list[tuple[str, ...]]:
    """Recurring phrases of content words of middling rank ("X Y", "X Y Z", "X of Y")."""
    candidates = [i for i in range(30, 3000) if lemma_of[i] >= 0]
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[str, ...]] = []
    while len(out) < _COLLOCATIONS_PER_LANGUAGE:
        roll = rng.random()
        first, second = (str(forms[rng.choice(candidates)]) for _ in range(2))
        if roll < 0.6:
            phrase: tuple[str, ...] = (first, second)
        elif roll < 0.8:
            phrase = (first, rng.choice(_CONNECTORS[code]), second)
        else:
            phrase = (first, second, str(forms[rng.choice(candidates)]))
        if len(set(phrase)) == len(phrase) and phrase not in seen:
            seen.add(phrase)
            out.append(phrase)
    return out


def _name_word(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_NAME_ONSETS) + rng.choice(_NAME_VOWELS) for _ in range(syllables))
    return (word + rng.choice(_NAME_CODAS)).capitalize()


def _cyrillic_name_word(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_ONSETS["ru"]) + rng.choice(_VOWELS["ru"]) for _ in range(syllables))
    return (word + rng.choice(_CODAS["ru"])).capitalize()


def _person(rng: random.Random, cyrillic: bool) -> str:
    if cyrillic:
        return f"{_cyrillic_name_word(rng, 2)} {_cyrillic_name_word(rng, rng.randint(2, 3))}"
    return f"{_name_word(rng, rng.randint(1, 2))} {_name_word(rng, rng.randint(2, 3))}"


def _build_sites(seed: int) -> dict[str, list[_Site]]:
    rng = random.Random(f"sites/{seed}")
    used_names: set[str] = set()
    used_domains: set[str] = set()
    used_authors: set[str] = set()
    sites: dict[str, list[_Site]] = {}
    for code in LANGUAGES:
        sites[code] = []
        while len(sites[code]) < _SITES_PER_LANGUAGE[code]:
            stem = _cyrillic_name_word(rng, 2) if code == "ru" else _name_word(rng, 2)
            name = rng.choice(_SITE_PATTERNS[code]).format(stem)
            domain = f"{_slug(name).removeprefix('the-')}.example"
            if name.lower() in used_names or domain in used_domains:
                continue
            used_names.add(name.lower())
            used_domains.add(domain)
            authors: list[str] = []
            while len(authors) < _AUTHORS_PER_SITE:
                author = _person(rng, cyrillic=code == "ru")
                if author not in used_authors:
                    used_authors.add(author)
                    authors.append(author)
            sites[code].append(_Site(name, domain, code, authors))
    return sites


def _build_catalogue(seed: int) -> tuple[list[EntitySpec], dict[str, str], dict[str, str]]:
    """Entities in popularity order, their Cyrillic aliases and their URL-ish forms."""
    rng = random.Random(f"entities/{seed}")
    used: set[str] = set()
    entities: list[EntitySpec] = []
    cyrillic: dict[str, str] = {}

    def fresh(*names: str) -> bool:
        keys = [n.casefold() for n in names]
        if len(set(keys)) < len(keys) or any(k in used for k in keys):
            return False
        used.update(keys)
        return True

    def add(name: str, kind: str, aliases: Sequence[str], cyrillic_alias: str = "") -> None:
        every = [*aliases, cyrillic_alias] if cyrillic_alias else list(aliases)
        if fresh(name, *every):
            entities.append(EntitySpec(name, kind, tuple(every)))
            if cyrillic_alias:
                cyrillic[name] = cyrillic_alias

    while sum(e.type == "person" for e in entities) < 400:
        name = _person(rng, cyrillic=False)
        first, last = name.split(" ", 1)
        aliases = [f"{first[0]}. {last}"]
        if rng.random() < 0.25:
            aliases.append(last)
        add(name, "person", aliases, _to_cyrillic(name))
    acronyms: list[str] = []
    while sum(e.type == "organisation" for e in entities) < 250 - _COLLIDING_ACRONYMS:
        if rng.random() < 0.4:
            words = [_name_word(rng, rng.randint(2, 3)) for _ in range(3)]
            acronym = "".join(w[0] for w in words)
            before = len(entities)
            add(" ".join(words), "organisation", [acronym])
            if len(entities) > before:
                acronyms.append(acronym)
        else:
            add(f"{_name_word(rng, 2)} {rng.choice(_ORGANISATION_KINDS)}", "organisation", [])
    # A few outlets whose short name, written in lower case in a web address, is
    # another organisation's acronym: "RTV" and "rtv" are different entities.
    url_form: dict[str, str] = {}
    for acronym in acronyms[:_COLLIDING_ACRONYMS]:
        name = f"{acronym.lower()}.example"
        if name.casefold() not in used:
            used.add(name.casefold())  # the alias itself collides on purpose
            entities.append(EntitySpec(name, "organisation", (acronym.lower(),)))
            url_form[name] = name
    while sum(e.type == "place" for e in entities) < 250:
        name = rng.choice(_PLACE_PATTERNS).format(_name_word(rng, rng.randint(2, 3)))
        add(name, "place", [], _to_cyrillic(name))
    while sum(e.type == "event" for e in entities) < 100:
        stem, kind = _name_word(rng, 2), rng.choice(_EVENT_KINDS)
        add(f"{stem} {kind}", "event", [f"{stem} {kind} {rng.randint(2015, 2024)}"])
    rng.shuffle(entities)
    return entities, cyrillic, url_form


def _build_tags(seed: int) -> list[str]:
    rng = random.Random(f"tags/{seed}")
    tags = list(_TAG_WORDS)
    while len(tags) < 150:
        tag = f"{rng.choice(_TAG_WORDS)}-{rng.choice(_TAG_WORDS)}"
        if tag not in tags and tag.split("-")[0] != tag.split("-")[1]:
            tags.append(tag)
    rng.shuffle(tags)
    return tags


@functools.lru_cache(maxsize=4)
def _model(seed: int) -> _Model:
    languages = {code: _build_language(code, seed) for code in LANGUAGES}
    sites = _build_sites(seed)
    entities, cyrillic, url_form = _build_catalogue(seed)
    tags = _build_tags(seed)
    return _Model(
        seed=seed,
        languages=languages,
        sites=sites,
        site_cdf={code: _zipf_cdf(len(sites[code]), 1.0) for code in LANGUAGES},
        entities=entities,
        entity_cdf=_zipf_cdf(len(entities), 1.0),
        cyrillic_alias=cyrillic,
        url_form=url_form,
        tags=tags,
        tag_cdf=_zipf_cdf(len(tags), 1.0),
        vocabulary={code: frozenset(lang.forms.tolist()) for code, lang in languages.items()},
    )


# --- Generating articles --------------------------------------------------------------------------


class _Writer:
    """Draws articles one after another from a model, with its own random state."""

    def __init__(self, model: _Model, seed: int) -> None:
        self.model = model
        self.rng = random.Random(f"articles/{seed}")
        self.np_rng = np.random.default_rng(seed)
        self.days = (LAST_DAY - FIRST_DAY).days + 1

    def article(self, number: int) -> SyntheticArticle:
        model, rng, np_rng = self.model, self.rng, self.np_rng
        code = rng.choices(LANGUAGES, LANGUAGE_SHARES)[0]
        language = model.languages[code]
        site = model.sites[code][int(_draw(np_rng, model.site_cdf[code], 1)[0])]
        author = site.authors[min(int(np_rng.zipf(1.5)) - 1, len(site.authors) - 1)]
        published = FIRST_DAY + timedelta(days=rng.randrange(self.days))
        entity_count = rng.choices(range(1, 9), (20, 20, 16, 12, 10, 8, 7, 7))[0]
        entities = self._entities(entity_count)
        tags = sorted(
            {
                model.tags[i]
                for i in _draw(np_rng, model.tag_cdf, rng.choices(range(5), (2, 3, 3, 1, 1))[0])
            },
            key=model.tags.index,
        )
        text = self._text(language, entities)
        title = self._title(language, entities)
        url = (
            f"https://{site.domain}/{published:%Y/%m}/"
            f"{'-'.join(_slug(title).split('-')[:6])}-{number}"
        )
        return SyntheticArticle(
            title=title,
            text=text,
            url=url,
            site_name=site.name,
            author=author,
            published=published.isoformat(),
            language=code,
            tags=tags,
            entities=[(e.name, e.type) for e in entities],
        )

    def _entities(self, count: int) -> list[EntitySpec]:
        chosen: dict[str, EntitySpec] = {}
        for i in _draw(self.np_rng, self.model.entity_cdf, count):
            entity = self.model.entities[int(i)]
            chosen.setdefault(entity.name, entity)
        return list(chosen.values())

    def _surface(self, entity: EntitySpec, code: str) -> str:
        rng = self.rng
        if entity.name in self.model.url_form:
            return rng.choice((f"{entity.name}/news", f"www.{entity.name}", entity.aliases[0]))
        cyrillic = self.model.cyrillic_alias.get(entity.name)
        if code == "ru" and cyrillic and rng.random() < 0.8:
            return cyrillic
        latin = [a for a in entity.aliases if a != cyrillic]
        if latin and rng.random() < 0.4:
            return rng.choice(latin)
        return entity.name

    def _title(self, language: _Language, entities: list[EntitySpec]) -> str:
        count = self.rng.randint(5, 11)
        words = language.forms[_draw(self.np_rng, language.cdf, count)].tolist()
        if entities and self.rng.random() < _TITLE_ENTITY_RATE:
            words[self.rng.randrange(1, count)] = self._surface(entities[0], language.code)
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words)

    def _text(self, language: _Language, entities: list[EntitySpec]) -> str:
        rng, np_rng = self.rng, self.np_rng
        wanted = int(np.clip(np_rng.normal(WORDS_MEAN, WORDS_SPREAD), WORDS_MIN, WORDS_MAX))
        lengths = np_rng.integers(8, 26, size=wanted // 8 + 2)
        ends = np.cumsum(lengths)
        sentences = int(np.searchsorted(ends, wanted)) + 1
        lengths, ends = lengths[:sentences], ends[:sentences]
        starts = ends - lengths
        total = int(ends[-1])
        ranks = _draw(np_rng, language.cdf, total)
        tokens = language.forms[ranks]

        # Collocations overwrite words inside a sentence, never its first word.
        carriers = np.flatnonzero(np_rng.random(sentences) < _COLLOCATION_RATE)
        picks = _draw(np_rng, language.collocation_cdf, len(carriers))
        for sentence, pick in zip(carriers.tolist(), picks.tolist(), strict=True):
            phrase = language.collocations[pick]
            room = int(lengths[sentence]) - len(phrase)
            at = int(starts[sentence]) + rng.randint(1, room)
            tokens[at : at + len(phrase)] = phrase

        # Paragraphs of three to six sentences.
        sizes = np_rng.integers(3, 7, size=sentences // 3 + 1)
        bounds = np.cumsum(sizes)
        bounds = np.concatenate(([0], bounds[bounds < sentences], [sentences]))
        paragraphs = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

        # Entities: each in some paragraph, often the same paragraph as an earlier
        # one; popular articles mention an entity more than once.
        used = set(starts.tolist())  # sentence starts get capitalised later: keep them
        homes: list[int] = []
        for entity in entities:
            if homes and rng.random() < 0.4:
                home = rng.choice(homes)
            else:
                home = rng.randrange(len(paragraphs))
            homes.append(home)
            places = [home] + [rng.randrange(len(paragraphs)) for _ in range(rng.randint(0, 2))]
            for paragraph in places:
                first, last = paragraphs[paragraph]
                sentence = rng.randrange(first, last)
                at = int(starts[sentence]) + rng.randint(1, int(lengths[sentence]) - 1)
                if at not in used:
                    used.add(at)
                    tokens[at] = self._surface(entity, language.code)
                elif paragraph == home:  # the first mention must land: use the first free slot
                    at = next(p for p in range(int(starts[sentence]) + 1, total) if p not in used)
                    used.add(at)
                    tokens[at] = self._surface(entity, language.code)

        tokens[starts] = language.capitals[ranks[starts]]
        commas = np.flatnonzero(np_rng.random(sentences) < _COMMA_RATE)
        if len(commas):
            at = (
                starts[commas]
                + 2
                + (np_rng.random(len(commas)) * (lengths[commas] - 4)).astype(int)
            )
            tokens[at] = tokens[at] + ","
        marks = np_rng.choice(_MARKS, size=sentences, p=_MARK_SHARES)
        tokens[ends - 1] = tokens[ends - 1] + marks
        return "\n\n".join(
            " ".join(tokens[starts[a] : ends[b - 1]].tolist()) for a, b in paragraphs
        )


def generate(count: int, seed: int = 7) -> Iterator[SyntheticArticle]:
    """Generate ``count`` articles; the same seed gives the same articles in the same order.

    Args:
        count: How many articles to yield.
        seed: Seeds the vocabulary, the sites, the catalogue and the articles.

    Yields:
        Articles, each with a URL unique within the run.
    """
    writer = _Writer(_model(seed), seed)
    for number in range(count):
        yield writer.article(number)


def catalogue(seed: int = 7) -> list[EntitySpec]:
    """The named entities articles may mention, most popular first."""
    return list(_model(seed).entities)


# --- Queries --------------------------------------------------------------------------------------


def _document_frequency(language: _Language, probabilities: np.ndarray) -> np.ndarray:
    """Expected share of all articles containing a word of the given per-token probability."""
    share = LANGUAGE_SHARES[LANGUAGES.index(language.code)]
    return share * -np.expm1(_MENTIONS_IN_ARTICLE * np.log1p(-probabilities))


def _content_ranks(language: _Language, low: float, high: float, min_length: int = 4) -> list[int]:
    """Ranks of content words whose expected document frequency lies in [low, high]."""
    df = _document_frequency(language, language.probabilities)
    return [
        r
        for r in np.flatnonzero((df >= low) & (df <= high) & (language.lemma_of >= 0)).tolist()
        if len(language.forms[r]) >= min_length
    ]


def _spread(rng: random.Random, items: Sequence[str], count: int) -> list[str]:
    """``count`` items taken evenly across ``items`` (which must hold enough)."""
    assert len(items) >= count, (len(items), count)
    step = len(items) / count
    chosen: list[str] = []
    previous = -1
    for i in range(count):
        previous = min(max(previous + 1, int((i + rng.random()) * step)), len(items) - count + i)
        chosen.append(items[previous])
    return chosen


def _misspell(rng: random.Random, word: str, vocabulary: frozenset[str], cyrillic: bool) -> str:
    letters = "абвгдеиклмнопрстуя" if cyrillic else "abcdefghiklmnoprstuvz"
    while True:
        at = rng.randrange(1, len(word) - 1)
        typo = word[:at] + rng.choice(letters) + word[at + 1 :]
        if typo != word and typo not in vocabulary:
            return typo


@functools.lru_cache(maxsize=4)
def _queries(seed: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    model = _model(seed)
    rng = random.Random(f"queries/{seed}")
    en, ru, de, pt = (model.languages[c] for c in LANGUAGES)
    n = QUERIES_PER_TYPE
    queries: dict[str, list[str]] = {}

    def words(language: _Language, low: float, high: float, count: int, min_length: int = 4):
        ranks = _content_ranks(language, low, high, min_length)
        return _spread(rng, [str(language.forms[r]) for r in ranks], count)

    # Common: in more than half the articles, with a margin over the expectation.
    queries["common"] = words(en, 0.55, 1.0, n)

    # Rare: base forms whose whole lemma (all inflections, as a stemmer sees them) is rare.
    rare: list[str] = []
    for language, count in ((en, 24), (ru, 6)):
        df = _document_frequency(language, language.lemma_probability)
        lemmas = np.flatnonzero((df >= 0.0007) & (df <= 0.0014)).tolist()
        rare += _spread(rng, [str(language.forms[language.base_rank[i]]) for i in lemmas], count)
    queries["rare"] = rare

    pairs: list[str] = []
    for language, count in ((en, 22), (ru, 5), (de, 2), (pt, 1)):
        left = words(language, 0.01, 0.10, count)
        right = words(language, 0.01, 0.10, count)
        pairs += [f"{a} {b}" for a, b in zip(left, right[::-1], strict=True) if a != b]
    queries["two_words"] = pairs

    phrases: list[str] = []
    for language, count, top in ((en, 22, 200), (ru, 5, 80), (de, 2, 10), (pt, 1, 10)):
        chosen = _spread(rng, [" ".join(c) for c in language.collocations[:top]], count)
        phrases += [f'"{p}"' for p in chosen]
    queries["phrase"] = phrases

    fields: list[str] = []
    for i in range(n):
        code = "en" if i % 3 else "ru"
        site = model.sites[code][rng.randrange(12)]
        word = words(model.languages[code], 0.6 * LANGUAGE_SHARES[LANGUAGES.index(code)], 1.0, 1)
        if i % 2:
            fields.append(f'site:"{site.name}" {word[0]}')
        else:
            fields.append(f'author:"{rng.choice(site.authors[:4])}" {word[0]}')
    queries["field"] = fields

    dated: list[str] = []
    for word in words(en, 0.05, 0.9, n):
        start = rng.randrange(2015 * 12, 2024 * 12)
        end = min(start + rng.randint(3, 36), 2024 * 12 + 11)
        dated.append(
            f"date:{start // 12}-{start % 12 + 1:02d}..{end // 12}-{end % 12 + 1:02d} {word}"
        )
    queries["date_range"] = dated

    corrections: dict[str, str] = {}
    fuzzy: list[str] = []
    for language, count in ((en, 24), (ru, 6)):
        for word in words(language, 0.01, 0.10, count, min_length=5):
            typo = _misspell(rng, word, model.vocabulary[language.code], language.code == "ru")
            corrections[typo] = word
            fuzzy.append(f"{typo}~")
    queries["fuzzy"] = fuzzy

    prefixes: list[str] = []
    for language, low, high, count in (
        (en, 0.5, 1.0, 10),
        (en, 0.01, 0.2, 10),
        (en, 0.0005, 0.01, 5),
        (ru, 0.01, 0.2, 5),
    ):
        pool = sorted({str(language.forms[r])[:4] for r in _content_ranks(language, low, high, 5)})
        pool = [p for p in pool if f"{p}*" not in prefixes]
        prefixes += [f"{p}*" for p in _spread(rng, pool, count)]
    queries["prefix"] = prefixes

    entity_queries: list[str] = []
    picks = sorted(set(range(10)) | {int(x) for x in np.geomspace(10, 600, n - 10)})
    for i in picks[: n - 2]:
        entity = model.entities[i]
        surface = rng.choice(entity.surfaces) if rng.random() < 0.5 else entity.name
        entity_queries.append(f'entity:"{surface}"')
    # One pair whose aliases differ only by case: "RTV" and "rtv".
    outlet = next(e for e in model.entities if e.name in model.url_form)
    acronym_owner = next(
        e for e in model.entities if e.aliases and e.aliases[0] == outlet.aliases[0].upper()
    )
    entity_queries += [f'entity:"{acronym_owner.aliases[0]}"', f'entity:"{outlet.aliases[0]}"']
    queries["entity"] = entity_queries

    for kind, items in queries.items():
        assert len(items) == n, (kind, len(items))
    return queries, corrections


def query_set(seed: int = 7) -> dict[str, list[str]]:
    """Thirty queries per type in the project's query language, chosen to hit the corpus.

    Types: common, rare, two_words, phrase, field, date_range, fuzzy, prefix, entity.
    Mostly English with some Russian, German and Portuguese, as in the corpus.
    """
    queries, _ = _queries(seed)
    return {kind: list(items) for kind, items in queries.items()}


def fuzzy_corrections(seed: int = 7) -> dict[str, str]:
    """For each fuzzy query's misspelt word (without ``~``), the word it was made from."""
    return dict(_queries(seed)[1])


def main() -> int:
    """Time the generation of a corpus and print its shape."""
    parser = argparse.ArgumentParser(description="Generate the synthetic search corpus.")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="hold the articles in memory")
    args = parser.parse_args()
    started = time.perf_counter()
    _model(args.seed)
    model_time = time.perf_counter() - started
    kept: list[SyntheticArticle] = []
    words = chars = 0
    languages: dict[str, int] = {}
    started = time.perf_counter()
    for article in generate(args.count, args.seed):
        words += article.text.count(" ") + article.text.count("\n\n") + 1
        chars += len(article.text)
        languages[article.language] = languages.get(article.language, 0) + 1
        if args.keep:
            kept.append(article)
    elapsed = time.perf_counter() - started
    print(f"model: {model_time:.2f} s")
    print(
        f"{args.count} articles in {elapsed:.1f} s ({args.count / elapsed:.0f}/s),"
        f" {words / args.count:.0f} words and {chars / args.count:.0f} characters on average"
    )
    print("languages: " + ", ".join(f"{k} {v / args.count:.1%}" for k, v in languages.items()))
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: {peak:.0f} MB" + (" (articles kept)" if args.keep else ""))
    except ImportError:  # not on Windows
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
