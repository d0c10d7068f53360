#!/usr/bin/env python3
"""Write the demo library pages and the importer test fixtures.

    python tools/make_samples.py            # writes both sets
    python tools/make_samples.py --check    # also re-reads what it wrote

Outputs (both folders are owned by this script and rewritten from scratch):

* ``resources/samples/``    what a new user sees with ``archive-reader --demo``
* ``tests/fixtures/pages/`` one small file per import case + ``expected.json``

Every article, person, outlet and image here is invented for this project.
Outlets are fictional and live on reserved ``.example`` domains (RFC 2606);
companies, countries and people named in the texts are fictional too.

The file *structures* imitate what real tools write (see
``shared/fixtures/saved-pages/README.md``): Chromium's MHTML serializer
("From: <Saved by Blink>", quoted-printable HTML part with a bare
``text/html``), Chrome's "Web page, complete" (``Name.html`` + ``Name_files/``
with the mark of the web), GNU Wget's WARC writer (angle-bracketed
``WARC-Target-URI``, one gzip member per record with Wget's ``sl`` extra
field), and warcio's ``WARCWriter`` (as ``warcio.capture_http`` uses it).

Deterministic: fixed dates, fixed MIME boundaries and record ids (derived
from names with uuid5), gzip with mtime=0. Standard library + warcio only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import shutil
import struct
import sys
import uuid
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "pages"

NS = uuid.UUID("5f1d8a52-5c1e-4b8e-9d1a-7a0c2f6b9e11")  # namespace for record ids


def stable_uuid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


def esc(s: str) -> str:
    return html.escape(s, quote=True)


# --------------------------------------------------------------------------
# Images: small real PNGs made with zlib + struct
# --------------------------------------------------------------------------


def png(width: int, height: int, pixel) -> bytes:
    """An 8-bit RGB PNG; pixel(x, y) -> (r, g, b)."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type None
        for x in range(width):
            row.extend(pixel(x, y))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def bar_chart(values, colour=(40, 96, 160), w=320, h=180) -> bytes:
    """A plain bar chart: light background, grid lines, one bar per value (0..1)."""
    bg, grid, axis = (247, 245, 240), (222, 218, 210), (90, 90, 90)
    n = len(values)
    left, right, top, bottom = 24, w - 12, 14, h - 20
    slot = (right - left) / n

    def px(x, y):
        if y == bottom and left <= x <= right:
            return axis
        if x == left and top <= y <= bottom:
            return axis
        for i, v in enumerate(values):
            x0 = left + 6 + i * slot
            if x0 <= x < x0 + slot - 10 and bottom - v * (bottom - top) <= y < bottom:
                shade = 18 if i % 2 else 0
                return (colour[0] + shade, colour[1] + shade, min(255, colour[2] + shade))
        if top <= y < bottom and (bottom - y) % 32 == 0 and left < x <= right:
            return grid
        return bg

    return png(w, h, px)


def landscape(w=320, h=180, sky=(120, 170, 220), ground=(70, 110, 80), phase=0.0) -> bytes:
    """A 'photo' stand-in: sky gradient, a hill line, a building block."""

    def px(x, y):
        hill = h * 0.62 + 14 * math.sin(x / 37.0 + phase) + 6 * math.sin(x / 11.0)
        if 200 <= x <= 260 and y >= h * 0.45 and y < hill + 30:
            return (150, 140, 128) if (x // 10 + y // 12) % 3 else (230, 210, 120)
        if y >= hill:
            k = (y - hill) / h
            return tuple(int(c * (1 - 0.5 * k)) for c in ground)
        k = y / h
        return tuple(int(c + (255 - c) * k * 0.8) for c in sky)

    return png(w, h, px)


# --------------------------------------------------------------------------
# gzip, quoted-printable, RFC 2047, MHTML, WARC
# --------------------------------------------------------------------------


def gz(data: bytes) -> bytes:
    """gzip -9 -n: no name, mtime 0 (like `gzip -9 -n -c`)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x02\x03"
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def gz_member_wget(data: bytes) -> bytes:
    """One gzip member as Wget's WARC writer makes it: FEXTRA with an 'sl'
    subfield holding (whole member size, uncompressed size), mtime 0, XFL 2, OS 3."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    total = 10 + 2 + 12 + len(body) + len(trailer)
    extra = b"sl" + struct.pack("<H", 8) + struct.pack("<II", total, len(data))
    header = b"\x1f\x8b\x08\x04" + b"\x00\x00\x00\x00" + b"\x02\x03" + struct.pack("<H", len(extra))
    return header + extra + body + trailer


def qp_blink(data: bytes) -> bytes:
    """Quoted-printable the way Blink's MHTML writer lays it out: CRLF hard
    breaks, soft breaks so that no line is longer than 76 chars ('=' included),
    an =XX escape never split, '=' and non-ASCII escaped, trailing blanks escaped."""
    out = []
    for line in data.split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        tokens = []
        for i, b in enumerate(line):
            if 33 <= b <= 126 and b != 61 or b in (9, 32) and i < len(line) - 1:
                tokens.append(bytes([b]))
            else:
                tokens.append(b"=%02X" % b)
        cur = b""
        for t in tokens:
            if len(cur) + len(t) > 75:
                out.append(cur + b"=")
                cur = b""
            cur += t
        out.append(cur)
    return b"\r\n".join(out)


def rfc2047_subject(title: str) -> str:
    """'Subject: ...' as Blink writes it: plain when ASCII, else =?utf-8?Q?...?=
    words, folded so that no line exceeds 75 chars (escapes never split, but
    a UTF-8 sequence may be split between two encoded words, as Blink does)."""
    if all(32 <= ord(c) < 127 for c in title):
        return "Subject: " + title
    tokens = []
    for b in title.encode("utf-8"):
        c = chr(b)
        if b < 128 and (c.isalnum() or c in "()-.,:;!'/+*&%$#@[]"):
            tokens.append(c)
        else:
            tokens.append(f"={b:02X}")
    lines, cur, prefix = [], "", "Subject: "
    for t in tokens:
        if len(prefix) + 10 + len(cur) + len(t) + 2 > 75:
            lines.append(prefix + "=?utf-8?Q?" + cur + "?=")
            cur, prefix = "", " "
        cur += t
    lines.append(prefix + "=?utf-8?Q?" + cur + "?=")
    return "\r\n".join(lines)


def mhtml(location: str, title: str, date: str, boundary_id: str, parts) -> bytes:
    """parts: list of dicts with type, location, body (bytes), optional cid and
    encoding ('quoted-printable' or 'base64'). Order is kept as given."""
    boundary = "----MultipartBoundary--" + boundary_id + "----"
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {location}\r\n"
        f"{rfc2047_subject(title)}\r\n"
        f"Date: {date}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n"
        '\ttype="text/html";\r\n'
        f'\tboundary="{boundary}"\r\n\r\n\r\n'
    )
    out = [head.encode("ascii")]
    for p in parts:
        hdr = f"--{boundary}\r\nContent-Type: {p['type']}\r\n"
        if p.get("cid"):
            hdr += f"Content-ID: <{p['cid']}>\r\n"
        enc = p.get("encoding", "quoted-printable")
        hdr += f"Content-Transfer-Encoding: {enc}\r\nContent-Location: {p['location']}\r\n\r\n"
        out.append(hdr.encode("ascii"))
        if enc == "base64":
            b64 = base64.b64encode(p["body"]).decode("ascii")
            out.append(
                ("\r\n".join(b64[i : i + 76] for i in range(0, len(b64), 76)) + "\r\n\r\n").encode(
                    "ascii"
                )
            )
        else:
            out.append(qp_blink(p["body"]) + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out)


def b32sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def dechunk(body: bytes) -> bytes:
    out, i = b"", 0
    while True:
        j = body.index(b"\r\n", i)
        size = int(body[i:j].split(b";")[0], 16)
        if size == 0:
            return out
        out += body[j + 2 : j + 2 + size]
        i = j + 2 + size + 2


class WgetWarc:
    """Writes records in GNU Wget 1.21's layout and header order."""

    def __init__(self, filename: str, date: str, arguments: str):
        self.filename, self.date = filename, date
        self.records: list[bytes] = []
        self.log: list[str] = [f"Opening WARC file \u2018{filename}\u2019.", ""]
        self.info_id = self._id("warcinfo")
        self.arguments = arguments
        self.n = 0
        block = (
            "software: Wget/1.21.3 (linux-gnu)\r\n"
            "format: WARC File Format 1.0\r\n"
            "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
            "robots: classic\r\n"
            f"wget-arguments: {arguments}\r\n\r\n"
        ).encode()
        self._add(
            [
                ("WARC-Type", "warcinfo"),
                ("Content-Type", "application/warc-fields"),
                ("WARC-Date", date),
                ("WARC-Record-ID", self.info_id),
                ("WARC-Filename", filename),
                ("WARC-Block-Digest", b32sha1(block)),
            ],
            block,
        )

    def _id(self, what: str) -> str:
        return f"<urn:uuid:{stable_uuid(self.filename + '/' + what)}>"

    def _add(self, headers, block: bytes) -> None:
        text = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
        text += f"Content-Length: {len(block)}\r\n\r\n"
        self.records.append(gz_member_wget(text.encode("utf-8") + block + b"\r\n\r\n"))

    def exchange(
        self,
        url: str,
        path: str,
        host: str,
        status: str,
        resp_headers,
        body: bytes,
        referer: str | None = None,
        accept_encoding: str = "identity",
        ip: str = "192.0.2.10",
    ) -> None:
        """A request record then its response record (the raw bytes as received)."""
        self.n += 1
        req = f"GET {path} HTTP/1.1\r\n"
        if referer:
            req += f"Referer: {referer}\r\n"
        req += (
            "User-Agent: Wget/1.21.3\r\nAccept: */*\r\n"
            f"Accept-Encoding: {accept_encoding}\r\nHost: {host}\r\nConnection: Keep-Alive\r\n\r\n"
        )
        req_b = req.encode("ascii")
        req_id = self._id(f"req{self.n}")
        self._add(
            [
                ("WARC-Type", "request"),
                ("WARC-Target-URI", f"<{url}>"),
                ("Content-Type", "application/http;msgtype=request"),
                ("WARC-Date", self.date),
                ("WARC-Record-ID", req_id),
                ("WARC-IP-Address", ip),
                ("WARC-Warcinfo-ID", self.info_id),
                ("WARC-Block-Digest", b32sha1(req_b)),
            ],
            req_b,
        )
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in resp_headers) + "\r\n"
        block = head.encode("latin-1") + body
        chunked = any(k.lower() == "transfer-encoding" and "chunked" in v for k, v in resp_headers)
        payload = dechunk(body) if chunked else body
        self._add(
            [
                ("WARC-Type", "response"),
                ("WARC-Record-ID", self._id(f"resp{self.n}")),
                ("WARC-Warcinfo-ID", self.info_id),
                ("WARC-Concurrent-To", req_id),
                ("WARC-Target-URI", f"<{url}>"),
                ("WARC-Date", self.date),
                ("WARC-IP-Address", ip),
                ("WARC-Block-Digest", b32sha1(block)),
                ("WARC-Payload-Digest", b32sha1(payload)),
                ("Content-Type", "application/http;msgtype=response"),
            ],
            block,
        )
        code = status.split()[0]
        log_date = self.date.replace("T", " ").rstrip("Z")
        self.log += [
            f"--{log_date}--  {url}",
            f"Resolving {host} ({host})... {ip}",
            f"Connecting to {host} ({host})|{ip}|:80... connected.",
            f"HTTP request sent, awaiting response... {status}",
        ]
        if code.startswith("3"):
            loc = dict(resp_headers).get("Location")
            self.log += [f"Location: {loc} [following]"]
        elif code == "200":
            ctype = dict(resp_headers).get("Content-Type", "").split(";")[0]
            self.log += [
                f"Length: {len(payload)} [{ctype}]",
                "",
                f"{log_date} - saved [{len(payload)}/{len(payload)}]",
                "",
            ]
        else:
            self.log += [f"{log_date} ERROR {code}: {status.split(' ', 1)[1]}.", ""]

    def finish(self) -> bytes:
        log_date = self.date.replace("T", " ").rstrip("Z")
        self.log += [f"FINISHED --{log_date}--", "Total wall clock time: 0.1s", ""]
        manifest = (self.info_id + "\n").encode("ascii")
        meta_id = self._id("metadata")
        self._add(
            [
                ("WARC-Type", "metadata"),
                ("WARC-Record-ID", meta_id),
                ("WARC-Warcinfo-ID", self.info_id),
                ("WARC-Target-URI", "<metadata://gnu.org/software/wget/warc/MANIFEST.txt>"),
                ("WARC-Date", self.date),
                ("WARC-Block-Digest", b32sha1(manifest)),
                ("Content-Type", "text/plain"),
            ],
            manifest,
        )
        for name, data in (
            ("wget_arguments.txt", (self.arguments + "\n").encode("utf-8")),
            ("wget.log", "\n".join(self.log).encode("utf-8")),
        ):
            self._add(
                [
                    ("WARC-Type", "resource"),
                    ("WARC-Record-ID", self._id(name)),
                    ("WARC-Warcinfo-ID", self.info_id),
                    ("WARC-Concurrent-To", meta_id),
                    ("WARC-Target-URI", f"<metadata://gnu.org/software/wget/warc/{name}>"),
                    ("WARC-Date", self.date),
                    ("WARC-Block-Digest", b32sha1(data)),
                    ("Content-Type", "text/plain"),
                ],
                data,
            )
        return b"".join(self.records)


