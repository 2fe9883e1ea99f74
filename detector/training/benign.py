"""Hard negatives: legitimate pages that carry the same words and tricks as injected ones.

Two kinds, both label 0:

* **transforms** of real corpus pages that a site owner really makes: a cookie banner or
  mobile menu hidden by CSS, screen-reader links, a newsletter honeypot field, the Google Tag
  Manager ``<noscript>`` iframe, analytics snippets, video embeds, a PHP warning quoted in a
  ``<pre>`` block of a how-to, template syntax shown as code, a visible roundup of reputable
  links, a paragraph *about* SEO spam, an on-topic brand or medicine mention;
* **written pages** (``written.py``): small pages generated from our own sentences, such as
  a watch blog that links rolex.com, a Q&A thread quoting a PHP warning, template docs.

Precision matters most: these teach the model that words alone are weak evidence.
"""

from __future__ import annotations

import html as htmlmod
import random
from typing import Callable

from detector.training.attacks import _token, insert_at
from detector.training.written import _HEALTH, _SEO_ARTICLE, REPUTABLE, _error, template_snippet

esc = htmlmod.escape


def _same_site_links(rng: random.Random, k: int) -> str:
    pages = ["/", "/about/", "/contact/", "/blog/", "/news/", "/impressum/", "/shop/", "/category/events/", "/faq/",
             "/kontakt/", "/en/", "/de/", "/archive/", "/team/", "/privacy/", "/services/", "/login/"]
    names = ["Home", "About", "Contact", "Blog", "News", "Impressum", "Shop", "Events", "FAQ", "Kontakt", "English",
             "Deutsch", "Archive", "Team", "Privacy", "Services", "Login"]
    idx = rng.sample(range(len(pages)), k)
    return "".join(f'<li><a href="{pages[i]}">{names[i]}</a></li>' for i in idx)


def cookie_banner(html: str, rng: random.Random) -> str:
    style = rng.choice(['style="display:none"', 'hidden', 'class="cookie-notice is-hidden" style="display: none;"'])
    frag = (f'<div id="cookie-{_token(rng, 4)}" {style}><p>We use cookies to improve your experience. '
            f'By using this site you agree to our <a href="/privacy-policy/">privacy policy</a>.</p>'
            f'<button class="accept">Accept</button></div>')
    return insert_at(html, frag, rng.choice(["before_body_close", "after_body_open"]), rng)


def mobile_menu(html: str, rng: random.Random) -> str:
    frag = (f'<nav class="{rng.choice(["mobile-menu", "offcanvas-menu", "nav-drawer"])}" style="display:none" aria-hidden="true">'
            f'<ul>{_same_site_links(rng, rng.randint(4, 9))}</ul></nav>')
    return insert_at(html, frag, "after_body_open", rng)


def screen_reader(html: str, rng: random.Random) -> str:
    frag = ('<style>.screen-reader-text{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}</style>'
            '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>')
    return insert_at(html, frag, "after_body_open", rng)


def honeypot(html: str, rng: random.Random) -> str:
    frag = (f'<form action="/subscribe" method="post"><input type="email" name="EMAIL" placeholder="Email">'
            f'<div style="position: absolute; left: -5000px;" aria-hidden="true"><input type="text" name="b_{_token(rng, 10)}" tabindex="-1" value=""></div>'
            f'<input type="submit" value="Subscribe"></form>')
    return insert_at(html, frag, rng.choice(["in_footer", "in_sidebar"]), rng)


def tag_manager(html: str, rng: random.Random) -> str:
    gtm = f"GTM-{_token(rng, 6).upper()}"
    frag = (f'<noscript><iframe src="https://www.googletagmanager.com/ns.html?id={gtm}" height="0" width="0" '
            f'style="display:none;visibility:hidden"></iframe></noscript>')
    head = (f"<script>(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':new Date().getTime(),event:'gtm.js'}});"
            f"var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
            f"j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','{gtm}');</script>")
    html = insert_at(html, frag, "after_body_open", rng)
    i = html.lower().find("</head>")
    return html[:i] + head + html[i:] if i >= 0 else head + html


def analytics(html: str, rng: random.Random) -> str:
    uid = f"G-{_token(rng, 8).upper()}"
    snippets = [
        f'<script async src="https://www.googletagmanager.com/gtag/js?id={uid}"></script><script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag("js",new Date());gtag("config","{uid}");</script>',
        '<script>var _paq=window._paq=window._paq||[];_paq.push(["trackPageView"]);(function(){var u="//stats.example-site.org/";_paq.push(["setTrackerUrl",u+"matomo.php"]);var d=document,g=d.createElement("script"),s=d.getElementsByTagName("script")[0];g.async=true;g.src=u+"matomo.js";s.parentNode.insertBefore(g,s);})();</script>',
        "<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','1234567890');fbq('track','PageView');</script>",
    ]
    return insert_at(html, rng.choice(snippets), "before_body_close", rng)


