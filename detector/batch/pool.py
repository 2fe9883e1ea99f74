"""Our own small process pool with a watchdog (local executor).

Why not ``ProcessPoolExecutor`` or loky: when one worker dies they fail every in-flight
task. Here each worker owns one shard at a time and tells the parent, through shared
memory (no system call per record), which record it is on and since when. The parent is
the watchdog: a worker stuck on one page longer than ``page_timeout`` -- even inside C code
that never returns to Python -- is killed with SIGKILL. When a worker dies for any reason,
its shard is rerun with ``recover=True``: complete rows already written are kept, the
record it was on becomes an error row (``timeout`` or ``worker_crash``), the rest of the
shard is scanned by a fresh worker.

Workers start from a ``forkserver`` with our modules preloaded (fast, and no inherited
state from the parent), die with their parent (``PR_SET_PDEATHSIG``), and ignore SIGINT
(the parent handles Ctrl-C).
"""

from __future__ import annotations

import collections
import ctypes
import logging
import multiprocessing as mp
import os
import signal
import time
import traceback
from multiprocessing.connection import wait
from typing import Callable

from detector.batch.runner import (DONE, IDLE, PHASE_NAMES, READING, SCANNING, ArrayTracker,
                                   BatchConfig, Job, engine, run_shard)
from detector.batch.shards import Shard

log = logging.getLogger(__name__)

PRELOAD = ["detector.batch.runner", "detector.scan", "detector.detectors", "detector.page",
           "detector.batch.readers", "detector.batch.warc", "detector.batch._warm"]
MAX_ATTEMPTS_WITHOUT_PROGRESS = 3


class ShardFailed(Exception):
    """A shard that could not be completed (a defect or a full disk, not a bad page)."""


def slow_limit(page_timeout: float) -> float:
    """Time allowed for reading one record or writing a chunk (bounded, but not a page limit)."""
    return max(60.0, 4 * page_timeout)


def crash_message(reason: str, phase: int, page_timeout: float, exitcode: int | None) -> str:
    where = PHASE_NAMES.get(phase, "?")
    if reason == "timeout":
        if phase == SCANNING:
            return f"timeout: scanning this page took longer than {page_timeout:g}s; its worker was stopped"
        return f"timeout: {where} this record took too long; its worker was stopped"
    # the exit status goes to the log, not the row: local and Ray runs give identical rows
    return f"worker_crash: the worker died while {where} this record"


def next_job_after_death(job: Job, index: int, phase: int, message: str) -> Job:
    """The rerun of a shard whose worker died on record `index` (shared with the Ray executor)."""
    redo = dict(job.redo)
    stop_at = job.stop_at
    attempt = job.attempt + 1
    if index < 0 or phase in (IDLE, DONE):
        if attempt > MAX_ATTEMPTS_WITHOUT_PROGRESS:
            raise ShardFailed(f"{job.shard.key}: the worker died {attempt} times outside any record ({message})")
    elif phase == READING and index in redo:
        # reading this record kills the reader every time: the rest of the shard is unreadable
        stop_at = {"index": index, "message": f"read_error: reading record {index + 1} of this file kills "
                                              f"the reader ({message.split(':', 1)[0]}); the rest of the file was skipped"}
    else:
        redo[index] = message
    return Job(job.shard, job.max_records, recover=True, redo=redo, stop_at=stop_at, attempt=attempt,
               extra=job.extra)


class JobQueue:
    """Shards in input order, with --limit budgets: a shard gets the records left after all
    earlier shards, so it can start only once their counts are known (finished, or loose
    files counted in advance). Without a limit every shard is ready at once."""

    def __init__(self, shards: list[Shard], limit: int | None, done_counts: dict[str, int],
                 recover: bool = False) -> None:
        self.shards = shards
        self.recover = recover  # --resume: keep complete rows a killed run left in .partial
        self.limit = limit
        self.counts: dict[str, int | None] = {s.key: done_counts.get(s.key) for s in shards}
        self.skip = set(done_counts)
        self.next = 0
        self.front: collections.deque[Job] = collections.deque()

    def _budget(self, pos: int) -> int | None | bool:
        if self.limit is None:
            return None
        used = 0
        for s in self.shards[:pos]:
            c = self.counts[s.key]
            if c is None:
                c = s.known_records
                if c is None:
                    return False
            used += c
        return max(0, self.limit - used)

    def pop(self) -> Job | None:
        if self.front:
            return self.front.popleft()
        while self.next < len(self.shards):
            s = self.shards[self.next]
            if s.key in self.skip:
                self.next += 1
                continue
            budget = self._budget(self.next)
            if budget is False:
                return None
            self.next += 1
            if budget == 0:
                self.counts[s.key] = 0
                self.skip.add(s.key)
                continue
            if budget is not None and s.known_records is not None:
                self.counts[s.key] = min(budget, s.known_records)
            return Job(s, max_records=budget, recover=self.recover)
        return None

    def push_front(self, job: Job) -> None:
        self.front.appendleft(job)

    def finished(self, key: str, records: int) -> None:
        self.counts[key] = records

    def empty(self) -> bool:
        return not self.front and self.next >= len(self.shards)

    def skipped_by_limit(self) -> set[str]:
        return {k for k, c in self.counts.items() if c == 0 and k in self.skip}


# ---------------------------------------------------------------------------------- worker

