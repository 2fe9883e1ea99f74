"""The fastwarc adapter and the WARC/WET reader, on the shared WARC files and built ones.

What the shared files hold (checked here, so a fastwarc upgrade that changes behaviour fails):
commoncrawl_whirlwind.warc.gz: 1 HTML response (+ warcinfo, request, metadata);
commoncrawl_whirlwind.warc.wet.gz: 1 conversion; commoncrawl_whirlwind.warc.wat.gz: no
record to scan (metadata only); resiliparse_warcfile.warc.gz: 16 HTML responses;
warcio_example-iana.org-chunked.warc: 1 chunked response; warcio_example.warc.gz: 1
gzip-encoded response and a revisit (skipped).
"""

from __future__ import annotations

import gzip
import random
import zlib

import pytest

from detector.batch.readers import ReadError, ReadOptions, iter_warc_file
from detector.batch.warc import iter_warc
from detector.records import Record
from conftest import CORPUS

WARC = CORPUS / "warc"
EXPECTED = {
    "commoncrawl_whirlwind.warc.gz": (1, "html", {"warcinfo": 1, "request": 1, "metadata": 1}),
    "commoncrawl_whirlwind.warc.wet.gz": (1, "text", {"warcinfo": 1}),
    "commoncrawl_whirlwind.warc.wat.gz": (0, None, {"warcinfo": 1, "metadata": 1}),
    "resiliparse_warcfile.warc.gz": (16, "html", {"warcinfo": 1, "request": 17, "metadata": 16}),
    "warcio_example-iana.org-chunked.warc": (1, "html", {"warcinfo": 1, "request": 1}),
    "warcio_example.warc.gz": (1, "html", {"warcinfo": 2, "request": 2, "revisit": 1}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_warc_files(shared_dir, name):
    n, mode, skipped = EXPECTED[name]
    opts = ReadOptions()
    items = list(iter_warc_file(str(WARC / name), name, opts))
    assert len(items) == n and all(isinstance(i, Record) for i in items)
    assert dict(opts.skipped) == skipped
    for rec in items:
        assert rec.mode == mode
        assert rec.id.startswith("<urn:uuid:") and rec.url.startswith("http") and rec.date[:2] == "20"
        assert len(rec.content) > 100


def test_chunked_and_gzip_payloads_are_decoded(shared_dir):
    (chunked,) = iter_warc_file(str(WARC / "warcio_example-iana.org-chunked.warc"), "c", ReadOptions())
    assert chunked.content.startswith(b"<!doctype html>") and chunked.charset == "utf-8"
    (gz,) = iter_warc_file(str(WARC / "warcio_example.warc.gz"), "g", ReadOptions())
    assert gz.content.startswith(b"<!doctype html>") and b"Example Domain" in gz.content


def _record(rtype: str, rid: str, payload: bytes, headers: bytes = b"Content-Type: text/html\r\n") -> bytes:
    if rtype == "response":
        payload = b"HTTP/1.1 200 OK\r\n" + headers + b"Content-Length: %d\r\n\r\n" % len(payload) + payload
        ctype = b"application/http; msgtype=response"
    else:
        ctype = b"text/plain"
    return (b"WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://x.example/%s\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (rtype.encode(), rid.encode(), rid.encode(), ctype, len(payload)) + payload + b"\r\n\r\n")


def test_decompression_bomb_is_capped_and_the_next_record_still_reads(tmp_path):
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"<html>" + b"".join(comp.compress(b" " * (1 << 20)) for _ in range(32)) + comp.flush()
    bomb = bomb[6:]
    data = (_record("response", "bomb", bomb, b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
            + _record("response", "after", b"<html><body>after the bomb</body></html>")
            + _record("response", "img", b"\x89PNG....", b"Content-Type: image/png\r\n"))
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(gzip.compress(data))
    opts = ReadOptions(max_bytes=1 << 20, decode_cap=4 << 20)
    items = list(iter_warc_file(str(p), "bomb.warc.gz", opts))
    assert [i.id for i in items] == ["<urn:uuid:bomb>", "<urn:uuid:after>"]
    assert len(items[0].content) == (1 << 20) + 1  # head + tail of what was decoded: scanned truncated
    assert items[1].content == b"<html><body>after the bomb</body></html>"
    assert dict(opts.skipped) == {"response:image/png": 1}


def test_truncated_and_corrupt_warc_end_with_one_read_error(tmp_path):
    rnd = random.Random(4)
    data = b"".join(_record("response", f"r{i}", b"<html>" + rnd.randbytes(1500).hex().encode() + b"</html>")
                    for i in range(20))
    gz = gzip.compress(data)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(gz[: len(gz) * 2 // 3])
    items = list(iter_warc_file(str(p), "cut.warc.gz", ReadOptions()))
    assert isinstance(items[-1], ReadError) and items[-1].message.startswith("read_error")
    assert "cut short" in items[-1].message
    assert all(isinstance(i, Record) for i in items[:-1])
    assert [i.id for i in items] == [f"<urn:uuid:r{i}>" for i in range(len(items))]
    p2 = tmp_path / "junk.warc"
    p2.write_bytes(b"WARC/1.0\r\nthis is not a header at all\r\n\r\n" + b"\0" * 100)
    items = list(iter_warc_file(str(p2), "junk.warc", ReadOptions()))
    assert all(isinstance(i, ReadError) for i in items) and len(items) <= 1


def test_wet_conversion_is_text(tmp_path):
    p = tmp_path / "x.wet"
    p.write_bytes(_record("conversion", "c1", "Texte extrait http://spam.example/ ok".encode()))
    (rec,) = iter_warc_file(str(p), "x.wet", ReadOptions())
    assert rec.mode == "text" and rec.content.startswith("Texte".encode())


def test_adapter_types(shared_dir):
    types = [i.type for i in iter_warc(str(WARC / "commoncrawl_whirlwind.warc.gz"))]
    assert types == ["warcinfo", "request", "response", "metadata"]
