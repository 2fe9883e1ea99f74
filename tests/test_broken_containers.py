"""Broken containers and refused model files (issue 5).

Every broken input becomes an error row (or a counted error) with a one-line message, the
batch goes on with the other inputs, and the exit code 3 says the run was partial. Inputs
are built here at test time. CI runs as root, so an unreadable file is simulated by
making the readers' file open raise ``PermissionError`` (in-process: the shard runner is
called directly, since the CLI's workers are fresh forkserver processes).

Model files: a file that is not our plain JSON format is refused with a clear message,
even when its card's hash matches it, and no load path ever unpickles.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import random
import zlib
from pathlib import Path

import pytest

from detector.batch import readers
from detector.batch.readers import ReadError, ReadOptions, iter_jsonl, iter_pages, iter_warc_file
from detector.batch.runner import BatchConfig, Job, final_path, run_shard
from detector.batch.shards import plan_inputs
from detector.records import Record

from conftest import SEED
from test_batch import rows_of, run


# ------------------------------------------------------------------------------ builders


def warc_record(rtype: str, rid: str, payload: bytes, http: bytes = b"Content-Type: text/html\r\n",
                length_delta: int = 0) -> bytes:
    if rtype == "response":
        payload = b"HTTP/1.1 200 OK\r\n" + http + b"\r\n" + payload
        ctype = b"application/http; msgtype=response"
    else:
        ctype = b"text/plain"
    return (b"WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://x.example/%s\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (rtype.encode(), rid.encode(), rid.encode(), ctype, len(payload) + length_delta) + payload + b"\r\n\r\n")


def page(i: int) -> bytes:
    return b"<html><body><p>Garden notes %d: tomatoes, compost and rain.</p></body></html>" % i


def jsonl(objs) -> bytes:
    return b"".join((o if isinstance(o, bytes) else json.dumps(o).encode()) + b"\n" for o in objs)


def one_line(msg: str) -> bool:
    return bool(msg) and "\n" not in msg and "\r" not in msg and ":" in msg and len(msg) <= 500


def shard_rows(tmp_path: Path, arg: str, **cfg) -> list[dict]:
    """Plan one argument and run its shards in this process (library entry point)."""
    plan = plan_inputs([arg], files_per_shard=cfg.pop("files_per_shard", 100))
    conf = BatchConfig(root=str(tmp_path / "OUT"), chunk_size=4, **cfg)
    rows: list[dict] = []
    for s in plan.shards:
        run_shard(Job(s), conf)
        rows.extend(rows_of(Path(final_path(conf.root, s.key))))
    return rows


def gzip_flipped(data: bytes, seed: int = 3) -> bytes:
    """A gzip stream with a few bytes of its deflate body changed (corrupt, not truncated)."""
    gz = bytearray(gzip.compress(data, mtime=0))
    rng = random.Random(seed)
    for _ in range(6):
        i = rng.randrange(20, len(gz) - 12)
        gz[i] ^= 0x5A
    return bytes(gz)


# ------------------------------------------------------------------------------ the CLI


def test_a_folder_of_broken_inputs_gives_error_rows_and_exit_3(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_bytes(jsonl([
        {"id": "ok1", "text": "fine text about gardens"},
        b'{"id": "bad", "text": ',  # not JSON
        b"\xff\xfe not json at all \x00",
        {"id": "nokeys", "title": "no text, no html"},
        {"id": "num", "text": 12},  # text is a number
        {"id": "lst", "html": ["<p>a</p>"]},  # html is a list
        {"id": {"nested": 1}, "text": "id is an object"},  # id is an object: the line number stands in
        [1, 2, 3],  # a JSON array, not an object
        {"id": "ok2", "text": "fine again"},
    ]))
    lines = jsonl({"id": f"t{i}", "text": os.urandom(30).hex()} for i in range(400))
    gz = gzip.compress(lines, mtime=0)
    (d / "b_truncated.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    warc = b"".join(warc_record("response", f"r{i}", page(i)) for i in range(6))
    wgz = gzip.compress(warc, mtime=0)
    (d / "c_truncated.warc.gz").write_bytes(wgz[: len(wgz) * 2 // 3])
    (d / "d_badheader.warc").write_bytes(warc_record("response", "h0", page(0))
                                         + b"WARC/1.0\r\nthis is not a header\r\n\r\n" + b"\0" * 50)
    (d / "e_empty.html").write_bytes(b"")
    (d / "e_empty.txt").write_bytes(b"")
    (d / "e_bom_only.html").write_bytes(b"\xef\xbb\xbf")
    (d / "f_ok.html").write_bytes(page(1))
    (d / "loop").symlink_to("loop")  # a symlink loop among the pages
    out = tmp_path / "o.jsonl"
    proc = run(d, "-o", out, "--workers", "2")
    assert proc.returncode == 3, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    rows = rows_of(out)
    by_id = {r["id"]: r for r in rows}
    assert len(by_id) == len(rows), "duplicate rows"
    for r in rows:
        if r["error"]:
            assert one_line(r["error"]), r["error"]
            assert r["score"] is None and r["level"] == "error" and r["flagged"] is False
    a = f"{d}/a.jsonl"
    assert [r["id"] for r in rows[:9]] == ["ok1", f"{a}#2", f"{a}#3", "nokeys", "num", "lst", f"{a}#7", f"{a}#8", "ok2"]
    assert by_id["ok1"]["score"] is not None and by_id["ok2"]["score"] is not None
    assert by_id[f"{a}#2"]["error"].startswith("json_error: line 2")
    assert by_id[f"{a}#3"]["error"].startswith("json_error: line 3")
    assert by_id["nokeys"]["error"].startswith("missing_key")
    assert by_id["num"]["error"] == "wrong_type: 'text' is a JSON int, expected a string"
    assert by_id["lst"]["error"] == "wrong_type: 'html' is a JSON list, expected a string"
    assert by_id[f"{a}#7"]["score"] is not None  # an object id is not an id: the line stands in
    assert by_id[f"{a}#8"]["error"].startswith("json_error: line 8 is a JSON list")
    # the truncated JSONL.gz keeps its complete lines, then says where it broke
    b = [r for r in rows if r["id"].startswith("t") or r["id"] == f"{d}/b_truncated.jsonl.gz"]
    assert len(b) > 100 and b[-1]["id"] == f"{d}/b_truncated.jsonl.gz"
    assert b[-1]["error"].startswith("read_error: truncated file") and "after line" in b[-1]["error"]
    assert [r["id"] for r in b[:-1]] == [f"t{i}" for i in range(len(b) - 1)]
    # the truncated WARC.gz: intact records scanned, the cut one is an error row
    c = [r for r in rows if r["id"].startswith("<urn:uuid:r")]
    assert c and c[-1]["error"] and c[-1]["error"].startswith("read_error")
    assert all(r["score"] is not None for r in c[:-1])
    # a corrupt WARC header after a good record: the good one is kept, the rest is one error row
    assert by_id["<urn:uuid:h0>"]["score"] is not None
    assert by_id[f"{d}/d_badheader.warc"]["error"].startswith("read_error")
    for name in ("e_empty.html", "e_empty.txt", "e_bom_only.html"):
        assert by_id[f"{d}/{name}"]["error"].startswith("empty_record"), name
    assert by_id[f"{d}/f_ok.html"]["score"] is not None
    assert by_id[f"{d}/loop"]["error"].startswith("read_error"), by_id[f"{d}/loop"]
    stats = json.loads((tmp_path / "o.stats.json").read_text())
    assert stats["records"] == len(rows) and stats["error_rows"] == sum(1 for r in rows if r["error"])
    assert stats["errors"]["empty_record"] == 3 and stats["errors"]["wrong_type"] == 2


def test_missing_path_and_symlink_loop_arguments_are_usage_errors(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "ok.html").write_bytes(page(0))
    for bad in ("does-not-exist.warc.gz", "loop"):
        proc = run(tmp_path / "ok.html", tmp_path / bad, "-o", tmp_path / "o.jsonl")
        assert proc.returncode == 2, proc.stderr.decode()
        err = proc.stderr.decode().strip()
        assert len(err.splitlines()) == 1 and "no such file" in err and "Traceback" not in err
        assert not (tmp_path / "o.jsonl").exists()


def test_scan_of_an_unreadable_or_missing_file_is_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from detector.cli import app

    p = tmp_path / "secret.html"
    p.write_bytes(page(0))
    real = Path.read_bytes

    def deny(self):
        if self.name == "secret.html":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    res = CliRunner().invoke(app, ["scan", str(p)])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"detector: error: {p}: cannot read: Permission denied"
    res = CliRunner().invoke(app, ["scan", str(tmp_path / "nope.html")])
    assert res.exit_code == 2 and res.stderr.strip().endswith("no such file") and len(res.stderr.splitlines()) == 1


# ------------------------------------------------------------------------------ library entry point


def test_unreadable_files_become_rows_and_the_shard_goes_on(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        (d / f"p{i}.html").write_bytes(page(i))
    (d / "recs.jsonl").write_bytes(jsonl([{"id": "j0", "text": "x"}]))
    (d / "arc.warc").write_bytes(warc_record("response", "w0", page(0)))
    real = readers._open

    def fake_open(path, *a, **k):  # CI runs as root: chmod cannot make a file unreadable
        if os.path.basename(str(path)) in ("p1.html", "recs.jsonl", "arc.warc"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *a, **k)

    monkeypatch.setattr(readers, "_open", fake_open)
    import detector.batch.warc as warcmod

    real_iter = warcmod.iter_warc

    def deny_warc(path, *a, **k):
        if os.path.basename(str(path)) == "arc.warc":
            raise PermissionError(13, "Permission denied", str(path))
        return real_iter(path, *a, **k)

    monkeypatch.setattr(warcmod, "iter_warc", deny_warc)
    monkeypatch.chdir(tmp_path)
    rows = shard_rows(tmp_path, "in")
    by_id = {r["id"]: r for r in rows}
    assert by_id["in/p1.html"]["error"] == "read_error: permission denied"
    assert all(by_id[f"in/p{i}.html"]["score"] is not None for i in (0, 2, 3))
    assert by_id["in/recs.jsonl"]["error"] == "read_error: permission denied"
    assert by_id["in/arc.warc"]["error"].startswith("read_error: permission denied")
    assert len(rows) == 6


def test_decompression_bombs_are_capped(tmp_path, monkeypatch):
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = comp.compress(b"<html><body><p>") + b"".join(comp.compress(b" " * (1 << 20)) for _ in range(40)) \
        + comp.compress(b"end</p></body></html>") + comp.flush()
    assert len(bomb) < 100_000  # 40 MB of spaces in a small file
    d = tmp_path / "in"
    d.mkdir()
    (d / "bomb.html.gz").write_bytes(bomb)
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    jbomb = comp.compress(b'{"id": "ok", "text": "fine"}\n{"id": "big", "text": "') + b"".join(
        comp.compress(b" " * (1 << 20)) for _ in range(40)) + comp.compress(b'x"}\n{"id": "after", "text": "y"}\n') \
        + comp.flush()
    (d / "bomb.jsonl.gz").write_bytes(jbomb)
    monkeypatch.chdir(tmp_path)
    rows = shard_rows(tmp_path, "in", max_bytes=1 << 20, decode_cap=4 << 20)
    by_id = {r["id"]: r for r in rows}
    # the page: read up to the cap, scanned on its first and last half, marked truncated
    assert by_id["in/bomb.html.gz"]["truncated"] is True and by_id["in/bomb.html.gz"]["score"] is not None
    # the JSONL line longer than the cap is an error row; the lines around it are scanned
    assert [r["id"] for r in rows] == ["in/bomb.html.gz", "ok", "in/bomb.jsonl.gz#2", "after"]
    assert by_id["in/bomb.jsonl.gz#2"]["error"].startswith("json_error: line 2 is longer than")
    assert by_id["ok"]["score"] is not None and by_id["after"]["score"] is not None


def test_corrupt_gzip_is_a_read_error_not_a_crash(tmp_path, monkeypatch):
    """A gzip body with changed bytes raises zlib.error, which is neither OSError nor ValueError."""
    lines = jsonl({"id": f"z{i}", "text": f"record {i} " + "garden " * 20} for i in range(300))
    d = tmp_path / "in"
    d.mkdir()
    (d / "corrupt.jsonl.gz").write_bytes(gzip_flipped(lines))
    (d / "corrupt.html.gz").write_bytes(gzip_flipped(page(7) * 200))
    (d / "corrupt.warc.gz").write_bytes(gzip_flipped(b"".join(warc_record("response", f"c{i}", page(i) * 30)
                                                              for i in range(30))))
    (d / "zz_ok.html").write_bytes(page(9))
    monkeypatch.chdir(tmp_path)
    rows = shard_rows(tmp_path, "in")  # must not raise
    by_id = {r["id"]: r for r in rows}
    assert by_id["in/zz_ok.html"]["score"] is not None
    assert by_id["in/corrupt.html.gz"]["error"].startswith("read_error")
    assert by_id["in/corrupt.jsonl.gz"]["error"].startswith("read_error")
    z = [r for r in rows if r["id"].startswith("z")]
    assert [r["id"] for r in z] == [f"z{i}" for i in range(len(z))]
    assert any(r["id"] == "in/corrupt.warc.gz" and r["error"].startswith("read_error") for r in rows) or \
        any(r["id"].startswith("<urn:uuid:c") and r["error"] for r in rows)
    for r in rows:
        assert r["error"] is None or one_line(r["error"])


def _warc_ids(items) -> list[tuple[str, str | None]]:
    return [(i.id, i.message.split(":")[0] if isinstance(i, ReadError) else None) for i in items]


@pytest.mark.parametrize("gz", [False, True])
def test_a_skipped_record_cut_short_does_not_hide_the_loss(tmp_path, gz):
    """Records after a non-HTML record whose Content-Length runs past the end of the file
    (or a file cut inside such a record) are lost: an error row must say so."""
    recs = [warc_record("response", "a", page(0)),
            warc_record("response", "img", b"\x89PNG\r\n" + b"\0" * 500, b"Content-Type: image/png\r\n",
                        length_delta=10**6),
            warc_record("response", "b", page(1)), warc_record("response", "c", page(2))]
    data = b"".join(recs)
    p = tmp_path / ("x.warc.gz" if gz else "x.warc")
    p.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    items = list(iter_warc_file(str(p), "x.warc", ReadOptions()))
    got = _warc_ids(items)
    assert got[0] == ("<urn:uuid:a>", None)
    assert any(kind == "read_error" for _, kind in got[1:]), got
    # a file cut inside a request record (skipped) in the middle of the file
    recs = [warc_record("response", "a", page(0)), warc_record("request", "q", b"GET / HTTP/1.1\r\n\r\n" * 20),
            warc_record("response", "b", page(1))]
    data = b"".join(recs)
    cut = len(recs[0]) + len(recs[1]) // 2
    q = tmp_path / ("y.warc.gz" if gz else "y.warc")
    q.write_bytes(gzip.compress(data[:cut], mtime=0)[:-8] if gz else data[:cut])  # gz: no end-of-stream either
    got = _warc_ids(iter_warc_file(str(q), "y.warc", ReadOptions()))
    assert got[0] == ("<urn:uuid:a>", None)
    assert any(kind == "read_error" for _, kind in got[1:]), got


@pytest.mark.parametrize("name", ["x.warc", "x", "x.WARC"])
def test_a_gzip_warc_without_gz_in_its_name_is_read(tmp_path, name):
    data = b"".join(warc_record("response", f"r{i}", page(i)) for i in range(3))
    p = tmp_path / name
    p.write_bytes(gzip.compress(data, mtime=0))
    items = list(iter_warc_file(str(p), name, ReadOptions()))
    assert _warc_ids(items) == [(f"<urn:uuid:r{i}>", None) for i in range(3)]


def test_a_truncated_gzip_jsonl_without_extension_keeps_its_complete_lines(tmp_path, monkeypatch):
    lines = jsonl({"id": f"n{i}", "text": os.urandom(20).hex()} for i in range(300))
    gz = gzip.compress(lines, mtime=0)
    d = tmp_path / "in"
    d.mkdir()
    (d / "export").write_bytes(gz[: len(gz) // 2])  # no telling extension: the content decides
    monkeypatch.chdir(tmp_path)
    rows = shard_rows(tmp_path, "in")
    assert len(rows) > 50, rows[:2]
    assert rows[-1]["id"] == "in/export" and rows[-1]["error"].startswith("read_error")
    assert [r["id"] for r in rows[:-1]] == [f"n{i}" for i in range(len(rows) - 1)]


def test_wrong_content_length_and_garbage_between_records(tmp_path):
    recs = [warc_record("response", f"r{i}", page(i)) for i in range(4)]
    short = warc_record("response", "short", page(5), length_delta=-7)
    garbage = b"\x00\xffGARBAGE between records\r\n\r\n"
    cases = {
        "garbage.warc": recs[0] + garbage + recs[1],
        "short.warc": recs[0] + short + recs[2],
        "long.warc": recs[0] + warc_record("response", "long", page(6), length_delta=25) + recs[3],
    }
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        got = _warc_ids(iter_warc_file(str(p), name, ReadOptions()))
        assert got[0] == ("<urn:uuid:r0>", None), (name, got)
        ids = [i for i, _ in got]
        assert len(ids) == len(set(ids)), (name, got)
        # the last record is there, or an error row says that the file could not be read on
        assert got[-1][0] in ("<urn:uuid:r1>", "<urn:uuid:r2>", "<urn:uuid:r3>") or got[-1][1] == "read_error" \
            or any(k == "read_error" for _, k in got), (name, got)


# ------------------------------------------------------------------------------ model files


@pytest.fixture
def no_unpickling(monkeypatch):
    """Every unpickling entry point raises: a load path that unpickles fails the test."""
    calls = []

    def refuse(*a, **k):
        calls.append(a[:1])
        raise AssertionError("a model load path tried to unpickle")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    import numpy as np

    real_np_load = np.load

    def np_load(*a, allow_pickle=False, **k):
        if allow_pickle:
            refuse(*a)
        return real_np_load(*a, allow_pickle=False, **k)

    monkeypatch.setattr(np, "load", np_load)
    try:
        import joblib

        monkeypatch.setattr(joblib, "load", refuse)
    except ImportError:
        pass
    return calls


def _card_for(data: bytes, data_file: str = "model.json") -> dict:
    from detector.model import FORMAT, sha256_bytes

    return {"format": FORMAT, "data_file": data_file, "data_sha256": sha256_bytes(data), "features": ["x"]}


def _model_dir(tmp_path: Path, name: str, data: bytes, card: dict | bytes | None = None) -> Path:
    d = tmp_path / name
    d.mkdir()
    (d / "model.json").write_bytes(data)
    c = _card_for(data) if card is None else card
    (d / "card.json").write_bytes(c if isinstance(c, bytes) else json.dumps(c).encode())
    return d


class _Boom:
    def __reduce__(self):  # unpickling this would run code
        return (os.system, ("echo PWNED > /dev/null",))


def test_foreign_model_files_are_refused_without_unpickling(tmp_path, no_unpickling):
    import numpy as np

    from detector.model import ModelError, load_model

    pickled = pickle.dumps({"format": "seo-injection-detector/model", "evil": _Boom()})
    buf = io.BytesIO()
    np.savez(buf, coef=np.arange(3.0), obj=np.array([{"a": 1}], dtype=object))
    joblib_bytes = io.BytesIO()
    try:
        import joblib

        joblib.dump({"coef": [1.0]}, joblib_bytes)
    except ImportError:
        joblib_bytes.write(pickled)
    cases = {
        # the card's hash matches: the refusal must come from the format, not from the hash
        "pickle": (pickled, None, "not JSON"),
        "npz": (buf.getvalue(), None, "not JSON"),
        "joblib": (joblib_bytes.getvalue(), None, "not JSON"),
        "json-array": (b"[1, 2, 3]", None, "not a seo-injection-detector model file"),
        "other-format": (json.dumps({"format": "sklearn", "coef": [1]}).encode(), None,
                         "not a seo-injection-detector model file"),
        "pickled-card": (b"{}", pickle.dumps({"format": "seo-injection-detector/model"}), "card is not JSON"),
        "hash-differs": (b'{"format": "seo-injection-detector/model"}', _card_for(b"other bytes"), "differs from its card"),
    }
    for name, (data, card, why) in cases.items():
        d = _model_dir(tmp_path, name, data, card)
        with pytest.raises(ModelError) as exc:
            load_model(d)
        msg = str(exc.value)
        assert why in msg and "\n" not in msg and len(msg) < 400, (name, msg)
    assert no_unpickling == []


def test_eval_refuses_a_pickled_model_with_one_line(tmp_path, no_unpickling):
    from typer.testing import CliRunner

    from detector.cli import app

    d = _model_dir(tmp_path, "m", pickle.dumps({"evil": _Boom()}))
    data = tmp_path / "labelled.jsonl"
    data.write_text(json.dumps({"id": "a", "text": "x", "label": 0}) + "\n")
    res = CliRunner().invoke(app, ["eval", str(data), "--model", str(d)])
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and "not a seo-injection-detector model file" in err
    assert no_unpickling == []


def test_scan_and_batch_load_the_model_without_unpickling(tmp_path, monkeypatch, no_unpickling):
    from detector.batch import runner
    from detector.scan import scan_page

    monkeypatch.setattr(runner, "_ENGINE", None)  # the runner loads its model again, under the patch
    v = scan_page(Record(id="seed", content=SEED.read_bytes(), mode="text"))
    assert v.score is not None and v.model.get("name")
    d = tmp_path / "in"
    d.mkdir()
    (d / "recs.jsonl").write_bytes(jsonl([{"id": "s", "text": SEED.read_text()}]))
    monkeypatch.chdir(tmp_path)
    rows = shard_rows(tmp_path, "in")
    assert rows[0]["score"] is not None and rows[0]["model"] == v.model
    assert no_unpickling == []


# ------------------------------------------------------------------------------ hostile charset labels


@pytest.mark.parametrize("charset", ["\x00", "utf-8\x00", "x" * 300, "utf-8\"><script>", "", "nonsense"])
def test_a_warc_response_with_a_garbage_charset_is_still_scanned(tmp_path, charset):
    from detector.scan import scan_records

    http = b"Content-Type: text/html; charset=" + charset.encode("latin-1") + b"\r\n"
    p = tmp_path / "c.warc"
    p.write_bytes(warc_record("response", "cs", page(3), http))
    items = list(iter_warc_file(str(p), "c.warc", ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Record)
    (v,) = scan_records(items)
    assert v.error is None and v.score is not None, v.error


def test_a_lying_utf32_charset_does_not_empty_the_page():
    from detector.scan import scan_page

    html = "<html><body><p>日本語のページです。東京の天気は晴れ。</p></body></html>".encode("shift_jis")
    v = scan_page(Record(id="lie", content=html, mode="html", charset="utf-32"))
    assert v.error is None, v.error


@pytest.mark.parametrize("layout", ["per_record", "one_member"])
def test_the_end_of_file_check_on_big_gzip_warcs(tmp_path, monkeypatch, layout):
    """Complete files pass (per-record members: checked from a window at the end), a cut one fails."""
    import detector.batch.warc as warcmod

    monkeypatch.setattr(warcmod, "TAIL_WINDOW", 3000)  # as if the files were larger than 8 MB
    rng = random.Random(5)
    recs = [warc_record("response", f"b{i}", b"<html><body>" + rng.randbytes(400).hex().encode() + b"</body></html>")
            for i in range(30)]
    blob = b"".join(gzip.compress(r, mtime=0) for r in recs) if layout == "per_record" else gzip.compress(b"".join(recs))
    p = tmp_path / "big.warc.gz"
    p.write_bytes(blob)
    got = _warc_ids(iter_warc_file(str(p), "big.warc.gz", ReadOptions()))
    assert got == [(f"<urn:uuid:b{i}>", None) for i in range(30)]
    p.write_bytes(blob[:-5])
    got = _warc_ids(iter_warc_file(str(p), "big.warc.gz", ReadOptions()))
    assert got[-1][1] == "read_error" and all(k is None for _, k in got[:-1]) and len(got) >= 29
