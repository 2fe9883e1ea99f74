"""Readers: turn one shard (a group of page files, a JSONL file, a WARC/WET file) into records.

Every reader yields, in input order, one item per input record: a :class:`Record` to scan,
or a :class:`ReadError` that becomes an error row (a bad JSON line, a missing key, an
unreadable file). Readers never raise for bad input records; a file that breaks off
mid-way (a truncated gzip, a corrupt WARC) ends with one ``read_error`` item named after
the file. Records of other types (WARC requests, metadata, non-HTML responses) are counted
in ``skipped`` by type.

Sizes are bounded: a page larger than ``max_bytes`` is read as its first ``max_bytes/2 + 1``
and last ``max_bytes/2`` bytes (the scanner then keeps the first and last half and marks
the row ``truncated``), and compressed payloads stop decoding at ``decode_cap`` bytes, so a
decompression bomb costs a bounded amount of time and memory.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator

from detector.records import HTML_SUFFIXES, Record, mode_for_filename, sniff_mode

COMPRESSED_SUFFIXES = (".gz", ".gzip")
WARC_SUFFIXES = (".warc", ".wet", ".wat", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PATHS_SUFFIXES = (".paths",)
PAGE_SUFFIXES = HTML_SUFFIXES + (".txt",)
DEFAULT_DECODE_CAP = 256 * 1024 * 1024
BLOCK = 1 << 20

_open = open  # tests replace this to simulate unreadable files (CI runs as root)
# what a broken file can raise while it is read (zlib.error: a corrupt gzip body)
READ_ERRORS = (OSError, EOFError, ValueError, zlib.error)


@dataclass(slots=True)
class ReadError:
    """An input record that cannot be scanned; becomes an error row with this id and message."""

    id: str
    message: str  # "<kind>: <detail>", one line
    url: str | None = None
    date: str | None = None
    input_mode: str | None = None


@dataclass(slots=True)
class ReadOptions:
    """How to read records: JSONL keys (dotted paths allowed) and size limits."""

    id_key: str = "id"
    url_keys: tuple[str, ...] = ("url", "metadata.url")
    text_key: str = "text"
    html_key: str = "html"
    date_keys: tuple[str, ...] = ("date", "metadata.date")
    max_bytes: int = 8 * 1024 * 1024
    decode_cap: int = DEFAULT_DECODE_CAP
    skipped: Counter = field(default_factory=Counter)


# ---------------------------------------------------------------------------------- kinds

def strip_compression(name: str) -> str:
    low = name.lower()
    for suf in COMPRESSED_SUFFIXES:
        if low.endswith(suf):
            return name[: -len(suf)]
    return name


def kind_from_name(name: str) -> str | None:
    """'warc', 'jsonl', 'paths' or 'page' from the file name, or None (look at the content)."""
    low = strip_compression(name).lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(PATHS_SUFFIXES):
        return "paths"
    if low.endswith(PAGE_SUFFIXES):
        return "page"
    return None


def _head(path: str, n: int = 65536) -> bytes:
    with _open(path, "rb") as fh:
        data = fh.read(n)
    if data[:2] == b"\x1f\x8b":
        try:  # what the first bytes inflate to, even when the file is cut short or corrupt further on
            return zlib.decompressobj(31).decompress(data, n)
        except zlib.error:
            return b""
    return data


def kind_from_content(head: bytes) -> str:
    """WARC when it starts with a WARC version line, JSONL when it starts with '{', else a page."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith((b"WARC/", b"warc/")):
        return "warc"
    if head.lstrip()[:1] == b"{":
        return "jsonl"
    return "page"


def detect_kind(path: str) -> str:
    """The kind of a file: from its extension, else from its first bytes (gzip looked through)."""
    kind = kind_from_name(os.path.basename(path))
    if kind is not None:
        return kind
    try:
        return kind_from_content(_head(path))
    except OSError:
        return "page"  # the page reader reports the error as a row


# ---------------------------------------------------------------------------------- bytes

