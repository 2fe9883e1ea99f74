"""The one shard runner: ordering, crash isolation, limits and completion markers.

:func:`run_shard` reads its shard itself, scans records in chunks with one model call per
chunk (:func:`detector.scan.scan_records`), appends rows to ``<root>/.partial/<key>.jsonl``
(flushed after every chunk), and when the shard is complete renames the rows to
``<root>/<key>.jsonl`` and then writes the completion marker ``<root>/.state/<key>.json``
(the shard's stats). Nothing half-written is ever visible under its final name.

Crash isolation: before reading and before scanning each record the runner tells a
*tracker* which record it is on. When a worker dies or is killed by the watchdog, the
executor reruns the shard with ``recover=True`` and ``redo={i: message}``:
the new run keeps the complete rows already in ``.partial``, makes record ``i`` an error
row (``timeout: ...`` or ``worker_crash: ...``) without scanning it again, and scans the rest.
``redo`` accumulates over attempts, so two bad records in one chunk never ping-pong.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import shutil
import struct
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterator

from detector.batch.readers import DEFAULT_DECODE_CAP, ReadError, ReadOptions, read_shard_items
from detector.batch.shards import Shard
from detector.batch.stats import Stats
from detector.records import Record, decode
from detector.verdict import error_verdict

log = logging.getLogger(__name__)

from detector.batch.cursor import (CURSOR_FMT, DONE, IDLE, READING, SCANNING, TIMED_OUT,  # noqa: F401
                                   WRITING, open_cursor, read_cursor)

PHASE_NAMES = {IDLE: "idle", READING: "reading", SCANNING: "scanning", WRITING: "writing",
               DONE: "done", TIMED_OUT: "timed out"}


@dataclass
class BatchConfig:
    """Everything a worker needs to run a shard (plain data: pickled to workers and Ray)."""

    root: str  # rows go to root/<key>.jsonl, markers to root/.state, partial rows to root/.partial
    id_key: str = "id"
    url_keys: tuple[str, ...] = ("url", "metadata.url")
    text_key: str = "text"
    html_key: str = "html"
    date_keys: tuple[str, ...] = ("date", "metadata.date")
    threshold: float | None = None
    max_bytes: int = 8 * 1024 * 1024
    page_timeout: float = 15.0
    chunk_size: int = 64
    decode_cap: int = DEFAULT_DECODE_CAP
    flagged_dir: str | None = None
    test_hooks: bool = False  # only set by tests (see _test_hook)
    settings: dict | None = None  # the config file's settings (detector.config), as plain data

    def read_options(self) -> ReadOptions:
        return ReadOptions(id_key=self.id_key, url_keys=tuple(self.url_keys), text_key=self.text_key,
                           html_key=self.html_key, date_keys=tuple(self.date_keys), max_bytes=self.max_bytes,
                           decode_cap=self.decode_cap)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Job:
    shard: Shard
    max_records: int | None = None  # --limit budget for this shard
    recover: bool = False  # keep complete rows already in .partial
    redo: dict[int, str] = field(default_factory=dict)  # record index -> error message (not rescanned)
    stop_at: dict | None = None  # {"index": i, "message": ...}: reading cannot get past record i
    attempt: int = 0
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------- paths

def partial_path(root: str, key: str) -> str:
    return os.path.join(root, ".partial", key + ".jsonl")


def final_path(root: str, key: str) -> str:
    return os.path.join(root, key + ".jsonl")


def marker_path(root: str, key: str) -> str:
    return os.path.join(root, ".state", key + ".json")


def cursor_path(root: str, key: str) -> str:
    return os.path.join(root, ".state", key + ".cursor")


def is_done(root: str, key: str) -> bool:
    return os.path.exists(marker_path(root, key))


def _makedirs_for(path: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)


def write_json_atomic(path: str, obj) -> None:
    _makedirs_for(path)
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


# ------------------------------------------------------------------------------- trackers

class Tracker:
    """Where a worker is: (record index, phase) and since when. The base class records nothing."""

    def set(self, index: int, phase: int) -> None:  # pragma: no cover - trivial
        pass


class ArrayTracker(Tracker):
    """Shared-memory slots the local pool's parent watches (no system call per record)."""

    def __init__(self, slot: int, index, phase, started) -> None:
        self.slot, self.index, self.phase, self.started = slot, index, phase, started

    def set(self, index: int, phase: int) -> None:
        s = self.slot
        self.started[s] = time.monotonic()
        self.index[s] = index
        self.phase[s] = phase


