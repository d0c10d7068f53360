"""Turns a page's bytes into text: BOM, transport header, <meta>, then detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers read as a wider encoding than Python's codec of the same
# name (the WHATWG Encoding Standard): decoding as the label says would fail or
# lose characters that every browser shows.
_WHATWG_SUPERSETS = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "x-user-defined": "cp1252",
    "unicode": "utf-8",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

# Codecs no browser decodes a page with: UTF-7 (a way to smuggle markup past
# filters), and Python's own escapes and IDNA codecs, which are not page encodings.
_REFUSED_CODECS = frozenset(
    ("utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined")
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""")
_PREFIX_BYTES = 4096
# How close (in charset-normalizer's percentages) counts as a tie with windows-1252.
_TIE_CHAOS = 12.0
_TIE_COHERENCE = 5.0


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how the encoding was chosen.

    Attributes:
        text: The decoded text (BOM removed).
        encoding: Python's name of the codec used.
        source: "bom", "transport", "meta", "utf-8" (valid UTF-8, nothing declared)
            or "detected".
    """

    text: str
    encoding: str
    source: str


def normalise_label(label: str | None, *, in_meta: bool = False) -> str | None:
    """Returns the Python codec for a charset label, or None if unknown.

    Args:
        label: A label as written in a header or ``<meta>`` ("ISO-8859-1", "utf8").
        in_meta: True when the label comes from inside the document: a UTF-16
            label there cannot be true (the parser read it as ASCII), so it
            means UTF-8, as browsers do.

    Returns:
        A codec name Python knows, or None.
    """
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if not key:
        return None
    mapped = _WHATWG_SUPERSETS.get(key)
    if mapped is not None:
        if mapped == "utf-8" and not in_meta and key.startswith("utf-16"):
            mapped = key
        return mapped
    try:
        name = codecs.lookup(key).name
        # Python's codec registry also holds bytes-to-bytes codecs ("zlib",
        # "base64", "rot13"), which str decoding refuses with LookupError.
        b"\x00".decode(name, "replace")
    except (LookupError, UnicodeError):
        return None
    if name in _REFUSED_CODECS or (in_meta and name.startswith("utf-32")):
        return None
    return name


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """Returns (codec, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-16-le" and data.startswith(codecs.BOM_UTF32_LE):
                continue
            return name, len(bom)
    return None


def meta_charset(data: bytes) -> str | None:
    """Returns the charset declared by ``<meta>`` or an XML declaration, if any."""
    head = data[:_PREFIX_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace")


def decode_html(data: bytes, transport_charset: str | None = None) -> Decoded:
    """Decodes a page in the order browsers use.

    The order is: a byte-order mark, then the charset of the transport (an
    MHTML part's or an HTTP response's Content-Type), then the page's own
    ``<meta>`` or XML declaration, then valid UTF-8, then statistical detection.

    Args:
        data: The page's bytes.
        transport_charset: The charset label from a container header, if any.

    Returns:
        The decoded text and how its encoding was chosen.
    """
    bom = sniff_bom(data)
    if bom is not None:
        codec, size = bom
        return Decoded(data[size:].decode(codec, "replace"), codec, "bom")
    for label, source in ((transport_charset, "transport"), (meta_charset(data), "meta")):
        declared = normalise_label(label, in_meta=source == "meta")
        if declared is not None:
            return Decoded(data.decode(declared, "replace"), declared, source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    codec = _detect(data[:200_000])
    return Decoded(data.decode(codec, "replace"), codec, "detected")


def _detect(data: bytes) -> str:
    """Guesses the codec of undeclared, non-UTF-8 bytes.

    charset-normalizer ranks near-ties by chance on short Western text (it may
    pick cp1257 for French); windows-1252 is by far the most common legacy
    encoding of the web, so a near-tie goes to it.
    """
    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    best = matches[0]
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.percent_chaos <= best.percent_chaos + _TIE_CHAOS
            and match.percent_coherence >= best.percent_coherence - _TIE_COHERENCE
        ):
            return "cp1252"
    return normalise_label(best.encoding) or "cp1252"
