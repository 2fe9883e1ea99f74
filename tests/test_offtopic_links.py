"""offtopic_link family (SEO101-SEO103): examples side by side, labelled pages, hard negatives."""

from __future__ import annotations

import math

import pytest

from conftest import CORPUS, EXAMPLES, SEED, corpus_labels, family_score, run_detectors
from detector.detectors import offtopic_links as O
from detector.page import page_from_file, page_from_text

EX = EXAMPLES / "offtopic_links"
DETECTORS = [O.OfftopicSpamLinks(), O.OfftopicLinkBlock(), O.SpamBrandSite()]

# example file -> (URL a crawler would give, minimum family score, maximum family score,
#                  a domain that a finding must name or None)
CASES = {
    "bad_knitting_hidden_cialis.html": ("https://purlandplain.com/2024/cabled-mittens-2/", 0.6, 1.0, "quick-meds-shop.net"),
    "bad_human_rights_replica_anchor.html": ("https://www.rightsforum.org/interviews/cambodia", 0.6, 1.0, "cheap-replica-watches.xyz"),
    "bad_comment_pharmacy_links.html": ("https://nuttytravels.com/rose-parade/", 0.6, 1.0, "vardenafil-best.com"),
    "bad_hidden_search_link_block.html": ("https://oakstreetgarden.org/notes/", 0.6, 1.0, None),
    "bad_text_record_replica.txt": (None, 0.6, 1.0, "swiss-replica-rolex.com"),
    "okay_watch_blog_rolex.html": ("https://thewatchdesk.com/reviews/submariner/", 0.0, 0.0, None),
    "okay_news_sponsored_links.html": ("https://riversidedaily.com/local/bike-lanes", 0.0, 0.2, None),
    "okay_blogroll.html": ("https://oldtownblog.net/mill/", 0.0, 0.0, None),
    "okay_casino_affiliate_site.html": ("https://www.casinoreviewhub.com/best-online-casinos/", 0.0, 0.2, None),
    "okay_sister_sites_menu.html": ("https://www.coastalherald.com/news/storm", 0.0, 0.2, None),
    "okay_text_record_watch_review.txt": (None, 0.0, 0.0, None),
    # generic shape, side by side: a keyword link (the path spells a spam anchor, on a
    # throwaway-looking domain) against article links whose paths spell their anchors
    "bad_keyword_link_visible.html": ("https://stoneandhedge.net/walls/repair/", 0.6, 1.0, "spin-palace7.club"),
    "okay_article_link_slug.html": ("https://stoneandhedge.net/walls/repair/", 0.0, 0.2, None),
    # a visible block of keyword links to throwaway domains against a sports site's betting sisters
    "bad_visible_partner_block.html": ("https://lakeside-primary.sch.uk/term-dates/", 0.6, 1.0, "quickcash88.xyz"),
    "okay_sports_network_footer.html": ("https://www.northernsport.com/football/derby", 0.0, 0.2, None),
    # text records: a link block's anchors with the hrefs stripped against prose naming drugs
    "bad_text_anchor_run.txt": (None, 0.6, 1.0, None),
    "okay_text_medical_prose.txt": (None, 0.0, 0.0, None),
    # a lone keyword link without spam vocabulary (its shape only: a medium finding, never
    # high on its own) against lone links that cite the page's topic, are nofollow ads or go
    # to an ordinary article
    "bad_lone_keyword_link.html": ("https://hillsidebees.co.uk/blog/first-winter/", 0.1, 0.5, "quickpick24.site"),
    "okay_lone_source_links.html": ("https://hillsidebees.co.uk/blog/first-winter/", 0.0, 0.0, None),
}


def run(page):
    return run_detectors(DETECTORS, page)


def load(name: str, url: str | None):
    path = EX / name
    if name.endswith(".txt"):
        return page_from_text(path.read_text("utf-8"), url=url)
    return page_from_file(str(path), url=url)


def test_examples_present():
    files = {p.name for p in EX.iterdir() if p.suffix in (".html", ".txt")}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_example(name):
    url, lo, hi, domain = CASES[name]
    findings, feats = run(load(name, url))
    score = family_score(findings)
    assert lo <= score <= hi + 1e-9, [(f.id, f.severity, f.confidence, f.message) for f in findings]
    if domain:
        assert any(f.evidence.get("domain") == domain for f in findings)
    for f in findings:
        assert f.kind == "offtopic_link"
        assert f.message and f.evidence.get("snippet") is not None
        assert len(f.evidence.get("snippet", "")) <= 300