def video_embed(html: str, rng: random.Random) -> str:
    vid = _token(rng, 11)
    frag = rng.choice([
        f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{vid}" frameborder="0" allowfullscreen></iframe>',
        f'<iframe src="https://player.vimeo.com/video/{rng.randint(10**7, 10**9)}" width="640" height="360" allow="autoplay; fullscreen"></iframe>',
        '<blockquote class="twitter-tweet"><a href="https://twitter.com/user/status/1">Tweet</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script>',
    ])
    return insert_at(html, frag, rng.choice(["after_first_paragraph", "middle_paragraph"]), rng)


def quoted_php_warning(html: str, rng: random.Random) -> str:
    """A how-to paragraph quoting an error (PHP, SQL or a stack trace, with a server path) in a code block."""
    frag = (f"<p>{rng.choice(['If you see this message, check the include path:', 'The log shows the following error:', 'A typical error looks like this:', 'Our server printed this:', 'Die Fehlermeldung lautet:'])}</p>"
            f"<pre><code>{esc(_error(rng))}</code></pre><p>{rng.choice(['Fix it by setting the correct path.', 'Increase memory_limit in php.ini.', 'Check the variable before use.', 'Run the migrations again.', 'Turn display_errors off on a live site.'])}</p>")
    return insert_at(html, frag, rng.choice(["middle_paragraph", "end_of_main"]), rng)


def template_code(html: str, rng: random.Random) -> str:
    engine, code = template_snippet(rng)
    frag = f"<p>{rng.choice(['In the template, write:', 'Example:', 'Use this syntax:', f'In {engine}:'])}</p><pre><code>{esc(code)}</code></pre>"
    return insert_at(html, frag, rng.choice(["middle_paragraph", "end_of_main"]), rng)


def link_roundup(html: str, rng: random.Random) -> str:
    links = rng.sample(REPUTABLE, rng.randint(3, 8))
    items = "".join(f'<li><a href="{u}">{esc(n)}</a> – {rng.choice(["worth a read", "great resource", "recommended", "our source"])}</li>' for u, n in links)
    frag = f"<h3>{rng.choice(['Links', 'Further reading', 'Sources', 'Weiterführende Links', 'Liens utiles'])}</h3><ul>{items}</ul>"
    return insert_at(html, frag, rng.choice(["end_of_main", "in_sidebar", "in_footer"]), rng)


def seo_spam_paragraph(html: str, rng: random.Random) -> str:
    sents = rng.sample(_SEO_ARTICLE, rng.randint(2, 4))
    return insert_at(html, f"<p>{esc(' '.join(sents))}</p>", rng.choice(["after_first_paragraph", "middle_paragraph"]), rng)


# Spam as a write-up quotes it: what the attackers pasted, in our own words (not the attack
# library's), in the languages and scripts such write-ups show it in.
_QUOTED_SPAM = [
    "Buy cheap Viagra online, no prescription needed, discreet overnight delivery, order now and save 70%.",
    "Best online casino bonus: 200 free spins on sign-up, instant withdrawal, play slots for real money today.",
    "Payday loans online, instant approval, no credit check, cash in your account in 10 minutes. Apply now!",
    "Replica Rolex watches, AAA quality, free shipping worldwide, lowest prices, order today.",
    "Write my essay cheap: custom papers by expert writers, plagiarism free, 3-hour delivery, order now.",
    "Double your bitcoin in 24 hours, guaranteed profit, send BTC to join the giveaway now.",
    "Buy Instagram followers cheap, real and active, instant delivery, 50% off today only.",
    "ルイヴィトン 激安 通販 送料無料 代引き 人気 新作 スーパーコピー 最安値",
    "Cialis kaufen ohne Rezept, günstig online bestellen, diskreter Versand, jetzt bestellen.",
    "Casino en ligne bonus sans dépôt, tours gratuits, retrait rapide, inscrivez-vous maintenant.",
    "Situs slot gacor terpercaya, bonus new member 100%, daftar sekarang, deposit pulsa tanpa potongan.",
    "Купить дипломы недорого, доставка по всей России, без предоплаты, звоните сейчас.",
]
_WRITEUP_INTRO = [
    "After the hack, our pages showed text like this:",
    "The injected block in the footer read:",
    "Google indexed spam snippets such as the following for the hacked pages:",
    "Attackers added this hidden text to every post:",
    "Here is an example of the spam the malware inserted:",
    "Nach dem Angriff stand auf unseren Seiten zum Beispiel dieser eingeschleuste Text:",
    "Voici un exemple du texte injecté par les pirates :",
]
_WRITEUP_AFTER = [
    "We removed the code from the theme's footer.php, changed every password and asked Google for a review.",
    "The spam came from an outdated plugin; after the update and a malware scan the pages were clean.",
    "If you find text like this on your site, check the theme files and the database for injected code.",
    "Die Schadsoftware steckte in einer alten Erweiterung; nach dem Update war die Seite wieder sauber.",
]


