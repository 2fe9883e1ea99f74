"""PNG plots for model cards and evaluation reports (matplotlib, Agg backend, no display)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def reliability(series: dict, path: Path | str, *, title: str = "Reliability", bins: int = 10) -> Path:
    """Reliability diagram: mean predicted risk vs observed positive share, one line per series."""
    plt = _plt()
    fig, (ax, axh) = plt.subplots(2, 1, figsize=(6, 7), gridspec_kw={"height_ratios": [3, 1]}, sharex=True)
    ax.plot([0, 1], [0, 1], "--", color="grey", lw=1, label="perfect")
    edges = np.linspace(0, 1, bins + 1)
    for name, (y, p) in series.items():
        y, p = np.asarray(y), np.asarray(p)
        if len(y) == 0:
            continue
        idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
        xs, ys, ns = [], [], []
        for b in range(bins):
            m = idx == b
            if m.any():
                xs.append(p[m].mean())
                ys.append(y[m].mean())
                ns.append(int(m.sum()))
        ax.plot(xs, ys, "o-", label=f"{name} (n={len(y)}, Brier {np.mean((p - y) ** 2):.3f})")
        axh.hist(p, bins=edges, histtype="step", label=name)
    ax.set_ylabel("observed share compromised")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    axh.set_xlabel("predicted risk")
    axh.set_ylabel("records")
    axh.set_yscale("log")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def pr_curves(curves: dict, path: Path | str, *, title: str = "Precision-recall") -> Path:
    """Precision-recall curve per model/series, with its operating threshold marked."""
    from sklearn.metrics import precision_recall_curve

    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 5))
    for name, (y, p, thr) in curves.items():
        y, p = np.asarray(y), np.asarray(p)
        if len(set(y.tolist())) < 2:
            continue
        prec, rec, _ = precision_recall_curve(y, p)
        ax.plot(rec, prec, label=name)
        pred = p >= thr
        tp = (pred & (y == 1)).sum()
        if pred.sum():
            ax.plot([tp / max(1, (y == 1).sum())], [tp / pred.sum()], "o", color=ax.lines[-1].get_color())
    ax.set_xlabel("recall")
    ax.set_ylabel("precision (at the data's prevalence)")
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