def test_anchor_fits_target_does_not():
    p = load("bad_human_rights_replica_anchor.html", CASES["bad_human_rights_replica_anchor.html"][0])
    findings, feats = run(p)
    assert feats["SEO101.anchor_fits_target_not_log"] > 0
    assert any("anchor fits the page" in f.message for f in findings)


def test_same_link_visible_in_body_is_weaker_than_hidden():
    hidden = load("bad_knitting_hidden_cialis.html", CASES["bad_knitting_hidden_cialis.html"][0])
    src = (EX / "bad_knitting_hidden_cialis.html").read_text("utf-8").replace(' style="display:none"', "")
    visible = page_from_text(src, url=CASES["bad_knitting_hidden_cialis.html"][0], mode="html")
    s_hidden = family_score(run(hidden)[0])
    s_visible = family_score(run(visible)[0])
    assert s_visible < 0.6 <= s_hidden


def test_sponsored_rel_is_a_disclosed_ad():
    p = load("okay_news_sponsored_links.html", CASES["okay_news_sponsored_links.html"][0])
    findings, feats = run(p)
    assert feats["SEO101.sponsored_share"] == 1.0
    assert all(f.confidence == "low" for f in findings)


def test_text_record_features():
    p = load("bad_text_record_replica.txt", None)
    findings, feats = run(p)
    assert feats["SEO101.offtopic_edge"] == 1.0
    assert feats["SEO101.brand_domain_log"] > 0
    for name in ("offtopic_hidden_log", "offtopic_comments_log", "sponsored_share", "nofollow_share"):
        assert math.isnan(feats[f"SEO101.{name}"])
    assert math.isnan(feats["SEO102.hidden_block_domains_log"])


def test_declared_features_always_present():
    p = page_from_text("<html><body><p>nothing here</p></body></html>", mode="html")
    _, feats = run(p)
    for d in DETECTORS:
        for n in d.features:
            assert f"{d.id}.{n}" in feats


def test_own_domain_spam_brand_with_unrelated_content():
    p = page_from_text("<html><head><title>Five questions on human rights in Cambodia</title></head>"
                       "<body><h1>Human rights in Cambodia</h1><p>An interview about democracy.</p></body></html>",
                       url="https://www.high-endrolex.com/33", mode="html")
    findings, feats = run(p)
    assert feats["SEO103.own_domain_spam_offtopic"] == 1.0
    f = [f for f in findings if f.id == "SEO103"][0]
    assert f.evidence["identity"] == "url" and f.confidence == "low"
    q = page_from_text("<html><head><title>Rolex Submariner review</title></head><body><h1>Rolex</h1>"
                       "<p>The Rolex Submariner, the Rolex Daytona and the Rolex GMT.</p></body></html>",
                       url="https://www.rolexforums.com/t/1", mode="html")
    assert not [f for f in run(q)[0] if f.id == "SEO103"]


def test_seed_names_the_replica_domain():
    p = page_from_text(SEED.read_text("utf-8"))
    findings, feats = run(p)
    hits = [f for f in findings if f.evidence.get("domain") == "high-endrolex.com"]
    assert hits
    assert hits[0].severity == "high" and hits[0].confidence == "high"
    assert "rolex" in hits[0].message


LABELLED = [r["file"] for r in corpus_labels() if r["label"] == "1" and "offtopic_link" in r["kinds"]]


def test_labelled_pages_listed():
    assert len(LABELLED) >= 9


@pytest.mark.parametrize("rel", LABELLED)
def test_labelled_corpus_page(shared_dir, rel):
    findings, _ = run(page_from_file(str(CORPUS / rel)))
    assert any(f.kind == "offtopic_link" for f in findings), rel


STRONG = ["pages/trafilatura/eval__silvias.net.wahlzensur.html", "pages/dragnet/R457.html",
          "pages/dragnet/T71.html", "pages/dragnet/472.html", "pages/htmldate/test_set__1580240354.html",
          "pages/dragnet/R187.html"]


@pytest.mark.parametrize("rel", STRONG)
def test_hidden_or_comment_spam_reaches_high(shared_dir, rel):
    findings, _ = run(page_from_file(str(CORPUS / rel)))
    assert family_score(findings) >= 0.6, rel


HARD_NEGATIVES = [
    "pages/l3s-gn1/708163a2-f724-42cc-bb00-e578f1aebd3b.html",
    "pages/htmldate/eval__Coincierge.de-Bitcoin-Blog.html",
    "pages/trafilatura/eval__antary.de.wireshark.html",
    "pages/htmldate/test_set__1564888577.html",
]


