"""The shipped model: a plain JSON data file, its JSON card, and a small numpy scorer.

Format (``model.json``, ``format: seo-injection-detector/model``, version 1)::

    features          ordered input names (the detectors' ``<ID>.<name>`` features it uses)
    impute.values     value put in place of NaN, per input feature
    impute.indicators indices of the inputs that get a 0/1 "was missing" column, appended
                      after the inputs in this order (sklearn SimpleImputer(add_indicator=True))
    kind              "linear" or "trees"
    linear            mean, scale, coef (over inputs + indicators), intercept
                      (StandardScaler then LogisticRegression)
    trees             flat node arrays of every tree (feature, threshold, left, right, value,
                      missing_left, is_leaf, expected), roots, baseline
                      (HistGradientBoostingClassifier)
    calibration       per input mode ("html", "text"): sigmoid a, b: p = 1 / (1 + exp(a*f + b))
                      where f is the raw logit (sklearn's _SigmoidCalibration)
    threshold         the operating point chosen at training

The card (``card.json``) names the data file and holds its SHA-256: a data file whose hash
differs from its card, or that is not this format, is refused. Loading parses JSON only: it
runs no code, never unpickles, and does not import scikit-learn, so ``scan`` starts fast and
the file works with any scikit-learn version. ``tests/test_model.py`` checks that this scorer
and scikit-learn's ``predict_proba`` agree to 1e-9.

The model lists the features it uses; extra features in a page's vector are ignored, missing
ones are refused with a message that says which.

Explanations are exact: for the linear model, coefficient x (value - reference) with the
training mean as reference; for trees, Saabas path contributions (the change of the expected
value along each tree's path). Both sum, with the base value, to the raw logit; ``explain``
scales them by the mode's calibration slope, so they are in units of the calibrated logit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

FORMAT = "seo-injection-detector/model"
FORMAT_VERSION = 1
DATA_FILE = "model.json"
CARD_FILE = "card.json"
MODES = ("html", "text")


FINDINGS_PREFIX = "findings."


def findings_feature_names() -> list[str]:
    """Model inputs derived from the findings themselves (the detectors' own severity x confidence)."""
    from detector.findings import KINDS

    return [f"{FINDINGS_PREFIX}{k}" for k in KINDS] + [f"{FINDINGS_PREFIX}noisy_or", f"{FINDINGS_PREFIX}strong_ids_log"]


# Evidence first: a page on which no detector produced a finding cannot reach level high or be
# flagged by default, whatever the model makes of its features; it can still rank as medium,
# for review (the top of the medium band; see detector/verdict.py).
NO_EVIDENCE_CAP = 0.5999


def findings_features(findings) -> dict[str, float]:
    """Per kind, the strongest finding's severity x confidence weight; their noisy-OR over
    detector ids (the transparent score); log1p of the number of ids with a weight >= 0.35.

    Accepts Finding objects or (id, kind, severity, confidence) tuples.
    """
    from detector.scoring import CONFIDENCE_WEIGHT, SEVERITY_WEIGHT

    by_kind: dict[str, float] = {}
    by_id: dict[str, float] = {}
    for f in findings:
        fid, kind, sev, conf = (f if isinstance(f, (tuple, list)) else (f.id, f.kind, f.severity, f.confidence))[:4]
        w = SEVERITY_WEIGHT.get(sev, 0.0) * CONFIDENCE_WEIGHT.get(conf, 0.0)
        if w > by_kind.get(kind, 0.0):
            by_kind[kind] = w
        if w > by_id.get(fid, 0.0):
            by_id[fid] = w
    out = {name: by_kind.get(name[len(FINDINGS_PREFIX):], 0.0) for name in findings_feature_names()[:-2]}
    keep = 1.0
    for w in by_id.values():
        keep *= 1.0 - w
    out[f"{FINDINGS_PREFIX}noisy_or"] = 1.0 - keep
    out[f"{FINDINGS_PREFIX}strong_ids_log"] = math.log1p(sum(1 for w in by_id.values() if w >= 0.35))
    return out


class ModelError(Exception):
    """A model file that cannot be used (wrong format, hash mismatch, missing features)."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _floats(xs, what: str, n: int | None = None) -> np.ndarray:
    try:
        arr = np.asarray(xs, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"model field {what} is not a list of numbers") from exc
    if arr.ndim != 1 or (n is not None and arr.shape[0] != n):
        raise ModelError(f"model field {what} has the wrong shape {arr.shape} (expected {n})")
    return arr


def _ints(xs, what: str, n: int | None = None) -> np.ndarray:
    arr = _floats(xs, what, n)
    if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
        raise ModelError(f"model field {what} must hold integers")
    return arr.astype(np.int64)


def _expit(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


class TrainedModel:
    """A trained, calibrated model read from a data file; duck-types FindingsScorer."""

    def __init__(self, data: dict, card: dict | None = None, *, data_hash: str = "") -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"not a seo-injection-detector model file (expected format {FORMAT!r})")
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"unsupported model format version {data.get('format_version')!r} "
                             f"(this detector reads version {FORMAT_VERSION})")
        self.card = card or {}
        self.name = str(data.get("name") or "model")
        self.hash = (data_hash or "")[:16]
        self.features: list[str] = [str(f) for f in data.get("features") or []]
        n = len(self.features)
        if n == 0:
            raise ModelError("the model lists no features")
        imp = data.get("impute") or {}
        self.impute_values = _floats(imp.get("values"), "impute.values", n)
        self.indicators = _ints(imp.get("indicators", []), "impute.indicators")
        if self.indicators.size and (self.indicators.min() < 0 or self.indicators.max() >= n):
            raise ModelError("impute.indicators points outside the feature list")
        self.width = n + int(self.indicators.size)
        self.kind = data.get("kind")
        if self.kind == "linear":
            lin = data.get("linear") or {}
            self.mean = _floats(lin.get("mean"), "linear.mean", self.width)
            self.scale = _floats(lin.get("scale"), "linear.scale", self.width)
            self.coef = _floats(lin.get("coef"), "linear.coef", self.width)
            self.intercept = float(lin.get("intercept", 0.0))
            if np.any(self.scale == 0):
                raise ModelError("linear.scale contains zeros")
        elif self.kind == "trees":
            tr = data.get("trees") or {}
            self.t_feature = _ints(tr.get("feature"), "trees.feature")
            m = self.t_feature.shape[0]
            self.t_threshold = _floats(tr.get("threshold"), "trees.threshold", m)
            self.t_left = _ints(tr.get("left"), "trees.left", m)
            self.t_right = _ints(tr.get("right"), "trees.right", m)
            self.t_value = _floats(tr.get("value"), "trees.value", m)
            self.t_missing_left = _ints(tr.get("missing_left"), "trees.missing_left", m).astype(bool)
            self.t_leaf = _ints(tr.get("is_leaf"), "trees.is_leaf", m).astype(bool)
            self.t_expected = _floats(tr.get("expected"), "trees.expected", m)
            self.t_roots = _ints(tr.get("roots"), "trees.roots")
            self.t_baseline = float(tr.get("baseline", 0.0))
            self.t_depth = int(tr.get("max_depth", 64))
            inner = ~self.t_leaf
            for arr, what in ((self.t_left, "left"), (self.t_right, "right"), (self.t_roots, "roots")):
                sel = arr if what == "roots" else arr[inner]
                if sel.size and (sel.min() < 0 or sel.max() >= m):
                    raise ModelError(f"trees.{what} points outside the node arrays")
            if np.any(inner) and (self.t_feature[inner].min() < 0 or self.t_feature[inner].max() >= self.width):
                raise ModelError("trees.feature points outside the input vector")
        else:
            raise ModelError(f"unknown model kind {self.kind!r}")
        cal = data.get("calibration") or {}
        self.calibration: dict[str, tuple[float, float]] = {}
        for mode in MODES:
            c = cal.get(mode)
            if not isinstance(c, dict):
                raise ModelError(f"the model has no calibration for input mode {mode!r}")
            self.calibration[mode] = (float(c["a"]), float(c["b"]))
        self.threshold = float(data.get("threshold", 0.5))
        if not 0.0 <= self.threshold <= 1.0:
            raise ModelError("threshold must lie in [0, 1]")
        self.assumed_prevalence = data.get("assumed_prevalence")
        self.uses_findings = any(f.startswith(FINDINGS_PREFIX) for f in self.features)

    # ------------------------------------------------------------------ interface
    @property
    def info(self) -> dict[str, str]:
        return {"name": self.name, "hash": self.hash}

    def matrix(self, rows: Sequence[dict]) -> np.ndarray:
        """The model's input matrix from feature dicts; refuses rows missing a feature."""
        names = self.features
        X = np.empty((len(rows), len(names)), dtype=np.float64)
        for i, feats in enumerate(rows):
            try:
                X[i] = [feats[k] if feats[k] is not None else math.nan for k in names]
            except KeyError:
                missing = [k for k in names if k not in feats]
                shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
                raise ModelError(
                    f"model {self.name} needs {len(missing)} feature(s) the detectors did not produce: "
                    f"{shown}. The installed detectors do not match this model: retrain it "
                    f"(detector train) or use a model trained for these detectors") from None
        return X

    def _inputs(self, analysis) -> dict:
        """The analysis' features, plus the findings-derived inputs when the model uses them."""
        if not self.uses_findings:
            return analysis.features
        feats = dict(analysis.features)
        feats.update(findings_features(analysis.findings))
        return feats

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Impute NaNs and append the missing-indicator columns."""
        mask = np.isnan(X)
        Xi = np.where(mask, self.impute_values, X)
        if self.indicators.size:
            Xi = np.hstack([Xi, mask[:, self.indicators].astype(np.float64)])
        return Xi

    RAW_CACHE_SIZE = 4096

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated logit of every row of the input matrix.

        Rows repeat: most crawled pages have no evidence and share one feature vector. Equal
        rows (byte for byte) get one evaluation; the results of recent rows are kept (a small
        per-model dict, cleared when full), so a chunk of clean pages costs a lookup each."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        cache = self.__dict__.setdefault("_raw_cache", {})
        keys = [row.tobytes() for row in X]
        out = np.empty(len(keys))
        todo: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            v = cache.get(k)
            if v is None:
                todo.setdefault(k, []).append(i)
            else:
                out[i] = v
        if todo:
            first = [idx[0] for idx in todo.values()]
            vals = self._raw_uncached(X[first])
            if len(cache) + len(todo) > self.RAW_CACHE_SIZE:
                cache.clear()
            for (k, idx), v in zip(todo.items(), vals.tolist()):
                cache[k] = v
                out[idx] = v
        return out

    def _raw_uncached(self, X: np.ndarray) -> np.ndarray:
        Z = self.transform(X)
        if self.kind == "linear":
            return ((Z - self.mean) / self.scale) @ self.coef + self.intercept
        return self._tree_raw(Z)

    def _leaves(self, Z: np.ndarray) -> np.ndarray:
        n = Z.shape[0]
        node = np.broadcast_to(self.t_roots, (n, self.t_roots.shape[0])).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.t_depth + 1):
            leaf = self.t_leaf[node]
            if leaf.all():
                break
            x = Z[rows, np.where(leaf, 0, self.t_feature[node])]
            left = np.where(np.isnan(x), self.t_missing_left[node], x <= self.t_threshold[node])
            node = np.where(leaf, node, np.where(left, self.t_left[node], self.t_right[node]))
        return node

    def _tree_raw(self, Z: np.ndarray) -> np.ndarray:
        if Z.shape[0] == 0:
            return np.zeros(0)
        return self.t_baseline + self.t_value[self._leaves(Z)].sum(axis=1)

    def calibrate(self, f: np.ndarray, modes: Sequence[str]) -> np.ndarray:
        a = np.array([self.calibration.get(m, self.calibration["html"])[0] for m in modes])
        b = np.array([self.calibration.get(m, self.calibration["html"])[1] for m in modes])
        return _expit(-(a * f + b))

    def predict_matrix(self, X: np.ndarray, modes: Sequence[str]) -> np.ndarray:
        """Calibrated risk of every row, with the evidence-first cap: a row without any
        finding (``findings.noisy_or`` = 0) scores at most :data:`NO_EVIDENCE_CAP`. The cap is
        part of the scorer, so training chooses its threshold, and evaluation measures recall,
        on exactly the scores users get."""
        p = self.calibrate(self.raw(X), modes)
        j = self._evidence_column
        if j is not None and len(p):
            p = np.where(X[:, j] > 0, p, np.minimum(p, NO_EVIDENCE_CAP))
        return p

    @property
    def _evidence_column(self) -> int | None:
        try:
            return self.features.index(f"{FINDINGS_PREFIX}noisy_or")
        except ValueError:
            return None

    def score(self, analyses: Sequence) -> list[float]:
        """Calibrated risk of every analysis, one numpy pass for the whole chunk."""
        if not analyses:
            return []
        X = self.matrix([self._inputs(a) for a in analyses])
        modes = [a.mode if a.mode in MODES else "html" for a in analyses]
        return self.predict_matrix(X, modes).tolist()

    # ------------------------------------------------------------------ explanations
    def explain(self, analysis) -> list[tuple[str, float]]:
        """Exact per-feature contributions to the calibrated logit, largest magnitude first.

        base + sum(contributions) = the calibrated logit of this page, with
        base = :meth:`base_value` for the page's mode.
        """
        X = self.matrix([self._inputs(analysis)])
        contrib = self._raw_contributions(X)[0]
        a, _ = self.calibration.get(analysis.mode, self.calibration["html"])
        out = [(name, float(-a * c)) for name, c in zip(self.features, contrib) if c != 0.0]
        out.sort(key=lambda kv: -abs(kv[1]))
        return out

    contributions = explain

    def base_value(self, mode: str = "html") -> float:
        """Calibrated logit at the reference point (what explain's contributions add to)."""
        a, b = self.calibration.get(mode, self.calibration["html"])
        return float(-(a * self._raw_base() + b))

    def _raw_base(self) -> float:
        if self.kind == "linear":
            return self.intercept
        return self.t_baseline + float(self.t_expected[self.t_roots].sum())

    def _raw_contributions(self, X: np.ndarray) -> np.ndarray:
        """Per input feature, in raw-logit units (indicator columns folded into their feature)."""
        Z = self.transform(X)
        n = len(self.features)
        if self.kind == "linear":
            cz = (Z - self.mean) / self.scale * self.coef
        else:
            cz = np.zeros_like(Z)
            for r in range(Z.shape[0]):
                for root in self.t_roots:
                    node = int(root)
                    while not self.t_leaf[node]:
                        f = int(self.t_feature[node])
                        x = Z[r, f]
                        go_left = self.t_missing_left[node] if math.isnan(x) else x <= self.t_threshold[node]
                        child = int(self.t_left[node] if go_left else self.t_right[node])
                        cz[r, f] += self.t_expected[child] - self.t_expected[node]
                        node = child
        out = cz[:, :n].copy()
        for k, j in enumerate(self.indicators):
            out[:, j] += cz[:, n + k]
        return out


# ---------------------------------------------------------------------- loading

def parse_model(data_bytes: bytes, card: dict | None, *, where: str = "model") -> TrainedModel:
    """Check a data file against its card, then build the scorer (JSON only, no code runs)."""
    digest = sha256_bytes(data_bytes)
    if card is not None:
        expected = card.get("data_sha256")
        if not expected:
            raise ModelError(f"{where}: the model card has no data_sha256: refusing an unverified model")
        if expected != digest:
            raise ModelError(f"{where}: the data file's SHA-256 {digest[:16]}... differs from its card "
                             f"({str(expected)[:16]}...): the file was changed or does not belong to this card")
    try:
        data = json.loads(data_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{where}: not a seo-injection-detector model file (not JSON: {exc})") from None
    model = TrainedModel(data, card, data_hash=digest)
    if card is not None and list(card.get("features") or []) != model.features:
        raise ModelError(f"{where}: the card's feature list differs from the data file's")
    return model


def _read_card(raw: bytes, where: str) -> dict:
    try:
        card = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{where}: the model card is not JSON ({exc})") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{where}: not a seo-injection-detector model card")
    return card


def load_model(path: str | Path) -> TrainedModel:
    """Load a model from its folder, its card (``card.json``) or its data file.

    A data file needs its card beside it (``card.json`` or ``<stem>.card.json``): the card
    carries the hash that proves the data file is the one trained.
    """
    p = Path(path)
    if p.is_dir():
        card_path = p / CARD_FILE
    elif p.name.endswith("card.json"):
        card_path = p
    else:
        card_path = p.with_name(CARD_FILE)
        alt = p.with_name(p.stem + ".card.json")
        if alt.exists():
            card_path = alt
    if not card_path.exists():
        raise ModelError(f"{path}: no model card ({card_path.name}) found; a model needs its card")
    card = _read_card(card_path.read_bytes(), str(card_path))
    data_path = card_path.parent / str(card.get("data_file") or DATA_FILE)
    if p.is_file() and not p.name.endswith("card.json"):
        data_path = p
    if not data_path.exists():
        raise ModelError(f"{path}: the card names data file {data_path.name}, which does not exist")
    return parse_model(data_path.read_bytes(), card, where=str(data_path))


def default_model_files() -> tuple[bytes, bytes] | None:
    """(card bytes, data bytes) of the packaged default model, or None when none is shipped."""
    try:
        pkg = resources.files("detector.data.model")
        card = pkg.joinpath(CARD_FILE)
        if not card.is_file():
            return None
        card_raw = card.read_bytes()
        name = json.loads(card_raw.decode("utf-8")).get("data_file") or DATA_FILE
        data = pkg.joinpath(name)
        if not data.is_file():
            return None
        return card_raw, data.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return None


def load_default_model(*, strict: bool = False):
    """The packaged trained model, or the transparent findings score when none is shipped.

    The default model must match the installed detectors: when it needs a feature that no
    detector declares (a detector was renamed since training), it is stale. Then the reason
    is logged (info level, so scan output stays clean; the verdict's ``model`` then names the
    findings score) and the findings score is used (``strict`` raises ModelError instead), so
    a stale package never turns every page into an error row; tests/test_model.py fails on a
    stale default. A user-given model (:func:`load_model`) is never replaced silently.
    """
    from detector.scoring import FindingsScorer

    files = default_model_files()
    if files is None:
        if strict:
            raise ModelError("no default model is packaged")
        return FindingsScorer()
    card_raw, data_raw = files
    try:
        card = _read_card(card_raw, "default model")
        model = parse_model(data_raw, card, where="default model")
        from detector.detectors import feature_names

        missing = sorted(set(model.features) - set(feature_names()) - set(findings_feature_names()))
        if missing:
            raise ModelError(f"the packaged default model is stale: the detectors no longer produce "
                             f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}; "
                             f"retrain with scripts/train_full.py")
    except ModelError as exc:
        if strict:
            raise
        log.info("%s; using the findings score instead", exc)
        return FindingsScorer()
    return model
