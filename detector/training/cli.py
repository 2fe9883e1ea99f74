"""`detector train` and `detector eval`: thin commands over :mod:`train` and :mod:`evaluate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("train")(train_cmd)
    app.command("eval")(eval_cmd)


def _fail(msg: str) -> None:
    from detector.terminal import inert

    typer.echo(f"detector: error: {inert(msg)}", err=True)
    raise typer.Exit(2)


def train_cmd(
    seed: int = typer.Option(13, "--seed", help="Seed of the corpus builder and the models."),
    max_pages: int = typer.Option(0, "--max-pages", help="Use a seeded sample of this many corpus pages (0 = all)."),
    attacks_per_page: float = typer.Option(1.0, "--attacks-per-page", help="Injected variants per clean page, on average."),
    text_per_page: int = typer.Option(1, "--text-per-page", help="WET-like text windows per page."),
    benign_rate: float = typer.Option(0.35, "--benign-rate", help="Share of pages that also get a hard-negative transform."),
    writeup_rate: float = typer.Option(0.1, "--writeup-rate", help="Share of pages that also become a security write-up quoting spam."),
    written_pages: int = typer.Option(240, "--written-pages", help="Small legitimate pages written by the builder."),
    quote_pages: int = typer.Option(70, "--quote-pages", help="Written pages that quote errors and placeholders untidily."),
    families: str = typer.Option("", "--families", help="Comma list: inject only these attack families."),
    corpus: str = typer.Option("", "--corpus", help="The corpus folder (default ../shared/corpus)."),
    out: Path = typer.Option(Path("models"), "--out", help="Where models, cards, plots and reports go."),
    name: str = typer.Option("", "--name", help="Model name (default seo-<date>-s<seed>)."),
    models: str = typer.Option("linear,trees", "--models", help="Model kinds to fit and compare."),
    jobs: int = typer.Option(1, "--jobs", help="Feature-extraction processes (the machine is shared: 1)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Feature cache folder (default datasets/.cache)."),
    prevalence: float = typer.Option(0.01, "--prevalence", help="Deployment prevalence the threshold is chosen for."),
    target: float = typer.Option(0.5, "--target-precision", help="Precision at that prevalence the threshold must reach."),
    assume_prevalence: Optional[float] = typer.Option(None, "--assume-prevalence",
                                                      help="Shift calibrated scores to this prior (default: the calibration split's)."),
    folds: int = typer.Option(5, "--folds", help="Cross-fit: fit on the fit and calib splits, calibrate and choose the "
                                                 "threshold on out-of-fold risks (folds by site; 0 = calibrate on the calib split)."),
    install: bool = typer.Option(True, "--install/--no-install", help="Install the chosen model as the package default."),
    no_plots: bool = typer.Option(False, "--no-plots", help="Skip the PNG plots."),
) -> None:
    """Build the training corpus, fit and calibrate the models, write the model card, install the best."""
    from detector.training.dataset import DatasetConfig
    from detector.training.train import MODEL_KINDS, train

    kinds = tuple(k.strip() for k in models.split(",") if k.strip())
    bad = [k for k in kinds if k not in MODEL_KINDS]
    if bad or not kinds:
        _fail(f"--models takes {', '.join(MODEL_KINDS)}; got {models!r}")
    cfg = DatasetConfig(seed=seed, corpus=corpus, max_pages=max_pages, attacks_per_page=attacks_per_page,
                        text_per_page=text_per_page, benign_rate=benign_rate, writeup_rate=writeup_rate, written_pages=written_pages,
                        quote_pages=quote_pages,
                        families=tuple(f for f in families.split(",") if f))
    card = train(cfg, out_dir=out, name=name, kinds=kinds, jobs=jobs, cache_dir=cache, install=install,
                 prevalence=prevalence, target=target, assume_prevalence=assume_prevalence, plots=not no_plots,
                 folds=folds)
    t = card["metrics"]["test"]
    o = t.get("overall", {})
    sys.stdout.write(f"model {card['name']} ({card['kind']}) written to {card['_dir']}"
                     f"{' and installed as the default' if install else ''}\n")
    sys.stdout.write(f"threshold {card['threshold']:.4f}; test: recall {o.get('recall', float('nan')):.3f}, "
                     f"FPR {o.get('fpr', float('nan')):.4f}, FPR clean {t.get('fpr_clean')}, FPR hard negatives {t.get('fpr_hard_negative')}, "
                     f"P@1% {o.get('precision_at_1pct', float('nan')):.3f}, P@10% {o.get('precision_at_10pct', float('nan')):.3f}\n")
    for fam, r in sorted((t.get("recall_by_family") or {}).items()):
        sys.stdout.write(f"  recall {fam}: {r:.3f}\n")


def eval_cmd(
    data: Path = typer.Argument(..., help="Labelled JSONL (.jsonl/.jsonl.gz) or a folder (with labels.tsv, or of JSONL files)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder, card or data file (default: the shipped model)."),
    label_key: str = typer.Option("label", "--label-key", help="Key (dotted path) of the 0/1 label."),
    family_key: str = typer.Option("family", "--family-key", help="Key of the attack family, for the breakdown."),
    text_key: str = typer.Option("text", "--text-key"),
    html_key: str = typer.Option("html", "--html-key"),
    url_key: str = typer.Option("url", "--url-key"),
    id_key: str = typer.Option("id", "--id-key"),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Flag at this risk (default: the model's)."),
    unlisted_clean: bool = typer.Option(False, "--unlisted-clean",
                                        help="In a folder with labels.tsv, count unlisted pages as clean (label 0)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for metrics.json and the plots."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
) -> None:
    """Evaluate a model on labelled pages: precision, recall, FPR, ROC-AUC, PR-AUC, Brier, per family and mode."""
    from detector.model import ModelError, load_default_model, load_model
    from detector.training.evaluate import clean_json, evaluate_path

    if not data.exists():
        _fail(f"{data}: no such file or folder")
    try:
        m = load_model(model) if model else load_default_model()
    except ModelError as exc:
        _fail(str(exc))
    res = evaluate_path(data, m, threshold=threshold, label_key=label_key, family_key=family_key, text_key=text_key,
                        html_key=html_key, url_key=url_key, id_key=id_key, unlisted_clean=unlisted_clean)
    y, p, rows = res["_curves"]
    clean = clean_json(res)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "metrics.json").write_text(json.dumps(clean, indent=2), encoding="utf-8")
        if len(y) and len(set(y.tolist())) == 2:
            from detector.training.plots import pr_curves, reliability

            pr_curves({m.name: (y, p, res["threshold"])}, out / "precision_recall.png", title=f"{m.name} on {data.name}")
            modes = [r["mode"] for r in rows]
            reliability({md: (y[[x == md for x in modes]], p[[x == md for x in modes]]) for md in sorted(set(modes))},
                        out / "reliability.png", title=f"{m.name} on {data.name}")
    if fmt == "json":
        sys.stdout.write(json.dumps(clean, indent=2) + "\n")
        return
    o = clean["overall"]

    def f(v):
        return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    sys.stdout.write(f"{data}: {o['n']} records ({o['positives']} positive), model {m.name}, threshold {res['threshold']:.4f}"
                     f"{', ' + str(res['errors']) + ' error rows' if res['errors'] else ''}\n")
    keys = ("precision", "recall", "fpr", "roc_auc", "pr_auc", "brier", "precision_at_1pct", "precision_at_10pct")
    sys.stdout.write("  " + "  ".join(f"{k} {f(o[k])}" for k in keys) + "\n")
    for group in ("by_family", "by_mode"):
        sys.stdout.write(f"{group.replace('_', ' ')}:\n")
        for k, mm in clean[group].items():
            sys.stdout.write(f"  {k:<18} n={mm['n']:<5} pos={mm['positives']:<5} recall {f(mm['recall'])}  fpr {f(mm['fpr'])}"
                             f"  precision {f(mm['precision'])}\n")
