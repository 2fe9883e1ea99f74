"""`detector train`: fit, calibrate, compare and export the models; install the chosen one.

1. Build (or load from cache) the corpus features (:mod:`features`).
2. Split by group: ``fit`` (model fitting), ``calib`` (calibration, threshold and model
   choice), ``test`` (held-out groups *and* held-out attack vocabulary: only reported).
3. Fit a linear model (median imputation + missing indicators, standard scaling, logistic
   regression) and gradient-boosted trees (same imputation, HistGradientBoosting).
4. Calibrate each on the calib split, per input mode: ``CalibratedClassifierCV(
   FrozenEstimator(model), method="sigmoid")`` on the html records and on the text records.
5. Choose the operating threshold on the calib split: the lowest score whose precision at
   the assumed deployment prevalence (1%) reaches the target (0.5) even with the
   false-positive rate at its 75% upper confidence bound (Wilson), so the choice does not
   rest on the luck of a few calibration negatives.
6. Pick the model with the higher calib recall at its threshold; within one standard error,
   the constrained trees (see :func:`choose_kind`); export it as
   a plain JSON data file + card, write plots and a report, and install it as the package
   default (``detector/data/model/``).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detector.model import (CARD_FILE, DATA_FILE, FORMAT, FORMAT_VERSION, MODES, NO_EVIDENCE_CAP, TrainedModel,
                            parse_model, sha256_bytes)
from detector.training.dataset import REPO, DatasetConfig
from detector.training.evaluate import breakdown, metrics, precision_at
from detector.training.features import Dataset, build

# One OpenMP thread: the machine is shared, and HistGradientBoosting's threads spin and slow
# everything down tenfold under contention. Set before scikit-learn starts OpenMP.
os.environ.setdefault("OMP_NUM_THREADS", "1")

MODEL_KINDS = ("linear", "trees")
DEFAULT_OUT = REPO / "models"
PACKAGE_MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "model"


def make_estimator(kind: str, seed: int = 0):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    imputer = SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True)
    if kind == "linear":
        return Pipeline([("impute", imputer), ("scale", StandardScaler()),
                         ("clf", LogisticRegression(C=0.5, max_iter=5000))])
    if kind == "trees":
        return Pipeline([("impute", imputer),
                         ("clf", HistGradientBoostingClassifier(max_iter=250, learning_rate=0.08, max_leaf_nodes=15,
                                                                min_samples_leaf=15, l2_regularization=1.0,
                                                                early_stopping=False, random_state=seed))])
    raise ValueError(f"unknown model kind {kind!r} (expected one of {MODEL_KINDS})")


# Inputs whose meaning fixes the direction of their effect. Context saying a match is shown on
# purpose (a page about programming, a code block, an introduced example, words about spam next
# to spam, a client-side template app) never raises the risk; a leak shown outside code never
# lowers it. The link, hidden-content and spam-text detectors' own inputs measure how much
# off-topic spam they saw (terms off the page's topic, links whose anchor and target agree,
# hidden blocks), so more of it never lowers the risk either: free, the trees learned that
# "more off-topic pharma" means the medical hard negatives, and scored a plumber's page with
# one injected cialis link 0.09. Error and template counts stay free: many errors on one page
# is what a tutorial or a forum thread looks like (constrained, server-error recall fell from
# 0.93 to 0.87 on the test split).
_MORE_EVIDENCE = (".leak", ".outside_code")
_MORE_CONTEXT = (".technical", ".code_frac", ".cue_frac", ".offtopic_discussed", ".pitch_discussed",
                 ".client_app", ".about_ai")
_MONOTONE_DETECTORS = re.compile(r"SEO[124]\d{2}\.")
# Flags of a leak whose meaning does not depend on how many there are: the path names a hosting
# account's home, the path sits inside the error, the error was printed before the document or
# in CodeIgniter's box, a phpinfo() page, database credentials. Free, the trees learned that a
# disclosed /home/<user> lowers the risk (the written Q&A pages quote such paths; their code
# blocks and technical prose are what should say so) and missed a real WordPress warning.
_LEAK_FLAGS = frozenset({
    "SEO601.with_location", "SEO601.codeigniter", "SEO601.before_doctype", "SEO602.credentials",
    "SEO604.phpinfo", "SEO605.home_user", "SEO605.in_error", "SEO605.error_and_path",
})
# Template tags and error lines that leaked: counted only outside code, on a page that is not
# about programming and where no prose introduces them (SEO701.tags_log1p, SEO60x.hits_log1p).
# Free, the trees learned from hard negatives whose text window cut off the line introducing
# their example that more such tags lower the risk, and scored a newsletter with 15 unfilled
# merge tags 0.41; and that more leaked trace families and frames lower it, so that a held-out
# trace style (an ASP.NET yellow screen: page, exception and trace) scored 0.51 on one split.
_LEAK_COUNTS = frozenset({"SEO701.tags_log1p", "SEO601.hits_log1p", "SEO602.hits_log1p", "SEO603.hits_log1p",
                          "SEO604.hits_log1p", "SEO602.families_log1p", "SEO603.families_log1p",
                          "SEO603.frames_log1p", "SEO604.frameworks_log1p"})
# Their inputs that describe the page rather than measure spam: shares of things legitimate
# pages also have (hidden UI text, nofollow links, list shape), the hiding technique's name.
_UNCONSTRAINED = frozenset({
    "SEO101.sponsored_share", "SEO101.nofollow_share", "SEO101.page_spam_category",
    "SEO201.tech_offscreen", "SEO201.tech_zero_size", "SEO201.tech_font_size0", "SEO201.tech_same_color",
    "SEO201.tech_opacity0", "SEO201.tech_js_hidden",
    "SEO202.hidden_text_share", "SEO202.hidden_inline_text_share",
    "SEO404.term_diversity", "SEO404.list_items", "SEO404.list_head_share",
    "SEO405.salad_function_share", "SEO406.on_platform",
    "SEO407.pitch_commercial", "SEO407.pitch_overlap", "SEO407.pitch_topic_known",
})


def monotone_direction(name: str) -> int:
    """+1, -1 or 0: the constraint on a model input (see the comment above)."""
    if name.endswith(_MORE_CONTEXT):
        return -1
    if name.startswith("findings.") or name.endswith(_MORE_EVIDENCE) or name in _LEAK_FLAGS or name in _LEAK_COUNTS:
        return 1
    if name in _UNCONSTRAINED:
        return 0
    return 1 if _MONOTONE_DETECTORS.match(name) else 0


@dataclass
class Fitted:
    kind: str
    pipe: object
    calibrators: dict  # mode -> CalibratedClassifierCV, or _Platt when cross-fitted
    calib_prevalence: dict  # mode -> positive share in the calibration records
    # cross-fitted only: out-of-fold calibrated risk of every record of the fit and calibration
    # splits (NaN elsewhere), from models that never saw the record's site
    oof: np.ndarray | None = None


class _Platt:
    """A sigmoid on a fitted pipeline's decision values, fitted on out-of-fold values: the
    same predict_proba as CalibratedClassifierCV(method="sigmoid")."""

    def __init__(self, pipe, sigmoid) -> None:
        self.pipe, self.sigmoid = pipe, sigmoid

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = self.sigmoid.predict(self.pipe.decision_function(X))
        return np.column_stack([1 - p, p])


def _estimator(kind: str, seed: int, names, X_fit: np.ndarray):
    pipe = make_estimator(kind, seed)
    if kind == "trees" and names is not None:
        # more detector evidence never lowers the risk, more benign context never raises it:
        # the findings-derived inputs and the inputs named in monotone_direction are monotone
        imp = pipe.named_steps["impute"].__class__(**pipe.named_steps["impute"].get_params()).fit(X_fit)
        width = X_fit.shape[1] + len(imp.indicator_.features_ if imp.indicator_ is not None else [])
        cst = np.zeros(width, dtype=int)
        for j, n in enumerate(names):
            cst[j] = monotone_direction(n)
        pipe.set_params(clf__monotonic_cst=cst.tolist())
    return pipe


def fit(kind: str, X: np.ndarray, y: np.ndarray, modes: np.ndarray, fit_mask: np.ndarray, calib_mask: np.ndarray,
        seed: int = 0, names: list[str] | None = None, folds: int = 0, groups: np.ndarray | None = None) -> Fitted:
    """Fit on fit_mask, then calibrate per input mode on calib_mask (never the same rows).

    With ``folds`` >= 2 (and ``groups``), cross-fit instead: the model is fitted on the fit and
    calibration splits together, and the sigmoid per input mode on out-of-fold decision values
    of those records (each from a model fitted without the record's site, folds by group).
    Four times as many records then calibrate the risk and choose the threshold, and the model
    learns from a third more sites; the test split is untouched either way."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator

    if np.any(fit_mask & calib_mask):
        raise ValueError("fit and calibration records overlap")
    if folds >= 2:
        return _cross_fit(kind, X, y, modes, fit_mask | calib_mask, seed, names, folds, groups)
    pipe = _estimator(kind, seed, names, X[fit_mask])
    pipe.fit(X[fit_mask], y[fit_mask])
    cals, prev = {}, {}
    for mode in MODES:
        m = calib_mask & (modes == mode)
        if m.sum() < 10 or len(set(y[m])) < 2:  # too few records of this mode: calibrate on both
            m = calib_mask
        cal = CalibratedClassifierCV(FrozenEstimator(pipe), method="sigmoid")
        cal.fit(X[m], y[m])
        cals[mode] = cal
        prev[mode] = float(y[m].mean())
    return Fitted(kind, pipe, cals, prev)


def _cross_fit(kind, X, y, modes, train, seed, names, folds, groups) -> Fitted:
    from sklearn.calibration import _SigmoidCalibration
    from sklearn.model_selection import GroupKFold

    if groups is None:
        raise ValueError("cross-fitting needs the records' groups (sites)")
    idx = np.flatnonzero(train)
    raw = np.full(len(y), np.nan)
    for tr, va in GroupKFold(n_splits=folds).split(idx, y[idx], groups[idx]):
        part = _estimator(kind, seed, names, X[idx[tr]])
        part.fit(X[idx[tr]], y[idx[tr]])
        raw[idx[va]] = part.decision_function(X[idx[va]])
    pipe = _estimator(kind, seed, names, X[train])
    pipe.fit(X[train], y[train])
    cals, prev = {}, {}
    oof = np.full(len(y), np.nan)
    for mode in MODES:
        m = train & (modes == mode)
        if m.sum() < 10 or len(set(y[m])) < 2:
            m = train
        sig = _SigmoidCalibration().fit(raw[m], y[m])
        cals[mode] = _Platt(pipe, sig)
        prev[mode] = float(y[m].mean())
        mm = train & (modes == mode)
        oof[mm] = sig.predict(raw[mm])
    return Fitted(kind, pipe, cals, prev, oof)


def _sigmoid_params(cal) -> tuple[float, float]:
    c = cal.sigmoid if isinstance(cal, _Platt) else cal.calibrated_classifiers_[0].calibrators[0]
    return float(c.a_), float(c.b_)


def export(f: Fitted, names: list[str], threshold: float, name: str, assumed_prevalence: dict | None = None) -> dict:
    """The plain-data form of a fitted, calibrated pipeline (what :class:`TrainedModel` reads)."""
    imp = f.pipe.named_steps["impute"]
    values = np.asarray(imp.statistics_, dtype=np.float64)
    values = np.where(np.isnan(values), 0.0, values)  # keep_empty_features imputes 0 for all-NaN columns
    indicators = [int(i) for i in (imp.indicator_.features_ if imp.indicator_ is not None else [])]
    data: dict = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": name, "kind": f.kind,
        "features": list(names),
        "impute": {"values": values.tolist(), "indicators": indicators},
        "threshold": float(threshold),
    }
    if f.kind == "linear":
        sc, clf = f.pipe.named_steps["scale"], f.pipe.named_steps["clf"]
        data["linear"] = {"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(), "coef": clf.coef_[0].tolist(),
                          "intercept": float(clf.intercept_[0])}
    else:
        data["trees"] = export_trees(f.pipe.named_steps["clf"])
    cal = {}
    for mode in MODES:
        a, b = _sigmoid_params(f.calibrators[mode])
        if assumed_prevalence and mode in assumed_prevalence and assumed_prevalence[mode]:
            b -= _logit(assumed_prevalence[mode]) - _logit(f.calib_prevalence[mode])  # prior shift
        cal[mode] = {"a": a, "b": b}
    data["calibration"] = cal
    data["assumed_prevalence"] = {m: (assumed_prevalence or {}).get(m) or f.calib_prevalence[m] for m in MODES}
    return data


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def export_trees(hgb) -> dict:
    """Every tree of a binary HistGradientBoostingClassifier as flat arrays, with Saabas expectations."""
    feature, threshold, left, right, value, missing, leaf, expected, roots = [], [], [], [], [], [], [], [], []
    max_depth = 0
    for iteration in hgb._predictors:
        if len(iteration) != 1:
            raise ValueError("only binary classifiers can be exported")
        nodes = iteration[0].nodes
        if np.any(nodes["is_categorical"]):
            raise ValueError("categorical splits are not supported by the exported format")
        off = len(feature)
        roots.append(off)
        n = len(nodes)
        exp = np.zeros(n)
        # children have larger indices than parents in sklearn's node arrays: fill bottom-up
        for i in range(n - 1, -1, -1):
            nd = nodes[i]
            if nd["is_leaf"]:
                exp[i] = nd["value"]
            else:
                l, r = int(nd["left"]), int(nd["right"])
                cl, cr = float(nodes[l]["count"]), float(nodes[r]["count"])
                exp[i] = (cl * exp[l] + cr * exp[r]) / (cl + cr) if cl + cr > 0 else 0.5 * (exp[l] + exp[r])
        for i in range(n):
            nd = nodes[i]
            is_leaf = bool(nd["is_leaf"])
            feature.append(0 if is_leaf else int(nd["feature_idx"]))
            threshold.append(0.0 if is_leaf else float(nd["num_threshold"]))
            left.append(0 if is_leaf else int(nd["left"]) + off)
            right.append(0 if is_leaf else int(nd["right"]) + off)
            value.append(float(nd["value"]) if is_leaf else 0.0)
            missing.append(int(nd["missing_go_to_left"]))
            leaf.append(int(is_leaf))
            expected.append(float(exp[i]))
            max_depth = max(max_depth, int(nd["depth"]))
    baseline = float(np.ravel(hgb._baseline_prediction)[0])
    thr = [t if math.isfinite(t) else (1e308 if t > 0 else -1e308) for t in threshold]
    return {"baseline": baseline, "roots": roots, "feature": feature, "threshold": thr, "left": left, "right": right,
            "value": value, "missing_left": missing, "is_leaf": leaf, "expected": expected, "max_depth": max_depth}