def quoted_spam_writeup(html: str, rng: random.Random) -> str:
    """A security write-up quoting the spam that attackers pasted into a site: words about the
    hack introduce it, advice follows. The pitch is sold nowhere: it is discussed."""
    quote = " ".join(rng.sample(_QUOTED_SPAM, rng.choice([1, 1, 2])))
    # the introduction and the quote share one paragraph, so that every text window that shows
    # the quote shows what introduces it (a window with the pitch alone would be a pasted pitch)
    wrap = rng.choice(["<em>{}</em>", "<code>{}</code>", "&ldquo;{}&rdquo;", "<q>{}</q>"])
    frag = (f"<p>{esc(rng.choice(_WRITEUP_INTRO))} " + wrap.format(esc(quote)) + "</p>"
            + f"<p>{esc(rng.choice(_WRITEUP_AFTER))}</p>")
    return insert_at(html, frag, rng.choice(["after_first_paragraph", "middle_paragraph", "end_of_main"]), rng)


def brand_mention(html: str, rng: random.Random) -> str:
    brand, url, text = rng.choice([
        ("Rolex", "https://www.rolex.com/", "The new Rolex Submariner keeps the classic 41 mm case."),
        ("Omega", "https://www.omegawatches.com/", "Omega supplied the timing for the games again this year."),
        ("Louis Vuitton", "https://www.louisvuitton.com/", "Louis Vuitton opened a new store in the old town."),
        ("Nike", "https://www.nike.com/", "Nike announced a recycled running shoe line."),
        ("Bet365", "https://www.bet365.com/", "The bookmaker Bet365 was fined by the regulator."),
    ])
    frag = f'<p>{esc(text)} More at the <a href="{url}">official {esc(brand)} site</a>.</p>'
    return insert_at(html, frag, rng.choice(["after_first_paragraph", "middle_paragraph"]), rng)


def medical_mention(html: str, rng: random.Random) -> str:
    text = " ".join(rng.sample(_HEALTH, rng.randint(1, 2)))
    frag = f'<p>{esc(text)} See <a href="https://www.nhs.uk/medicines/">NHS medicines A-Z</a>.</p>'
    return insert_at(html, frag, rng.choice(["after_first_paragraph", "middle_paragraph", "end_of_main"]), rng)


def faq_accordion(html: str, rng: random.Random) -> str:
    qs = [("How do I reset my password?", "Use the link on the login page."), ("Where is my order?", "Check the tracking page."),
          ("Can I cancel?", "Yes, within 14 days."), ("Do you ship abroad?", "We ship to most countries.")]
    items = "".join(f'<div class="faq-item"><button class="accordion">{esc(q)}</button><div class="panel" style="display:none"><p>{esc(a)}</p></div></div>'
                    for q, a in rng.sample(qs, rng.randint(2, 4)))
    return insert_at(html, f'<section class="faq">{items}</section>', rng.choice(["end_of_main", "middle_paragraph"]), rng)


# the attack family each transform imitates (leave-one-family-out leaves these out too)
TRANSFORM_IMITATES = {"cookie_banner": "hidden_content", "mobile_menu": "hidden_content", "screen_reader": "hidden_content",
                      "honeypot": "hidden_content", "tag_manager": "script_injection", "analytics": "script_injection",
                      "video_embed": "script_injection", "quoted_php_warning": "server_error", "template_code": "template_debris",
                      "link_roundup": "offtopic_link", "seo_spam_paragraph": "spam_text", "brand_mention": "offtopic_link",
                      "medical_mention": "spam_text", "faq_accordion": "hidden_content", "quoted_spam_writeup": "spam_text"}


def imitated_families(attack: str, base: str) -> set[str]:
    """The attack families a hard-negative record imitates, from its transform tag ("a+b") or
    its written page kind ("written/<kind>/<i>")."""
    from detector.training.written import IMITATES

    if attack == "written":
        parts = base.split("/")
        return {IMITATES[parts[1]]} if len(parts) > 2 and parts[1] in IMITATES else set()
    return {TRANSFORM_IMITATES[t] for t in attack.split("+") if t in TRANSFORM_IMITATES}


TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    f.__name__: f for f in (cookie_banner, mobile_menu, screen_reader, honeypot, tag_manager, analytics, video_embed,
                            quoted_php_warning, template_code, link_roundup, seo_spam_paragraph, brand_mention,
                            medical_mention, faq_accordion)
}
# Transforms drawn apart from TRANSFORMS (dataset.DatasetConfig.writeup_rate), each from a random
# stream of its own: adding one does not change what any other record of the corpus draws.
EXTRA_TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {"quoted_spam_writeup": quoted_spam_writeup}