def read_capped(read: Callable[[int], bytes], max_bytes: int, cap: int) -> bytes:
    """Read a stream keeping its first max_bytes/2 + 1 and last max_bytes/2 bytes, up to `cap`.

    A stream that fits is returned whole. An oversized one comes back one byte longer than
    ``max_bytes`` so that :func:`detector.scan.truncate` keeps exactly the first and last
    halves and marks the row truncated. Reading stops after ``cap`` bytes (decompression bombs).
    """
    chunks: list[bytes] = []
    total = 0
    limit = max_bytes if max_bytes > 0 else cap
    while total <= limit and total < cap:
        b = read(BLOCK)
        if not b:
            return b"".join(chunks)
        chunks.append(b)
        total += len(b)
    data = b"".join(chunks)
    if max_bytes <= 0:
        return data[:cap]
    half = max_bytes // 2
    head = data[: half + 1]
    tail = bytearray(data[half + 1:][-half:] if half else b"")
    while total < cap:
        b = read(BLOCK)
        if not b:
            break
        total += len(b)
        tail += b
        if len(tail) > half + 4 * BLOCK:
            del tail[: len(tail) - half]
    return head + (bytes(tail[-half:]) if half else b"")


def read_page_file(path: str, max_bytes: int, cap: int = DEFAULT_DECODE_CAP) -> bytes:
    """A page file's bytes (gzip looked through), bounded as :func:`read_capped` describes."""
    with _open(path, "rb") as fh:
        magic = fh.read(2)
        fh.seek(0)
        if magic == b"\x1f\x8b":
            return read_capped(gzip.GzipFile(fileobj=fh).read, max_bytes, cap)
        size = os.fstat(fh.fileno()).st_size
        if max_bytes > 0 and size > max_bytes:
            half = max_bytes // 2
            head = fh.read(half + 1)
            fh.seek(max(size - half, half + 1))
            return head + fh.read(half)
        return fh.read()


