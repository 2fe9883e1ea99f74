"""Ray executor: the same shard runner, scheduled with ``ray.remote(run_shard)``.

``detector batch ... --executor ray [--address ADDR]`` submits one task per shard. Each
task calls :func:`detector.batch.runner.run_shard` -- the function the local pool runs --
so both executors give the same rows by construction. The output folder must be on a
filesystem every Ray node sees (local Ray, NFS, a mounted bucket).

Limits and crash isolation without a watching parent: the task writes its position into a
memory-mapped cursor file and starts a tiny watchdog process (:mod:`detector.batch.cursor`)
that SIGKILLs the task process when one page exceeds ``--page-timeout``. Ray then retries
the task (``max_retries``); the retry reads the cursor, makes the record that killed the
last attempt an error row (``timeout`` or ``worker_crash``), keeps the complete rows already
written, and scans the rest.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import Callable

from detector.batch.cursor import DONE, IDLE, timed_out_phase
from detector.batch.pool import JobQueue, ShardFailed, crash_message, next_job_after_death, slow_limit
from detector.batch.runner import (BatchConfig, CursorTracker, Job, cursor_path, read_cursor, run_shard,
                                   write_json_atomic)

log = logging.getLogger(__name__)
MAX_RETRIES = 1000  # each retry gets past at least one record


def _redo_path(cfg: BatchConfig, key: str) -> str:
    return cursor_path(cfg.root, key)[: -len(".cursor")] + ".redo.json"


def prepare_attempt(job: Job, cfg: BatchConfig) -> Job:
    """The job to run now: the original one, or a rerun after the previous attempt was killed."""
    cpath = cursor_path(cfg.root, job.shard.key)
    rpath = _redo_path(cfg, job.shard.key)
    prev = read_cursor(cpath)
    if prev is None or prev[1] in (DONE,):
        if prev is not None:
            os.remove(cpath)
        if os.path.exists(rpath):
            os.remove(rpath)
        return job
    index, phase, _ = prev
    state = job
    if os.path.exists(rpath):
        with open(rpath, encoding="utf-8") as fh:
            d = json.load(fh)
        state = Job(job.shard, job.max_records, recover=True, redo={int(k): v for k, v in d["redo"].items()},
                    stop_at=d.get("stop_at"), attempt=d.get("attempt", 0))
    inner = timed_out_phase(phase)
    if inner is not None:
        msg = crash_message("timeout", inner, cfg.page_timeout, None)
        phase = inner
    else:
        msg = crash_message("crash", phase, cfg.page_timeout, None)
    nxt = next_job_after_death(state, index, phase, msg)
    write_json_atomic(rpath, {"redo": {str(k): v for k, v in nxt.redo.items()}, "stop_at": nxt.stop_at,
                              "attempt": nxt.attempt})
    return nxt


def shard_task(job: Job, cfg: BatchConfig) -> dict:
    """What one Ray task runs: a watchdog beside :func:`run_shard`."""
    import detector.batch._warm  # noqa: F401  (once per Ray worker: first-use cost is not a page's)

    job = prepare_attempt(job, cfg)
    cpath = cursor_path(cfg.root, job.shard.key)
    tracker = CursorTracker(cpath)
    tracker.set(-1, IDLE)
    dog = subprocess.Popen([sys.executable, "-m", "detector.batch.cursor", cpath, str(os.getpid()),
                            str(cfg.page_timeout), str(slow_limit(cfg.page_timeout))],
                           stdin=subprocess.DEVNULL)
    try:
        result = run_shard(job, cfg, tracker)
    finally:
        tracker.set(-1, DONE)
        try:
            dog.wait(timeout=5)
        except subprocess.TimeoutExpired:
            dog.kill()
        tracker.close()
    for p in (cpath, _redo_path(cfg, job.shard.key)):
        if os.path.exists(p):
            os.remove(p)
    return result


def run_ray(queue: JobQueue, cfg: BatchConfig, *, address: str | None, workers: int,
            on_progress: Callable[[dict], None], on_done: Callable[[str, dict], None]) -> None:
    import ray

    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        kw = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
        if address:
            ray.init(address=address, **kw)
        else:
            ray.init(num_cpus=workers, **kw)
    remote = ray.remote(num_cpus=1, max_retries=MAX_RETRIES, retry_exceptions=False)(shard_task)
    for s in queue.shards:  # cursors of an earlier (killed) run say nothing about this one
        for p in (cursor_path(cfg.root, s.key), _redo_path(cfg, s.key)):
            if os.path.exists(p):
                os.remove(p)
    pending: dict = {}
    while True:
        while True:
            job = queue.pop()
            if job is None:
                break
            pending[remote.remote(job, cfg)] = job
        if not pending:
            if queue.empty():
                return
            raise ShardFailed("internal error: no shard can start (limit bookkeeping)")
        ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
        for ref in ready:
            job = pending.pop(ref)
            try:
                stats = ray.get(ref)
            except Exception as exc:
                raise ShardFailed(f"shard {job.shard.key} failed on Ray: {type(exc).__name__}: {exc}") from exc
            queue.finished(job.shard.key, stats["records"])
            on_progress({"rows": stats["rows"], "flagged": stats["flagged"], "errors": stats["error_rows"]})
            on_done(job.shard.key, stats)
