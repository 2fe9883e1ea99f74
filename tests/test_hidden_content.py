"""Hidden content detectors (SEO201 hidden links, SEO202 hidden text).

Example files under tests/examples/hidden_content/ carry their expectation in a comment:
``<!-- expect: SEO201 high high -->`` (a finding of that id at least that strong) or
``<!-- expect: none -->`` (no finding of this family above low/low). Bad and okay files sit
side by side: each hiding technique against the benign UI that uses the same CSS.
"""

from __future__ import annotations

import math
import re

import pytest

from conftest import CORPUS, EXAMPLES, corpus_labels, run_detectors, weight
from detector.detectors.hidden_content import HiddenLinks, HiddenText, hiding_source, related_domains
from detector.page import page_from_file, page_from_text
from detector.scoring import CONFIDENCE_WEIGHT, SEVERITY_WEIGHT

DETECTORS = (HiddenLinks(), HiddenText())
EXAMPLE_FILES = sorted((EXAMPLES / "hidden_content").glob("*.html"))


def run(page):
    return run_detectors(DETECTORS, page)


def expectation(page) -> tuple[str, str, str] | None:
    m = re.search(r"<!-- expect: ([^-]+?) -->", page.source)
    assert m, "example file without an expectation"
    parts = m.group(1).split()
    return None if parts == ["none"] else (parts[0], parts[1], parts[2])


def test_examples_present():
    names = [p.name for p in EXAMPLE_FILES]
    assert sum(n.startswith("bad_") for n in names) >= 8
    assert sum(n.startswith("okay_") for n in names) >= 8


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example(path):
    page = page_from_file(str(path))
    findings, feats = run(page)
    exp = expectation(page)
    if exp is None:
        strong = [f for f in findings if weight(f) >= 0.15]
        assert not strong, [f.message for f in strong]
        return
    fid, sev, conf = exp
    want = SEVERITY_WEIGHT[sev] * CONFIDENCE_WEIGHT[conf]
    mine = [f for f in findings if f.id == fid]
    assert mine, f"no {fid} finding"
    assert max(weight(f) for f in mine) >= want - 1e-9, [(f.severity, f.confidence, f.message) for f in mine]
    for f in mine:
        assert f.kind == "hidden_content"
        ev = f.evidence
        assert ev.get("hiding"), "a hidden-content finding names its hiding rule"
        assert len(ev.get("snippet", "")) <= 300
        if fid == "SEO201":
            assert ev["url"].startswith("http") and ev["domain"]


def test_spam_links_are_evidence_for_offtopic_detector():
    """Hidden spam links carry url, domain, anchor and hiding; the links stay in page.links."""
    page = page_from_file(str(EXAMPLES / "hidden_content" / "bad_offscreen_casino_block.html"))
    findings, feats = run(page)
    f = next(f for f in findings if f.id == "SEO201")
    assert f.evidence["anchor"] and f.evidence["hiding"] == "offscreen" and f.evidence["count"] >= 4
    hidden = [l for l in page.links if l.hidden]
    assert len(hidden) == 5 and all(l.external for l in hidden)
    assert feats["SEO201.tech_offscreen"] == 1.0
    assert feats["SEO201.hidden_spam_and_unrelated"] == 1.0
    assert feats["SEO201.hidden_ext_share"] == 1.0
    assert feats["SEO201.hidden_link_block_inline"] == 1.0


def test_benign_label_only_lowers_confidence_of_a_single_spam_link():
    html = ('<html><head><link rel="canonical" href="https://www.shop-a.com/"></head><body><p>Shop.</p>'
            '<ul class="submenu" style="display:none"><li><a href="/a">A</a></li><li><a href="/b">B</a></li>'
            '<li><a href="http://pills.com/">cheap viagra</a></li></ul></body></html>')
    findings, _ = run(page_from_text(html, mode="html"))
    f = [f for f in findings if f.id == "SEO201"]
    assert f and all(x.confidence != "high" for x in f)


def test_same_block_without_hiding_is_not_a_finding():
    html = ('<html><head><link rel="canonical" href="https://www.blog-b.de/"></head><body><p>Blog.</p>'
            '<div><a href="http://casino-x.com/">online casino</a> <a href="http://slots-y.com/">online slots</a>'
            ' <a href="http://bet-z.com/">sports betting</a></div></body></html>')
    findings, feats = run(page_from_text(html, mode="html"))
    assert not findings
    assert feats["SEO201.hidden_ext_links_log"] == 0.0


def test_text_record_features_are_nan():
    page = page_from_text("Buy viagra online at http://pills.com cheap cialis", url="http://x.com/")
    findings, feats = run(page)
    assert not findings
    assert feats and all(math.isnan(v) for v in feats.values())


def test_hiding_source_and_related_domains():
    assert hiding_source("display:none") == "inline"
    assert hiding_source("display:none (css:.x)") == "css"
    assert hiding_source("script-hidden (js sets display:none)") == "js"
    assert hiding_source("noscript") == "noscript"
    assert related_domains("kiabi.com", "kiabi-africa.com")
    assert related_domains("huffpost.com", "huffingtonpost.fr")
    assert related_domains("cbsnews.com", "cbsboston.com")
    assert not related_domains("silvias.net", "onlineslots.us.com")
    assert not related_domains("pharmalot.com", "theatredb.com")


