"""Feature extraction for training, cached with joblib per base page.

One cache entry holds every record derived from one base page (its HTML, text windows,
injected variants and hard negatives), keyed by the page path and content hash, the dataset
configuration and a **fingerprint** of the code that shapes the features: the detectors,
the page model, the lexicons and data files, and the corpus builder itself. Change any of
them and the affected entries are recomputed; change only the trainer and reruns are cheap.

The cache lives in ``datasets/.cache/`` (git-ignored) unless ``--cache`` says otherwise.
Extraction uses one process by default: the machine is shared (``--jobs`` raises it).
"""

from __future__ import annotations

import hashlib
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detector.training.dataset import REPO, BasePage, DatasetConfig, base_pages, page_samples

DEFAULT_CACHE = REPO / "datasets" / ".cache"
PKG = Path(__file__).resolve().parents[1]
# files whose changes change the features (the trainer, CLI and model code do not)
_FP_EXCLUDE = {"model.py", "cli.py", "train.py", "evaluate.py", "plots.py", "features.py", "__main__.py"}
# top-level modules that only present or score results
_FP_TOP_EXCLUDE = {"__main__.py", "cli.py", "model.py", "explain.py", "terminal.py", "verdict.py"}


def fingerprint_files() -> list[str]:
    """The package files (relative paths) whose content can change a feature vector."""
    roots = [PKG / "detectors", PKG / "data", PKG / "training"]
    # every top-level module the detectors may import (context, topic, hosts, literals...), not
    # only the page model: a change in any of them can change a feature
    files = [p for p in PKG.glob("*.py") if p.name not in _FP_TOP_EXCLUDE]
    for root in roots:
        files.extend(p for p in root.rglob("*") if p.is_file())
    out = []
    for p in sorted(set(files)):
        rel = p.relative_to(PKG).as_posix()
        if "__pycache__" in rel or rel.startswith("data/model/") or p.suffix == ".pyc":
            continue
        if rel.startswith("training/") and p.name in _FP_EXCLUDE:
            continue
        out.append(rel)
    return out


def fingerprint() -> str:
    """Hash of every source and data file that can change a feature vector."""
    h = hashlib.sha256()
    for rel in fingerprint_files():
        p = PKG / rel
        if not p.exists():
            continue
        h.update(rel.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:20]


_DETECTORS = None


def _detectors():
    global _DETECTORS
    if _DETECTORS is None:
        from detector.detectors import all_detectors

        _DETECTORS = all_detectors()
    return _DETECTORS


def analyze_sample(s) -> tuple[dict, list]:
    """Features and a findings summary of one sample, as scan would compute them."""
    from detector.page import Page
    from detector.records import Record
    from detector.scan import analyze

    page = Page(Record(id=s.id, content=s.content, url=s.url, mode=s.mode))
    a = analyze(page, _detectors())
    return a.features, [(f.id, f.kind, f.severity, f.confidence) for f in a.findings]


def _extract_base(base: BasePage, cfg_key: str, content_hash: str, fp: str) -> list[dict]:
    """Rows (meta + features + findings) of every record of one base page. Cached."""
    cfg = DatasetConfig(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in __import__("json").loads(cfg_key).items()})
    rows = []
    for s in page_samples(base, cfg):
        try:
            feats, finds = analyze_sample(s)
            err = ""
        except Exception as exc:  # a record the scanner rejects is kept out, with the reason counted
            feats, finds, err = {}, [], f"{type(exc).__name__}: {exc}"[:200]
        row = s.meta()
        row.update(features=feats, findings=finds, error=err, chars=len(s.content))
        rows.append(row)
    return rows


def _content_hash(base: BasePage, cfg: DatasetConfig) -> str:
    if base.source == "written":
        return "written"
    return hashlib.sha256((cfg.corpus_path() / base.rel).read_bytes()).hexdigest()


