"""parasite_page family (SEO501-SEO503): examples side by side, the labelled platform page,
hard negatives, and pages without any identity."""

from __future__ import annotations

import math

import pytest

from conftest import CORPUS, EXAMPLES, SEED, run_detectors
from detector.detectors import parasite as P
from detector.page import page_from_file, page_from_text
from detector.scoring import CONFIDENCE_WEIGHT, SEVERITY_WEIGHT
from detector.topic import text_site_name

EX = EXAMPLES / "parasite"
OEX = EXAMPLES / "offtopic_links"
DETECTORS = [P.ContentIdentityMismatch(), P.PlatformSpamPage(), P.DoorwayUrl()]

# example -> (URL, ids that must fire, family score must be at least / at most)
CASES = {
    EX / "bad_charity_casino_guide.html": (
        "https://www.hopeforchildren.org/wp-content/uploads/2023/06/best-online-casino-bonus-codes-no-deposit.html",
        {"SEO501", "SEO503"}, 0.4, 1.0),
    EX / "bad_university_pharma.html": (
        "https://www.physics.northfield-university.edu/~jsmith/buy-cheap-viagra-online-no-prescription.html",
        {"SEO501", "SEO503"}, 0.4, 1.0),
    EX / "bad_platform_spam_blog.html": (
        "http://cheap-meds4821.blogspot.com/2024/01/buy-cialis-online.html", {"SEO502"}, 0.6, 1.0),
    EX / "bad_platform_backlink_post.html": (
        "http://plumbing-pros55123.blogzet.com/2028170/emergency-plumbing-services", {"SEO502"}, 0.45, 1.0),
    EX / "okay_news_lottery.html": (
        "https://www.dailytribune.com/news/2024/lottery-jackpot-winner-claims-prize", set(), 0.0, 0.0),
    EX / "okay_platform_knitting_blog.html": (
        "https://purlandplain.blogspot.com/2024/01/cabled-mittens.html", set(), 0.0, 0.0),
    # a whole spam site on its own casino-named domain: out of scope, not a parasite
    OEX / "okay_casino_affiliate_site.html": (
        "https://www.casinoreviewhub.com/best-online-casinos/", set(), 0.0, 0.0),
    OEX / "okay_casino_affiliate_site.html#nourl": (None, set(), 0.0, 0.0),
    OEX / "okay_watch_blog_rolex.html": ("https://thewatchdesk.com/reviews/submariner/", set(), 0.0, 0.0),
}


def run(page):
    return run_detectors(DETECTORS, page)


def family_score(findings) -> float:
    best: dict[str, float] = {}
    for f in findings:
        best[f.id] = max(best.get(f.id, 0.0), SEVERITY_WEIGHT[f.severity] * CONFIDENCE_WEIGHT[f.confidence])
    keep = 1.0
    for w in best.values():
        keep *= 1.0 - w
    return 1.0 - keep


def test_examples_present():
    files = {p.name for p in EX.iterdir() if p.suffix == ".html"}
    assert files == {p.name for p in CASES if p.parent == EX}


@pytest.mark.parametrize("path", sorted(CASES), ids=lambda p: p.name)
def test_example(path):
    url, ids, lo, hi = CASES[path]
    page = page_from_file(str(path).split("#")[0], url=url)
    findings, feats = run(page)
    got = {f.id for f in findings}
    assert ids <= got, [(f.id, f.message) for f in findings]
    if not ids:
        assert not got, [(f.id, f.message) for f in findings]
    score = family_score(findings)
    assert lo <= score <= hi + 1e-9, [(f.id, f.severity, f.confidence, f.message) for f in findings]
    for f in findings:
        assert f.kind == "parasite_page"
        assert f.evidence["identity"] in ("url", "canonical", "inferred")
        assert f.evidence["url"] == url


def test_mismatch_features_on_the_charity_page():
    url, *_ = CASES[EX / "bad_charity_casino_guide.html"]
    _, feats = run(page_from_file(str(EX / "bad_charity_casino_guide.html"), url=url))
    assert feats["SEO501.mismatch"] == 1.0
    assert feats["SEO501.identity_spam"] == 0.0
    assert feats["SEO501.identity_known"] == 1.0
    assert feats["SEO501.upload_dir"] == 1.0
    assert feats["SEO503.slug_spam"] == 1.0 and feats["SEO503.slug_words"] >= 4


