"""The transparent findings-based score, used until a trained model is shipped.

Each finding is worth ``SEVERITY_WEIGHT[severity] * CONFIDENCE_WEIGHT[confidence]``; per
detector id only the strongest finding counts (a hundred copies of one error are one piece
of evidence); the ids combine as a noisy-OR, ``risk = 1 - prod(1 - w_id)``, so independent
signals that agree push the risk up and no single weak signal can reach ``high``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Sequence

from detector.findings import Finding

SEVERITY_WEIGHT = {"low": 0.15, "medium": 0.35, "high": 0.6, "critical": 0.85}
CONFIDENCE_WEIGHT = {"low": 0.45, "medium": 0.75, "high": 1.0}


@dataclass(slots=True)
class Analysis:
    """What the detectors produced for one page: the model's whole input."""

    findings: list[Finding]
    features: dict[str, float]
    mode: str


class FindingsScorer:
    """Noisy-OR over the strongest finding of each detector id (see module docstring)."""

    name = "findings-v0"
    threshold = 0.5

    def __init__(self) -> None:
        table = json.dumps([SEVERITY_WEIGHT, CONFIDENCE_WEIGHT], sort_keys=True).encode()
        self.hash = hashlib.sha256(table).hexdigest()[:16]

    @property
    def info(self) -> dict[str, str]:
        return {"name": self.name, "hash": self.hash}

    @staticmethod
    def weight(f: Finding) -> float:
        return SEVERITY_WEIGHT[f.severity] * CONFIDENCE_WEIGHT[f.confidence]

    def score(self, analyses: Sequence[Analysis]) -> list[float]:
        out = []
        for a in analyses:
            best: dict[str, float] = {}
            for f in a.findings:
                w = self.weight(f)
                if w > best.get(f.id, 0.0):
                    best[f.id] = w
            keep = 1.0
            for w in best.values():
                keep *= 1.0 - w
            out.append(1.0 - keep)
        return out

    def contributions(self, analysis: Analysis) -> list[tuple[str, float]]:
        """Each detector id's share of the risk, largest first (for --explain)."""
        best: dict[str, float] = {}
        for f in analysis.findings:
            best[f.id] = max(best.get(f.id, 0.0), self.weight(f))
        return sorted(best.items(), key=lambda kv: -kv[1])