FPR_CONFIDENCE_Z = 0.6745  # one-sided 75% confidence


def wilson_upper(k: int, n: int, z: float = FPR_CONFIDENCE_Z, n_eff: float | None = None) -> float:
    """One-sided upper confidence bound (Wilson score; default z=0.674: 75%) of a rate k/n.
    `n_eff`: the number of independent units behind the n records (sites, when a site gives
    several records), which sets the bound's width; the rate stays k/n."""
    if n <= 0:
        return 1.0
    p = k / n
    n = n_eff if n_eff else n
    den = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return min(1.0, (centre + half) / den)


# The operating threshold never goes below this: a page on which no detector made a finding
# scores at most NO_EVIDENCE_CAP, and it must never be flagged (evidence first).
EVIDENCE_FLOOR = NO_EVIDENCE_CAP + 0.0001


def choose_threshold(y: np.ndarray, p: np.ndarray, prevalence: float = 0.01, target: float = 0.5,
                     n_eff: float | None = None) -> tuple[float, dict]:
    """Lowest score whose precision at `prevalence` reaches `target` with 75% confidence.

    The false-positive rate is taken at its one-sided 75% upper bound (Wilson), so a
    threshold is not chosen on the luck of a few calibration negatives: the FP count is
    small near the operating point and a point estimate moves the threshold into a region
    where held-out pages see twice the false alarms.
    """
    pos, neg = p[y == 1], p[y == 0]
    cands = np.unique(p)
    best = None
    n_pos, n_neg = max(1, len(pos)), len(neg)
    pos_s, neg_s = np.sort(pos), np.sort(neg)
    fallback = (-1.0, float(cands[-1]) if len(cands) else 0.5)
    for t in cands:  # ascending: the first that qualifies has the highest recall
        tp = len(pos_s) - np.searchsorted(pos_s, t, side="left")
        fp = len(neg_s) - np.searchsorted(neg_s, t, side="left")
        tpr = tp / n_pos
        fpr = wilson_upper(int(fp), n_neg, n_eff=n_eff)
        prec = precision_at(tpr, fpr, prevalence)
        if prec > fallback[0]:
            fallback = (prec, float(t))
        if prec >= target and tpr > 0:
            best = float(t)
            break
    thr = best if best is not None else fallback[1]
    return thr, {"prevalence": prevalence, "target_precision": target, "reached": best is not None,
                 "fpr_bound": "one-sided 75% Wilson upper bound on the calib split"}


