"""A shard's cursor file and the watchdog process that reads it (used by the Ray executor).

Where no parent process watches over a worker (a Ray task), the runner writes (record
index, phase, monotonic start time) into a memory-mapped file ``<root>/.state/<key>.cursor``
(a memory write per record, no system call). A small watchdog process started next to the
task reads it every 0.1 s and kills the task's process with SIGKILL when one page takes
longer than the page limit -- which works even when the task is stuck in C code. The file
survives the kill, so the retried task knows which record killed the last attempt.

Run as ``python -m detector.batch.cursor CURSOR PID PAGE_TIMEOUT SLOW_LIMIT``; this module
imports nothing heavy so the watchdog starts in a few milliseconds.
"""

from __future__ import annotations

import mmap
import os
import signal
import struct
import sys
import time

IDLE, READING, SCANNING, WRITING, DONE, TIMED_OUT = 0, 1, 2, 3, 4, 5
CURSOR_FMT = "<qqd"
CURSOR_SIZE = struct.calcsize(CURSOR_FMT)


def open_cursor(path: str) -> mmap.mmap:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if os.fstat(fd).st_size < CURSOR_SIZE:
            os.ftruncate(fd, CURSOR_SIZE)
        return mmap.mmap(fd, CURSOR_SIZE)
    finally:
        os.close(fd)


def read_cursor(path: str) -> tuple[int, int, float] | None:
    """(index, phase, started) or None when there is no cursor file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(CURSOR_SIZE)
    except OSError:
        return None
    if len(data) < CURSOR_SIZE:
        return None
    return struct.unpack(CURSOR_FMT, data)


def timed_out_phase(phase: int) -> int | None:
    """The phase a watchdog kill interrupted, when `phase` says the watchdog killed it."""
    return phase >> 8 if phase & 0xFF == TIMED_OUT else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch(path: str, pid: int, page_timeout: float, slow_limit: float, poll: float = 0.1) -> int:
    """Kill `pid` when its cursor stays on one record too long; return when it finishes or dies."""
    mm = open_cursor(path)
    while _alive(pid):
        time.sleep(poll)
        index, phase, started = struct.unpack_from(CURSOR_FMT, mm, 0)
        if phase == DONE:
            return 0
        if phase not in (READING, SCANNING, WRITING):
            continue
        limit = page_timeout if phase == SCANNING else slow_limit
        if time.monotonic() - started > limit:
            struct.pack_into(CURSOR_FMT, mm, 0, index, TIMED_OUT | (phase << 8), started)
            mm.flush()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through the Ray test
    p, pid, t, slow = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    sys.exit(watch(p, pid, t, slow))
