"""Per-shard and merged statistics, computed from the rows as they are written.

``records`` counts input records (each gives exactly one row, so ``rows == records``);
``errors`` counts error rows by kind (the message prefix before ':'); ``skipped`` counts
WARC records of other types; ``detectors`` counts, per detector id, the pages with at least
one finding of that id and how many of those were flagged.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

LEVEL_NAMES = ("minimal", "low", "medium", "high", "critical", "error")


class Stats:
    def __init__(self) -> None:
        self.records = 0
        self.rows = 0
        self.flagged = 0
        self.truncated = 0
        self.errors: Counter = Counter()
        self.skipped: Counter = Counter()
        self.levels: Counter = Counter()
        self.with_finding: Counter = Counter()
        self.flagged_with_finding: Counter = Counter()
        self.seconds = 0.0
        self.shards = 0

    def add_row(self, row: dict) -> None:
        self.records += 1
        self.rows += 1
        self.levels[row.get("level") or "error"] += 1
        if row.get("truncated"):
            self.truncated += 1
        err = row.get("error")
        if err:
            self.errors[str(err).split(":", 1)[0].strip() or "error"] += 1
            return
        flagged = bool(row.get("flagged"))
        self.flagged += flagged
        ids = {f.get("id") for f in row.get("findings") or () if f.get("id")}
        for i in ids:
            self.with_finding[i] += 1
            if flagged:
                self.flagged_with_finding[i] += 1

    def add_rows(self, rows: Iterable[dict]) -> None:
        for r in rows:
            self.add_row(r)

    def merge(self, other: "Stats") -> "Stats":
        self.records += other.records
        self.rows += other.rows
        self.flagged += other.flagged
        self.truncated += other.truncated
        self.errors.update(other.errors)
        self.skipped.update(other.skipped)
        self.levels.update(other.levels)
        self.with_finding.update(other.with_finding)
        self.flagged_with_finding.update(other.flagged_with_finding)
        self.seconds += other.seconds
        self.shards += other.shards
        return self

    @property
    def error_rows(self) -> int:
        return sum(self.errors.values())

    def to_dict(self) -> dict:
        dets = sorted(set(self.with_finding) | set(self.flagged_with_finding))
        return {
            "records": self.records,
            "rows": self.rows,
            "flagged": self.flagged,
            "truncated": self.truncated,
            "errors": dict(sorted(self.errors.items())),
            "error_rows": self.error_rows,
            "skipped_by_type": dict(sorted(self.skipped.items())),
            "levels": {k: self.levels.get(k, 0) for k in LEVEL_NAMES},
            "seconds": round(self.seconds, 3),
            "shards": self.shards,
            "detectors": {d: {"pages_with_finding": self.with_finding.get(d, 0),
                              "flagged_pages_with_finding": self.flagged_with_finding.get(d, 0)}
                          for d in dets},
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Stats":
        s = cls()
        s.records = int(d.get("records", 0))
        s.rows = int(d.get("rows", 0))
        s.flagged = int(d.get("flagged", 0))
        s.truncated = int(d.get("truncated", 0))
        s.errors = Counter(d.get("errors") or {})
        s.skipped = Counter(d.get("skipped_by_type") or {})
        s.levels = Counter({k: v for k, v in (d.get("levels") or {}).items() if v})
        s.seconds = float(d.get("seconds", 0.0))
        s.shards = int(d.get("shards", 0))
        for det, v in (d.get("detectors") or {}).items():
            if v.get("pages_with_finding"):
                s.with_finding[det] = v["pages_with_finding"]
            if v.get("flagged_pages_with_finding"):
                s.flagged_with_finding[det] = v["flagged_pages_with_finding"]
        return s
