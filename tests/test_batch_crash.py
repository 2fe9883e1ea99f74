"""Nothing lost: worker crashes, page timeouts, SIGKILL of the whole batch and --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detector.batch.pool import next_job_after_death
from detector.batch.runner import (READING, SCANNING, BatchConfig, Job, final_path, partial_path, run_shard)
from detector.batch.shards import Shard
from test_batch import folder_rows, rows_of, run

CRASH, HANG = "@@DETECTOR-TEST-CRASH@@", "@@DETECTOR-TEST-HANG@@"


def _write_jsonl(path: Path, n: int, prefix: str, special: dict[int, str] | None = None) -> list[str]:
    special = special or {}
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"{special.get(i, '')} record {i} of {prefix}: garden notes, see https://g{i}.example/"
            fh.write(json.dumps({"id": f"{prefix}-{i}", "text": text.strip()}) + "\n")
            ids.append(f"{prefix}-{i}")
    return ids


def test_worker_crash_and_timeout_become_rows_and_the_shard_is_redone(tmp_path, monkeypatch):
    monkeypatch.setenv("DETECTOR_TEST_HOOKS", "1")  # test-only pages that kill or stall their worker
    d = tmp_path / "in"
    d.mkdir()
    ids = _write_jsonl(d / "a.jsonl", 300, "a", {70: CRASH, 71: CRASH, 150: HANG})
    ids += _write_jsonl(d / "b.jsonl", 100, "b", {99: CRASH})
    t0 = time.monotonic()
    proc = run(d, "-o", tmp_path / "o.jsonl", "--workers", "2", "--page-timeout", "2s", "--chunk-size", "32")
    assert proc.returncode == 3, proc.stderr.decode()
    assert time.monotonic() - t0 < 60
    rows = rows_of(tmp_path / "o.jsonl")
    assert [r["id"] for r in rows] == ids  # exactly one row per record, in order
    errors = {r["id"]: r["error"] for r in rows if r["error"]}
    assert set(errors) == {"a-70", "a-71", "a-150", "b-99"}
    assert errors["a-70"].startswith("worker_crash: the worker died while scanning")
    assert errors["a-150"].startswith("timeout: scanning this page took longer than 2s")
    assert all(r["score"] is not None for r in rows if not r["error"])
    stats = json.loads((tmp_path / "o.stats.json").read_text())
    assert stats["errors"] == {"timeout": 1, "worker_crash": 3} and stats["records"] == 400


def test_hooks_are_inert_without_the_test_switch(tmp_path, monkeypatch):
    monkeypatch.delenv("DETECTOR_TEST_HOOKS", raising=False)
    _write_jsonl(tmp_path / "c.jsonl", 3, "c", {1: CRASH})
    proc = run(tmp_path / "c.jsonl", "-o", tmp_path / "o.jsonl", "--workers", "1")
    assert proc.returncode == 0 and all(r["error"] is None for r in rows_of(tmp_path / "o.jsonl"))


def test_resume_after_sigkill_gives_one_row_per_record(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    ids: list[str] = []
    for k in range(8):
        ids += _write_jsonl(d / f"part-{k}.jsonl", 400, f"p{k}")
    out = tmp_path / "res"
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.pop("DETECTOR_TEST_HOOKS", None)
    proc = subprocess.Popen([sys.executable, "-m", "detector", "batch", str(d), "-o", str(out), "--workers", "1",
                             "--chunk-size", "16", "-q"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = list((out / ".state").glob("part-*.json")) if (out / ".state").is_dir() else []
        partial = [p for p in (out / ".partial").glob("*.jsonl") if p.stat().st_size > 0] \
            if (out / ".partial").is_dir() else []
        if done and partial:
            break
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed: give it more records"
    os.kill(proc.pid, signal.SIGKILL)  # the parent only, like the OOM killer
    proc.wait()
    # workers die with their parent (PR_SET_PDEATHSIG through the forkserver)
    for _ in range(200):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("worker processes outlived the killed batch")
    finished_before = {p.name for p in (out / ".state").glob("part-*.json")}
    assert 0 < len(finished_before) < 8
    res = run(d, "-o", out, "--resume", "--workers", "2", "--chunk-size", "16")
    assert res.returncode == 0, res.stderr.decode()
    rows = folder_rows(out)
    assert sorted(r["id"] for r in rows) == sorted(ids) and len(rows) == len(ids)
    for k in range(8):  # each shard's file is complete and in order
        assert [r["id"] for r in rows_of(out / f"part-{k}.jsonl.jsonl")] == [f"p{k}-{i}" for i in range(400)]
    stats = json.loads((out / "stats.json").read_text())
    assert stats["records"] == 3200 and stats["shards"] == 8


def _cfg(tmp_path) -> BatchConfig:
    return BatchConfig(root=str(tmp_path / "root"), page_timeout=2.0, chunk_size=4)


def test_recover_keeps_written_rows_and_marks_the_culprit(tmp_path):
    cfg = _cfg(tmp_path)
    _write_jsonl(tmp_path / "x.jsonl", 12, "x")
    shard = Shard("x.jsonl", "jsonl", [str(tmp_path / "x.jsonl")], ["x.jsonl"])
    pp = Path(partial_path(cfg.root, shard.key))
    pp.parent.mkdir(parents=True)
    kept = [{"id": f"x-{i}", "level": "minimal", "score": 0.0, "flagged": False, "error": None, "findings": [],
             "kept": True} for i in range(5)]
    pp.write_text("".join(json.dumps(r) + "\n" for r in kept) + '{"id": "x-5", "torn')
    stats = run_shard(Job(shard, recover=True, redo={7: "worker_crash: test"}), cfg)
    rows = rows_of(Path(final_path(cfg.root, shard.key)))
    assert [r["id"] for r in rows] == [f"x-{i}" for i in range(12)]
    assert all(r.get("kept") for r in rows[:5]) and not any(r.get("kept") for r in rows[5:])
    assert rows[7]["error"] == "worker_crash: test" and rows[6]["error"] is None
    assert stats["records"] == 12 and stats["errors"] == {"worker_crash": 1}
    assert not pp.exists()


def test_a_record_that_kills_the_reader_twice_ends_the_shard(tmp_path):
    shard = Shard("y.jsonl", "jsonl", [str(tmp_path / "y.jsonl")], ["y.jsonl"])
    job = Job(shard)
    j1 = next_job_after_death(job, 3, SCANNING, "worker_crash: a")
    j2 = next_job_after_death(j1, 5, SCANNING, "timeout: b")
    assert j2.redo == {3: "worker_crash: a", 5: "timeout: b"} and j2.recover and j2.stop_at is None
    j3 = next_job_after_death(j2, 8, READING, "worker_crash: c")
    assert j3.stop_at is None and 8 in j3.redo  # first time: the record becomes an error row
    j4 = next_job_after_death(j3, 8, READING, "worker_crash: c")
    assert j4.stop_at["index"] == 8  # reading it kills the reader again: stop there
    _write_jsonl(tmp_path / "y.jsonl", 12, "y")
    cfg = _cfg(tmp_path)
    run_shard(j4, cfg)
    rows = rows_of(Path(final_path(cfg.root, shard.key)))
    assert [r["id"] for r in rows[:8]] == [f"y-{i}" for i in range(8)]
    assert rows[3]["error"] == "worker_crash: a" and rows[5]["error"] == "timeout: b"
    assert len(rows) == 9 and rows[8]["id"] == "y.jsonl" and rows[8]["error"].startswith("read_error")