class CursorTracker(Tracker):
    """A memory-mapped cursor file that outlives a killed process (see :mod:`detector.batch.cursor`)."""

    def __init__(self, path: str) -> None:
        self.mm = open_cursor(path)

    def set(self, index: int, phase: int) -> None:
        struct.pack_into(CURSOR_FMT, self.mm, 0, index, phase, time.monotonic())

    def close(self) -> None:
        self.mm.close()


# ------------------------------------------------------------------------------- engine

_ENGINE = None


def engine():
    """(scorer, detectors), built once per process."""
    global _ENGINE
    if _ENGINE is None:
        from detector.detectors import all_detectors
        from detector.scan import default_scorer

        _ENGINE = (default_scorer(), all_detectors())
    return _ENGINE


_SETTINGS: dict = {}


def _settings(data: dict | None):
    """Settings rebuilt from their plain-data form, once per process."""
    from detector.config import Settings, make_settings

    if not data:
        return Settings()
    key = json.dumps(data, sort_keys=True)
    if key not in _SETTINGS:
        table = {k: v for k, v in data.items() if k != "source" and v not in (None, [], ())}
        _SETTINGS[key] = make_settings(table, data.get("source"))
    return _SETTINGS[key]


def _test_hook(cfg: BatchConfig, rec: Record) -> None:
    """Test-only: a page whose first bytes carry a marker crashes or stalls the worker.

    Active only when ``cfg.test_hooks`` is set, which the command line does only when the
    environment variable ``DETECTOR_TEST_HOOKS=1`` is set in the parent (only tests set it);
    never in normal runs.
    """
    if not cfg.test_hooks:
        return
    content = rec.content if isinstance(rec.content, bytes) else str(rec.content).encode("utf-8", "ignore")
    head = content[:200]
    if b"@@DETECTOR-TEST-CRASH@@" in head:
        os.kill(os.getpid(), 9)
    if b"@@DETECTOR-TEST-HANG@@" in head:
        time.sleep(3600)


# ------------------------------------------------------------------------------- recovery

def _recover_partial(path: str) -> list[dict]:
    """Keep the complete, valid rows of a partial file (truncating a torn tail); return them."""
    rows: list[dict] = []
    try:
        fh = open(path, "r+b")
    except FileNotFoundError:
        return rows
    with fh:
        good = 0
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                rows.append(json.loads(line))
            except ValueError:
                break
            good += len(line)
        fh.truncate(good)
    return rows


def _trim_lines(path: str, keep: int) -> None:
    try:
        fh = open(path, "r+b")
    except FileNotFoundError:
        return
    with fh:
        good = 0
        for i, line in enumerate(fh):
            if i >= keep or not line.endswith(b"\n"):
                break
            good += len(line)
        fh.truncate(good)


# ------------------------------------------------------------------------------- the runner

def _items(shard: Shard, opts: ReadOptions, tracker: Tracker, start: int, limit: int | None,
           stop_at: dict | None) -> Iterator[tuple[int, Record | ReadError]]:
    it = iter(read_shard_items(shard.kind, shard.paths, shard.ids, opts))
    i = 0
    while limit is None or i < limit:
        if stop_at is not None and i == stop_at["index"]:
            yield i, ReadError(shard.display if shard.kind != "files" else shard.ids[min(i, len(shard.ids) - 1)],
                               stop_at["message"])
            return
        tracker.set(i, READING)
        try:
            item = next(it)
        except StopIteration:
            return
        if i >= start:
            yield i, item
        i += 1


def _flagged_name(shard: Shard, rec_id: str) -> str:
    folder = posixpath.dirname(shard.key)
    return posixpath.join(folder, posixpath.basename(rec_id))