def warcio_warc(exchanges, date: str, name: str) -> bytes:
    """Records as warcio.capture_http writes them (WARC/1.0, no warcinfo, the
    response record first, then its request), through warcio's WARCWriter."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.0")
    for i, (url, status, headers, body) in enumerate(exchanges):
        resp_id = f"<urn:uuid:{stable_uuid(f'{name}/resp{i}')}>"
        http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        resp = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Record-ID": resp_id,
                "WARC-IP-Address": "192.0.2.20",
            },
        )
        writer.write_record(resp)
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3]
        req_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", host),
                ("User-Agent", "python-requests/2.34.2"),
                ("Accept-Encoding", "gzip, deflate"),
                ("Accept", "*/*"),
                ("Connection", "keep-alive"),
            ],
            is_http_request=True,
        )
        req = writer.create_warc_record(
            url,
            "request",
            http_headers=req_headers,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-IP-Address": "192.0.2.20",
                "WARC-Record-ID": f"<urn:uuid:{stable_uuid(f'{name}/req{i}')}>",
                "WARC-Concurrent-To": resp_id,
            },
        )
        writer.write_record(req)
    return out.getvalue()


# --------------------------------------------------------------------------
# Page rendering: a news page with the usual clutter around the article
# --------------------------------------------------------------------------

CHROME = {
    "en": dict(
        by="By",
        cookie="We use cookies to measure our audience and to remember your preferences. You can change your choice at any time in Privacy settings.",
        accept="Accept all",
        manage="Manage choices",
        share="Share this article",
        share_mail="Share by e-mail",
        copy="Copy link",
        related="Related stories",
        newsletter="Sign up for {nl} and get our best reporting on disinformation in your inbox every Friday.",
        email="Your e-mail address",
        signup="Sign up",
        rights="All rights reserved.",
        foot=["About us", "Contact", "Privacy policy", "Corrections"],
        subscribe="Subscribe",
        topics="Topics",
    ),
    "de": dict(
        by="Von",
        cookie="Wir verwenden Cookies, um die Reichweite zu messen und Ihre Einstellungen zu speichern. Sie können Ihre Wahl jederzeit in den Datenschutz-Einstellungen ändern.",
        accept="Alle akzeptieren",
        manage="Einstellungen",
        share="Artikel teilen",
        share_mail="Per E-Mail teilen",
        copy="Link kopieren",
        related="Mehr zum Thema",
        newsletter="Abonnieren Sie {nl} und erhalten Sie jeden Freitag unsere Recherchen zu Desinformation.",
        email="Ihre E-Mail-Adresse",
        signup="Anmelden",
        rights="Alle Rechte vorbehalten.",
        foot=["Über uns", "Kontakt", "Datenschutz", "Impressum"],
        subscribe="Abo",
        topics="Themen",
    ),
    "fr": dict(
        by="Par",
        cookie="Nous utilisons des cookies pour mesurer notre audience et mémoriser vos préférences. Vous pouvez modifier votre choix à tout moment.",
        accept="Tout accepter",
        manage="Paramétrer",
        share="Partager cet article",
        share_mail="Envoyer par courriel",
        copy="Copier le lien",
        related="À lire aussi",
        newsletter="Inscrivez-vous à {nl} et recevez chaque vendredi nos enquêtes sur la désinformation.",
        email="Votre adresse électronique",
        signup="S'inscrire",
        rights="Tous droits réservés.",
        foot=["Qui sommes-nous", "Contact", "Données personnelles", "Mentions légales"],
        subscribe="S'abonner",
        topics="Thèmes",
    ),
    "ru": dict(
        by="Автор:",
        cookie="Мы используем файлы cookie, чтобы измерять аудиторию и запоминать ваши настройки. Вы можете изменить выбор в любой момент.",
        accept="Принять все",
        manage="Настроить",
        share="Поделиться",
        share_mail="Отправить по почте",
        copy="Скопировать ссылку",
        related="Читайте также",
        newsletter="Подпишитесь на рассылку {nl} и получайте наши расследования каждую пятницу.",
        email="Ваш адрес электронной почты",
        signup="Подписаться",
        rights="Все права защищены.",
        foot=["О редакции", "Контакты", "Конфиденциальность", "Исправления"],
        subscribe="Подписка",
        topics="Темы",
    ),
    "ja": dict(
        by="文・",
        cookie="当サイトでは閲覧状況の測定と設定の保存のためにクッキーを使用しています。設定はいつでも変更できます。",
        accept="すべて許可",
        manage="設定を変更",
        share="この記事を共有",
        share_mail="メールで送る",
        copy="リンクをコピー",
        related="関連記事",
        newsletter="{nl}に登録すると、毎週金曜日に偽情報に関する記事をお届けします。",
        email="メールアドレス",
        signup="登録する",
        rights="無断転載を禁じます。",
        foot=["会社概要", "お問い合わせ", "プライバシーポリシー", "訂正"],
        subscribe="購読",
        topics="トピック",
    ),
    "es": dict(
        by="Por",
        cookie="Utilizamos cookies para medir la audiencia y recordar sus preferencias. Puede cambiar su elección en cualquier momento.",
        accept="Aceptar todas",
        manage="Configurar",
        share="Compartir este artículo",
        share_mail="Enviar por correo",
        copy="Copiar enlace",
        related="Más información",
        newsletter="Suscríbase a {nl} y reciba cada viernes nuestras investigaciones sobre desinformación.",
        email="Su correo electrónico",
        signup="Suscribirse",
        rights="Todos los derechos reservados.",
        foot=["Quiénes somos", "Contacto", "Privacidad", "Correcciones"],
        subscribe="Suscríbase",
        topics="Temas",
    ),
}


def render_blocks(blocks, img_src) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(f"<p>{b[1]}</p>")
        elif kind == "h2":
            out.append(f"<h2>{esc(b[1])}</h2>")
        elif kind == "quote":
            out.append(
                f'<blockquote class="pull-quote"><p>{esc(b[1])}</p><cite>{esc(b[2])}</cite></blockquote>'
            )
        elif kind == "ul":
            out.append("<ul>\n" + "\n".join(f"<li>{esc(i)}</li>" for i in b[1]) + "\n</ul>")
        elif kind == "ol":
            out.append("<ol>\n" + "\n".join(f"<li>{esc(i)}</li>" for i in b[1]) + "\n</ol>")
        elif kind == "fig":
            _, key, caption, alt, credit = b
            out.append(
                f'<figure class="article-figure">\n<img src="{esc(img_src(key))}" alt="{esc(alt)}" width="320" height="180" loading="lazy">\n'
                f'<figcaption>{esc(caption)} <span class="credit">{esc(credit)}</span></figcaption>\n</figure>'
            )
        elif kind == "raw":
            out.append(b[1])
        else:
            raise ValueError(kind)
    return "\n".join(out)


def render_page(
    a: dict,
    *,
    img_src=None,
    charset_tag='<meta charset="utf-8">',
    jsonld=False,
    canonical=True,
    og_url=True,
    sep=" - ",
    doctype="<!DOCTYPE html>",
    css_href=None,
    before_html="",
    head_extra="",
    scripts=True,
    iframe=None,
    comments=None,
    boilerplate=True,
) -> str:
    """A complete news page around article a (see the article dicts below)."""
    lang = a.get("lang", "en")
    c = CHROME[lang]
    o = a["outlet"]
    img_src = img_src or (
        lambda key: a.get("images", {}).get(
            key, f"https://{o['domain']}/media/{a['slug']}-{key}.jpg"
        )
    )
    url = a["url"]
    title = a["headline"] + sep + o["name"]
    desc = a.get("dek") or (a["body"][0][1][:150].rsplit(" ", 1)[0] + "...")
    head = [charset_tag] if charset_tag else []
    head += [
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<meta name="description" content="{esc(desc)}">',
        f'<meta name="author" content="{esc(a["author"])}">',
    ]
    if canonical:
        head.append(f'<link rel="canonical" href="{esc(url)}">')
    head += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(a["headline"])}">',
        f'<meta property="og:site_name" content="{esc(o["name"])}">',
    ]
    if og_url:
        head.append(f'<meta property="og:url" content="{esc(url)}">')
    head += [
        f'<meta property="og:image" content="https://{o["domain"]}/media/social/{a["slug"]}.png">',
        f'<meta property="article:published_time" content="{a["date"]}">',
        f'<meta property="article:section" content="{esc(a.get("section", o["sections"][0]))}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<link rel="stylesheet" href="{esc(css_href or "https://" + o["domain"] + "/static/css/site.css")}">',
        f'<link rel="icon" href="https://{o["domain"]}/favicon.ico">',
    ]
    if jsonld:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["headline"],
            "description": desc,
            "datePublished": a["date"],
            "dateModified": a["date"],
            "inLanguage": lang,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "author": [{"@type": "Person", "name": a["author"]}],
            "publisher": {
                "@type": "Organization",
                "name": o["name"],
                "logo": {
                    "@type": "ImageObject",
                    "url": f"https://{o['domain']}/static/img/logo.png",
                },
            },
            "image": [f"https://{o['domain']}/media/social/{a['slug']}.png"],
        }
        head.append(
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False, indent=1)
            + "</script>"
        )
    if scripts:
        head.append(f'<script src="https://{o["domain"]}/static/js/app.js" defer></script>')
    head.append(head_extra)

    nav = (
        '<header class="site-header">\n'
        f'<a class="site-logo" href="https://{o["domain"]}/">{esc(o["name"])}</a>\n'
        '<nav class="main-menu" aria-label="Main">\n<ul>\n'
        + "\n".join(
            f'<li><a href="https://{o["domain"]}/{s.lower().replace(" ", "-")}/">{esc(s)}</a></li>'
            for s in o["sections"]
        )
        + f'\n</ul>\n</nav>\n<a class="subscribe-button" href="https://{o["domain"]}/subscribe">{esc(c["subscribe"])}</a>\n</header>'
    )
    cookie = (
        f'<div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite">\n<p>{esc(c["cookie"])}</p>\n'
        f'<button type="button">{esc(c["accept"])}</button> <button type="button">{esc(c["manage"])}</button>\n</div>'
    )
    share = (
        f'<div class="share-buttons" aria-label="{esc(c["share"])}">\n<span>{esc(c["share"])}</span>\n'
        f'<a href="https://mastodon.example/share?url={esc(url)}">Mastodon</a>\n'
        f'<a href="mailto:?subject={esc(a["headline"])}">{esc(c["share_mail"])}</a>\n'
        f'<button type="button" class="copy-link">{esc(c["copy"])}</button>\n</div>'
    )
    dek = f'<p class="standfirst">{esc(a["dek"])}</p>\n' if a.get("dek") else ""
    role = f", {esc(a['role'])}" if a.get("role") else ""
    article = (
        '<article class="story">\n<header class="story-header">\n'
        f'<p class="kicker"><a href="https://{o["domain"]}/{a.get("section", o["sections"][0]).lower()}/">{esc(a.get("section", o["sections"][0]))}</a></p>\n'
        f'<h1 class="headline">{esc(a["headline"])}</h1>\n{dek}'
        f'<p class="byline">{esc(c["by"])} <a rel="author" href="https://{o["domain"]}/authors/{a["slug"].split("-")[0]}">{esc(a["author"])}</a>{role}</p>\n'
        f'<time class="published" datetime="{a["date"]}">{esc(a["display_date"])}</time>\n'
        "</header>\n"
        + (share + "\n" if boilerplate else "")
        + '<div class="story-body">\n'
        + render_blocks(a["body"], img_src)
        + "\n</div>\n"
        + (
            f'<p class="tags">{esc(c["topics"])}: '
            + ", ".join(
                f'<a href="https://{o["domain"]}/topic/{t.lower().replace(" ", "-")}">{esc(t)}</a>'
                for t in a.get("tags", [])
            )
            + "</p>\n"
            if a.get("tags")
            else ""
        )
        + "</article>"
    )
    parts = [nav, cookie if boilerplate else "", '<main id="content">', article]
    if iframe:
        parts.append(iframe)
    if comments:
        parts.append(comments)
    if boilerplate and a.get("related"):
        parts.append(
            f'<aside class="related-stories">\n<h2>{esc(c["related"])}</h2>\n<ul>\n'
            + "\n".join(
                f'<li><a href="https://{o["domain"]}/{r[1]}">{esc(r[0])}</a></li>'
                for r in a["related"]
            )
            + "\n</ul>\n</aside>"
        )
    parts.append("</main>")
    if boilerplate:
        nl = o.get("newsletter", o["name"] + " Weekly")
        parts.append(
            f'<section class="newsletter-signup">\n<h2>{esc(nl)}</h2>\n<p>{esc(c["newsletter"].format(nl=nl))}</p>\n'
            f'<form action="https://{o["domain"]}/newsletter" method="post"><input type="email" name="email" placeholder="{esc(c["email"])}"> '
            f'<button type="submit">{esc(c["signup"])}</button></form>\n</section>'
        )
    parts.append(
        '<footer class="site-footer">\n<ul>\n'
        + "\n".join(
            f'<li><a href="https://{o["domain"]}/{f.lower().replace(" ", "-")}">{esc(f)}</a></li>'
            for f in c["foot"]
        )
        + f"\n</ul>\n<p>\u00a9 {a['date'][:4]} {esc(o['name'])}. {esc(c['rights'])}</p>\n</footer>"
    )
    if scripts:
        parts.append(
            f'<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"page":"{a["slug"]}"}});</script>'
        )
    body = "\n".join(p for p in parts if p)
    return (
        f'{doctype}\n{before_html}<html lang="{lang}">\n<head>\n'
        + "\n".join(h for h in head if h)
        + f'\n</head>\n<body class="article-page">\n{body}\n</body>\n</html>\n'
    )


# --------------------------------------------------------------------------
# Fictional outlets (all on reserved .example domains)
# --------------------------------------------------------------------------

HARBOUR = dict(
    name="The Harbour Ledger",
    domain="www.harbourledger.example",
    sections=["World", "Tech", "Investigations", "Data", "Opinion"],
    newsletter="The Morning Ledger",
)
NORTHFIELD = dict(
    name="Northfield Courier",
    domain="www.northfieldcourier.example",
    sections=["Local", "Elections", "Opinion", "Sport", "Culture"],
    newsletter="Courier Daily",
)
SIGNAL = dict(
    name="Signal & Noise",
    domain="signalnoise.example",
    sections=["Posts", "Methods", "Tools", "About"],
    newsletter="Signal & Noise by e-mail",
)
BALTIC = dict(
    name="Baltic Wire Review",
    domain="www.balticwire.example",
    sections=["Region", "Elections", "Investigations", "Media", "Analysis"],
    newsletter="The Wire Brief",
)
OSDESK = dict(
    name="Open Source Desk",
    domain="www.osdesk.example",
    sections=["Guides", "Investigations", "Data", "Platforms"],
    newsletter="Desk Notes",
)
LOWLAND = dict(
    name="Lowland Post",
    domain="www.lowlandpost.example",
    sections=["News", "Media", "Culture", "Science"],
    newsletter="Lowland Post Weekly",
)
RHEIN = dict(
    name="Rheinufer Rundschau",
    domain="www.rheinufer-rundschau.example",
    sections=["Region", "Politik", "Medien", "Wissen"],
    newsletter="Rundschau am Freitag",
)
VEILLEUR = dict(
    name="Le Veilleur numérique",
    domain="www.veilleur-numerique.example",
    sections=["Enquêtes", "Numérique", "Recherche", "Opinions"],
    newsletter="La Lettre du Veilleur",
)
QUARRY = dict(
    name="The Quarry Gazette",
    domain="www.quarrygazette.example",
    sections=["News", "Council", "Community", "Archive"],
    newsletter="Gazette Extra",
)
VERITY = dict(
    name="Verity Lines",
    domain="www.veritylines.example",
    sections=["Fact checks", "Explainers", "Corrections", "About"],
    newsletter="Verity Lines Digest",
)
VESTNIK = dict(
    name="Вестник Побережья",
    domain="www.vestnik-poberezhya.example",
    sections=["Новости", "Расследования", "Медиа", "Мнения"],
    newsletter="Вестник Побережья",
)
MINATO = dict(
    name="湊町新報",
    domain="www.minatomachi-shimpo.example",
    sections=["地域", "政治", "社会", "検証"],
    newsletter="湊町新報メール",
)
FARO = dict(
    name="El Faro de Arenal",
    domain="www.farodearenal.example",
    sections=["Región", "Política", "Verificación", "Opinión"],
    newsletter="El Faro al día",
)


# --------------------------------------------------------------------------
# Demo library articles (resources/samples/)
# --------------------------------------------------------------------------

D_CLIPSTREAM = dict(
    slug="clipstream-labels-state-broadcaster",
    outlet=HARBOUR,
    section="Tech",
    url="https://www.harbourledger.example/tech/2024/03/12/clipstream-labels-state-broadcaster-channels",
    headline="ClipStream labels 40 channels tied to Valdorian state broadcaster",
    dek="Eleven of the channels presented themselves as travel and cooking shows and never mentioned their owner.",
    author="Mara Lindqvist",
    role="technology correspondent",
    date="2024-03-12T08:30:00+00:00",
    display_date="12 March 2024",
    tags=["Platforms", "State media", "Transparency"],
    body=[
        (
            "p",
            "The video platform ClipStream has attached \u201cstate-controlled media\u201d labels to 40 channels that it says are run by, or on behalf of, Meridian World Service, the international broadcaster funded by the government of Valdoria. The company announced the move on Tuesday in a short post on its policy blog and said the labels would appear under every video and in search results from Wednesday.",
        ),
        (
            "p",
            "Eleven of the channels had never mentioned Meridian in their descriptions. They presented themselves as travel vlogs, cooking shows and a popular series of explainers about European energy prices. According to ClipStream, all eleven shared payment accounts, upload schedules and administrator e-mail domains with channels that openly belonged to the broadcaster.",
        ),
        (
            "p",
            "\u201cWe label the relationship, not the opinion,\u201d said Dana Whitcombe, ClipStream\u2019s head of integrity policy. \u201cViewers can still watch these videos. What changes is that they now know who is paying for them.\u201d",
        ),
        ("h2", "How the channels were identified"),
        (
            "p",
            "ClipStream said its investigators started from a tip sent by the Lantern Lab, a small research group at the University of Eastmarch that studies cross-platform influence campaigns. The group had noticed that three of the lifestyle channels reused the same intro music and the same stock footage of a harbour at dawn.",
        ),
        (
            "p",
            "From there, the company compared technical signals that outside researchers cannot see: the devices used to upload videos, the advertising accounts that promoted them and the bank details behind the channels\u2019 revenue. ClipStream declined to say how many of the 40 channels earned money from advertising.",
        ),
        ("p", "The company listed the signals it weighed before applying a label:"),
        (
            "ul",
            [
                "shared administrator accounts or e-mail domains with an openly affiliated channel",
                "payments received from an entity controlled by the broadcaster",
                "identical upload schedules across channels in several languages",
                "promotion through the same advertising account",
            ],
        ),
        (
            "fig",
            "figure1",
            "Subscribers of the 40 labelled channels, by language of the channel, in thousands (ClipStream figures).",
            "Bar chart of subscribers by language",
            "Chart: The Harbour Ledger",
        ),
        (
            "quote",
            "Labels are a floor, not a ceiling. Researchers need the underlying data, not just a badge on a video.",
            "Ilse Marchetti, director of the Lantern Lab",
        ),
        ("h2", "A response from Meridian"),
        (
            "p",
            "Meridian World Service said in a statement that it \u201chas always been transparent about its funding\u201d and described the labels as \u201can attempt to intimidate independent journalism\u201d. The broadcaster did not answer questions about the eleven channels that did not disclose the link.",
        ),
        (
            "p",
            "Researchers welcomed the decision but said it came late. The Lantern Lab first flagged the channels in October, and by the time the labels appeared, the largest of the travel channels had gained more than 300,000 subscribers. Marchetti said her team would publish its own list of the channels, with archived copies of their descriptions, so that other researchers could check ClipStream\u2019s work.",
        ),
        (
            "fig",
            "figure2",
            "The harbour at dawn: the stock footage that three of the channels shared (still reconstructed for illustration).",
            "Illustration of a harbour skyline",
            "Illustration: The Harbour Ledger",
        ),
        (
            "p",
            "ClipStream said it would review the labels every six months and that channel owners could appeal. The company also promised to name the 40 channels in its quarterly transparency report, which until now has counted labelled accounts without identifying them.",
        ),
    ],
    related=[
        ("Why labels alone do not slow state-media reach", "opinion/2024/02/labels-alone"),
        ("Lantern Lab opens its archive of deleted channels", "tech/2024/01/lantern-lab-archive"),
        ("Three questions for a platform integrity team", "tech/2023/12/three-questions-integrity"),
    ],
)

D_FACTDESK = dict(
    slug="volunteer-fact-check-desk",
    outlet=NORTHFIELD,
    section="Elections",
    url="https://www.northfieldcourier.example/elections/2024/05/02/inside-the-volunteer-fact-check-desk",
    headline="Inside the volunteer desk that checked 212 claims in one election week",
    dek="Nine volunteers, a shared spreadsheet and one rule: check what is specific, spreading and actionable.",
    author="Tomás Ferreira-Holt",
    role="elections reporter",
    date="2024-05-02T06:00:00+01:00",
    display_date="Thursday 2 May 2024",
    tags=["Fact-checking", "County election"],
    images={
        "whiteboard": "https://static.northfieldcourier.example/img/2024/05/factdesk-whiteboard.jpg"
    },
    body=[
        (
            "p",
            "At seven o\u2019clock on the Monday before the county election, the back room of the Northfield public library already smelled of coffee. Nine volunteers, two retired reporters and a statistics student sat around folding tables with laptops, a shared spreadsheet and a whiteboard titled \u201cClaims we are chasing\u201d.",
        ),
        (
            "p",
            "By Sunday night, the desk \u2014 run by the non-profit Northfield Facts Project \u2014 had examined 212 claims made in leaflets, debates, radio advertisements and viral posts. It published verdicts on 64 of them. The rest were opinions, impossible to check in time, or repeats of claims it had already rated.",
        ),
        ("h2", "Choosing what to check"),
        (
            "p",
            "\u201cThe hardest decision is not whether a claim is true,\u201d said Amira Castellanos, the project\u2019s editor. \u201cIt is which of the two hundred claims deserve the next three hours of somebody\u2019s time.\u201d The team used a simple rule: check a claim if it was specific, if it was spreading, and if voters could act on it.",
        ),
        (
            "p",
            "That rule pushed the desk towards practical questions. Could people vote at any polling station in the county, or only at their own? (Only at their own.) Had the number of polling stations been cut by a third? (No: two stations had moved and none had closed.) Was a photograph of sealed ballot boxes in a car park taken during this election? (It came from a training exercise in 2019.)",
        ),
        ("p", "Each verdict followed the same four steps, written on the whiteboard:"),
        (
            "ol",
            [
                "find the first public appearance of the claim",
                "contact the person or group who made it",
                "collect at least two independent primary sources",
                "write the verdict so that it can be read in under a minute",
            ],
        ),
        (
            "fig",
            "whiteboard",
            "The whiteboard in the library\u2019s back room on the Wednesday of election week.",
            "A whiteboard covered in notes",
            "Photo: Northfield Courier",
        ),
        (
            "quote",
            "If a correction cannot travel as fast as the rumour, at least it should be easy to forward.",
            "Amira Castellanos, editor, Northfield Facts Project",
        ),
        ("h2", "What the numbers show"),
        (
            "p",
            "Of the 64 published verdicts, 23 were rated false, 18 misleading, 15 accurate and eight \u201cneeds context\u201d. Claims about voting procedures were the most likely to be false; claims about the candidates\u2019 records were more often misleading than plainly wrong.",
        ),
        (
            "p",
            "The desk\u2019s corrections reached fewer people than the claims did. The project estimates that its posts were viewed about 90,000 times during the week, while the five most-shared false claims were viewed more than 400,000 times. Castellanos said the desk had started sending short corrections directly to the local radio station, which read them on air each evening.",
        ),
        (
            "p",
            "The volunteers plan to publish their spreadsheet, with every source, after the count is certified. \u201cEverything we did should be checkable,\u201d said Lukas Brenner, the statistics student who built it. \u201cOtherwise we are just another voice in the feed.\u201d",
        ),
    ],
    related=[
        (
            "Where to vote: every polling station in the county",
            "elections/2024/04/polling-stations",
        ),
        (
            "Candidates answer readers\u2019 questions on housing",
            "elections/2024/04/housing-questions",
        ),
        (
            "Opinion: local news is election infrastructure",
            "opinion/2024/04/local-news-infrastructure",
        ),
    ],
)

D_SOCKPUPPET = dict(
    slug="sockpuppet-profile-photos",
    outlet=SIGNAL,
    section="Methods",
    url="https://signalnoise.example/2023/11/20/tracing-a-sockpuppet-network-through-recycled-profile-photos/",
    headline="Tracing a sockpuppet network through recycled profile photos",
    author="Priya Anand-Kessler",
    role=None,
    date="2023-11-20T17:45:00+00:00",
    display_date="November 20, 2023",
    tags=["OSINT", "Coordinated behaviour", "Image search"],
    images={"hours": "https://signalnoise.example/wp-content/uploads/2023/11/posting-hours.png"},
    body=[
        (
            "p",
            "Last month a reader sent me a screenshot of six accounts replying to a regional minister within four minutes, each praising the same new port project in almost the same words. None of the accounts was older than ten weeks. This post walks through how I checked whether they were connected, using only open sources and free tools, and where the method stopped working.",
        ),
        ("h2", "Step one: the faces"),
        (
            "p",
            "Profile photos are the first thing a network has to fake, and the first thing it tends to reuse. I downloaded the six pictures and ran each through three reverse image search engines. Four of them came back within minutes: they were cropped from a collection of \u201cbusiness portraits\u201d published by a small stock agency in 2017.",
        ),
        (
            "p",
            "Cropping is the usual trick. The operator cuts the face out of a larger photo, flips it horizontally and sometimes adds a filter. Flipping defeats some search engines, so it is worth searching the mirrored image as well. Two of the four photos only matched after I flipped them back.",
        ),
        (
            "p",
            "The other two faces had the smooth skin, mismatched earrings and melted background typical of generated images. I do not put much weight on a single visual artefact, but both pictures also had the eyes in exactly the same position in the frame, a known property of one popular face generator.",
        ),
        ("h2", "Step two: the behaviour"),
        (
            "p",
            "Faces tell you an account is not what it claims to be. They do not tell you who runs it. For that I collected every public post from the six accounts, 1,340 in total, into a spreadsheet with the timestamp, the client used to post and the text. Three patterns stood out:",
        ),
        (
            "ul",
            [
                "all six accounts posted only between 08:00 and 17:00 on weekdays, with a lunch break",
                "they used the same scheduling client, which most ordinary users never touch",
                "their posts repeated the same unusual misspelling of the port operator\u2019s name",
            ],
        ),
        (
            "fig",
            "hours",
            "Posts by hour of day for the six accounts, all times local.",
            "Line chart of posts by hour",
            "Chart: Signal & Noise",
        ),
        (
            "quote",
            "A coordinated network is rarely exposed by one smoking gun. It is exposed by many small coincidences that stop looking like coincidences.",
            "From my notes, week three",
        ),
        (
            "p",
            "Office hours and a shared typo are not proof of who is behind a network. They are enough, though, to report the accounts to the platform as coordinated, with the evidence attached, and to say publicly that the six accounts are not six independent citizens.",
        ),
        ("h2", "Where the method stops"),
        (
            "p",
            "Open-source methods can show that accounts are linked to each other. They rarely show who pays for them. The platform can see payment and login data; researchers cannot. When I reported the network, I asked the platform to say whether it agreed with my reading. Three weeks later, five of the accounts have been suspended, and there has been no public statement.",
        ),
        (
            "p",
            "I have archived every post and profile with two independent services and kept local copies. If you want to repeat the analysis, the spreadsheet and the list of archived addresses are linked at the end of this post.",
        ),
    ],
    related=[
        ("A field guide to reverse image search", "2023/09/field-guide-reverse-image-search/"),
        ("Why I keep local copies of everything", "2023/06/local-copies/"),
    ],
)

D_CHEAPFAKES = dict(
    slug="cheap-fakes-regional-vote",
    outlet=BALTIC,
    section="Elections",
    url="https://www.balticwire.example/elections/2024/09/04/observers-warn-of-cheap-fakes-before-regional-vote",
    headline="Observers warn of \u2018cheap fakes\u2019 before the regional vote in Marrenland",
    dek="Crudely edited and recycled videos, not deepfakes, dominate the manipulated clips logged since June.",
    author="Jonas Everaert",
    role="Baltic Wire Review",
    date="2024-09-04T10:15:00+03:00",
    display_date="4 September 2024, 10:15",
    tags=["Elections", "Video verification"],
    body=[
        (
            "p",
            "Election observers in the coastal region of Marrenland have warned that crudely edited videos, not sophisticated deepfakes, are the main manipulation risk before next month\u2019s regional vote. In a report published on Wednesday, the independent monitoring group Civic Watch Marrenland said it had logged 58 manipulated videos since June, and that only two of them used generative AI.",
        ),
        (
            "p",
            "The rest were what researchers call \u201ccheap fakes\u201d: clips slowed down to make a candidate sound drunk, speeches cut to reverse their meaning, or real footage from another country presented as local. \u201cThey take ten minutes to make and they work,\u201d said Kaja Vilms, the group\u2019s lead analyst.",
        ),
        ("h2", "Old footage, new captions"),
        (
            "p",
            "The most common technique in the report is the recycled video. A clip of a street fight after a football match abroad, for example, was shared more than 20,000 times with a caption claiming it showed supporters of one party attacking a polling station. The polling station in question did not yet exist: it opens for the first time this year.",
        ),
        (
            "p",
            "The observers found that most recycled clips could be traced within an hour, using keyframe searches and by comparing shop signs, number plates and the weather with the claimed location. The group has published a checklist for local journalists based on its experience. It asks reporters to:",
        ),
        (
            "ul",
            [
                "extract several keyframes and search each one, not only the first",
                "check the weather history for the claimed date and place",
                "look for signs, language and vehicles that do not fit the region",
                "ask the earliest uploader for the original file",
            ],
        ),
        (
            "fig",
            "chart",
            "Manipulated videos logged by Civic Watch Marrenland from June to August, by technique.",
            "Bar chart of manipulated videos by technique",
            "Graphic: Baltic Wire Review",
        ),
        (
            "quote",
            "We do not need to wait for the perfect deepfake to worry. The cheap fake is already here, and it is good enough.",
            "Kaja Vilms, Civic Watch Marrenland",
        ),
        ("h2", "Platforms\u2019 response"),
        (
            "p",
            "Civic Watch said it had reported 41 of the videos to the platforms where they appeared. Twenty-two were removed or labelled, eleven remained online without change, and eight were still under review when the report was finished. The group asked the platforms to publish their decisions on reported election content within 48 hours during the campaign.",
        ),
        (
            "p",
            "The regional electoral commission said it took the report seriously and would set up a public page listing debunked claims about voting procedures. Its spokesperson, Arvo Lindm\u00e4e, said that \u201cvoters should get their information about where and how to vote from the commission and their municipality, not from forwarded videos\u201d.",
        ),
    ],
    related=[
        (
            "Marrenland\u2019s election, explained in five charts",
            "elections/2024/08/marrenland-five-charts",
        ),
        (
            "How we verify video: our newsroom\u2019s guidelines",
            "media/2024/03/how-we-verify-video",
        ),
    ],
)

D_TRANSPARENCY = dict(
    slug="transparency-reports-leave-out",
    outlet=OSDESK,
    section="Platforms",
    url="http://www.osdesk.example/2024/01/transparency-reports-leave-out/",
    headline="What platform transparency reports leave out",
    dek="We compared four rounds of reports from three platforms. The numbers are useful; the definitions keep moving.",
    author="Helen Okonkwo-Ray",
    role="research editor",
    date="2024-01-15T09:00:00+00:00",
    display_date="15 January 2024",
    tags=["Platforms", "Methodology"],
    images={"chart": "http://www.osdesk.example/media/transparency-chart.png"},
    body=[
        (
            "p",
            "Twice a year, the large social platforms publish transparency reports: long documents and dashboards that count removed posts, suspended accounts and government requests. They are useful, and they are often the only official numbers researchers have. They are also shaped by choices that the reports themselves rarely explain.",
        ),
        (
            "p",
            "We read the last four reports published by Chirper, ClipStream and Pinboard Social, and compared what each one counts, how it defines its categories and what it leaves out. Here is what we found.",
        ),
        ("h2", "Counting actions, not harm"),
        (
            "p",
            "All three reports count enforcement actions: how many posts were removed and how many accounts were suspended. None of them says how many people saw the content before it was removed. A network of fake accounts taken down after two days and one taken down after two years appear as the same number.",
        ),
        (
            "p",
            "Chirper is the only one of the three that reports the median time to action, and only for a single category. For coordinated inauthentic behaviour, the category that matters most to influence-operation researchers, no platform gives any timing at all.",
        ),
        (
            "p",
            "Government requests are another blind spot. The reports list how many requests each country sent, but not what was asked for, so a request to remove a copyright violation and a request to silence a critic look exactly the same in the table.",
        ),
        ("h2", "Categories that move"),
        (
            "p",
            "Definitions change between reports. In its spring report, Pinboard Social merged \u201cspam\u201d and \u201cfake engagement\u201d into a single category, which made the number of removed fake accounts appear to triple. A footnote on page 41 explains the change; the headline chart does not.",
        ),
        (
            "fig",
            "chart",
            "Accounts removed for coordinated inauthentic behaviour, as reported, per half-year (our compilation).",
            "Bar chart of removed accounts per half-year",
            "Chart: Open Source Desk",
        ),
        ("p", "For each report we now record:"),
        (
            "ul",
            [
                "the exact definition of every category, copied into our notes",
                "any footnote that changes how a number was counted",
                "the date the report was downloaded, with a local copy of the file",
                "the numbers that were dropped compared with the previous report",
            ],
        ),
        (
            "quote",
            "A transparency report is a press release with a methodology section. Read the methodology first.",
            "Rafael Duarte-Lind, data editor",
        ),
        (
            "p",
            "Reports also disappear. One of the three platforms replaced its archive of old reports with an interactive dashboard that only shows the last two years. We had saved the older documents, but many researchers had not, and several published studies now cite numbers that can no longer be checked against the source.",
        ),
        (
            "p",
            "Our advice is simple: save the report the day it comes out, note which version you read, and treat the figures as the platform\u2019s own account of its work, not as a measure of the problem.",
        ),
    ],
    related=[
        ("How to read a takedown announcement", "2023/10/read-a-takedown-announcement/"),
        ("Our archive of platform reports", "archive/platform-reports/"),
    ],
)

D_ARCHIVISTS = dict(
    slug="archivists-deleted-video-library",
    outlet=LOWLAND,
    section="Media",
    url="http://www.lowlandpost.example/media/2024/06/archivists-save-deleted-video-library",
    headline="Archivists race to save a broadcaster\u2019s deleted video library",
    dek=None,
    author="Sanne de Wolff-Berg",
    role="media reporter",
    date="2024-06-18T07:00:00+02:00",
    display_date="18 June 2024",
    tags=["Archiving", "State media"],
    images={"servers": "http://www.lowlandpost.example/media/img/archive-servers.jpg"},
    body=[
        (
            "p",
            "When the Valdorian state broadcaster Meridian World Service deleted its English-language video archive last spring, a loose group of archivists, librarians and students had already copied most of it. Their collection, now kept at three universities, holds 18,400 videos and the web pages that accompanied them.",
        ),
        (
            "p",
            "The deletion was not announced. Researchers noticed it when links in their own footnotes began to return errors. \u201cWe had been saving the pages we cited, but not the videos,\u201d said Noor Haddad-Lunde, a media historian at the University of Eastmarch. \u201cSuddenly half of our evidence was a list of dead links.\u201d",
        ),
        ("h2", "Why it matters"),
        (
            "p",
            "State broadcasters\u2019 archives are primary sources for anyone who studies how governments present themselves abroad. They show what was said, when, and in which language. When an archive vanishes, so does the ability to check a quotation or to compare what a broadcaster told audiences in different countries on the same day.",
        ),
        (
            "p",
            "The volunteers relied on ordinary tools. They used web crawlers that write WARC files, the format national libraries use for web archiving, and a spreadsheet to track which of the broadcaster\u2019s 26 language services had been copied. Each file was checked against a fingerprint and stored in two places.",
        ),
        (
            "p",
            "Much of the work happened in the evenings and at weekends. Students wrote small scripts to list every video page in the broadcaster\u2019s sitemaps, and librarians checked samples of the copies by hand, comparing titles, dates and durations with the live site while it still existed. Where a video had been edited after publication, both versions were kept.",
        ),
        (
            "fig",
            "servers",
            "Part of the copied collection, on storage at one of the three universities.",
            "Storage racks",
            "Photo: Lowland Post",
        ),
        (
            "p",
            "The group has published a short guide for researchers who want to protect their own sources:",
        ),
        (
            "ul",
            [
                "archive a page the day you cite it, not the day you publish",
                "keep the original file, not only a screenshot",
                "write down the address, the date and the tool you used",
                "store copies in at least two places you control",
            ],
        ),
        (
            "quote",
            "An archive is a promise to the future. We just had to keep it earlier than we expected.",
            "Noor Haddad-Lunde, University of Eastmarch",
        ),
        ("h2", "Open questions"),
        (
            "p",
            "Legal questions remain. Copyright in the videos belongs to the broadcaster, and the universities have agreed to give access only to researchers, not to the public. Requests are reviewed by a small committee, which has approved 63 research projects so far.",
        ),
        (
            "p",
            "Meridian did not respond to a request for comment. Its website now carries a single page in English, promising \u201ca new and improved video experience\u201d without a date.",
        ),
    ],
    related=[
        (
            "The researchers who save the web before it disappears",
            "culture/2023/11/researchers-save-the-web",
        )
    ],
)

D_KI_BILDER = dict(
    slug="faktenpruefer-ki-bilder",
    outlet=RHEIN,
    section="Medien",
    lang="de",
    url="http://www.rheinufer-rundschau.example/medien/2024/06/wie-faktenpruefer-ki-bilder-erkennen",
    headline="Wie Faktenprüfer KI-generierte Bilder erkennen",
    dek=None,
    author="Katrin Möller-Sauer",
    role="Redaktion Medien",
    date="2024-06-20T16:40:00+02:00",
    display_date="20.06.2024, 16:40 Uhr",
    tags=["Faktencheck", "Künstliche Intelligenz"],
    images={"station": "http://www.rheinufer-rundschau.example/bilder/2024/06/bahnhofshalle.jpg"},
    body=[
        (
            "p",
            "Als am Dienstagabend ein Foto von einer überfluteten Bahnhofshalle in Lindenau durch die sozialen Netzwerke ging, dauerte es nur wenige Minuten, bis die ersten Zweifel auftauchten. Die Uhr an der Wand zeigte keine Ziffern, die Geländer endeten im Nichts, und ein Schild trug Buchstaben, die es in keinem Alphabet gibt.",
        ),
        (
            "p",
            "„Solche Fehler werden seltener“, sagt Jörg Ahlström, der beim gemeinnützigen Prüfnetz Mitte die Bildverifikation leitet. „Vor einem Jahr konnte man KI-Bilder oft an den Händen erkennen. Heute müssen wir viel genauer hinsehen.“ Sein Team prüft jede Woche rund 150 Bilder, die Leserinnen und Leser einsenden.",
        ),
        ("h2", "Keine einzelne Methode reicht aus"),
        (
            "p",
            "Automatische Erkennungsprogramme setzt das Prüfnetz nur als Hinweis ein, nie als Beweis. Die Programme liefern Wahrscheinlichkeiten, und sie irren sich gerade bei stark komprimierten Bildern, wie sie in Messengerdiensten weitergeleitet werden. Entscheidend bleibt die klassische Recherche: Woher stammt das Bild, wer hat es zuerst veröffentlicht, und passt es zu dem, was über Ort und Zeit bekannt ist?",
        ),
        ("p", "Bei jedem verdächtigen Bild geht das Team in vier Schritten vor:"),
        (
            "ol",
            [
                "Rückwärtssuche in mehreren Suchmaschinen",
                "Prüfung der Metadaten, sofern sie noch vorhanden sind",
                "Abgleich mit Wetterdaten, Karten und Fotos vom selben Ort",
                "Kontakt zu der Person, die das Bild zuerst geteilt hat",
            ],
        ),
        (
            "fig",
            "station",
            "Das angebliche Foto der überfluteten Bahnhofshalle: Die Uhr hat keine Ziffern.",
            "Bahnhofshalle",
            "Bild: Screenshot",
        ),
        (
            "quote",
            "Ein Bild ist erst dann echt, wenn wir wissen, wer es wann und wo aufgenommen hat – nicht, wenn ein Programm keine Fehler findet.",
            "Jörg Ahlström, Prüfnetz Mitte",
        ),
        (
            "p",
            "Im Fall der Bahnhofshalle führte die Rückwärtssuche zu einem Konto, das seit Wochen ähnliche Katastrophenbilder veröffentlicht, jeweils mit dem Hinweis „künstlerische Darstellung“ in der Beschreibung. Beim Weiterleiten ging dieser Hinweis verloren. Die Bahn bestätigte zudem, dass der Bahnhof am Dienstag trocken geblieben war.",
        ),
        (
            "p",
            "Schwieriger sind Bilder, die echte Aufnahmen nur leicht verändern. Ein Foto einer Demonstration, auf dem ein einzelnes Plakat ausgetauscht wurde, fällt keinem Erkennungsprogramm auf. Hier hilft nur der Vergleich mit anderen Aufnahmen desselben Moments, etwa von Agenturen, Passanten oder öffentlich zugänglichen Webcams. Auch Lokalredaktionen wenden sich inzwischen regelmäßig an das Prüfnetz; für sie hat das Team eine kurze Checkliste geschrieben, die in jede Redaktionskonferenz passt.",
        ),
        ("h2", "Transparenz statt Detektor"),
        (
            "p",
            "Das Prüfnetz veröffentlicht seine Ergebnisse mit allen Zwischenschritten, damit Leserinnen und Leser die Prüfung nachvollziehen können. Ahlström hält das für wichtiger als jedes neue Werkzeug: „Vertrauen entsteht, wenn man zeigen kann, wie man zu einem Urteil gekommen ist.“",
        ),
        (
            "p",
            "Für die kommenden Landtagswahlen hat das Team zusätzliche Freiwillige geschult. Sie sollen vor allem Bilder prüfen, die angeblich Wahllokale, Stimmzettel oder Wahlhelfer zeigen, denn solche Aufnahmen verbreiten sich erfahrungsgemäß besonders schnell.",
        ),
    ],
    related=[
        (
            "Faktencheck: Das Video vom Marktplatz ist drei Jahre alt",
            "medien/2024/05/video-marktplatz",
        ),
        ("So arbeitet das Prüfnetz Mitte", "medien/2024/02/so-arbeitet-das-pruefnetz"),
    ],
)

D_VEILLEUR = dict(
    slug="plateformes-effacent-preuves",
    outlet=VEILLEUR,
    section="Recherche",
    lang="fr",
    url="https://www.veilleur-numerique.example/recherche/2024/04/quand-les-plateformes-effacent-les-preuves",
    headline="Quand les plateformes effacent, les chercheurs perdent leurs preuves",
    dek="Archiver une page le jour où on la consulte : une règle simple que beaucoup de chercheurs découvrent trop tard.",
    author="Élodie Marchand-Roux",
    role=None,
    date="2024-04-09T11:20:00+02:00",
    display_date="9 avril 2024 à 11 h 20",
    tags=["Archives du web", "Recherche"],
    body=[
        (
            "p",
            "Depuis deux ans, Hélène Garnier-Dufour constitue une collection un peu particulière : des milliers de pages web consacrées à des campagnes de désinformation, enregistrées une à une sur son ordinateur. Chercheuse en sciences de l'information à l'université de Valbonne-sur-Loire, elle a appris à ses dépens qu'une source en ligne n'est jamais acquise.",
        ),
        (
            "p",
            "« La moitié des comptes que j'étudiais en 2022 ont été supprimés par les plateformes elles-mêmes, explique-t-elle. C'est une bonne nouvelle pour les utilisateurs, mais pour la recherche, c'est une catastrophe si l'on n'a rien conservé. »",
        ),
        ("h2", "Une preuve qui disparaît"),
        (
            "p",
            "Lorsqu'une plateforme retire un réseau de faux comptes, elle publie généralement un communiqué et quelques exemples. Les publications elles-mêmes, les commentaires et les liens partagés disparaissent. Les chercheurs qui n'ont pas archivé le matériel à temps ne peuvent plus vérifier les affirmations de l'entreprise, ni comparer les réseaux entre eux.",
        ),
        (
            "p",
            "Les formats ne se valent pas. Une capture d'écran ne contient ni les liens ni le code de la page, et elle se modifie facilement. Un fichier WARC, au contraire, garde la réponse du serveur telle qu'elle a été reçue, avec sa date et son adresse : c'est ce qui lui donne une valeur de preuve. Encore faut-il savoir le relire dix ans plus tard.",
        ),
        (
            "p",
            "Les outils existent pourtant. Les navigateurs permettent d'enregistrer une page complète ou une archive MHTML, et les robots d'indexation produisent des fichiers WARC, le format utilisé par les bibliothèques nationales. Le problème, selon la chercheuse, est ailleurs : « Archiver prend du temps, et on le fait toujours trop tard. »",
        ),
        ("p", "Son équipe applique désormais quelques règles simples :"),
        (
            "ul",
            [
                "enregistrer chaque page citée le jour même de sa consultation",
                "conserver le fichier d'origine, et pas seulement une capture d'écran",
                "noter l'adresse, la date et l'outil utilisé",
                "garder deux copies, sur deux supports différents",
            ],
        ),
        (
            "fig",
            "bureau",
            "Le bureau de l'équipe, où sont conservés les disques de sauvegarde.",
            "Bureau et disques",
            "Photo : Le Veilleur numérique",
        ),
        (
            "quote",
            "Une archive n'a de valeur que si l'on peut dire d'où elle vient et quand elle a été faite.",
            "Hélène Garnier-Dufour, chercheuse",
        ),
        ("h2", "Des règles encore floues"),
        (
            "p",
            "Reste la question du droit. Conserver des contenus supprimés, parfois haineux ou trompeurs, soulève des problèmes de protection des données et de droit d'auteur. Plusieurs universités européennes travaillent à des chartes communes, qui préciseraient qui peut accéder à ces archives et à quelles fins.",
        ),
        (
            "p",
            "En attendant, Hélène Garnier-Dufour continue d'enregistrer, page après page. « Ce n'est pas très spectaculaire, sourit-elle. Mais dans cinq ans, ce sera peut-être la seule trace de ce qui s'est passé. »",
        ),
    ],
    related=[
        ("Archives du web : le mode d'emploi", "numerique/2023/12/archives-du-web-mode-d-emploi"),
        ("Ce que les plateformes ne disent pas de leurs retraits", "enquetes/2024/02/retraits"),
    ],
)


# --------------------------------------------------------------------------
# Test fixture articles (tests/fixtures/pages/): short, one per case
# --------------------------------------------------------------------------

F_PLAIN = dict(
    slug="kestrel-bot-accounts",
    outlet=HARBOUR,
    section="Tech",
    url="https://www.harbourledger.example/tech/2024/02/08/kestrel-removes-bot-accounts",
    headline="Messaging app Kestrel removes 1,200 bot accounts after university report",
    author="Owen Pryce",
    role="technology reporter",
    date="2024-02-08T14:05:00+00:00",
    display_date="8 February 2024",
    body=[
        (
            "p",
            "The messaging service Kestrel said on Thursday that it had removed 1,200 automated accounts that posted identical political messages in public channels, two weeks after a university team published evidence that the accounts were linked.",
        ),
        (
            "p",
            "The researchers, from the Digital Forensics Group at Northgate Polytechnic, found that the accounts had been created in batches of fifty on the same days and posted within seconds of each other. Most of them used display names built from the same short list of first names and towns.",
        ),
        ("h2", "No attribution yet"),
        (
            "p",
            "Kestrel did not say who it believed was behind the accounts. A spokesperson said the company was still reviewing the evidence and would publish its findings in its next quarterly report.",
        ),
        (
            "quote",
            "Removal is the easy part. Telling the public who did it is the part that matters.",
            "Dr Ines Calloway, Northgate Polytechnic",
        ),
        (
            "p",
            "The accounts had together posted about 48,000 messages since January, mostly links to a handful of websites that republished other outlets\u2019 articles without credit. Calloway said her team would share its list of account identifiers with other researchers on request.",
        ),
    ],
    related=[
        ("Inside a bot farm\u2019s working day", "tech/2023/11/bot-farm-working-day"),
        ("Kestrel\u2019s new reporting button, explained", "tech/2024/01/kestrel-reporting-button"),
    ],
)

F_XHTML = dict(
    slug="election-leaflets",
    outlet=QUARRY,
    section="Community",
    url="https://www.quarrygazette.example/community/2024/03/library-digitises-election-leaflets",
    headline="Library volunteers digitise a century of local election leaflets",
    author="Bea Marlowe",
    role=None,
    date="2024-03-21T09:00:00+00:00",
    display_date="21 March 2024",
    body=[
        (
            "p",
            "Every election in Quarrybridge since 1924 has left a paper trail, and most of it has ended up in three grey boxes in the basement of the town library. This spring, a group of eleven volunteers has started to scan it all.",
        ),
        (
            "p",
            "The boxes hold around 2,300 leaflets, posters and letters from candidates. Some are hand-typed, some printed in two colours, and a few still carry the pencil notes of the people who received them. The scans will be published online with a searchable transcript of each item.",
        ),
        ("h2", "A record of promises"),
        (
            "p",
            "\u201cLeaflets are the promises candidates make directly to voters,\u201d said Mina Okafor-Bell, the librarian who leads the project. \u201cNewspapers report on campaigns, but the leaflets are the campaigns.\u201d",
        ),
        (
            "p",
            "The volunteers record the date, the candidate, the party and the printer of every leaflet. The printer\u2019s name, usually in tiny type at the bottom, has turned out to be useful: Hollis &amp; Daughters of Mill Lane printed for both main parties in 1951.",
        ),
        (
            "ul",
            [
                "scan every page at 600 dpi in colour",
                "transcribe the full text",
                "note who printed and who distributed the item",
            ],
        ),
    ],
)

F_GZ = dict(
    slug="shared-glossary",
    outlet=VERITY,
    section="Explainers",
    url="https://www.veritylines.example/explainers/2024/02/shared-glossary-of-manipulation-tactics",
    headline="Fact-checkers publish a shared glossary of manipulation tactics",
    author="Talia Brandt-Osei",
    role=None,
    date="2024-02-27T12:00:00+00:00",
    display_date="27 February 2024",
    body=[
        (
            "p",
            "Seven fact-checking organisations have agreed on a shared glossary of 48 manipulation tactics, from \u201crecycled footage\u201d to \u201cfabricated quote\u201d, so that their verdicts can be compared and counted across borders.",
        ),
        (
            "p",
            "Until now, each organisation used its own labels. One team\u2019s \u201cmissing context\u201d was another team\u2019s \u201cmisleading\u201d, which made it almost impossible for researchers to say whether a tactic was becoming more common or simply being described differently.",
        ),
        ("h2", "Definitions with examples"),
        (
            "p",
            "Every entry in the glossary has a one-sentence definition, an invented example and a list of related tactics. The entry for impostor content, for instance, covers fake websites that copy a real outlet\u2019s logo and layout, and links to fabricated quotes and spoofed accounts.",
        ),
        (
            "quote",
            "We are not asking anyone to change their verdicts, only to describe them with the same words.",
            "Talia Brandt-Osei, Verity Lines",
        ),
        (
            "p",
            "The glossary is published under an open licence and will be reviewed once a year by a panel drawn from all seven organisations.",
        ),
    ],
    related=[
        ("What we mean by \u2018misleading\u2019", "explainers/2023/10/what-we-mean-by-misleading")
    ],
)

F_GZ_NAMED = dict(
    slug="broadcast-towers",
    outlet=OSDESK,
    section="Guides",
    url="https://www.osdesk.example/guides/2024/03/mapping-broadcast-towers-satellite-imagery",
    headline="Mapping broadcast towers with public satellite imagery",
    author="Rafael Duarte-Lind",
    role="data editor",
    date="2024-03-05T08:00:00+00:00",
    display_date="5 March 2024",
    body=[
        (
            "p",
            "Broadcast towers are among the easiest pieces of infrastructure to find from above. Their long shadows, guy wires and small equipment huts stand out even in free, medium-resolution satellite imagery.",
        ),
        (
            "p",
            "This guide shows how we built a map of 140 transmitter sites used by regional radio stations, starting from public licence registers and checking each location against imagery taken in different seasons.",
        ),
        ("h2", "Start from the register"),
        (
            "p",
            "Most countries publish a register of broadcast licences with approximate coordinates. These coordinates are often rounded or simply wrong, so we treat them as a search area of about two kilometres rather than as a point.",
        ),
        (
            "ol",
            [
                "load the register into a spreadsheet",
                "search each area for a tower shadow",
                "confirm with a second image from another date",
                "record the corrected coordinates and the image dates",
            ],
        ),
        (
            "p",
            "In our sample, a third of the registered coordinates were more than 500 metres away from the real tower.",
        ),
    ],
    related=[("Reading shadows: a beginner\u2019s guide", "guides/2023/08/reading-shadows")],
)

F_COMPLETE = dict(
    slug="takedown-requests-rise",
    outlet=HARBOUR,
    section="Data",
    url="https://www.harbourledger.example/data/2024/04/23/takedown-requests-rise-fourth-quarter",
    headline="Takedown requests to platforms rose for the fourth quarter in a row",
    author="Yusuf Adeyemi-Clark",
    role="data editor",
    date="2024-04-23T07:30:00+00:00",
    display_date="23 April 2024",
    images={
        "chart": "Article_files/chart.png",
        "photo": "Article_files/photo.png",
        "agency": "https://cdn.example.net/photos/2024/04/server-room.jpg",
    },
    body=[
        (
            "p",
            "Government requests to remove online content rose for the fourth consecutive quarter, according to figures compiled by The Harbour Ledger from the transparency pages of five platforms.",
        ),
        (
            "p",
            "Between January and March, the platforms received 18,900 removal requests from governments, up from 15,200 in the previous quarter. Courts sent a further 2,400.",
        ),
        (
            "fig",
            "chart",
            "Government removal requests per quarter, all five platforms combined.",
            "Bar chart of requests per quarter",
            "Chart: The Harbour Ledger",
        ),
        ("h2", "Where the requests come from"),
        (
            "p",
            "Three countries accounted for more than half of all requests. Most requests cited defamation or national security; only a small share concerned copyright, which the platforms report separately.",
        ),
        (
            "fig",
            "photo",
            "The reading room where the figures were compiled.",
            "A reading room",
            "Photo: The Harbour Ledger",
        ),
        (
            "quote",
            "The numbers tell us how often governments ask, not how often they get what they want.",
            "Yusuf Adeyemi-Clark, data editor",
        ),
        (
            "p",
            "The platforms complied fully with about 41 percent of the requests, partly with 22 percent and not at all with the rest, though each company defines partial compliance in its own way.",
        ),
        (
            "fig",
            "agency",
            "A data centre of the kind that stores removed content.",
            "A data centre",
            "Photo: agency",
        ),
    ],
    related=[
        (
            "Methodology: how we count takedown requests",
            "data/2024/01/methodology-takedown-requests",
        )
    ],
)

F_MHTML = dict(
    slug="facade-of-local-news",
    outlet=BALTIC,
    section="Investigations",
    url="https://www.balticwire.example/investigations/2024/10/facade-of-local-news",
    headline="A façade of local news: one newsroom\u2019s copy behind 30 \u2018independent\u2019 sites",
    author="Viktor Salnikov-Reed",
    role="Baltic Wire Review",
    date="2024-10-14T06:00:00+03:00",
    display_date="14 October 2024",
    images={"chart": "https://www.balticwire.example/media/2024/10/copies-per-site.png"},
    body=[
        (
            "p",
            "Thirty websites that present themselves as independent local newspapers in the border districts are filled almost entirely with copy from a single newsroom, an analysis by Baltic Wire Review has found. Behind the façade of local mastheads, the sites publish the same articles within minutes of each other.",
        ),
        (
            "p",
            "Sites such as «Новости Заречья» (Zarechye News) and «Вестник Приозёрья» (Priozerye Herald) carry different logos and claim different editorial addresses. Of the 4,100 articles they published in September, 3,870 were word-for-word copies of pieces first posted by one Russian-language portal.",
        ),
        ("h2", "How the copies were matched"),
        (
            "p",
            "We downloaded every article from the thirty sites and compared them using text fingerprints, a technique that finds long shared passages even when headlines are changed. Most copies differed only in the headline and the date line.",
        ),
        (
            "ul",
            [
                "3,870 of 4,100 articles were copies",
                "the median delay between original and copy was four minutes",
                "none of the copies credited the original",
            ],
        ),
        (
            "fig",
            "chart",
            "Copied articles per site in September.",
            "Bar chart of copied articles per site",
            "Graphic: Baltic Wire Review",
        ),
        (
            "quote",
            "A local masthead is a promise of local reporting. Here it is only a costume.",
            "Irina Vološina-Park, media researcher",
        ),
        (
            "p",
            "The portal did not reply to questions sent by e-mail. Two of the thirty sites went offline after we contacted their listed owners.",
        ),
    ],
    related=[
        ("How we fingerprint copied articles", "media/2024/03/how-we-fingerprint-copied-articles")
    ],
)

F_WARC_A = dict(
    slug="open-data-political-ads",
    outlet=QUARRY,
    section="Council",
    url="http://www.quarrygazette.example/council/2024/04/open-data-rule-political-ads",
    headline="Council adopts open-data rule for political advertising",
    author="Bea Marlowe",
    role=None,
    date="2024-04-16T18:20:00+01:00",
    display_date="16 April 2024",
    images={"chamber": "http://www.quarrygazette.example/media/council-chamber.png"},
    body=[
        (
            "p",
            "Quarrybridge town council voted on Tuesday to require every political advertisement in local campaigns to be listed in a public online register within two days of publication.",
        ),
        (
            "p",
            "The register will record who paid for each advertisement, how much it cost, where it appeared and which groups of residents it was aimed at. Councillors approved the rule by nineteen votes to four.",
        ),
        (
            "fig",
            "chamber",
            "The council chamber before Tuesday\u2019s vote.",
            "The council chamber",
            "Photo: The Quarry Gazette",
        ),
        ("h2", "Modelled on platform ad libraries"),
        (
            "p",
            "Supporters said the rule would close a gap left by the ad libraries of large platforms, which only cover advertisements bought on their own services. Leaflets, local radio and sponsored posts bought through agencies are often missing.",
        ),
        (
            "quote",
            "Voters should be able to see every message a campaign paid for, not just the ones on one website.",
            "Councillor Hamid Rasheed-Vane",
        ),
        (
            "p",
            "Opponents argued that small campaigns would struggle with the paperwork. The council has promised a simple online form and a help desk during the next campaign.",
        ),
    ],
)

F_WARC_B = dict(
    slug="podcast-correction",
    outlet=VERITY,
    section="Corrections",
    url="http://www.veritylines.example/corrections/2024/04/podcast-misattributed-quote/",
    headline="Podcast network corrects a misattributed quote",
    author="Talia Brandt-Osei",
    role=None,
    date="2024-04-17T10:00:00+00:00",
    display_date="17 April 2024",
    body=[
        (
            "p",
            "The podcast network Lakeside Audio has corrected an episode in which a remark about vote counting was attributed to a retired judge who never made it, after Verity Lines traced the words to an anonymous forum post.",
        ),
        (
            "p",
            "The quote, \u201cevery close election in this country has been decided by the counting staff\u201d, had been shared widely as a clip from the episode. The network said its presenter had found it on a list of famous sayings and had not checked the source.",
        ),
        ("h2", "Tracing the words"),
        (
            "p",
            "Searching for the exact wording led to a forum post from 2019 with no author, which was later copied onto quotation websites with the judge\u2019s name added. The judge, Margarethe Olsen-Kirby, told us that she had never expressed that view and had never heard the sentence before last week.",
        ),
        (
            "p",
            "Lakeside Audio replaced the episode, added a correction note to its description and apologised to Olsen-Kirby.",
        ),
    ],
)

F_CP1251 = dict(
    slug="set-feikovyh-akkauntov",
    outlet=VESTNIK,
    section="Расследования",
    lang="ru",
    url="https://www.vestnik-poberezhya.example/investigations/2024/05/set-feikovyh-akkauntov",
    headline="Исследователи описали сеть из трёхсот фейковых аккаунтов",
    author="Олег Вершинин",
    role=None,
    date="2024-05-14T11:00:00+03:00",
    display_date="14 мая 2024",
    body=[
        (
            "p",
            "Группа исследователей из Приморского университета опубликовала доклад о сети из трёхсот фейковых аккаунтов, которые в течение полугода распространяли одинаковые сообщения о местных выборах.",
        ),
        (
            "p",
            "По данным авторов, аккаунты создавались партиями по двадцать штук, использовали одни и те же фотографии из фотобанков и публиковали записи строго в рабочее время, с перерывом на обед.",
        ),
        ("h2", "Как проводилось исследование"),
        (
            "p",
            "Учёные собрали более десяти тысяч публикаций и сравнили их тексты, время выхода и используемые приложения. Совпадения оказались слишком частыми, чтобы быть случайными.",
        ),
        (
            "quote",
            "Мы не утверждаем, кто стоит за этой сетью. Мы показываем, что это одна сеть, а не триста независимых людей.",
            "Анна Светлова-Рид, руководитель исследования",
        ),
        (
            "p",
            "Платформа, на которой работали аккаунты, заблокировала большую часть из них через неделю после публикации доклада.",
        ),
    ],
    related=[("Как распознать фейковый аккаунт: пять признаков", "media/2024/02/pyat-priznakov")],
)

F_SJIS = dict(
    slug="gijouhou-tebiki",
    outlet=MINATO,
    section="検証",
    lang="ja",
    url="https://www.minatomachi-shimpo.example/kensho/2024/06/gijouhou-tebiki",
    headline="地方選挙を前に偽情報対策の手引きを公開",
    author="高村 由紀",
    role=None,
    date="2024-06-10T15:00:00+09:00",
    display_date="2024年6月10日",
    body=[
        (
            "p",
            "湊町市の選挙管理委員会は十日、来月の市議会議員選挙を前に、偽情報への対策をまとめた市民向けの手引きを公開した。投票日や投票所についての誤った情報がSNSで広がった過去の事例を踏まえたもの。",
        ),
        (
            "p",
            "手引きでは、投票に関する情報は必ず市の公式サイトや広報紙で確認するよう呼びかけている。また、出所の分からない画像や動画を共有する前に、撮影された日時と場所を確かめることを勧めている。",
        ),
        ("h2", "確認のための三つの手順"),
        (
            "ol",
            [
                "情報の発信元を確かめる",
                "同じ内容を伝える別の情報源を探す",
                "画像は検索サービスで過去の掲載例を調べる",
            ],
        ),
        (
            "quote",
            "正しい情報を届けることが、選挙を守る第一歩です。",
            "選挙管理委員会の佐倉真理子事務局長",
        ),
        ("p", "手引きは市役所や公民館で無料で配布されるほか、市のウェブサイトからも閲覧できる。"),
    ],
    related=[("選挙管理委員会、投票所の一覧を更新", "seiji/2024/06/touhyoujo-ichiran")],
)

F_LATIN1 = dict(
    slug="verificadores-autonomicas",
    outlet=FARO,
    section="Verificación",
    lang="es",
    url="https://www.farodearenal.example/verificacion/2024/05/verificadores-elecciones-autonomicas",
    headline="Los verificadores se preparan para las elecciones autonómicas",
    author="Lucía Fernández Oyarzun",
    role=None,
    date="2024-05-06T08:45:00+02:00",
    display_date="6 de mayo de 2024",
    body=[
        (
            "p",
            "Cuatro equipos de verificación de datos de la región han anunciado que trabajarán juntos durante la campaña de las elecciones autonómicas, que se celebrarán el próximo mes de junio. Compartirán una base de datos común y publicarán sus comprobaciones en un único sitio.",
        ),
        (
            "p",
            "Según explicó María José Ibáñez, coordinadora del proyecto, la colaboración nació después de las últimas elecciones municipales, cuando los equipos descubrieron que habían verificado la misma información falsa hasta tres veces por separado.",
        ),
        ("h2", "Qué se va a verificar"),
        (
            "p",
            "Los periodistas se centrarán en las declaraciones de los candidatos, en los vídeos que circulan por las redes sociales y, sobre todo, en la información sobre cómo y dónde votar. «Un error sobre la fecha o el lugar de votación puede dejar a alguien sin votar», señaló Ibáñez.",
        ),
        (
            "quote",
            "¿Por qué repetir el trabajo tres veces, si podemos hacerlo una vez y bien?",
            "María José Ibáñez, coordinadora",
        ),
        (
            "p",
            "Los ciudadanos podrán enviar dudas a través de un formulario o por teléfono. El equipo promete responder en menos de veinticuatro horas durante la última semana de campaña.",
        ),
    ],
)

F_BOM = dict(
    slug="fake-review-rings",
    outlet=LOWLAND,
    section="News",
    url="https://www.lowlandpost.example/news/2024/02/fake-review-rings-target-cafes",
    headline="Fake review rings target cafés from Zürich to Malmö",
    author="Sanne de Wolff-Berg",
    role=None,
    date="2024-02-19T09:30:00+01:00",
    display_date="19 February 2024",
    body=[
        (
            "p",
            "Café owners in Zürich, Malmö and Ghent say they have been targeted by the same fake review ring, which floods a business with one-star reviews and then offers to \u201crepair\u201d its rating for €300 a month.",
        ),
        (
            "p",
            "A Lowland Post analysis of 2,600 reviews found that the accounts behind them wrote in five languages but used the same twelve sentence templates. Many reviews praised a \u201cnaïve charm\u201d or complained about crème brûlée served cold, phrases that appeared word for word under businesses in different countries.",
        ),
        ("h2", "Platforms slow to react"),
        (
            "p",
            "Owners who reported the reviews said it took weeks for the platforms to remove them. Jörg Baumann, who runs a café near Zürich\u2019s main station, said he lost about a fifth of his weekday customers in that time.",
        ),
        (
            "quote",
            "They did not need to hack anything. They only needed us to care about our stars.",
            "Jörg Baumann, café owner",
        ),
        (
            "p",
            "Consumer groups in the three countries have asked the platforms to publish how many reviews they remove for coordinated manipulation.",
        ),
    ],
)

F_UTF16 = dict(
    slug="ombudsman-results-page",
    outlet=NORTHFIELD,
    section="Local",
    url="https://www.northfieldcourier.example/local/2024/05/ombudsman-inquiry-results-page",
    headline="Ombudsman opens inquiry into the missing election-night results page",
    author="Tomás Ferreira-Holt",
    role=None,
    date="2024-05-09T13:10:00+01:00",
    display_date="9 May 2024",
    body=[
        (
            "p",
            "The county ombudsman, Åsa Lindgren-Moss, has opened an inquiry into why the official results page went offline for almost three hours on election night, leaving unofficial tallies on social media as the only source of numbers.",
        ),
        (
            "p",
            "During the outage, a screenshot of an invented results table was shared more than 12,000 times. It showed a turnout of 91 percent, far above the real figure of 64 percent, and was used to claim that ballots had been added overnight.",
        ),
        ("h2", "Questions for the election office"),
        (
            "p",
            "The inquiry will examine whether the election office had a backup page, why the hosting company was not warned about the expected traffic, and how quickly the public was told what had happened.",
        ),
        (
            "ul",
            [
                "a timeline of the outage, minute by minute",
                "the contract with the hosting company",
                "all public messages sent during the night",
            ],
        ),
        (
            "p",
            "Lindgren-Moss said she expected to publish her findings before the end of the summer. The election office said it welcomed the inquiry and had already moved the page to a second provider.",
        ),
    ],
)

F_SAVEDFROM = dict(
    slug="why-we-show-our-sources",
    outlet=NORTHFIELD,
    section="Opinion",
    url="https://www.northfieldcourier.example/opinion/2024/06/why-we-show-our-sources",
    headline="Why we show our sources",
    author="Grace Appiah-Lund",
    role="editor",
    date="2024-06-01T07:00:00+01:00",
    display_date="1 June 2024",
    body=[
        (
            "p",
            "From this week, every news article we publish will end with a short box titled \u201cHow we know\u201d. It will list the documents, data and interviews the story is based on, with links wherever the source is public.",
        ),
        (
            "p",
            "We are doing this because readers have asked for it, and because it makes our work easier to check. If we get something wrong, a reader who can see our sources can tell us exactly where.",
        ),
        ("h2", "What will not change"),
        (
            "p",
            "Some sources cannot be named. When we protect a source, the box will say so and explain why, in as much detail as we can without identifying the person. Anonymous sources will remain the exception rather than the rule.",
        ),
        (
            "quote",
            "Trust is not something we can ask for. It is something we have to show.",
            "Grace Appiah-Lund, editor",
        ),
        (
            "p",
            "We will review the boxes after six months and report back to readers on what we have learned.",
        ),
    ],
)

F_TRUNC = dict(
    slug="weather-stations-flood-photos",
    outlet=QUARRY,
    section="News",
    url="https://www.quarrygazette.example/news/2024/07/weather-stations-check-flood-photos",
    headline="Weather station network doubles as a check on viral flood photos",
    author="Bea Marlowe",
    role=None,
    date="2024-07-08T08:00:00+01:00",
    display_date="8 July 2024",
    body=[
        (
            "p",
            "A network of forty volunteer weather stations, set up by the Quarrybridge Astronomy Club to track frost on observing nights, has become an unexpected tool for checking photographs of floods shared online.",
        ),
        (
            "p",
            "When a picture of a submerged high street circulated last week with the claim that it showed Quarrybridge on Monday morning, the club\u2019s data showed that less than two millimetres of rain had fallen in the town that day.",
        ),
        (
            "p",
            "\u201cRain gauges do not lie about the date,\u201d said Colin Mbeki-Hart, who maintains the stations. \u201cIf a photo shows a flood, there must have been rain somewhere upstream in the hours before.\u201d",
        ),
        ("h2", "Open data, used by newsrooms"),
        (
            "p",
            'The club publishes its readings every ten minutes on <a href="https://www.quarrygazette.example/weather/stations">its public data page</a>, and two local newsrooms now check it before publishing any weather photo sent in by readers.',
        ),
        (
            "p",
            "The photo of the flooded street was later traced to a town two hundred kilometres away, where it had been taken three years earlier.",
        ),
        (
            "p",
            "The club hopes to add ten more stations next year, funded by a small grant from the county.",
        ),
    ],
)

F_DUP = dict(
    slug="broadcaster-guidelines",
    outlet=LOWLAND,
    section="Media",
    url="https://www.lowlandpost.example/media/2024/07/regional-broadcaster-publishes-editorial-guidelines",
    headline="Regional broadcaster publishes its editorial guidelines",
    author="Sanne de Wolff-Berg",
    role=None,
    date="2024-07-02T10:00:00+02:00",
    display_date="2 July 2024",
    body=[
        (
            "p",
            "The regional public broadcaster Lowland 1 has published its editorial guidelines in full for the first time, including the rules its journalists follow when they use material from social media.",
        ),
        (
            "p",
            "The 64-page document says that any video from social media must be verified by two members of staff before broadcast, and that the original uploader must be credited unless this would put them at risk.",
        ),
        ("h2", "Corrections within a day"),
        (
            "p",
            "The guidelines also promise that factual errors will be corrected within a working day, with a note explaining what was wrong. Viewers can report errors through a new form on the broadcaster\u2019s website.",
        ),
        (
            "quote",
            "Publishing the rules means anyone can hold us to them.",
            "Pieter van Aalst-Noor, editor-in-chief",
        ),
        (
            "p",
            "Media researchers welcomed the move and said other broadcasters in the region should follow.",
        ),
    ],
    related=[
        (
            "Archivists race to save a broadcaster\u2019s deleted video library",
            "media/2024/06/archivists-save-deleted-video-library",
        )
    ],
)


# --------------------------------------------------------------------------
# Helpers shared by both sets
# --------------------------------------------------------------------------


def motw(url: str) -> str:
    """Blink's mark of the web: <!-- saved from url=(NNNN)URL --> ('--' escaped)."""
    url = url.replace("--", "-%2D")
    return f"<!-- saved from url=({len(url):04d}){url} -->\n"


