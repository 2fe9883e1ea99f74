"""Metrics and `detector eval DATA`: how good is a model on labelled pages.

``metrics`` gives precision, recall, false-positive rate, ROC-AUC, PR-AUC (average
precision), Brier score and precision at 1% and 10% prevalence (what a user scanning a crawl
where 1 page in 100, or 10, is compromised would see: TPR*pi / (TPR*pi + FPR*(1-pi))).

``evaluate_path`` scans labelled data with a model and breaks the metrics down per attack
family and per input mode. Labelled data is either JSONL (``.jsonl``/``.jsonl.gz``; the
label key, content keys and family key are configurable, dotted paths allowed) or a folder:
a folder with a ``labels.tsv`` (columns ``file``, ``label``, optional ``kinds``; label ``-``
skipped), like ``../shared/corpus``, or a folder of JSONL files.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from pathlib import Path
from typing import Iterator

import numpy as np


def precision_at(tpr: float, fpr: float, prevalence: float) -> float:
    num = tpr * prevalence
    den = num + fpr * (1 - prevalence)
    return float(num / den) if den > 0 else float("nan")


def metrics(y, p, threshold: float) -> dict:
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pred = p >= threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    tn = int((~pred & (y == 0)).sum())
    pos, neg = tp + fn, fp + tn
    tpr = tp / pos if pos else float("nan")
    fpr = fp / neg if neg else float("nan")
    out = {"n": int(len(y)), "positives": pos, "negatives": neg, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
           "threshold": float(threshold),
           "precision": tp / (tp + fp) if tp + fp else float("nan"), "recall": tpr, "fpr": fpr,
           "brier": float(np.mean((p - y) ** 2)) if len(y) else float("nan"),
           "roc_auc": float("nan"), "pr_auc": float("nan"),
           "precision_at_1pct": precision_at(tpr, fpr, 0.01) if pos and neg else float("nan"),
           "precision_at_10pct": precision_at(tpr, fpr, 0.10) if pos and neg else float("nan")}
    if pos and neg:
        from sklearn.metrics import average_precision_score, roc_auc_score

        out["roc_auc"] = float(roc_auc_score(y, p))
        out["pr_auc"] = float(average_precision_score(y, p))
    return out


def breakdown(rows: list[dict], y, p, threshold: float, key: str) -> dict:
    """metrics() per value of rows[i][key]."""
    y = np.asarray(y)
    p = np.asarray(p)
    vals = np.array([str(r.get(key, "")) for r in rows], dtype=object)
    return {v: metrics(y[vals == v], p[vals == v], threshold) for v in sorted(set(vals))}


# ---------------------------------------------------------------------- labelled data readers

def _get(obj: dict, key: str):
    cur = obj
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _label(v) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    s = str(v).strip().lower()
    if s in ("1", "1.0", "true", "yes", "pos", "positive", "compromised", "spam"):
        return 1
    if s in ("0", "0.0", "false", "no", "neg", "negative", "clean", "ham"):
        return 0
    return None


def iter_labelled(path: str | Path, *, label_key: str = "label", family_key: str = "family", text_key: str = "text",
                  html_key: str = "html", url_key: str = "url", id_key: str = "id",
                  unlisted_clean: bool = False) -> Iterator[tuple]:
    """(Record, label, family) for every labelled record; unlabelled or '-' rows are skipped.

    With ``unlisted_clean``, files of a labels.tsv folder that the TSV does not list count as
    clean (label 0, family ``clean``), as the corpus documents them ("presumed clean").
    """
    from detector.records import Record, mode_for_filename

    p = Path(path)
    if p.is_dir() and (p / "labels.tsv").exists():
        with open(p / "labels.tsv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                lab = _label(row.get(label_key) if label_key in row else row.get("label"))
                f = p / row["file"]
                if lab is None or not f.is_file():
                    continue
                kinds = [k for k in (row.get("kinds") or "").split(",") if k]
                from detector.training.dataset import family_of_kinds

                fam = family_of_kinds(kinds) if lab == 1 else ("hard_negative" if "hard_negative" in kinds else "clean")
                yield Record(id=row["file"], content=f.read_bytes(), mode=mode_for_filename(f.name)), lab, fam
        if unlisted_clean:
            with open(p / "labels.tsv", encoding="utf-8") as fh:
                listed = {row["file"] for row in csv.DictReader(fh, delimiter="\t")}
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).as_posix()
                if f.is_file() and rel not in listed and f.name.lower().endswith((".html", ".htm", ".txt", ".xhtml", ".php")):
                    yield Record(id=rel, content=f.read_bytes(), mode=mode_for_filename(f.name)), 0, "clean"
        return
    files = sorted(x for x in p.rglob("*") if x.name.endswith((".jsonl", ".jsonl.gz"))) if p.is_dir() else [p]
    for f in files:
        opener = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                obj = json.loads(line)
                lab = _label(_get(obj, label_key))
                if lab is None:
                    continue
                html = _get(obj, html_key)
                if html:
                    content, mode = str(html), "html"
                else:
                    content, mode = str(_get(obj, text_key) or ""), "text"
                rid = _get(obj, id_key)
                url = _get(obj, url_key) or _get(obj, "metadata.url")
                fam = _get(obj, family_key)
                fam = str(fam) if fam not in (None, "") else ("positive" if lab else "negative")
                yield (Record(id=str(rid) if rid is not None else f"{f.name}#{i}", content=content, url=url or None, mode=mode),
                       lab, fam)


def evaluate_path(path, model, *, threshold: float | None = None, **keys) -> dict:
    """Scan labelled data with `model` and compute metrics overall, per family and per mode."""
    from detector.scan import scan_records

    records, labels, fams = [], [], []
    for rec, lab, fam in iter_labelled(path, **keys):
        records.append(rec)
        labels.append(lab)
        fams.append(fam)
    thr = model.threshold if threshold is None else threshold
    y, p, rows = [], [], []
    errors = 0
    for v, lab, fam in zip(scan_records(records, scorer=model, threshold=thr), labels, fams):
        if v.score is None:
            errors += 1
            continue
        y.append(lab)
        p.append(v.score)
        rows.append({"id": v.id, "family": fam, "mode": v.input_mode or "", "score": v.score, "label": lab})
    y_arr, p_arr = np.array(y, dtype=int), np.array(p, dtype=float)
    out = {"data": str(path), "model": model.info, "threshold": thr, "errors": errors,
           "overall": metrics(y_arr, p_arr, thr),
           "by_family": breakdown(rows, y_arr, p_arr, thr, "family"),
           "by_mode": breakdown(rows, y_arr, p_arr, thr, "mode")}
    out["_curves"] = (y_arr, p_arr, rows)
    return out


def clean_json(obj):
    """Metrics with NaN turned into None (valid JSON)."""
    if isinstance(obj, dict):
        return {k: clean_json(v) for k, v in obj.items() if not str(k).startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [clean_json(v) for v in obj]
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, np.generic):
        return clean_json(obj.item())
    return obj
