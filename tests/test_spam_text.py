"""spam_text family (SEO401-SEO406): examples side by side, labelled pages, hard negatives."""

from __future__ import annotations

import math

import pytest

from conftest import CORPUS, EXAMPLES, SEED, corpus_labels, family_score, run_detectors, weight
from detector.detectors import all_detectors
from detector.detectors import spam_text as S
from detector.page import page_from_file, page_from_text

EX = EXAMPLES / "spam_text"
IDS = ("SEO401", "SEO402", "SEO403", "SEO404", "SEO405", "SEO406", "SEO407")
DETECTORS = [d for d in all_detectors() if d.id in IDS]
URLS = {
    "bad_platform_spam.html": "https://best-replica-watches20931.ttblogs.com/post/1",
    "bad_platform_throwaway.html": "http://auto-chains16814.ttblogs.com/2028064/industrial-chains",
    "okay_blog_comments.html": "https://bakingblog.example/sourdough",
}


def run(page):
    return run_detectors(DETECTORS, page)


def example(name):
    return page_from_file(str(EX / name), url=URLS.get(name))


def test_the_family_is_registered():
    assert [d.id for d in DETECTORS] == list(IDS)
    for d in DETECTORS:
        assert d.kind == "spam_text" and d.doc()


# ---------------------------------------------------------------------------- examples
BAD = [
    ("bad_jp_keyword_hack.html", "SEO403", 0.6),
    ("bad_korean_casino_on_german_blog.html", "SEO403", 0.6),
    ("bad_hidden_pharma_on_knitting_blog.html", "SEO401", 0.6),
    ("bad_comment_spam.html", "SEO402", 0.35),
    ("bad_keyword_list.html", "SEO404", 0.26),
    ("bad_word_salad_hidden.html", "SEO405", 0.45),
    ("bad_platform_spam.html", "SEO406", 0.6),
    ("bad_platform_throwaway.html", "SEO406", 0.26),
    ("bad_whole_page_jp_takeover.html", "SEO403", 0.26),
    ("bad_sales_pitch_in_article.txt", "SEO407", 0.6),  # off topic + selling + spam words + repeated
    ("bad_refusal_and_pitch.html", "SEO407", 0.6),  # a chatbot's refusal pasted with a loan pitch
    ("bad_chinese_lines_on_japanese_blog.txt", "SEO407", 0.6),  # Chinese selling lines, Japanese blog
    ("bad_spam_run_at_record_start.txt", "SEO401", 0.05),  # weak alone: the model weighs it  # a record cut just below a loan pitch
]


@pytest.mark.parametrize("name,fid,min_weight", BAD)
def test_bad_examples(name, fid, min_weight):
    findings, _ = run(example(name))
    mine = [f for f in findings if f.id == fid]
    assert mine, [f.message for f in findings]
    best = max(mine, key=weight)
    assert weight(best) >= min_weight - 1e-9, best
    ev = best.evidence
    assert ev.get("where") in ("text", "url") and ev.get("snippet")
    if ev["where"] == "text" and "offset" in ev:
        assert 0 <= ev["offset"] < len(example(name).text)


OKAY = [
    "okay_health_sildenafil.html",  # pharma words on a health page about the drug
    "okay_casino_news.html",  # casino words in a casino news article
    "okay_korean_shop.html",  # Korean text selling things
    "okay_japanese_news.html",  # 激安, 通販, 送料無料, 偽物 in Japanese news
    "okay_lottery_results.html",  # receipt-lottery results
    "okay_blog_comments.html",  # nofollow comment links to personal blogs
    "okay_shop_tag_list.html",  # a shop's comma list of its own products
    "okay_english_quotes_japanese.html",  # Japanese quoted on an English page, with 送料無料
    "okay_prose.html",  # long lower-case prose is not word salad
    "okay_japanese_copy_shop_site.html",  # a whole spam site on its own .jp domain: out of scope
    "okay_sponsored_links.html",  # declared ads (rel=sponsored) mentioning viagra and casinos
    "okay_shop_product_text.txt",  # the same selling cues, about the page's own product
    "okay_chatbot_article.html",  # a chatbot's refusal quoted in an article that sells nothing
    "okay_japanese_shop_list.txt",  # a Japanese shop's own price list with 激安, 送料無料, 最安値
    "okay_loan_guide_text.txt",  # a loan guide: its first lines name loans and the rest goes on
]