def operating_threshold(y: np.ndarray, p: np.ndarray, prevalence: float = 0.01,
                        target: float = 0.5, n_eff: float | None = None) -> tuple[float, dict]:
    """choose_threshold, floored at EVIDENCE_FLOOR (a page without findings is never flagged)."""
    thr, info = choose_threshold(y, p, prevalence, target, n_eff)
    if thr < EVIDENCE_FLOOR:
        info = {**info, "floored_from": thr}
    return max(thr, EVIDENCE_FLOOR), info


def fit_model(ds: Dataset, fit_mask: np.ndarray, calib_mask: np.ndarray, kind: str, *, seed: int = 0,
              prevalence: float = 0.01, target: float = 0.5, name: str = "model", folds: int = 0) -> TrainedModel:
    """Fit + calibrate + choose the threshold on the given masks; the exported scorer (for experiments)."""
    modes = ds.column("mode")
    f = fit(kind, ds.X, ds.y, modes, fit_mask, calib_mask, seed=seed, names=ds.names, folds=folds,
            groups=ds.column("group") if folds else None)
    data = export(f, ds.names, 0.5, name)
    model = TrainedModel(data)
    y_cal, p_cal, n_eff = calibration_scores(f, model, ds, calib_mask)
    data["threshold"], _ = operating_threshold(y_cal, p_cal, prevalence, target, n_eff)
    return TrainedModel(data)


