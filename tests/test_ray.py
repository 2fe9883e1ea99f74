"""The Ray executor runs the same shard runner and gives the same rows as local processes.

Needs the ``ray`` extra; skipped only when ray is not importable.
"""

from __future__ import annotations

import os

import pytest

ray = pytest.importorskip("ray")

from conftest import CORPUS  # noqa: E402
from test_batch import folder_rows, run  # noqa: E402
from test_batch_crash import CRASH, HANG, _write_jsonl  # noqa: E402


def test_ray_gives_the_same_rows_as_local_processes_including_crashes_and_timeouts(shared_dir, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setenv("DETECTOR_TEST_HOOKS", "1")  # test-only pages that kill or stall their worker
    d = tmp_path / "in"
    d.mkdir()
    ids = _write_jsonl(d / "a.jsonl", 120, "a", {30: CRASH, 31: CRASH, 80: HANG})
    args = [d, CORPUS / "warc", "--page-timeout", "2s", "--chunk-size", "16", "--workers", "2"]
    local = run(*args, "-o", tmp_path / "local")
    assert local.returncode == 3, local.stderr.decode()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = run(*args, "-o", tmp_path / "ray", "--executor", "ray")
    finally:
        ray.shutdown()
    assert remote.returncode == 3, remote.stderr.decode()
    lrows, rrows = folder_rows(tmp_path / "local"), folder_rows(tmp_path / "ray")
    assert len(lrows) == 120 + 36
    assert lrows == rrows
    a_rows = [r for r in rrows if r["id"].startswith("a-")]
    assert [r["id"] for r in a_rows] == ids
    errors = {r["id"]: r["error"].split(":")[0] for r in a_rows if r["error"]}
    assert errors == {"a-30": "worker_crash", "a-31": "worker_crash", "a-80": "timeout"}
    assert not list((tmp_path / "ray" / ".state").rglob("*.cursor"))
