"""Readers and shard planning: kinds, JSONL keys and broken lines, page files, limits, lists."""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from pathlib import Path

import pytest

from detector.batch import readers
from detector.batch.readers import (ReadError, ReadOptions, detect_kind, iter_jsonl, iter_pages, read_capped,
                                    read_page_file)
from detector.batch.shards import InputError, plan_inputs
from detector.records import Record


def _jsonl(path: Path, lines: list, gz: bool = False) -> Path:
    data = "".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def test_kind_from_extension_and_content(tmp_path):
    assert detect_kind("a/b.warc.gz") == "warc"
    assert detect_kind("x.warc.wet.gz") == "warc"
    assert detect_kind("x.jsonl.gz") == "jsonl"
    assert detect_kind("cc.paths.gz") == "paths"
    assert detect_kind("p.HTML") == "page"
    # no telling extension: the content decides, gzip looked through
    (tmp_path / "w").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n"))
    (tmp_path / "j").write_bytes(gzip.compress(b'  {"text": "x"}\n'))
    (tmp_path / "p").write_bytes(b"<html><body>hi</body></html>")
    assert detect_kind(str(tmp_path / "w")) == "warc"
    assert detect_kind(str(tmp_path / "j")) == "jsonl"
    assert detect_kind(str(tmp_path / "p")) == "page"


def test_jsonl_keys_ids_and_modes(tmp_path):
    p = _jsonl(tmp_path / "a.jsonl", [
        {"id": 7, "text": "plain text http://example.com/", "metadata": {"url": "https://site.example/a",
                                                                        "date": "2024-01-02"}},
        {"text": "no id here"},
        "",
        {"id": "h1", "html": "<p>x</p>", "text": "ignored", "url": ""},
        {"id": "h2", "html": "", "text": "empty html falls back to text"},
        {"id": True, "html": "", "url": "https://x.example/"},
        {"id": 1.5, "text": ""},
    ])
    items = list(iter_jsonl(str(p), "a.jsonl", ReadOptions()))
    assert [i.id for i in items] == ["7", "a.jsonl#2", "h1", "h2", "true", "1.5"]
    assert all(isinstance(i, Record) for i in items)
    assert items[0].url == "https://site.example/a" and items[0].date == "2024-01-02" and items[0].mode == "text"
    assert items[2].mode == "html" and items[2].content == "<p>x</p>" and items[2].url is None
    assert items[3].mode == "text" and items[3].content.startswith("empty html")
    assert items[4].content == "" and items[4].mode == "html"  # an empty page: scan gives empty_record


def test_jsonl_dotted_custom_keys(tmp_path):
    p = _jsonl(tmp_path / "b.jsonl", [{"doc": {"key": "k1", "body": "hello", "where": {"u": "https://e.example/"}},
                                        "url": "https://ignored.example/"}])
    opts = ReadOptions(id_key="doc.key", text_key="doc.body", url_keys=("doc.where.u",))
    (rec,) = list(iter_jsonl(str(p), "b.jsonl", opts))
    assert (rec.id, rec.content, rec.url) == ("k1", "hello", "https://e.example/")


def test_jsonl_broken_lines_become_error_items(tmp_path):
    p = _jsonl(tmp_path / "bad.jsonl", [
        {"id": "ok", "text": "fine"},
        '{"id": "x", "text": ',  # bad JSON
        {"id": "nokeys", "title": "no text"},
        {"id": "wrong", "text": 12},
        {"id": "wronghtml", "html": ["a"]},
        "[1, 2]",
        {"id": "ok2", "text": "fine again"},
    ])
    items = list(iter_jsonl(str(p), "bad.jsonl", ReadOptions()))
    assert len(items) == 7
    kinds = [i.message.split(":")[0] if isinstance(i, ReadError) else "ok" for i in items]
    assert kinds == ["ok", "json_error", "missing_key", "wrong_type", "wrong_type", "json_error", "ok"]
    assert items[1].id == "bad.jsonl#2" and "line 2" in items[1].message
    assert items[2].id == "nokeys" and items[3].id == "wrong"
    assert all("\n" not in i.message for i in items if isinstance(i, ReadError))


def test_truncated_gzip_jsonl_keeps_complete_lines(tmp_path):
    data = gzip.compress(b"".join(json.dumps({"id": f"r{i}", "text": "x" * 50 + str(i)}).encode() + b"\n"
                                  for i in range(2000)))
    p = tmp_path / "t.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    items = list(iter_jsonl(str(p), "t.jsonl.gz", ReadOptions()))
    assert isinstance(items[-1], ReadError) and items[-1].message.startswith("read_error")
    assert items[-1].id == "t.jsonl.gz"
    good = [i for i in items if isinstance(i, Record)]
    assert good and [r.id for r in good] == [f"r{i}" for i in range(len(good))]


