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

import io
import os
import zlib
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
    reported: bool = False  # the reader already made the cut-short record an error row

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

    Raises OSError when the file cannot be opened or is corrupt/truncated mid-way, including
    when it ends inside a record that is not read (a skipped request or image whose
    Content-Length runs past the end): the records after it would be lost silently.

    fastwarc recognises gzip by the file name only: a gzip file whose name does not end in
    ``.gz`` (a WARC found by its content) is opened through ``stream_io.GzipReader``.
    """
    src = path
    if isinstance(path, (str, os.PathLike)) and not os.fspath(path).lower().endswith((".gz", ".gzip")):
        with open(path, "rb") as fh:
            if fh.read(2) == b"\x1f\x8b":
                src = stream_io.GzipReader(os.fspath(path), fsspec_args=False)
    last_reported = False
    for rec in ArchiveIterator(src, parse_http=True, auto_decode="none", fsspec_args=False):
        rtype = _type_name(rec.record_type)
        headers = rec.headers
        url = headers.get("WARC-Target-URI") or None
        date = headers.get("WARC-Date") or None
        rid = rec.record_id or headers.get("WARC-Record-ID")
        if rtype not in wanted:
            yield WarcItem(rtype, rid, url, date, None, None, None)
            _check_complete(rec, rtype, rid, False)
            last_reported = False
            continue
        if rtype == "response" and rec.is_http:
            ctype = (rec.http_content_type or "").lower() or None
            charset = rec.http_charset or None
            read, err = _decoder(rec)
        else:
            ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
            charset = None
            read, err = rec.reader.read, None
        item = WarcItem(rtype, rid, url, date, ctype, charset, read, err, rec.content_length, rec.reader.tell)
        yield item
        _check_complete(rec, rtype, rid, item.reported)
        last_reported = item.reported
    if isinstance(path, (str, os.PathLike)) and not last_reported:  # a cut-short last record said it already
        _check_end(path)


def _check_end(path) -> None:
    """Raise OSError when the file does not end where a record ends.

    fastwarc ends quietly when a file stops inside a record header or (gzip) when the
    compressed stream stops without its end marker, so the records that were cut off would
    be lost without a word. A WARC record ends with a blank line; the check looks at the last
    bytes, for gzip after inflating the last members (the whole file only when it is one
    member or cut short: inflating is cheap next to scanning).
    """
    with open(path, "rb") as fh:
        if fh.read(2) == b"\x1f\x8b":
            tail, complete = _gzip_tail(fh)
            if not complete:
                raise OSError("the compressed file ends before its end marker (truncated)")
        else:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - 4))
            tail = fh.read(4)
    if tail and not tail.endswith((b"\r\n\r\n", b"\n\n")):
        raise OSError("the file ends inside a record header (truncated)")


TAIL_WINDOW = 8 << 20


def _gzip_tail(fh) -> tuple[bytes, bool]:
    """Like :func:`_inflated_tail` for the whole file, but fast for per-record gzip members
    (Common Crawl): a member start near the end that inflates, CRC-checked, to the end of the
    file proves the file complete. Otherwise (one big member, or a truncated last member)
    the whole file is inflated to decide."""
    size = fh.seek(0, os.SEEK_END)
    if size > TAIL_WINDOW:
        fh.seek(size - TAIL_WINDOW)
        window = fh.read()
        pos = window.find(b"\x1f\x8b\x08")
        while pos != -1:
            try:
                tail, complete = _inflated_tail(io.BytesIO(window[pos:]), need_member=True)
            except OSError:  # not a member start (the magic bytes inside compressed data)
                pos = window.find(b"\x1f\x8b\x08", pos + 1)
                continue
            if complete:
                return tail, True
            break
    fh.seek(0)
    return _inflated_tail(fh)


def _inflated_tail(fh, need_member: bool = False) -> tuple[bytes, bool]:
    """The last bytes of a (multi-member) gzip stream, and whether its last member is complete."""
    d = zlib.decompressobj(31)
    tail, buf, started, members = b"", b"", False, 0
    while True:
        if not buf:
            buf = fh.read(BLOCK)
            if not buf:
                return tail, (d.eof or not started) and (members > 0 or not need_member)
        if d.eof:
            if not buf.strip(b"\0"):  # zero padding after the last member
                buf = b""
                continue
            d = zlib.decompressobj(31)
        started = True
        try:
            out = d.decompress(buf, BLOCK)
        except zlib.error as exc:
            raise OSError(f"corrupt compressed data ({exc})") from None
        if out:
            tail = (tail + out)[-8:]
        if d.eof:
            members += 1
        buf = d.unused_data if d.eof else d.unconsumed_tail


def _check_complete(rec, rtype: str, rid: str | None, reported: bool) -> None:
    """Read what is left of a record's payload; raise when the file ends inside it."""
    reader = rec.reader
    while reader.read(BLOCK):
        pass
    if 0 <= reader.tell() < rec.content_length and not reported:
        raise OSError(f"the file ends inside {rtype} record {rid or '?'} "
                      "(truncated, or a wrong Content-Length)")


def is_html_type(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in HTML_TYPES