@pytest.mark.parametrize("rel", HARD_NEGATIVES)
def test_hard_negative_stays_below_high(shared_dir, rel):
    findings, _ = run(page_from_file(str(CORPUS / rel)))
    assert family_score(findings) < 0.6, [(f.id, f.message) for f in findings]


@pytest.mark.parametrize("folder", ["gne", "autopager", "zyte-product"])
def test_portals_and_shops_stay_below_high(shared_dir, folder):
    """Chinese portals with lottery navigation, watch and jewellery shops: nothing at high."""
    for path in sorted((CORPUS / "pages" / folder).glob("*.html")):
        findings, _ = run(page_from_file(str(path)))
        assert family_score(findings) < 0.6, (path.name, [(f.id, f.message) for f in findings])


# ---------------------------------------------------------------- generic link-shape signals
def test_slug_echo_and_throwaway_domain():
    assert O.slug_echo("guest post service", "http://x.example/product/guest-post-service-684")
    assert O.slug_echo("Cheap Pills Online", "https://a.example/cheap-pills-online.html")
    assert not O.slug_echo("cheap pills", "https://a.example/")  # root URL
    assert not O.slug_echo("pills", "https://a.example/pills")  # one word says nothing
    assert not O.slug_echo("cheap pills online", "https://a.example/cheap-pills")  # partial
    assert O.throwaway_domain("pills-24.top") == 2  # cheap TLD and digits
    assert O.throwaway_domain("quickcash.xyz") == 1
    assert O.throwaway_domain("bbc.co.uk") == 0 and O.throwaway_domain("theguardian.com") == 0


def test_keyword_link_needs_its_shape():
    """The same spam anchor, visible in the body: a keyword link to a throwaway domain is
    high; to a root URL on an ordinary .net domain it stays below high (the knitting case)."""
    url = "https://stoneandhedge.net/walls/repair/"
    src = (EX / "bad_keyword_link_visible.html").read_text("utf-8")
    assert family_score(run(page_from_text(src, url=url, mode="html"))[0]) >= 0.6
    plain = src.replace("https://www.spin-palace7.club/online-casino-real-money", "https://www.spinpalace.net/")
    assert family_score(run(page_from_text(plain, url=url, mode="html"))[0]) < 0.6


def test_cluster_of_adjacent_spam_links():
    p = load("bad_visible_partner_block.html", CASES["bad_visible_partner_block.html"][0])
    findings, feats = run(p)
    assert feats["SEO101.spam_cluster_log"] >= math.log1p(4)
    assert any("adjacent links" in f.message for f in findings)
    q = load("okay_sports_network_footer.html", CASES["okay_sports_network_footer.html"][0])
    assert run(q)[1].get("SEO101.spam_cluster_log", 0.0) <= math.log1p(2)


def test_anchor_run_in_text_records():
    findings, feats = run(load("bad_text_anchor_run.txt", None))
    f = [f for f in findings if f.id == "SEO102"]
    assert f and f[0].evidence["where"] == "text" and f[0].evidence["count"] == 4
    assert feats["SEO102.anchor_run_foreign"] == 1.0
    # the same phrases as the page's own topic (a casino guide listing its sections) stay quiet
    own = page_from_text("Online casino guide\nonline casino reviews, best slots, online casino bonus\n"
                         "Every online casino we list is licensed. Slots and online casino games are reviewed monthly.\n"
                         "best slots | online casino | slots")
    assert not [f for f in run(own)[0] if f.id == "SEO102"]
    # prose naming drugs is not a run of anchors
    _, feats = run(load("okay_text_medical_prose.txt", None))
    assert feats.get("SEO102.anchor_run_log", 0.0) == 0.0


def test_host_prefilter_matches_per_host_lookup():
    """The page-level host prefilter must never miss a host the per-host lookup flags."""
    hosts = ["www.high-endrolex.com", "bestonlinecasinos777.org", "cheap-viagra.example", "example.org",
             "news.bbc.co.uk", "xn--80ak6aa92e.com", "meds.example"]
    for h in hosts:
        if O._host_info(h)[1]:
            assert O._hosts_may_name_spam({h}), h
    assert not O._hosts_may_name_spam({"example.org", "news.bbc.co.uk", "cdn.jsdelivr.net"})


