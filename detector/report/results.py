"""Reading batch results back: JSONL (plain or gzip), CSV, Parquet, or a batch output folder.

Rows follow the Verdict schema (``detector schema``), but the readers are tolerant: optional
fields may be missing (rows written by older versions, or by hand), CSV and Parquet carry
``findings`` (and possibly ``categories`` and ``model``) as JSON-string columns, and a line that
is not a JSON object is counted as unreadable instead of stopping the whole report.

A folder argument ``P`` means the rows of a ``detector batch -o P`` run: every ``*.jsonl`` and
``*.jsonl.gz`` below ``P``, in sorted order, skipping ``P/.state/`` (markers and per-shard stats)
and ``P/.partial/`` (rows of shards still in progress).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from detector.domains import host_of, registered_domain
from detector.verdict import LEVELS, level_for

RESULT_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".parquet")
SKIP_DIRS = (".state", ".partial")
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
CONFIDENCE_RANK = {"low": 1, "medium": 2, "high": 3}

csv.field_size_limit(1 << 30)  # findings columns can be long


class ResultsError(Exception):
    """An argument that is not a results file or folder (a usage error, exit 2)."""


@dataclass(slots=True)
class Row:
    """One result row, normalised: every field present, types fixed."""

    id: str
    url: str | None
    date: str | None
    score: float | None
    level: str
    flagged: bool
    threshold: float | None
    categories: list[str]
    findings: list[dict[str, Any]]
    error: str | None
    truncated: bool
    model: dict[str, str]
    input_mode: str | None = None
    source: str = ""
    _host: str | None = field(default=None, repr=False)

    @property
    def is_error(self) -> bool:
        return self.score is None

    @property
    def host(self) -> str:
        """Lower-case host of the page URL ('' when the row has no absolute URL)."""
        if self._host is None:
            self._host = host_of(self.url) if self.url else ""
        return self._host

    @property
    def domain(self) -> str:
        """Registered domain (private suffixes on: blogspot/github.io blogs are separate sites)."""
        return registered_domain(self.host) if self.host else ""

    def detector_ids(self) -> set[str]:
        return {str(f.get("id")) for f in self.findings if f.get("id")}


@dataclass(slots=True)
class ReadStats:
    """What the readers saw besides rows: files read, lines that could not be parsed."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    unreadable: int = 0
    first_unreadable: str | None = None

    def bad(self, where: str) -> None:
        self.unreadable += 1
        if self.first_unreadable is None:
            self.first_unreadable = where


# ----------------------------------------------------------------------------- files


def _is_results_file(p: Path) -> bool:
    name = p.name.lower()
    if name.endswith(".stats.json") or name == "stats.json":
        return False
    return name.endswith(RESULT_SUFFIXES)


def expand_paths(paths: Iterable[str]) -> list[tuple[str, Path]]:
    """(display name, path) of every results file named or contained in the arguments.

    Raises ResultsError for a missing path or a file that is not a results file.
    """
    out: list[tuple[str, Path]] = []
    for arg in paths:
        if arg == "-":
            out.append(("-", Path("-")))
            continue
        p = Path(arg)
        if p.is_dir():
            found = []
            for q in sorted(p.rglob("*")):
                rel = q.relative_to(p)
                if any(part in SKIP_DIRS for part in rel.parts[:-1]):
                    continue
                if q.is_file() and q.name.lower().endswith((".jsonl", ".jsonl.gz")):
                    found.append(q)
            out.extend((q.as_posix(), q) for q in found)
        elif p.is_file():
            if not _is_results_file(p):
                raise ResultsError(f"{arg}: not a results file (expected .jsonl, .jsonl.gz, .csv, "
                                   f".parquet or a batch output folder)")
            out.append((p.as_posix(), p))
        elif p.exists():
            raise ResultsError(f"{arg}: not a regular file or folder")
        else:
            raise ResultsError(f"{arg}: no such file or folder")
    return out


# ----------------------------------------------------------------------------- normalising


