"""Hard negatives: legitimate pages that carry the same words and tricks as injected ones.

Two kinds, both label 0:

* **transforms** of real corpus pages that a site owner really makes: a cookie banner or
  mobile menu hidden by CSS, screen-reader links, a newsletter honeypot field, the Google Tag
  Manager ``<noscript>`` iframe, analytics snippets, video embeds, a PHP warning quoted in a
  ``<pre>`` block of a how-to, template syntax shown as code, a visible roundup of reputable
  links, a paragraph *about* SEO spam, an on-topic brand or medicine mention;
* **written pages** (small pages generated here from our own sentences): a watch blog that
  links rolex.com, a medical page on sildenafil, a PHP tutorial, template documentation,
  an article about hacked sites, a link roundup.

Precision matters most: these teach the model that words alone are weak evidence.
"""

from __future__ import annotations

import html as htmlmod
import random
from typing import Callable

from detector.training.attacks import _token, insert_at

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
    msg = rng.choice([
        "Warning: include(config.php): failed to open stream: No such file or directory in /var/www/html/index.php on line 12",
        "Notice: Undefined index: name in /home/user/public_html/form.php on line 7",
        "Fatal error: Allowed memory size of 134217728 bytes exhausted (tried to allocate 4096 bytes)",
        "Deprecated: Function create_function() is deprecated in /path/to/plugin.php on line 88",
    ])
    frag = (f"<p>{rng.choice(['If you see this message, check the include path:', 'The log shows the following error:', 'A typical error looks like this:'])}</p>"
            f"<pre><code>{esc(msg)}</code></pre><p>{rng.choice(['Fix it by setting the correct path.', 'Increase memory_limit in php.ini.', 'Check the variable before use.'])}</p>")
    return insert_at(html, frag, rng.choice(["middle_paragraph", "end_of_main"]), rng)


def template_code(html: str, rng: random.Random) -> str:
    code = rng.choice(["{{ user.name }}", "{% for post in posts %}\n  {{ post.title }}\n{% endfor %}", "<%= @article.title %>",
                       "${customer.email}", "{{#if items}}{{/if}}", '[gallery ids="1,2,3"]'])
    frag = f"<p>{rng.choice(['In the template, write:', 'Example:', 'Use this syntax:'])}</p><pre><code>{esc(code)}</code></pre>"
    return insert_at(html, frag, rng.choice(["middle_paragraph", "end_of_main"]), rng)


REPUTABLE = [("https://en.wikipedia.org/wiki/Main_Page", "Wikipedia"), ("https://www.bbc.com/news", "BBC News"),
             ("https://github.com/", "GitHub"), ("https://www.nature.com/", "Nature"), ("https://www.who.int/", "World Health Organization"),
             ("https://www.theguardian.com/", "The Guardian"), ("https://developer.mozilla.org/", "MDN Web Docs"),
             ("https://www.nasa.gov/", "NASA"), ("https://www.un.org/", "United Nations"), ("https://archive.org/", "Internet Archive"),
             ("https://www.tagesschau.de/", "tagesschau"), ("https://www.lemonde.fr/", "Le Monde"), ("https://www.nhk.or.jp/", "NHK"),
             ("https://www.python.org/", "Python"), ("https://stackoverflow.com/", "Stack Overflow"), ("https://www.reuters.com/", "Reuters")]


def link_roundup(html: str, rng: random.Random) -> str:
    links = rng.sample(REPUTABLE, rng.randint(3, 8))
    items = "".join(f'<li><a href="{u}">{esc(n)}</a> – {rng.choice(["worth a read", "great resource", "recommended", "our source"])}</li>' for u, n in links)
    frag = f"<h3>{rng.choice(['Links', 'Further reading', 'Sources', 'Weiterführende Links', 'Liens utiles'])}</h3><ul>{items}</ul>"
    return insert_at(html, frag, rng.choice(["end_of_main", "in_sidebar", "in_footer"]), rng)


SEO_ARTICLE = [
    "Hackers often inject hidden links to casino, payday loan and viagra sites into hacked WordPress themes.",
    "The so-called Japanese keyword hack creates thousands of pages selling fake designer bags on a compromised site.",
    "Search engines penalise pages that carry hidden text, for example text with display:none or positioned off-screen.",
    "If your site shows PHP warnings with server paths, attackers learn where your files live.",
    "Check your footer for links you did not add: replica watches and essay writing services are common.",
    "Site owners should update plugins, because outdated extensions are the usual entry point for SEO spam.",
]


def seo_spam_paragraph(html: str, rng: random.Random) -> str:
    sents = rng.sample(SEO_ARTICLE, rng.randint(2, 4))
    return insert_at(html, f"<p>{esc(' '.join(sents))}</p>", rng.choice(["after_first_paragraph", "middle_paragraph"]), rng)


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
    text = rng.choice([
        "Sildenafil, sold as Viagra, treats erectile dysfunction; ask your doctor before taking it with nitrates.",
        "Tramadol is an opioid painkiller; it can cause dependence and must be prescribed.",
        "Finasteride is used for hair loss and prostate enlargement; side effects are rare but possible.",
    ])
    frag = f'<p>{esc(text)} See <a href="https://www.nhs.uk/medicines/">NHS medicines A-Z</a>.</p>'
    return insert_at(html, frag, rng.choice(["after_first_paragraph", "middle_paragraph", "end_of_main"]), rng)