def _oserror(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "read_error: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "read_error: no such file"
    if isinstance(exc, IsADirectoryError):
        return "read_error: is a directory"
    if isinstance(exc, EOFError):
        return f"read_error: truncated file ({exc})"
    if isinstance(exc, zlib.error):
        return f"read_error: corrupt compressed data ({exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"read_error: {exc.strerror}"
    return f"read_error: {type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------- pages

def iter_pages(paths: list[str], ids: list[str], opts: ReadOptions) -> Iterator[Record | ReadError]:
    """One record per page file (HTML or text); the row id is the path as reached."""
    for path, rid in zip(paths, ids):
        name = strip_compression(os.path.basename(path))
        mode = mode_for_filename(name)
        try:
            data = read_page_file(path, opts.max_bytes, opts.decode_cap)
        except READ_ERRORS as exc:
            yield ReadError(rid, _oserror(exc), input_mode=mode)
            continue
        yield Record(id=rid, content=data, mode=mode)


# ---------------------------------------------------------------------------------- JSONL

def get_path(obj: dict, key: str):
    """obj[key], or the dotted path a.b.c through nested objects; None when absent."""
    if key in obj:
        return obj[key]
    if "." not in key:
        return None
    cur = obj
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _scalar_str(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return None


def _first(obj: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        s = _scalar_str(get_path(obj, k))
        if s is not None and s.strip():
            return s
    return None


def jsonl_record(obj, lineno: int, display: str, opts: ReadOptions) -> Record | ReadError:
    """One JSONL object -> a record (html field wins when non-empty) or an error item."""
    fallback_id = f"{display}#{lineno}"
    if not isinstance(obj, dict):
        return ReadError(fallback_id, f"json_error: line {lineno} is a JSON {type(obj).__name__}, not an object")
    rid = _scalar_str(get_path(obj, opts.id_key))
    rid = rid if rid is not None and rid != "" else fallback_id
    url = _first(obj, opts.url_keys)
    date = _first(obj, opts.date_keys)
    html = get_path(obj, opts.html_key)
    text = get_path(obj, opts.text_key)
    for key, val in ((opts.html_key, html), (opts.text_key, text)):
        if val is not None and not isinstance(val, str):
            return ReadError(rid, f"wrong_type: {key!r} is a JSON {type(val).__name__}, expected a string",
                             url=url, date=date, input_mode="html" if key == opts.html_key else "text")
    if html:
        return Record(id=rid, content=html, url=url, date=date, mode="html")
    if text is not None:
        return Record(id=rid, content=text, url=url, date=date, mode="text")
    if html is not None:  # an empty html field and no text field: an empty page
        return Record(id=rid, content="", url=url, date=date, mode="html")
    return ReadError(rid, f"missing_key: no {opts.html_key!r} or {opts.text_key!r} field", url=url, date=date)


def _open_maybe_gzip(path: str):
    fh = _open(path, "rb")
    magic = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if magic == b"\x1f\x8b":
        gz = gzip.GzipFile(fileobj=fh)  # small internal buffer: a truncated file loses little
        gz.myfileobj = fh  # closed with the GzipFile
        return gz
    return fh


def iter_jsonl(path: str, display: str, opts: ReadOptions) -> Iterator[Record | ReadError]:
    """One item per non-blank line of a JSONL file (plain or gzip)."""
    try:
        fh = _open_maybe_gzip(path)
    except (OSError, ValueError) as exc:
        yield ReadError(display, _oserror(exc))
        return
    cap = max(opts.decode_cap, 1)
    lineno = 0
    with fh:
        while True:
            try:
                line = fh.readline(cap + 1)
            except READ_ERRORS as exc:
                yield ReadError(display, f"{_oserror(exc)} after line {lineno}")
                return
            if not line:
                return
            lineno += 1
            if len(line) > cap and not line.endswith(b"\n"):
                try:
                    while (rest := fh.readline(BLOCK)) and not rest.endswith(b"\n"):
                        pass
                except READ_ERRORS:
                    pass
                yield ReadError(f"{display}#{lineno}", f"json_error: line {lineno} is longer than {cap} bytes")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                msg = str(exc).split("\n")[0]
                yield ReadError(f"{display}#{lineno}", f"json_error: line {lineno}: {msg}")
                continue
            yield jsonl_record(obj, lineno, display, opts)


# ---------------------------------------------------------------------------------- WARC

def iter_warc_file(path, display: str, opts: ReadOptions) -> Iterator[Record | ReadError]:
    """HTML responses (mode html) and WET conversions (mode text) of a WARC/WET file.

    `path` may also be an open binary file object (e.g. from fsspec or boto3).
    """
    from detector.batch.warc import is_html_type, iter_warc

    n = 0
    try:
        for item in iter_warc(path):
            n += 1
            if item.read is None:
                opts.skipped[item.type] += 1
                continue
            rid = item.record_id or f"{display}#{n}"
            if item.type == "response":
                if item.content_type is not None and not is_html_type(item.content_type):
                    opts.skipped[f"response:{item.content_type}"] += 1
                    continue
                mode = "html"
            else:
                if item.content_type not in (None, "text/plain"):
                    opts.skipped[f"conversion:{item.content_type}"] += 1
                    continue
                mode = "text"
            if item.encoding_error:
                yield ReadError(rid, f"read_error: {item.encoding_error}", url=item.url, date=item.date,
                                input_mode=mode)
                continue
            try:
                data = read_capped(item.read, opts.max_bytes, opts.decode_cap)
            except READ_ERRORS as exc:
                yield ReadError(rid, f"read_error: cannot decode the payload: {exc}", url=item.url,
                                date=item.date, input_mode=mode)
                continue
            if len(data) <= opts.max_bytes and item.cut_short():
                item.reported = True
                yield ReadError(rid, "read_error: the record is cut short (truncated file)", url=item.url,
                                date=item.date, input_mode=mode)
                continue
            if item.content_type is None and mode == "html" and sniff_mode(data) != "html":
                opts.skipped["response:unknown"] += 1
                continue
            yield Record(id=rid, content=data, url=item.url, date=item.date, mode=mode, charset=item.charset)
    except READ_ERRORS as exc:
        yield ReadError(display, f"{_oserror(exc)} after {n} WARC records")


# ---------------------------------------------------------------------------------- lists

def read_paths_list(path: str) -> list[str]:
    """Lines of a ``*.paths`` / ``*.paths.gz`` list (Common Crawl style), blanks and # comments dropped."""
    with _open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    out = []
    for line in data.decode("utf-8", "replace").splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.append(s)
    return out


def read_shard_items(kind: str, paths: list[str], ids: list[str], opts: ReadOptions) -> Iterator[Record | ReadError]:
    """Dispatch on the shard kind ('files', 'jsonl', 'warc', or 'auto' for a spooled stdin)."""
    if kind == "auto":
        kind = detect_kind(paths[0])
        kind = "files" if kind in ("page", "paths") else kind
    if kind == "files":
        return iter_pages(paths, ids, opts)
    if kind == "jsonl":
        return iter_jsonl(paths[0], ids[0], opts)
    if kind == "warc":
        return iter_warc_file(paths[0], ids[0], opts)
    raise ValueError(f"unknown shard kind {kind!r}")