def calibration_scores(f: Fitted, model: TrainedModel, ds: Dataset,
                       calib_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, float | None]:
    """(labels, risks, independent negatives) that the threshold is chosen on: the
    calibration split as the model scores it; cross-fitted, every fit and calibration
    record's out-of-fold risk (the model saw those records), with the same evidence-first cap
    as the scorer, and the bound on its false-positive rate as wide as the number of sites
    among the negatives says (a site's HTML, text window and hard-negative variants are not
    independent trials, and four times the records would otherwise narrow it by half)."""
    if f.oof is None:
        return ds.y[calib_mask], score(model, ds, calib_mask), None
    m = ~np.isnan(f.oof)
    p = f.oof[m]
    j = model._evidence_column
    if j is not None:
        p = np.where(ds.X[m, j] > 0, p, np.minimum(p, NO_EVIDENCE_CAP))
    y = ds.y[m]
    n_sites = len(set(ds.column("group")[m][y == 0]))
    return y, p, float(n_sites)


def score(model: TrainedModel, ds: Dataset, mask: np.ndarray) -> np.ndarray:
    modes = [r["mode"] for r, m in zip(ds.rows, mask) if m]
    return model.predict_matrix(ds.X[mask], modes)


def report_metrics(model: TrainedModel, ds: Dataset, mask: np.ndarray) -> dict:
    """Metrics of a model on the records in mask: overall, per family, per mode, per source."""
    p = score(model, ds, mask)
    y = ds.y[mask]
    rows = [r for r, m in zip(ds.rows, mask) if m]
    thr = model.threshold
    out = {"overall": metrics(y, p, thr)}
    for key in ("family", "mode", "source", "attack"):
        out[f"by_{key}"] = breakdown(rows, y, p, thr, key)
    clean = np.array([r["family"] == "clean" for r in rows])
    hard = np.array([r["family"] == "hard_negative" for r in rows])
    out["fpr_clean"] = float((p[clean] >= thr).mean()) if clean.any() else None
    out["fpr_hard_negative"] = float((p[hard] >= thr).mean()) if hard.any() else None
    fams = sorted({r["family"] for r, yy in zip(rows, y) if yy == 1})
    out["recall_by_family"] = {f: out["by_family"][f]["recall"] for f in fams}
    return out


