"""Kill and resume: batches killed with SIGKILL at seeded points end, after --resume, with
exactly one row per record: no duplicates, no gaps, every shard file complete and in order.

Each trial starts `detector batch` in a subprocess over a mix of JSONL files, a WARC file and
loose HTML files (all shard kinds), waits until a seeded number of rows has been written,
and kills it with SIGKILL: the parent only (like the OOM killer; its workers die with it)
or the whole process group. One trial kills the first resumed run as well. The last resume
runs to completion in this process.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from test_batch import folder_rows, rows_of, run

TRIALS = [(11, "parent", False), (12, "group", False), (13, "parent", True)]


def _warc(rid: str, i: int) -> bytes:
    body = b"<html><body><p>Archived page %d about rivers and bridges.</p></body></html>" % i
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: http://w.example/%d\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % (rid.encode(), i, len(payload)) + payload + b"\r\n\r\n")


def build_inputs(d: Path) -> dict[str, list[str]]:
    """Inputs and, per output shard file, the row ids it must end with (in order)."""
    expect: dict[str, list[str]] = {}
    for k in range(3):
        ids = [f"j{k}-{i}" for i in range(60)]
        (d / f"part-{k}.jsonl").write_text("".join(
            json.dumps({"id": rid, "text": f"record {rid}: notes on soil, seeds and https://g{i % 9}.example/"}) + "\n"
            for i, rid in enumerate(ids)), encoding="utf-8")
        expect[f"part-{k}.jsonl.jsonl"] = ids
    wids = [f"w-{i}" for i in range(30)]
    (d / "arc.warc").write_bytes(b"".join(_warc(r, i) for i, r in enumerate(wids)))
    expect["arc.warc.jsonl"] = [f"<urn:uuid:{r}>" for r in wids]
    (d / "pages").mkdir()
    names = [f"p{i:02d}.html" for i in range(16)]
    for i, n in enumerate(names):
        (d / "pages" / n).write_text(f"<html><body><h1>Page {i}</h1><p>Local bakery news, week {i}.</p></body></html>")
    for g in range(0, 16, 4):
        expect[f"pages/files-{g // 4}.jsonl"] = [f"in/pages/{n}" for n in names[g:g + 4]]
    return expect


def rows_written(out: Path) -> int:
    n = 0
    for p in list(out.glob("**/*.jsonl")):
        try:
            with open(p, "rb") as fh:
                n += fh.read().count(b"\n")
        except OSError:
            pass
    return n


ARGS = ["--workers", "2", "--chunk-size", "4", "--files-per-shard", "4"]


def start(cwd: Path, resume: bool) -> subprocess.Popen:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.pop("DETECTOR_TEST_HOOKS", None)
    cmd = [sys.executable, "-m", "detector", "batch", "in", "-o", "res", "-q", *ARGS] + (["--resume"] if resume else [])
    return subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def kill_after(proc: subprocess.Popen, out: Path, target: int, mode: str, must: bool = True) -> int | None:
    """SIGKILL once at least `target` rows are on disk; returns the rows seen at the kill
    (None when the run finished first and `must` is false)."""
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline:
        seen = rows_written(out) if out.is_dir() else 0
        if seen >= target:
            break
        if proc.poll() is not None:
            if not must and proc.returncode == 0:
                return None
            pytest.fail(f"the batch ended before the kill point ({seen} < {target} rows): "
                        f"{proc.stderr.read().decode()[-500:]}")
        time.sleep(0.01)
    if mode == "group":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(200):  # workers die with their parent
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("worker processes outlived the killed batch")
    return seen


@pytest.mark.parametrize("seed,mode,kill_resume_too", TRIALS)
def test_sigkill_then_resume_gives_exactly_one_row_per_record(tmp_path, seed, mode, kill_resume_too):
    rng = random.Random(seed)
    d = tmp_path / "in"
    d.mkdir()
    expect = build_inputs(d)
    total = sum(len(v) for v in expect.values())
    out = tmp_path / "res"
    target = rng.randint(total // 10, total * 6 // 10)
    seen = kill_after(start(tmp_path, resume=False), out, target, mode)
    assert seen < total
    if kill_resume_too:
        # the resumed run keeps the rows on disk: kill it again a few rows later
        target2 = rows_written(out) + rng.randint(1, 12)
        kill_after(start(tmp_path, resume=True), out, target2, rng.choice(["parent", "group"]), must=False)
    res = run("in", "-o", "res", "--resume", *ARGS, cwd=tmp_path)
    assert res.returncode == 0, res.stderr.decode()
    rows = folder_rows(out)
    ids = Counter(r["id"] for r in rows)
    want = Counter(i for v in expect.values() for i in v)
    assert not (ids - want), f"duplicate or foreign rows: {list((ids - want).items())[:5]}"
    assert not (want - ids), f"missing rows: {list((want - ids).items())[:5]}"
    for rel, want_ids in expect.items():
        assert [r["id"] for r in rows_of(out / rel)] == want_ids, rel
    assert all(r["error"] is None and r["score"] is not None for r in rows)
    assert not [p for p in (out / ".partial").rglob("*") if p.is_file()]
    stats = json.loads((out / "stats.json").read_text())
    assert stats["records"] == stats["rows"] == total and stats["error_rows"] == 0
