"""The page's language: its declaration checked against py3langid on the text."""

from __future__ import annotations

import re
from typing import Any

# Language identification: enough text to be sure, little enough to stay cheap.
_LANGID_CHARS = 1500
_LANGID_MIN_CHARS = 40
_identifier: Any = None


def _identify(text: str) -> tuple[str, float, Any]:
    """Returns (language, confidence, identifier) for the start of a text."""
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        # Loading the model costs ~0.6 s: once per process, on first use.
        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    lang, confidence = _identifier.classify(text[:_LANGID_CHARS])
    return str(lang), float(confidence), _identifier


def page_language(declared: str | None, text: str) -> str | None:
    """Returns the page's language: its declaration, checked against its text.

    A page that declares nothing gets the language identified from its text. A
    declaration is kept (with its region, "pt-BR") when the text agrees, and also
    when the text is too short or unclear to tell; it is replaced only when the
    text is long and leaves no doubt that it is in another language (templates
    often declare their default language on every page).
    """
    sample = text.strip()
    if len(sample) < _LANGID_MIN_CHARS:
        return declared
    detected, confidence, identifier = _identify(sample)
    if declared is None:
        return detected if confidence >= 0.5 else None
    primary = declared.split("-")[0]
    if primary == detected or confidence < 0.99 or len(sample) < 200:
        return declared
    scores = dict(identifier.rank(sample[:_LANGID_CHARS]))
    if primary in scores and scores[primary] >= 0.01:
        return declared
    return detected


def normalise_language(value: str) -> str | None:
    """A declared language as a code ("pt_br" -> "pt-BR"), or None when it is not one."""
    value = value.strip().replace("_", "-")
    if not value:
        return None
    value = value.split(",")[0].split(";")[0].strip()
    parts = [p for p in value.split("-") if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return None
    code = [parts[0].lower()]
    for part in parts[1:]:
        if re.fullmatch(r"[A-Za-z]{2}|\d{3}", part):
            code.append(part.upper())
        elif re.fullmatch(r"[A-Za-z]{4}", part):
            code.append(part.title())
        else:
            break
    return "-".join(code)