def train(cfg: DatasetConfig, *, out_dir: Path | str = DEFAULT_OUT, name: str = "", kinds=MODEL_KINDS,
          jobs: int = 1, cache_dir=None, install: bool = True, prevalence: float = 0.01, target: float = 0.5,
          assume_prevalence: float | None = None, plots: bool = True, progress: bool = True,
          dataset: Dataset | None = None, folds: int = 0) -> dict:
    """Build features, fit and compare models, write data file + card + plots, install the best."""
    t0 = time.time()
    ds = dataset or build(cfg, jobs=jobs, cache_dir=cache_dir, progress=progress)
    t_feat = time.time() - t0
    n_err = sum(ds.errors.values())
    if n_err and progress:
        share = n_err / max(1, n_err + len(ds.rows))
        print(f"train: WARNING: {n_err} records ({share:.1%}) were left out because the scanner failed on them: "
              f"{ds.errors}; see datasets/.cache or rerun after the detectors are fixed", file=sys.stderr, flush=True)
    split = ds.column("split")
    modes = ds.column("mode")
    fit_m, cal_m, test_m = split == "fit", split == "calib", split == "test"
    if not (fit_m.any() and cal_m.any()):
        raise RuntimeError("the dataset is too small: the fit or calib split is empty")
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d")
    name = name or f"seo-{stamp}-s{cfg.seed}"
    out_dir = Path(out_dir)
    candidates = {}
    for kind in kinds:
        t1 = time.time()
        f = fit(kind, ds.X, ds.y, modes, fit_m, cal_m, seed=cfg.seed, names=ds.names, folds=folds,
                groups=ds.column("group") if folds else None)
        prior = {m: assume_prevalence for m in MODES} if assume_prevalence else None
        data = export(f, ds.names, 0.5, f"{name}-{kind}", prior)
        model = TrainedModel(data)
        y_cal, p_cal, n_eff = calibration_scores(f, model, ds, cal_m)
        thr, thr_info = operating_threshold(y_cal, p_cal, prevalence, target, n_eff)
        if folds:
            thr_info = {**thr_info, "fpr_bound": f"one-sided 75% Wilson upper bound on the out-of-fold risks of the "
                                                 f"fit and calib splits ({folds} folds by site), as wide as "
                                                 f"{int(n_eff or 0)} independent sites"}
        data["threshold"] = thr
        model = TrainedModel(data)
        cal_metrics = metrics(y_cal, p_cal, thr)
        test_metrics = report_metrics(model, ds, test_m) if test_m.any() else {}
        candidates[kind] = {"fitted": f, "data": data, "model": model, "threshold_choice": thr_info,
                            "calib": cal_metrics, "test": test_metrics, "seconds": time.time() - t1}
        if progress:
            o = test_metrics.get("overall", {})
            print(f"train: {kind}: threshold {thr:.3f}, calib recall {cal_metrics['recall']:.3f}, "
                  f"test recall {o.get('recall', float('nan')):.3f} fpr {o.get('fpr', float('nan')):.4f} "
                  f"pr_auc {o.get('pr_auc', float('nan')):.3f}", file=sys.stderr, flush=True)
    violations = {k: sign_violations(v["data"]) for k, v in candidates.items()}
    if progress and any(violations.values()):
        print(f"train: weights against their inputs' meaning: {dict((k, v[:6]) for k, v in violations.items() if v)}",
              file=sys.stderr, flush=True)
    chosen = choose_kind({k: v["calib"] for k, v in candidates.items()}, violations)
    best = candidates[chosen]
    data = best["data"]
    data["name"] = name
    model_dir = out_dir / name
    model_dir.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    (model_dir / DATA_FILE).write_bytes(raw)
    card = make_card(name, data, raw, ds, candidates, chosen, cfg, prevalence, target, t_feat, time.time() - t0,
                     folds=folds)
    card_raw = json.dumps(card, indent=2, sort_keys=False).encode("utf-8")
    (model_dir / CARD_FILE).write_bytes(card_raw)
    parse_model(raw, card)  # what we wrote must load
    if plots:
        from detector.training.plots import pr_curves, reliability

        curves = {}
        for kind, c in candidates.items():
            if test_m.any():
                curves[kind] = (ds.y[test_m], score(c["model"], ds, test_m), c["model"].threshold)
        if curves:
            pr_curves(curves, model_dir / "precision_recall.png", title=f"{name}: held-out groups and attacks")
            y_t = ds.y[test_m]
            p_t = score(best["model"], ds, test_m)
            mt = modes[test_m]
            reliability({m: (y_t[mt == m], p_t[mt == m]) for m in MODES if (mt == m).any()},
                        model_dir / "reliability.png", title=f"{name} ({chosen}): reliability on held-out groups")
    (model_dir / "report.md").write_text(report_markdown(card), encoding="utf-8")
    if install:
        install_default(model_dir)
    card["_dir"] = str(model_dir)
    return card