def test_a_text_records_head_is_its_topic_only_when_the_rest_agrees():
    from detector.detectors.spam_text import _head_is_topic, analyse

    bad = example("bad_spam_run_at_record_start.txt")
    assert not _head_is_topic(bad) and "loans" not in analyse(bad).topic
    okay = example("okay_loan_guide_text.txt")
    assert _head_is_topic(okay) and "loans" in analyse(okay).topic
    plain = page_from_text("Allotment news\nThe spring open day is in April.", mode="text")
    assert _head_is_topic(plain)  # no spam in the head: nothing to doubt


@pytest.mark.parametrize("name", OKAY)
def test_near_misses_get_nothing(name):
    findings, _ = run(example(name))
    assert findings == [], [f.message for f in findings]


def test_pairs_differ_for_the_right_reason():
    # the same pharma vocabulary: hidden and off-topic on a knitting blog vs visible and on
    # topic on a health page
    _, bad = run(example("bad_hidden_pharma_on_knitting_blog.html"))
    _, ok = run(example("okay_health_sildenafil.html"))
    assert bad["SEO401.hidden_spam_offtopic"] > 0 and ok["SEO401.hidden_spam_offtopic"] == 0
    # densities count off-topic spam only: the health page's own subject weighs nothing
    assert bad["SEO401.pharma"] > 0 and ok["SEO401.pharma"] == 0
    assert ok["SEO401.offtopic_share"] < 0.1  # one weak "counterfeit"
    # Japanese spam on an English page vs Japanese words quoted on an English page
    _, jp = run(example("bad_jp_keyword_hack.html"))
    _, quote = run(example("okay_english_quotes_japanese.html"))
    assert jp["SEO403.foreign_spam"] > quote["SEO403.foreign_spam"]
    assert quote["SEO403.foreign_spam_letters"] == 0


def test_no_feature_encodes_the_page_script():
    # a Korean shop and an English shop with the same (absent) spam get the same features
    _, ko = run(example("okay_korean_shop.html"))
    en_page = page_from_text("<html><head><title>Winter knit cardigan - women's clothing</title></head><body>"
                             "<h1>Winter knit cardigan</h1><p>Soft wool blend, three colours, free delivery. "
                             "Price 29.00</p></body></html>", mode="html")
    f_en, en = run(en_page)
    # SEO407 counts the selling cues each text really has (the Korean one names a sale and a
    # discount price, the English one does not): compared apart, on what must not differ
    pitch = [k for k in ko if k.startswith("SEO407.")]
    assert {k: v for k, v in ko.items() if k not in pitch} == {k: v for k, v in en.items() if k not in pitch}
    assert ko["SEO407.pitch_foreign"] == en["SEO407.pitch_foreign"] == 0.0
    assert not [f for f in f_en if f.id == "SEO407"]


# ---------------------------------------------------------------------------- contract
def test_features_are_declared_and_text_records_get_nan_for_markup():
    p = page_from_text("Knitting circle news\nOur spring meeting is in April, bring your own needles and yarn.\n"
                       "We meet in the library hall every second Tuesday of the month.\n"
                       "New members are welcome, beginners too: we lend needles and teach the basic stitches.\n"
                       "Buy cheap viagra online at http://pills-example.com/viagra and http://a.example/")
    findings, feats = run(p)
    for d in DETECTORS:
        for n in d.features:
            v = feats[f"{d.id}.{n}"]
            if n in d.html_only:
                assert math.isnan(v), (d.id, n)
            else:
                assert not math.isnan(v), (d.id, n)
    assert feats["SEO401.pharma"] > 0 and feats["SEO401.ext_spam_links"] > 0


def test_text_record_with_spam_is_not_a_finding_by_itself():
    # spam words alone, visible, without context: features yes, findings no
    p = page_from_text("Online casino guide. The best online casinos, casino bonus offers and free spins.")
    findings, feats = run(p)
    assert findings == []
    # the record is about casinos: its own subject is no evidence, so no off-topic density
    assert feats["SEO401.gambling"] == 0 and feats["SEO401.offtopic_share"] == 0


def test_seed_text_record():
    p = page_from_file(str(SEED))
    findings, feats = run(p)
    assert not p.is_html
    assert family_score(findings) < 0.4
    assert feats["SEO401.ext_brand_offtopic"] > 0  # the replica-Rolex bare URL


def test_hosting_platform():
    assert S.hosting_platform("auto-door16814.ttblogs.com") == ("ttblogs.com", "auto-door16814")
    assert S.hosting_platform("balkin.blogspot.com") == ("blogspot.com", "balkin")
    assert S.hosting_platform("www.example.com") is None
    assert S.hosting_platform("ttblogs.com") is None


