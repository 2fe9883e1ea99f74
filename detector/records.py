"""Input records and the rule that decides whether a record is HTML or extracted text.

A record is what a reader yields: an id, a page address and date when known, and the
content as bytes (files, WARC payloads) or str (JSONL fields). Readers that know the mode
(an html field, a WARC response, a ``*.html`` file, a JSONL text field, a ``.txt`` file)
set it; otherwise :func:`sniff_mode` looks at the first 4 KB.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from resiliparse.parse.encoding import bytes_to_str, detect_encoding

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php")
SNIFF_BYTES = 4096

_HTML_MARKERS = re.compile(rb"<!doctype|<html|<head|<body|<text id=", re.IGNORECASE)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(slots=True)
class Record:
    """One page to scan, as a reader hands it over."""

    id: str
    content: bytes | str
    url: str | None = None
    date: str | None = None
    mode: str | None = None  # "html", "text" or None (sniff)
    charset: str | None = None  # from the HTTP Content-Type header, when known


def mode_for_filename(name: str) -> str | None:
    """'html' for the file names DESIGN.md calls HTML, 'text' for .txt, else None (sniff)."""
    low = name.lower()
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(".txt"):
        return "text"
    return None


def sniff_mode(content: bytes | str) -> str:
    """HTML when a document marker occurs in the first 4 KB (any case), else text.

    PHP warnings often come before the doctype, so the marker is searched, not anchored.
    """
    head = content[:SNIFF_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    elif head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return "html" if _HTML_MARKERS.search(head) else "text"


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _valid_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):  # ValueError: a NUL in a hostile charset name
        return None


def decode(data: bytes, *, http_charset: str | None = None, is_html: bool = True) -> tuple[str, str]:
    """Decode page bytes once: BOM, then the HTTP header charset, then <meta>, then sniffing.

    Returns (text, encoding used). Never raises on bad bytes: undecodable bytes are dropped.
    """
    enc = _bom_encoding(data)
    if enc is None:
        declared = _valid_codec(http_charset)
        if declared is not None:
            try:  # a server's header can lie: trust it only if the bytes really decode
                return data.decode(declared), declared
            except (UnicodeDecodeError, LookupError):
                pass
        enc = detect_encoding(data, from_html_meta=is_html) or "utf-8"
    text = bytes_to_str(data, enc)
    return text, enc
