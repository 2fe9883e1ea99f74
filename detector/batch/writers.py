"""Writers: the final outputs built from completed shard files.

Workers always write JSONL shard files (``<root>/<key>.jsonl``). For folder output those
are the result. For a merged file (``-o out.jsonl|.jsonl.gz|.csv|.parquet``) the shard files
are concatenated in input order into ``<out>.partial`` and renamed to ``<out>``; CSV and
Parquet carry ``categories``, ``findings`` and ``model`` as JSON-string columns. Memory
stays flat: rows are streamed, Parquet in record batches.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import sys
from typing import Iterable, Iterator

MERGED_SUFFIXES = (".jsonl.gz", ".jsonl", ".csv", ".parquet")
COLUMNS = ("id", "url", "date", "input_mode", "score", "level", "flagged", "threshold", "categories",
           "findings", "error", "truncated", "model")
JSON_COLUMNS = ("categories", "findings", "model")
PARQUET_BATCH = 5000


def merged_format(out: str | None) -> str | None:
    """'jsonl', 'jsonl.gz', 'csv' or 'parquet' for a merged output path; None for a folder."""
    if out is None or out == "-":
        return "jsonl"
    low = out.lower()
    for suf in MERGED_SUFFIXES:
        if low.endswith(suf):
            return suf[1:]
    return None


def stats_path_for(out: str) -> str:
    """<out without its extension>.stats.json"""
    low = out.lower()
    for suf in MERGED_SUFFIXES:
        if low.endswith(suf):
            return out[: -len(suf)] + ".stats.json"
    return out + ".stats.json"


def _iter_lines(files: Iterable[str]) -> Iterator[bytes]:
    for f in files:
        with open(f, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield line if line.endswith(b"\n") else line + b"\n"


def _flat(row: dict) -> dict:
    out = {}
    for c in COLUMNS:
        v = row.get(c)
        if c in JSON_COLUMNS:
            v = json.dumps(v if v is not None else ([] if c != "model" else {}), ensure_ascii=False)
        out[c] = v
    return out


def write_merged(files: list[str], dest: str, fmt: str) -> None:
    """Concatenate shard row files (in the given order) into one output file, atomically."""
    if dest == "-":
        out = sys.stdout.buffer
        for line in _iter_lines(files):
            out.write(line)
        out.flush()
        return
    os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
    tmp = dest + ".partial"
    if fmt == "jsonl":
        with open(tmp, "wb") as out:
            for f in files:
                with open(f, "rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
    elif fmt == "jsonl.gz":
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
            for f in files:
                with open(f, "rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
    elif fmt == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            w.writeheader()
            for line in _iter_lines(files):
                w.writerow(_flat(json.loads(line)))
    elif fmt == "parquet":
        _write_parquet(files, tmp)
    else:
        raise ValueError(f"unknown output format {fmt!r}")
    os.replace(tmp, dest)


def parquet_schema():
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("url", pa.string()), ("date", pa.string()), ("input_mode", pa.string()),
        ("score", pa.float64()), ("level", pa.string()), ("flagged", pa.bool_()), ("threshold", pa.float64()),
        ("categories", pa.string()), ("findings", pa.string()), ("error", pa.string()),
        ("truncated", pa.bool_()), ("model", pa.string()),
    ])


def _write_parquet(files: list[str], dest: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(dest, schema) as writer:
        batch: list[dict] = []

        def flush() -> None:
            cols = {c: [r[c] for r in batch] for c in COLUMNS}
            writer.write_table(pa.table(cols, schema=schema))
            batch.clear()

        for line in _iter_lines(files):
            batch.append(_flat(json.loads(line)))
            if len(batch) >= PARQUET_BATCH:
                flush()
        if batch:
            flush()
        else:
            writer.write_table(schema.empty_table())


def parquet_available() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def read_rows(path: str) -> list[dict]:
    """Rows of any output this module writes (tests and tools)."""
    fmt = merged_format(path)
    if fmt == "jsonl.gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [json.loads(l) for l in fh if l.strip()]
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]