def test_salad_stats_separate_prose_from_word_lists():
    salad = " ".join(["society soon camera hand young exist long reach without spring hit"] * 8)
    prose = " ".join(["it was early in the morning when we left the house and walked to the river"] * 8)
    n, known, fw, distinct, lower = S.salad_stats(salad)
    assert known > 0.9 and fw < 0.1
    assert S.salad_stats(prose)[2] > 0.3


# ---------------------------------------------------------------------------- corpus
def _corpus_page(rel):
    path = CORPUS / rel
    if not path.exists():
        pytest.fail(f"missing corpus page {rel}")
    return page_from_file(str(path))


LABELLED = [r["file"] for r in corpus_labels() if r["label"] == "1" and "spam_text" in r["kinds"]]


def test_labelled_list_is_not_empty():
    assert len(LABELLED) >= 5


@pytest.mark.parametrize("rel", LABELLED)
def test_labelled_spam_text_pages_get_a_finding(shared_dir, rel):
    findings, _ = run(_corpus_page(rel))
    assert any(f.kind == "spam_text" for f in findings), rel


HARD_NEGATIVES = [r["file"] for r in corpus_labels() if r["label"] == "0"]


@pytest.mark.parametrize("rel", HARD_NEGATIVES)
def test_labelled_hard_negatives_stay_below_high(shared_dir, rel):
    findings, _ = run(_corpus_page(rel))
    assert family_score(findings) < 0.3, [(f.id, f.severity, f.confidence, f.message) for f in findings]


SOURCES_NEGATIVES = [
    "pages/aeb/ff0f958ade714ebfaf5c0b42b1c0152a62063f4e6f72141406ccefc4a2677f21.html",
    "pages/aeb/c4a3637c6696f238cf9fe1c7fbb17bbb6731a71d4f5fe399b9b4fc3294a96a6b.html",
    *[f"pages/autopager/{n}.html" for n in (16, 17, 18, 19, 169, 170, 171)],
    "pages/htmldate/test_set__1602142656.html",  # Mirror "Sports Betting & Casino" navigation
    "pages/htmldate/test_set__1643960841.html",  # Sun-Times "Casinos & Gambling"
    "pages/htmldate/eval__scotsman.com-Humza.html",
    "pages/htmldate/eval__cryptomonday.de-Experte.html",
    "pages/trafilatura/eval__goodnight.at.konzert.html",
    "pages/trafilatura/eval__smava.de.privatkredit.html",
    "pages/trafilatura/eval__healthline.com.fat.html",
    "pages/trafilatura/eval__omeda.de-paxlovid.html",
    "pages/readability/buzzfeed-1.html",
]


@pytest.mark.parametrize("rel", SOURCES_NEGATIVES)
def test_sources_hard_negatives_stay_low(shared_dir, rel):
    path = CORPUS / rel
    if not path.exists():
        matches = list((CORPUS / rel).parent.glob(path.name.split(".")[0] + "*"))
        if not matches:
            pytest.skip(f"{rel} not in this corpus copy")
        path = matches[0]
    findings, _ = run(page_from_file(str(path)))
    assert family_score(findings) < 0.3, [(f.id, f.message) for f in findings]


def test_chinese_portals_with_lottery_navigation_stay_low(shared_dir):
    pages = sorted((CORPUS / "pages" / "gne").glob("*.html"))
    assert pages
    for path in pages:
        findings, _ = run(page_from_file(str(path)))
        assert family_score(findings) < 0.3, (path.name, [(f.id, f.message) for f in findings])


def test_shop_pages_for_watches_and_luxury_stay_low(shared_dir):
    for path in sorted((CORPUS / "pages" / "zyte-product").glob("*.html"))[:200]:
        findings, _ = run(page_from_file(str(path)))
        assert family_score(findings) < 0.3, (path.name, [(f.id, f.message) for f in findings])


def test_hidden_block_of_search_url_spam_is_high(shared_dir):
    # the udn.com forum post: a 1px block of links to other sites' search pages whose
    # percent-encoded queries advertise Korean massage parlours, around word salad
    findings, feats = run(_corpus_page("pages/htmldate/test_set__1580240354.html"))
    by_id = {f.id: f for f in findings}
    assert weight(by_id["SEO401"]) >= 0.6 and by_id["SEO401"].evidence["hiding"]
    assert "SEO405" in by_id
    assert feats["SEO401.hidden_spam_links"] > 0


