"""Text analysis for the index: words, folding, per-language stemming, CJK bigrams.

Indexing and querying share these functions, so that a query word meets the
same form in the index: lowercased and accents folded, then stemmed with the
stemmer of the article's language (Snowball, via PyStemmer). Folding comes
first so that "educacao" typed without accents meets "educação". Han, Kana and Hangul
text is cut into overlapping character pairs, the usual way to make
unsegmented scripts searchable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

#: ISO 639-1 code -> Snowball algorithm, for the languages we stem.
STEMMED_LANGUAGES = {
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
#: Languages whose stemmers a Latin-script query word is tried with.
_LATIN_QUERY_LANGUAGES = ("en", "de", "fr", "es", "pt", "it")

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3131-\u318e]"
)
_CJK_RUN = re.compile(_CJK.pattern + "+")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GREEK = re.compile(r"[\u0370-\u03ff]")


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = STEMMED_LANGUAGES.get(language)
    if algorithm is None:
        return None
    stemmer = Stemmer.Stemmer(algorithm)
    stemmer.maxCacheSize = 100_000
    return stemmer


def base_language(language: str | None) -> str:
    """The primary subtag of a language code, lowercased ("pt-BR" -> "pt")."""
    if not language:
        return ""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()


class _FoldTable(dict[int, str]):
    """A str.translate table that folds each character to one lowercase, accentless character.

    Built lazily, one character at a time, so that every script works and
    the table stays small. Folding keeps the length of the text, so that
    positions found in the folded text are positions in the original.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lowered = char.lower()
        if len(lowered) != 1:
            lowered = char
        decomposed = unicodedata.normalize("NFKD", lowered)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = base if len(base) == 1 else lowered
        if folded == "ё":
            folded = "е"
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercases and removes accents, keeping the text's length ("Été" -> "ete")."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def _split(text: str) -> list[str]:
    """Lowercased words of a text, with CJK runs cut into character pairs."""
    words = _WORD.findall(text.lower())
    if not any(_CJK.search(word) for word in words if not word.isascii()):
        return words
    out: list[str] = []
    for word in words:
        if word.isascii() or not _CJK.search(word):
            out.append(word)
            continue
        position = 0
        for run in _CJK_RUN.finditer(word):
            if run.start() > position:
                out.append(word[position : run.start()])
            out.extend(_bigrams(run.group()))
            position = run.end()
        if position < len(word):
            out.append(word[position:])
    return out


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str, language: str | None) -> list[str]:
    """The index terms of a text, in order: folded, then stemmed for its language.

    Args:
        text: Any text (a title, an article body, a note).
        language: The text's language code ("en", "pt-BR"), or None.

    Returns:
        One term per word (several per CJK run), in text order.
    """
    words = [fold(word) for word in _split(text)]
    stemmer = _stemmer(base_language(language))
    if stemmer is not None:
        words = stemmer.stemWords(words)
    return words


def names(text: str | None) -> list[str]:
    """Words of a name (site, author, tag), folded but not stemmed."""
    if not text:
        return []
    return [fold(word) for word in _split(text)]


def whole_name(text: str | None) -> str:
    """A whole name as one term: its words folded, joined by single spaces."""
    return " ".join(names(text))


def query_forms(word: str, languages: Iterable[str] | None = None) -> list[str]:
    """The index terms a query word may have become, whatever the article's language.

    A Latin-script word is stemmed as English, German, French, Spanish,
    Portuguese and Italian (and any other Latin-script language given); a
    Cyrillic one as Russian; a Greek one as Greek; and each is also kept
    folded but unstemmed (the form of articles in other languages).

    Args:
        word: One word of a query.
        languages: The languages of the library's articles; when given, only
            their stemmers are tried.

    Returns:
        The distinct forms, the unstemmed one first.
    """
    lowered = fold(word)
    forms = [lowered]
    candidates: Iterable[str] = ()
    if _LATIN.search(lowered):
        candidates = _LATIN_QUERY_LANGUAGES
        if languages is not None:
            candidates = [code for code in languages if code in STEMMED_LANGUAGES]
    elif _CYRILLIC.search(lowered):
        candidates = ("ru",)
    elif _GREEK.search(lowered):
        candidates = ("el",)
    if languages is not None:
        present = set(languages)
        candidates = [code for code in candidates if code in present]
    for language in candidates:
        if _script_fits(lowered, language):
            stemmer = _stemmer(language)
            assert stemmer is not None
            stemmed = stemmer.stemWord(lowered)
            if stemmed not in forms:
                forms.append(stemmed)
    return forms


def _script_fits(word: str, language: str) -> bool:
    if language == "ru":
        return bool(_CYRILLIC.search(word))
    if language == "el":
        return bool(_GREEK.search(word))
    return bool(_LATIN.search(word))


def query_words(text: str) -> list[str]:
    """The words of a query string, with CJK runs cut into pairs, lowercased."""
    return _split(text)


def stem_in(word: str, language: str | None) -> str:
    """One word's index term for an article in ``language`` (for snippets)."""
    stemmer = _stemmer(base_language(language))
    folded = fold(word)
    return stemmer.stemWord(folded) if stemmer is not None else folded


def cjk_pairs(token: str) -> list[tuple[int, str]]:
    """(offset, pair) for each pair of CJK characters in a token (for snippets)."""
    pairs: list[tuple[int, str]] = []
    for run in _CJK_RUN.finditer(token):
        text = run.group()
        if len(text) == 1:
            pairs.append((run.start(), text))
        pairs.extend((run.start() + i, text[i : i + 2]) for i in range(len(text) - 1))
    return pairs