CONSTRAINED_KIND = "trees"  # the kind whose inputs obey monotone_direction


def sign_violations(data: dict) -> list[str]:
    """Inputs whose learned weight contradicts their meaning: a linear model that gives a leak
    flag or a finding a negative weight (or a context signal a positive one), which happens
    when inputs are collinear. Trees are fitted under the constraints and have none."""
    lin = data.get("linear")
    if not lin:
        return []
    out = []
    for name, c in zip(data["features"], lin["coef"]):
        d = monotone_direction(name)
        if d and c * d < -SIGN_TOLERANCE:
            out.append(name)
    return out


SIGN_TOLERANCE = 0.05  # standardised-coefficient slack before a weight counts as reversed


def choose_kind(calib: dict[str, dict], violations: dict[str, list] | None = None) -> str:
    """The model kind to ship, from each kind's calibration-split metrics.

    A model whose weights contradict the meaning of its inputs (:func:`sign_violations`: a
    leak flag that lowers the risk) is not shipped while another kind has none: it has fitted
    an accident of the training data. Among the rest, the highest recall at the operating
    threshold wins; but when the constrained trees are within one binomial standard error of
    it, the data cannot tell the two apart, and the model whose evidence can only raise the
    risk and whose context can only lower it is chosen. Further ties: PR-AUC.
    """
    violations = violations or {}
    clean = {k: v for k, v in calib.items() if not violations.get(k)}
    calib = clean or calib
    best = max(calib, key=lambda k: (calib[k]["recall"], calib[k]["pr_auc"]))
    r, n = calib[best]["recall"], max(1, calib[best].get("positives") or 1)
    se = math.sqrt(max(r * (1 - r), 1e-12) / n)
    if CONSTRAINED_KIND in calib and calib[best]["recall"] - calib[CONSTRAINED_KIND]["recall"] <= se:
        return CONSTRAINED_KIND
    return best


