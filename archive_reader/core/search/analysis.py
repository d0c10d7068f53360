"""Text analysis for search: folding, words, per-language stemming.

Indexing and querying share these functions, so that a query word meets the
same form in the index. The rules (the README's search table states them for
users; the test suite's brute-force oracle implements them independently):

* **Folding** (:func:`search_fold`): NFKC, full case folding, accents removed
  after NFD decomposition (U+0300-U+036F), the letters without a decomposition
  folded to their usual Latin forms (ı ł ø đ ð ħ þ æ œ; ß is "ss" by case
  folding), then NFC. "İstanbul", "istanbul" and "ISTANBUL" fold alike, and so
  do text stored with composed or decomposed accents.
* **Words** (:func:`words`): runs of letters, digits, underscores and
  combining marks in the folded text; each character of a script written
  without spaces (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar) is a word of
  its own, so that any string of them is found as a phrase of its characters.
* **Stems** (:func:`stem`): a query word matches the words of an article that
  have its stem under the Snowball stemmer of the article's own language (the
  folded word itself for languages without one), never another language's
  (see :mod:`archive_reader.core.search.compiler` and
  :meth:`archive_reader.core.search.cache.ReaderCache.forms`).

:func:`fold` is the older, length-keeping fold that entity matching and
highlight anchoring use to map offsets back to the original text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
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


def _mark_ranges() -> str:
    """A regex class body of every combining mark (categories Mn, Mc, Me)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, min(sys.maxunicode, 0xE01EF) + 1):
        if 0x30000 <= code < 0xE0000:
            continue
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )


#: Scripts written without spaces between words: each character is a word.
UNSPACED = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"  # Han
    "\u3040-\u30ff\u31f0-\u31ff"  # Kana
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f"  # Thai, Lao, Khmer, Myanmar
)
_UNSPACED = re.compile(f"[{UNSPACED}]")
_MARKS = _mark_ranges()
#: A word: letters, digits, underscores and combining marks.
WORD_RUN = re.compile(f"[\\w{_MARKS}]+")
_DIACRITICS = re.compile("[\u0300-\u036f]+")
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "þ": "th", "æ": "ae", "œ": "oe"}
)


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
    the table stays small. This fold keeps the length of the text, so that
    positions found in the folded text are positions in the original; the
    letters that :func:`search_fold` widens (ß, æ) stay as they are here.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lowered = char.lower()
        if len(lowered) != 1:
            lowered = char
        decomposed = unicodedata.normalize("NFKD", lowered)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        folded = base if len(base) == 1 else lowered
        folded = folded.translate(_LETTERS) if len(folded.translate(_LETTERS)) == 1 else folded
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


def search_fold(text: str) -> str:
    """The search folding of a text (see the module's docstring): "Straße" -> "strasse"."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _DIACRITICS.sub("", unicodedata.normalize("NFD", folded)).translate(_LETTERS)
    return unicodedata.normalize("NFC", folded)


def words(text: str | None) -> list[str]:
    """The folded words of a text, in order; unspaced scripts one character a word."""
    if not text:
        return []
    found = WORD_RUN.findall(search_fold(text))
    if text.isascii() or not any(_UNSPACED.search(word) for word in found):
        return found
    out: list[str] = []
    for word in found:
        if not _UNSPACED.search(word):
            out.append(word)
            continue
        position = 0
        for char in _UNSPACED.finditer(word):
            if char.start() > position:
                out.append(word[position : char.start()])
            out.append(char.group())
            position = char.end()
        if position < len(word):
            out.append(word[position:])
    return out


def stem_words(folded: list[str], language: str | None) -> list[str]:
    """Folded words stemmed with the stemmer of ``language`` (unchanged without one)."""
    stemmer = _stemmer(base_language(language))
    return stemmer.stemWords(folded) if stemmer is not None else folded


def stem(word: str, language: str | None) -> str:
    """One folded word's index term in an article of ``language``."""
    stemmer = _stemmer(base_language(language))
    return stemmer.stemWord(word) if stemmer is not None else word


def names(text: str | None) -> list[str]:
    """Words of a name (site, author, tag), folded but not stemmed."""
    return words(text)


def whole_name(text: str | None) -> str:
    """A whole name as one term: its words folded, joined by single spaces."""
    return " ".join(words(text))


def is_stemmed(language: str | None) -> bool:
    """Whether articles in ``language`` are stemmed."""
    return base_language(language) in STEMMED_LANGUAGES


_SCRIPT = {
    "ru": re.compile("[\u0400-\u04ff]"),
    "el": re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
}
_LATIN = re.compile("[a-z\u00c0-\u024f]")


def stems_script(word: str, language: str) -> bool:
    """Whether the stemmer of ``language`` may change a word (it has letters of its script).

    Snowball stemmers leave words of other scripts as they are, so such a
    word's only form in that language is itself.
    """
    return bool(_SCRIPT.get(base_language(language), _LATIN).search(word))


def is_unspaced(word: str) -> bool:
    """Whether a word is one character of a script written without spaces."""
    return len(word) == 1 and bool(_UNSPACED.match(word))
