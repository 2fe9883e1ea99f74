"""The training corpus builder: real pages, injected variants, hard negatives, text records.

Deterministic from ``DatasetConfig.seed``: the same seed, corpus and code give the same
records. Nothing is stored: every record is rebuilt from ``../shared/corpus`` when needed
(the corpus pages are third-party content and never copied into the repository); features
are cached per base page (:mod:`detector.training.features`).

Per base page (``pages/<source>/*.html``):

* pages labelled ``-`` in labels.tsv are out of scope and skipped;
* pages labelled 1 give a positive HTML record (family from their kinds); no text record,
  since where their injection sits is unknown and some leave no trace in WET text;
* pages labelled 0 and unlisted pages give a negative HTML record and ``text_per_page``
  WET-like text windows (:mod:`wet`), of every length;
* unlisted pages also get injected variants (:mod:`attacks`), on average
  ``attacks_per_page`` of them, each as HTML and, when the injection shows in the text, as a
  text window that contains it; and, with probability ``benign_rate``, a hard-negative
  transform (:mod:`benign`) as HTML and text.

Written hard-negative pages (:func:`benign.written_page`) are added as their own sites, and
they are attacked too: their clean records are hard negatives, their injected variants are
positives. A kind of page that only ever appears clean would teach the model its look (a
title slug, a forum's layout, a technical title) as a sign of innocence; attacked, it teaches
that a leak or a link on a forum page is still a leak or a link. A written page is not
injected with the family it imitates (a thread that quotes errors gets no leaked error).

**Groups and splits.** A record's group is its base page's site: the registered domain
(with private suffixes) from the page URL, canonical, og:url or CleanEval wrapper, else
``<source>/<file>``. Every variant of a page shares its group; groups are hashed with the
seed into fit / calib / test. Positives in the test split use only the test pool of the
attack vocabulary, hiding methods and insertion points; fit and calib use the train pool.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from detector.page import Page
from detector.records import Record
from detector.training import attacks as A
from detector.training import benign as B
from detector.training import written as W
from detector.training.wet import html_to_text, new_lines, window

REPO = Path(__file__).resolve().parents[2]


def default_corpus() -> Path:
    env = os.environ.get("DETECTOR_SHARED")
    return Path(env) / "corpus" if env else REPO.parent / "shared" / "corpus"


KIND_FAMILY = {"path_disclosure": "server_error"}
FAMILY_PRIORITY = ("backdoor", "parasite_page", "script_injection", "server_error", "template_debris",
                   "hidden_content", "offtopic_link", "spam_text")


def family_of_kinds(kinds) -> str:
    fams = {KIND_FAMILY.get(k, k) for k in kinds}
    for f in FAMILY_PRIORITY:
        if f in fams:
            return f
    return "other"


@dataclass(frozen=True)
class DatasetConfig:
    seed: int = 13
    corpus: str = ""
    max_pages: int = 0  # 0 = every page; else a seeded sample of this many base pages
    attacks_per_page: float = 1.0
    text_per_page: int = 1
    benign_rate: float = 0.35
    # share of corpus pages that also become a security write-up quoting spam (benign.EXTRA_TRANSFORMS),
    # drawn from a random stream of its own so that every other record stays as it was
    writeup_rate: float = 0.1
    written_pages: int = 240
    # pages of the genres that quote errors and placeholders untidily (written_quotes.py); few,
    # because such pages are rare on the web and each looks much like a leak to the features
    quote_pages: int = 70
    fit_share: float = 0.6
    calib_share: float = 0.2
    families: tuple[str, ...] = ()  # restrict attacks to these families (empty = all)

    def corpus_path(self) -> Path:
        return Path(self.corpus) if self.corpus else default_corpus()

    def key(self) -> str:
        d = asdict(self)
        d["corpus"] = str(self.corpus_path())
        return json.dumps(d, sort_keys=True)


@dataclass
class Sample:
    id: str
    group: str
    source: str
    base: str
    mode: str
    label: int
    family: str  # attack family, or clean / hard_negative / labelled kinds' family
    attack: str  # attack or transform name, "" for an untouched page
    pool: str  # vocabulary pool of an attack ("train"/"test"), "" otherwise
    split: str  # fit / calib / test
    url: str | None
    kinds: str = ""
    lang: str = ""
    content: str = field(default="", repr=False)

    def meta(self) -> dict:
        d = asdict(self)
        d.pop("content")
        return d


@dataclass(frozen=True)
class BasePage:
    rel: str  # path relative to the corpus root, or "written/<kind>/<i>"
    source: str
    label: str  # "1", "0" or "" (not listed)
    kinds: tuple[str, ...] = ()


def read_labels(corpus: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    out = {}
    with open(corpus / "labels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            kinds = tuple(k for k in (row.get("kinds") or "").split(",") if k)
            out[row["file"]] = (row["label"].strip(), kinds)
    extra = REPO / "datasets" / "labels_extra.tsv"
    if extra.exists():
        with open(extra, encoding="utf-8") as fh:
            for row in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
                if row.get("file"):
                    kinds = tuple(k for k in (row.get("kinds") or "").split(",") if k)
                    out[row["file"]] = (row["label"].strip(), kinds)
    return out


def base_pages(cfg: DatasetConfig) -> list[BasePage]:
    """Every in-scope base page, in a fixed order (seeded sample when max_pages is set)."""
    corpus = cfg.corpus_path()
    labels = read_labels(corpus)
    pages = []
    for path in sorted((corpus / "pages").glob("*/*.html")):
        rel = path.relative_to(corpus).as_posix()
        label, kinds = labels.get(rel, ("", ()))
        if label == "-":
            continue
        pages.append(BasePage(rel, path.parent.name, label, kinds))
    if cfg.max_pages and cfg.max_pages < len(pages):
        rng = random.Random(f"{cfg.seed}:sample")
        keep = [p for p in pages if p.label]  # labelled pages always stay
        rest = [p for p in pages if not p.label]
        pages = sorted(keep + rng.sample(rest, max(0, cfg.max_pages - len(keep))), key=lambda p: p.rel)
    written_n = cfg.written_pages if not cfg.max_pages else max(12, cfg.written_pages * cfg.max_pages // 2000)
    quote_n = cfg.quote_pages if not cfg.max_pages else max(5, cfg.quote_pages * cfg.max_pages // 2000)
    for i in range(written_n):
        kind = W.BASE_KINDS[i % len(W.BASE_KINDS)]
        pages.append(BasePage(f"written/{kind}/{i}", "written", "0", ()))
    for j in range(quote_n):
        kind = W.QUOTE_KINDS[j % len(W.QUOTE_KINDS)]
        pages.append(BasePage(f"written/{kind}/{written_n + j}", "written", "0", ()))
    return pages


def split_of(group: str, cfg: DatasetConfig) -> str:
    h = int(hashlib.sha256(f"{cfg.seed}\x00{group}".encode()).hexdigest()[:12], 16) / float(16 ** 12)
    if h < cfg.fit_share:
        return "fit"
    if h < cfg.fit_share + cfg.calib_share:
        return "calib"
    return "test"


def group_of(page: Page, source: str, rel: str) -> str:
    """The base page's site (registered domain, private suffixes kept), else source/file."""
    try:
        if page.url and not page.site_inferred and page.site:
            return page.site
    except Exception:
        pass
    return f"{source}/{Path(rel).name}"


