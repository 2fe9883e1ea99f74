"""Shown on purpose or leaked / sold? The context signals that tell a page *about* errors,
templates or spam from a page that leaks or carries them (issue 3: precision on pages nobody
tuned against). Each case is a pair written by us: the same evidence, quoted and leaked.
"""

from __future__ import annotations

from detector.context import about_attacks, about_spam, discussed, spam_discussed
from detector.detectors import all_detectors
from detector.page import page_from_text
from detector.training.train import monotone_direction

DETECTORS = {d.id: d for d in all_detectors()}

WARNING = "Warning: Undefined variable $total in /home/shopadm/public_html/cart.php on line 31"


def findings(page, *ids):
    out = []
    for i in ids:
        out.extend(DETECTORS[i].run(page)[0])
    return out


def grades(page, *ids):
    return {(f.id, f.severity, f.confidence) for f in findings(page, *ids)}


# ------------------------------------------------------------------ server errors, text records
def test_a_sentence_ending_in_a_colon_introduces_the_error():
    quoted = page_from_text("Cart total shows nothing\nSince we moved to the new host the cart page prints this at the top:\n"
                            f"{WARNING}\nWhat should I check first?", mode="text")
    leaked = page_from_text(f"Fresh bread every morning\n{WARNING}\nOur bakery opens at seven.\n"
                            "Order cakes two days ahead.", mode="text")
    assert grades(quoted, "SEO601") == {("SEO601", "low", "low")}
    assert ("SEO601", "low", "low") not in grades(leaked, "SEO601") and findings(leaked, "SEO601")


def test_a_form_label_does_not_introduce_anything():
    leaked = page_from_text(f"Contact the town hall\nYour name:\n{WARNING}\nOpening hours Monday to Friday", mode="text")
    assert findings(leaked, "SEO601")[0].severity != "low"


def test_a_stack_trace_heading_introduces_the_trace_but_not_php_own_label():
    issue = page_from_text("Crash in the nightly import\nThe job stops when a statement has no currency.\nStack trace\n"
                           "java.lang.NullPointerException: code is null\n"
                           "\tat org.example.ledger.Resolver.resolve(Resolver.java:58)\n"
                           "\tat org.example.ledger.Job.run(Job.java:120)\n"
                           "\tat java.base/java.lang.Thread.run(Thread.java:833)\nAny idea?", mode="text")
    leak = page_from_text("Welcome to our shop\nFatal error: Uncaught Exception: no stock in /var/www/shop/cart.php:12\n"
                          "Stack trace:\n#0 /var/www/shop/index.php(4): cart()\n#1 {main}\n"
                          "  thrown in /var/www/shop/cart.php on line 12\nNew arrivals every week", mode="text")
    assert all(f.severity == "low" for f in findings(issue, "SEO603"))
    assert findings(leak, "SEO601") and all(f.severity != "low" for f in findings(leak, "SEO601"))


def test_a_question_title_quotes_its_error_and_so_does_its_repeat():
    page = page_from_text(f"Questions\n{WARNING} after the upgrade - how do I fix it?\nAsked 2 years ago\n"
                          f"After the upgrade the cart prints this:\n{WARNING}\nThanks!", mode="text")
    assert grades(page, "SEO601") == {("SEO601", "low", "low")}
    _, feats = DETECTORS["SEO601"].run(page)
    assert feats["SEO601.hits_log1p"] == 0 and feats["SEO601.outside_code"] == 0


# ------------------------------------------------------------------ spam discussed, not sold
ARTICLE = ("Signs your site was hacked\nLast month attackers injected a hidden block into our client's footer.\n"
           "It held forty links with anchors such as \"cheap viagra online\", \"best online casino bonus\" and "
           "\"buy replica watches\", pointing to domains registered a week earlier.\n"
           "We restored the theme from a backup and changed every password.\n"
           "Check your own footer in the page source, and update plugins every week.")
PASTED = ("Spring fair at the allotments\nThe spring fair opens on Saturday with seedlings, jam and a brass band.\n"
          "Children can plant sunflowers at the family stand, and the cafe sells cakes all day.\n"
          "Buy cheap viagra online, best online casino bonus today, buy replica watches with free shipping, "
          "order now and get 70% off on every order.\n"
          "Parking is free at the school next door; the fair ends at four.")