@dataclass
class Dataset:
    rows: list[dict]
    names: list[str]
    X: np.ndarray
    y: np.ndarray
    config: DatasetConfig
    fingerprint: str
    seconds: float = 0.0
    errors: dict = field(default_factory=dict)

    def column(self, key: str) -> np.ndarray:
        return np.array([r[key] for r in self.rows], dtype=object)

    def mask(self, **kw) -> np.ndarray:
        m = np.ones(len(self.rows), dtype=bool)
        for k, v in kw.items():
            col = self.column(k)
            m &= np.isin(col, list(v)) if isinstance(v, (list, tuple, set)) else (col == v)
        return m

    def digest(self) -> str:
        h = hashlib.sha256()
        for r in self.rows:
            h.update(f"{r['id']}\t{r['label']}\t{r['split']}\t{r['mode']}\t{r['family']}\n".encode())
        h.update(np.ascontiguousarray(self.X).tobytes())
        return h.hexdigest()

    def summary(self) -> dict:
        out: dict = {"records": len(self.rows), "positives": int(self.y.sum()), "negatives": int((self.y == 0).sum()),
                     "features": len(self.names), "sha256": self.digest(), "fingerprint": self.fingerprint,
                     "config": json_config(self.config), "errors": self.errors}
        for key in ("split", "mode", "family", "source"):
            counts: dict = {}
            for r in self.rows:
                k = f"{r[key]}:{r['label']}"
                counts[k] = counts.get(k, 0) + 1
            out[f"by_{key}"] = dict(sorted(counts.items()))
        out["groups"] = len({r["group"] for r in self.rows})
        return out


def json_config(cfg: DatasetConfig) -> dict:
    import json

    return json.loads(cfg.key())


def build(cfg: DatasetConfig, *, jobs: int = 1, cache_dir: str | Path | None = None, progress: bool = True,
          names: list[str] | None = None) -> Dataset:
    """Every record's features, from the cache where possible."""
    from joblib import Memory, Parallel, delayed

    from detector.detectors import feature_names

    t0 = time.time()
    from detector.model import findings_feature_names, findings_features

    names = list(names or (feature_names() + findings_feature_names()))
    if not names:
        raise RuntimeError("no detector declares any feature: nothing to train on")
    fp = fingerprint()
    cache = Path(cache_dir) if cache_dir else DEFAULT_CACHE
    cache.mkdir(parents=True, exist_ok=True)
    gi = cache.parent / ".gitignore"
    if cache == DEFAULT_CACHE and not gi.exists():
        gi.write_text(".cache/\n")
    mem = Memory(location=str(cache), verbose=0)
    fn = mem.cache(_extract_base)
    bases = base_pages(cfg)
    key = cfg.key()
    tasks = [(b, key, _content_hash(b, cfg), fp) for b in bases]
    rows: list[dict] = []
    if jobs > 1:
        for chunk in Parallel(n_jobs=jobs, batch_size=4)(delayed(fn)(*t) for t in tasks):
            rows.extend(chunk)
    else:
        for i, t in enumerate(tasks):
            rows.extend(fn(*t))
            if progress and (i + 1) % 100 == 0:
                print(f"features: {i + 1}/{len(tasks)} base pages, {len(rows)} records, {time.time() - t0:.0f}s",
                      file=sys.stderr, flush=True)
    errors: dict = {}
    kept = []
    for r in rows:
        if r["error"]:
            key = r["error"].split(":", 1)[-1].strip()[:90]  # e.g. "detector_error: SEO101 failed: ..."
            errors[key] = errors.get(key, 0) + 1
            continue
        if any(n.startswith("findings.") for n in names):
            r["features"] = dict(r["features"], **findings_features(r["findings"]))
        kept.append(r)
    X = np.array([[_num(r["features"].get(n)) for n in names] for r in kept], dtype=np.float64).reshape(len(kept), len(names))
    y = np.array([int(r["label"]) for r in kept], dtype=np.int64)
    return Dataset(kept, names, X, y, cfg, fp, time.time() - t0, errors)


def _num(v) -> float:
    if v is None:
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan
