"""The attack library: every attack injects something real, test-pool attacks use only
test-pool choices, held-out vocabulary reaches beyond the lexicons, nothing comes from the seed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from detector.page import Page
from detector.records import Record
from detector.training import attack_vocab as V
from detector.training import attacks as A
from detector.training import benign as B
from detector.training import written as W
from detector.training.dataset import FAMILY_PRIORITY
from detector.training.wet import html_to_text, new_lines, window

from conftest import CORPUS, SEED

BASE_PAGES = ["pages/trafilatura", "pages/gne", "pages/zyte-product"]


def _base_html() -> list[str]:
    out = []
    for folder in BASE_PAGES:
        files = sorted((CORPUS / folder).glob("*.html"))[:1]
        for f in files:
            out.append(Page(Record(id=f.name, content=f.read_bytes(), mode="html")).source)
    out.append("<html><head><title>t</title></head><body><p>Short page.</p></body></html>")
    out.append("no markup at all, just words")
    return out


@pytest.fixture(scope="module")
def bases(shared_dir):
    return _base_html()


def test_every_detector_family_has_attacks():
    fams = {fam for _, fam in A.ATTACKS.values()}
    assert fams == set(FAMILY_PRIORITY)
    assert len(A.ATTACKS) >= 20
    for name, (fn, _) in A.ATTACKS.items():
        assert fn.__doc__, f"{name} must say what real attack it models"


@pytest.mark.parametrize("name", sorted(A.ATTACKS))
def test_attack_changes_page_and_uses_its_pool_only(name, bases):
    for i, html in enumerate(bases):
        for pool in ("train", "test"):
            ctx = A.AttackCtx(html, random.Random(i), pool, site="example-site.de", lang="en")
            inj = A.apply(name, ctx)
            assert inj.html != html and inj.family == A.ATTACKS[name][1] and inj.kinds
            for kind, choices in inj.detail.items():
                allowed = {x if isinstance(x, str) else repr(x) for x in V.split(kind, ctx.lists[kind])[pool]}
                for c in choices:
                    assert c in allowed, (name, kind, c, pool)
            page = Page(Record(id="x", content=inj.html, url=inj.url, mode="html"))
            assert page.text is not None


def test_pools_are_disjoint_and_both_nonempty():
    lists = {"hiding": list(V.HIDING_STYLES), "point": V.INSERTION_POINTS, "domain": list(A.spam_domain_list()),
             "php_level": V.PHP_LEVELS, "sql": V.SQL_ERRORS, "tpl": V.TEMPLATE_TAGS, "shell": V.SHELL_STYLES,
             "script_style": V.SCRIPT_STYLES, "platform": V.PLATFORM_HOSTS}
    for cat in V.CATEGORIES:
        lists[f"term.{cat}"] = V.SPAM_TERMS[cat] + V.SPAM_TERMS_RARE.get(cat, [])
    for kind, items in lists.items():
        s = V.split(kind, items)
        assert s["train"] and s["test"], kind
        assert not set(map(str, s["train"])) & set(map(str, s["test"])), kind
        assert sorted(map(str, s["train"] + s["test"])) == sorted(map(str, items))


def test_held_out_terms_reach_beyond_the_lexicons():
    from detector.lexicons import find_terms

    test_terms = [t for cat in V.CATEGORIES for t in V.split(f"term.{cat}", V.SPAM_TERMS[cat] + V.SPAM_TERMS_RARE.get(cat, []))["test"]]
    unknown = [t for t in test_terms if not find_terms(t)]
    assert len(test_terms) >= 40
    assert len(unknown) >= 5, "held-out terms must include terms the lexicons do not contain"


def test_no_generator_uses_the_seed(shared_dir):
    seed = SEED.read_text(encoding="utf-8", errors="replace")
    urls = re.findall(r"https?://\S+", seed)
    paths = re.findall(r"/home/[^\s/]+/", seed)
    src = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (V, A, B))
    for s in urls + paths + ["high-endrolex", "Controller.php:129", "Cannot send session cookie", "Cannot send session cache limiter"]:
        assert s not in src, s
    for u in urls:
        host = u.split("//")[-1].split("/")[0].lower().removeprefix("www.")
        assert host and host not in src.lower(), host
    for p in paths:
        assert p.split("/")[2] not in src, p


def test_attacks_are_deterministic_and_varied(bases):
    html = bases[0]
    a = A.apply("hidden_link_block", A.AttackCtx(html, random.Random(5), "train", site="s.de"))
    b = A.apply("hidden_link_block", A.AttackCtx(html, random.Random(5), "train", site="s.de"))
    assert a.html == b.html
    outs = {A.apply("hidden_link_block", A.AttackCtx(html, random.Random(k), "train", site="s.de")).html for k in range(8)}
    assert len(outs) == 8
    hidings = {tuple(A.apply("hidden_link_block", A.AttackCtx(html, random.Random(k), "train")).detail["hiding"]) for k in range(30)}
    assert len(hidings) >= 4


def test_hidden_link_block_is_hidden_and_links_out(bases):
    html = bases[0]
    found = 0
    for k in range(10):
        inj = A.apply("hidden_link_block", A.AttackCtx(html, random.Random(k), "train", site="s.de"))
        page = Page(Record(id="x", content=inj.html, mode="html"))
        spam = [l for l in page.links if l.domain in A.spam_domain_list()]
        assert spam, "the injected links must be real links"
        found += any(l.hidden for l in spam)
    assert found >= 6  # most train-pool hiding methods are recognised by the page model


def test_text_version_keeps_the_injection(bases):
    html = bases[0]
    base_text = html_to_text(html)
    inj = A.apply("spam_paragraph", A.AttackCtx(html, random.Random(2), "train", site="s.de"))
    text = html_to_text(inj.html)
    added = new_lines(base_text, text)
    assert added
    rng = random.Random(0)
    lines = text.splitlines()
    for _ in range(20):
        w = window(text, rng, added)
        assert any(lines[i] in w.splitlines() for i in added)
    lengths = {len(window(text, random.Random(k)).splitlines()) for k in range(40)}
    assert min(lengths) <= 8 and max(lengths) == len(lines)


def test_wet_text_drops_hrefs_and_keeps_hidden_text():
    text = html_to_text('<html><body><p>Hello</p><div style="display:none"><a href="http://spam.example/x">cheap pills</a></div></body></html>')
    assert "cheap pills" in text and "spam.example" not in text


@pytest.mark.parametrize("name", sorted(B.TRANSFORMS) + sorted(B.EXTRA_TRANSFORMS))
def test_benign_transforms_change_page_without_spam(name, bases):
    html = bases[0]
    out = {**B.TRANSFORMS, **B.EXTRA_TRANSFORMS}[name](html, random.Random(1))
    assert out != html
    spam = set(A.spam_domain_list())
    page = Page(Record(id="x", content=out, mode="html"))
    assert not [l for l in page.links if l.domain in spam]


def test_a_security_write_up_quotes_spam_as_discussed(bases):
    """The write-up hard negative carries a sales pitch with spam vocabulary (what training
    otherwise sees only on compromised pages), and the words about the hack next to it."""
    from detector.detectors import all_detectors

    pitch = {d.id: d for d in all_detectors()}["SEO407"]
    seen = 0
    for seed in range(6):
        out = B.quoted_spam_writeup(bases[0], random.Random(seed))
        _, feats = pitch.run(Page(Record(id="x", content=out, mode="html")))
        if feats.get("SEO407.pitch_spam", 0) > 0:
            seen += 1
            assert feats["SEO407.pitch_discussed"] == 1.0
    assert seen >= 3


@pytest.mark.parametrize("kind", W.WRITTEN_KINDS)
def test_written_pages(kind):
    html, url = W.written_page(kind, 3, random.Random(3))
    page = Page(Record(id="w", content=html, url=url, mode="html"))
    assert page.title and len(page.text) > 100 and page.site


@pytest.mark.parametrize("kind", W.WRITTEN_KINDS)
def test_written_pages_of_a_kind_differ(kind):
    """Pages of one genre are assembled, not copied: twenty of them have twenty different
    texts, and no sentence stands on all of them (the model must learn the context, not a
    paragraph)."""
    texts = []
    for i in range(20):
        html, url = W.written_page(kind, i, random.Random(f"13\x00written/{kind}/{i}"))
        texts.append(html_to_text(html))
    assert len(set(texts)) == 20
    lines = [set(t.splitlines()) for t in texts]
    common = set.intersection(*lines)
    assert not [ln for ln in common if len(ln) > 40], common


def test_every_written_kind_and_transform_names_the_family_it_imitates():
    from detector.training.dataset import FAMILY_PRIORITY

    assert set(W.IMITATES) == set(W.WRITTEN_KINDS) and set(B.TRANSFORM_IMITATES) == set(B.TRANSFORMS) | set(B.EXTRA_TRANSFORMS)
    assert set(W.IMITATES.values()) | set(B.TRANSFORM_IMITATES.values()) <= set(FAMILY_PRIORITY)
    assert B.imitated_families("cookie_banner+template_code", "pages/x.html") == {"hidden_content", "template_debris"}
    assert B.imitated_families("written", "written/bug_report/7") == {"server_error"}


def test_quoting_genres_quote_errors_the_untidy_way():
    """The written_quotes genres: a reference list explains several distinct errors; a thread
    names its technology in the title; every genre says which family it imitates (training
    never injects that family into it)."""
    from detector.training import written_quotes as Q
    from detector.training.wet import html_to_text

    assert set(Q.QUOTE_IMITATES) == set(Q.QUOTE_KINDS) and set(Q.QUOTE_KINDS) <= set(W.IMITATES)
    for i in range(10):
        title, blocks = Q.error_reference(random.Random(i))
        # (error, explanation) pairs: at least two distinct errors, each followed by what it means
        assert len(blocks) >= 4 and len(blocks) % 2 == 0, title
        assert len(set(blocks[0::2])) == len(blocks) // 2
        title, _ = Q.error_thread(random.Random(i))
        assert any(t.lower() in title.lower() for ts in Q._TECH.values() for t in ts), title
    html, _ = W.written_page("changelog", 7, random.Random(7))
    assert "Fix" in html_to_text(html) or "Behoben" in html_to_text(html) or "Corrigé" in html_to_text(html)


def test_the_write_up_records_are_added_without_changing_any_other_record(shared_dir):
    """Extra transforms draw from a stream of their own: turning them on adds records and
    leaves every other record of the corpus as it was (a comparison measures them alone)."""
    from detector.training.dataset import DatasetConfig, base_pages, page_samples

    on, off = DatasetConfig(seed=13, writeup_rate=1.0), DatasetConfig(seed=13, writeup_rate=0.0)
    bases = [b for b in base_pages(on) if b.source != "written"][:3]
    for b in bases:
        with_w = page_samples(b, on)
        without = page_samples(b, off)
        extra = [s for s in with_w if s.id.split("#")[1].startswith("writeup.")]
        assert extra and all(s.label == 0 and s.attack == "quoted_spam_writeup" for s in extra)
        assert [(s.id, s.content) for s in with_w if s not in extra] == [(s.id, s.content) for s in without]


@pytest.mark.parametrize("point", ["after_first_paragraph", "middle_paragraph", "end_of_main", "in_footer",
                                   "in_header", "after_body_open", "before_body_close"])
def test_insertion_points_skip_markup_that_is_never_rendered(point):
    """A '</p>' inside a script's string, a JSON-LD articleBody, a <template> or a comment is
    no insertion point: an injection there reaches no reader and no crawler's text."""
    inert = ('<script>var t = "<p>x</p></article></footer></body>";</script>'
             '<script type="application/ld+json">{"articleBody": "<p>a</p><p>b</p><p>c</p>"}</script>'
             '<template><p>t</p></template><!-- <p>old</p></footer> -->')
    html = f"<html><head></head><body><header>H</header><article><p>one</p>{inert}<p>two</p></article><footer>F</footer></body></html>"
    out = A.insert_at(html, "<p>INJECTED</p>", point, random.Random(1))
    at = out.index("INJECTED")
    for m in re.finditer(r"<script\b.*?</script>|<template>.*?</template>|<!--.*?-->", out, re.S):
        assert not m.start() < at < m.end(), (point, out)
    assert "INJECTED" in html_to_text(out)