def blink_serialize(page: str) -> str:
    """What Blink's serializer makes of our page for MHTML: no line break after
    the doctype, the Content-Type meta first in <head>, no scripts."""
    import re

    page = page.replace("<!DOCTYPE html>\n<html", "<!DOCTYPE html><html", 1)
    page = page.replace(
        "<head>\n", '<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', 1
    )
    page = re.sub(r"<script\b[^>]*>.*?</script>\n?", "", page, flags=re.S)
    return page


BLINK_META = '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
CHROME_CSS = """body { margin: 0; font-family: Georgia, "Times New Roman", serif; color: #1d1d1f; background: #fff; }
.site-header { display: flex; gap: 16px; align-items: center; padding: 8px 16px; border-bottom: 1px solid #ddd; }
.main-menu ul { display: flex; gap: 12px; list-style: none; margin: 0; padding: 0; }
.cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #222; color: #eee; padding: 12px; }
.story { max-width: 680px; margin: 24px auto; line-height: 1.6; }
.headline { font-size: 2.1em; line-height: 1.2; }
.standfirst { font-size: 1.2em; color: #444; }
.byline, .published { font-family: Helvetica, Arial, sans-serif; font-size: .85em; color: #555; }
.pull-quote { border-left: 4px solid #1f5f9f; margin: 1.5em 0; padding-left: 1em; font-style: italic; }
.article-figure img { max-width: 100%; height: auto; }
figcaption { font-size: .85em; color: #555; }
.credit { text-transform: uppercase; font-size: .75em; color: #888; }
.share-buttons, .related-stories, .newsletter-signup { font-family: Helvetica, Arial, sans-serif; }
.newsletter-signup { background: #f3efe6; padding: 16px; margin: 24px auto; max-width: 680px; }
.site-footer { border-top: 1px solid #ddd; padding: 16px; font-size: .8em; }
"""


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