def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(slot, conn, index, phase, started, cfg: BatchConfig) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tracker = ArrayTracker(slot, index, phase, started)
    tracker.set(-1, IDLE)
    try:
        import detector.batch._warm  # noqa: F401  (already imported when the forkserver preloaded it)
        engine()
    except Exception as exc:  # a broken model or detector: report, do not spin
        conn.send(("fatal", slot, f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            stats = run_shard(job, cfg, tracker, report=lambda m: conn.send(("progress", slot, m)))
        except Exception as exc:
            tracker.set(-1, IDLE)
            conn.send(("failed", slot, job.shard.key, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            continue
        tracker.set(-1, IDLE)
        conn.send(("done", slot, job.shard.key, stats))


# ---------------------------------------------------------------------------------- parent

class LocalPool:
    def __init__(self, workers: int, cfg: BatchConfig) -> None:
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(PRELOAD)
        self.n = max(1, workers)
        self.cfg = cfg
        self.index = self.ctx.RawArray("q", self.n)
        self.phase = self.ctx.RawArray("i", self.n)
        self.started = self.ctx.RawArray("d", self.n)
        self.procs: list = [None] * self.n
        self.conns: list = [None] * self.n

    def _spawn(self, slot: int) -> None:
        parent, child = self.ctx.Pipe()
        self.index[slot], self.phase[slot], self.started[slot] = -1, IDLE, time.monotonic()
        for attempt in range(3):
            p = self.ctx.Process(target=_worker_main, name=f"detector-worker-{slot}",
                                 args=(slot, child, self.index, self.phase, self.started, self.cfg), daemon=True)
            try:
                p.start()
                break
            except (EOFError, OSError) as exc:  # the forkserver went away: multiprocessing starts a new one
                if attempt == 2:
                    raise
                log.warning("could not start a worker (%r); retrying", exc)
                time.sleep(0.5)
        child.close()
        self.procs[slot], self.conns[slot] = p, parent

    def shutdown(self, kill: bool = False) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        for slot, p in enumerate(self.procs):
            if p is None:
                continue
            try:
                if kill:
                    p.kill()
                else:
                    self.conns[slot].send(None)
            except (OSError, ValueError):
                pass
        for p in self.procs:
            if p is not None:
                p.join(timeout=5)
                if p.is_alive():
                    p.kill()
                    p.join(timeout=5)

    def run(self, queue: JobQueue, on_progress: Callable[[dict], None],
            on_done: Callable[[str, dict], None]) -> None:
        cfg = self.cfg
        busy: dict[int, Job] = {}
        timed_out: set[int] = set()
        for slot in range(self.n):
            self._spawn(slot)
        idle = list(range(self.n))
        try:
            while True:
                while idle:
                    job = queue.pop()
                    if job is None:
                        break
                    slot = idle.pop(0)
                    busy[slot] = job
                    self.index[slot], self.phase[slot], self.started[slot] = -1, READING, time.monotonic()
                    try:
                        self.conns[slot].send(job)
                    except (OSError, ValueError):  # an idle worker was killed from outside
                        self.procs[slot].join(timeout=5)
                        self._spawn(slot)
                        self.conns[slot].send(job)
                if not busy and queue.empty():
                    return
                if not busy:
                    raise ShardFailed("internal error: no shard can start (limit bookkeeping)")
                waitables = {self.conns[s]: s for s in busy}
                sentinels = {self.procs[s].sentinel: s for s in busy}
                ready = wait(list(waitables) + list(sentinels), timeout=0.2)
                dead: set[int] = set()
                for r in ready:
                    if r in waitables:
                        slot = waitables[r]
                        try:
                            while r.poll():
                                msg = r.recv()
                                self._handle(msg, busy, idle, queue, on_progress, on_done)
                        except (EOFError, OSError):
                            dead.add(slot)
                    else:
                        dead.add(sentinels[r])
                for slot in dead:
                    p = self.procs[slot]
                    p.join(timeout=5)
                    if slot not in busy:  # finished its shard, then died: just replace it
                        self._spawn(slot)
                        if slot not in idle:
                            idle.append(slot)
                        continue
                    job = busy.pop(slot)
                    reason = "timeout" if slot in timed_out else "crash"
                    timed_out.discard(slot)
                    idx, ph = int(self.index[slot]), int(self.phase[slot])
                    msg = crash_message(reason, ph, cfg.page_timeout, p.exitcode)
                    log.info("shard %s: record %d: %s (exit code %s); rerunning the rest of the shard",
                             job.shard.key, idx, msg, p.exitcode)
                    queue.push_front(next_job_after_death(job, idx, ph, msg))
                    self._spawn(slot)
                    idle.append(slot)
                now = time.monotonic()
                for slot in list(busy):
                    if slot in timed_out:
                        continue
                    ph = int(self.phase[slot])
                    limit = cfg.page_timeout if ph == SCANNING else slow_limit(cfg.page_timeout)
                    if now - self.started[slot] > limit:
                        timed_out.add(slot)
                        try:
                            os.kill(self.procs[slot].pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
        except BaseException:
            self.shutdown(kill=True)
            raise

    def _handle(self, msg, busy, idle, queue: JobQueue, on_progress, on_done) -> None:
        kind, slot = msg[0], msg[1]
        if kind == "progress":
            on_progress(msg[2])
        elif kind == "done":
            key, stats = msg[2], msg[3]
            busy.pop(slot, None)
            idle.append(slot)
            queue.finished(key, stats["records"])
            on_done(key, stats)
        elif kind == "failed":
            raise ShardFailed(f"shard {msg[2]} failed: {msg[3]}\n{msg[4]}")
        elif kind == "fatal":
            raise ShardFailed(f"a worker could not start: {msg[2]}")


def run_local(queue: JobQueue, cfg: BatchConfig, workers: int, on_progress, on_done) -> None:
    pool = LocalPool(workers, cfg)
    try:
        pool.run(queue, on_progress, on_done)
    finally:
        pool.shutdown()
