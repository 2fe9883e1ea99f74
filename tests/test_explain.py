"""`detector scan --explain`: exact contributions, tied to the findings behind them."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

from conftest import SEED


def test_seed_explanation_names_the_error_block_and_the_offtopic_link_first():
    """The seed's two injections (the leaked error, with the server path it discloses, and
    the replica-watch link) are what the explanation puts first."""
    proc = subprocess.run([sys.executable, "-m", "detector", "scan", str(SEED), "--explain", "--format", "json",
                           "--fail-on", "never"], capture_output=True, timeout=120,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert proc.returncode == 0, proc.stderr
    v = json.loads(proc.stdout)
    exp = v["explanation"]
    top = exp["by_finding"][:3]
    assert {f["kind"] for f in top} <= {"server_error", "path_disclosure", "offtopic_link"}, top
    assert {"server_error", "offtopic_link"} <= {f["kind"] for f in top}, top
    assert top[0]["kind"] in ("server_error", "path_disclosure")
    assert all(f["contribution"] > 0 for f in top)
    assert exp["look_first"]
    # the contributions are exact: base + sum = the page's logit
    total = exp["base"] + sum(c["contribution"] for c in exp["contributions"])
    assert abs(total - exp["logit"]) < 1e-3
    if exp["method"].startswith("exact"):
        assert abs(exp["logit"] - math.log(v["score"] / (1 - v["score"]))) < 2e-3


def test_explain_text_output_is_readable():
    proc = subprocess.run([sys.executable, "-m", "detector", "scan", str(SEED), "--explain", "--fail-on", "never"],
                          capture_output=True, timeout=120, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    out = proc.stdout.decode()
    assert "by finding" in out and "look first at" in out and "SEO601" in out


def test_an_explanation_says_when_the_evidence_cap_holds_the_risk():
    """Without a finding the risk is capped (evidence first): the explanation says so rather
    than leaving a large logit next to a medium score unexplained."""
    from detector.cli import render_explanation
    from detector.explain import explain_verdict
    from detector.model import NO_EVIDENCE_CAP
    from detector.verdict import Verdict, level_for

    class Scorer:  # an exact scorer whose features alone push the logit high
        def explain(self, analysis):
            return [("SEO201.hidden_ext_links_log", 4.0)]

        def base_value(self, mode="html"):
            return 0.5

    def verdict(findings):
        return Verdict(id="x", url=None, date=None, input_mode="html", score=NO_EVIDENCE_CAP,
                       level=level_for(NO_EVIDENCE_CAP), flagged=False, threshold=0.6, categories=[],
                       findings=findings, error=None, truncated=False, model={}, config=None,
                       features={"SEO201.hidden_ext_links_log": 2.0})

    exp = explain_verdict(verdict([]), scorer=Scorer())
    assert exp["capped"] and exp["logit"] == 4.5
    assert "capped at 0.5999 (evidence first)" in render_explanation(exp)
    low = explain_verdict(verdict([]), scorer=type("Low", (Scorer,), {"explain": lambda self, a: [("f", -3.0)]})())
    assert not low["capped"] and "capped" not in render_explanation(low)
