"""Site roll-up: batch results grouped by registered domain or by host.

A verdict is about the captures that were scanned, on their capture dates; it never says a
domain is compromised for ever. Each site row therefore carries the first and last capture
date it covers, and the evidence of its riskiest capture.

Grouping uses :func:`detector.domains.registered_domain` with private suffixes on, so
``alice.blogspot.com`` and ``bob.blogspot.com`` are separate sites. Rows without an absolute
URL are grouped under ``(no url)``, listed after every real site whatever the sort.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from detector.report.results import (
    Row,
    evidence_brief,
    format_date,
    parse_date,
    top_findings,
)
from detector.verdict import LEVELS, level_for

NO_URL = "(no url)"
BY_CHOICES = ("domain", "host")
SORT_CHOICES = ("flagged", "max", "mean", "pages")
EVIDENCE_PER_SITE = 3
MAX_EVIDENCE = 5  # kept per site, so that to_dict(evidence=n) can show up to this many

SCOPE_NOTE = ("Each verdict is about the captures scanned, on their capture dates; "
              "it is not a judgement about a site for ever.")


@dataclass(slots=True)
class SiteStats:
    """Running totals for one site; memory is constant per site, whatever its page count."""

    site: str
    by: str
    pages: int = 0
    flagged: int = 0
    errors: int = 0
    score_sum: float = 0.0
    max_score: float | None = None
    first: datetime | None = None
    last: datetime | None = None
    undated: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    detectors: dict[str, int] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    riskiest: dict[str, Any] | None = None  # the riskiest capture, slimmed (its strongest evidence only)
    _rkey: tuple = ()

    @property
    def scored(self) -> int:
        return self.pages - self.errors

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    def add(self, row: Row) -> None:
        self.pages += 1
        if row.host:
            self.hosts.add(row.host)
        dt = parse_date(row.date)
        if dt is None:
            self.undated += 1
        else:
            if self.first is None or dt < self.first:
                self.first = dt
            if self.last is None or dt > self.last:
                self.last = dt
        self.levels[row.level] = self.levels.get(row.level, 0) + 1
        if row.is_error:
            self.errors += 1
            return
        score = row.score or 0.0
        self.score_sum += score
        if row.flagged:
            self.flagged += 1
        for c in set(row.categories):
            self.categories[c] = self.categories.get(c, 0) + 1
        for d in row.detector_ids():
            self.detectors[d] = self.detectors.get(d, 0) + 1
        rkey = _risk_key(row)
        if self.riskiest is None or rkey > self._rkey:
            self._rkey = rkey
            self.max_score = score
            self.riskiest = {
                "id": row.id, "url": row.url, "date": row.date, "score": round(score, 6),
                "level": row.level, "flagged": row.flagged,
                "evidence": [evidence_brief(f) for f in top_findings(row.findings, MAX_EVIDENCE)],
            }

    def to_dict(self, evidence: int = EVIDENCE_PER_SITE) -> dict[str, Any]:
        r = self.riskiest
        max_score = None if self.max_score is None else round(self.max_score, 6)
        mean = self.mean_score
        return {
            "site": self.site,
            "by": self.by,
            "pages": self.pages,
            "scored": self.scored,
            "flagged": self.flagged,
            "errors": self.errors,
            "flagged_share": round(self.flagged / self.scored, 6) if self.scored else None,
            "max_score": max_score,
            "max_level": level_for(self.max_score) if self.max_score is not None else "error",
            "mean_score": None if mean is None else round(mean, 6),
            "first_date": format_date(self.first),
            "last_date": format_date(self.last),
            "undated": self.undated,
            "hosts": len(self.hosts),
            "levels": {k: self.levels[k] for k in (*LEVELS, "error") if k in self.levels},
            "categories": dict(sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))),
            "detectors": dict(sorted(self.detectors.items())),
            "riskiest": None if r is None else {k: v for k, v in r.items() if k != "evidence"},
            "evidence": [] if r is None else r["evidence"][:evidence],
        }


def _risk_key(row: Row) -> tuple:
    # The riskiest capture: highest score, then flagged, then the most severe finding, then most findings.
    strongest = max((f.get("severity") == "critical", f.get("severity") == "high") for f in row.findings) \
        if row.findings else (False, False)
    return (row.score or 0.0, row.flagged, strongest, len(row.findings))


def site_key(row: Row, by: str) -> str:
    if by == "host":
        return row.host or NO_URL
    return row.domain or NO_URL


def roll_up(rows: Iterable[Row], by: str = "domain") -> dict[str, SiteStats]:
    """Group rows into per-site statistics (one pass, memory per site)."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}, not {by!r}")
    sites: dict[str, SiteStats] = {}
    for row in rows:
        key = site_key(row, by)
        st = sites.get(key)
        if st is None:
            st = sites[key] = SiteStats(site=key, by=by)
        st.add(row)
    return sites


def _neg(v: float | None) -> float:
    return -(v if v is not None else -1.0)


SORT_KEYS = {
    "flagged": lambda s: (-s.flagged, _neg(s.max_score), _neg(s.mean_score), -s.pages, s.site),
    "max": lambda s: (_neg(s.max_score), -s.flagged, _neg(s.mean_score), -s.pages, s.site),
    "mean": lambda s: (_neg(s.mean_score), _neg(s.max_score), -s.flagged, -s.pages, s.site),
    "pages": lambda s: (-s.pages, -s.flagged, _neg(s.max_score), s.site),
}


def select_sites(sites: dict[str, SiteStats] | Iterable[SiteStats], sort: str = "flagged",
                 min_flagged: int = 0, top: int | None = None) -> list[SiteStats]:
    """Sites with at least min_flagged flagged pages, sorted (descending), the first `top`."""
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_CHOICES}, not {sort!r}")
    values = sites.values() if isinstance(sites, dict) else sites
    key = SORT_KEYS[sort]
    # the bucket of rows without a URL is not a site: it comes last whatever the sort
    out = sorted((s for s in values if s.flagged >= min_flagged), key=lambda s: (s.site == NO_URL, key(s)))
    return out[:top] if top is not None and top >= 0 else out


# ----------------------------------------------------------------------------- file output

CSV_COLUMNS = ("site", "by", "pages", "scored", "flagged", "errors", "flagged_share", "max_score",
               "max_level", "mean_score", "first_date", "last_date", "undated", "hosts", "levels",
               "categories", "detectors", "riskiest", "evidence")
_JSON_COLUMNS = ("levels", "categories", "detectors", "riskiest", "evidence")


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with the nested columns (levels, categories, detectors, riskiest, evidence) as JSON strings."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        out = dict(r)
        for k in _JSON_COLUMNS:
            out[k] = json.dumps(r.get(k), ensure_ascii=False)
        for k, v in out.items():
            if v is None:
                out[k] = ""
        if str(out["site"])[:1] in ("=", "+", "-", "@", "\t", "\r"):
            out["site"] = "'" + str(out["site"])  # never a spreadsheet formula
        w.writerow(out)
    return buf.getvalue()