def versions() -> dict:
    import sklearn

    from detector import __version__

    return {"detector": __version__, "python": platform.python_version(), "numpy": np.__version__,
            "scikit-learn": sklearn.__version__}


def make_card(name, data, raw, ds: Dataset, candidates, chosen, cfg, prevalence, target, t_feat, t_total,
              folds: int = 0) -> dict:
    comp = {}
    for kind, c in candidates.items():
        t = c["test"]
        comp[kind] = {"threshold": c["data"]["threshold"], "calib": c["calib"], "test_overall": t.get("overall"),
                      "test_recall_by_family": t.get("recall_by_family"), "test_fpr_clean": t.get("fpr_clean"),
                      "test_fpr_hard_negative": t.get("fpr_hard_negative"), "fit_seconds": round(c["seconds"], 1)}
    best = candidates[chosen]
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": name, "kind": chosen,
        "data_file": DATA_FILE, "data_sha256": sha256_bytes(raw),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "features": list(data["features"]), "n_features": len(data["features"]),
        "threshold": data["threshold"],
        "threshold_choice": best["threshold_choice"],
        "assumed_prevalence": {
            "scores": data["assumed_prevalence"],
            "note": "calibrated probabilities assume this share of compromised pages (per input mode), "
                    "the calibration split's, unless --assume-prevalence shifted them; the threshold "
                    f"was chosen for precision >= {target} at {prevalence:.0%} prevalence",
            "threshold_prevalence": prevalence,
        },
        "folds": folds,
        "calibration": (f"cross-fitted: the model fitted on the fit and calib splits; a sigmoid per input mode on "
                        f"out-of-fold decision values of those records ({folds} folds by site, GroupKFold); the "
                        f"threshold chosen on the out-of-fold risks" if folds else
                        "CalibratedClassifierCV(FrozenEstimator(model), method='sigmoid') per input mode, on the "
                        "calib split (groups not used for fitting)"),
        "versions": versions(),
        "data": ds.summary(),
        "metrics": {"test": best["test"], "calib": best["calib"]},
        "comparison": comp,
        "timing_seconds": {"features": round(t_feat, 1), "total": round(t_total, 1)},
        "reproduce": f"python scripts/train_full.py --seed {cfg.seed}" + (f" --max-pages {cfg.max_pages}" if cfg.max_pages else "")
                     + (f" --folds {folds}" if folds else ""),
    }


