#!/usr/bin/env python3
"""Fuzz the real pipeline with hostile pages and broken containers (issue 5).

Every case is built from ``(seed, case number)`` alone, so a run is reproducible and any
single case can be replayed (``--case N``). Pages go through ``detector.scan.scan_records``;
containers (JSONL, JSONL.gz, WARC, WARC.gz, gzip page files) are written to a temporary
folder and go through the real batch planner, readers and shard runner
(``plan_inputs`` -> ``run_shard``), and the rows are read back from the shard's output file.

For every case it checks:

* no exception escapes (a *crash*; a worker process that dies is a crash too);
* one row per record: for pages, one verdict per record, in order; for containers, the
  records that a reader can know about (every non-blank JSONL line; every intact WARC
  record before any damage) each have a row, and when a damaged container yields fewer
  rows than it had records, an error row says so (otherwise the missing ones count as
  *lost records*);
* every row is well formed (score in [0, 1], or an error row with ``score: null``,
  ``level: error`` and a one-line message); malformed rows, duplicates and reordering are
  *violations*;
* the CPU time of the case stays under the page budget (``--budget``, default 15 s, the
  documented ``--page-timeout``), else it counts as a *hang*; a worker stuck for
  ``4 x budget`` of wall time is killed by the watchdog and the case counts as a hang too.
  (CPU time, because on a shared machine the wall time of a 4 s page can reach 40 s; the
  slowest wall time per category is shown as well.)

It prints one table per category: cases tried, records, verdicts, truncated verdicts, error
rows by kind, crashes, hangs, lost records, violations, and the slowest case. ``--markdown``
writes the same table as Markdown (docs/robustness.md is made from it).

Usage::

    python scripts/fuzz.py --cases 100000 --seed 1 --workers 2
    python scripts/fuzz.py --case 4711 --seed 1 --show      # replay one case, print it

Needs only the package itself (the ``fuzz`` extra adds hypothesis for the property tests).
The corpus pages are read from ``../shared/corpus/pages`` (``DETECTOR_SHARED``), never copied.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import io
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SHARED = Path(os.environ.get("DETECTOR_SHARED", REPO.parent / "shared"))
CORPUS_PAGES = SHARED / "corpus" / "pages"

DEFAULT_BUDGET = 15.0  # the documented --page-timeout
MAX_BYTES = 8 * 1024 * 1024  # the documented --max-bytes
DECODE_CAP = 32 * 1024 * 1024  # readers' cap on decompressed payloads in this run (default 256 MB)
LEVELS = ("minimal", "low", "medium", "high", "critical")


# ----------------------------------------------------------------------------- cases

@dataclass
class Case:
    category: str
    index: int
    records: list | None = None  # Record objects, scanned with scan_records
    files: dict[str, bytes] | None = None  # relative name -> bytes, read by the batch runner
    expect_ids: list[str] | None = None  # exact row ids in order (None: unknown)
    expect_count: int | None = None  # exact number of rows (ids unknown)
    must_prefix: int = 0  # at least this many rows before any trailing read_error
    total: int = 0  # records put into the container
    damaged: bool = False  # a damaged container: fewer rows need an error row
    note: str = ""


@dataclass
class Outcome:
    category: str
    index: int
    records: int = 0
    verdicts: int = 0
    truncated: int = 0
    errors: Counter = field(default_factory=Counter)
    crash: str | None = None
    lost: int = 0
    violation: str | None = None
    seconds: float = 0.0  # wall
    cpu: float = 0.0
    hang: bool = False

    def to_dict(self) -> dict:
        return {"category": self.category, "index": self.index, "records": self.records, "verdicts": self.verdicts,
                "truncated": self.truncated, "errors": dict(self.errors), "crash": self.crash, "lost": self.lost,
                "violation": self.violation, "seconds": self.seconds, "cpu": self.cpu, "hang": self.hang}


def log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    import math

    return int(math.exp(rng.uniform(math.log(max(1, lo)), math.log(max(lo + 1, hi)))))


HOSTILE_TOKENS = [b"<", b">", b"</", b"/>", b"\"", b"'", b"=", b"&", b"&#0;", b"&#x110000;", b"&amp", b"\x00",
                  b"\xff", b"\xfe", b"\xc3", b"\xe2\x80\xae", b"\x1b[2J", b"<!--", b"-->", b"<![CDATA[", b"]]>",
                  b"<script>", b"</script>", b"<style>", b"</style>", b"<a href=\"", b"</a>", b"<div>", b"</div>",
                  b"{{", b"}}", b"<?php", b"?>", b"\r\n", b"\n", b"<meta charset=\"", b"utf-16", b"shift_jis",
                  b"<text id=\"", b"<!doctype html>", b"<html>", b"<body>", b"http://", b"display:none",
                  b"<b>Warning</b>: ", b" in <b>/var/www/html/index.php</b> on line <b>12</b>"]


def mutate(data: bytes, rng: random.Random, ops: int | None = None) -> bytes:
    """Byte-level mutations: flips, hostile-token insertions, deletions, duplications, splices."""
    b = bytearray(data)
    for _ in range(ops if ops is not None else rng.randint(1, 40)):
        op = rng.random()
        i = rng.randrange(len(b) + 1)
        if op < 0.3 and b:
            b[min(i, len(b) - 1)] = rng.randrange(256)
        elif op < 0.6:
            b[i:i] = rng.choice(HOSTILE_TOKENS) * rng.randint(1, 8)
        elif op < 0.8 and b:
            del b[i:i + log_uniform(rng, 1, 2000)]
        elif op < 0.9 and b:
            j = rng.randrange(len(b))
            b[i:i] = b[j:j + log_uniform(rng, 1, 4000)]
        else:
            b[i:i] = rng.randbytes(rng.randint(1, 64))
    return bytes(b)


_CORPUS: list[Path] | None = None


def corpus_pages() -> list[Path]:
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = sorted(CORPUS_PAGES.rglob("*.html")) if CORPUS_PAGES.is_dir() else []
    return _CORPUS


def _rec(case_id: str, content, mode=None, url=None, charset=None):
    from detector.records import Record

    return Record(id=case_id, content=content, url=url, mode=mode, charset=charset)


WORDS = ("garden soil water light tomato compost season river city museum weather train school "
         "recipe bread market book history music street coffee").split()
SPAMMY = ("casino viagra replica rolex payday loans cheap pills betting slot online pharmacy").split()


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS if rng.random() < 0.85 else SPAMMY) for _ in range(n))


def small_page(rng: random.Random, n_words: int = 60) -> str:
    links = "".join(f'<a href="https://site{rng.randrange(50)}.example.com/p{k}">{words(rng, 3)}</a> '
                    for k in range(rng.randint(0, 6)))
    return (f"<!doctype html><html><head><title>{words(rng, 4)}</title></head><body>"
            f"<p>{words(rng, n_words)}</p>{links}</body></html>")


# --- page categories -----------------------------------------------------------------

def gen_random_bytes(rng, idx):
    n = log_uniform(rng, 1, 16_000) if rng.random() < 0.97 else 0
    data = rng.randbytes(n)
    if rng.random() < 0.3:
        data = rng.choice([b"<!doctype html>", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                           b"WARC/1.0\r\n", b"{\"id\": 1}"]) + data
    mode = rng.choice([None, None, "html", "text"])
    return Case("random_bytes", idx, records=[_rec(f"c{idx}", data, mode)])


def gen_random_text(rng, idx):
    alphabet = ("abc xyz <>&\"'=/\n\t\x00\x1b\x07\x7f\x85\x9b\u200b\u202e\u2066\ufeff\ufffd\U0001f600"
                "éßжЖ中文日本語한국어عربيעברית[]{}()%$#@!")
    n = log_uniform(rng, 1, 6_000)
    parts = []
    while sum(map(len, parts)) < n:
        r = rng.random()
        if r < 0.5:
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))
        elif r < 0.75:
            parts.append(words(rng, rng.randint(1, 30)) + " ")
        elif r < 0.9:
            parts.append(f" https://{rng.choice(['x', 'spam', 'casino', 'a' * 300])}.example{rng.randrange(9)}.com/"
                         f"{'%' * rng.randint(0, 3)}{rng.randrange(10**6)} ")
        else:
            parts.append("".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 20))))
    text = "".join(parts)
    # lone surrogates are not encodable: keep what a JSON reader could hand over
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return Case("random_text", idx, records=[_rec(f"c{idx}", text, "text", url=rng.choice([None, "https://t.example/x"]))])


SOUP = ["<div>", "</div>", "<a href='http://x.example.com/'>", "</a>", "<style>", ".a{display:none}", "</style>",
        "<script>", "eval(atob('", "</script>", "<p style='position:absolute;left:-9999px'>", "{{ x }}", "\x00",
        "\ufffd", "<b>Warning</b>: x in <b>/var/www/a.php</b> on line <b>1</b>", "<!--", "-->", "<![CDATA[", "]]>",
        "<text id=", "&#0;", "&#x110000;", "<table>", "<tr>", "<td>", "<iframe src='//e.example/'>", "<svg>",
        "<math>", "<template>", "</template>", "<noscript>", "<select>", "<option>", "<frameset>", "<plaintext>",
        "<base href='javascript:alert(1)'>", "<meta http-equiv=refresh content='0;url=http://r.example/'>",
        "<link rel=canonical href='%%%'>", "<a href='http://[::1'>", "<a href='http://\u202e.example/'>",
        "<img src=x onerror=alert(1)>", "<object data=x>", "<embed src=x>", "<form action=x>"]


def gen_tag_soup(rng, idx):
    n = log_uniform(rng, 1, 3000)
    parts = [rng.choice(SOUP) if rng.random() < 0.8 else words(rng, rng.randint(1, 8)) for _ in range(n)]
    if rng.random() < 0.2:  # deep or unclosed nesting, moderate depth here (the 100k cases are test fixtures)
        depth = log_uniform(rng, 10, 20_000)
        tag = rng.choice(["div", "b", "span", "table", "a", "ul", "font"])
        parts.append(f"<{tag}>" * depth + "deep")
        if rng.random() < 0.5:
            parts.append(f"</{tag}>" * depth)
    return Case("tag_soup", idx, records=[_rec(f"c{idx}", "".join(parts), rng.choice(["html", None]))])


def gen_mutated_corpus(rng, idx):
    pages = corpus_pages()
    if not pages:
        return gen_tag_soup(rng, idx)
    p = rng.choice(pages)
    data = p.read_bytes()
    if len(data) > 30_000:  # a window of the page: keeps the run affordable (whole pages: tests/test_hostile_pages.py)
        start = rng.randrange(len(data) - 30_000) if rng.random() < 0.5 else 0
        data = data[start:start + 30_000]
    data = mutate(data, rng)
    return Case("mutated_corpus", idx, records=[_rec(f"c{idx}", data, rng.choice(["html", "html", None, "text"]))],
                note=str(p.relative_to(CORPUS_PAGES)))


def gen_nul_bytes(rng, idx):
    page = small_page(rng).encode()
    b = bytearray(page)
    for _ in range(log_uniform(rng, 1, 5000)):
        b.insert(rng.randrange(len(b) + 1), 0)
    if rng.random() < 0.2:
        b = bytearray(b"\x00" * log_uniform(rng, 1, 100_000)) + b
    content = bytes(b) if rng.random() < 0.7 else bytes(b).decode("latin-1")
    return Case("nul_bytes", idx, records=[_rec(f"c{idx}", content, rng.choice(["html", None, "text"]))])


def gen_invalid_utf8(rng, idx):
    page = small_page(rng, 120).encode("utf-8")
    bad = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80", b"\xc3",
           b"\xf0\x9f\x98", b"\xef\xbb\xbf"]
    b = bytearray(page)
    for _ in range(log_uniform(rng, 1, 300)):
        i = rng.randrange(len(b) + 1)
        b[i:i] = rng.choice(bad)
    meta = rng.choice([b"", b'<meta charset="utf-8">', b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'])
    data = bytes(b).replace(b"<head>", b"<head>" + meta, 1)
    return Case("invalid_utf8", idx, records=[_rec(f"c{idx}", data, rng.choice(["html", None]),
                                                   charset=rng.choice([None, "utf-8"]))])


SAMPLES = {
    "utf-16": "Страница на русском языке: погода, сад и огород. 日本語も少し。",
    "utf-16-le": "Страница на русском языке: погода, сад и огород.",
    "utf-16-be": "Страница на русском языке: погода, сад и огород.",
    "shift_jis": "日本語のページです。東京の天気は晴れ。カジノの広告ではありません。",
    "gbk": "这是一个中文网页，今天天气很好。我们讨论园艺和土壤。",
    "windows-1251": "Это страница на русском языке, и здесь много текста о саде.",
    "euc-kr": "한국어 페이지입니다. 오늘 날씨가 좋습니다.",
    "iso-8859-7": "Αυτή είναι μια ελληνική σελίδα για τον κήπο.",
}


def _encoded_page(rng, codec: str, declared: str | None) -> bytes:
    text = SAMPLES[codec]
    meta = f'<meta charset="{declared}">' if declared else ""
    body = "".join(f"<p>{text} <a href='https://s{k}.example.com/'>{text[:12]}</a></p>" for k in range(rng.randint(1, 30)))
    html = f"<html><head>{meta}<title>{text[:20]}</title></head><body>{body}</body></html>"
    data = html.encode(codec, "replace")
    return data


def gen_legacy_encoding(rng, idx):
    codec = rng.choice(sorted(SAMPLES))
    declared = rng.choice([None, codec])
    data = _encoded_page(rng, codec, declared)
    if codec == "utf-16" and rng.random() < 0.5:
        data = data[2:]  # drop the BOM: no BOM, maybe no declaration
    http = rng.choice([None, None, codec])
    return Case("legacy_encoding", idx, records=[_rec(f"c{idx}", data, rng.choice(["html", None]), charset=http)],
                note=f"{codec} declared={declared} http={http}")


def gen_lying_charset(rng, idx):
    codec = rng.choice(sorted(SAMPLES))
    liar = rng.choice([c for c in list(SAMPLES) + ["utf-8", "ascii", "x-nonsense", "utf-32", "utf-7", "", "\x00",
                                                    "utf-8\"><script>", "a" * 300] if c != codec])
    data = _encoded_page(rng, codec, liar if rng.random() < 0.7 else None)
    http = liar if rng.random() < 0.5 else None
    return Case("lying_charset", idx, records=[_rec(f"c{idx}", data, rng.choice(["html", None]), charset=http)],
                note=f"{codec} as {liar!r}")


def gen_many_links(rng, idx):
    n = 100_000 if rng.random() < 0.005 else log_uniform(rng, 10, 5_000)
    style = rng.random()
    parts = []
    for i in range(n):
        host = f"site{rng.randrange(max(1, n // 20))}.example{i % 7}.com" if style < 0.7 else "one.example.com"
        hidden = " style='display:none'" if rng.random() < 0.05 else ""
        parts.append(f'<a href="https://{host}/p{i}"{hidden}>{rng.choice(WORDS + SPAMMY)} {i}</a>')
    if rng.random() < 0.3:
        text = " ".join(f"https://{rng.choice(WORDS)}{i}.example.org/x" for i in range(n))
        return Case("many_links", idx, records=[_rec(f"c{idx}", text, "text")], note=f"{n} bare urls")
    return Case("many_links", idx, records=[_rec(f"c{idx}", f"<html><body>{''.join(parts)}</body></html>", "html")],
                note=f"{n} links")


def gen_giant_attributes(rng, idx):
    size = log_uniform(rng, 10_000, 2_000_000)
    kind = rng.randrange(5)
    if kind == 0:
        attr = f'class="{"a " * (size // 2)}"'
    elif kind == 1:
        attr = f'style="{"color:red;" * (size // 10)}"'
    elif kind == 2:
        attr = f'href="https://x.example.com/{"a" * size}"'
    elif kind == 3:
        attr = f'data-x="{"&amp;" * (size // 5)}"'
    else:
        attr = f'title="{"<" * size}'  # unclosed attribute value
    html = f"<html><body><div {attr}>x</div><a {attr}>y</a><p>{words(rng, 50)}</p></body></html>"
    return Case("giant_attributes", idx, records=[_rec(f"c{idx}", html, "html")], note=f"{size} bytes, kind {kind}")


# --- container categories -----------------------------------------------------------

def _jsonl_lines(rng, n: int, prefix: str) -> list[bytes]:
    lines = []
    for k in range(n):
        r = rng.random()
        if r < 0.45:
            obj = {"id": f"{prefix}-{k}", "text": words(rng, rng.randint(0, 30))}
        elif r < 0.75:
            obj = {"id": f"{prefix}-{k}", "html": small_page(rng, 20), "url": f"https://h.example/{k}"}
        elif r < 0.85:
            obj = {"id": rng.choice([k, 1.5, True, None, {"a": 1}, [1], ""]),
                   rng.choice(["text", "html"]): rng.choice(["x", 5, ["a"], {"b": 2}, None, "", "<html>"])}
        elif r < 0.9:
            obj = {"metadata": {"url": "https://m.example/", "date": "2024"}, "text": "meta " + words(rng, 5)}
        else:
            obj = {"id": f"{prefix}-{k}", "title": "no text or html"}
        lines.append(json.dumps(obj, ensure_ascii=rng.random() < 0.5).encode("utf-8"))
    return lines


def _count_lines(data: bytes) -> int:
    """Rows the JSONL reader must give: one per non-blank line."""
    return sum(1 for line in data.split(b"\n") if line.strip())


def gen_jsonl(rng, idx):
    n = rng.randint(1, 6)
    data = b"\n".join(_jsonl_lines(rng, n, f"j{idx}")) + b"\n"
    if rng.random() < 0.7:
        data = mutate(data, rng, rng.randint(1, 12))
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    name = rng.choice(["recs.jsonl", "recs.ndjson", "recs.json"])
    return Case("jsonl", idx, files={name: data}, expect_count=_count_lines(data), total=_count_lines(data))


def _gzip_recoverable(gz: bytes) -> tuple[bytes, bool]:
    """Decompressed bytes a reader can get out of a (maybe damaged) gzip stream, and whether it is intact."""
    d = zlib.decompressobj(31)
    out = []
    try:
        out.append(d.decompress(gz))
    except zlib.error:
        return b"".join(out), False
    intact = d.eof and not d.unused_data
    return b"".join(out), intact


def gen_jsonl_gz(rng, idx):
    n = rng.randint(1, 30)
    plain = b"\n".join(_jsonl_lines(rng, n, f"g{idx}")) + b"\n"
    gz = gzip.compress(plain, mtime=0)
    r = rng.random()
    how = "intact"
    if r < 0.45:
        gz = gz[: rng.randrange(1, len(gz))]  # (a 0-byte file is an empty input: a normal run)
        how = "truncated"
    elif r < 0.55:
        gz = gz + rng.randbytes(rng.randint(1, 64))
        how = "trailing garbage"
    elif r < 0.7:
        b = bytearray(gz)
        for _ in range(rng.randint(1, 4)):  # past the magic: without it a file named "recs" is a page
            b[rng.randrange(2, len(b))] = rng.randrange(256)
        gz = bytes(b)
        how = "flipped bytes"
    elif r < 0.72:
        size = log_uniform(rng, 1 << 20, 48 << 20)  # a bomb: one huge line of spaces inside a record
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        bomb = comp.compress(b'{"id": "bomb", "text": "') + b"".join(
            comp.compress(b" " * (1 << 20)) for _ in range(size >> 20)) + comp.compress(b'x"}\n') + comp.flush()
        gz = gz + bomb
        how = f"bomb {size >> 20} MB"
    name = rng.choice(["recs.jsonl.gz", "recs.jsonl.gzip", "recs"])
    if how == "intact":
        return Case("jsonl_gz", idx, files={name: gz}, expect_count=_count_lines(plain), total=_count_lines(plain))
    if how.startswith("bomb"):
        return Case("jsonl_gz", idx, files={name: gz}, expect_count=_count_lines(plain) + 1,
                    total=_count_lines(plain) + 1, note=how)
    rec, intact = _gzip_recoverable(gz)
    complete = rec[: rec.rfind(b"\n") + 1] if b"\n" in rec else b""
    if how == "flipped bytes":  # garbage may be decoded before the CRC catches it: only demand the count rule
        return Case("jsonl_gz", idx, files={name: gz}, total=_count_lines(plain), damaged=not intact,
                    expect_count=_count_lines(plain) if intact and rec == plain else None, note=how)
    return Case("jsonl_gz", idx, files={name: gz}, must_prefix=_count_lines(complete), total=_count_lines(plain),
                damaged=True, note=how)


def _warc_record(rtype: str, rid: str, payload: bytes, http_headers: bytes = b"Content-Type: text/html\r\n",
                 content_length_delta: int = 0) -> bytes:
    if rtype == "response":
        payload = b"HTTP/1.1 200 OK\r\n" + http_headers + b"\r\n" + payload
        ctype = b"application/http; msgtype=response"
    else:
        ctype = b"text/plain"
    return (b"WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://x.example/%s\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (rtype.encode(), rid.encode(), rid.encode(), ctype, len(payload) + content_length_delta)
            + payload + b"\r\n\r\n")


def gen_warc(rng, idx):
    n = rng.randint(1, 7)
    kinds, recs, ids = [], [], []
    for k in range(n):
        rid = f"w{idx}-{k}"
        r = rng.random()
        if r < 0.6:
            payload = small_page(rng, 30).encode()
            headers = b"Content-Type: text/html; charset=utf-8\r\n"
            if rng.random() < 0.15:
                payload = gzip.compress(payload, mtime=0)
                headers += b"Content-Encoding: gzip\r\n"
            elif rng.random() < 0.1:
                payload = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
                headers += b"Transfer-Encoding: chunked\r\n"
            if rng.random() < 0.3:
                payload = mutate(payload, rng, rng.randint(1, 6))  # payload bytes only: framing intact
            recs.append(_warc_record("response", rid, payload, headers))
            ids.append(f"<urn:uuid:{rid}>")
        elif r < 0.75:
            recs.append(_warc_record("conversion", rid, words(rng, 40).encode()))
            ids.append(f"<urn:uuid:{rid}>")
        elif r < 0.9:
            recs.append(_warc_record("request", rid, b"GET / HTTP/1.1\r\nHost: x.example\r\n\r\n"))
        else:
            recs.append(_warc_record("response", rid, b"\x89PNG\r\n", b"Content-Type: image/png\r\n"))
        kinds.append(r)
    # damage: one of truncation, garbage between records, a wrong Content-Length
    damage = rng.choice(["none", "none", "truncate", "garbage", "length"])
    cut_record = None
    delta = 0
    if damage == "garbage":
        k = rng.randrange(n + 1)
        junk = rng.choice([rng.randbytes(rng.randint(1, 200)), b"\r\n" * 3, b"WARC/1.0\r\nnonsense\r\n\r\n",
                           b"HTTP/1.1 200 OK\r\n\r\n<html>"])
        recs.insert(k, junk)
        cut_record = k  # records before k are intact
    elif damage == "length":
        k = rng.randrange(n)
        delta = rng.choice([-1, -10, 7, 1000, 10**9])
        rid = f"w{idx}-{k}"
        raw = recs[k]
        head, _, rest = raw.partition(b"\r\n\r\n")
        cl = int(head.rsplit(b"Content-Length: ", 1)[1])
        recs[k] = head.rsplit(b"Content-Length: ", 1)[0] + b"Content-Length: %d\r\n\r\n" % (cl + delta) + rest
        cut_record = k
    data_parts = recs
    per_member = rng.random() < 0.5
    gz = rng.random() < 0.5
    if gz:
        blob = b"".join(gzip.compress(r, mtime=0) for r in data_parts) if per_member else gzip.compress(b"".join(data_parts), mtime=0)
        offsets = None
    else:
        blob = b"".join(data_parts)
    # offsets of record ends in the blob, to know which records a truncation leaves intact
    ends, pos = [], 0
    for r in data_parts:
        pos += len(gzip.compress(r, mtime=0)) if (gz and per_member) else len(r)
        ends.append(pos)
    cut = -1
    if damage == "truncate":
        cut = rng.randrange(len(blob))
        blob = blob[:cut]
        if gz and not per_member:
            rec, _ = _gzip_recoverable(blob)
            ends_plain, pos = [], 0
            for r in data_parts:
                pos += len(r)
                ends_plain.append(pos)
            cut_record = sum(1 for e in ends_plain if e <= len(rec))
        else:
            cut_record = sum(1 for e in ends if e <= cut)
    name = "x.warc.gz" if gz else rng.choice(["x.warc", "x.wet", "x"])
    if gz and rng.random() < 0.2:
        name = rng.choice(["x", "x.warc"])  # no telling extension: the content (gzip looked through) decides
    if damage == "garbage" and cut_record == 0 and not name.endswith((".warc", ".warc.gz", ".wet")):
        name = "x.warc.gz" if gz else "x.warc"  # junk first and no extension: a page by contract, not a WARC
    scannable_before = None
    if cut_record is not None:
        # ids of scannable records (response html / conversion) among the intact ones before the damage
        intact_ids = []
        j = 0
        for k, r in enumerate(kinds):
            if k >= cut_record:
                break
            if r < 0.75:
                intact_ids.append(f"<urn:uuid:w{idx}-{k}>")
        scannable_before = intact_ids
    if damage == "none":
        return Case("warc", idx, files={name: blob}, expect_ids=ids, total=len(ids),
                    note=f"gz={gz} per_member={per_member}")
    if damage == "truncate" and (not gz or per_member) and cut in ends:
        # cut exactly where a record (or gzip member) ends: a valid, shorter file; nothing to detect
        return Case("warc", idx, files={name: blob}, expect_ids=scannable_before, total=len(scannable_before),
                    note=f"truncated at a record boundary, gz={gz}")
    if damage == "truncate" and (not gz or per_member) and any(e - 4 <= cut < e for e in ends):
        # cut inside the blank line that ends a record: when the payload itself ends with a blank
        # line the file looks complete; the records before it must be there, nothing more is knowable
        return Case("warc", idx, files={name: blob}, must_prefix=len(scannable_before or []), total=len(ids),
                    damaged=False, note=f"truncated in a record's closing blank line, gz={gz}")
    # a Content-Length too long by a little makes the record swallow the bytes of the next ones: the
    # file's own framing says they are payload, so no reader can tell they were records (not "lost")
    swallowed = damage == "length" and 0 < delta < 10**9
    return Case("warc", idx, files={name: blob}, expect_ids=None, must_prefix=len(scannable_before or []),
                total=len(ids), damaged=not swallowed,
                note=f"{damage} at record {cut_record}, gz={gz} per_member={per_member}")


def gen_page_files(rng, idx):
    n = rng.randint(1, 4)
    files, ids = {}, []
    for k in range(n):
        r = rng.random()
        name = f"p{k}" + rng.choice([".html", ".htm", ".txt", ".php", ".xhtml", ""])
        if r < 0.15:
            data = b""
        elif r < 0.25:
            data = rng.choice([b"\xef\xbb\xbf", b"   \n", b"\xff\xfe", b"\x00"])
        elif r < 0.5:
            data = gzip.compress(small_page(rng).encode(), mtime=0)
            name += ".gz"
            if rng.random() < 0.5:
                data = data[: rng.randrange(len(data))]  # truncated gzip page
        elif r < 0.27:
            size = log_uniform(rng, 1 << 20, 48 << 20)  # a gzip bomb page (inflates past the decode cap)
            comp = zlib.compressobj(9, zlib.DEFLATED, 31)
            data = comp.compress(b"<html><body><p>") + b"".join(
                comp.compress(b" " * (1 << 20)) for _ in range(size >> 20)) + comp.flush()
            name += ".gz"
        else:
            data = mutate(small_page(rng).encode(), rng, rng.randint(0, 10))
        if data[:1] in (b"{",) and not name.endswith((".html", ".htm", ".txt", ".php", ".xhtml", ".gz")):
            data = b" " + data
        if name.split(".")[0] in files:
            continue
        if detect_kind_safe(name, data) != "page":
            data = b"<html>" + data
        files[name] = data
    ids = sorted(files)
    return Case("page_files", idx, files=files, expect_ids=[f"IN/{i}" for i in ids], total=len(ids))


def detect_kind_safe(name: str, data: bytes) -> str:
    from detector.batch.readers import kind_from_content, kind_from_name, strip_compression

    k = kind_from_name(name)
    if k is not None:
        return k
    head = data
    if data[:2] == b"\x1f\x8b":
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(data)).read(65536)
        except (OSError, EOFError):
            head = b""
    return kind_from_content(head)


# name, weight (cases per 100), generator
CATEGORIES: list[tuple[str, int, Callable]] = [
    ("random_bytes", 14, gen_random_bytes),
    ("random_text", 10, gen_random_text),
    ("tag_soup", 11, gen_tag_soup),
    ("mutated_corpus", 8, gen_mutated_corpus),
    ("nul_bytes", 8, gen_nul_bytes),
    ("invalid_utf8", 8, gen_invalid_utf8),
    ("legacy_encoding", 12, gen_legacy_encoding),
    ("lying_charset", 7, gen_lying_charset),
    ("many_links", 1, gen_many_links),
    ("giant_attributes", 1, gen_giant_attributes),
    ("jsonl", 6, gen_jsonl),
    ("jsonl_gz", 5, gen_jsonl_gz),
    ("warc", 6, gen_warc),
    ("page_files", 3, gen_page_files),
]


def schedule() -> list[str]:
    """A fixed, interleaved cycle of categories in proportion to their weights."""
    total = sum(w for _, w, _ in CATEGORIES)
    slots: list[tuple[float, str]] = []
    for name, w, _ in CATEGORIES:
        for k in range(w):
            slots.append(((k + 0.5) / w, name))
    slots.sort()
    assert len(slots) == total
    return [n for _, n in slots]


_SCHEDULE = schedule()
_GEN = {n: g for n, _, g in CATEGORIES}


def make_case(seed: int, index: int) -> Case:
    cat = _SCHEDULE[index % len(_SCHEDULE)]
    rng = random.Random(f"{seed}/{index}")
    return _GEN[cat](rng, index)


# ----------------------------------------------------------------------------- checking

_ENGINE = None


def engine():
    global _ENGINE
    if _ENGINE is None:
        from detector.detectors import all_detectors
        from detector.scan import default_scorer

        _ENGINE = (default_scorer(), all_detectors())
    return _ENGINE


def check_row(row: dict) -> str | None:
    """Why a row is malformed, or None."""
    for k in ("id", "score", "level", "flagged", "error", "truncated", "findings"):
        if k not in row:
            return f"row lacks {k!r}"
    if not isinstance(row["id"], str):
        return f"id is {type(row['id']).__name__}"
    if row["error"] is not None:
        if row["score"] is not None or row["level"] != "error" or row["flagged"] is not False:
            return "error row with a score, a level or flagged"
        if not isinstance(row["error"], str) or "\n" in row["error"] or ":" not in row["error"]:
            return f"error message not one '<kind>: ...' line: {row['error']!r:.120}"
        return None
    s = row["score"]
    if not isinstance(s, (int, float)) or not 0.0 <= s <= 1.0 or s != s:
        return f"score {s!r} outside [0, 1]"
    if row["level"] not in LEVELS:
        return f"level {row['level']!r}"
    return None


def tally(out: Outcome, rows: list[dict]) -> None:
    for r in rows:
        out.records += 1
        if r.get("error"):
            out.errors[str(r["error"]).split(":", 1)[0]] += 1
        else:
            out.verdicts += 1
            if r.get("truncated"):
                out.truncated += 1
        bad = check_row(r)
        if bad and out.violation is None:
            out.violation = bad


def run_records(case: Case, out: Outcome) -> None:
    from detector.scan import scan_records

    scorer, detectors = engine()
    verdicts = list(scan_records(iter(case.records), scorer=scorer, detectors=detectors, max_bytes=MAX_BYTES))
    rows = [v.to_dict() for v in verdicts]
    tally(out, rows)
    want = [r.id for r in case.records]
    got = [r["id"] for r in rows]
    if len(got) < len(want):
        out.lost += len(want) - len(got)
    if got != want[: len(got)] or len(got) > len(want):
        out.violation = out.violation or "verdicts out of order or extra"


def run_container(case: Case, out: Outcome, workdir: str) -> None:
    from detector.batch.runner import BatchConfig, Job, final_path, run_shard
    from detector.batch.shards import plan_inputs

    scorer, _ = engine()
    base = os.path.join(workdir, f"case{case.index}")
    shutil.rmtree(base, ignore_errors=True)
    indir = os.path.join(base, "IN")
    os.makedirs(indir)
    for name, data in case.files.items():
        with open(os.path.join(indir, name), "wb") as fh:
            fh.write(data)
    old = os.getcwd()
    os.chdir(base)
    try:
        plan = plan_inputs(["IN"], files_per_shard=4)
        cfg = BatchConfig(root=os.path.join(base, "OUT"), threshold=scorer.threshold, max_bytes=MAX_BYTES,
                          page_timeout=DEFAULT_BUDGET, chunk_size=8, decode_cap=DECODE_CAP)
        rows: list[dict] = []
        for shard in plan.shards:
            stats = run_shard(Job(shard), cfg)
            with open(final_path(cfg.root, shard.key), "rb") as fh:
                shard_rows = [json.loads(line) for line in fh if line.strip()]
            if stats["records"] != len(shard_rows):
                out.violation = out.violation or "stats records differ from the rows written"
            rows.extend(shard_rows)
    finally:
        os.chdir(old)
        shutil.rmtree(base, ignore_errors=True)
    tally(out, rows)
    files_shown = {f"IN/{name}" for name in case.files}
    got = [r["id"] for r in rows]
    if case.expect_ids is not None:
        missing = Counter(case.expect_ids) - Counter(got)
        out.lost += sum(missing.values())
        if not missing and got != case.expect_ids:
            out.violation = out.violation or f"rows {got[:5]} differ from the records {case.expect_ids[:5]}"
        return
    if case.expect_count is not None:
        if len(rows) < case.expect_count:
            out.lost += case.expect_count - len(rows)
        elif len(rows) > case.expect_count:
            out.violation = out.violation or f"{len(rows)} rows for {case.expect_count} records"
        return
    # a damaged container: the intact part must all be there, and a shortfall must be said
    read_errors = [r for r in rows if str(r.get("error") or "").startswith(("read_error", "json_error"))]
    # rows of records (not the one naming the whole file, which a reader adds where it stops)
    before = sum(1 for r in rows if r["id"] not in files_shown)
    if before < case.must_prefix:
        out.lost += case.must_prefix - before
    scanned_or_row = len(rows) - len(read_errors)
    if case.damaged and scanned_or_row < case.total and not read_errors:
        out.lost += case.total - scanned_or_row - max(0, case.must_prefix - before)
        out.violation = out.violation or "a damaged container lost records without an error row"
    if len(Counter(got)) != len(got) and case.category == "warc":
        dup = [i for i, c in Counter(got).items() if c > 1]
        out.violation = out.violation or f"duplicate rows {dup[:3]}"


def run_case(case: Case, workdir: str, budget: float) -> Outcome:
    out = Outcome(case.category, case.index)
    t0 = time.perf_counter()
    c0 = time.process_time()
    try:
        if case.records is not None:
            run_records(case, out)
        else:
            run_container(case, out, workdir)
    except Exception as exc:  # the thing that must never happen
        out.crash = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        out.crash_tb = traceback.format_exc()
    out.seconds = time.perf_counter() - t0
    out.cpu = time.process_time() - c0
    out.hang = out.cpu > budget
    return out


# ----------------------------------------------------------------------------- running

class Totals:
    COLS = ("cases", "records", "verdicts", "truncated", "crashes", "hangs", "lost", "violations")

    def __init__(self) -> None:
        self.by_cat: dict[str, Counter] = {n: Counter() for n, _, _ in CATEGORIES}
        self.errors: dict[str, Counter] = {n: Counter() for n, _, _ in CATEGORIES}
        self.slowest: dict[str, tuple[float, int]] = {n: (0.0, -1) for n, _, _ in CATEGORIES}  # cpu
        self.slowest_wall: dict[str, float] = {n: 0.0 for n, _, _ in CATEGORIES}
        self.seconds: dict[str, float] = {n: 0.0 for n, _, _ in CATEGORIES}
        self.failures: list[dict] = []

    def add(self, o: dict) -> None:
        c = self.by_cat[o["category"]]
        c["cases"] += 1
        c["records"] += o["records"]
        c["verdicts"] += o["verdicts"]
        c["truncated"] += o["truncated"]
        c["crashes"] += bool(o["crash"])
        c["hangs"] += bool(o["hang"])
        c["lost"] += o["lost"]
        c["violations"] += bool(o["violation"])
        self.errors[o["category"]].update(o["errors"])
        self.seconds[o["category"]] += o["seconds"]
        cpu = o.get("cpu", o["seconds"])
        if cpu > self.slowest[o["category"]][0]:
            self.slowest[o["category"]] = (cpu, o["index"])
        self.slowest_wall[o["category"]] = max(self.slowest_wall[o["category"]], o["seconds"])
        if o["crash"] or o["hang"] or o["lost"] or o["violation"]:
            self.failures.append(o)

    def total(self) -> Counter:
        t = Counter()
        for c in self.by_cat.values():
            t.update(c)
        return t

    def rows(self) -> list[list[str]]:
        out = []
        for name, _, _ in CATEGORIES:
            c = self.by_cat[name]
            if not c["cases"]:
                continue
            errs = ", ".join(f"{k} {v}" for k, v in sorted(self.errors[name].items())) or "-"
            s, i = self.slowest[name]
            out.append([name, str(c["cases"]), str(c["records"]), str(c["verdicts"]), str(c["truncated"]), errs,
                        str(c["crashes"]), str(c["hangs"]), str(c["lost"]), str(c["violations"]),
                        f"{1000 * self.seconds[name] / c['cases']:.1f}", f"{s:.2f} (#{i})",
                        f"{self.slowest_wall[name]:.2f}"])
        t = self.total()
        errs = Counter()
        for e in self.errors.values():
            errs.update(e)
        s, i = max(self.slowest.values())
        out.append(["**total**", str(t["cases"]), str(t["records"]), str(t["verdicts"]), str(t["truncated"]),
                    ", ".join(f"{k} {v}" for k, v in sorted(errs.items())) or "-", str(t["crashes"]), str(t["hangs"]),
                    str(t["lost"]), str(t["violations"]),
                    f"{1000 * sum(self.seconds.values()) / max(1, t['cases']):.1f}", f"{s:.2f} (#{i})",
                    f"{max(self.slowest_wall.values()):.2f}"])
        return out


HEADER = ["category", "cases", "records", "verdicts", "truncated", "error rows by kind", "crashes", "hangs",
          "lost records", "violations", "mean wall ms", "slowest cpu s (case)", "slowest wall s"]


def format_table(totals: Totals) -> str:
    rows = [HEADER] + [[c.replace("**", "") for c in r] for r in totals.rows()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def format_markdown(totals: Totals) -> str:
    rows = totals.rows()
    out = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" if i in (0, 5) else "---:" for i in range(len(HEADER))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def selected(index: int, only: frozenset | None) -> bool:
    return only is None or _SCHEDULE[index % len(_SCHEDULE)] in only


def _worker(wid: int, nworkers: int, start: int, cases: int, seed: int, budget: float, conn, cur_index, cur_start,
            workdir: str, only: frozenset | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    engine()
    batch: list[dict] = []
    last_send = time.monotonic()
    for i in range(start, cases, nworkers):
        if not selected(i, only):
            continue
        cur_index[wid] = i
        cur_start[wid] = time.monotonic()
        try:
            case = make_case(seed, i)
        except Exception as exc:  # a generator bug is reported as such, not as a pipeline crash
            conn.send(("generator_error", i, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            continue
        o = run_case(case, workdir, budget)
        d = o.to_dict()
        if o.crash:
            d["traceback"] = getattr(o, "crash_tb", "")
        batch.append(d)
        if len(batch) >= 50 or time.monotonic() - last_send > 2:
            conn.send(("outcomes", batch))
            batch, last_send = [], time.monotonic()
    cur_index[wid] = -1
    conn.send(("outcomes", batch))
    conn.send(("done", wid))


def run(cases: int, seed: int, workers: int, budget: float, progress: bool = True,
        first: int = 0, only: frozenset | None = None) -> Totals:
    """Run cases [first, cases); workers=0 runs in this process (no watchdog)."""
    totals = Totals()
    workdir = tempfile.mkdtemp(prefix="detector-fuzz-")
    t0 = time.monotonic()
    try:
        if workers <= 0:
            engine()
            for i in range(first, cases):
                if not selected(i, only):
                    continue
                o = run_case(make_case(seed, i), workdir, budget)
                d = o.to_dict()
                if o.crash:
                    d["traceback"] = getattr(o, "crash_tb", "")
                totals.add(d)
            return totals
        ctx = mp.get_context("fork")
        cur_index = ctx.RawArray("q", workers)
        cur_start = ctx.RawArray("d", workers)
        procs: dict[int, tuple] = {}
        hard = max(60.0, 4 * budget)

        def spawn(wid: int, start: int) -> None:
            parent, child = ctx.Pipe(duplex=False)
            cur_index[wid], cur_start[wid] = start, time.monotonic()
            p = ctx.Process(target=_worker, args=(wid, workers, start, cases, seed, budget, child, cur_index,
                                                  cur_start, workdir, only), daemon=True)
            p.start()
            child.close()
            procs[wid] = (p, parent)

        for w in range(workers):
            if first + w < cases:
                spawn(w, first + w)
        done_count = 0
        last_print = time.monotonic()
        while procs:
            conns = {c: w for w, (_, c) in procs.items()}
            sentinels = {p.sentinel: w for w, (p, _) in procs.items()}
            from multiprocessing.connection import wait

            ready = wait(list(conns) + list(sentinels), timeout=0.5)
            finished: set[int] = set()
            died: set[int] = set()
            for r in ready:
                if r in conns:
                    w = conns[r]
                    try:
                        while r.poll():
                            msg = r.recv()
                            if msg[0] == "outcomes":
                                for d in msg[1]:
                                    totals.add(d)
                                    done_count += 1
                            elif msg[0] == "generator_error":
                                print(f"generator error in case {msg[1]}: {msg[2]}\n{msg[3]}", file=sys.stderr)
                            elif msg[0] == "done":
                                finished.add(w)
                    except (EOFError, OSError):
                        died.add(w)
                else:
                    died.add(sentinels[r])
            for w in finished:
                p, c = procs.pop(w)
                p.join(5)
            now = time.monotonic()
            for w, (p, c) in list(procs.items()):
                if w in died or (cur_index[w] >= 0 and now - cur_start[w] > hard):
                    killed = w not in died
                    if killed:
                        os.kill(p.pid, signal.SIGKILL)
                    p.join(5)
                    try:
                        while c.poll():
                            msg = c.recv()
                            if msg[0] == "outcomes":
                                for d in msg[1]:
                                    totals.add(d)
                                    done_count += 1
                    except (EOFError, OSError):
                        pass
                    procs.pop(w)
                    i = int(cur_index[w])
                    if i < 0:
                        continue
                    cat = _SCHEDULE[i % len(_SCHEDULE)]
                    totals.add({"category": cat, "index": i, "records": 0, "verdicts": 0, "truncated": 0, "errors": {},
                                "crash": None if killed else f"worker died (exit code {p.exitcode})",
                                "lost": 0, "violation": None, "seconds": now - cur_start[w], "cpu": 0.0,
                                "hang": killed})
                    done_count += 1
                    if i + workers < cases:
                        spawn(w, i + workers)
            if progress and time.monotonic() - last_print > 30:
                last_print = time.monotonic()
                el = time.monotonic() - t0
                t = totals.total()
                print(f"fuzz: {done_count}/{cases - first} cases in {el:.0f}s ({done_count / max(el, 1e-9):.0f}/s); "
                      f"crashes {t['crashes']} hangs {t['hangs']} lost {t['lost']} violations {t['violations']}",
                      file=sys.stderr, flush=True)
        return totals
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def combine_markdown(paths: list[str]) -> str:
    """One table from the Markdown tables of several runs over disjoint categories (--only):
    per-category rows are taken as they are (a later file wins for a category), the total row
    is recomputed. The runs' command lines (first line of each file) are kept as comments."""
    rows: dict[str, list[str]] = {}
    heads = []
    for p in paths:
        lines = Path(p).read_text(encoding="utf-8").splitlines()
        heads += [line for line in lines if line.startswith("<!--")]
        for line in lines:
            if not line.startswith("| ") or line.startswith("| category") or "**total**" in line:
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == len(HEADER) - 1:  # a table from before the CPU-time column: its slowest was wall time
                cells.append(cells[-1].split()[0])
            rows[cells[0]] = cells
    order = [n for n, _, _ in CATEGORIES if n in rows]
    tot = [0] * 5
    errs: Counter = Counter()
    crashes = hangs = lost = viol = 0
    ms = 0.0
    slow, slow_i, wall = 0.0, "", 0.0
    for n in order:
        r = rows[n]
        for k in range(4):
            tot[k] += int(r[1 + k])
        for part in r[5].split(","):
            part = part.strip()
            if part and part != "-":
                kind, num = part.rsplit(" ", 1)
                errs[kind] += int(num)
        crashes += int(r[6]); hangs += int(r[7]); lost += int(r[8]); viol += int(r[9])
        ms += float(r[10]) * int(r[1])
        sv = float(r[11].split()[0])
        if sv > slow:
            slow, slow_i = sv, r[11].split(" ", 1)[1]
        wall = max(wall, float(r[12]) if len(r) > 12 else 0.0)
    total = ["**total**", str(tot[0]), str(tot[1]), str(tot[2]), str(tot[3]),
             ", ".join(f"{k} {v}" for k, v in sorted(errs.items())) or "-", str(crashes), str(hangs), str(lost),
             str(viol), f"{ms / max(1, tot[0]):.1f}", f"{slow:.2f} {slow_i}", f"{wall:.2f}"]
    out = heads + ["| " + " | ".join(HEADER) + " |",
                   "|" + "|".join("---" if i in (0, 5) else "---:" for i in range(len(HEADER))) + "|"]
    out += ["| " + " | ".join(rows[n] + [""] * (len(HEADER) - len(rows[n]))) + " |" for n in order]
    out.append("| " + " | ".join(total) + " |")
    return "\n".join(out) + "\n"