def _lang(text: str) -> str:
    try:
        from resiliparse.parse.lang import detect_fast

        return detect_fast(text[:4000])[0]
    except Exception:
        return ""


def page_samples(base: BasePage, cfg: DatasetConfig) -> list[Sample]:
    """Every record derived from one base page (deterministic in seed and page)."""
    rng = random.Random(f"{cfg.seed}\x00{base.rel}")
    if base.source == "written":
        _, kind, idx = base.rel.split("/")
        html, url = W.written_page(kind, int(idx), rng)
        page = Page(Record(id=base.rel, content=html, url=url, mode="html"))
        source_bytes = None
    else:
        path = cfg.corpus_path() / base.rel
        source_bytes = path.read_bytes()
        page = Page(Record(id=base.rel, content=source_bytes, mode="html"))
        html = page.source
        url = None
    group = group_of(page, base.source, base.rel)
    split = split_of(group, cfg)
    pool = "test" if split == "test" else "train"
    try:
        page_url = page.url
    except Exception:
        page_url = None
    url = url or page_url
    site = group if "/" not in group else ""
    base_text = html_to_text(html)
    lang = _lang(base_text)
    out: list[Sample] = []

    def add(suffix: str, mode: str, label: int, family: str, attack: str, content: str, *, pool_: str = "",
            url_: str | None = None, kinds: str = "") -> None:
        if not content.strip():
            return
        out.append(Sample(f"{base.rel}#{suffix}", group, base.source, base.rel, mode, label, family, attack, pool_, split,
                          url_, kinds, lang, content))

    if base.label == "1":
        fam = family_of_kinds(base.kinds)
        kinds = ",".join(base.kinds)
        # no text record: where the injection sits is unknown, and some (an error inside an
        # HTML comment, a hidden iframe) leave no trace in WET text, so its label would be a guess
        add("html", "html", 1, fam, "labelled", html, url_=url, kinds=kinds)
        return out
    neg_family = "hard_negative" if base.label == "0" else "clean"
    add("html", "html", 0, neg_family, "written" if base.source == "written" else "", html, url_=url)
    for t in range(cfg.text_per_page):
        add(f"text{t}", "text", 0, neg_family, "written" if base.source == "written" else "", window(base_text, rng), url_=url)
    if base.label == "0" and base.source != "written":
        return out

    families = cfg.families or A.FAMILIES
    if base.source == "written":
        # a page that shows errors (or template tags, or spam words) on purpose, injected with
        # more of the same, is not told apart by its evidence: no label can be honest there
        families = tuple(f for f in families if f != W.IMITATES.get(base.rel.split("/")[1])) or families
    n_attacks = int(cfg.attacks_per_page) + (1 if rng.random() < cfg.attacks_per_page % 1 else 0)
    by_family: dict[str, list[str]] = {}
    for name, (_, fam) in A.ATTACKS.items():
        by_family.setdefault(fam, []).append(name)
    for k in range(n_attacks):
        fam = rng.choice(sorted(families))
        name = rng.choice(sorted(by_family[fam]))
        ctx = A.AttackCtx(html, random.Random(f"{cfg.seed}\x00{base.rel}\x00{k}"), pool, site=site, url=url, lang=lang)
        try:
            inj = A.apply(name, ctx)
        except Exception:  # an attack that cannot apply to this page is skipped, not faked
            continue
        kinds = ",".join(inj.kinds)
        rec_url = inj.url or url
        add(f"atk{k}.html", "html", 1, inj.family, name, inj.html, pool_=pool, url_=rec_url, kinds=kinds)
        text = html_to_text(inj.html)
        added = new_lines(base_text, text)  # the window must show what was injected
        if added:
            add(f"atk{k}.text", "text", 1, inj.family, name, window(text, rng, added, whole_block=True), pool_=pool, url_=rec_url, kinds=kinds)
    if base.source != "written" and rng.random() < cfg.benign_rate:  # (a written page is a hard negative already)
        names = rng.sample(sorted(B.TRANSFORMS), rng.choice([1, 1, 2]))
        h = html
        for nm in names:
            h = B.TRANSFORMS[nm](h, rng)
        tag = "+".join(names)
        add("benign.html", "html", 0, "hard_negative", tag, h, url_=url)
        text = html_to_text(h)
        added = new_lines(base_text, text)
        add("benign.text", "text", 0, "hard_negative", tag, window(text, rng, added or None), url_=url)
    wrng = random.Random(f"{cfg.seed}\x00{base.rel}\x00writeup")
    if base.source != "written" and wrng.random() < cfg.writeup_rate:
        for nm, fn in sorted(B.EXTRA_TRANSFORMS.items()):
            h = fn(html, wrng)
            add("writeup.html", "html", 0, "hard_negative", nm, h, url_=url)
            text = html_to_text(h)
            added = new_lines(base_text, text)
            add("writeup.text", "text", 0, "hard_negative", nm, window(text, wrng, added or None), url_=url)
    return out
