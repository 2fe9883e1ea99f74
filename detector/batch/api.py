"""``run_batch``: plan shards, run them on an executor, write outputs and stats.

The command line (:mod:`detector.batch.cli`) is a thin wrapper around this function.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field

from detector import __version__
from detector.batch.pool import JobQueue, run_local
from detector.batch.progress import BatchProgress
from detector.batch.runner import BatchConfig, final_path, is_done, marker_path, write_json_atomic
from detector.batch.shards import DEFAULT_FILES_PER_SHARD, InputError, Plan, plan_inputs
from detector.batch.stats import Stats
from detector.batch.writers import merged_format, parquet_available, stats_path_for, write_merged

log = logging.getLogger(__name__)

# options that change rows: a resumed run must use the same ones
RESUME_KEYS = ("id_key", "url_keys", "text_key", "html_key", "date_keys", "threshold", "max_bytes",
               "files_per_shard", "model", "settings_hash")


class BatchUsageError(Exception):
    """Bad options or inputs: exit code 2, nothing scanned."""


@dataclass
class BatchResult:
    stats: Stats
    manifest: dict
    output: str | None
    stats_path: str | None
    skipped_shards: int = 0
    extra: dict = field(default_factory=dict)


def available_cores() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _remove_empty_dirs(top: str) -> None:
    for dirpath, _, _ in sorted(os.walk(top), key=lambda t: -len(t[0])):
        try:
            os.rmdir(dirpath)
        except OSError:
            pass


def _spool_stdin(path: str) -> None:
    with open(path, "wb") as fh:
        shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)


def run_batch(inputs: list[str], out: str | None, *, resume: bool = False, overwrite: bool = False,
              workers: int | None = None, executor: str = "local", address: str | None = None,
              id_key: str = "id", url_keys=("url", "metadata.url"), text_key: str = "text",
              html_key: str = "html", date_keys=("date", "metadata.date"), threshold: float | None = None,
              limit: int | None = None, max_bytes: int = 8 * 1024 * 1024, page_timeout: float = 15.0,
              write_flagged: str | None = None, files_per_shard: int = DEFAULT_FILES_PER_SHARD,
              chunk_size: int = 64, progress: bool = True, test_hooks: bool = False,
              settings=None) -> BatchResult:
    t0 = time.monotonic()
    fmt = merged_format(out)
    folder = fmt is None
    if resume and not folder:
        raise BatchUsageError("--resume needs folder output (-o DIR): a merged file is written only at the end")
    if fmt == "parquet" and not parquet_available():
        raise BatchUsageError("Parquet output needs pyarrow: pip install 'seo-injection-detector[parquet]'")
    if executor not in ("local", "ray"):
        raise BatchUsageError(f"--executor must be local or ray, not {executor!r}")
    if executor == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise BatchUsageError("--executor ray needs Ray: pip install 'seo-injection-detector[ray]'") from None
    if limit is not None and limit < 0:
        raise BatchUsageError("--limit must be 0 or more")
    workers = workers or available_cores()
    if workers < 1:
        raise BatchUsageError("--workers must be at least 1")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise BatchUsageError("--threshold must be between 0 and 1")

    from detector.scan import default_scorer

    from detector.config import Settings

    settings = settings or Settings()
    scorer = default_scorer()
    thr = threshold if threshold is not None else settings.threshold if settings.threshold is not None \
        else scorer.threshold
    config = {"id_key": id_key, "url_keys": list(url_keys), "text_key": text_key, "html_key": html_key,
              "date_keys": list(date_keys), "threshold": thr, "max_bytes": max_bytes,
              "page_timeout": page_timeout, "chunk_size": chunk_size, "files_per_shard": files_per_shard,
              "limit": limit, "executor": executor, "workers": workers, "model": scorer.info,
              "write_flagged": write_flagged, "settings": settings.to_dict(), "settings_hash": settings.hash}
    manifest = {"tool": "seo-injection-detector", "version": __version__, "model": scorer.info,
                "threshold": thr, "config": config, "inputs": list(inputs)}

    # where rows go while shards run
    cleanup = None
    if folder:
        root = out
        if os.path.exists(root) and not os.path.isdir(root):
            raise BatchUsageError(f"{root} exists and is not a folder (name a merged file .jsonl, .jsonl.gz, "
                                  ".csv or .parquet)")
        state = os.path.join(root, ".state")
        mpath = os.path.join(state, "manifest.json")
        if resume:
            if os.path.exists(mpath):
                with open(mpath, encoding="utf-8") as fh:
                    old = json.load(fh).get("config", {})
                diff = [k for k in RESUME_KEYS if json.dumps(old.get(k)) != json.dumps(config.get(k))]
                if diff:
                    raise BatchUsageError(f"--resume with different options than the first run ({', '.join(diff)}): "
                                          "rerun with the same options, or start a new output folder")
        elif os.path.isdir(state) and os.listdir(state):
            if not overwrite:
                raise BatchUsageError(f"{root} already holds batch results: use --resume to continue that batch, "
                                      "or --overwrite to start again")
            shutil.rmtree(state, ignore_errors=True)
            shutil.rmtree(os.path.join(root, ".partial"), ignore_errors=True)
        os.makedirs(state, exist_ok=True)
    else:
        if out and out != "-":
            parent = os.path.dirname(os.path.abspath(out))
            os.makedirs(parent, exist_ok=True)
            root = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.work-", dir=parent)
        else:
            root = tempfile.mkdtemp(prefix="detector-batch-")
        cleanup = root

    try:
        stdin_path = None
        if "-" in inputs:
            stdin_path = os.path.join(root, ".state", "stdin.spool")
            os.makedirs(os.path.dirname(stdin_path), exist_ok=True)
            _spool_stdin(stdin_path)
        try:
            never_read = [p for p in (out, write_flagged) if p and p != "-"]
            plan: Plan = plan_inputs(list(inputs), files_per_shard=files_per_shard, stdin_path=stdin_path,
                                     exclude=never_read)
        except InputError as exc:
            raise BatchUsageError(str(exc)) from None
        except OSError as exc:
            raise BatchUsageError(f"{exc.filename or ''}: cannot read: {exc.strerror or exc}") from None
        if folder:
            write_json_atomic(os.path.join(root, ".state", "manifest.json"), manifest)

        cfg = BatchConfig(root=root, id_key=id_key, url_keys=tuple(url_keys), text_key=text_key,
                          html_key=html_key, date_keys=tuple(date_keys), threshold=thr, max_bytes=max_bytes,
                          page_timeout=page_timeout, chunk_size=chunk_size,
                          flagged_dir=os.path.abspath(write_flagged) if write_flagged else None,
                          test_hooks=test_hooks, settings=None if settings.is_default() else settings.to_dict())
        done: dict[str, dict] = {}
        if resume:
            for s in plan.shards:
                if is_done(root, s.key) and os.path.exists(final_path(root, s.key)):
                    with open(marker_path(root, s.key), encoding="utf-8") as fh:
                        done[s.key] = json.load(fh)
        else:
            shutil.rmtree(os.path.join(root, ".partial"), ignore_errors=True)
        # with --resume, shards with rows in .partial continue where they stopped
        queue = JobQueue(plan.shards, limit, {k: v["records"] for k, v in done.items()}, recover=resume)
        todo = [s for s in plan.shards if s.key not in done]
        known = plan.known_total
        prog = BatchProgress(None if known is None else known - sum(v["records"] for v in done.values()),
                             len(todo), enabled=progress)
        results: dict[str, dict] = dict(done)

        def on_progress(m: dict) -> None:
            prog.advance(m.get("rows", 0), m.get("flagged", 0), m.get("errors", 0))

        def on_done(key: str, st: dict) -> None:
            results[key] = st
            prog.shard_done()

        try:
            if todo:
                if executor == "ray":
                    from detector.batch.ray_executor import run_ray

                    run_ray(queue, cfg, address=address, workers=workers, on_progress=on_progress,
                            on_done=on_done)
                else:
                    run_local(queue, cfg, min(workers, len(todo)), on_progress, on_done)
        finally:
            prog.close()

        stats = Stats()
        for s in plan.shards:
            if s.key in results:
                stats.merge(Stats.from_dict(results[s.key]))
        stats.seconds = time.monotonic() - t0
        manifest["finished"] = True
        summary = {**stats.to_dict(), "manifest": manifest}
        ran = [s for s in plan.shards if s.key in results]
        if folder:
            _remove_empty_dirs(os.path.join(root, ".partial"))
            spath = os.path.join(root, "stats.json")
            write_json_atomic(spath, summary)
            return BatchResult(stats, manifest, root, spath, len(done))
        write_merged([final_path(root, s.key) for s in ran], out or "-", fmt)
        spath = None
        if out and out != "-":
            spath = stats_path_for(out)
            write_json_atomic(spath, summary)
        return BatchResult(stats, manifest, out, spath, 0)
    finally:
        if cleanup:
            shutil.rmtree(cleanup, ignore_errors=True)
