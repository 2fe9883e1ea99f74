"""Calling the scanner from other engines: a PySpark ``mapPartitions`` function and a
duck-typed datatrove pipeline step. Neither imports pyspark or datatrove.

PySpark over Common Crawl WARC paths (each executor reads its own files; mount the bucket
or pass ``opener`` to read from S3 with fsspec/boto3)::

    from detector.batch.integrations import scan_paths

    paths = spark.sparkContext.textFile("warc.paths").repartition(400)
    rows = paths.mapPartitions(lambda part: scan_paths(part, base="/mnt/commoncrawl/"))
    df = spark.createDataFrame(rows.map(flat_row))      # flat_row: see below
    df.filter("flagged").write.parquet("s3://bucket/flagged/")

    # or from S3 directly:
    #   import fsspec
    #   opener = lambda p: fsspec.open("s3://commoncrawl/" + p, "rb").open()
    #   paths.mapPartitions(lambda part: scan_paths(part, opener=opener))

datatrove (any pipeline: the step is a callable ``(data, rank, world_size)`` that yields the
documents with ``metadata["seo_injection"]`` set, optionally dropping flagged ones)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from detector.batch.integrations import DatatroveScanStep

    LocalPipelineExecutor(pipeline=[
        JsonlReader("data/"),
        DatatroveScanStep(drop_flagged=True),
        JsonlWriter("clean/"),
    ], tasks=8).run()

Both call :func:`detector.scan.scan_records`, so rows are the ones ``detector batch`` writes.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from detector.batch.readers import ReadError, ReadOptions, detect_kind, iter_jsonl, iter_pages, iter_warc_file
from detector.records import Record
from detector.verdict import error_verdict

FLAT_JSON = ("categories", "findings", "model")


def flat_row(row: dict) -> dict:
    """A row with ``categories``, ``findings`` and ``model`` as JSON strings (Spark/CSV/Parquet friendly)."""
    return {k: (json.dumps(v, ensure_ascii=False) if k in FLAT_JSON else v) for k, v in row.items()}


def scan_paths(paths: Iterable[str], *, base: str = "", opener: Callable[[str], Any] | None = None,
               threshold: float | None = None, max_bytes: int = 8 * 1024 * 1024, chunk_size: int = 64,
               options: ReadOptions | None = None, scorer=None) -> Iterator[dict]:
    """A ``mapPartitions`` function: WARC/WET/JSONL/page paths in, one row dict per record out.

    ``base`` is prefixed to relative paths (Common Crawl ``*.paths`` lines are relative);
    ``opener(path) -> binary file`` reads WARC/WET files from elsewhere (fsspec, boto3).
    Unreadable records and files become error rows, like in ``detector batch``.
    """
    from detector.scan import default_scorer, scan_records

    scorer = scorer or default_scorer()
    thr = scorer.threshold if threshold is None else threshold
    opts = options or ReadOptions(max_bytes=max_bytes)
    for p in paths:
        p = p.strip()
        if not p:
            continue
        path = p if (p.startswith("/") or "://" in p or not base) else base + p
        kind = detect_kind(path) if opener is None else "warc"
        if kind == "warc":
            src = opener(path) if opener is not None else path
            items = iter_warc_file(src, p, opts)
        elif kind == "jsonl":
            items = iter_jsonl(path, p, opts)
        else:
            items = iter_pages([path], [p], opts)
        yield from _scan_items(items, scorer, thr, max_bytes, chunk_size)


def _scan_items(items: Iterable[Record | ReadError], scorer, thr, max_bytes, chunk_size) -> Iterator[dict]:
    from detector.scan import scan_records

    batch: list[Record | ReadError] = []

    def flush() -> Iterator[dict]:
        recs = [r for r in batch if isinstance(r, Record)]
        verdicts = iter(scan_records(recs, scorer=scorer, threshold=thr, max_bytes=max_bytes,
                                     chunk_size=max(1, len(recs))))
        for it in batch:
            if isinstance(it, ReadError):
                yield error_verdict(it.id, it.message, url=it.url, date=it.date, input_mode=it.input_mode,
                                    threshold=thr, model=scorer.info).to_dict()
            else:
                yield next(verdicts).to_dict()
        batch.clear()

    for it in items:
        batch.append(it)
        if len(batch) >= chunk_size:
            yield from flush()
    if batch:
        yield from flush()


def _get(doc, name: str, default=None):
    if isinstance(doc, dict):
        return doc.get(name, default)
    return getattr(doc, name, default)


class DatatroveScanStep:
    """A datatrove pipeline step, duck-typed: ``step(data, rank, world_size)`` yields documents.

    Works on datatrove ``Document`` objects (``.text``, ``.id``, ``.metadata``) and on plain
    dicts with the same keys. Each document gets ``metadata[metadata_key]`` = ``{score,
    level, flagged, categories, finding_ids, error, model}``; with ``drop_flagged=True``
    flagged documents are not passed on. ``mode`` is ``"text"`` (extracted text, the
    datatrove default), ``"html"``, or None to sniff. The page URL comes from
    ``metadata["url"]``.
    """

    name = "SEO injection scan"
    type = "FILTER"

    def __init__(self, *, mode: str | None = "text", drop_flagged: bool = False, threshold: float | None = None,
                 metadata_key: str = "seo_injection", chunk_size: int = 64, max_bytes: int = 8 * 1024 * 1024,
                 scorer=None) -> None:
        self.mode = mode
        self.drop_flagged = drop_flagged
        self.threshold = threshold
        self.metadata_key = metadata_key
        self.chunk_size = max(1, chunk_size)
        self.max_bytes = max_bytes
        self._scorer = scorer
        self.stats = {"documents": 0, "flagged": 0, "errors": 0, "dropped": 0}

    def _records(self, docs: list) -> list[Record]:
        out = []
        for i, doc in enumerate(docs):
            meta = _get(doc, "metadata") or {}
            rid = _get(doc, "id")
            url = meta.get("url") if isinstance(meta, dict) else None
            date = meta.get("date") if isinstance(meta, dict) else None
            text = _get(doc, "text")
            out.append(Record(id=str(rid) if rid is not None else f"doc-{self.stats['documents'] + i}",
                              content=text if isinstance(text, (str, bytes)) else "",
                              url=url if isinstance(url, str) and url else None,
                              date=str(date) if date else None, mode=self.mode))
        return out

    def _annotate(self, doc, verdict) -> None:
        meta = _get(doc, "metadata")
        if meta is None:
            meta = {}
            if isinstance(doc, dict):
                doc["metadata"] = meta
            else:
                doc.metadata = meta
        meta[self.metadata_key] = {
            "score": verdict.score, "level": verdict.level, "flagged": verdict.flagged,
            "categories": list(verdict.categories), "finding_ids": sorted({f.id for f in verdict.findings}),
            "error": verdict.error, "model": dict(verdict.model),
        }

    def run(self, data: Iterable, rank: int = 0, world_size: int = 1) -> Iterator:
        from detector.scan import default_scorer, scan_records

        if self._scorer is None:
            self._scorer = default_scorer()
        buf: list = []

        def flush() -> Iterator:
            recs = self._records(buf)
            verdicts = scan_records(recs, scorer=self._scorer, threshold=self.threshold, max_bytes=self.max_bytes,
                                    chunk_size=len(recs))
            for doc, v in zip(list(buf), verdicts):
                self.stats["documents"] += 1
                self.stats["flagged"] += v.flagged
                self.stats["errors"] += v.error is not None
                self._annotate(doc, v)
                if self.drop_flagged and v.flagged:
                    self.stats["dropped"] += 1
                    continue
                yield doc
            buf.clear()

        for doc in data or ():
            buf.append(doc)
            if len(buf) >= self.chunk_size:
                yield from flush()
        if buf:
            yield from flush()

    __call__ = run
