"""Why a page got its risk: exact contributions, tied back to the findings behind them.

For the shipped model (a plain data file we score ourselves) the contributions are exact:
linear coefficients x (value - reference), or Saabas path contributions for trees; with the
base value they sum to the page's calibrated logit (see :mod:`detector.model`). For the
transparent findings score they are each detector id's weight in the noisy-OR.

Two views are given:

* per feature, as the model sees them. Features a record cannot have (NaN: a text record has
  no CSS) are not evidence about this page: their contributions are folded into the
  *mode baseline*, so the base plus the listed contributions still equals the logit;
* per finding: each detector id's own features, plus its share of the features computed
  from the findings (``findings.*``), split in proportion to each finding's severity x
  confidence weight. This is the list to read first.
"""

from __future__ import annotations

import math
from collections import defaultdict

from detector.model import NO_EVIDENCE_CAP
from detector.scoring import FindingsScorer, Analysis
from detector.verdict import Verdict


def _weights_by_id(verdict: Verdict) -> dict[str, float]:
    w: dict[str, float] = {}
    for f in verdict.findings:
        w[f.id] = max(w.get(f.id, 0.0), FindingsScorer.weight(f))
    return w


def _ids_for(feature: str, verdict: Verdict) -> list[str]:
    """Finding ids a feature summarises: its detector id, or (findings.*) the kind it names."""
    head, _, tail = feature.partition(".")
    if head == "findings":
        return [f.id for f in verdict.findings if tail in (f.kind, "noisy_or", "strong_ids_log")]
    return [head] if any(f.id == head for f in verdict.findings) else []


def explain_verdict(verdict: Verdict, scorer=None) -> dict:
    """A JSON-able explanation of one scored verdict (needs ``verdict.features``)."""
    from detector.scan import default_scorer

    scorer = scorer or default_scorer()
    feats = verdict.features or {}
    analysis = Analysis(verdict.findings, feats, verdict.input_mode or "html")
    exact = hasattr(scorer, "base_value")
    if exact:
        contribs = scorer.explain(analysis)
        base = scorer.base_value(analysis.mode)
        method = "exact contributions to the calibrated logit"
    else:
        contribs = scorer.contributions(analysis)
        base = 0.0
        method = "noisy-OR weight of each detector id's strongest finding"
    weights = _weights_by_id(verdict)
    rows, by_id = [], defaultdict(float)
    mode_base = base
    for name, c in contribs:
        value = feats.get(name)
        missing = isinstance(value, float) and math.isnan(value)
        if exact and missing:
            mode_base += c  # structural for this input mode, not evidence about the page
            continue
        ids = _ids_for(name, verdict) if exact else [name]
        rows.append({"feature": name, "value": None if value is None else round(value, 4),
                     "contribution": round(float(c), 4), "findings": ids})
        total = sum(weights.get(i, 0.0) for i in ids)
        for i in ids:
            by_id[i] += c * (weights.get(i, 0.0) / total if total else 1.0 / len(ids))
    by_finding = []
    for fid, c in sorted(by_id.items(), key=lambda kv: -kv[1]):
        f = next((f for f in verdict.findings if f.id == fid), None)
        if f is None:
            continue
        ev = f.evidence
        where = ev.get("url") or ev.get("snippet") or ""
        by_finding.append({"id": fid, "kind": f.kind, "contribution": round(c, 4), "message": f.message,
                           "evidence": str(where)[:300]})
    look_first = None
    if by_finding and by_finding[0]["contribution"] > 0:
        top = by_finding[0]
        look_first = f"{top['id']} {top['kind']}: {top['message']}" + (f" [{top['evidence']}]" if top["evidence"] else "")
    logit = mode_base + sum(r["contribution"] for r in rows)
    # evidence first: without a finding the risk stays at or below the cap, whatever the logit
    capped = exact and not verdict.findings and 1.0 / (1.0 + math.exp(-logit)) > NO_EVIDENCE_CAP
    return {"method": method, "base": round(mode_base, 4), "logit": round(logit, 4), "score": verdict.score,
            "by_finding": by_finding, "contributions": rows, "look_first": look_first, "capped": capped}