def test_spam_named_in_an_article_about_spam_is_discussed():
    article, pasted = page_from_text(ARTICLE, mode="text"), page_from_text(PASTED, mode="text")
    assert about_spam(article) and not about_spam(pasted)
    for f in findings(article, "SEO401", "SEO403", "SEO407"):
        assert (f.severity, f.confidence) in {("low", "low"), ("medium", "low")}, f.message
    assert any(f.severity in ("medium", "high") for f in findings(pasted, "SEO401", "SEO407"))
    assert DETECTORS["SEO401"].run(article)[1]["SEO401.offtopic_discussed"] == 1.0
    assert DETECTORS["SEO401"].run(pasted)[1]["SEO401.offtopic_discussed"] == 0.0


def test_words_about_attacks_in_other_languages_discuss_the_spam_next_to_them():
    ru = "Оказалось, что это классический клоакинг: роботу отдавали страницу «онлайн казино с бонусом»."
    assert discussed(ru, ru.index("онлайн"), ru.index("»"))
    en = "The backdoor served crawlers a page of online casino bonus offers."
    assert discussed(en, en.index("online"), len(en))
    de = "Auf unseren Seiten stand dieser eingeschleuste Text: online casino bonus ohne Einzahlung."
    assert discussed(de, de.index("online"), len(de))
    fr = "Exemple du texte injecté par les pirates : casino en ligne bonus sans dépôt."
    assert discussed(fr, fr.index("casino"), len(fr))
    # near miss: the same offer with no word about an attack near it
    shop = "Register today and claim your online casino bonus offers, new every week."
    assert not discussed(shop, shop.index("online"), shop.index(" offers") + 7)


def test_discussed_looks_next_to_the_spam_only():
    text = "The police seized counterfeit pills." + " Our garden club meets on Tuesdays." * 20 + " cheap pills"
    assert discussed(text, 20, 30)
    assert not discussed(text, len(text) - 11, len(text))


# ------------------------------------------------------------------ parasite pages that do not sell
NEWS = ("The regulator capped the daily cost of payday loans at 0.8 percent, after complaints from borrowers "
        "who could not repay. Lenders must now check income before they approve a payday loan, and a loan "
        "can be rolled over twice at most. Debt charities welcomed the payday loan cap but warned that "
        "borrowers may turn to unlicensed lenders. ") * 3
DOORWAY = ("Payday loans online, instant approval! Get your payday loan today: apply now, no credit check, "
           "cash in 10 minutes. Best payday loans, lowest rates, apply online now and get cash fast, "
           "free quote, order your loan now. ") * 3


def test_a_news_story_whose_slug_names_its_subject_is_not_a_doorway():
    url = "https://www.riverdailynews.com/money/payday-loan-costs-capped-by-regulator/"
    news = page_from_text(f"<html><head><title>Payday loan costs capped</title></head><body><h1>Payday loan costs capped"
                          f"</h1><p>{NEWS}</p></body></html>", mode="html", url=url)
    door = page_from_text(f"<html><head><title>Payday loans online</title></head><body><h1>Payday loans online</h1>"
                          f"<p>{DOORWAY}</p></body></html>", mode="html",
                          url="https://www.riverdailynews.com/wp-content/uploads/payday-loans-online-instant-approval/")
    assert all((f.severity, f.confidence) == ("low", "low") for f in findings(news, "SEO501", "SEO503"))
    assert any(f.severity in ("medium", "high") for f in findings(door, "SEO501", "SEO503"))


# ------------------------------------------------------------------ documented template tags
def test_a_glossary_of_merge_tags_is_documentation():
    docs = page_from_text("Personalise your newsletter\nCommon fields\n*|FNAME|* — the subscriber's first name\n"
                          "*|LNAME|* — the subscriber's last name\n*|EMAIL|* — the address the campaign goes to\n", mode="text")
    leak = page_from_text("Your order has shipped\nHello *|FNAME|*, thank you for shopping with us.\n"
                          "Your parcel arrives on Monday. Questions? Reply to this mail.\n", mode="text")
    assert all(f.severity == "low" for f in findings(docs, "SEO705"))
    assert findings(leak, "SEO705") and DETECTORS["SEO705"].run(leak)[1]["SEO705.outside_code"] == 1.0