def run_shard(job: Job, cfg: BatchConfig, tracker: Tracker | None = None,
              report: Callable[[dict], None] | None = None) -> dict:
    """Run one shard to completion; returns its stats (also written as the completion marker)."""
    t0 = time.monotonic()
    from detector.scan import scan_records

    tracker = tracker or Tracker()
    shard = job.shard
    scorer, detectors = engine()
    settings = _settings(cfg.settings)
    thr = cfg.threshold if cfg.threshold is not None else settings.threshold if settings.threshold is not None \
        else scorer.threshold
    info = scorer.info
    opts = cfg.read_options()
    ppath = partial_path(cfg.root, shard.key)
    _makedirs_for(ppath)
    stats = Stats()
    flagged_partial = None
    if cfg.flagged_dir and shard.kind != "files":
        flagged_partial = os.path.join(cfg.flagged_dir, ".partial", shard.key + ".flagged.jsonl")
        _makedirs_for(flagged_partial)
    start = 0
    if job.recover:
        kept = _recover_partial(ppath)
        stats.add_rows(kept)
        start = len(kept)
        if flagged_partial:
            _trim_lines(flagged_partial, sum(1 for r in kept if r.get("flagged")))
    else:
        open(ppath, "wb").close()
        if flagged_partial and os.path.exists(flagged_partial):
            os.remove(flagged_partial)
    redo = {int(k): v for k, v in (job.redo or {}).items() if int(k) >= start}
    out = open(ppath, "ab")
    fout = open(flagged_partial, "ab") if flagged_partial else None
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    chunk: list[tuple[int, Record | ReadError]] = []

    def tracked(pairs: list[tuple[int, Record]]) -> Iterator[Record]:
        last = -1
        for i, rec in pairs:
            tracker.set(i, SCANNING)
            _test_hook(cfg, rec)
            last = i
            yield rec
        tracker.set(last, WRITING)

    def flush() -> None:
        to_scan = []
        verdicts: dict[int, object] = {}
        for i, item in chunk:
            if isinstance(item, ReadError):
                verdicts[i] = error_verdict(item.id, item.message, url=item.url, date=item.date,
                                            input_mode=item.input_mode, threshold=thr, model=info)
            elif i in redo:
                verdicts[i] = error_verdict(item.id, redo[i], url=item.url, date=item.date,
                                            input_mode=item.mode, threshold=thr, model=info)
            else:
                to_scan.append((i, item))
        if to_scan:
            results = scan_records(tracked(to_scan), scorer=scorer, detectors=detectors, threshold=thr,
                                   max_bytes=cfg.max_bytes, chunk_size=len(to_scan) + 1, settings=settings)
            for (i, _), v in zip(to_scan, results):
                verdicts[i] = v
        lines = []
        flagged = errors = 0
        by_index = dict(chunk)
        for i, _ in chunk:
            row = verdicts[i].to_dict()
            stats.add_row(row)
            lines.append(dumps(row))
            if row["flagged"]:
                flagged += 1
                if cfg.flagged_dir:
                    _write_flagged(cfg, shard, by_index[i], row, fout)
            elif row["error"]:
                errors += 1
        if fout is not None:
            fout.flush()
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
        out.flush()
        if report is not None:
            report({"rows": len(lines), "flagged": flagged, "errors": errors})
        chunk.clear()

    try:
        for i, item in _items(shard, opts, tracker, start, job.max_records, job.stop_at):
            chunk.append((i, item))
            if len(chunk) >= cfg.chunk_size:
                flush()
        if chunk:
            flush()
    finally:
        out.close()
        if fout is not None:
            fout.close()
    stats.skipped.update(opts.skipped)
    stats.seconds = time.monotonic() - t0
    stats.shards = 1
    fpath = final_path(cfg.root, shard.key)
    _makedirs_for(fpath)
    os.replace(ppath, fpath)
    if flagged_partial:
        if os.path.getsize(flagged_partial):
            dest = os.path.join(cfg.flagged_dir, shard.key + ".flagged.jsonl")
            _makedirs_for(dest)
            os.replace(flagged_partial, dest)
        else:
            os.remove(flagged_partial)
    result = stats.to_dict()
    result["key"] = shard.key
    result["input"] = shard.display
    write_json_atomic(marker_path(cfg.root, shard.key), result)
    tracker.set(-1, DONE)
    return result


def _write_flagged(cfg: BatchConfig, shard: Shard, item, row: dict, fout) -> None:
    """Copy a flagged record: loose files as files, container records as re-scannable JSONL."""
    try:
        if shard.kind == "files":
            idx = shard.ids.index(row["id"])
            dest = os.path.join(cfg.flagged_dir, _flagged_name(shard, row["id"]))
            _makedirs_for(dest)
            shutil.copyfile(shard.paths[idx], dest)
            return
        content = item.content
        if isinstance(content, bytes):
            content = decode(content, http_charset=item.charset, is_html=item.mode == "html")[0]
        key = "html" if item.mode == "html" else "text"
        obj = {"id": row["id"], "url": row.get("url"), "date": row.get("date"), key: content}
        fout.write((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8"))
    except (OSError, ValueError) as exc:  # copying is a convenience: never lose the row for it
        log.warning("could not copy flagged record %s: %s", row.get("id"), exc)