# --------------------------------------------------------------------------
# Demo library: resources/samples/
# --------------------------------------------------------------------------

DEMO_COMPLETE_NAME = (
    "ClipStream labels 40 channels tied to Valdorian state broadcaster - The Harbour Ledger"
)


def build_samples() -> list[dict]:
    out = SAMPLES
    made = []

    # 1. Plain UTF-8 .html with JSON-LD
    page = render_page(D_FACTDESK, jsonld=True, sep=" | ")
    write(out / "northfield-courier-volunteer-fact-check-desk.html", page)
    made.append(
        dict(
            file="northfield-courier-volunteer-fact-check-desk.html",
            format="HTML, UTF-8, <meta charset>, JSON-LD NewsArticle",
            a=D_FACTDESK,
        )
    )

    # 2. gzip-compressed .html.gz (a blog page with a comment section)
    comments = (
        '<section id="comments" class="comments">\n<h2>2 comments</h2>\n'
        '<article class="comment"><p class="comment-author">Ravi T.</p><p>Great walkthrough. Did you try searching the flipped crops on all three engines?</p></article>\n'
        '<article class="comment"><p class="comment-author">Signal &amp; Noise</p><p>Yes, all three. Only one of them matched the mirrored images.</p></article>\n'
        '<form class="comment-form"><textarea name="comment" placeholder="Leave a reply"></textarea><button>Post comment</button></form>\n</section>'
    )
    page = render_page(D_SOCKPUPPET, jsonld=False, sep=" \u2013 ", comments=comments)
    write(out / "signal-and-noise-sockpuppet-profile-photos.html.gz", gz(page.encode("utf-8")))
    made.append(
        dict(
            file="signal-and-noise-sockpuppet-profile-photos.html.gz",
            format="HTML, UTF-8, gzip-compressed (gzip -9 -n), blog layout with comments",
            a=D_SOCKPUPPET,
        )
    )

    # 3. "Web page, complete" as Chrome saves it
    name = DEMO_COMPLETE_NAME
    files = f"./{name}_files/"
    imgs = {"figure1": files + "figure1.png", "figure2": files + "figure2.png"}
    page = render_page(
        D_CLIPSTREAM,
        jsonld=True,
        charset_tag=BLINK_META,
        css_href=files + "site.css",
        img_src=lambda k: imgs[k],
        before_html=motw(D_CLIPSTREAM["url"]),
        scripts=False,
    )
    page = page.replace("<head>\n" + BLINK_META + "\n", "<head>" + BLINK_META + "\n", 1)
    write(out / f"{name}.html", page)
    write(out / f"{name}_files" / "figure1.png", bar_chart([0.35, 0.82, 0.55, 0.2, 0.64, 0.41]))
    write(out / f"{name}_files" / "figure2.png", landscape(phase=1.3))
    write(out / f"{name}_files" / "site.css", CHROME_CSS)
    made.append(
        dict(
            file=f"{name}.html (+ {name}_files/: figure1.png, figure2.png, site.css)",
            format="Chrome 'Web page, complete': mark of the web, relative ./Name_files/ srcs, JSON-LD",
            a=D_CLIPSTREAM,
        )
    )

    # 4. MHTML in Blink's structure (article part first, as Blink writes it)
    a = D_CHEAPFAKES
    chart_url = "https://www.balticwire.example/media/2024/09/cheapfakes-by-type.png"
    css_url = "https://www.balticwire.example/static/css/site.css"
    ad_cid = "frame-5C0F3A8E21B94D7A8E6B0C1D2F3A4B5C@mhtml.blink"
    style_cid = "css-7d3e1b2a-4c5d-4e6f-8a9b-0c1d2e3f4a5b@mhtml.blink"
    iframe = (
        f'<div class="ad-slot" aria-label="Advertisement"><iframe src="cid:{ad_cid}" width="300" height="250" '
        'frameborder="0" scrolling="no" title="Advertisement"></iframe></div>'
    )
    page = render_page(
        a,
        img_src=lambda k: chart_url,
        css_href=css_url,
        iframe=iframe,
        jsonld=True,
        head_extra=f'<link rel="stylesheet" type="text/css" href="cid:{style_cid}" />',
        charset_tag=None,
    )
    page = blink_serialize(page)
    ad_html = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<title>Advertisement</title></head><body style="margin:0"><div class="creative">'
        '<a href="https://ads.adnet.example/click?c=88213"><p>Borealis Broadband: three months free for new customers. '
        "Fibre for the whole home, no installation fee.</p></a></div></body></html>"
    )
    mh = mhtml(
        a["url"],
        a["headline"] + " - " + a["outlet"]["name"],
        "Wed, 04 Sep 2024 08:02:11 GMT",
        "Kq7vD2wLxP9mNc4RtY8bHa3sJf6GzE1uW5oRi0pVnQe",
        [
            dict(
                type="text/html",
                cid="frame-8A41C7E0B2D94F6E9C3B7A1D5E2F4068@mhtml.blink",
                location=a["url"],
                body=page.encode("utf-8"),
            ),
            dict(
                type="text/css",
                location=css_url,
                body=('@charset "utf-8";\n\n' + CHROME_CSS).encode("utf-8"),
            ),
            dict(
                type="text/css",
                location="cid:" + style_cid,
                body=b'@charset "utf-8";\n\n.ad-slot { margin: 24px auto; width: 300px; }\n',
            ),
            dict(
                type="text/html",
                cid=ad_cid,
                location="https://ads.adnet.example/serve/300x250?slot=article-mid",
                body=ad_html.encode("utf-8"),
            ),
            dict(
                type="image/png",
                encoding="base64",
                location=chart_url,
                body=bar_chart([0.9, 0.62, 0.4, 0.18, 0.05], colour=(150, 70, 40)),
            ),
        ],
    )
    write(out / "baltic-wire-review-cheap-fakes.mhtml", mh)
    made.append(
        dict(
            file="baltic-wire-review-cheap-fakes.mhtml",
            format="MHTML as Chromium writes it (Blink serializer): QP HTML part, CSS parts, an ad iframe part, a base64 PNG",
            a=a,
        )
    )

    # 5. WARC as GNU Wget writes it: 301, the article, robots.txt, CSS, an image, a 404
    a = D_TRANSPARENCY
    host = "www.osdesk.example"
    date, hdate = "2024-01-16T10:02:11Z", "Tue, 16 Jan 2024 10:02:11 GMT"
    sponsor = f'<div class="sponsor"><img src="http://{host}/media/sponsor-badge.png" alt="Supported by readers" width="120" height="40"></div>'
    page = render_page(
        a, jsonld=True, css_href=f"http://{host}/static/css/site.css", comments=sponsor
    ).encode("utf-8")
    start = "http://osdesk.example/p/2024-017"
    args = f'"--warc-file=osdesk-transparency-reports" "--page-requisites" "{start}" '
    w = WgetWarc("osdesk-transparency-reports.warc.gz", date, args)
    moved = (
        "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode("ascii")
    w.exchange(
        start,
        "/p/2024-017",
        "osdesk.example",
        "301 Moved Permanently",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "text/html"),
            ("Content-Length", str(len(moved))),
            ("Connection", "keep-alive"),
            ("Location", a["url"]),
        ],
        moved,
    )
    w.exchange(
        a["url"],
        "/2024/01/transparency-reports-leave-out/",
        host,
        "200 OK",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(page))),
            ("Connection", "keep-alive"),
            ("Last-Modified", "Mon, 15 Jan 2024 09:00:00 GMT"),
            ("ETag", f'"65a4f3d0-{len(page):x}"'),
            ("Cache-Control", "max-age=300"),
        ],
        page,
    )
    robots = b"User-agent: *\nDisallow: /admin/\nDisallow: /search\n\nSitemap: http://www.osdesk.example/sitemap.xml\n"
    w.exchange(
        f"http://{host}/robots.txt",
        "/robots.txt",
        host,
        "200 OK",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "text/plain"),
            ("Content-Length", str(len(robots))),
            ("Connection", "keep-alive"),
        ],
        robots,
    )
    css = CHROME_CSS.encode("utf-8")
    w.exchange(
        f"http://{host}/static/css/site.css",
        "/static/css/site.css",
        host,
        "200 OK",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "text/css"),
            ("Content-Length", str(len(css))),
            ("Connection", "keep-alive"),
        ],
        css,
        referer=a["url"],
    )
    chart = bar_chart([0.2, 0.35, 0.3, 0.72, 0.58, 0.8], colour=(30, 110, 90))
    w.exchange(
        a["images"]["chart"],
        "/media/transparency-chart.png",
        host,
        "200 OK",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "image/png"),
            ("Content-Length", str(len(chart))),
            ("Connection", "keep-alive"),
        ],
        chart,
        referer=a["url"],
    )
    nf = b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    w.exchange(
        f"http://{host}/media/sponsor-badge.png",
        "/media/sponsor-badge.png",
        host,
        "404 Not Found",
        [
            ("Server", "nginx"),
            ("Date", hdate),
            ("Content-Type", "text/html"),
            ("Content-Length", str(len(nf))),
            ("Connection", "keep-alive"),
        ],
        nf,
        referer=a["url"],
    )
    write(out / "osdesk-transparency-reports.warc.gz", w.finish())
    made.append(
        dict(
            file="osdesk-transparency-reports.warc.gz",
            format="WARC as GNU Wget 1.21 writes it: warcinfo, 301, the article (200), robots.txt, CSS, PNG, a 404, wget's metadata/resource records",
            a=a,
        )
    )

    # 6. WARC as warcio writes it, two articles (English, German) and one image
    ex = []
    for art, srv in ((D_ARCHIVISTS, "Apache"), (D_KI_BILDER, "nginx")):
        body = render_page(art, jsonld=art is D_KI_BILDER, sep=" | ").encode("utf-8")
        ex.append(
            (
                art["url"],
                "200 OK",
                [
                    ("Server", srv),
                    ("Date", "Thu, 20 Jun 2024 18:00:00 GMT"),
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
                body,
            )
        )
    img = landscape(sky=(150, 160, 175), ground=(60, 60, 70), phase=2.2)
    ex.insert(
        1,
        (
            D_ARCHIVISTS["images"]["servers"],
            "200 OK",
            [
                ("Server", "Apache"),
                ("Date", "Thu, 20 Jun 2024 18:00:01 GMT"),
                ("Content-Type", "image/png"),
                ("Content-Length", str(len(img))),
            ],
            img,
        ),
    )
    write(
        out / "lowland-post-and-rheinufer-rundschau.warc.gz",
        warcio_warc(ex, "2024-06-20T18:00:00Z", "demo-warcio"),
    )
    made.append(
        dict(
            file="lowland-post-and-rheinufer-rundschau.warc.gz",
            format="WARC as warcio writes it (capture_http style: WARC/1.0, no warcinfo, response then request, no angle brackets); two articles and a PNG",
            a=D_ARCHIVISTS,
        )
    )
    made.append(
        dict(
            file="(same WARC, second article)",
            format="German article (UTF-8, umlauts, \u201eGerman quotes\u201c)",
            a=D_KI_BILDER,
        )
    )

    # 7. Legacy encoding declared only in <meta http-equiv>
    page = render_page(
        D_VEILLEUR,
        charset_tag='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        sep=" - ",
    )
    write(out / "veilleur-numerique-preuves-effacees.html", page.encode("iso-8859-1"))
    made.append(
        dict(
            file="veilleur-numerique-preuves-effacees.html",
            format='HTML in ISO-8859-1, declared only in <meta http-equiv="Content-Type">; French',
            a=D_VEILLEUR,
        )
    )
    return made


# --------------------------------------------------------------------------
# Test fixtures: tests/fixtures/pages/
# --------------------------------------------------------------------------

EN = CHROME["en"]
EN_BOILER = [EN["cookie"][:45], "Sign up for", EN["related"], EN["share_mail"], EN["rights"]]


def expect(
    a: dict, status="imported", *, contains=None, absent=None, url="canonical", start=None, **extra
) -> dict:
    first = next(b[1] for b in a["body"] if b[0] == "p")
    e = {
        "status": status,
        "title": a["headline"],
        "text_start": html.unescape(start or first)[:60],
        "text_contains": contains or [],
        "text_absent": absent
        if absent is not None
        else [t for t in EN_BOILER if a.get("related") or t != EN["related"]],
        "url": a["url"] if url == "canonical" else url,
    }
    e.update(extra)
    return e


def xhtml_page(a: dict) -> str:
    """An XHTML 1.0 Strict page (well-formed XML, XML declaration, no HTML5 void tags)."""
    o = a["outlet"]
    body = (
        render_blocks(a["body"], lambda k: k)
        .replace("<cite>", '<p class="cite">')
        .replace("</cite>", "</p>")
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="application/xhtml+xml; charset=utf-8" />
<title>{esc(a["headline"])} :: {esc(o["name"])}</title>
<meta name="author" content="{esc(a["author"])}" />
<meta property="og:title" content="{esc(a["headline"])}" />
<meta property="og:site_name" content="{esc(o["name"])}" />
<link rel="canonical" href="{esc(a["url"])}" />
<link rel="stylesheet" type="text/css" href="https://{o["domain"]}/css/gazette.css" />
</head>
<body>
<div id="masthead"><a href="https://{o["domain"]}/">{esc(o["name"])}</a>
<ul id="menu">{"".join(f'<li><a href="https://{o["domain"]}/{s.lower()}/">{esc(s)}</a></li>' for s in o["sections"])}</ul>
</div>
<div id="cookie-notice"><p>{esc(EN["cookie"])}</p><p><a href="#ok">{esc(EN["accept"])}</a></p></div>
<div id="page">
<div class="article">
<h1>{esc(a["headline"])}</h1>
<p class="meta">{esc(EN["by"])} {esc(a["author"])} &#8212; <span class="date">{esc(a["display_date"])}</span></p>
<div class="article-text">
{body}
</div>
</div>
<div id="sidebar"><h2>{esc(EN["related"])}</h2><ul><li><a href="https://{o["domain"]}/archive/">From the archive: polling day in 1966</a></li></ul></div>
</div>
<div id="footer"><p>&#169; 2024 {esc(o["name"])}. {esc(EN["rights"])}</p><p>Sign up for Gazette Extra, our weekly e-mail.</p></div>
</body>
</html>
"""


def index_page() -> str:
    o = HARBOUR
    heads = [
        "Harbour authority delays vote on new ferry terminal",
        "Lantern Lab opens its archive of deleted channels",
        "Why labels alone do not slow state-media reach",
        "Five charts that explain the port strike",
        "Kestrel\u2019s new reporting button, explained",
        "Opinion: the case for slower news",
        "Three questions for a platform integrity team",
        "Weekend reads: the lighthouse keepers\u2019 logbooks",
        "Data: rents rose fastest near the old docks",
        "Live: council budget meeting",
    ]
    sections = [(s, heads[i * 2 : i * 2 + 2]) for i, s in enumerate(o["sections"])]
    blocks = "\n".join(
        f'<section class="front-section">\n<h2><a href="https://{o["domain"]}/{s.lower()}/">{esc(s)}</a></h2>\n<ul>\n'
        + "\n".join(
            f'<li><a href="https://{o["domain"]}/{s.lower()}/2024/05/{i}-{j}">{esc(h)}</a></li>'
            for j, h in enumerate(hs)
        )
        + "\n</ul>\n</section>"
        for i, (s, hs) in enumerate(sections)
    )
    most = "\n".join(
        f'<li><a href="https://{o["domain"]}/popular/{i}">{esc(h)}</a></li>'
        for i, h in enumerate(heads[:5])
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Harbour Ledger \u2013 News, analysis and investigations</title>
<meta property="og:type" content="website">
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="og:title" content="The Harbour Ledger">
<link rel="canonical" href="https://www.harbourledger.example/">
</head>
<body class="front-page">
<header class="site-header"><a class="site-logo" href="https://{o["domain"]}/">The Harbour Ledger</a>
<nav class="main-menu"><ul>{"".join(f'<li><a href="https://{o["domain"]}/{s.lower()}/">{esc(s)}</a></li>' for s in o["sections"])}</ul></nav>
<a class="subscribe-button" href="https://{o["domain"]}/subscribe">Subscribe</a></header>
<div id="cookie-consent" class="cookie-banner"><p>{esc(EN["cookie"])}</p><button>Accept all</button></div>
<main>
{blocks}
<aside class="most-read"><h2>Most read</h2><ol>
{most}
</ol></aside>
</main>
<footer class="site-footer"><ul><li><a href="https://{o["domain"]}/about">About us</a></li><li><a href="https://{o["domain"]}/contact">Contact</a></li></ul>
<p>\u00a9 2024 The Harbour Ledger. All rights reserved.</p></footer>
</body>
</html>
"""


def build_fixtures() -> dict:
    out = FIXTURES
    exp: dict = {}

    # plain UTF-8 page with the usual clutter
    write(out / "plain-boilerplate.html", render_page(F_PLAIN, jsonld=True))
    exp["plain-boilerplate.html"] = expect(
        F_PLAIN,
        contains=[
            "created in batches of fifty on the same days and posted within seconds of each other",
            "Removal is the easy part.",
            "No attribution yet",
        ],
    )

    # XHTML with XML declaration
    write(out / "article.xhtml", xhtml_page(F_XHTML))
    exp["article.xhtml"] = expect(
        F_XHTML,
        contains=[
            "Hollis & Daughters of Mill Lane printed for both main parties in 1951.",
            "Newspapers report on campaigns, but the leaflets are the campaigns.",
        ],
        absent=[
            EN["cookie"][:45],
            "From the archive: polling day in 1966",
            "Sign up for Gazette Extra",
        ],
    )

    # gzip: .html.gz, and gzip bytes under a plain .html name
    write(out / "gzip-article.html.gz", gz(render_page(F_GZ, sep=" | ").encode("utf-8")))
    exp["gzip-article.html.gz"] = expect(
        F_GZ,
        contains=[
            "which made it almost impossible for researchers to say whether a tactic was becoming more common"
        ],
    )
    write(
        out / "gzipped-but-named.html", gz(render_page(F_GZ_NAMED, sep=" \u2014 ").encode("utf-8"))
    )
    exp["gzipped-but-named.html"] = expect(
        F_GZ_NAMED,
        contains=["we treat them as a search area of about two kilometres rather than as a point"],
    )

    # Chrome "Web page, complete": saved/Article.html + saved/Article_files/
    page = render_page(
        F_COMPLETE,
        charset_tag=BLINK_META,
        css_href="Article_files/style.css",
        before_html=motw(F_COMPLETE["url"]),
        scripts=False,
        jsonld=True,
    )
    page = page.replace("<head>\n" + BLINK_META + "\n", "<head>" + BLINK_META + "\n", 1)
    write(out / "saved" / "Article.html", page)
    write(out / "saved" / "Article_files" / "chart.png", bar_chart([0.3, 0.45, 0.6, 0.78]))
    write(
        out / "saved" / "Article_files" / "photo.png",
        landscape(sky=(200, 190, 170), ground=(110, 90, 70), phase=0.4),
    )
    write(out / "saved" / "Article_files" / "style.css", CHROME_CSS)
    exp["saved/Article.html"] = expect(
        F_COMPLETE,
        contains=[
            "Between January and March, the platforms received 18,900 removal requests from governments",
            "Government removal requests per quarter, all five platforms combined.",
        ],
        images=["Article_files/chart.png", "Article_files/photo.png"],
        remote_images_not_fetched=["https://cdn.example.net/photos/2024/04/server-room.jpg"],
    )

    # MHTML: iframe (ad) part BEFORE the article part; charset only in the meta
    a = F_MHTML
    snap = a["url"] + "?utm_source=newsletter&utm_medium=email"
    css_url = "https://www.balticwire.example/static/css/site.css"
    ad_cid = "frame-0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A@mhtml.blink"
    iframe = f'<div class="ad-slot"><iframe src="cid:{ad_cid}" width="300" height="250" frameborder="0" title="Advertisement"></iframe></div>'
    page = blink_serialize(render_page(a, css_href=css_url, iframe=iframe, charset_tag=None))
    ad_html = (
        '<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<title>Advertisement</title></head><body><div class="creative"><h1>Borealis Broadband</h1>'
        "<p>Switch today and get three months of fibre free. Fast, reliable internet for the whole home, with no installation fee "
        "and no contract. Offer for new customers only; see the website for details and conditions.</p>"
        '<p><a href="https://ads.adnet.example/click?c=41077">Check availability</a></p></div></body></html>'
    )
    mh = mhtml(
        snap,
        a["headline"] + " \u2014 " + a["outlet"]["name"],
        "Mon, 14 Oct 2024 05:41:09 GMT",
        "Rb2tH8cWq4LmZ7xN1vG5kJ9pS3dF6yA0eU2iO8wQhTr",
        [
            dict(
                type="text/html",
                cid=ad_cid,
                location="https://ads.adnet.example/frame/300x250?slot=mid-article",
                body=ad_html.encode("utf-8"),
            ),
            dict(
                type="text/html",
                cid="frame-3F2E1D0C9B8A7F6E5D4C3B2A1F0E9D8C@mhtml.blink",
                location=snap,
                body=page.encode("utf-8"),
            ),
            dict(
                type="text/css",
                location=css_url,
                body=('@charset "utf-8";\n\n' + CHROME_CSS).encode("utf-8"),
            ),
            dict(
                type="image/png",
                encoding="base64",
                location=a["images"]["chart"],
                body=bar_chart([0.95, 0.9, 0.88, 0.93, 0.85], colour=(120, 40, 120)),
            ),
        ],
    )
    write(out / "blink-iframe-first.mhtml", mh)
    exp["blink-iframe-first.mhtml"] = expect(
        a,
        contains=[
            "Behind the façade of local mastheads, the sites publish the same articles within minutes of each other.",
            "«Новости Заречья» (Zarechye News) and «Вестник Приозёрья» (Priozerye Herald)",
            "Irina Vološina-Park",
        ],
        absent=EN_BOILER + ["Borealis Broadband", "three months of fibre free"],
        snapshot_location=snap,
    )

    # WARC (wget layout): robots, 301, two articles (one chunked + gzip), an image, 404s
    A, B = F_WARC_A, F_WARC_B
    date, hdate = "2024-04-17T12:30:05Z", "Wed, 17 Apr 2024 12:30:05 GMT"
    start_b = "http://veritylines.example/p/881"
    args = f'"--warc-file=two-articles" "--page-requisites" "--compression=auto" "{A["url"]}" "{start_b}" '
    w = WgetWarc("two-articles.warc.gz", date, args)
    ha, hb = "www.quarrygazette.example", "www.veritylines.example"
    page_a = render_page(A, sep=" | ", css_href=None, scripts=False).encode("utf-8")
    w.exchange(
        A["url"],
        "/council/2024/04/open-data-rule-political-ads",
        ha,
        "200 OK",
        [
            ("Date", hdate),
            ("Server", "Apache/2.4.57 (Debian)"),
            ("Last-Modified", "Tue, 16 Apr 2024 17:20:00 GMT"),
            ("Content-Length", str(len(page_a))),
            ("Content-Type", "text/html; charset=utf-8"),
        ],
        page_a,
        accept_encoding="gzip",
    )
    robots = b"User-agent: *\nDisallow: /private/\n"
    w.exchange(
        f"http://{ha}/robots.txt",
        "/robots.txt",
        ha,
        "200 OK",
        [
            ("Date", hdate),
            ("Server", "Apache/2.4.57 (Debian)"),
            ("Content-Length", str(len(robots))),
            ("Content-Type", "text/plain"),
        ],
        robots,
        accept_encoding="gzip",
    )
    chamber = landscape(sky=(180, 180, 190), ground=(120, 80, 60), phase=0.9)
    w.exchange(
        A["images"]["chamber"],
        "/media/council-chamber.png",
        ha,
        "200 OK",
        [
            ("Date", hdate),
            ("Server", "Apache/2.4.57 (Debian)"),
            ("Content-Length", str(len(chamber))),
            ("Content-Type", "image/png"),
        ],
        chamber,
        referer=A["url"],
        accept_encoding="gzip",
    )
    moved = b'<!DOCTYPE html><html><head><title>Moved</title></head><body><p>This page has moved <a href="http://www.veritylines.example/corrections/2024/04/podcast-misattributed-quote/">here</a>.</p></body></html>'
    w.exchange(
        start_b,
        "/p/881",
        "veritylines.example",
        "301 Moved Permanently",
        [
            ("Date", hdate),
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(moved))),
            ("Location", B["url"]),
        ],
        moved,
        accept_encoding="gzip",
    )
    page_b = render_page(
        B,
        canonical=False,
        og_url=False,
        sep=" | ",
        css_href=f"http://{hb}/static/css/site.css",
        scripts=False,
    ).encode("utf-8")
    zipped = gz(page_b)
    chunks = [zipped[i : i + 1500] for i in range(0, len(zipped), 1500)]
    chunked = b"".join(b"%x\r\n" % len(c) + c + b"\r\n" for c in chunks) + b"0\r\n\r\n"
    w.exchange(
        B["url"],
        "/corrections/2024/04/podcast-misattributed-quote/",
        hb,
        "200 OK",
        [
            ("Date", hdate),
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Transfer-Encoding", "chunked"),
            ("Connection", "keep-alive"),
            ("Vary", "Accept-Encoding"),
            ("Content-Encoding", "gzip"),
        ],
        chunked,
        accept_encoding="gzip",
    )
    nf = b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    w.exchange(
        f"http://{hb}/robots.txt",
        "/robots.txt",
        hb,
        "404 Not Found",
        [
            ("Date", hdate),
            ("Server", "nginx"),
            ("Content-Type", "text/html"),
            ("Content-Length", str(len(nf))),
        ],
        nf,
        accept_encoding="gzip",
    )
    w.exchange(
        f"http://{hb}/static/css/site.css",
        "/static/css/site.css",
        hb,
        "404 Not Found",
        [
            ("Date", hdate),
            ("Server", "nginx"),
            ("Content-Type", "text/html"),
            ("Content-Length", str(len(nf))),
        ],
        nf,
        referer=B["url"],
        accept_encoding="gzip",
    )
    write(out / "two-articles.warc.gz", w.finish())
    exp["two-articles.warc.gz"] = [
        expect(
            A,
            contains=[
                "Councillors approved the rule by nineteen votes to four.",
                "Voters should be able to see every message a campaign paid for",
            ],
        ),
        expect(
            B,
            contains=[
                "Searching for the exact wording led to a forum post from 2019 with no author"
            ],
            url=B["url"],
        ),
    ]

    # encodings
    cp1251 = render_page(
        F_CP1251,
        charset_tag='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        sep=" \u2014 ",
    )
    write(out / "cp1251.html", cp1251.encode("cp1251"))
    ru = CHROME["ru"]
    exp["cp1251.html"] = expect(
        F_CP1251,
        contains=[
            "аккаунты создавались партиями по двадцать штук",
            "Мы не утверждаем, кто стоит за этой сетью.",
        ],
        absent=[ru["cookie"][:40], ru["related"], ru["rights"]],
    )
    sj = render_page(F_SJIS, charset_tag='<meta charset="Shift_JIS">', sep="｜")
    write(out / "shift_jis.html", sj.encode("cp932", errors="xmlcharrefreplace"))
    ja = CHROME["ja"]
    exp["shift_jis.html"] = expect(
        F_SJIS,
        start=F_SJIS["body"][0][1],
        contains=[
            "出所の分からない画像や動画を共有する前に",
            "正しい情報を届けることが、選挙を守る第一歩です。",
        ],
        absent=[ja["cookie"][:20], ja["related"], ja["rights"]],
    )
    l1 = render_page(F_LATIN1, charset_tag=None, sep=" - ")
    write(out / "latin1-no-charset.html", l1.encode("iso-8859-1"))
    es = CHROME["es"]
    exp["latin1-no-charset.html"] = expect(
        F_LATIN1,
        contains=[
            "Según explicó María José Ibáñez, coordinadora del proyecto",
            "¿Por qué repetir el trabajo tres veces, si podemos hacerlo una vez y bien?",
        ],
        absent=[es["cookie"][:40], es["rights"]],
    )
    bom = render_page(F_BOM, charset_tag='<meta charset="iso-8859-1">', sep=" | ")
    write(out / "utf8-bom-wrong-meta.html", b"\xef\xbb\xbf" + bom.encode("utf-8"))
    exp["utf8-bom-wrong-meta.html"] = expect(
        F_BOM,
        contains=[
            "Café owners in Zürich, Malmö and Ghent",
            "complained about crème brûlée served cold",
            "for €300 a month",
        ],
    )
    u16 = render_page(F_UTF16, charset_tag='<meta charset="utf-16">', sep=" | ")
    write(out / "utf16le-bom.html", ("\ufeff" + u16).encode("utf-16-le"))
    exp["utf16le-bom.html"] = expect(
        F_UTF16,
        contains=[
            "The county ombudsman, Åsa Lindgren-Moss, has opened an inquiry",
            "a screenshot of an invented results table was shared more than 12,000 times",
        ],
    )

    # URL only from the mark of the web
    page = render_page(
        F_SAVEDFROM,
        canonical=False,
        og_url=False,
        charset_tag=BLINK_META,
        before_html=motw(F_SAVEDFROM["url"]),
        scripts=False,
    )
    write(out / "saved-from-comment.html", page)
    exp["saved-from-comment.html"] = expect(
        F_SAVEDFROM,
        contains=[
            "If we get something wrong, a reader who can see our sources can tell us exactly where."
        ],
    )

    # truncated mid-tag after a few paragraphs
    page = render_page(F_TRUNC, sep=" | ")
    cut = page.index('href="https://www.quarrygazette.example/weather/stations"') + len(
        'href="https://www.quarrygazette.exa'
    )
    write(out / "truncated.html", page[:cut])
    exp["truncated.html"] = expect(
        F_TRUNC,
        contains=[
            "less than two millimetres of rain had fallen in the town that day",
            "Rain gauges do not lie about the date",
        ],
        absent=["traced to a town two hundred kilometres away", "hopes to add ten more stations"],
    )

    # refusals
    write(out / "empty.html", b"")
    exp["empty.html"] = {
        "status": "failed",
        "title": None,
        "text_start": None,
        "text_contains": [],
        "text_absent": [],
        "url": None,
        "reason_contains": "empty",
    }
    write(out / "picture.html", landscape(phase=3.0))
    exp["picture.html"] = {
        "status": "failed",
        "title": None,
        "text_start": None,
        "text_contains": [],
        "text_absent": [],
        "url": None,
        "reason_contains": "image",
        "reason_contains_any": ["image", "PNG", "png"],
    }
    write(out / "index-page.html", index_page())
    exp["index-page.html"] = {
        "status": "skipped",
        "title": "The Harbour Ledger",
        "text_start": None,
        "text_contains": [],
        "text_absent": [],
        "url": "https://www.harbourledger.example/",
        "reason_contains": "article",
    }

    # duplicates: same canonical URL and text, different bytes
    page = render_page(F_DUP, jsonld=True, sep=" | ")
    write(out / "dup-a-original.html", page)
    copy = page.replace(
        "<head>\n", "<head>\n<!-- page served from cache edge-7 at 2024-07-03T09:12:44Z -->\n", 1
    )
    copy = copy.replace("/static/css/site.css", "/static/css/site.css?v=20240703", 1)
    assert copy != page
    write(out / "dup-b-copy.html", copy)
    exp["dup-a-original.html"] = expect(
        F_DUP, contains=["must be verified by two members of staff before broadcast"]
    )
    exp["dup-b-copy.html"] = expect(
        F_DUP,
        status="duplicate",
        contains=["must be verified by two members of staff before broadcast"],
        duplicate_of="dup-a-original.html",
        reason_contains="duplicate",
    )

    exp = dict(sorted(exp.items()))
    write(out / "expected.json", json.dumps(exp, ensure_ascii=False, indent=2) + "\n")
    return exp