def test_same_content_on_a_casino_domain_is_a_whole_spam_site():
    """The mismatch, not the spam, makes a parasite: the same guide on a casino domain is quiet."""
    page = page_from_file(str(EX / "bad_charity_casino_guide.html"),
                          url="https://www.bestcasinobonus.com/best-online-casino-bonus-codes-no-deposit.html")
    findings, feats = run(page)
    assert not findings
    assert feats["SEO501.identity_spam"] == 1.0


def test_platform_detection():
    assert P.platform_of("cheap-meds4821.blogspot.com") == "blogspot.com"
    assert P.platform_of("foo.github.io") == "github.io"
    assert P.platform_of("bucket.s3.amazonaws.com") == "s3.amazonaws.com"
    assert P.platform_of("someone.wordpress.com") == "wordpress.com"
    assert P.platform_of("www.wordpress.com") == ""
    assert P.platform_of("www.bbc.co.uk") == ""


def test_labelled_platform_throwaway_blog(shared_dir):
    """ttblogs.com throwaway subdomain (auto-door16814): a backlink post beside a sibling farm."""
    page = page_from_file(str(CORPUS / "pages/htmldate/test_set__1799801548.html"))
    findings, feats = run(page)
    hits = [f for f in findings if f.id == "SEO502"]
    assert hits and hits[0].severity == "high"
    assert "auto-door16814" in hits[0].message
    assert feats["SEO502.generated_user_label"] == 1.0
    assert feats["SEO502.sibling_subdomains_log"] > math.log1p(5)


DOORWAY_ON_CLINIC = (
    "Online casino bonus ranking 2026: best real money casino sites - Aoba Dental Clinic\n"
    "Home\nTreatments\nOnline casino bonus ranking 2026\n"
    "Best online casinos with a no deposit bonus and free spins. Online casino real money, casino bonus codes.\n"
    "1. Lucky Sakura casino: no deposit bonus 30 dollars, sign up now\n2. Golden Dragon: casino bonus 200%\n"
    "Is online casino legal? Play slots online with a casino bonus today.\n"
    "online casino, no deposit bonus, free spins, real money casino, best online casino\n"
    "Aoba Dental Clinic | general, paediatric and orthodontic dentistry")


def test_a_text_record_without_url_names_its_site_at_both_ends():
    """No URL: the site's name is a piece of a top line that its footer repeats. A casino page
    under a dental clinic's header and footer is off that identity; the same page whose name
    at both ends is a casino's is a whole spam site's (out of scope), and says nothing."""
    page = page_from_text(DOORWAY_ON_CLINIC, mode="text")
    assert text_site_name(page) == "Aoba Dental Clinic"
    findings, feats = run(page)
    hit = [f for f in findings if f.id == "SEO501"]
    assert hit and "Aoba Dental Clinic" in hit[0].message and feats["SEO501.mismatch"] == 1.0
    assert feats["SEO501.identity_known"] == 0.25
    own = page_from_text(DOORWAY_ON_CLINIC.replace("Aoba Dental Clinic", "Lucky Casino Guide"), mode="text")
    assert text_site_name(own) == "Lucky Casino Guide"
    assert not [f for f in run(own)[0] if f.id == "SEO501"]
    # near miss: a newspaper's story on a casino fine, under its own name, sells nothing
    news = ("Regulator fines online casino operator - Harbour Daily\nHome\nNews\nSport\n"
            "The gambling commission fined an online casino operator for letting self-excluded players open accounts. "
            "The online casino had offered a no deposit bonus and free spins to returning players, the regulator said.\n"
            "The operator said it had changed its online casino checks.\nWeather\nHarbour Daily | local news since 1881")
    assert text_site_name(page_from_text(news, mode="text")) == "Harbour Daily"
    assert not [f for f in run(page_from_text(news, mode="text"))[0] if f.id == "SEO501"]
    # near miss: a URL or an address repeated at both ends is not a name
    assert text_site_name(page_from_text("https://shop.example/x\nHello there\nMore text here\nhttps://shop.example/x",
                                         mode="text")) == ""


