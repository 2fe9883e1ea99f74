"""Batch scanning: readers -> shard runner -> writers, run by local processes or Ray.

A **shard** is one input file (a JSONL, WARC or WET file) or a group of loose page files
from one folder. :func:`detector.batch.runner.run_shard` is the one shard runner: it reads
its shard itself, scans records chunk by chunk with :func:`detector.scan.scan_records`,
writes rows to ``.partial`` and renames them when the shard completes. Executors
(:mod:`detector.batch.pool`, :mod:`detector.batch.ray_executor`) only schedule shards.

This package's ``__init__`` stays import-light: watchdog helpers import it.
"""