# --------------------------------------------------------------------------
# --check: re-read what was written with independent parsers (needs bs4)
# --------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(s.split())


def _html_of(path: Path) -> list[tuple[str, str | None]]:
    """[(decoded html, url mark)] for one fixture file, decoded the 'right' way."""
    import email
    import gzip as gzmod

    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b" and not path.name.endswith(".warc.gz"):
        data = gzmod.decompress(data)
    if path.suffix == ".mhtml":
        msg = email.message_from_bytes(data)
        loc = msg["Snapshot-Content-Location"]
        parts = [p for p in msg.walk() if p.get_content_type() == "text/html"]
        assert parts[0]["Content-Location"] != loc or path.parent == SAMPLES, (
            "iframe part should come first in the fixture"
        )
        main = [p for p in parts if p["Content-Location"] == loc]
        assert len(main) == 1 and main[0].get_content_charset() is None
        return [(main[0].get_payload(decode=True).decode("utf-8"), loc)]
    if path.name.endswith(".warc.gz"):
        from warcio.archiveiterator import ArchiveIterator

        out = []
        with open(path, "rb") as f:
            for r in ArchiveIterator(f):
                if (
                    r.rec_type == "response"
                    and r.http_headers.get_statuscode() == "200"
                    and (r.http_headers.get_header("Content-Type") or "").startswith("text/html")
                ):
                    out.append(
                        (
                            r.content_stream().read().decode("utf-8"),
                            r.rec_headers.get_header("WARC-Target-URI"),
                        )
                    )
        return out
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")):
        if data.startswith(bom):
            return [(data[len(bom) :].decode(enc), None)]
    head = data[:1024].lower()
    for label, enc in (
        (b"windows-1251", "cp1251"),
        (b"shift_jis", "cp932"),
        (b"iso-8859-1", "iso-8859-1"),
    ):
        if label in head:
            return [(data.decode(enc), None)]
    try:
        return [(data.decode("utf-8"), None)]
    except UnicodeDecodeError:
        return [(data.decode("cp1252"), None)]