def test_page_files_empty_unreadable_and_big(tmp_path, monkeypatch):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "big.html").write_bytes(b"<html>" + b"A" * 3000 + b"Z" * 3000 + b"</html>")
    (tmp_path / "secret.html").write_bytes(b"<html>x</html>")
    (tmp_path / "z.html.gz").write_bytes(gzip.compress(b"<html><body>zipped</body></html>"))
    real_open = readers._open

    def fake_open(path, *a, **k):  # CI runs as root: simulate an unreadable file
        if str(path).endswith("secret.html"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(readers, "_open", fake_open)
    names = ["empty.html", "big.html", "secret.html", "z.html.gz"]
    opts = ReadOptions(max_bytes=1000)
    items = list(iter_pages([str(tmp_path / n) for n in names], names, opts))
    assert items[0].content == b"" and items[0].mode == "html"
    assert len(items[1].content) == 1001 and items[1].content.startswith(b"<html>A")
    assert items[1].content.endswith(b"Z</html>")
    assert isinstance(items[2], ReadError) and items[2].message == "read_error: permission denied"
    assert items[3].content == b"<html><body>zipped</body></html>" and items[3].mode == "html"


def test_read_capped_stops_decompression_bombs():
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(comp.compress(b"\0" * (1 << 20)) for _ in range(64)) + comp.flush()  # 64 MB of zeros
    assert len(bomb) < 200_000
    reader = gzip.GzipFile(fileobj=io.BytesIO(bomb))
    out = read_capped(reader.read, 1 << 20, 4 << 20)
    assert len(out) == (1 << 20) + 1  # first half + 1, last half: the scanner truncates and marks it
    assert reader.tell() <= (4 << 20) + (1 << 20)  # stopped near the cap, not at 64 MB
    assert read_capped(io.BytesIO(b"small").read, 1 << 20, 4 << 20) == b"small"
    assert read_capped(io.BytesIO(b"x" * 5000).read, 0, 4000) == b"x" * 4000  # no size limit: cap only


def test_read_page_file_head_and_tail(tmp_path):
    p = tmp_path / "p.html"
    p.write_bytes(bytes(range(256)) * 100)
    data = read_page_file(str(p), 100)
    assert data[:51] == (bytes(range(256)) * 100)[:51] and data[51:] == (bytes(range(256)) * 100)[-50:]


# ---------------------------------------------------------------------------------- planning

def _tree(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "in" / ".hidden").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"p{i}.html").write_text("<html>x</html>")
    (tmp_path / "in" / "sub" / "a.txt").write_text("text")
    (tmp_path / "in" / "sub" / "deeper" / "b.htm").write_text("<html>b</html>")
    (tmp_path / "in" / "sub" / "recs.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "in" / ".hidden" / "h.html").write_text("<html>h</html>")
    (tmp_path / "in" / "noext").write_bytes(b"WARC/1.0\r\n")


def test_plan_directory_recursive_and_grouped(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    plan = plan_inputs(["in"], files_per_shard=2)
    keys = [(s.key, s.kind) for s in plan.shards]
    assert ("noext", "warc") in keys and ("sub/recs.jsonl", "jsonl") in keys
    files = [s for s in plan.shards if s.kind == "files"]
    assert [s.key for s in files] == ["files-0", "files-1", "files-2", "sub/files-0", "sub/deeper/files-0"]
    ids = [i for s in files for i in s.ids]
    assert ids == ["in/p0.html", "in/p1.html", "in/p2.html", "in/p3.html", "in/p4.html", "in/sub/a.txt",
                   "in/sub/deeper/b.htm"]
    assert plan.known_total is None  # a JSONL's record count is unknown until read
    assert not any(".hidden" in i for i in ids)


def test_plan_files_globs_lists_and_missing(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    plan = plan_inputs(["in/p0.html", "in/p1.html", "in/sub/recs.jsonl"])
    assert [(s.key, s.ids) for s in plan.shards] == [("files-0", ["in/p0.html", "in/p1.html"]),
                                                      ("recs.jsonl", ["in/sub/recs.jsonl"])]
    plan = plan_inputs(["in/**/*.htm*"])
    assert [i for s in plan.shards for i in s.ids] == sorted(
        ["in/p0.html", "in/p1.html", "in/p2.html", "in/p3.html", "in/p4.html", "in/sub/deeper/b.htm"])
    (tmp_path / "in" / "list.paths.gz").write_bytes(gzip.compress(b"sub/recs.jsonl\n\np3.html\n"))
    plan = plan_inputs(["in/list.paths.gz"])
    assert [(s.key, s.kind) for s in plan.shards] == [("sub/recs.jsonl", "jsonl"), ("files-0", "files")]
    assert plan.shards[1].ids == ["in/p3.html"]
    with pytest.raises(InputError, match="no such file"):
        plan_inputs(["in/nope.html"])
    with pytest.raises(InputError, match="no file matches"):
        plan_inputs(["in/*.nothing"])
    (tmp_path / "remote.paths").write_text("https://data.commoncrawl.org/x.warc.gz\n")
    with pytest.raises(InputError, match="never fetches"):
        plan_inputs(["remote.paths"])
    # duplicate output names get a suffix instead of overwriting each other
    os.makedirs("other/sub")
    (tmp_path / "other" / "sub" / "recs.jsonl").write_text('{"text": "y"}\n')
    plan = plan_inputs(["in/sub/recs.jsonl", "other/sub/recs.jsonl"])
    assert [s.key for s in plan.shards] == ["recs.jsonl", "recs.jsonl~2"]


def test_plan_never_reads_the_output_and_keys_stay_inside_it(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "res").mkdir()
    (tmp_path / "in" / "res" / "files-0.jsonl").write_text('{"text": "an earlier result"}\n')
    (tmp_path / "in" / "out.jsonl").write_text('{"text": "an earlier merged result"}\n')
    plan = plan_inputs(["in"], exclude=["in/res", "in/out.jsonl"])
    assert not any("res/" in i or i.endswith("out.jsonl") for s in plan.shards for i in s.ids)
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "up.paths").write_text("../in/sub/recs.jsonl\n")
    (shard,) = plan_inputs(["deep/up.paths"]).shards
    assert shard.key == "in/sub/recs.jsonl" and shard.ids == ["deep/../in/sub/recs.jsonl"]