def test_links_written_outside_the_document():
    body = ("<!DOCTYPE html><html><head><title>Cabled mittens</title></head><body><nav><a href='/'>Purl</a>"
            "<a href='/patterns/'>Patterns</a></nav><p>Cables, mittens and a chart for the thumb gusset.</p>"
            "</body></html>")
    link = '<a href="https://pills-shop.com/">cheap viagra</a>'
    url = "https://purlandplain.com/2024/mittens/"
    after = page_from_text(body + "\n" + link, url=url, mode="html")
    before = page_from_text(link + "\n" + body, url=url, mode="html")
    # in the middle of the body (the last text of a page is an injector's place of its own)
    inside = page_from_text(body.replace("</p>", "</p><p>" + link + "</p><p>Knit the cuff last.</p>"), url=url,
                            mode="html")
    assert O.outside_hrefs(after) == {"https://pills-shop.com/"} == O.outside_hrefs(before)
    assert not O.outside_hrefs(inside)
    for p in (after, before):
        findings, feats = run(p)
        assert family_score(findings) >= 0.6 and feats["SEO101.outside_document_log"] > 0
        assert any("outside the document" in f.message for f in findings)
    assert family_score(run(inside)[0]) < 0.6  # the same link in the body is one weak sign


def test_nofollow_ad_is_not_a_bought_link():
    """The keyword-link shape on a link marked nofollow (an ad block, as on the WTAE hard
    negative) passes no ranking: not strong placement."""
    url = "https://stoneandhedge.net/walls/repair/"
    src = (EX / "bad_keyword_link_visible.html").read_text("utf-8")
    ad = src.replace('<a href="https://www.spin-palace7.club', '<a rel="nofollow" href="https://www.spin-palace7.club')
    assert family_score(run(page_from_text(ad, url=url, mode="html"))[0]) < 0.6 <= \
        family_score(run(page_from_text(src, url=url, mode="html"))[0])


def test_link_alone_in_its_paragraph():
    from detector.detectors.offtopic_links import alone_in_paragraph

    html = ("<html><body><p>Walls need footings.</p><p>More: <b><a href='https://x.example/'>cheap viagra</a></b></p>"
            "<p>Read <a href='https://y.example/'>the guide</a> before you start: it explains batters, "
            "through-stones and copes in detail.</p><ul><li><a href='https://z.example/'>one</a></li></ul></body></html>")
    p = page_from_text(html, mode="html")
    alone = {l.url: alone_in_paragraph(l) for l in p.links}
    assert alone == {"https://x.example/": True, "https://y.example/": False, "https://z.example/": False}


BEES = "https://hillsidebees.co.uk/blog/first-winter/"


def _lone(src: str):
    findings, feats = run(page_from_text(src, url=BEES, mode="html"))
    return [f for f in findings if f.message.startswith("lone keyword link")], feats


def test_lone_keyword_link_needs_its_shape():
    """The vocabulary-free lone link: every shape point counts, and an ordinary root link with
    the same unknown anchor is no finding."""
    src = (EX / "bad_lone_keyword_link.html").read_text("utf-8")
    found, feats = _lone(src)
    assert len(found) == 1 and found[0].severity == "medium"
    ev = found[0].evidence
    assert ev["domain"] == "quickpick24.site" and ev["anchor"] == "instant logo maker" and ev["where"] == "html"
    assert "instant logo maker" in ev["snippet"] and feats["SEO101.lone_links_log"] > 0
    plain = src.replace("https://quickpick24.site/instant-logo-maker", "https://www.quickpick.com/")
    found, feats = _lone(plain)
    assert not found and 0 < feats["SEO101.lone_link_score"] < O.LONE_MIN
    # the same link marked nofollow passes no ranking: not a bought link
    assert not _lone(src.replace("<a href=\"https://quickpick24", "<a rel=\"nofollow\" href=\"https://quickpick24"))[0]
    # the anchor's words used by the page itself: on its topic
    assert not _lone(src.replace("<h1>Getting", "<h1>Instant logo maker for beekeepers: getting"))[0]
    # linked twice: a site the page relies on, not a one-off insertion
    twice = src.replace("</article>", "<p>Our <a href='https://quickpick24.site/'>logo</a> came from there.</p></article>")
    assert not _lone(twice)[0]


def test_lone_shape_adds_to_a_spam_anchor():
    """A spam anchor to an unrelated ordinary domain, standing alone in the text: the shape
    agrees with the words and lifts the finding to high (no other placement signal)."""
    src = (EX / "bad_lone_keyword_link.html").read_text("utf-8").replace(
        '<strong><a href="https://quickpick24.site/instant-logo-maker">instant logo maker</a></strong>',
        '<a href="https://www.hollowtreeinn.com/go">cheap viagra online</a>')
    findings, feats = run(page_from_text(src, url=BEES, mode="html"))
    top = findings[0]
    assert top.evidence["domain"] == "hollowtreeinn.com" and top.severity == "high"
    assert "placed like an inserted link" in top.message and feats["SEO101.lone_spam_links_log"] > 0
    # the same anchor inside an ordinary paragraph of links is not lone-shaped
    listed = src.replace("<p>See also: <a", "<p>See also the <a href='https://a.example.org/'>guild</a>, the "
                         "<a href='https://b.example.org/'>club</a> and <a")
    findings, feats = run(page_from_text(listed, url=BEES, mode="html"))
    assert feats["SEO101.lone_spam_links_log"] == 0