# ------------------------------------------------------------------ model constraints
def test_monotone_directions_follow_the_meaning_of_inputs():
    assert monotone_direction("findings.noisy_or") == 1
    assert monotone_direction("SEO601.leak") == 1 and monotone_direction("SEO602.outside_code") == 1
    assert monotone_direction("SEO601.technical") == -1 and monotone_direction("SEO701.code_frac") == -1
    assert monotone_direction("SEO401.offtopic_discussed") == -1
    # a detector's own measure of evidence: more off-topic pharma never lowers a page's risk
    assert monotone_direction("SEO401.density") == 1 and monotone_direction("SEO401.pharma") == 1
    assert monotone_direction("SEO101.anchor_target_agree_log") == 1
    # context, and descriptions of a page that legitimate pages share, are not evidence
    assert monotone_direction("SEO701.client_app") == -1 and monotone_direction("SEO803.about_ai") == -1
    assert monotone_direction("SEO202.hidden_text_share") == 0 and monotone_direction("SEO101.nofollow_share") == 0
    # many quoted errors is a tutorial's shape: counts of everything found stay free
    assert monotone_direction("SEO605.error_blocks_log1p") == 0 and monotone_direction("SEO704.groups_log1p") == 0
    # but error lines counted only where they leaked (outside code, not introduced, not on a
    # page about programming) only ever add
    assert monotone_direction("SEO601.hits_log1p") == 1 and monotone_direction("SEO603.families_log1p") == 1
    # but a flag of a leak (a hosting account's home in the path) only ever adds
    assert monotone_direction("SEO605.home_user") == 1 and monotone_direction("SEO601.before_doctype") == 1
    # and tags counted only where they leaked (outside code, no technical page, no introduction)
    assert monotone_direction("SEO701.tags_log1p") == 1 and monotone_direction("SEO701.tag_density") == 0


def test_leak_flags_name_real_features():
    from detector.detectors import feature_names
    from detector.training.train import _LEAK_COUNTS, _LEAK_FLAGS

    assert (_LEAK_FLAGS | _LEAK_COUNTS) <= set(feature_names()), sorted((_LEAK_FLAGS | _LEAK_COUNTS) - set(feature_names()))


def test_unconstrained_inputs_name_real_features():
    from detector.training.train import _UNCONSTRAINED
    from detector.detectors import feature_names

    assert _UNCONSTRAINED <= set(feature_names()), sorted(_UNCONSTRAINED - set(feature_names()))


def test_a_framework_error_page_does_not_vouch_for_itself():
    """A live Django debug page is titled by its error and full of <pre> blocks: those must not
    make it "a page about programming". A tutorial that shows the same page has a title of its
    own and stays quoted."""
    from detector.context import page_context

    trace = ('Traceback (most recent call last):\n  File "/srv/lawfirm/site/views.py", line 41, in contact\n'
             '    form.save()\n  File "/srv/lawfirm/venv/lib/python3.11/site-packages/django/db/models/base.py", '
             'line 814, in save\n    self.save_base()\nOperationalError: FATAL: password authentication failed')
    body = ('<h1>OperationalError at /contact/</h1><table><tr><th>Django Version:</th><td>4.2.7</td></tr></table>'
            f'<h2>Traceback</h2><pre>{trace}</pre><h2>Settings</h2><pre>DEBUG = True</pre>'
            "<p>You're seeing this error because you have DEBUG = True in your Django settings file.</p>")
    live = f"<html><head><title>OperationalError at /contact/</title></head><body>{body}</body></html>"
    tutorial = (f"<html><head><title>Fixing OperationalError in Django: a walkthrough</title></head><body>"
                f"<p>This is what the debug page looked like:</p>{body}<p>The database password was wrong.</p></body></html>")
    lp = page_from_text(live, url="https://www.hollandlaw.example/contact/")
    tp = page_from_text(tutorial, url="https://blog.devnotes.example/django-operationalerror/")
    assert page_context(lp).error_page and page_context(lp).score < 0.5
    assert not page_context(tp).error_page and page_context(tp).score >= 0.5
    assert ("SEO604", "high", "high") in grades(lp, "SEO604")
    assert not {g for g in grades(tp, "SEO604") if g[1] in ("high", "critical")}


