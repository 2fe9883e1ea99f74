"""Verdict: the one output row per input record (a score or an error, never neither).

``level`` comes from fixed score bands, not from finding severity, so that a level means
the same thing on every page and for every model:

=========  ==================
level      score
=========  ==================
minimal    [0.00, 0.20)
low        [0.20, 0.40)
medium     [0.40, 0.60)
high       [0.60, 0.85)
critical   [0.85, 1.00]
error      no score (see ``error``)
=========  ==================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detector.findings import Finding

LEVELS = ("minimal", "low", "medium", "high", "critical")
LEVEL_FLOORS = {"minimal": 0.0, "low": 0.20, "medium": 0.40, "high": 0.60, "critical": 0.85}


def level_for(score: float) -> str:
    """The fixed band a score falls in."""
    level = "minimal"
    for name in LEVELS:
        if score >= LEVEL_FLOORS[name]:
            level = name
    return level


def level_rank(level: str) -> int:
    """Order of levels for --fail-on comparisons; 'error' ranks below everything."""
    return LEVELS.index(level) if level in LEVELS else -1


@dataclass(slots=True)
class Verdict:
    id: str
    url: str | None
    date: str | None
    input_mode: str | None
    score: float | None
    level: str
    flagged: bool
    threshold: float
    categories: list[str]
    findings: list[Finding]
    error: str | None
    truncated: bool
    model: dict[str, str]
    config: str | None = None  # short hash of the settings used (None: all defaults)
    features: dict[str, float] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "date": self.date,
            "input_mode": self.input_mode,
            "score": None if self.score is None else round(self.score, 6),
            "level": self.level,
            "flagged": self.flagged,
            "threshold": self.threshold,
            "categories": self.categories,
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
            "truncated": self.truncated,
            "model": self.model,
            "config": self.config,
        }


def error_verdict(id: str, message: str, *, url=None, date=None, input_mode=None,
                  threshold: float = 0.5, model: dict | None = None, truncated: bool = False,
                  config: str | None = None) -> Verdict:
    """An error row: no score, level 'error', not flagged, a one-line message."""
    one_line = " ".join(str(message).split())[:500]
    return Verdict(id=id, url=url, date=date, input_mode=input_mode, score=None, level="error",
                   flagged=False, threshold=threshold, categories=[], findings=[], error=one_line,
                   truncated=truncated, model=model or {}, config=config)


SKIPPED = "skipped_by_config"


def is_skip(v: Verdict) -> bool:
    """A row that the config's skip_urls excluded on purpose (not a failure)."""
    return bool(v.error) and v.error.startswith(SKIPPED)
