"""The shipped-model format and our numpy scorer.

* our scorer and scikit-learn's calibrated predict_proba agree to 1e-9 (NaN imputation,
  missing indicators, per-mode sigmoid calibration), for the linear model and the trees;
* explanations are exact: base + contributions = the calibrated logit;
* a file that is not our format, or whose hash differs from its card, is refused;
  missing features are refused with a message naming them, extra ones are ignored;
* scan never imports scikit-learn; the default model is package data that a wheel install
  finds (the wheel test builds, installs and scans from a temporary folder).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from detector.model import (CARD_FILE, DATA_FILE, ModelError, TrainedModel, load_default_model, load_model,
                            parse_model, sha256_bytes)
from detector.scoring import Analysis, FindingsScorer

from conftest import REPO, SEED

pytest.importorskip("sklearn")

from detector.training.train import export, fit  # noqa: E402

NAMES = [f"T{i:03d}.f{i}" for i in range(7)]


def synthetic(n: int = 600, seed: int = 0):
    """Features with NaN patterns like real ones: html-only columns NaN in text rows, sparse NaN elsewhere."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(NAMES)))
    X[:, 2] = (rng.random(n) < 0.3).astype(float)  # a flag
    X[:, 3] = np.log1p(rng.poisson(0.5, n))  # a small count
    modes = np.where(rng.random(n) < 0.5, "html", "text").astype(object)
    X[modes == "text", 4] = np.nan  # html-only feature
    X[modes == "text", 5] = np.nan
    X[rng.random(n) < 0.05, 1] = np.nan  # sparse missing
    logit = 1.5 * X[:, 0] - np.nan_to_num(X[:, 1]) + 2 * X[:, 2] + np.nan_to_num(X[:, 4]) - 0.5
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    split = np.array(["fit", "calib", "test"], dtype=object)[rng.integers(0, 3, n)]
    return X, y, modes, split


@pytest.fixture(scope="module", params=["linear", "trees"])
def fitted(request):
    X, y, modes, split = synthetic()
    f = fit(request.param, X, y, modes, split == "fit", split == "calib", seed=1)
    data = export(f, NAMES, 0.4, f"test-{request.param}")
    return f, data, X, modes, split


def test_scorer_agrees_with_sklearn_to_1e9(fitted):
    f, data, X, modes, split = fitted
    model = TrainedModel(json.loads(json.dumps(data)))  # through JSON, as shipped
    Xt = X.copy()
    Xt[0, 0] = np.nan  # a NaN where training never had one: imputed, no indicator
    for mode in ("html", "text"):
        m = modes == mode
        ours = model.predict_matrix(Xt[m], [mode] * int(m.sum()))
        theirs = f.calibrators[mode].predict_proba(Xt[m])[:, 1]
        assert np.max(np.abs(ours - theirs)) < 1e-9
    assert np.isnan(X).any() and model.indicators.size >= 2


@pytest.mark.parametrize("kind", ["linear", "trees"])
def test_cross_fitted_scorer_agrees_with_sklearn_and_its_risks_are_out_of_fold(kind):
    """Cross-fitting (train_full --folds): one model on the fit and calib splits, a sigmoid per
    mode on out-of-fold decision values (folds by group). The exported scorer still agrees
    with scikit-learn to 1e-9; every fit and calib record has an out-of-fold risk, the test
    split none; and the out-of-fold risks are not the final model's own (it saw the records)."""
    X, y, modes, split = synthetic()
    groups = np.arange(len(y)) // 4
    train = (split == "fit") | (split == "calib")
    f = fit(kind, X, y, modes, split == "fit", split == "calib", seed=1, folds=4, groups=groups)
    model = TrainedModel(json.loads(json.dumps(export(f, NAMES, 0.4, f"cf-{kind}"))))
    for mode in ("html", "text"):
        m = modes == mode
        ours = model.predict_matrix(X[m], [mode] * int(m.sum()))
        theirs = f.calibrators[mode].predict_proba(X[m])[:, 1]
        assert np.max(np.abs(ours - theirs)) < 1e-9
    assert not np.isnan(f.oof[train]).any() and np.isnan(f.oof[~train]).all()
    in_sample = model.predict_matrix(X[train], list(modes[train]))
    assert np.max(np.abs(in_sample - f.oof[train])) > 1e-3
    with pytest.raises(ValueError, match="groups"):
        fit(kind, X, y, modes, split == "fit", split == "calib", folds=4)