def install_default(model_dir: Path) -> Path:
    """Copy a trained model (data file + card) into the package as the default model."""
    PACKAGE_MODEL_DIR.mkdir(parents=True, exist_ok=True)
    for fn in (DATA_FILE, CARD_FILE):
        shutil.copyfile(Path(model_dir) / fn, PACKAGE_MODEL_DIR / fn)
    init = PACKAGE_MODEL_DIR / "__init__.py"
    if not init.exists():
        init.write_text('"""The shipped default model (model.json + card.json), read with importlib.resources."""\n')
    return PACKAGE_MODEL_DIR


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def report_markdown(card: dict) -> str:
    t = card["metrics"]["test"]
    o = t.get("overall", {})
    lines = [f"# Model {card['name']} ({card['kind']})", "",
             f"Threshold {card['threshold']:.4f}; data sha256 `{card['data_sha256'][:16]}`; "
             f"{card['data']['records']} records ({card['data']['positives']} positive), {card['n_features']} features.", "",
             "## Held-out groups with held-out attacks (test split)", "",
             "| metric | value |", "|---|---|"]
    for k in ("n", "positives", "precision", "recall", "fpr", "roc_auc", "pr_auc", "brier", "precision_at_1pct", "precision_at_10pct"):
        lines.append(f"| {k} | {_fmt(o.get(k))} |")
    lines += [f"| FPR clean real pages | {_fmt(t.get('fpr_clean'))} |", f"| FPR hard negatives | {_fmt(t.get('fpr_hard_negative'))} |", "",
              "## Recall per family", "", "| family | n | recall |", "|---|---|---|"]
    for fam, m in sorted(t.get("by_family", {}).items()):
        lines.append(f"| {fam} | {m['n']} | {_fmt(m['recall']) if m['positives'] else 'FPR ' + _fmt(m['fpr'])} |")
    lines += ["", "## Per input mode", "", "| mode | n | recall | FPR | PR-AUC | Brier |", "|---|---|---|---|---|---|"]
    for mode, m in sorted(t.get("by_mode", {}).items()):
        lines.append(f"| {mode} | {m['n']} | {_fmt(m['recall'])} | {_fmt(m['fpr'])} | {_fmt(m['pr_auc'])} | {_fmt(m['brier'])} |")
    lines += ["", "## Model comparison (test split)", "", "| model | threshold | recall | FPR | PR-AUC | P@1% | P@10% |", "|---|---|---|---|---|---|---|"]
    for kind, c in card["comparison"].items():
        oo = c.get("test_overall") or {}
        lines.append(f"| {kind} | {c['threshold']:.4f} | {_fmt(oo.get('recall'))} | {_fmt(oo.get('fpr'))} | {_fmt(oo.get('pr_auc'))} | "
                     f"{_fmt(oo.get('precision_at_1pct'))} | {_fmt(oo.get('precision_at_10pct'))} |")
    lines += ["", f"Reproduce: `{card['reproduce']}`", ""]
    return "\n".join(lines)
