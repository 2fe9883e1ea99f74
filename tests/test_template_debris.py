"""Template debris (SEO701-SEO707).

Example files under tests/examples/template_debris/ are written by us: ``bad_*`` show debris
(unrendered Jinja, shortcodes, spintax, placeholders, raw PHP, lorem ipsum, default installs),
``okay_*`` are their look-alikes (template docs with tags in <code>, an Angular app, wiki-style
brackets, regex docs with braces, a review that says "It works!").
"""

from __future__ import annotations

import math

import pytest

from conftest import EXAMPLES, assert_at_least, assert_only_weak, run_detectors, weight
from detector.detectors.template_debris import (DefaultContent, LoremIpsum, Placeholders, RawPhp, Shortcodes,
                                                Spintax, TemplateTags)
from detector.page import page_from_file, page_from_text

DETECTORS = (TemplateTags(), RawPhp(), Shortcodes(), Spintax(), Placeholders(), LoremIpsum(), DefaultContent())
DIR = EXAMPLES / "template_debris"


def run(page):
    return run_detectors(DETECTORS, page)


EXPECT = {
    "bad_unrendered_jinja.html": [("SEO701", "high", "high")],
    "bad_raw_php_config.html": [("SEO702", "critical", "high")],
    "bad_php_widget_fragment.html": [("SEO702", "medium", "medium")],
    "bad_shortcodes.html": [("SEO703", "medium", "high")],
    "bad_spintax.html": [("SEO704", "high", "high")],
    "bad_placeholders.html": [("SEO705", "medium", "high")],
    "bad_lorem_theme_demo.html": [("SEO706", "low", "high")],
    "bad_wordpress_first_post.html": [("SEO707", "medium", "high")],
    "bad_nginx_default.html": [("SEO707", "medium", "high")],
    "okay_template_docs.html": None,
    "okay_angular_app.html": None,
    "okay_wiki_brackets.html": None,
    "okay_regex_docs.html": None,
    "okay_article_it_works.html": None,
    "bad_text_server_tags.txt": [("SEO701", "high", "high")],
    "okay_text_template_primer.txt": None,
    "okay_text_wiki_and_markup.txt": None,
}


