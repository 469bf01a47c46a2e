"""What a response body is: its media type, its charset, and its bytes once decompressed.

- media type: from the Content-Type header (`media_type_of`), checked against what was asked
  for (`html_only` for articles, `document_types` for feeds and sitemaps); a response without
  one is sniffed for surely-binary signatures (`sniff_binary`);
- charset: the BOM, the header, a `<meta>` or XML declaration, UTF-8 if it decodes, else a guess
  (`detect_encoding`), labels read the WHATWG way (latin-1 is windows-1252);
- decompression: gzip and deflate that stop at a byte limit (`Inflater`, `gunzip_bounded`), so a
  gzip bomb costs no more memory than an honest page.
"""

from __future__ import annotations

import codecs
import re
import zlib
from typing import Any

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Signatures of things that are surely not HTML, for responses without a Content-Type.
_BINARY_MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG": "image/png",
    b"GIF8": "image/gif",
    b"\xff\xd8\xff": "image/jpeg",
    b"RIFF": "image/webp",
    b"PK\x03\x04": "application/zip",
    b"\x1f\x8b": "application/gzip",
}


def media_type_of(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def html_only(media_type: str) -> str | None:
    if media_type and media_type not in HTML_TYPES:
        return f"not HTML: {media_type}"
    return None


def document_types(media_type: str) -> str | None:
    if (
        not media_type
        or "xml" in media_type
        or media_type.startswith("text/")
        or media_type in ("application/gzip", "application/x-gzip", "application/octet-stream")
    ):
        return None
    return f"not a feed or sitemap: {media_type}"


def sniff_binary(body: bytes) -> str | None:
    for magic, media_type in _BINARY_MAGIC.items():
        if body.startswith(magic):
            return media_type
    return None


# --- charset -----------------------------------------------------------------------------------

# WHATWG treats these labels as their supersets; Python's codecs are stricter.
_CHARSET_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def _codec(label: str | bytes | None) -> str | None:
    """A Python codec name for a charset label, or None if it is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="ignore")
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        codecs.lookup(label)
    except LookupError:
        return None
    return label


def _guess_codec(body: bytes) -> str:
    import charset_normalizer

    results = charset_normalizer.from_bytes(body)
    best = results.best()
    if best is None:
        return "windows-1252"
    # Single-byte Western guesses often tie (cp1250/cp1252/cp1257 read French text equally
    # well); on a tie prefer windows-1252, the web's default legacy encoding.
    for match in results:
        if (
            abs(match.chaos - best.chaos) < 1e-3
            and abs(match.coherence - best.coherence) < 1e-3
            and "cp1252" in match.could_be_from_charset
        ):
            return "windows-1252"
    return _codec(best.encoding) or best.encoding


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding of an HTML page: BOM, else the Content-Type charset, else a `<meta>` (or XML
    declaration) charset in the first 4 KB, else UTF-8 if it decodes, else charset_normalizer."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = _HEADER_CHARSET.search(content_type or "")
    if header and (codec := _codec(header.group(1))):
        return codec
    head = body[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared and (codec := _codec(declared.group(1))):
        # A page saying utf-16 in ASCII-compatible bytes is lying (the spec reads it as utf-8).
        return "utf-8" if codec.startswith("utf-16") else codec
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return _guess_codec(body)
    return "utf-8"


def decode(body: bytes, encoding: str | None) -> str:
    text = body.decode(encoding or "utf-8", errors="replace")
    return text.removeprefix("\ufeff")


# --- bounded decompression ---------------------------------------------------------------------


class TooLarge(Exception):
    """Decompressed data went past its limit."""


class CorruptData(Exception):
    """Compressed data that does not decompress."""


class Inflater:
    """gzip (multi-member) or deflate (zlib or raw) that never produces more than `limit`
    bytes in total: a gzip bomb stops at the limit instead of filling memory."""

    def __init__(self, kind: str, limit: int) -> None:
        self.kind = kind
        self.limit = limit
        self.out = bytearray()
        self._d: Any = None
        self._done = False

    def _start(self, data: bytes) -> None:
        if self.kind == "gzip":
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        else:  # deflate: zlib-wrapped as the spec says, or raw as some servers send it
            zlib_header = (
                len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            )
            self._d = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> None:
        while data and not self._done:
            if self._d is None:
                self._start(data)
            try:
                self._take(self._d.decompress(data, self.limit - len(self.out) + 1))
            except zlib.error as exc:
                if self.out:  # garbage after a complete member: ignored, like gzip does
                    self._done = True
                    return
                raise CorruptData(f"corrupt {self.kind} data: {exc}") from exc
            if self._d.eof:
                data = self._d.unused_data
                self._d = None
                if self.kind != "gzip" or not data.strip(b"\x00"):
                    self._done = True
            else:
                data = self._d.unconsumed_tail

    def _take(self, chunk: bytes) -> None:
        self.out += chunk
        if len(self.out) > self.limit:
            raise TooLarge(f"more than {self.limit} bytes once decompressed")

    def finish(self) -> bytes:
        if self._d is not None and not self._done:
            self._take(self._d.flush(self.limit - len(self.out) + 1))
        return bytes(self.out)


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """Decompress gzip `data`, raising `TooLarge` past `limit` output bytes."""
    inflater = Inflater("gzip", limit)
    inflater.feed(data)
    return inflater.finish()