def _json_field(value: Any, default: Any) -> Any:
    """A field that CSV/Parquet carry as a JSON string (or empty)."""
    if value is None:
        return default
    if isinstance(value, (list, dict)):
        return value
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return default
        if s[0] in "[{":
            try:
                return json.loads(s)
            except ValueError:
                return default
        if isinstance(default, list):  # "a;b" or "a,b" category lists
            return [x.strip() for x in s.replace(";", ",").split(",") if x.strip()]
    return default


def _float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        v = float(value)
    elif isinstance(value, str) and value.strip() and value.strip().lower() not in ("null", "none", "nan"):
        try:
            v = float(value)
        except ValueError:
            return None
    else:
        return None
    return v if math.isfinite(v) else None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str):
        s = value.strip().lower()
        if s in ("true", "1", "yes", "t"):
            return True
        if s in ("false", "0", "no", "f", ""):
            return False
    return None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    s = str(value)
    return s if s.strip() else None


def _finding(obj: Any) -> dict[str, Any] | None:
    if not isinstance(obj, dict):
        return None
    ev = obj.get("evidence")
    return {
        "id": str(obj.get("id") or "?"),
        "kind": str(obj.get("kind") or ""),
        "severity": str(obj.get("severity") or ""),
        "confidence": str(obj.get("confidence") or ""),
        "message": str(obj.get("message") or ""),
        "evidence": ev if isinstance(ev, dict) else {},
    }


def normalize(obj: dict[str, Any], source: str = "") -> Row:
    """A Row from a parsed row object; tolerant of missing optional fields."""
    score = _float(obj.get("score"))
    if score is not None:
        score = min(1.0, max(0.0, score))
    error = _str_or_none(obj.get("error"))
    if score is not None:
        error = None  # a scored row is not an error row, whatever else it says
    threshold = _float(obj.get("threshold"))
    level = obj.get("level")
    if score is None:
        level = "error"
        error = error or "unknown_error: row has no score"
    elif level not in LEVELS:
        level = level_for(score)
    flagged = _bool(obj.get("flagged"))
    if score is None:
        flagged = False
    elif flagged is None:
        flagged = threshold is not None and score >= threshold
    findings = [f for f in (_finding(x) for x in _json_field(obj.get("findings"), [])) if f]
    cats = _json_field(obj.get("categories"), [])
    if not isinstance(cats, list):
        cats = []
    cats = [str(c) for c in cats]
    if not cats:
        cats = sorted({f["kind"] for f in findings if f["kind"]})
    model = _json_field(obj.get("model"), {})
    if not isinstance(model, dict):
        model = {}
    rid = obj.get("id")
    return Row(
        id=str(rid) if rid not in (None, "") else source,
        url=_str_or_none(obj.get("url")),
        date=_str_or_none(obj.get("date")),
        score=score,
        level=level,
        flagged=bool(flagged),
        threshold=threshold,
        categories=cats,
        findings=findings,
        error=error,
        truncated=bool(_bool(obj.get("truncated"))),
        model={str(k): str(v) for k, v in model.items()},
        input_mode=_str_or_none(obj.get("input_mode")),
        source=source,
    )


# ----------------------------------------------------------------------------- readers


def _open_text(path: Path) -> io.TextIOBase:
    if str(path) == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8", errors="replace", newline="")


def _read_jsonl(name: str, path: Path, stats: ReadStats) -> Iterator[Row]:
    with _open_text(path) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except (OSError, EOFError) as exc:  # a truncated .gz from an interrupted run
                stats.bad(f"{name}:{lineno + 1}: {type(exc).__name__}: {exc}")
                return
            if not line:
                return
            lineno += 1
            s = line.strip()
            if not s:
                continue
            try:
                obj = json.loads(s)
            except ValueError:
                stats.bad(f"{name}:{lineno}: not JSON")
                continue
            if not isinstance(obj, dict):
                stats.bad(f"{name}:{lineno}: not a JSON object")
                continue
            yield normalize(obj, f"{name}#{lineno}")


