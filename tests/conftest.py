"""Shared test fixtures: where the read-only corpus lives, and small helpers.

The real pages stay in ``../shared`` (third-party content, never copied into the repo);
CI lays a copy of shared/ beside the clone, so the same relative path works there.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETECTOR_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "000_4d211d3b45014089.txt"
EXAMPLES = Path(__file__).resolve().parent / "examples"


def corpus_labels() -> list[dict]:
    """Rows of labels.tsv: file, label ('1', '0' or '-'), kinds (comma list), note."""
    with open(CORPUS / "labels.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for r in rows:
        r["kinds"] = [k for k in (r.get("kinds") or "").split(",") if k]
    return rows


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS} (set DETECTOR_SHARED)")
    return SHARED


def run_detectors(detectors, page):
    """Run some detectors on a page: (all findings, all features)."""
    findings, feats = [], {}
    for d in detectors:
        f, x = d.run(page)
        findings += f
        feats.update(x)
    return findings, feats


def weight(f) -> float:
    """A finding's severity x confidence weight, as the findings scorer counts it."""
    from detector.scoring import FindingsScorer

    return FindingsScorer.weight(f)


LEVEL = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def assert_only_weak(findings) -> None:
    """A near-miss: at most weak (low-level) findings."""
    assert all(weight(f) <= 0.16 for f in findings), [(f.id, f.severity, f.confidence, f.message) for f in findings]


def assert_at_least(f, severity: str, confidence: str) -> None:
    """A finding at least as severe and as confident as expected."""
    assert LEVEL[f.severity] >= LEVEL[severity] and LEVEL[f.confidence] >= LEVEL[confidence], (
        f.severity, f.confidence, f.message)


def family_score(findings) -> float:
    """The findings scorer's noisy-OR over these findings only (e.g. one family's)."""
    from detector.scoring import Analysis, FindingsScorer

    return FindingsScorer().score([Analysis(list(findings), {}, "html")])[0]