def faq_accordion(html: str, rng: random.Random) -> str:
    qs = [("How do I reset my password?", "Use the link on the login page."), ("Where is my order?", "Check the tracking page."),
          ("Can I cancel?", "Yes, within 14 days."), ("Do you ship abroad?", "We ship to most countries.")]
    items = "".join(f'<div class="faq-item"><button class="accordion">{esc(q)}</button><div class="panel" style="display:none"><p>{esc(a)}</p></div></div>'
                    for q, a in rng.sample(qs, rng.randint(2, 4)))
    return insert_at(html, f'<section class="faq">{items}</section>', rng.choice(["end_of_main", "middle_paragraph"]), rng)


TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    f.__name__: f for f in (cookie_banner, mobile_menu, screen_reader, honeypot, tag_manager, analytics, video_embed,
                            quoted_php_warning, template_code, link_roundup, seo_spam_paragraph, brand_mention,
                            medical_mention, faq_accordion)
}


# ------------------------------------------------------------------------- written pages
WRITTEN_KINDS = ("watch_blog", "medical_page", "php_tutorial", "template_docs", "seo_spam_article", "link_roundup_page")
_SITE_WORDS = ["zeit", "uhren", "health", "code", "dev", "notes", "journal", "review", "blog", "praxis", "wiki", "guide",
               "tech", "atelier", "studio", "daily", "lab", "kiosk", "forum", "club"]


def written_page(kind: str, i: int, rng: random.Random) -> tuple[str, str]:
    """(html, url) of a small legitimate page we write ourselves."""
    site = f"{rng.choice(_SITE_WORDS)}{rng.choice(_SITE_WORDS)}{i}.{rng.choice(['com', 'de', 'org', 'net', 'fr', 'co.uk'])}"
    url = f"https://www.{site}/{kind.replace('_', '-')}/{i}/"
    paras: list[str] = []
    if kind == "watch_blog":
        title = rng.choice(["Hands-on: the new Submariner", "Five dive watches under 5,000", "Omega vs Rolex: a buyer's view"])
        paras = ["We spent a week with the watch. The bezel action is crisp and the bracelet has a new clasp.",
                 'Specifications are on <a href="https://www.rolex.com/">rolex.com</a> and <a href="https://www.omegawatches.com/">omegawatches.com</a>.',
                 "Beware of replica watches sold online: the movement and the finishing give them away.",
                 "Prices at authorised dealers have risen twice this year."]
    elif kind == "medical_page":
        title = rng.choice(["Sildenafil: uses and side effects", "Erectile dysfunction: treatments", "Painkillers explained"])
        paras = ["Sildenafil (Viagra) and tadalafil (Cialis) are prescription medicines for erectile dysfunction.",
                 "Do not buy pills from websites that sell without prescription: many are counterfeit.",
                 'Read the leaflet at <a href="https://www.nhs.uk/medicines/sildenafil/">NHS</a> or ask your pharmacist.',
                 "Common side effects include headache and flushing."]
    elif kind == "php_tutorial":
        title = rng.choice(["Fixing 'headers already sent' in PHP", "PHP error reporting explained", "Debugging include paths"])
        paras = ["When PHP prints output before header(), you get a warning like this one:",
                 "<pre>Warning: Cannot modify header information - headers already sent by (output started at /var/www/html/inc/db.php:3) in /var/www/html/index.php on line 10</pre>",
                 "In production, set display_errors to Off and log errors instead.",
                 "<pre><code>ini_set('display_errors', '0');\nerror_log('Notice: Undefined index: id');</code></pre>"]
    elif kind == "template_docs":
        title = rng.choice(["Jinja templates: a primer", "Liquid filters reference", "Using shortcodes in WordPress"])
        paras = ["Variables are written in double braces:", "<pre><code>{{ page.title }}\n{% if user %}Hello {{ user.name }}{% endif %}</code></pre>",
                 "Filters change a value, for example <code>{{ price | money }}</code>.",
                 'A shortcode such as <code>[gallery ids="1,2,3"]</code> is replaced when the page renders.']
    elif kind == "seo_spam_article":
        title = rng.choice(["How to clean a hacked WordPress site", "What is SEO spam?", "Hidden links: a hacker's trick"])
        paras = [esc(s) for s in rng.sample(SEO_ARTICLE, 4)]
    else:
        title = rng.choice(["Our favourite links this week", "Link roundup", "Weekend reading"])
        links = rng.sample(REPUTABLE, 8)
        paras = ["Here is what we read this week:"] + [f'<a href="{u}">{esc(n)}</a>: {rng.choice(["a long read", "worth your time", "a new study"])}' for u, n in links]
    rng.shuffle(paras)
    body = "".join(p if p.startswith("<pre") else f"<p>{p}</p>" for p in paras)
    nav = f'<nav><ul>{_same_site_links(rng, 4)}</ul></nav>'
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<link rel="canonical" href="{url}"></head><body><header>{nav}</header><main><article><h1>{esc(title)}</h1>{body}</article></main>'
            f'<footer><p>© {rng.randint(2010, 2025)} {site}</p></footer></body></html>')
    return html, url