def test_an_exception_title_names_a_laravel_or_spring_error_page():
    from detector.context import _ERROR_PAGE_TITLE

    for t in ("🧨 SQLSTATE[HY000] [2002] Connection refused (SQL: select * from products)", "Whitelabel Error Page",
              "Illuminate\\Database\\QueryException", "Server Error in '/' Application.", "DoesNotExist at /shop/item/4/"):
        assert _ERROR_PAGE_TITLE.search(t), t
    for t in ("How to fix SQLSTATE[HY000] [2002]", "Error handling in Laravel", "Django: OperationalError at /admin/ - help",
              "Our new pottery class"):
        assert not _ERROR_PAGE_TITLE.search(t), t


def test_developer_words_in_the_prose_make_a_thread_technical_but_a_leak_cannot_vouch_for_itself():
    """An issue thread talks like developers ("after upgrading", "a workaround", "a repro");
    a leaked error's own lines never count, and everyday words software shares with news
    (deployed, installed, branch) are not developer words."""
    from detector.context import page_context

    thread = ("tinkerhub / routekit\nIssues\nPanic in middleware chain with a nil writer\n"
              "We hit this after upgrading the router; the gzip plugin wraps the writer on HEAD requests.\n"
              "Minimal repro is in the linked repository, with the docker compose file we use.\n"
              "Workaround for now: pin the dependency to the previous framework release.\n"
              "panic: runtime error: invalid memory address or nil pointer dereference\n")
    news = ("City council news\nThe council deployed new street cleaners and installed benches on the branch "
            "line platform, and a patch of the old road was repaired by the contractors this week.\n"
            "Warning: mysqli_connect(): Access denied for user 'web'@'localhost' (using password: YES) in "
            "/home/council/public_html/includes/db.php on line 12 of the php configuration docker file\n")
    t = page_context(page_from_text(thread, mode="text"))
    n = page_context(page_from_text(news, mode="text"))
    assert len(t.body_words) >= 4 and t.score > n.score
    assert n.body_words == ()


def test_report_an_error_links_and_how_to_titles_are_not_programming():
    from detector.context import page_context

    for head in ("Reportar erro", "Report an error", "Signaler une erreur", "Fehler melden"):
        page = page_from_text(f"Revista Diária\n{head}\nNotícias\nO prefeito visitou a obra da ponte nova ontem à tarde.",
                              mode="text")
        assert page_context(page).title_words == (), head
    diy = page_from_text("DIY Projects\nHow to: add a secret compartment to any book\nYou need glue and a craft knife.",
                         mode="text")
    assert page_context(diy).score < 0.25


def test_a_forum_host_is_a_weak_sign_and_a_developer_host_a_strong_one():
    from detector.context import TECHNICAL, page_context

    body = "Pokemon trading calendar\nMarch events\nTrade night on Friday\nShiny hunt weekend"
    forum = page_context(page_from_text(body, mode="text", url="http://forum.pokemonpets.example/calendar"))
    docs = page_context(page_from_text(body, mode="text", url="https://docs.pokemonpets.example/calendar"))
    assert forum.score < TECHNICAL and forum.evidence().get("community_host") is True
    assert docs.score >= TECHNICAL and docs.evidence().get("developer_host") is True


def test_a_database_error_at_the_top_of_a_record_is_not_its_title():
    from detector.context import page_context

    leak = ("Gematria of English words\nERROR: syntax error at or near \"ORDER BY id\" LINE 1: SELECT * FROM items\n"
            "Deities and figures in mythology are counted the same way.")
    question = "Postgres syntax error at or near ORDER BY\nMy query fails with this message, what is wrong?"
    assert page_context(page_from_text(leak, mode="text")).title_words == ()
    assert "error" in page_context(page_from_text(question, mode="text")).title_words


def test_words_about_the_law_discuss_the_spam_next_to_them_in_many_languages():
    """Police, crackdowns, fraud and counterfeits: a news story or a regulator talks about the
    trade; the same spam words in a sales line do not."""
    news = ["경찰은 불법 온라인 카지노 사이트를 단속했다",
            "警方查处一个网络赌博平台",
            "Policja zamknęła nielegalne kasyno online",
            "The regulator fined an unlicensed online casino",
            "Der Zoll stellte gefälschte Rolex Uhren sicher"]
    ads = ["온라인 카지노 첫 충전 보너스 지금 가입하세요",
           "网络赌博平台 注册送彩金",
           "Bezpieczne kasyno online z bonusem bez depozytu",
           "Best online casino with a no deposit bonus, play now",
           "Rolex Replica Uhren günstig kaufen"]
    for t in news:
        assert discussed(t, 0, len(t)), t
    for t in ads:
        assert not discussed(t, 0, len(t)), t


