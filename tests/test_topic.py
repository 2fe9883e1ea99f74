"""detector.topic: words, stems, topic vectors, site identity, URL words, spam categories."""

from __future__ import annotations

from detector.page import page_from_text
from detector.topic import (
    Topic,
    host_words,
    identity_host,
    is_common_host,
    page_topic,
    path_words,
    similarity,
    site_identity,
    spam_categories,
    stem,
    text_categories,
    texts_categories,
    title_site_part,
    words,
)


def html(body: str, head: str = "", url: str | None = None):
    return page_from_text(f"<html><head>{head}</head><body>{body}</body></html>", url=url, mode="html")


def test_words_drop_stopwords_and_short_words():
    assert words("The Rolex and the Omega are on my wrist") == ["rolex", "omega", "wrist"]


def test_words_no_space_scripts_become_bigrams():
    assert words("六合彩") == ["六合", "合彩"]
    assert "ผล" in words("ผลิต")


def test_stem_meets_plural_and_family_words():
    assert stem("casinos") == stem("casino")
    assert stem("pharmacy") == stem("pharmaceutical") == stem("Pharma")


def test_similarity():
    a, b, c = Topic(), Topic(), Topic()
    a.add(["knitting", "wool", "mittens"])
    b.add(["knitting", "wool", "needles"])
    c.add(["casino", "bonus", "slots"])
    assert similarity(a, b) > 0.5
    assert similarity(a, c) == 0.0
    assert similarity(a, Topic()) == 0.0


def test_overlap_min_weight_ignores_words_seen_once():
    t = Topic()
    t.add(["mittens"], 3.0)
    t.add(["cialis"])
    assert t.overlap(["mittens"], min_weight=1.5) == 1.0
    assert t.overlap(["cialis"], min_weight=1.5) == 0.0
    assert t.overlap(["cialis"]) == 1.0


def test_host_words_segments_only_spammy_labels():
    assert "rolex" in host_words("www.high-endrolex.com")
    assert spam_categories(host_words("www.bestonlinecasinos777.org")) == {"gambling": ["casinos"]}
    assert host_words("www.hopeforchildren.org") == ("hopeforchildren",)
    assert host_words("") == ()


def test_path_words_decode_and_segment():
    ws = path_words("http://x.com/buy-cheap-viagra-online.html?q=%EC%98%A4%ED%94%BC")
    assert "viagra" in ws and "cheap" in ws
    assert "오피" in ws
    assert path_words("http://x.com") == []


def test_spam_categories_of_words():
    cats = spam_categories(["high", "end", "rolex", "pharmacy", "casinos"])
    assert cats["counterfeit"] == ["rolex"]
    assert cats["pharma"] == ["pharmacy"]
    assert cats["gambling"] == ["casinos"]
    assert spam_categories(["knitting", "wool"]) == {}


def test_text_categories_counts_terms_once():
    cats = text_categories("Buy Cialis online, cheap viagra! The online casino, 六合彩.")
    assert cats["pharma"] == ["buy cialis", "cheap viagra"]
    assert "online casino" in cats["gambling"] and "六合彩" in cats["gambling"]
    assert text_categories("A quiet walk by the river.") == {}


def test_texts_categories_only_returns_anchors_that_name_spam():
    out = texts_categories(["About us", "buy cialis online", "Contact", "六合彩开奖"])
    assert set(out) == {1, 3}
    assert "pharma" in out[1] and "gambling" in out[3]


def test_common_hosts():
    assert is_common_host("facebook.com") and not is_common_host("blogspot.com")


def test_page_topic_uses_title_headings_and_text_not_hidden_blocks():
    p = html("<h1>Cabled mittens</h1><p>Knit the cable panel with merino wool, then block the mittens.</p>"
             '<div style="display:none">best online casinos best online casinos best online casinos</div>',
             "<title>Cabled mittens | Purl</title>")
    t = page_topic(p)
    assert stem("mittens") in t and stem("wool") in t
    assert stem("casinos") not in t
    assert "title" in t.sources and "headings" in t.sources


def test_site_identity_basis_and_sources():
    p = html('<a href="/patterns/">Patterns</a><a href="/yarn/">Yarn reviews</a>',
             '<title>Cabled mittens | Purl and Plain</title><meta property="og:site_name" content="Purl and Plain">',
             url="https://purlandplain.com/2024/mittens/")
    ident = site_identity(p)
    assert ident.basis == "url" and ident.host == "purlandplain.com"
    assert stem("patterns") in ident and stem("plain") in ident
    assert "og:site_name" in ident.sources and "internal link anchors" in ident.sources


def test_site_identity_of_a_text_record_without_url_is_empty():
    p = page_from_text("A text record https://www.high-endrolex.com/33 with a link")
    assert identity_host(p) == ("", "none")
    assert not site_identity(p)


def test_title_site_part_must_agree_with_the_host():
    p = html("", "<title>Best online casino bonus - no deposit casino bonus</title>",
             url="https://www.hopeforchildren.org/x.html")
    assert title_site_part(p) == ""
    q = html("", "<title>Storm warning | Coastal Herald</title>", url="https://www.coastalherald.com/n")
    assert title_site_part(q) == "Coastal Herald"


def test_thai_terms_match_with_their_vowel_and_tone_marks():
    # Thai writes vowels and tones as combining marks (not word characters): a term such as
    # สล็อตเว็บตรง must still be found in a title that spells it with its marks
    assert text_categories("สล็อตเว็บตรง แตกง่าย ฝากถอนไม่มีขั้นต่ำ").get("gambling")
    # near miss: a Thai logistics page names no spam category
    assert text_categories("บริการขนส่งสินค้าระหว่างประเทศ ตรงเวลา ปลอดภัย") == {}


def test_identity_leaves_out_a_doorway_s_links_to_its_fellow_doorways():
    nav = ('<nav><a href="/">Home</a> <a href="/services/">Dental implants</a> '
           '<a href="/contact/">Contact the clinic</a></nav>')
    doorways = "".join(f'<a href="/wp-content/uploads/cache/?p=replica-{i}">replica watches {i}</a>'
                       for i in range(5))
    siblings = "".join(f'<a href="/shop/?p={i}">cheap replica bags {i}</a>' for i in range(5))
    page = html(nav + doorways + siblings, url="https://www.example-clinic.com/shop/?p=7")
    ident = site_identity(page)
    assert "denta" in ident.bag and "impla" in ident.bag  # the site's own menu still counts
    assert not any(w.startswith("repli") for w in ident.bag)
    # the same links on an ordinary page (not the page's own path) are still navigation
    page = html(nav + siblings, url="https://www.example-clinic.com/about/")
    assert any(w.startswith("repli") for w in site_identity(page).bag)