def show_case(seed: int, index: int) -> None:
    case = make_case(seed, index)
    print(f"case {index}: {case.category} {case.note}")
    if case.records is not None:
        for r in case.records:
            c = r.content
            print(f"  record {r.id!r} mode={r.mode} charset={r.charset!r} {type(c).__name__} len={len(c)}: {c[:300]!r}")
    else:
        for name, data in case.files.items():
            print(f"  file {name}: {len(data)} bytes: {data[:300]!r}")
    o = run_case(case, tempfile.mkdtemp(prefix="detector-fuzz-"), DEFAULT_BUDGET)
    print(json.dumps(o.to_dict(), indent=1))
    if o.crash:
        print(getattr(o, "crash_tb", ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="0: run in this process (no watchdog)")
    ap.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="seconds per case before it counts as a hang")
    ap.add_argument("--only", default=None, help="comma list of categories: run only the cases of these "
                    "(the same case numbers as in a full run)")
    ap.add_argument("--combine", nargs="+", default=None, metavar="MD",
                    help="print one table made from the --markdown files of runs over disjoint categories")
    ap.add_argument("--case", type=int, default=None, help="replay one case and print it")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--markdown", default=None, help="also write the table as Markdown to this file")
    ap.add_argument("--failures", default=None, help="write failing cases (JSON lines) to this file")
    args = ap.parse_args(argv)
    if args.case is not None:
        show_case(args.seed, args.case)
        return 0
    if args.combine:
        table = combine_markdown(args.combine)
        print(table, end="")
        if args.markdown:
            Path(args.markdown).write_text(table, encoding="utf-8")
        return 0
    t0 = time.monotonic()
    only = frozenset(args.only.split(",")) if args.only else None
    if only and not only <= set(_GEN):
        ap.error(f"unknown categories: {', '.join(sorted(only - set(_GEN)))}")
    totals = run(args.cases, args.seed, args.workers, args.budget, only=only)
    elapsed = time.monotonic() - t0
    print(format_table(totals))
    t = totals.total()
    print(f"\n{t['cases']} cases, seed {args.seed}, {args.workers} workers, budget {args.budget:g}s: "
          f"{elapsed:.0f}s wall; crashes {t['crashes']}, hangs {t['hangs']}, lost records {t['lost']}, "
          f"violations {t['violations']}")
    for f in totals.failures[:30]:
        print(f"FAIL case {f['index']} ({f['category']}): crash={f['crash']} hang={f['hang']} lost={f['lost']} "
              f"violation={f['violation']} ({f['seconds']:.2f}s)")
    if args.failures:
        with open(args.failures, "w", encoding="utf-8") as fh:
            for f in totals.failures:
                fh.write(json.dumps(f) + "\n")
    if args.markdown:
        Path(args.markdown).write_text(
            f"<!-- python scripts/fuzz.py --cases {args.cases} --seed {args.seed} --workers {args.workers} "
            f"--budget {args.budget:g}{' --only ' + args.only if args.only else ''}: {elapsed:.0f}s wall -->\n" + format_markdown(totals) + "\n", encoding="utf-8")
    return 1 if (t["crashes"] or t["hangs"] or t["lost"] or t["violations"]) else 0


if __name__ == "__main__":
    sys.exit(main())
