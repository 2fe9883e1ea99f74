#!/usr/bin/env python
"""Measure the current code over several dataset seeds, so that a ship decision is not made by
one or two records of one test split.

A single retrain moves a family's test recall by about two records from noise alone (which
groups land in the test split, which attacks each page draws, the trees' random state). This
script builds the dataset for each seed (each seed gives another split and other attack
draws; features are cached per code fingerprint), fits the production model kind on that
seed's fit and calibration splits, and reports on its test split: recall per attack family
and input mode, the false-positive rate on clean pages and hard negatives, precision at 10%
and 1% prevalence. With ``--dev`` it also scores labelled development folders (probe-format:
``labels.tsv`` + pages) with every seed's model. The mean over seeds is what to compare.

    .venv/bin/python scripts/compare_seeds.py --jobs 2 --json /tmp/base.json
    # ... change the code ...
    .venv/bin/python scripts/compare_seeds.py --jobs 2 --json /tmp/cand.json --against /tmp/base.json

Never point ``--dev`` at an unscored held-out reserve: a reserve is scored with
``scripts/probe_eval.py --counts-only``, once per shipped model.
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

DEFAULT_SEEDS = (13, 21, 34)
DEV_SETS = ("probes", "holdout", "holdout_reserve", "holdout_reserve2", "holdout_reserve3", "holdout_reserve4",
            "devset4")


def seed_metrics(seed: int, jobs: int, kind: str, perturb: int = 0, folds: int = 0) -> tuple[dict, object]:
    """Fit on one seed's dataset; its test-split measures and the fitted model. With
    `perturb`, a random 2% of the fit split (drawn from that number) is left out: a null
    change, whose spread shows how much any small change moves the results by itself."""
    from detector.training.dataset import DatasetConfig
    from detector.training.features import build
    from detector.training.train import fit_model, score

    ds = build(DatasetConfig(seed=seed), jobs=jobs, progress=False)
    split = ds.column("split")
    fit = split == "fit"
    if perturb:
        fit = fit & (np.random.default_rng(perturb).random(len(fit)) >= 0.02)
    model = fit_model(ds, fit, split == "calib", kind, seed=seed, folds=folds)
    test = split == "test"
    p = score(model, ds, test)
    rows = [r for r, t in zip(ds.rows, test) if t]
    thr = model.threshold
    hit: dict[str, list[int]] = {}
    for r, pp in zip(rows, p):
        if r["label"] == 1:
            for key in (r["family"], f"{r['family']}/{r['mode']}"):
                h = hit.setdefault(key, [0, 0])
                h[0] += int(pp >= thr)
                h[1] += 1
    fam = np.array([r["family"] for r in rows])
    y = np.array([r["label"] for r in rows])
    flagged = p >= thr

    def fpr(name: str) -> list[int]:
        m = fam == name
        return [int(flagged[m].sum()), int(m.sum())]

    from detector.training.evaluate import metrics

    o = metrics(y, p, thr)
    out = {"seed": seed, "threshold": thr, "recall": hit, "fpr_clean": fpr("clean"),
           "fpr_hard": fpr("hard_negative"), "p_at_10": o["precision_at_10pct"], "p_at_1": o["precision_at_1pct"]}
    return out, model


def dev_analyses(names: list[str]) -> list[tuple[str, dict, object]]:
    """Every development page analysed once (detectors only; models score them afterwards)."""
    import csv

    from detector.page import Page
    from detector.records import Record
    from detector.scan import ScanError, all_detectors, analyze

    dets = all_detectors()
    out = []
    for name in names:
        d = REPO / "datasets" / name
        with open(d / "labels.tsv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                rec = Record(id=row["file"], content=(d / row["file"]).read_bytes(), url=row["url"] or None,
                             mode=row["mode"])
                try:
                    a = analyze(Page(rec), dets)
                except ScanError:
                    a = None
                out.append((name, row, a))
    return out


def dev_counts(model, analyses) -> tuple[dict[str, list[int]], list[str]]:
    """[flagged legitimate, legitimate, found compromised, compromised] per development set, and
    the pages flagged ("set/file")."""
    ok = [a for _, _, a in analyses if a is not None]
    scores = iter(model.score(ok)) if ok else iter(())
    out: dict[str, list[int]] = {}
    flagged = []
    for name, row, a in analyses:
        c = out.setdefault(name, [0, 0, 0, 0])
        s = next(scores) if a is not None else None
        hit = s is not None and s >= model.threshold
        if hit:
            flagged.append(f"{name}/{row['file']}")
        if row["label"] == "1":
            c[2] += int(hit)
            c[3] += 1
        else:
            c[0] += int(hit)
            c[1] += 1
    return out, flagged


def summarise(runs: list[dict]) -> dict:
    """Sums over seeds: recall keys as [hits, n], rates as means."""
    s: dict = {"recall": {}, "fpr_clean": [0, 0], "fpr_hard": [0, 0], "dev": [0, 0, 0, 0]}
    for r in runs:
        for k, (h, n) in r["recall"].items():
            t = s["recall"].setdefault(k, [0, 0])
            t[0] += h
            t[1] += n
        for k in ("fpr_clean", "fpr_hard"):
            s[k] = [a + b for a, b in zip(s[k], r[k])]
        for c in r.get("dev", {}).values():
            s["dev"] = [a + b for a, b in zip(s["dev"], c)]
    s["p_at_10"] = float(np.mean([r["p_at_10"] for r in runs]))
    s["p_at_1"] = float(np.mean([r["p_at_1"] for r in runs]))
    return s


def _rate(v: list[int]) -> str:
    return f"{v[0] / v[1]:.3f} ({v[0]}/{v[1]})" if v[1] else "-"


def report(runs: list[dict], against: dict | None) -> str:
    s = summarise(runs)
    b = summarise(against["runs"]) if against else None
    seeds = " ".join(str(r["seed"]) for r in runs)
    lines = [f"seeds {seeds}: test split, summed over seeds" + ("   [baseline]" if b else "")]
    keys = sorted(s["recall"], key=lambda k: (k.split("/")[0], "/" in k, k))
    for k in keys:
        per = " ".join(f"{r['recall'].get(k, [0, 1])[0] / max(1, r['recall'].get(k, [0, 1])[1]):.3f}" for r in runs)
        base = f"   [{_rate(b['recall'][k])}]" if b and k in b["recall"] else ""
        lines.append(f"  recall {k:<28} {_rate(s['recall'][k]):<20} seeds: {per}{base}")
    for k in ("fpr_clean", "fpr_hard"):
        base = f"   [{_rate(b[k])}]" if b else ""
        lines.append(f"  {k:<35} {_rate(s[k]):<20}{base}")
    for k in ("p_at_10", "p_at_1"):
        base = f"   [{b[k]:.3f}]" if b else ""
        lines.append(f"  {k:<35} {s[k]:.3f} (mean){base}")
    if s["dev"][1] or s["dev"][3]:
        d = s["dev"]
        base = f"   [{b['dev'][0]} / {b['dev'][2]}]" if b else ""
        lines.append(f"  development sets, summed over seeds: legitimate flagged {d[0]} of {d[1]}, "
                     f"compromised found {d[2]} of {d[3]}{base}")
    return "\n".join(lines)


def flag_changes(runs: list[dict], base: list[dict], analyses) -> str:
    """Development pages flagged by a different number of seeds' models than in the baseline
    (label 0: a false alarm gained or lost; label 1: a page found or missed)."""
    def times(rs):
        n: dict[str, int] = {}
        for r in rs:
            for f in r.get("dev_flagged", []):
                n[f] = n.get(f, 0) + 1
        return n

    now, was = times(runs), times(base)
    labels = {f"{name}/{row['file']}": row["label"] for name, row, _ in analyses}
    lines = ["development pages whose flag changed (seeds flagging them: baseline -> now)"]
    for f in sorted(set(now) | set(was), key=lambda f: (labels.get(f, "?"), f)):
        if now.get(f, 0) != was.get(f, 0):
            tag = "legitimate" if labels.get(f) == "0" else "compromised"
            lines.append(f"  {tag:<12} {was.get(f, 0)} -> {now.get(f, 0)}  {f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--kind", default="trees", help="model kind to fit (the shipped one is trees)")
    ap.add_argument("--perturb", type=int, default=0,
                    help="leave out a random 2%% of the fit split (seeded by this number): a null change, to "
                         "measure the noise of a comparison")
    ap.add_argument("--folds", type=int, default=0,
                    help="cross-fit the calibration and threshold on the fit and calib splits (as train_full --folds)")
    ap.add_argument("--dev", nargs="*", default=list(DEV_SETS),
                    help="development folders under datasets/ to score with every seed's model")
    ap.add_argument("--json", type=Path, help="write the per-seed results here")
    ap.add_argument("--against", type=Path, help="a previous --json to print beside these results")
    ap.add_argument("--card", type=Path, metavar="MODEL_DIR",
                    help="add the summary to this model folder's card.json (and to the installed default card "
                         "when it is the same model)")
    args = ap.parse_args(argv)

    analyses = dev_analyses(args.dev) if args.dev else []
    runs = []
    for seed in args.seeds:
        t0 = time.time()
        m, model = seed_metrics(seed, args.jobs, args.kind, args.perturb, args.folds)
        if analyses:
            m["dev"], m["dev_flagged"] = dev_counts(model, analyses)
        runs.append(m)
        print(f"seed {seed}: done in {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    against = json.loads(args.against.read_text()) if args.against else None
    print(report(runs, against))
    if against and analyses:
        print(flag_changes(runs, against["runs"], analyses))
    if args.json:
        args.json.write_text(json.dumps({"runs": runs}, indent=1))
    if args.card:
        add_to_card(args.card, runs, args.folds)
    return 0


def add_to_card(model_dir: Path, runs: list[dict], folds: int = 0) -> None:
    """The card's ``other_seeds`` section: what the shipped code reaches when the test split,
    the attacks drawn and the trees' random state change (the shipped model is one of these)."""
    s = summarise(runs)
    fams = sorted(k for k in s["recall"] if "/" not in k)
    section = {
        "seeds": [r["seed"] for r in runs],
        "thresholds": [r["threshold"] for r in runs],
        "recall_by_family": {f: {"found": s["recall"][f][0], "n": s["recall"][f][1],
                                 "recall": s["recall"][f][0] / s["recall"][f][1],
                                 "per_seed": [r["recall"][f][0] / r["recall"][f][1] if f in r["recall"] else None
                                              for r in runs]} for f in fams},
        "recall_by_family_mode": {k: s["recall"][k][0] / s["recall"][k][1] for k in s["recall"] if "/" in k},
        "fpr_clean": {"flagged": s["fpr_clean"][0], "n": s["fpr_clean"][1]},
        "fpr_hard_negative": {"flagged": s["fpr_hard"][0], "n": s["fpr_hard"][1]},
        "precision_at_10pct_mean": s["p_at_10"], "precision_at_1pct_mean": s["p_at_1"],
        "folds": folds,
        "reproduce": f"python scripts/compare_seeds.py --seeds {' '.join(str(r['seed']) for r in runs)} "
                     f"--folds {folds} --card {model_dir.as_posix()}",
    }
    card_path = model_dir / "card.json"
    card = json.loads(card_path.read_text())
    card["other_seeds"] = section
    raw = json.dumps(card, indent=2).encode("utf-8")
    card_path.write_bytes(raw)
    pkg = REPO / "detector" / "data" / "model" / "card.json"
    if pkg.exists() and json.loads(pkg.read_text()).get("data_sha256") == card.get("data_sha256"):
        pkg.write_bytes(raw)


if __name__ == "__main__":
    raise SystemExit(main())