def test_repeated_rows_are_scored_once_and_identically(fitted):
    """The row cache is exact: duplicated rows, cached rows and fresh rows agree with the
    uncached evaluation, NaNs included, and the cache stays bounded."""
    _f, data, X, _modes, _split = fitted
    model = TrainedModel(json.loads(json.dumps(data)))
    rows = np.vstack([X[:50], X[:50], X[10:60]])
    direct = model._raw_uncached(rows)
    assert np.array_equal(model.raw(rows), direct)
    assert np.array_equal(model.raw(rows), direct)  # all from the cache now
    assert len(model._raw_cache) == 60
    model.RAW_CACHE_SIZE = 70
    fresh = X[100:140]
    assert np.array_equal(model.raw(fresh), model._raw_uncached(fresh))
    assert len(model._raw_cache) <= 70


def test_score_interface_one_chunk(fitted):
    _, data, X, modes, _ = fitted
    model = TrainedModel(data)
    analyses = [Analysis([], {n: float(v) for n, v in zip(NAMES, row)} | {"EXTRA.ignored": 1.0}, mode)
                for row, mode in zip(X[:20], modes[:20])]
    scores = model.score(analyses)
    assert len(scores) == 20 and all(0.0 <= s <= 1.0 for s in scores)
    assert np.allclose(scores, model.predict_matrix(X[:20], list(modes[:20])), atol=1e-12)
    assert model.info == {"name": data["name"], "hash": ""}
    assert model.score([]) == []


def test_explanations_sum_to_the_calibrated_logit(fitted):
    _, data, X, modes, _ = fitted
    model = TrainedModel(data)
    for i in range(15):
        feats = {n: float(v) for n, v in zip(NAMES, X[i])}
        a = Analysis([], feats, modes[i])
        contrib = model.explain(a)
        p = model.score([a])[0]
        logit = math.log(p / (1 - p))
        assert abs(model.base_value(modes[i]) + sum(c for _, c in contrib) - logit) < 1e-8
        assert all(name in NAMES for name, _ in contrib)
        assert [abs(c) for _, c in contrib] == sorted((abs(c) for _, c in contrib), reverse=True)


def test_findings_derived_inputs():
    from detector.findings import Finding
    from detector.model import findings_feature_names, findings_features

    f = [("SEO601", "server_error", "high", "high"), ("SEO601", "server_error", "low", "low"),
         ("SEO101", "offtopic_link", "medium", "medium")]
    d = findings_features(f)
    assert set(d) == set(findings_feature_names())
    assert d["findings.server_error"] == 0.6 and d["findings.backdoor"] == 0.0
    assert abs(d["findings.noisy_or"] - (1 - 0.4 * (1 - 0.35 * 0.75))) < 1e-12
    assert abs(d["findings.strong_ids_log"] - math.log1p(1)) < 1e-12
    assert findings_features([]) == {k: 0.0 for k in findings_feature_names()}
    objs = [Finding(id="SEO601", kind="server_error", severity="high", confidence="high", message="m", evidence={})]
    assert findings_features(objs)["findings.server_error"] == 0.6


def test_missing_features_are_refused_by_name(fitted):
    _, data, X, _, _ = fitted
    model = TrainedModel(data)
    feats = {n: 0.0 for n in NAMES[1:]}
    with pytest.raises(ModelError, match=NAMES[0].replace(".", r"\.")):
        model.score([Analysis([], feats, "html")])


def _write(tmp_path: Path, data: dict) -> Path:
    raw = json.dumps(data).encode()
    d = tmp_path / "m"
    d.mkdir(exist_ok=True)
    (d / DATA_FILE).write_bytes(raw)
    card = {"format": data.get("format", "x"), "data_file": DATA_FILE, "data_sha256": sha256_bytes(raw),
            "features": data.get("features")}
    (d / CARD_FILE).write_text(json.dumps(card))
    return d


def test_load_checks_hash_and_format(fitted, tmp_path):
    _, data, X, modes, _ = fitted
    d = _write(tmp_path, data)
    m = load_model(d)
    assert m.hash == sha256_bytes((d / DATA_FILE).read_bytes())[:16]
    assert load_model(d / DATA_FILE).hash == m.hash and load_model(d / CARD_FILE).hash == m.hash
    tampered = dict(data, threshold=0.01)
    (d / DATA_FILE).write_text(json.dumps(tampered))
    with pytest.raises(ModelError, match="differs from its card"):
        load_model(d)
    with pytest.raises(ModelError, match="not a seo-injection-detector model"):
        parse_model(b"\x80\x04pickle", None)
    with pytest.raises(ModelError, match="not a seo-injection-detector model"):
        TrainedModel({"format": "something-else"})
    card = {"format": data["format"], "data_file": DATA_FILE}
    with pytest.raises(ModelError, match="data_sha256"):
        parse_model(json.dumps(data).encode(), card)
    with pytest.raises(ModelError, match="no model card"):
        load_model(tmp_path / "nowhere" / DATA_FILE)


