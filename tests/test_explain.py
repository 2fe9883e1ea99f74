"""`detector scan --explain`: exact contributions, tied to the findings behind them."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

from conftest import SEED


def test_seed_explanation_names_the_error_block_and_the_offtopic_link_first():
    proc = subprocess.run([sys.executable, "-m", "detector", "scan", str(SEED), "--explain", "--format", "json",
                           "--fail-on", "never"], capture_output=True, timeout=120,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert proc.returncode == 0, proc.stderr
    v = json.loads(proc.stdout)
    exp = v["explanation"]
    top_kinds = {f["kind"] for f in exp["by_finding"][:2]}
    assert top_kinds == {"server_error", "offtopic_link"}, exp["by_finding"]
    assert all(f["contribution"] > 0 for f in exp["by_finding"][:2])
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