def test_law_words_discuss_only_the_spam_on_their_own_line():
    """A news story names the police a line away from a link injected into it: that does not
    make the injected anchor a discussion. On the spam's own line it does; words about attacks
    count a few lines away too."""
    story = ("Police Scotland will hold a press conference on Friday about the disappearance.\n"
             "The family thanked everyone who shared the appeal.\nSource: bitcoin doubler\n"
             "Allan had walked with friends to a party that evening.")
    i = story.index("bitcoin doubler")
    assert not discussed(story, i, i + 15)
    same_line = "Police warn about bitcoin doubler scams spreading on social media"
    j = same_line.index("bitcoin doubler")
    assert discussed(same_line, j, j + 15)
    advisory = "Hackers injected links into the footer of the site.\nSource: bitcoin doubler\nClean up your theme files."
    k = advisory.index("bitcoin doubler")
    assert discussed(advisory, k, k + 15)


def test_a_story_about_the_law_does_not_discuss_a_phrase_named_nowhere_else():
    """A headline about the police or a raid makes the page about the law: the spam it names is
    discussed (about_spam), but a lone anchor line of a category named nowhere else is not one
    of its subjects. A page about hacked sites discusses every phrase it quotes."""
    story = page_from_text("Police appeal for help to find missing man\nHe was last seen on Friday evening near the "
                           "harbour and has not been in touch with his family since.\nSource: bitcoin doubler\n"
                           "Officers are checking camera footage from the town centre.", mode="text")
    raid = page_from_text("Police raid an illegal online casino in the harbour district\nFour people were arrested.\n"
                          "The online casino had no licence.", mode="text")
    hacked = page_from_text("How we cleaned up the Japanese keyword hack\nOur shop was full of pages like these, and "
                            "we rebuilt the theme from a backup before the next crawl came round.\nSource: bitcoin doubler\n"
                            "Check your own sitemap for pages you never wrote.", mode="text")
    assert about_spam(story) and about_spam(raid) and about_spam(hacked)
    assert not about_attacks(story) and not about_attacks(raid) and about_attacks(hacked)
    lone = {name: DETECTORS["SEO102"].run(p)[1].get("SEO102.lone_anchor_foreign", 0.0)
            for name, p in (("story", story), ("hacked", hacked))}
    assert lone == {"story": 1.0, "hacked": 0.0}


def test_a_page_about_the_law_discusses_the_subjects_it_names_throughout_and_no_other():
    """A headline about the police or a fraud makes the page about the law. It then discusses
    the spam subjects it names elsewhere too (an article on essay mills quotes their pitches),
    not a pitch of another subject that appears once (a casino pitch pasted into a court
    report). A page about hacked sites discusses everything it quotes."""
    mills = ("Essay mills and contract cheating\nStudents are offered an essay writing service that promises to "
             "write my essay overnight.\nThe university treats submitting work written by someone else as "
             "misconduct, whether it was paid for or not, and the academic integrity office reviews every case "
             "that a marker reports. Penalties range from a resubmission to the loss of the module, and repeated "
             "cases go to the faculty board, which can end a student's registration.\n"
             "Typical adverts read: cheap essay writing service, buy essays online, plagiarism free.\n"
             "Report any such offer to your tutor.")
    court = ("Police appeal after break-in at the harbour office\nOfficers are asking for witnesses who saw "
             "two men near the harbour office on Friday night.\nBest online casino bonus, free spins, play "
             "slots for real money today.\nAnyone with information should call the station.")
    hacked = court.replace("Police appeal after break-in at the harbour office", "How our site was hacked last spring")
    for text, want in ((mills, True), (court, False), (hacked, True)):
        page = page_from_text(text, mode="text")
        k = text.index("cheap essay" if text is mills else "Best online casino")
        assert about_spam(page)
        assert spam_discussed(page, k, k + 40) is want, text[:40]
    feats = {}
    for name, title in (("court", "Police appeal after break-in at the harbour office"),
                        ("hacked", "How our site was hacked last spring")):
        body = "".join(f"<p>{ln}</p>" for ln in court.split("\n")[1:])
        html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
        feats[name] = DETECTORS["SEO401"].run(page_from_text(html))[1]["SEO401.offtopic_discussed"]
    assert feats == {"court": 0.0, "hacked": 1.0}