def _check_page(name: str, text_html: str, e: dict) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text_html, "lxml")
    art = soup.find("article") or soup.find("div", class_="article")
    whole = _norm(soup.get_text(" "))
    og = soup.find("meta", property="og:title")
    assert og and og["content"] == e["title"], (name, og)
    assert _norm(soup.find("h1").get_text()) == e["title"], name
    body = art.find(class_=["story-body", "article-text"])
    body_text = _norm(body.get_text(" "))
    assert body_text.startswith(_norm(e["text_start"])), (name, body_text[:80], e["text_start"])
    for t in e["text_contains"]:
        assert _norm(t) in body_text, (name, t)
    for t in e["text_absent"]:
        assert _norm(t) not in body_text, (name, t)
        if name != "truncated.html" and "Borealis" not in t and "fibre" not in t:
            assert _norm(t) in whole, ("absent string should exist elsewhere on the page", name, t)
    if e["url"]:
        canon = soup.find("link", rel="canonical")
        mark = (
            text_html.split("saved from url=(")[1].split(")", 1)[1].split(" -->")[0]
            if "saved from url=" in text_html
            else None
        )
        assert (
            (canon and canon["href"] == e["url"])
            or mark == e["url"]
            or e.get("_target") == e["url"]
        ), (name, e["url"])