def test_seed_has_no_identity():
    """A text record without a URL, whose only repeated piece is a spam address: no identity,
    no parasite finding, identity features 0."""
    findings, feats = run(page_from_text(SEED.read_text("utf-8")))
    assert not findings
    assert feats["SEO501.identity_known"] == 0.0
    assert math.isnan(feats["SEO501.no_site_nav"])


HARD_NEGATIVES = [
    "pages/l3s-gn1/708163a2-f724-42cc-bb00-e578f1aebd3b.html",
    "pages/htmldate/eval__Coincierge.de-Bitcoin-Blog.html",
    "pages/trafilatura/eval__antary.de.wireshark.html",
    "pages/htmldate/test_set__1564888577.html",
    "pages/zyte-product/36dbaefc4b2a95d7bafef92f74fcd2e80bd631774dda813450317a496919a09a.html",
    "pages/dragnet/T71.html",
]


@pytest.mark.parametrize("rel", HARD_NEGATIVES)
def test_hard_negative_is_not_a_parasite(shared_dir, rel):
    findings, _ = run(page_from_file(str(CORPUS / rel)))
    assert family_score(findings) < 0.4, [(f.id, f.message) for f in findings]


@pytest.mark.parametrize("folder", ["gne", "autopager", "zyte-product"])
def test_portals_and_shops_are_not_parasites(shared_dir, folder):
    for path in sorted((CORPUS / "pages" / folder).glob("*.html")):
        findings, _ = run(page_from_file(str(path)))
        assert family_score(findings) < 0.6, (path.name, [(f.id, f.message) for f in findings])


SPAM_BODY = ("<p>Buy cheap viagra online, cialis without prescription, best price viagra. "
             "Order generic viagra online today, cheap cialis, viagra online pharmacy.</p>") * 3


def _platform_page(label: str, body: str) -> object:
    html = f"<html><head><title>Cheap viagra online</title></head><body><h1>Buy viagra online</h1>{body}</body></html>"
    return page_from_text(html, url=f"https://{label}.blogspot.com/2024/01/post.html")


def test_a_user_name_that_spells_spam_is_doorway_shape():
    findings, feats = run(_platform_page("buyviagraonline", SPAM_BODY))
    f = [x for x in findings if x.id == "SEO502"]
    assert f and f[0].severity == "high" and "spells pharma" in f[0].message
    assert feats["SEO502.label_spam"] == 1.0


def test_spam_on_an_ordinary_user_name_is_only_weak_evidence():
    findings, feats = run(_platform_page("marthaknits", SPAM_BODY))
    f = [x for x in findings if x.id == "SEO502"]
    assert f and (f[0].severity, f[0].confidence) == ("medium", "low")
    assert feats["SEO502.label_spam"] == 0.0 and feats["SEO502.platform_spam"] == 1.0


def test_an_ordinary_blog_on_a_platform_has_no_finding():
    body = "<p>Today I finished the blue scarf for my granddaughter; the pattern is below.</p>" * 3
    html = f"<html><head><title>Knitting notes</title></head><body><h1>Blue scarf</h1>{body}</body></html>"
    findings, _ = run(page_from_text(html, url="https://marthaknits.blogspot.com/2024/01/scarf.html"))
    assert not [x for x in findings if x.id == "SEO502"]


def test_a_long_article_slug_is_no_doorway_signal():
    """Slug length counts only for a slug that names spam: a news article's long slug says
    nothing about a planted page (the model had learned long slugs as a sign of innocence)."""
    news = page_from_text("Council approves new cycle lanes on the high street after a long consultation",
                          mode="text", url="https://news.example/local/council-approves-new-cycle-lanes-high-street")
    door = page_from_text("Buy cheap viagra online no prescription", mode="text",
                          url="https://charity.example/wp-content/uploads/buy-cheap-viagra-online-no-prescription.html")
    assert run(news)[1]["SEO503.slug_words"] == 0.0
    assert run(door)[1]["SEO503.slug_words"] >= 5