def test_keyword_stuffing_block():
    words = " ".join(f"keyword{i} phrase{i % 7}" for i in range(600))
    html = (f'<html><head><link rel="canonical" href="https://news-c.com/a"></head><body><p>Short story.</p>'
            f'<div style="display:none">{words}</div></body></html>')
    findings, feats = run(page_from_text(html, mode="html"))
    assert any(f.id == "SEO202" and "stuffing" in f.message for f in findings)
    assert feats["SEO202.hidden_stuffing"] == 1.0
    # the same amount of hidden prose (a collapsed article) is not stuffing
    prose = " ".join("This is a sentence, with commas. And a full stop." for _ in range(120))
    html2 = html.replace(words, prose)
    findings2, _ = run(page_from_text(html2, mode="html"))
    assert not any("stuffing" in f.message for f in findings2)


LABELLED = [r["file"] for r in corpus_labels() if r["label"] == "1" and "hidden_content" in r["kinds"]]


def test_labelled_pages_listed():
    assert len(LABELLED) >= 5


@pytest.mark.parametrize("rel", LABELLED)
def test_labelled_corpus_page(shared_dir, rel):
    page = page_from_file(str(CORPUS / rel), mode="html")
    findings, feats = run(page)
    hidden = [f for f in findings if f.kind == "hidden_content"]
    assert hidden, "a page labelled hidden_content must get a hidden_content finding"
    best = max(hidden, key=weight)
    assert weight(best) >= 0.45
    assert best.evidence.get("url") and best.evidence.get("domain") and best.evidence.get("hiding")
    assert feats["SEO201.hidden_nonbenign_unrelated_log"] > 0


# ---------------------------------------------------------------- snippet shape
def test_snippet_style_rule_travels_with_its_element():
    from detector.detectors.hidden_content import snippet_style

    pasted = '<p>x</p><style>.qz7k2{display:none}</style><div class="qz7k2"><a href="https://a.example/">a</a></div>'
    assert snippet_style(pasted, "display:none (css:.qz7k2)")
    # the site's stylesheet in the head, far from the element
    head = "<style>.qz7k2{display:none}</style>" + "<p>text</p>" * 60 + '<div class="qz7k2">a</div>'
    assert not snippet_style(head, "display:none (css:.qz7k2)")
    # a class that several elements share is the site's own
    shared = pasted + '<div class="qz7k2">b</div>'
    assert not snippet_style(shared, "display:none (css:.qz7k2)")
    # compound selectors are a stylesheet's, not a snippet's
    assert not snippet_style(pasted, "display:none (css:.menu .qz7k2)")


def test_hidden_keyword_link_needs_its_shape():
    """One clipped link with no spam vocabulary: high when its path spells the anchor on a
    throwaway-looking domain, below high when it points to an ordinary site's home page."""
    from conftest import family_score

    path = EXAMPLES / "hidden_content" / "bad_hidden_keyword_link.html"
    src = path.read_text("utf-8")
    assert family_score(run(page_from_text(src, mode="html"))[0]) >= 0.6
    plain = src.replace("http://www.hose-reels24.store/garden-hose-reel.html", "https://www.gardena.com/")
    assert family_score(run(page_from_text(plain, mode="html"))[0]) < 0.6


def test_sales_pitch_versus_prose():
    from conftest import family_score

    pitch = page_from_file(str(EXAMPLES / "hidden_content" / "bad_hidden_sales_pitch.html"))
    findings, feats = run(pitch)
    assert family_score(findings) >= 0.6 and feats["SEO202.hidden_spam_foreign"] == 1.0
    note = page_from_file(str(EXAMPLES / "hidden_content" / "okay_hidden_medical_note.html"))
    assert family_score(run(note)[0]) < 0.15


def test_hidden_footer_with_the_sites_own_relative_links_is_not_an_injected_block():
    """A network footer hidden by script on a saved page without its URL: its sister-site links
    go to unrelated domains, but its relative links are the site's own pages, which an
    injected block never carries. The same block without them keeps its finding."""
    from conftest import family_score

    sisters = " | ".join(f'<a href="http://www.{d}.com/">{d.upper()}.COM</a>'
                         for d in ("alphanews", "betasports", "gammafilms", "deltaradio", "epsilontv"))
    own = ' | <a href="/stations/">OUR STATIONS</a> <a href="/rss/">RSS</a>'
    page = ('<html><body><p>{}</p><div id="foot"><script>if (document.getElementById("netfoot") == null) '
            '{{ document.getElementById("foot").style.display = "none"; }}</script><p>{}</p></div></body></html>')
    story = "The council approved the new cycle lanes on Tuesday after a long debate. " * 6
    with_own = run(page_from_text(page.format(story, sisters + own), mode="html"))[0]
    without = run(page_from_text(page.format(story, sisters), mode="html"))[0]
    assert not [f for f in with_own if f.id == "SEO201" and f.severity == "high"]
    assert family_score(without) > family_score(with_own)