def check(exp: dict) -> None:
    import email

    for name, e in exp.items():
        path = FIXTURES / name
        if isinstance(e, dict) and e["status"] in ("failed", "skipped"):
            continue
        docs = _html_of(path)
        es = e if isinstance(e, list) else [e]
        assert len(docs) == len(es), (name, len(docs))
        for (doc, target), ee in zip(docs, es, strict=False):
            _check_page(name, doc, dict(ee, _target=target))
    # the duplicate pair: same visible text, different bytes
    a, b = (
        (FIXTURES / "dup-a-original.html").read_bytes(),
        (FIXTURES / "dup-b-copy.html").read_bytes(),
    )
    assert a != b
    assert (FIXTURES / "picture.html").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # MHTML lines: CRLF only, none longer than 76 characters
    for p in list(FIXTURES.glob("*.mhtml")) + list(SAMPLES.glob("*.mhtml")):
        raw = p.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), p
        import re

        body_lines = [
            line for line in raw.split(b"\r\n") if not re.match(rb"^([A-Za-z-]+: |\t)", line)
        ]
        assert max(len(line) for line in body_lines) <= 76, (
            p
        )  # headers are not folded by Blink either
        msg = email.message_from_bytes(raw)
        assert msg["From"] == "<Saved by Blink>" and msg.get_content_type() == "multipart/related"
    # demo pages: readable, 400-900 words each
    from bs4 import BeautifulSoup

    n = 0
    for p in sorted(SAMPLES.iterdir()):
        if p.is_dir() or p.suffix in (".md",):
            continue
        for doc, _ in _html_of(p):
            soup = BeautifulSoup(doc, "lxml")
            words = len(soup.find(class_="story-body").get_text(" ").split())
            assert 400 <= words <= 900, (p.name, words)
            for img in soup.select(".story-body img"):
                src = img["src"]
                if src.startswith("./"):
                    assert (SAMPLES / src[2:]).exists(), src
            n += 1
    assert n == 8, n
    print("check: all fixtures and demo pages read back as expected")


# --------------------------------------------------------------------------


def main() -> None:
    for d in (SAMPLES, FIXTURES):
        if d.exists():
            for p in sorted(d.iterdir()):
                if p.name == "README.md":
                    continue
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    made = build_samples()
    exp = build_fixtures()
    if "--check" in sys.argv:
        check(exp)
    total = sum(p.stat().st_size for d in (SAMPLES, FIXTURES) for p in d.rglob("*") if p.is_file())
    print(
        f"wrote {len(made)} demo entries, {len(exp)} fixture entries, {total / 1024:.1f} KiB in total"
    )


if __name__ == "__main__":
    main()