def test_text_records():
    # a WET-style record: an English article with a pasted pharma paragraph and links
    body = ("The city council approved the new bus routes on Monday after a long debate about "
            "funding and schedules. Residents will be able to comment until May. ") * 6
    spam = ("Buy cheap viagra online http://pills-example.com/buy-viagra cialis without prescription "
            "http://meds-example.net/cialis order viagra, canadian pharmacy")
    p = page_from_text(body + spam, url="https://citynews.example/bus-routes")
    findings, feats = run(p)
    seo401 = [f for f in findings if f.id == "SEO401"]
    assert seo401 and seo401[0].confidence == "medium" and seo401[0].evidence["links"] == 2
    assert family_score(findings) < 0.6  # visible words and links alone never reach high
    # the same words on a pharmacy's own page are on topic
    p2 = page_from_text("Canadian pharmacy: " + spam, url="https://pharmacy-example.com/viagra")
    assert [f for f in run(p2)[0] if f.id == "SEO401"] == []
    # a foreign-script block in a text record
    p3 = page_from_text(body + "온라인카지노 추천 바카라사이트 안전놀이터 먹튀검증 카지노사이트 가입머니 슬롯사이트 " * 2 + body)
    assert any(f.id == "SEO403" for f in run(p3)[0])


def test_family_patterns_stay_linear():
    import time

    from detector.patterns import REGISTRY

    names = [n for n in REGISTRY if n.startswith("SEO40")]
    assert len(names) >= 6
    for name in names:
        p = REGISTRY[name]
        for s in (p.worst_case * 20000, "a-" * 20000, "\n" * 40000, "ab, " * 10000):
            t = time.perf_counter()
            list(p.regex.finditer(s))
            assert time.perf_counter() - t < 2.0, name


# ---------------------------------------------------------------------------- SEO407
def test_sales_pitch_pairs_differ_for_the_right_reason():
    _, bad = run(example("bad_sales_pitch_in_article.txt"))
    _, ok = run(example("okay_shop_product_text.txt"))
    # both sell; only the pasted pitch is off its page's topic and agrees with spam words
    assert bad["SEO407.pitch_commercial"] > 0 and ok["SEO407.pitch_commercial"] > 0
    assert bad["SEO407.pitch_offtopic"] > 0 and ok["SEO407.pitch_offtopic"] == 0
    assert bad["SEO407.pitch_spam"] > 0 and ok["SEO407.pitch_spam"] == 0
    # a chatbot refusal: with a pitch next to it, or quoted in an article that sells nothing
    _, ai_bad = run(example("bad_refusal_and_pitch.html"))
    _, ai_ok = run(example("okay_chatbot_article.html"))
    assert ai_bad["SEO407.pitch_ai"] == 1.0 and ai_ok["SEO407.pitch_commercial"] == 0
    # another language's selling lines on a blog vs a shop's own price list in its language
    _, zh = run(example("bad_chinese_lines_on_japanese_blog.txt"))
    _, ja = run(example("okay_japanese_shop_list.txt"))
    assert zh["SEO407.pitch_foreign"] == 1.0 and ja["SEO407.pitch_foreign"] == 0.0


def _article(pitch: str) -> str:
    body = ("The county fair opens on Friday with the usual cattle show, a brass band and the pie contest. "
            "Parking is free in the field behind the church, and buses run from the station every hour. ")
    return body * 4 + "\n" + pitch + "\n" + body * 2


def test_sales_pitch_needs_agreement():
    # the same pasted pitch: with spam vocabulary it is high; selling words alone stay low
    spam = "Buy replica watches online: cheapest prices, free shipping and a 60% discount, order now."
    plain = "Buy garden chairs online: cheapest prices, free shipping and a 60% discount, order now."
    f_spam = [f for f in run(page_from_text(_article(spam)))[0] if f.id == "SEO407"]
    f_plain = [f for f in run(page_from_text(_article(plain)))[0] if f.id == "SEO407"]
    assert f_spam and weight(f_spam[0]) >= 0.6 and f_spam[0].evidence["offset"] >= 0
    assert all(weight(f) < 0.3 for f in f_plain)
    # one selling word is not a pitch (and the page is not even scanned for cues)
    one = [f for f in run(page_from_text(_article("Tickets are cheap this year.")))[0] if f.id == "SEO407"]
    assert one == []


