"""Progress on stderr: a rich bar on a terminal, plain log lines otherwise.

Shows records, records/s, flagged, errors, shards done, and an ETA when the total is known
(loose files are counted in advance; JSONL and WARC record counts are not known until read,
so the bar then advances by shards).
"""

from __future__ import annotations

import sys
import time


class BatchProgress:
    def __init__(self, total_records: int | None, total_shards: int, *, enabled: bool = True,
                 interval: float = 10.0, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.total_records = total_records
        self.total_shards = total_shards
        self.records = self.flagged = self.errors = self.shards = 0
        self.t0 = time.monotonic()
        self.enabled = enabled
        self.interval = interval
        self._last = self.t0
        self._rich = None
        if enabled and getattr(self.stream, "isatty", lambda: False)():
            self._start_rich()

    def _start_rich(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=self.stream, markup=False, highlight=False)
        self._rich = Progress(
            TextColumn("scanning"), BarColumn(), TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=console, transient=False, refresh_per_second=4)
        total = self.total_records if self.total_records is not None else self.total_shards
        self._task = self._rich.add_task("scan", total=total or None, info="")
        self._rich.start()

    def _info(self) -> str:
        el = max(time.monotonic() - self.t0, 1e-9)
        return (f"{self.records} records ({self.records / el:,.0f}/s)  flagged {self.flagged}  "
                f"errors {self.errors}  shards {self.shards}/{self.total_shards}")

    def advance(self, rows: int, flagged: int, errors: int) -> None:
        self.records += rows
        self.flagged += flagged
        self.errors += errors
        self._update()

    def shard_done(self) -> None:
        self.shards += 1
        self._update(force=self.shards == self.total_shards)

    def _update(self, force: bool = False) -> None:
        if not self.enabled:
            return
        if self._rich is not None:
            done = self.records if self.total_records is not None else self.shards
            self._rich.update(self._task, completed=done, info=self._info())
            return
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            self.stream.write(f"detector: batch: {self._info()}\n")
            self.stream.flush()

    def close(self) -> None:
        if self._rich is not None:
            self._rich.update(self._task, info=self._info())
            self._rich.stop()
            self._rich = None
