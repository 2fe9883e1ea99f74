#!/usr/bin/env python
"""Generalisation, measured honestly (issue 3, item 5). Uses the cached features of the full
corpus (scripts/train_full.py builds them) and refits the chosen model kind many times:

1. **held-out vocabulary**: recall per family on the test split, whose injections use only
   the test pool of spam terms, brands, domains, hiding methods and insertion points;
2. **leave-one-family-out**: train (fit + calib) without one attack family's positives, then
   measure recall on that family's held-out positives (and the FPR on test negatives);
3. **leave-one-source-out**: train without every record of one corpus source, then measure
   the false-positive rate on that source's clean records (HTML and text) — the target is at
   most 2% for the worst source; the same predictions give FPR per language/script, with
   counts, and the results on the real labelled corpus pages (each predicted by a model that
   never saw its source, which is stricter than leaving out its site).

Writes generalisation.json and generalisation.md into --out, and adds the summary to the
model card there (and to the installed default card when it is the same model).

    .venv/bin/python scripts/generalisation.py --out models/<name>
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCRIPT_OF_LANG = {"zh": "Han", "ja": "Japanese", "ko": "Hangul", "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic",
                  "sr": "Cyrillic", "mk": "Cyrillic", "be": "Cyrillic", "kk": "Cyrillic", "ar": "Arabic", "fa": "Arabic",
                  "ur": "Arabic", "he": "Hebrew", "el": "Greek", "hi": "Devanagari", "mr": "Devanagari", "ne": "Devanagari",
                  "th": "Thai", "hy": "Armenian", "ka": "Georgian", "bn": "Bengali", "my": "Myanmar", "ta": "Tamil"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-pages", type=int, default=0)
    ap.add_argument("--kind", default="", help="linear or trees (default: the card's choice, else trees)")
    ap.add_argument("--out", default="", help="model folder (its card.json gets the summary)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: lofo,loso")
    ap.add_argument("--folds", type=int, default=None, help="cross-fitting folds (default: the card's, else 0)")
    args = ap.parse_args()

    from detector.training.dataset import DatasetConfig
    from detector.training.evaluate import clean_json, metrics
    from detector.training.features import build
    from detector.training.benign import imitated_families
    from detector.training.train import fit_model, score

    out = Path(args.out) if args.out else None
    card = None
    if out and (out / "card.json").exists():
        card = json.loads((out / "card.json").read_text())
    kind = args.kind or (card or {}).get("kind") or "trees"
    folds = args.folds if args.folds is not None else int((card or {}).get("folds") or 0)
    cfg = DatasetConfig(seed=args.seed, max_pages=args.max_pages)
    if card:  # rebuild exactly the card's dataset
        c = dict(card["data"]["config"])
        c.pop("corpus", None)
        cfg = DatasetConfig(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in c.items()})
    t0 = time.time()
    ds = build(cfg, jobs=args.jobs)
    split = ds.column("split")
    fam = ds.column("family")
    src = ds.column("source")
    lab = ds.y
    fit_m, cal_m, test_m = split == "fit", split == "calib", split == "test"
    skip = set(args.skip.split(","))
    res: dict = {"kind": kind, "records": len(ds.rows), "dataset_sha256": ds.digest()}

    # 1. held-out vocabulary (the standard split)
    base = fit_model(ds, fit_m, cal_m, kind, seed=cfg.seed, folds=folds)
    p = score(base, ds, test_m)
    rows_t = [r for r, m in zip(ds.rows, test_m) if m]
    y_t = lab[test_m]
    fam_t = fam[test_m]
    res["held_out_vocabulary"] = {"threshold": base.threshold, "overall": metrics(y_t, p, base.threshold),
                                  "recall_by_family": {}}
    for f in sorted(set(fam_t[y_t == 1])):
        m = (fam_t == f) & (y_t == 1)
        res["held_out_vocabulary"]["recall_by_family"][f] = {"n": int(m.sum()), "recall": float((p[m] >= base.threshold).mean())}
    # the same model on the calib split (unseen groups, but training-pool vocabulary): the gap
    # to the test split is what unseen spam terms, domains and tricks cost
    # (cross-fitted, the model saw the calib split: that comparison would be in-sample, so none)
    p_c = score(base, ds, cal_m)
    y_c, fam_c = lab[cal_m], fam[cal_m]
    res["held_out_vocabulary"]["recall_by_family_training_pool"] = {} if folds else {
        f: {"n": int(((fam_c == f) & (y_c == 1)).sum()), "recall": float((p_c[(fam_c == f) & (y_c == 1)] >= base.threshold).mean())}
        for f in sorted(set(fam_c[y_c == 1]))}
    for name, sel in (("clean", fam_t == "clean"), ("hard_negative", fam_t == "hard_negative")):
        res["held_out_vocabulary"][f"fpr_{name}"] = {"n": int(sel.sum()), "fpr": float((p[sel] >= base.threshold).mean()) if sel.any() else None}
    by_mode = {}
    for mode in ("html", "text"):
        mm = np.array([r["mode"] == mode for r in rows_t])
        by_mode[mode] = metrics(y_t[mm], p[mm], base.threshold)
    res["held_out_vocabulary"]["by_mode"] = by_mode
    print(f"held-out vocabulary: done ({time.time() - t0:.0f}s)", file=sys.stderr, flush=True)

    # 2. leave-one-family-out: without the family's positives and without the hard negatives
    #    written to imitate it (they exist only because we know the family: a model that never
    #    heard of the family would not have them); the same with those hard negatives kept,
    #    which shows what a new family that looks like known-benign content would meet
    if "lofo" not in skip:
        lofo = {}
        families = sorted({f for f, y in zip(fam, lab) if y == 1 and f not in ("clean", "hard_negative")})
        imitates = [imitated_families(r["attack"], r["base"]) if r["family"] == "hard_negative" else set() for r in ds.rows]
        for f in families:
            pos_f = (fam == f) & (lab == 1)
            hn_f = np.array([f in im for im in imitates])
            row = {"n": int((test_m & pos_f).sum()), "hard_negatives_left_out": int(hn_f.sum())}
            for key, drop in (("", pos_f | hn_f), ("_hard_negatives_kept", pos_f)):
                model = fit_model(ds, fit_m & ~drop, cal_m & ~drop, kind, seed=cfg.seed, folds=folds)
                pos = test_m & pos_f
                neg = test_m & (lab == 0)
                pp = score(model, ds, pos)
                pn = score(model, ds, neg)
                row[f"recall{key}"] = float((pp >= model.threshold).mean()) if pos.any() else None
                row[f"fpr_test_negatives{key}"] = float((pn >= model.threshold).mean())
                row[f"threshold{key}"] = model.threshold
            lofo[f] = row
            print(f"leave-one-family-out {f}: recall {row['recall']} (its hard negatives kept: "
                  f"{row['recall_hard_negatives_kept']})", file=sys.stderr, flush=True)
        res["leave_one_family_out"] = lofo
        valid = {k: v for k, v in lofo.items() if v["recall"] is not None}
        res["leave_one_family_out_weakest"] = min(valid, key=lambda k: valid[k]["recall"]) if valid else None

    # 3. leave-one-source-out
    if "loso" not in skip:
        loso = {}
        pooled_p = np.full(len(ds.rows), np.nan)
        for s in sorted(set(src)):
            drop = src == s
            model = fit_model(ds, fit_m & ~drop, cal_m & ~drop, kind, seed=cfg.seed, folds=folds)
            sel = drop
            ps = score(model, ds, sel)
            pooled_p[sel] = ps >= model.threshold
            ys = lab[sel]
            fs = fam[sel]
            clean = fs == "clean"
            hard = fs == "hard_negative"
            loso[s] = {"clean_n": int(clean.sum()), "fpr_clean": float((ps[clean] >= model.threshold).mean()) if clean.any() else None,
                       "hard_negative_n": int(hard.sum()),
                       "fpr_hard_negative": float((ps[hard] >= model.threshold).mean()) if hard.any() else None,
                       "positives": int((ys == 1).sum()),
                       "recall": float((ps[ys == 1] >= model.threshold).mean()) if (ys == 1).any() else None,
                       "clean_false_positives": [r["id"] for r, p_, c in zip((r for r, m in zip(ds.rows, sel) if m), ps, clean)
                                                 if c and p_ >= model.threshold]}
            print(f"leave-one-source-out {s}: fpr clean {loso[s]['fpr_clean']}", file=sys.stderr, flush=True)
        res["leave_one_source_out"] = loso
        valid = {k: v for k, v in loso.items() if v["fpr_clean"] is not None}
        worst = max(valid, key=lambda k: valid[k]["fpr_clean"]) if valid else None
        res["leave_one_source_out_worst"] = {"source": worst, "fpr_clean": valid[worst]["fpr_clean"] if worst else None}
        # FPR per language / script over clean records, each predicted without its source
        per_lang: dict = {}
        per_script: dict = {}
        for r, flag in zip(ds.rows, pooled_p):
            if r["family"] != "clean" or np.isnan(flag):
                continue
            lang = r.get("lang") or "?"
            script = SCRIPT_OF_LANG.get(lang, "Latin" if lang != "?" else "?")
            for table, key in ((per_lang, lang), (per_script, script)):
                t = table.setdefault(key, {"n": 0, "fp": 0})
                t["n"] += 1
                t["fp"] += int(flag)
        for table in (per_lang, per_script):
            for t in table.values():
                t["fpr"] = t["fp"] / t["n"]
        res["fpr_by_language"] = dict(sorted(per_lang.items(), key=lambda kv: -kv[1]["n"]))
        res["fpr_by_script"] = dict(sorted(per_script.items(), key=lambda kv: -kv[1]["n"]))
        # the real labelled pages, each predicted by a model that never saw its source
        labelled = [(r, flag) for r, flag in zip(ds.rows, pooled_p) if r["attack"] == "labelled" or
                    (r["family"] == "hard_negative" and r["source"] != "written" and r["attack"] == "")]
        lab_rows = [{"id": r["id"], "label": r["label"], "flagged": bool(flag)} for r, flag in labelled if not np.isnan(flag)]
        pos = [x for x in lab_rows if x["label"] == 1]
        neg = [x for x in lab_rows if x["label"] == 0]
        res["labelled_corpus_pages_leave_source_out"] = {
            "positives": len(pos), "recall": sum(x["flagged"] for x in pos) / len(pos) if pos else None,
            "hard_negatives": len(neg), "fpr": sum(x["flagged"] for x in neg) / len(neg) if neg else None,
            "missed": [x["id"] for x in pos if not x["flagged"]], "false_alarms": [x["id"] for x in neg if x["flagged"]]}
    res["seconds"] = round(time.time() - t0, 1)
    res = clean_json(res)
    md = markdown(res)
    print(md)
    if out:
        (out / "generalisation.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
        (out / "generalisation.md").write_text(md, encoding="utf-8")
        if card:
            card["generalisation"] = {k: res.get(k) for k in ("kind", "held_out_vocabulary", "leave_one_family_out",
                                                               "leave_one_family_out_weakest", "leave_one_source_out_worst",
                                                               "fpr_by_script", "labelled_corpus_pages_leave_source_out")}
            card["generalisation"]["reproduce"] = f"python scripts/generalisation.py --out {out.as_posix()}"
            raw = json.dumps(card, indent=2).encode("utf-8")
            (out / "card.json").write_bytes(raw)
            pkg = REPO / "detector" / "data" / "model" / "card.json"
            if pkg.exists() and json.loads(pkg.read_text()).get("data_sha256") == card["data_sha256"]:
                pkg.write_bytes(raw)
    return 0


def _f(v) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def markdown(res: dict) -> str:
    h = res["held_out_vocabulary"]
    lines = [f"# Generalisation ({res['kind']}, {res['records']} records)", "",
             "## Held-out groups with held-out vocabulary (test split)", "",
             f"FPR clean {_f(h['fpr_clean']['fpr'])} (n={h['fpr_clean']['n']}), FPR hard negatives "
             f"{_f(h['fpr_hard_negative']['fpr'])} (n={h['fpr_hard_negative']['n']}), precision at 1% "
             f"{_f(h['overall']['precision_at_1pct'])}, at 10% {_f(h['overall']['precision_at_10pct'])}", "",
             "| family | n | recall (held-out vocabulary) | recall (training vocabulary, calib split) | leave-family-out recall "
             "| leave-family-out, its hard negatives kept |",
             "|---|---|---|---|---|---|"]
    lofo = res.get("leave_one_family_out") or {}
    tp = h.get("recall_by_family_training_pool") or {}
    for f, v in h["recall_by_family"].items():
        lines.append(f"| {f} | {v['n']} | {_f(v['recall'])} | {_f((tp.get(f) or {}).get('recall'))} | "
                     f"{_f((lofo.get(f) or {}).get('recall'))} | {_f((lofo.get(f) or {}).get('recall_hard_negatives_kept'))} |")
    if lofo:
        lines += ["", f"Weakest family when left out: **{res.get('leave_one_family_out_weakest')}**", "",
                  "Leave-family-out trains without the family's positives and without the hard negatives written "
                  "to imitate it; the last column keeps those hard negatives (the model then knows that family's "
                  "look only as benign)."]
    loso = res.get("leave_one_source_out")
    if loso:
        lines += ["", "## Leave one source out", "", "| source | clean n | FPR clean | hard neg n | FPR hard | positives | recall |",
                  "|---|---|---|---|---|---|---|"]
        for s, v in loso.items():
            lines.append(f"| {s} | {v['clean_n']} | {_f(v['fpr_clean'])} | {v['hard_negative_n']} | {_f(v['fpr_hard_negative'])} | "
                         f"{v['positives']} | {_f(v['recall'])} |")
        w = res["leave_one_source_out_worst"]
        fps = [(s, i) for s, v in loso.items() for i in v.get("clean_false_positives", [])]
        if fps:
            lines += ["", "Clean records flagged by the model trained without their source:", ""]
            lines += [f"- {s}: `{i}`" for s, i in fps]
        lines += ["", f"Worst source: **{w['source']}** with FPR {_f(w['fpr_clean'])} on its clean records.", "",
                  "## FPR per script (clean records, each predicted without its source)", "", "| script | n | FP | FPR |", "|---|---|---|---|"]
        for k, v in res["fpr_by_script"].items():
            lines.append(f"| {k} | {v['n']} | {v['fp']} | {_f(v['fpr'])} |")
        lines += ["", "## FPR per language", "", "| language | n | FP | FPR |", "|---|---|---|---|"]
        for k, v in res["fpr_by_language"].items():
            lines.append(f"| {k} | {v['n']} | {v['fp']} | {_f(v['fpr'])} |")
        lp = res["labelled_corpus_pages_leave_source_out"]
        lines += ["", "## Real labelled corpus pages (model trained without their source)", "",
                  f"recall {_f(lp['recall'])} on {lp['positives']} positive records; FPR {_f(lp['fpr'])} on {lp['hard_negatives']} hard negatives",
                  f"missed: {', '.join(lp['missed']) or 'none'}", f"false alarms: {', '.join(lp['false_alarms']) or 'none'}"]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