def _plumber(footer: str):
    return page_from_text(
        "<html><head><title>Okafor Plumbing | Boiler repairs in Wolvercote</title></head><body>"
        "<nav><a href='/services/'>Services</a> <a href='/contact/'>Contact</a></nav>"
        "<main><h1>Reliable plumbing and heating</h1><p>Gas Safe registered engineer covering Wolvercote "
        "and Summertown. Boiler servicing, landlord certificates, leaks and bathroom installs.</p></main>"
        f"<footer><p>&copy; 2026 Okafor Plumbing. <a href='/privacy/'>Privacy</a>{footer}</p></footer></body></html>",
        url="https://www.okaforplumbing.co.uk/", mode="html")


def test_an_off_topic_spam_link_that_ends_the_page_is_placed_like_an_injection():
    page = _plumber(" | <a href='https://rx-pills-direct.com/cialis-online'>cialis 20mg without prescription</a>")
    f = [f for f in O.OfftopicSpamLinks().run(page)[0]][0]
    assert "very top/bottom" in f.message and f.severity == "high"
    # near miss: the same link with the footer's own line after it is placed like chrome
    page = _plumber(" | <a href='https://rx-pills-direct.com/cialis-online'>cialis 20mg without prescription</a>"
                    " | Registered in England, company no. 00000000")
    f = [f for f in O.OfftopicSpamLinks().run(page)[0]][0]
    assert "very top/bottom" not in f.message
    # near miss: a trade body's link ending the page names no spam at all
    page = _plumber(" | <a href='https://www.gassaferegister.co.uk/'>Gas Safe Register</a>")
    assert not O.OfftopicSpamLinks().run(page)[0]


DENTIST = ("Lindenhof Dental Practice\nHome\nTeam\nOpening hours\nOur team welcomes new patients from the whole "
           "valley, and we offer check-ups, hygiene appointments and children's dentistry.\nMonday to Friday "
           "8:00 to 18:00, Saturday by appointment.\n{X}\nLindenstrasse 4, 8000 Zurich\nPhone 044 123 45 67")


@pytest.mark.parametrize("line,found", [
    ("buy instagram followers", True),  # a lone anchor line of a category named nowhere else
    ("online casino", True),
    ("We raised money for the school at the charity online casino night last spring.", False),  # a sentence
    ("Police warn about online casino scams", False),  # discussed
    ("See also: xanax no prescription", True),  # a colon lead-in is fine
    ("Read more about xanax no prescription", True),  # so is link boilerplate
    ("More: order Levitra", True),  # and a seller's word around the phrase
    ("Visit the best payday loans site", True),  # and words that introduce a link
    ("Visit our Lindenhof online casino night", False),  # a name and an event are words of their own
    ("More about online casino regulation", False),  # a headline: the phrase is half of its words
    ("Online casino night for the school fundraiser", False),
    ("xanax", False),  # one weak word: a medicine named once
    ("Our partners: online casino reviews, sports news, weather and the local council", False),  # a list of topics
])
def test_a_lone_spam_line_in_a_text_record_is_what_one_link_leaves(line, found):
    findings, feats = run(page_from_text(DENTIST.replace("{X}", line), mode="text"))
    lone = [f for f in findings if f.id == "SEO102" and "a line holding only" in f.message]
    assert bool(lone) == found and feats.get("SEO102.lone_anchor_foreign", 0.0) == (1.0 if found else 0.0)
    if found:
        assert (lone[0].severity, lone[0].confidence) == ("medium", "low") and lone[0].evidence["offset"] > 0


def test_a_pharmacy_menu_line_is_on_its_topic_and_html_pages_keep_their_links():
    pharmacy = ("Apotheke am Markt\nMedikamente\nRezept einlösen\nOur pharmacy dispenses prescription medicines; "
                "ask our pharmacist about sildenafil, side effects and interactions.\ncheap viagra\nÖffnungszeiten")
    findings, _ = run(page_from_text(pharmacy, mode="text"))
    assert not [f for f in findings if "a line holding only" in f.message]
    html = DENTIST.replace("\n", "<br>").replace("{X}", "buy instagram followers")
    _, feats = run(page_from_text(f"<html><body><p>{html}</p></body></html>"))
    assert feats.get("SEO102.lone_anchor_foreign", 0.0) == 0.0
