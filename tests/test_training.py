"""The corpus builder, `detector train` on a small seeded subset, and `detector eval`.

The full retrain lives in scripts/train_full.py; here a ~40-page seeded subset is built and
trained end to end (features, fit, per-mode calibration, threshold, card, plots) in well
under a minute.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from detector.model import CARD_FILE, DATA_FILE, load_model, sha256_bytes  # noqa: E402
from detector.training import attack_vocab as V  # noqa: E402
from detector.training.dataset import BasePage, DatasetConfig, base_pages, page_samples, read_labels  # noqa: E402
from detector.training.train import choose_threshold, train  # noqa: E402

from conftest import CORPUS, REPO  # noqa: E402

SMALL = dict(seed=3, max_pages=40, written_pages=12)


def test_page_samples_are_deterministic_and_share_the_group(shared_dir):
    cfg = DatasetConfig(**SMALL)
    pages = [b for b in base_pages(cfg) if b.source != "written" and not b.label][:4]
    for b in pages:
        a1 = page_samples(b, cfg)
        a2 = page_samples(b, cfg)
        assert [s.meta() for s in a1] == [s.meta() for s in a2]
        assert [s.content for s in a1] == [s.content for s in a2]
        assert len({s.group for s in a1}) == 1 and len({s.split for s in a1}) == 1
        assert {s.mode for s in a1} == {"html", "text"}
        pools = {s.pool for s in a1 if s.label == 1}
        assert pools <= ({"test"} if a1[0].split == "test" else {"train"})
        assert any(s.label == 0 and s.family == "clean" for s in a1)


def test_out_of_scope_pages_are_left_out_and_labelled_pages_kept(shared_dir):
    cfg = DatasetConfig(**SMALL)
    labels = read_labels(CORPUS)
    rels = {b.rel for b in base_pages(cfg)}
    for rel, (label, _) in labels.items():
        if not rel.startswith("pages/"):
            continue
        assert (rel in rels) == (label != "-"), rel
    pos = [b for b in base_pages(cfg) if b.label == "1"]
    s = page_samples(pos[0], cfg)
    assert [(x.label, x.mode) for x in s] == [(1, "html")]


def test_written_base_pages_are_hard_negatives_and_are_attacked_too():
    """A written page's clean records are hard negatives; its injected variants are positives
    of the same group, so that the look of a kind of page is not a label."""
    cfg = DatasetConfig(**SMALL)
    s = page_samples(BasePage("written/php_tutorial/2", "written", "0"), cfg)
    clean = [x for x in s if not x.attack or x.attack == "written"]
    assert clean and all(x.label == 0 and x.family == "hard_negative" for x in clean)
    assert s[0].group == s[0].url.split("/")[2].removeprefix("www.")
    attacked = [x for x in s if x.label == 1]
    assert attacked and {x.group for x in attacked} == {s[0].group}
    # never with the family it imitates: a tutorial that quotes errors gets no leaked error
    for i in range(30):
        for x in page_samples(BasePage(f"written/error_thread/{i}", "written", "0"), cfg):
            assert x.label == 0 or x.family != "server_error"


def test_choose_threshold_reaches_precision_at_low_prevalence():
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(300), np.zeros(3000)].astype(int)
    p = np.r_[rng.beta(8, 2, 300), rng.beta(1, 12, 3000)]
    from detector.training.train import wilson_upper

    thr, info = choose_threshold(y, p, prevalence=0.01, target=0.5)
    assert info["reached"]
    tpr = (p[y == 1] >= thr).mean()
    fpr = wilson_upper(int((p[y == 0] >= thr).sum()), 3000)
    assert tpr * 0.01 / (tpr * 0.01 + fpr * 0.99) >= 0.5
    lower = p[p < thr].max()  # one step lower no longer qualifies
    tpr2 = (p[y == 1] >= lower).mean()
    fpr2 = wilson_upper(int((p[y == 0] >= lower).sum()), 3000)
    assert tpr2 * 0.01 / (tpr2 * 0.01 + fpr2 * 0.99) < 0.5
    assert wilson_upper(0, 1000) > 0 and wilson_upper(10, 1000) > 0.01
    # records that come three to a site are 1,000 trials, not 3,000: the bound widens, the
    # threshold rises, and the rate itself stays the same
    assert wilson_upper(30, 3000, n_eff=1000) == pytest.approx(wilson_upper(10, 1000))
    assert choose_threshold(y, p, prevalence=0.01, target=0.5, n_eff=1000)[0] >= thr


@pytest.fixture(scope="module")
def small_model(tmp_path_factory, shared_dir):
    out = tmp_path_factory.mktemp("models")
    card = train(DatasetConfig(**SMALL), out_dir=out, name="small", cache_dir=out / "cache", install=False, progress=False)
    return card, Path(card["_dir"])


def test_small_retrain_writes_a_loadable_model_with_card_and_plots(small_model):
    card, d = small_model
    for fn in (DATA_FILE, CARD_FILE, "reliability.png", "precision_recall.png", "report.md"):
        assert (d / fn).is_file() and (d / fn).stat().st_size > 100, fn
    assert card["data_sha256"] == sha256_bytes((d / DATA_FILE).read_bytes())
    m = load_model(d)
    from detector.detectors import feature_names
    from detector.model import findings_feature_names

    assert m.features == feature_names() + findings_feature_names() == card["features"]
    assert 0 < m.threshold < 1 and card["kind"] in ("linear", "trees")
    assert set(card["comparison"]) == {"linear", "trees"}
    for key in ("versions", "data", "assumed_prevalence", "metrics", "threshold_choice"):
        assert key in card
    assert card["data"]["sha256"] and card["data"]["records"] > 100
    assert set(card["assumed_prevalence"]["scores"]) == {"html", "text"}
    t = card["metrics"]["test"]
    for k in ("precision", "recall", "fpr", "roc_auc", "pr_auc", "brier", "precision_at_1pct", "precision_at_10pct"):
        assert k in t["overall"]
    assert set(t["by_mode"]) <= {"html", "text"}


def test_eval_command_on_our_samples(small_model, tmp_path):
    from typer.testing import CliRunner

    from detector.cli import app

    _, d = small_model
    samples = REPO / "datasets" / "samples" / "samples.jsonl"
    r = CliRunner().invoke(app, ["eval", str(samples), "--model", str(d), "--format", "json", "-o", str(tmp_path / "ev")])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    n = sum(1 for _ in samples.open(encoding="utf-8"))
    assert res["overall"]["n"] == n and res["overall"]["positives"] >= 6
    assert "hard_negative" in res["by_family"] and set(res["by_mode"]) == {"html", "text"}
    assert (tmp_path / "ev" / "metrics.json").is_file() and (tmp_path / "ev" / "precision_recall.png").is_file()
    r = CliRunner().invoke(app, ["eval", str(samples), "--model", str(d), "--label-key", "nope", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["overall"]["n"] == 0


def test_labels_extra_rows_have_a_reason(shared_dir):
    path = REPO / "datasets" / "labels_extra.tsv"
    rows = list(csv.DictReader((ln for ln in path.open(encoding="utf-8") if not ln.startswith("#")), delimiter="\t"))
    for r in rows:
        assert r["label"] in ("0", "1", "-"), r
        assert (r.get("note") or "").strip(), f"{r['file']}: every extra label needs its reason"
        assert (CORPUS / r["file"]).is_file(), r["file"]


def test_test_pool_vocabulary_is_not_used_by_training_records(shared_dir):
    cfg = DatasetConfig(**SMALL)
    test_terms = set(V.split("term.pharma", V.SPAM_TERMS["pharma"] + V.SPAM_TERMS_RARE["pharma"])["test"])
    for b in [b for b in base_pages(cfg) if b.source != "written" and not b.label][:12]:
        for s in page_samples(b, cfg):
            if s.label == 1 and s.split != "test":
                assert not any(t in s.content for t in test_terms if len(t) > 12), (s.id, s.attack)


def test_eval_folder_with_labels_tsv(small_model, tmp_path):
    """A folder laid out like the corpus: labels.tsv rows count, '-' is skipped, unlisted pages only on request."""
    from typer.testing import CliRunner

    from detector.cli import app
    from detector.training import written as W

    _, d = small_model
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, kind in enumerate(("php_tutorial", "watch_blog", "template_docs")):
        html, _ = W.written_page(kind, 50 + i, __import__("random").Random(i))
        (folder / f"p{i}.html").write_text(html, encoding="utf-8")
    (folder / "err.html").write_text("<b>Warning</b>:  include(x.php): failed to open stream in <b>/home/u1/public_html/index.php</b>"
                                     " on line <b>4</b><br />\n<!DOCTYPE html><html><body><p>Shop</p></body></html>", encoding="utf-8")
    (folder / "labels.tsv").write_text("file\tlabel\tkinds\tnote\np0.html\t0\thard_negative\tours\n"
                                       "err.html\t1\tserver_error\tours\np1.html\t-\tout_of_scope\tours\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", str(folder), "--model", str(d), "--format", "json"])
    assert r.exit_code == 0, r.output
    o = json.loads(r.stdout)
    assert o["overall"]["n"] == 2 and o["overall"]["positives"] == 1
    assert set(o["by_family"]) == {"server_error", "hard_negative"}
    r = CliRunner().invoke(app, ["eval", str(folder), "--model", str(d), "--format", "json", "--unlisted-clean"])
    o = json.loads(r.stdout)
    assert o["overall"]["n"] == 3 and o["by_family"]["clean"]["n"] == 1


def test_the_feature_cache_key_covers_every_module_a_detector_can_import():
    """A change in the text-record context or the topic scan changes features: the cache must
    be rebuilt for it (they once were outside the fingerprint). Presentation code is not."""
    from detector.training.features import fingerprint_files

    files = set(fingerprint_files())
    assert {"context.py", "topic.py", "page.py", "lexicons.py", "literals.py", "hosts.py"} <= files
    assert "detectors/spam_text.py" in files and "data/sales_cues.txt" in files
    assert not {"cli.py", "model.py", "explain.py", "training/train.py"} & files
    assert not any(f.startswith("data/model/") for f in files)


def test_no_page_without_a_finding_is_ever_flagged(small_model):
    """Evidence first: the operating threshold stays above the no-finding cap, so a page on
    which no detector made a finding is never flagged, whatever the calibration split says."""
    from detector.model import NO_EVIDENCE_CAP
    from detector.training.train import EVIDENCE_FLOOR, operating_threshold

    card, d = small_model
    assert load_model(d).threshold >= EVIDENCE_FLOOR > NO_EVIDENCE_CAP
    rng = np.random.default_rng(1)
    y = np.r_[np.ones(50), np.zeros(50)].astype(int)
    p = np.r_[rng.uniform(0.3, 0.5, 50), rng.uniform(0.0, 0.2, 50)]  # a split where 0.3 would do
    assert choose_threshold(y, p)[0] < NO_EVIDENCE_CAP  # the chooser alone would go below the cap
    thr, info = operating_threshold(y, p)
    assert thr == EVIDENCE_FLOOR and info["floored_from"] < NO_EVIDENCE_CAP


def test_choose_kind_prefers_the_constrained_trees_when_the_data_cannot_tell():
    from detector.training.train import choose_kind

    def m(recall, pr_auc=0.97):
        return {"recall": recall, "pr_auc": pr_auc, "positives": 700}

    # 614 against 612 of 700 positives: within one standard error (about 0.013)
    assert choose_kind({"linear": m(0.877), "trees": m(0.874)}) == "trees"
    # a clear difference is kept, either way
    assert choose_kind({"linear": m(0.90), "trees": m(0.85)}) == "linear"
    assert choose_kind({"linear": m(0.85), "trees": m(0.90)}) == "trees"
    assert choose_kind({"linear": m(0.85)}) == "linear"
    # a linear model that weighs a leak flag against the page is not shipped while trees are
    assert choose_kind({"linear": m(0.95), "trees": m(0.85)}, {"linear": ["SEO602.leak"], "trees": []}) == "trees"
    assert choose_kind({"linear": m(0.95)}, {"linear": ["SEO602.leak"]}) == "linear"  # nothing else to ship


def test_sign_violations_name_reversed_weights():
    from detector.training.train import sign_violations

    data = {"features": ["SEO602.leak", "SEO601.technical", "SEO101.count_log"],
            "linear": {"coef": [-1.2, 0.4, 0.8]}}
    assert sign_violations(data) == ["SEO602.leak", "SEO601.technical"]
    assert sign_violations({"features": ["SEO602.leak"], "trees": {}}) == []


def test_a_compromised_text_window_keeps_the_whole_injected_block():
    import random

    from detector.training.wet import window
    lines = [f"line {i}" for i in range(40)]
    text = "\n".join(lines)
    block = [10, 11, 12, 13, 14]  # a five-line error, e.g. CodeIgniter's "A PHP Error was encountered" .. "Line Number"
    cut = 0
    for seed in range(400):
        got = window(text, random.Random(seed), block, whole_block=True).splitlines()
        idx = [int(x.split()[1]) for x in got]
        assert set(idx) & set(block)
        if len(idx) >= len(block):
            assert set(block) <= set(idx)  # the whole block, when it fits
        else:
            assert set(idx) <= set(block)  # else the window lies inside it
        plain = [int(x.split()[1]) for x in window(text, random.Random(seed), block).splitlines()]
        cut += bool(set(plain) & set(block)) and len(plain) >= len(block) and not set(block) <= set(plain)
    assert cut > 0  # near miss: without whole_block a window may keep only "Line Number: 151"