def test_every_example_has_an_expectation():
    files = {p.name for p in DIR.iterdir()}
    assert files == set(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_examples(name):
    page = page_from_file(str(DIR / name))
    findings, _ = run(page)
    exp = EXPECT[name]
    if exp is None:
        assert_only_weak(findings)
        return
    for fid, sev, conf in exp:
        fs = [f for f in findings if f.id == fid]
        assert fs, f"{name}: no {fid}; got {[(f.id, f.message) for f in findings]}"
        f = fs[0]
        assert f.kind == "template_debris"
        assert_at_least(f, sev, conf)
        assert f.evidence.get("snippet") and f.evidence.get("count", 0) >= 1


def test_unrendered_title_and_features():
    findings, feats = run(page_from_file(str(DIR / "bad_unrendered_jinja.html")))
    f = next(f for f in findings if f.id == "SEO701")
    assert "title" in f.message
    assert feats["SEO701.in_title"] == 1.0 and feats["SEO701.leak"] == 1.0 and feats["SEO701.client_app"] == 0.0


def test_client_app_and_docs_are_recorded_as_quoted():
    _, feats = run(page_from_file(str(DIR / "okay_angular_app.html")))
    assert feats["SEO701.client_app"] == 1.0 and feats["SEO701.leak"] == 0.0
    findings, feats = run(page_from_file(str(DIR / "okay_template_docs.html")))
    assert feats["SEO701.outside_code"] == 0.0 and feats["SEO701.code_frac"] == 1.0
    assert all(f.evidence.get("in_code") for f in findings if f.id == "SEO701")


def test_raw_php_credentials_and_fragments_differ():
    findings, feats = run(page_from_file(str(DIR / "bad_raw_php_config.html")))
    f = next(f for f in findings if f.id == "SEO702")
    assert f.evidence["secret"] is True and feats["SEO702.at_start"] == 1.0
    findings, feats = run(page_from_file(str(DIR / "bad_php_widget_fragment.html")))
    f = next(f for f in findings if f.id == "SEO702")
    assert f.severity == "medium" and feats["SEO702.secret"] == 0.0 and "fragment" in f.message


def test_escaped_php_in_a_tutorial_is_not_raw_php():
    html = ("<html><head><title>PHP tutorial</title></head><body><pre><code>&lt;?php echo $name; ?&gt;</code></pre>"
            "</body></html>")
    findings, _ = run(page_from_text(html, mode="html"))
    assert not [f for f in findings if f.id == "SEO702"]


def test_spintax_strength():
    one = page_from_text("We sell {good|nice} bread every day in our little bakery by the river.")
    findings, feats = run(one)
    assert all(weight(f) < 0.35 for f in findings if f.id == "SEO704")
    findings, feats = run(page_from_file(str(DIR / "bad_spintax.html")))
    assert feats["SEO704.strong"] == 1.0 and feats["SEO704.options_mean"] > 2


@pytest.mark.parametrize("text", [
    "Prices from {EUR|USD} 20 for {x|y} in math: let f = {a|b}.",  # short non-words / code-ish
    "Use {{ and }} as literal braces; JSON like {\"a\": 1} is fine.",
    "The ratio was 50% OFF and 30% more; email us at info@example.com.",
    "See [1] and [citation needed]; the [edit] link; a [b]bold[/b] move? no.",
    "Lorem is a town; ipsum factum est.",
])
def test_near_misses(text):
    findings, _ = run(page_from_text(text))
    assert all(weight(f) <= 0.16 for f in findings), [(f.id, f.message) for f in findings]


def test_text_record_features_are_nan_where_markup_is_needed():
    _, feats = run(page_from_text("{{ product.name }} costs {{ product.price }}"))
    assert math.isnan(feats["SEO701.client_app"]) and math.isnan(feats["SEO701.in_title"])
    assert feats["SEO701.tags_log1p"] > 0


def test_default_server_page_only_when_it_is_the_whole_page():
    findings, feats = run(page_from_file(str(DIR / "bad_nginx_default.html")))
    assert feats["SEO707.server_default_page"] == 1.0
    long = "Welcome to nginx! " + "We review web servers and explain configuration for beginners. " * 80
    findings, _ = run(page_from_text(long))
    assert not [f for f in findings if f.id == "SEO707"]


def test_features_declared_and_zero_on_clean_page():
    _, feats = run(page_from_text("<html><body><p>Just a page.</p></body></html>", mode="html"))
    assert set(feats) == {f"{d.id}.{n}" for d in DETECTORS for n in d.features}
    assert all(v == 0.0 for v in feats.values())


# --- held-out syntaxes and the context of text records: positives next to near-misses --------

@pytest.mark.parametrize("tag", ["{{#each items}}", "#{headline}", "{!! $content !!}", "[% INCLUDE header.tt %]",
                                 "<%= @post.body %>", "{$smarty.const.SITE_NAME}"])
def test_more_template_syntaxes_are_found(tag):
    from html import escape
    page = page_from_text(f"<html><body><h1>Shop</h1><p>{escape(tag)}</p><p>{{{{ page.title }}}}</p></body></html>",
                          mode="html")
    findings, feats = run(page)
    f = next(f for f in findings if f.id == "SEO701")
    assert feats["SEO701.tags_log1p"] >= math.log1p(2) and weight(f) >= 0.6, f.message


@pytest.mark.parametrize("placeholder", ["[[*pagetitle]]", "[[ footer.links ]]", "$$PRICE$$", "{tag_description}",
                                         "[[first_name]]"])
def test_more_placeholder_shapes(placeholder):
    _, feats = run(page_from_text(f"Our offers this week\n{placeholder}\nOpen Monday to Saturday."))
    assert feats["SEO705.placeholders_log1p"] > 0


@pytest.mark.parametrize("wiki", ["[[Main Page]]", "[[Paris]]", "[[Fix You]]", "[[Category:Bakeries]]"])
def test_wiki_links_are_not_placeholders(wiki):
    _, feats = run(page_from_text(f"See also {wiki} for the history of the town and its bakeries."))
    assert feats["SEO705.placeholders_log1p"] == 0.0


def test_prose_cue_quotes_tags_in_a_text_record():
    quoted = page_from_text("Filters change a value, for example {{ price | money }} and {{ name | upcase }}.")
    findings, feats = run(quoted)
    assert feats["SEO701.cue_frac"] > 0 and all(weight(f) <= 0.16 for f in findings)
    leaked = page_from_text("Garden chairs on sale\n{{ price | money }}\n{{ name | upcase }}\nDelivery in 3 days.")
    findings, feats = run(leaked)
    assert feats["SEO701.cue_frac"] == 0.0 and max(weight(f) for f in findings) >= 0.45 - 1e-9


def test_a_short_heading_quotes_spintax_but_a_form_label_does_not():
    spin = "{best|top|finest} {website|site|portal} for {casino|gambling site|betting house} {article|post|write-up}"
    heading = page_from_text(f"Spintax for writers\nSyntax\n{spin}\nEach group is replaced by one of its options.")
    findings, feats = run(heading)
    assert feats["SEO704.outside_code"] == 0.0 and all(weight(f) <= 0.16 for f in findings)
    # near miss: a newsletter box's label ("Enter your email address") right above leaked spintax
    form = page_from_text(f"Free updates by email\nEnter your email address\nSubscribe\n{spin}\nPosted in News")
    findings, feats = run(form)
    assert feats["SEO704.outside_code"] == 1.0 and max(weight(f) for f in findings) >= 0.45 - 1e-9


_TWIG_DOCS = ("Loops in Twig templates: iterate over a list with the for tag and print each item "
              "with double braces, as the examples below show step by step.")


def test_a_menu_item_named_tags_heads_nothing():
    # near miss first: a real "Template tags" heading over a list of tags quotes them
    docs = page_from_text(f"{_TWIG_DOCS}\nTemplate tags\n{{{{ item.name }}}}\n{{{{ item.price }}}}")
    findings, feats = run(docs)
    assert feats["SEO701.cue_frac"] == 1.0 and all(weight(f) <= 0.16 for f in findings)
    # the last item of a menu ("... Archive / Shop / Tags") is not a heading over what follows it
    menu = page_from_text("Docs\nArchive\nShop\nTags\n{{ item.name }}\n{{ item.price }}\n"
                          "How to clean a hacked site, in five steps that anyone can follow today.")
    findings, feats = run(menu)
    assert feats["SEO701.cue_frac"] == 0.0 and feats["SEO701.outside_code"] == 1.0


def test_debris_in_the_page_chrome_is_a_leak_even_on_a_page_about_templates():
    body = (f"{_TWIG_DOCS}\nFor example, write {{{{ item.name }}}} inside the loop.\n"
            "Twig escapes the output of every variable, so the template stays safe by default.")
    quoted = page_from_text(f"Home\nDocs\nBlog\n{body}\n© 2024 Example Docs")
    findings, feats = run(quoted)
    assert feats["SEO701.tags_log1p"] == 0.0 and all(weight(f) <= 0.16 for f in findings)
    # the footer template printed its own tags after the copyright line
    footer = page_from_text(f"Home\nDocs\nBlog\n{body}\n© 2024 Example Docs\n{{{{ footer.links }}}}\n{{% endblock %}}")
    findings, feats = run(footer)
    assert feats["SEO701.tags_log1p"] == math.log1p(2) and feats["SEO701.leak"] == 1.0
    assert max(weight(f) for f in findings if f.id == "SEO701") >= 0.45 - 1e-9
    # and the header template, between the menu and the first sentence
    header = page_from_text(f"Home\nDocs\nBlog\n{{{{ site.banner }}}}\n{body}\n© 2024 Example Docs")
    findings, feats = run(header)
    assert feats["SEO701.tags_log1p"] == math.log1p(1)
    # near misses: a docs heading that names a tag in a sentence, and a copyright line that the
    # article's text follows, are not chrome
    heading = page_from_text(f"Home\nDocs\nBlog\nUsing {{% for %}} loops in Twig templates\n{body}")
    assert run(heading)[1]["SEO701.tags_log1p"] == 0.0
    licence = page_from_text(f"Home\nDocs\nBlog\n{body}\n© 2024 Example Docs\n{{{{ item.name }}}}\n"
                             "Continue with the next chapter, which explains filters and how to chain them.")
    assert run(licence)[1]["SEO701.tags_log1p"] == 0.0


def test_client_side_app_excuses_mustache_but_not_server_tags():
    app = '<html><body ng-app="shop"><p>{{ item.name }}</p><p>{{ item.price }}</p>EXTRA</body></html>'
    findings, feats = run(page_from_text(app.replace("EXTRA", ""), mode="html"))
    assert feats["SEO701.client_app"] == 1.0 and all(weight(f) <= 0.16 for f in findings)
    findings, feats = run(page_from_text(app.replace("EXTRA", "<p>{% if user %}</p>"), mode="html"))
    assert feats["SEO701.server_only"] == 1.0 and max(weight(f) for f in findings) >= 0.6


def test_mustache_only_text_record_is_capped_below_high_high():
    # a text record cannot show whether {{ }} belong to a client-side app
    findings, _ = run(page_from_text("Latest\n{{ item.title }}\n{{ item.date }}\n{{ item.author }}\nMore news"))
    f = next(f for f in findings if f.id == "SEO701")
    assert (f.severity, f.confidence) == ("high", "medium")


def test_shortcodes_of_several_names_are_high_and_one_is_medium():
    many = page_from_text('<html><body><p>[vc_row][vc_column width="1/2"]Our menu[/vc_column][/vc_row]</p></body></html>',
                          mode="html")
    f = next(f for f in run(many)[0] if f.id == "SEO703")
    assert weight(f) >= 0.6
    one = page_from_text('<html><body><p>Contact us: [contact-form-7 id="12"]</p></body></html>', mode="html")
    f = next(f for f in run(one)[0] if f.id == "SEO703")
    assert 0.16 < weight(f) < 0.6


def test_superglobals_in_lines_of_php_are_quoted_code_not_unfilled_placeholders():
    from detector.detectors.template_debris import Placeholders

    qa = page_from_text(
        "PHP form shows a warning on first load\nMy code:\n$name = $_POST['name'];\n$email = $_POST['email'];\n"
        "Answer: before the form is sent, $_POST['name'] does not exist. Use $name = $_POST['name'] ?? '';\n",
        mode="text")
    fs, feats = Placeholders().run(qa)
    assert fs and all(f.severity == "low" for f in fs) and feats["SEO705.density"] == 0.0
    # near miss: a page that printed the variable instead of its value, in its own prose
    leak = page_from_text("Welcome back, $row['first_name']! Your order $row['order_id'] ships today.\n"
                          "Track it from your account page.", mode="text")
    fs, feats = Placeholders().run(leak)
    assert feats["SEO705.density"] > 0.0



def test_documented_debris_is_not_counted_as_a_leak():
    """A shortcode reference or a spintax tutorial shows its debris on purpose: the counts the
    model reads are 0 there (the finding stays, quoted), while the same debris on a bakery's
    page is counted."""
    from detector.detectors import all_detectors
    from detector.page import page_from_text

    dets = [d for d in all_detectors() if d.id in ("SEO703", "SEO704", "SEO705")]

    def feats(text):
        out = {}
        for d in dets:
            out.update(d.run(page_from_text(text, mode="text"))[1])
        return out

    docs = ("Plugin documentation\nShortcodes\nShortcode reference for developers: insert [booking_form id=\"3\"] "
            "or [booking_calendar] in any page.\nThe email template fills {client_name}, {booking_date} and {booking_time}.\n"
            "Spintax such as {Hello|Hi|Good morning} picks one variant.")
    bakery = ("Riverside Bakery\nFresh bread daily\n[booking_form id=\"3\"] [booking_calendar]\nDear {client_name}, "
              "your order for {booking_date} at {booking_time} is ready.\n{Hello|Hi|Good morning} from the bakery!")
    d, b = feats(docs), feats(bakery)
    for k in ("SEO703.shortcodes_log1p", "SEO705.placeholders_log1p", "SEO704.groups_log1p",
              "SEO703.with_attrs", "SEO704.options_mean", "SEO703.other_debris", "SEO705.other_debris"):
        assert d.get(k, 0.0) == 0.0 and b.get(k, 0.0) > 0.0, k


def test_word_spintax_on_a_programming_page_is_quoted_only_when_the_page_is_about_spinning():
    spin = "{best|top|finest} {website|site|portal} for {casino|gambling site|betting house} {article|post|write-up}"
    trace = ("Fatal error: Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in "
             "/var/www/html/app/db.php:14\nStack trace:\n#0 /var/www/html/app/db.php(14): PDO->__construct()")
    parser = page_from_text(f"PHP error in my spintax parser\nOur function spins text with preg_replace_callback.\n"
                            f"{trace}\n{spin}\nEach group is replaced by one of its options.")
    findings, feats = run(parser)
    assert feats["SEO701.technical"] >= 0.5 and feats["SEO704.outside_code"] == 0.0 and all(weight(f) <= 0.16 for f in findings if f.id == "SEO704")
    # near miss: the same programming page about a database error, with word spintax in it
    bug = page_from_text(f"PHP PDO error: checkout fails after the upgrade\nThe order is not saved and the log shows this.\n"
                         f"{trace}\n{spin}\nI can reproduce it on the main branch.")
    findings, feats = run(bug)
    assert feats["SEO701.technical"] >= 0.5 and feats["SEO704.outside_code"] == 1.0
    assert max(weight(f) for f in findings if f.id == "SEO704") >= 0.45 - 1e-9


def test_an_instruction_to_use_a_tag_quotes_it_but_a_leaked_promo_code_is_not_one():
    docs = page_from_text("Blog\nAbout\nDocs\nTags\nTranslating the interface\n"
                          "Use {{ first_name }} and {{ order.total }} in the email body; unknown fields stay empty.")
    findings, feats = run(docs)
    # both tags share the lead-in "Use": the sentence quotes them, nothing leaked
    assert feats["SEO701.cue_frac"] == 1.0 and feats["SEO701.tags_log1p"] == 0.0 and feats.get("SEO701.leak", 0.0) == 0.0
    promo = page_from_text("Blog\nAbout\nShop\nSummer sale\nUse code {{ promo.code }} at checkout to save 20% on every order.")
    findings, feats = run(promo)
    assert feats["SEO701.cue_frac"] == 0.0 and feats["SEO701.tags_log1p"] > 0