def test_default_model_matches_detectors_or_falls_back():
    """The packaged model, when there is one, must need only features the detectors produce."""
    from detector.detectors import feature_names
    from detector.model import default_model_files

    scorer = load_default_model()
    if default_model_files() is None:
        assert isinstance(scorer, FindingsScorer)
        return
    strict = load_default_model(strict=True)  # raises if stale or tampered
    assert isinstance(strict, TrainedModel)
    from detector.model import findings_feature_names

    assert set(strict.features) <= set(feature_names()) | set(findings_feature_names())
    card = json.loads((REPO / "detector" / "data" / "model" / CARD_FILE).read_text())
    assert card["data_sha256"].startswith(strict.hash)
    assert 0.0 < strict.threshold < 1.0
    assert card["kind"] in ("linear", "trees") and card["assumed_prevalence"]["scores"]


def test_seed_scores_high_with_the_default_model(shared_dir):
    """The seed is a smoke test no generator uses: the shipped model must give it >= 0.9."""
    from detector.model import default_model_files
    from detector.records import Record
    from detector.scan import scan_page

    if default_model_files() is None:
        pytest.skip("no trained default model is packaged yet")
    v = scan_page(Record(id="seed", content=SEED.read_bytes(), mode="text"))
    assert v.model["name"] != FindingsScorer.name, "the default model is stale: retrain (scripts/train_full.py)"
    assert v.score >= 0.9, v.score


def test_scan_does_not_import_sklearn(tmp_path):
    code = ("import sys\nfrom detector.scan import scan_records\nfrom detector.records import Record\n"
            f"v = list(scan_records([Record(id='s', content=open({str(SEED)!r}, 'rb').read(), mode='text')]))[0]\n"
            "assert v.score is not None, v.error\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'matplotlib', 'joblib')]\n"
            "assert not bad, bad\nprint(v.model['name'], v.score)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert r.returncode == 0, r.stderr


def test_wheel_install_scans_with_packaged_model(tmp_path):
    """A plain (non-editable) install finds the default model as package data."""
    src = tmp_path / "src"  # build from a copy: the build leaves build/ and egg-info behind
    shutil.copytree(REPO / "detector", src / "detector", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (REPO / name).exists():
            shutil.copyfile(REPO / name, src / name)
    wheel_dir = tmp_path / "wheel"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheel_dir),
                        str(src)], capture_output=True, text=True, cwd=tmp_path)
    if r.returncode != 0:
        pytest.fail(f"wheel build failed (the dev extra needs 'wheel' or setuptools>=70.1): {r.stderr[-1500:]}")
    wheels = list(wheel_dir.glob("*.whl"))
    assert len(wheels) == 1
    target = tmp_path / "T"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheels[0])],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    r = subprocess.run([sys.executable, "-m", "detector", "scan", str(SEED), "--format", "json", "--fail-on", "never"],
                       capture_output=True, text=True, cwd=run_dir, env=dict(os.environ, PYTHONPATH=str(target)))
    assert r.returncode == 0, r.stderr[-2000:]
    verdict = json.loads(r.stdout)
    assert verdict["score"] is not None
    from detector.model import default_model_files

    if default_model_files() is not None:  # a trained default model ships: the wheel must carry it
        card = json.loads((REPO / "detector" / "data" / "model" / CARD_FILE).read_text())
        assert verdict["model"]["name"] == card["name"]
        assert card["data_sha256"].startswith(verdict["model"]["hash"])
        assert (target / "detector" / "data" / "model" / DATA_FILE).is_file()


def test_rows_without_findings_are_capped_by_the_model_itself():
    """Evidence first is part of the scorer: training and evaluation see the capped scores."""
    from detector.model import NO_EVIDENCE_CAP

    model = load_model(REPO / "detector" / "data" / "model")
    j = model.features.index("findings.noisy_or")
    X = np.zeros((2, len(model.features)))
    X[:, :j] = 5.0  # every detector feature high...
    X[1, j] = 0.9  # ...and only the second row has findings
    raw = model.calibrate(model.raw(X), ["html", "html"])
    got = model.predict_matrix(X, ["html", "html"])
    assert got[0] == min(raw[0], NO_EVIDENCE_CAP) and got[0] <= NO_EVIDENCE_CAP
    assert got[1] == raw[1]
