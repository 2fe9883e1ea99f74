"""The small adapter around fastwarc 2.x (a Rust rewrite whose API differs from 0.x).

Only this module imports fastwarc. Verified on ``../shared/corpus/warc``:

- ``ArchiveIterator(path, parse_http=True, auto_decode="none", fsspec_args=False)`` reads
  plain and gzip WARC/WET files (compression is detected from the stream).
- fastwarc 2.0.1's own ``auto_decode`` breaks the *next* record when a payload is read only
  partly ("Invalid WARC header"), so we never let it decode: payloads are read raw and
  decoded here with ``stream_io.ChunkedReader`` / ``GzipReader`` / ``BrotliReader``, which
  stream, so a decoded-size cap stops decompression bombs.
- A gzip file cut mid-way ends iteration silently; the last record's payload is then
  shorter than its ``content_length`` (``reader.tell()`` tells), which we report.
- ``record.record_type`` is a ``WarcRecordType`` enum; headers are ``headers.get(name)``;
  ``http_headers.get(name)``; ``http_content_type`` / ``http_charset`` are parsed for us.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from fastwarc import stream_io
from fastwarc.warc import ArchiveIterator, WarcRecordType

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml")
BLOCK = 1 << 20


@dataclass(slots=True)
class WarcItem:
    """One WARC record as the readers need it."""

    type: str  # "response", "conversion", "request", ...
    record_id: str | None
    url: str | None
    date: str | None
    content_type: str | None  # HTTP Content-Type for responses, WARC Content-Type otherwise
    charset: str | None
    read: Callable[[int], bytes] | None  # decoded payload reader (None for skipped types)
    encoding_error: str | None = None
    expected: int = -1  # payload bytes the record announces
    consumed: Callable[[], int] | None = None  # raw payload bytes read so far

    def cut_short(self) -> bool:
        """True when the payload ended before its announced length (a truncated file)."""
        return self.consumed is not None and 0 <= self.consumed() < self.expected


def _type_name(t: WarcRecordType) -> str:
    return getattr(t, "name", None) or str(t).rsplit(".", 1)[-1]


def _decoder(record) -> tuple[Callable[[int], bytes], str | None]:
    """A streaming reader of the HTTP payload with transfer and content encodings undone."""
    stream = record.reader
    h = record.http_headers
    te = (h.get("Transfer-Encoding") or "").strip().lower() if h is not None else ""
    ce = (h.get("Content-Encoding") or "").strip().lower() if h is not None else ""
    if "chunked" in te:
        stream = stream_io.ChunkedReader(stream)
    if ce in ("", "identity", "none"):
        return stream.read, None
    if ce in ("gzip", "x-gzip"):
        return stream_io.GzipReader(stream).read, None
    if ce == "deflate":
        return stream_io.GzipReader(stream, zlib=True).read, None
    if ce == "br":
        return stream_io.BrotliReader(stream).read, None
    if ce == "zstd":
        return stream_io.ZstdReader(stream).read, None
    return stream.read, f"unsupported Content-Encoding {ce!r}"


def iter_warc(path, wanted: tuple[str, ...] = ("response", "conversion")) -> Iterator[WarcItem]:
    """Every record of a WARC/WET file (plain or gzip); payload readers only for `wanted` types.

    `path` is a local path or an open binary file object.

    Raises OSError when the file cannot be opened or is corrupt/truncated mid-way.
    """
    for rec in ArchiveIterator(path, parse_http=True, auto_decode="none", fsspec_args=False):
        rtype = _type_name(rec.record_type)
        headers = rec.headers
        url = headers.get("WARC-Target-URI") or None
        date = headers.get("WARC-Date") or None
        rid = rec.record_id or headers.get("WARC-Record-ID")
        if rtype not in wanted:
            yield WarcItem(rtype, rid, url, date, None, None, None)
            continue
        if rtype == "response" and rec.is_http:
            ctype = (rec.http_content_type or "").lower() or None
            charset = rec.http_charset or None
            read, err = _decoder(rec)
        else:
            ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
            charset = None
            read, err = rec.reader.read, None
        yield WarcItem(rtype, rid, url, date, ctype, charset, read, err, rec.content_length, rec.reader.tell)


def is_html_type(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in HTML_TYPES
