"""``detector batch``: scan many pages on every core (or a Ray cluster), one row per record."""

from __future__ import annotations

import re
import sys
from typing import List, Optional

import typer

# binary units, like `detector scan`'s default (8MB = 8 * 1024 * 1024 bytes)
SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3,
              "kib": 1024, "mib": 1024**2, "gib": 1024**3}
TIME_UNITS = {"": 1.0, "s": 1.0, "ms": 0.001, "m": 60.0, "min": 60.0}


def parse_size(value: str) -> int:
    """'8MB', '512kb', '1GiB', '1000000' -> bytes (KB/MB/GB are powers of 1024); 0 means no limit."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
    if not m or m.group(2).lower() not in SIZE_UNITS:
        raise typer.BadParameter(f"expected a size such as 8MB, 512KB or 1GiB, got {value!r}")
    return int(float(m.group(1)) * SIZE_UNITS[m.group(2).lower()])


def parse_duration(value: str) -> float:
    """'15s', '2', '500ms', '1m' -> seconds (must be positive)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
    if not m or m.group(2).lower() not in TIME_UNITS:
        raise typer.BadParameter(f"expected a duration such as 15s, 500ms or 1m, got {value!r}")
    secs = float(m.group(1)) * TIME_UNITS[m.group(2).lower()]
    if secs <= 0:
        raise typer.BadParameter("the page timeout must be positive")
    return secs


def _keys(value: Optional[str], default: tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if value else default


def register(app: typer.Typer) -> None:
    from detector.cli import EXIT_FLAGGED, EXIT_OK, EXIT_PARTIAL, _fail, _setup_logging, parse_fail_on
    from detector.terminal import inert

    @app.command("batch")
    def batch(
        inputs: List[str] = typer.Argument(..., help="Files, folders (recursive), globs, *.paths[.gz] lists, "
                                           "or - for stdin: HTML/text pages, JSONL[.gz], WARC/WET[.gz]."),
        out: Optional[str] = typer.Option(None, "--output", "-o",
                                          help="out.jsonl|.jsonl.gz|.csv|.parquet: one merged file; any other "
                                               "name: a folder of per-shard JSONL (resumable). Default: stdout."),
        resume: bool = typer.Option(False, "--resume", help="Continue a batch in a folder output; skip completed shards."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Start again in a folder that holds an earlier batch."),
        workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Worker processes (default: all cores)."),
        executor: str = typer.Option("local", "--executor", help="local (processes on this machine) or ray."),
        address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start a local Ray)."),
        id_key: str = typer.Option("id", "--id-key", help="JSONL id field (dotted paths allowed)."),
        url_key: Optional[str] = typer.Option(None, "--url-key", help="JSONL url field (default: url, then metadata.url)."),
        text_key: str = typer.Option("text", "--text-key", help="JSONL text field."),
        html_key: str = typer.Option("html", "--html-key", help="JSONL html field (wins over text when non-empty)."),
        date_key: Optional[str] = typer.Option(None, "--date-key", help="JSONL date field (default: date, then metadata.date)."),
        threshold: Optional[float] = typer.Option(None, "--threshold", help="Flag at this risk (default: the model's)."),
        fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if any row reaches this level, or 'never' (default)."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Scan only the first N records (input order)."),
        max_bytes: Optional[str] = typer.Option(None, "--max-bytes", help="Scan the first and last half of larger pages (default 8MB; 0: no limit)."),
        page_timeout: Optional[str] = typer.Option(None, "--page-timeout", help="Per-page time limit, enforced by a watchdog (default 15s)."),
        config: Optional[str] = typer.Option(None, "--config", help="A detector.toml or pyproject.toml with [tool.detector]."),
        write_flagged: Optional[str] = typer.Option(None, "--write-flagged", help="Copy flagged records into this folder."),
        files_per_shard: int = typer.Option(100, "--files-per-shard", help="Loose page files per shard."),
        chunk_size: int = typer.Option(64, "--chunk-size", help="Records scored per model call."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary on stderr."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    ) -> None:
        """Scan many pages: every input record gives exactly one row (a score or an error)."""
        _setup_logging(debug)
        from detector.cli import load_config

        settings = load_config(config)
        fail_on = fail_on or settings.fail_on or "never"
        if max_bytes is None:
            max_bytes = str(settings.max_bytes) if settings.max_bytes is not None else "8MiB"
        if page_timeout is None:
            page_timeout = str(settings.page_timeout) if settings.page_timeout is not None else "15s"
        try:
            fail_rank = parse_fail_on(fail_on)
            mb = parse_size(max_bytes)
            pt = parse_duration(page_timeout)
        except typer.BadParameter as exc:
            _fail(str(exc))
        if chunk_size < 1 or files_per_shard < 1:
            _fail("--chunk-size and --files-per-shard must be at least 1")
        from detector.batch.api import BatchUsageError, run_batch
        from detector.batch.pool import ShardFailed

        try:
            res = run_batch(
                list(inputs), out, resume=resume, overwrite=overwrite, workers=workers, executor=executor,
                address=address, id_key=id_key, url_keys=_keys(url_key, ("url", "metadata.url")),
                text_key=text_key, html_key=html_key, date_keys=_keys(date_key, ("date", "metadata.date")),
                threshold=threshold, limit=limit, max_bytes=mb, page_timeout=pt, write_flagged=write_flagged,
                files_per_shard=files_per_shard, chunk_size=chunk_size, progress=not quiet,
                test_hooks=_test_hooks_requested(), settings=settings)
        except BatchUsageError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            typer.echo("detector: interrupted; completed shards are kept (folder output: rerun with --resume)",
                       err=True)
            raise typer.Exit(130)
        except EOFError as exc:  # a lost connection to a worker or to the forkserver
            if debug:
                raise
            _fail(f"internal error: lost a worker connection: {exc!r} (rerun with --debug)", code=EXIT_PARTIAL)
        except ShardFailed as exc:
            if debug:
                raise
            _fail(f"internal error: {str(exc).splitlines()[0]} (rerun with --debug)", code=EXIT_PARTIAL)
        st = res.stats
        if not quiet:
            where = res.output if res.output and res.output != "-" else "stdout"
            typer.echo(f"detector: batch: {st.records} records, {st.flagged} flagged, {st.error_rows} errors "
                       f"in {st.seconds:.1f}s -> {inert(where)}", err=True)
        code = EXIT_OK
        if fail_rank is not None:
            from detector.verdict import LEVELS

            if any(st.levels.get(lv, 0) for lv in LEVELS[fail_rank:]):
                code = EXIT_FLAGGED
        from detector.verdict import SKIPPED

        if code == EXIT_OK and st.error_rows - st.errors.get(SKIPPED, 0):
            code = EXIT_PARTIAL
        raise typer.Exit(code)


def _test_hooks_requested() -> bool:
    """Test-only crash/hang pages are honoured only when tests set DETECTOR_TEST_HOOKS=1."""
    import os

    return os.environ.get("DETECTOR_TEST_HOOKS") == "1"