def test_sales_pitch_scans_only_gated_pages(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("cue scan ran on a page without two strong cues")

    monkeypatch.setattr(S, "sales_cue_hits", boom)
    findings, feats = run(page_from_text(_article("Entry is free for children.")))
    assert feats["SEO407.pitch_commercial"] == 0.0 and feats["SEO407.pitch_overlap"] == 1.0


def test_sales_cue_hits_are_word_bounded_and_multilingual():
    hits = {c for _, _, c, _ in S.sales_cue_hits("Wholesaler discounted; günstig kaufen; 激安通販; скидка 20%")}
    assert {"discounted", "günstig", "激安", "通販", "скидка"} <= hits
    assert "sale" not in hits  # not inside "Wholesaler"
    assert S._marks("only $49 or 49 € and -70% off, 24/7", 0, 40)


def test_a_lone_off_topic_spam_phrase_is_weak_visible_evidence():
    from detector.page import page_from_text

    garden = ("Our tomatoes ripened late this year; the compost and the rain helped the beans. "
              "The squash is next on the list for the autumn beds, then the leeks and the garlic, "
              "which we plant in October. See also: buy cheap viagra. Mulch keeps the soil warm.")
    findings, _ = run(page_from_text(garden, url="https://gardening.example/notes", mode="text"))
    f = [x for x in findings if x.id == "SEO401"]
    assert f and (f[0].severity, f[0].confidence) == ("low", "low") and "cheap viagra" in f[0].message
    assert garden[f[0].evidence["offset"]:].startswith("cheap viagra")
    health = ("Viagra and sildenafil: how erectile dysfunction drugs work, their side effects, and "
              "why you should not buy cheap viagra from unknown pharmacies. Ask your doctor first.")
    findings, _ = run(page_from_text(health, url="https://health.example/ed-drugs", mode="text"))
    assert not [x for x in findings if x.id == "SEO401"]


def test_spam_named_in_a_sentence_about_spam_is_discussed_not_evidence():
    from detector.page import page_from_text

    article = ("Our tomatoes ripened late this year; the compost and the rain helped the beans. "
               "The squash is next on the list for the autumn beds, then the leeks and the garlic, "
               "which we plant in October. A reader asked why her gardening forum filled up with "
               "spammers posting links to cheap viagra; the moderators removed them.")
    findings, _ = run(page_from_text(article, url="https://gardening.example/notes", mode="text"))
    assert not [x for x in findings if x.id == "SEO401"]


def test_a_thread_titled_with_a_spam_term_is_about_it_when_the_rest_talks_of_its_subject():
    from detector.detectors.spam_text import topic_categories

    thread = page_from_text(
        "MoneyTalk Forums\nPayday loans - I took six and I'm drowning\nI took one payday loan for a car repair, "
        "then another to pay the first back. Every payday my wages go on repayments.\n"
        "Reply: ring a free debt charity; they will write to each lender for you and stop the bank "
        "taking your whole wage. Complain about unaffordable lending too.\n" * 2, mode="text")
    assert "loans" in topic_categories(thread)[0]
    # near miss: the same words pasted above a gardening article stay off its topic
    pasted = page_from_text(
        "Payday loans fast, payday loan no credit check, instant approval today\n"
        "Growing tomatoes in pots\nPick a sunny spot, water every morning and feed weekly once the first "
        "flowers appear. Pinch out side shoots and tie the stems to a cane as they grow.\n" * 2, mode="text")
    assert "loans" not in topic_categories(pasted)[0]


def test_bought_followers_and_backlinks_are_spam_off_topic_and_words_on_a_marketing_page():
    """Fake engagement (followers, likes, reviews) and link selling are spam categories of their
    own: a bakery's record with a pasted "buy instagram followers" line is off topic, while a
    social-media agency page that warns against bought followers names them on its own topic."""
    bakery = ("Riverside Bakery\nHome\nMenu\nOur sourdough is baked every morning with organic flour from the "
              "valley mill, and the café serves soup at lunchtime.\nOrders for birthday cakes need two days notice; "
              "call the shop or ask at the counter.\nbuy instagram followers\nWe also bake for weddings and office "
              "breakfasts, and deliver in town on Fridays.\nContact us")
    findings, feats = run(page_from_text(bakery, mode="text"))
    f = [x for x in findings if x.id == "SEO401"]
    assert f and "engagement" in f[0].message and feats["SEO401.engagement"] > 0
    agency = ("Grow Digital\nSocial media marketing agency\nWe help brands grow real engagement on Instagram and "
              "TikTok. We never buy followers: bought instagram followers hurt your reach and your reputation.\n"
              "Our SEO team earns backlinks through outreach, not from a smm panel.\nCase studies\nContact")
    findings, feats = run(page_from_text(agency, mode="text"))
    assert not [x for x in findings if x.id == "SEO401"] and feats["SEO401.engagement"] == 0