def _read_csv(name: str, path: Path, stats: ReadStats) -> Iterator[Row]:
    with _open_text(path) as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "score" not in reader.fieldnames:
            stats.bad(f"{name}: no header with a score column")
            return
        for i, rec in enumerate(reader, start=2):
            if None in rec:  # more cells than header fields
                stats.bad(f"{name}:{i}: malformed CSV line")
                continue
            yield normalize(rec, f"{name}#{i}")


def _read_parquet(name: str, path: Path, stats: ReadStats) -> Iterator[Row]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ResultsError(f"{name}: reading Parquet needs pyarrow (pip install "
                           f"'seo-injection-detector[parquet]')") from exc
    pf = pq.ParquetFile(path)
    n = 0
    for batch in pf.iter_batches(batch_size=2048):
        for rec in batch.to_pylist():
            n += 1
            yield normalize(rec, f"{name}#{n}")


def iter_rows(paths: Iterable[str], stats: ReadStats | None = None) -> Iterator[Row]:
    """Every row of every results file named by (or contained in) the arguments, in order.

    Raises ResultsError before reading anything if an argument is not a results file.
    """
    stats = stats if stats is not None else ReadStats()
    files = expand_paths(paths)
    for name, path in files:
        stats.files.append(name)
        low = name.lower()
        if low.endswith(".csv"):
            reader = _read_csv
        elif low.endswith(".parquet"):
            reader = _read_parquet
        else:
            reader = _read_jsonl
        try:
            for row in reader(name, path, stats):
                stats.rows += 1
                yield row
        except OSError as exc:
            stats.bad(f"{name}: cannot read: {exc.strerror or exc}")


# ----------------------------------------------------------------------------- helpers


@lru_cache(maxsize=65536)
def parse_date(value: str | None) -> datetime | None:
    """A capture date as an aware datetime (UTC when no zone is given), or None.

    Accepts ISO 8601 (``2024-03-01``, ``2024-03-01T12:00:00Z``), Common Crawl's 14-digit
    timestamps (``20240301120000``) and HTTP dates (``Fri, 01 Mar 2024 12:00:00 GMT``).
    """
    if not value:
        return None
    s = value.strip()
    dt: datetime | None = None
    if len(s) == 14 and s.isdigit():
        try:
            dt = datetime.strptime(s, "%Y%m%d%H%M%S")
        except ValueError:
            return None
    else:
        try:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        except ValueError:
            try:
                dt = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def format_date(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC: the date alone at midnight, else date and time to the second."""
    if dt is None:
        return None
    if (dt.hour, dt.minute, dt.second, dt.microsecond) == (0, 0, 0, 0):
        return dt.date().isoformat()
    return dt.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def finding_strength(f: dict[str, Any]) -> tuple[int, int]:
    """Order findings by severity, then confidence (the strongest evidence first)."""
    return SEVERITY_RANK.get(f.get("severity", ""), 0), CONFIDENCE_RANK.get(f.get("confidence", ""), 0)


def top_findings(findings: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The n strongest findings, stable among equals (detector order is kept)."""
    order = sorted(range(len(findings)), key=lambda i: finding_strength(findings[i]), reverse=True)
    return [findings[i] for i in order[:n]]


def evidence_brief(f: dict[str, Any], snippet_limit: int = 300) -> dict[str, Any]:
    """The reviewable part of a finding: id, kind, severity, confidence, message, snippet, url."""
    ev = f.get("evidence") or {}
    out = {
        "id": f.get("id"),
        "kind": f.get("kind"),
        "severity": f.get("severity"),
        "confidence": f.get("confidence"),
        "message": str(f.get("message") or "")[:500],
        "snippet": str(ev.get("snippet") or "")[:snippet_limit] or None,
        "url": str(ev.get("url"))[:2000] if ev.get("url") else None,
    }
    for key in ("domain", "where", "hiding", "count"):
        if ev.get(key) not in (None, ""):
            out[key] = ev[key] if isinstance(ev[key], int) else str(ev[key])[:300]
    return out
