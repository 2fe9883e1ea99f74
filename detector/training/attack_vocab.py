"""The attack library's own vocabulary: spam terms, brands, domains, error and template texts.

Written for this project from general knowledge of how injected spam looks; nothing here is
copied from the corpus, the seed or the detectors' lexicons. Every list is split by hash into
a training pool and a test pool (:func:`pool_of`), so test positives use terms, brands,
domains, hiding methods and insertion points the model never saw in training.
"""

from __future__ import annotations

import hashlib

TEST_SHARE = 34  # percent of each list that goes to the test pool


def pool_of(kind: str, choice: str) -> str:
    """'train' or 'test' for one choice of one list, fixed by hash (never by seed)."""
    h = int(hashlib.sha1(f"{kind}\x00{choice}".encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % 100 < TEST_SHARE else "train"


def split(kind: str, items) -> dict[str, list]:
    """Both pools of a list; each pool gets at least one item."""
    items = list(items)
    out = {"train": [], "test": []}
    for it in items:
        out[pool_of(kind, it if isinstance(it, str) else repr(it))].append(it)
    for a, b in (("train", "test"), ("test", "train")):
        if not out[a] and len(out[b]) > 1:
            out[a].append(out[b].pop())
    return out


# ---------------------------------------------------------------- spam terms (by category)
SPAM_TERMS: dict[str, list[str]] = {
    "pharma": [
        "buy viagra online", "cheap cialis", "levitra without prescription", "generic tadalafil 20mg",
        "kamagra oral jelly", "order tramadol overnight", "xanax no prescription", "buy ambien online",
        "phentermine diet pills", "propecia generic", "valtrex online", "buy modafinil", "sildenafil 100mg cheap",
        "clomid for sale", "accutane online pharmacy", "canadian pharmacy cialis", "viagra kaufen ohne rezept",
        "acheter cialis en ligne", "comprar viagra sin receta", "cialis generico prezzo", "viagra bez recepty",
        "купить виагру недорого", "discount vardenafil", "priligy dapoxetine buy", "soma 350mg no rx",
        "oxycodone without script", "hydrocodone online", "buy adderall online", "cheap zithromax", "lasix online",
        "finasteride pills cheap", "hair loss pills online", "weight loss pills fast", "male enhancement pills",
        "penis enlargement pills", "erection pills over the counter", "ivermectin buy online", "stromectol tablets",
        "tretinoin cream buy", "ozempic without prescription", "semaglutide online cheap", "valium rx free",
    ],
    "casino": [
        "online casino", "best slots bonus", "free spins no deposit", "real money roulette", "online poker room",
        "sports betting odds", "judi bola online", "slot gacor hari ini", "situs slot terpercaya", "togel online",
        "bandar judi terpercaya", "casino en ligne", "online casino ohne lizenz", "казино онлайн", "카지노사이트",
        "토토사이트 추천", "百家乐平台", "网上赌场", "blackjack real money", "bitcoin casino", "live dealer casino",
        "casino bonus codes", "slot online deposit pulsa", "agen sbobet", "pragmatic play demo", "mega888 apk",
        "jackpot slots free", "aviator game bet", "crash gambling site", "apuestas deportivas online",
        "scommesse online bonus", "kasyno online", "bet365 alternative", "no verification casino", "non gamstop casino",
    ],
    "loans": [
        "payday loans", "fast cash advance", "bad credit loans guaranteed approval", "no credit check loans",
        "title loans online", "kredit ohne schufa", "microcréditos rápidos", "займ на карту без отказа",
        "instant payday loan", "cash loans same day", "quick loans bad credit", "installment loans online",
        "pinjaman online cepat", "prestiti senza busta paga", "emergency loans no credit", "loan sharks online",
    ],
    "essay": [
        "write my essay", "buy essay online", "custom essay writing service", "dissertation help online",
        "do my homework", "cheap paper writing service", "essay writer free", "pay someone to write my paper",
        "term paper for sale", "ghostwriter bachelorarbeit", "coursework writing help", "thesis writing service",
    ],
    "replica": [
        "replica rolex", "fake watches for sale", "cheap louis vuitton bags", "michael kors outlet online",
        "ugg boots sale", "nike air max cheap", "ray ban sunglasses outlet", "moncler outlet", "canada goose sale",
        "replica handbags", "christian louboutin outlet", "cheap jordans", "replica watches uk", "fake designer bags",
        "gucci belt replica", "swiss replica watches", "cheap oakley sunglasses", "pandora charms sale",
        "north face outlet", "hermes birkin replica", "cheap nfl jerseys", "yeezy replica", "tiffany jewelry outlet",
    ],
    "crypto": [
        "bitcoin doubler", "crypto investment guaranteed returns", "binary options signals", "forex robot profit",
        "nft airdrop claim", "earn bitcoin fast", "crypto recovery service", "usdt mining platform",
        "bitcoin generator", "double your btc", "elon musk crypto giveaway", "quantum ai trading",
    ],
    "adult": [
        "escort service", "live sex cams", "hot singles near you", "adult dating site", "call girls",
        "sex chat free", "nude webcam", "hookup tonight", "erotic massage", "xxx videos",
    ],
    "seo": [
        "buy instagram followers", "cheap youtube views", "seo backlinks cheap", "buy google reviews",
        "pbn links for sale", "guest post service", "tiktok followers free", "buy facebook likes",
    ],
}

# held-out coverage: terms no lexicon is likely to hold, spread over the categories
SPAM_TERMS_RARE: dict[str, list[str]] = {
    "pharma": ["snovitra super power", "fildena 150 purple", "cenforce professional", "vidalista black 80",
               "malegra fxt plus", "tadapox tablets cheap", "zhewitra soft", "suhagra 100 online"],
    "casino": ["ufabet ทางเข้า", "สล็อตเว็บตรง", "nhà cái uy tín", "link vào w88", "sv388 đá gà",
               "slot88 resmi", "rtp live tertinggi", "maxwin gampang"],
    "replica": ["オメガ スーパーコピー", "ロレックス 偽物 通販", "シャネル 財布 コピー", "ヴィトン バッグ 激安",
                "精仿手表 批发", "高仿包包 一比一"],
    "loans": ["кредит онлайн мгновенно", "pożyczka bez bik", "préstamo rápido sin nómina"],
    "essay": ["edubirdie promo", "hausarbeit schreiben lassen", "mémoire rédaction payante"],
    "crypto": ["skyrocket token presale", "metamask recovery phrase help", "pi network sell coins"],
}

CATEGORIES = tuple(SPAM_TERMS)

BRANDS: dict[str, list[str]] = {
    "replica": ["Rolex", "Omega", "Cartier", "Breitling", "Hublot", "Louis Vuitton", "Gucci", "Prada", "Chanel",
                "Hermes", "Michael Kors", "UGG", "Moncler", "Canada Goose", "Nike", "Ray-Ban", "Oakley", "Pandora",
                "Tiffany", "The North Face", "Timberland", "Longchamp", "Burberry", "Balenciaga", "TAG Heuer",
                "Patek Philippe", "Audemars Piguet", "Dior", "Fendi", "Goyard", "Celine", "Bottega Veneta"],
    "pharma": ["Viagra", "Cialis", "Levitra", "Kamagra", "Xanax", "Tramadol", "Ambien", "Valium", "Soma", "Adderall"],
    "casino": ["Bet365", "1xBet", "Stake", "Mostbet", "Pin-Up", "Melbet", "Sbobet", "Pragmatic Play"],
}

SPAM_WORDS = ["cheap", "buy", "best", "top", "discount", "sale", "outlet", "online", "shop", "store", "deal", "24",
              "rx", "meds", "pills", "pharmacy", "casino", "slots", "bet", "win", "loan", "cash", "essay", "writer",
              "replica", "watches", "bags", "vip", "pro", "king", "club", "hub", "777", "88", "365", "now", "free",
              "fast", "shoes", "jersey", "crypto", "coin", "toto", "gacor", "mall", "wholesale", "luxury", "fake"]
TLDS = ["com", "net", "org", "info", "biz", "xyz", "top", "online", "site", "club", "shop", "cc", "ru", "cn", "pw",
        "co.uk", "in", "us", "me", "icu", "vip", "live", "store", "fun", "space", "win", "bid", "tk", "ml", "ga"]


def spam_domains() -> list[str]:
    """A fixed list of spam-looking domains (generated deterministically, never a real list)."""
    out = []
    words = SPAM_WORDS
    n = len(words)
    for i in range(n):
        for k in (3, 7, 11, 17):
            a, b = words[i], words[(i * k + 5) % n]
            if a == b:
                continue
            tld = TLDS[(i * 31 + k) % len(TLDS)]
            sep = "-" if (i + k) % 3 == 0 else ""
            out.append(f"{a}{sep}{b}.{tld}")
    for j, brand in enumerate(b for bs in BRANDS.values() for b in bs):
        slug = brand.lower().replace(" ", "").replace("-", "")
        w = words[(j * 7) % n]
        out.append(f"{w}{slug}.{TLDS[(j * 13) % len(TLDS)]}")
        out.append(f"{slug}-{words[(j * 5 + 3) % n]}.{TLDS[(j * 3 + 1) % len(TLDS)]}")
    return sorted(set(out))


# hosting platforms where parasite pages are planted (platform did not intend them)
PLATFORM_HOSTS = ["{slug}.blogspot.com", "{slug}.wordpress.com", "{slug}.github.io", "{slug}.weebly.com",
                  "{slug}.wixsite.com", "sites.google.com/view/{slug}", "{slug}.netlify.app", "{slug}.pages.dev",
                  "storage.googleapis.com/{slug}", "{slug}.s3.amazonaws.com", "{slug}.tumblr.com",
                  "{slug}.webflow.io", "{slug}.vercel.app", "{slug}.mystrikingly.com", "telegra.ph/{slug}",
                  "{slug}.livejournal.com", "{slug}.hatenablog.com", "{slug}.over-blog.com", "{slug}.jimdofree.com",
                  "{slug}.firebaseapp.com"]
PARASITE_PATHS = ["/wp-content/uploads/{y}/{slug}.html", "/images/{slug}.php", "/{slug}/", "/?p={n}&{slug}",
                  "/wp-includes/{slug}.html", "/tmp/{slug}.htm", "/cache/{slug}/index.html", "/{slug}-{n}.html",
                  "/news/{slug}.asp", "/.well-known/{slug}.html", "/plugins/{slug}/index.php", "/sites/default/files/{slug}.html"]

# ---------------------------------------------------------------- hiding methods and insertion points
HIDING_STYLES = {
    "display_none": 'style="display:none"',
    "display_none_important": 'style="display: none !important;"',
    "visibility_hidden": 'style="visibility:hidden"',
    "offscreen_left": 'style="position:absolute;left:-9999px;top:-9999px"',
    "offscreen_top": 'style="position:absolute; top:-3000px; overflow:hidden"',
    "font_size_zero": 'style="font-size:0px;line-height:0"',
    "height_zero": 'style="height:0;overflow:hidden"',
    "one_pixel": 'style="width:1px;height:1px;overflow:hidden"',
    "text_indent": 'style="text-indent:-9999px;overflow:hidden;white-space:nowrap;height:1px"',
    "opacity_zero": 'style="opacity:0;position:absolute"',
    "hidden_attr": "hidden",
    "clip_rect": 'style="position:absolute;clip:rect(0,0,0,0);width:1px;height:1px"',
    "scale_zero": 'style="transform:scale(0);position:absolute"',
    "fixed_offscreen": 'style="position:fixed;left:-5000px"',
    "css_class": "@class",  # a <style> rule hides the class
    "js_hidden": "@js",  # a script sets display none after load
    "max_height_zero": 'style="max-height:0;overflow:hidden"',
    "marquee_offscreen": "@marquee",
}
INSERTION_POINTS = ["before_body_close", "after_body_open", "after_html_close", "in_footer", "in_sidebar",
                    "after_first_paragraph", "middle_paragraph", "before_doctype", "end_of_main", "in_header"]

# ---------------------------------------------------------------- foreign-script spam text
FOREIGN_SPAM = {
    "zh": ["最新网上赌场平台，注册即送彩金，百家乐真人视讯在线玩", "信誉最好的体育博彩网站，足球投注赔率最高",
           "澳门娱乐城官方网站，24小时在线充值提款秒到账", "高仿名表一比一复刻，货到付款，全国包邮",
           "代开发票，正规票据，微信联系", "快速贷款无抵押当天放款", "彩票计划群，稳赚不赔，跟单必中"],
    "ja": ["スーパーコピー時計 N級品 激安通販専門店", "ブランドコピー 財布 バッグ 代引き 日本国内発送",
           "オンラインカジノ 入金不要ボーナス 今すぐ登録", "即日融資 審査なし ブラックでも借りれる",
           "最新作 2024 送料無料 大人気 セール中", "精力剤 通販 最安値 正規品保証"],
    "ru": ["Лучшее онлайн казино с бонусом без депозита, выигрывай реальные деньги",
           "Займы на карту без отказа и проверок, деньги за 5 минут", "Купить диплом о высшем образовании недорого",
           "Ставки на спорт с лучшими коэффициентами, промокод на бонус", "Проститутки и индивидуалки вашего города"],
    "ko": ["안전한 토토사이트 추천 메이저놀이터 가입머니 지급", "온라인 카지노 바카라 사이트 실시간 슬롯",
           "먹튀검증 완료된 사설토토 순위", "비아그라 구매 정품 당일배송"],
    "th": ["สล็อตเว็บตรง แตกง่าย ฝากถอนไม่มีขั้นต่ำ", "บาคาร่าออนไลน์ สมัครฟรี รับโบนัส 100%", "แทงบอลออนไลน์ ราคาดีที่สุด"],
    "vi": ["nhà cái uy tín nhất Việt Nam, đăng ký nhận thưởng", "soi kèo bóng đá hôm nay tỷ lệ cược cao", "tải game nổ hũ đổi thưởng"],
    "id": ["situs slot gacor hari ini gampang maxwin", "daftar judi bola online terpercaya deposit pulsa",
           "bocoran rtp slot live tertinggi", "link alternatif togel hongkong"],
    "ar": ["أفضل كازينو اون لاين مع مكافأة ترحيبية", "شراء فياجرا بدون وصفة طبية بسعر رخيص"],
    "tr": ["deneme bonusu veren siteler 2024", "canlı bahis siteleri güvenilir", "casino siteleri bedava bonus"],
}

JP_PRODUCTS = ["ロレックス デイトナ", "オメガ シーマスター", "ルイヴィトン 長財布", "シャネル マトラッセ", "エルメス バーキン",
               "グッチ GGマーモント", "プラダ リュック", "カルティエ タンク", "ウブロ ビッグバン", "モンクレール ダウン",
               "パテックフィリップ ノーチラス", "ディオール サドルバッグ", "バレンシアガ スニーカー", "ブルガリ リング"]
JP_QUALIFIERS = ["スーパーコピー", "コピー 通販", "偽物 見分け方", "N級品 激安", "レプリカ 代引き", "新品 未使用 最安値",
                 "中古 買取 相場", "人気 ランキング", "2024新作 送料無料"]

AI_REFUSALS = [
    "As an AI language model, I cannot provide personal opinions on this topic.",
    "I'm sorry, but I can't assist with that request.",
    "As an AI developed by OpenAI, I don't have access to real-time data.",
    "I apologize, but as a language model I am unable to browse the internet.",
    "Als KI-Sprachmodell kann ich keine persönlichen Meinungen äußern.",
    "En tant que modèle de langage IA, je ne peux pas fournir cette information.",
    "Como modelo de lenguaje de IA, no puedo acceder a información en tiempo real.",
    "作为一个人工智能语言模型，我无法提供这方面的信息。",
    "Certainly! Here is a 500-word SEO-optimized article about the topic you requested:",
    "Regenerate response",
    "I cannot fulfill this request. It goes against my programming guidelines.",
    "My knowledge cutoff is September 2021, so I may not have the latest information.",
]

SPAM_FILLER = [
    "Looking for the best deal? Our trusted store offers {term} with fast worldwide shipping.",
    "{term} – discreet delivery, lowest prices guaranteed, order today and save 70%.",
    "Click here for {term}. Thousands of satisfied customers every day!",
    "Top rated {term}. 24/7 support, secure payment, instant access.",
    "Get {term} now: no registration needed, exclusive bonus for new members.",
    "Why pay more? {term} available here at wholesale prices.",
    "Find {term} reviews, coupons and the best offers of {year}.",
    "{term} {term2} {term3}",
]

# ---------------------------------------------------------------- server errors
PHP_LEVELS = ["Warning", "Notice", "Deprecated", "Fatal error", "Strict Standards", "Parse error", "Catchable fatal error"]
PHP_MESSAGES = {
    "Warning": ["mysql_connect(): Access denied for user '{user}'@'localhost' (using password: YES)",
                "include({file}): failed to open stream: No such file or directory",
                "require_once({file}): Failed to open stream: Permission denied",
                "file_get_contents({file}): failed to open stream: HTTP request failed!",
                "Cannot modify header information - headers already sent by (output started at {path}:{line})",
                "Invalid argument supplied for foreach()",
                "count(): Parameter must be an array or an object that implements Countable",
                "mysqli_num_rows() expects parameter 1 to be mysqli_result, boolean given",
                "Undefined array key \"{var}\"", "Trying to access array offset on value of type null",
                "fopen({file}): failed to open stream: Disk quota exceeded",
                "Use of undefined constant {const} - assumed '{const}'",
                "Division by zero", "array_merge(): Expected parameter 2 to be an array, null given",
                "getimagesize({file}): failed to open stream: Connection refused"],
    "Notice": ["Undefined index: {var}", "Undefined variable: {var}", "Undefined offset: 3",
               "Trying to get property '{var}' of non-object", "Only variables should be passed by reference",
               "Use of undefined constant {const} - assumed '{const}'"],
    "Deprecated": ["Function create_function() is deprecated", "Methods with the same name as their class will not be constructors in a future version of PHP; {cls} has a deprecated constructor",
                   "Non-static method {cls}::getInstance() should not be called statically",
                   "Required parameter ${var} follows optional parameter ${var}2",
                   "Array and string offset access syntax with curly braces is deprecated",
                   "Assigning the return value of new by reference is deprecated"],
    "Fatal error": ["Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)",
                    "Call to undefined function {func}()", "Uncaught Error: Call to a member function {func}() on null",
                    "Maximum execution time of 30 seconds exceeded", "Cannot redeclare {func}() (previously declared in {path}:{line})",
                    "Uncaught Error: Class '{cls}' not found"],
    "Strict Standards": ["Declaration of {cls}::start_lvl() should be compatible with Walker::start_lvl(&$output)",
                         "Non-static method {cls}::display() should not be called statically"],
    "Parse error": ["syntax error, unexpected '}' in", "syntax error, unexpected end of file, expecting function (T_FUNCTION)",
                    "syntax error, unexpected T_STRING"],
    "Catchable fatal error": ["Object of class WP_Error could not be converted to string",
                              "Argument 1 passed to {cls}::__construct() must be an instance of Config, null given"],
}
PATH_TEMPLATES = ["/home/{user}/public_html/{app}/{file}", "/var/www/html/{app}/{file}", "/var/www/{site}/htdocs/{app}/{file}",
                  "/srv/www/vhosts/{site}/httpdocs/{app}/{file}", "C:\\inetpub\\wwwroot\\{app}\\{file}",
                  "/usr/share/nginx/html/{app}/{file}", "/home/{user}/domains/{site}/public_html/{app}/{file}",
                  "/data/web/{user}/www/{app}/{file}", "/home/www/{site}/{app}/{file}", "/hermes/bosweb/web{n}/{app}/{file}",
                  "D:\\hosting\\{user}\\html\\{app}\\{file}", "/kunden/homepages/{n}/d{n}/htdocs/{app}/{file}",
                  "/homepages/{n}/d{n}/htdocs/{app}/{file}", "/var/www/vhosts/{site}/{app}/{file}",
                  "/opt/bitnami/apps/{app}/htdocs/{file}", "/home/{user}/www/{app}/{file}"]
PHP_APPS = ["wp-content/plugins/{plugin}", "wp-content/themes/{theme}", "wp-includes", "includes", "libraries/joomla",
            "modules/{plugin}", "system/core", "application/models", "lib/vendor/{plugin}", "inc", "admin/includes",
            "components/com_{plugin}", "sites/all/modules/{plugin}", "core/lib/Drupal"]
PHP_FILES = ["functions.php", "class-wp-hook.php", "db.php", "config.inc.php", "header.php", "sidebar.php", "index.php",
             "template.php", "common.inc", "bootstrap.php", "loader.php", "widgets.php", "helpers.php", "module.php",
             "database.php", "view.php", "gallery.php", "shortcodes.php"]
PLUGINS = ["revslider", "nextgen-gallery", "contact-form", "slider-pro", "wp-super-cache", "jetpack", "akismet", "seo-pack",
           "woocommerce", "elementor", "simple-share", "fancybox", "mailpoet", "events-calendar", "k2", "virtuemart"]
THEMES = ["twentyeleven", "avada", "divi", "enfold", "genesis", "flatsome", "newspaper", "sahifa", "jupiter", "astra"]
USERS = ["web123", "u48213", "kunde7", "mariaweb", "shopadm", "hostuser", "acct2291", "w0rdpr3ss", "clubsite", "p4566"]
VARS = ["id", "page", "lang", "cat", "HTTP_REFERER", "post_id", "option", "user_id", "tab", "sort"]
CONSTS = ["WPLANG", "ABSPATH_X", "SITE_URL", "PRODUCT_ID", "LANG_DE", "DB_PREFIX"]
CLASSES = ["Walker_Nav_Menu_Ext", "JSite", "Theme_Options", "Plugin_Loader", "Custom_Widget", "Mage_Core_Model", "FrontController"]
FUNCS = ["mysql_query", "get_header_x", "wp_cache_init", "the_field", "split", "ereg_replace", "mb_strlen_x"]

SQL_ERRORS = [
    "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{q}' at line 1",
    "WordPress database error Table '{db}.wp_options' doesn't exist for query SELECT option_value FROM wp_options",
    "SQLSTATE[HY000] [2002] Connection refused",
    "SQLSTATE[42S22]: Column not found: 1054 Unknown column '{var}' in 'field list'",
    "ERROR: syntax error at or near \"{q}\" LINE 1: SELECT * FROM items WHERE",
    "ORA-00933: SQL command not properly ended",
    "Microsoft OLE DB Provider for SQL Server error '80040e14' Unclosed quotation mark after the character string '{q}'.",
    "Error establishing a database connection",
    "Warning: pg_query(): Query failed: ERROR: relation \"{var}\" does not exist",
    "Database error: Invalid SQL: SELECT * FROM {db}_session WHERE id = '{q}' MySQL Error: 1146 (Table doesn't exist)",
    "Unknown column '{var}' in 'where clause' SQL=SELECT * FROM jos_content WHERE",
    "SQLite3::query(): Unable to prepare statement: 1, no such table: {var}",
]
STACK_TRACES = {
    "java": ("java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"{var}\" is null\n"
             "\tat com.{app}.web.{cls}.handle({cls}.java:{line})\n\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)\n"
             "\tat javax.servlet.http.HttpServlet.service(HttpServlet.java:750)"),
    "python": ("Traceback (most recent call last):\n  File \"/srv/{app}/app/views.py\", line {line}, in index\n"
               "    rows = db.execute(query)\n  File \"/usr/lib/python3/dist-packages/sqlalchemy/engine/base.py\", line 1380, in execute\n"
               "KeyError: '{var}'"),
    "dotnet": ("Server Error in '/' Application.\nObject reference not set to an instance of an object.\n"
               "Exception Details: System.NullReferenceException: Object reference not set to an instance of an object.\n"
               "Stack Trace:\n[NullReferenceException]\n   {cls}.Page_Load(Object sender, EventArgs e) in D:\\Sites\\{app}\\Default.aspx.cs:{line}"),
    "node": ("TypeError: Cannot read properties of undefined (reading '{var}')\n    at Object.render (/var/app/{app}/server/render.js:{line}:17)\n"
             "    at Layer.handle [as handle_request] (/var/app/{app}/node_modules/express/lib/router/layer.js:95:5)"),
    "ruby": ("NoMethodError in PostsController#show\nundefined method `{var}' for nil:NilClass\n"
             "app/controllers/posts_controller.rb:{line}:in `show'\nRails.root: /home/deploy/{app}/releases/20230412"),
    "django": ("OperationalError at /{var}/\nno such table: {app}_article\nRequest Method: GET\nDjango Version: 3.2.9\n"
               "Exception Location: /usr/local/lib/python3.9/site-packages/django/db/backends/sqlite3/base.py, line 423\nPython Executable: /usr/local/bin/python"),
    "laravel": ("Illuminate\\Database\\QueryException\nSQLSTATE[HY000] [1045] Access denied for user 'forge'@'localhost'\n"
                "/home/forge/{app}/vendor/laravel/framework/src/Illuminate/Database/Connection.php:{line}"),
    "tomcat": ("HTTP Status 500 – Internal Server Error\nType Exception Report\nMessage Request processing failed\n"
               "org.apache.jasper.JasperException: An exception occurred processing [/WEB-INF/views/{var}.jsp] at line [{line}]"),
}

# ---------------------------------------------------------------- template debris
TEMPLATE_TAGS = ["{{ product.title }}", "{{ page.meta_description }}", "{{price | currency}}", "{% if user.is_authenticated %}",
                 "{% endfor %}", "<%= @post.body %>", "${article.author}", "[[ footer.links ]]", "{$smarty.const.SITE_NAME}",
                 "{{{content}}}", "%%POST_TITLE%%", "#{headline}", "{{ 'cart.general.title' | t }}", "{{#each items}}",
                 "{{/if}}", "<?php echo $title; ?>", "<?= $row['name'] ?>", "{{ $t('nav.home') }}", "{{trans('messages.welcome')}}",
                 "[%- INCLUDE header.tt -%]", "{!! $content !!}", "{{ lorem_ipsum }}", "[[*pagetitle]]", "{tag_description}",
                 "$$PRICE$$", "__TITLE__", "{CUSTOMER_NAME}", "${{ secrets.TOKEN }}"]
SHORTCODES = ['[vc_row][vc_column width="1/2"]', '[contact-form-7 id="{n}" title="Contact form 1"]', '[gallery ids="{n},{n}2"]',
              '[et_pb_section fb_built="1"][et_pb_row]', '[rev_slider alias="home"]', '[/vc_column][/vc_row]',
              '[fusion_builder_container hundred_percent="no"]', '[su_button url="#"]Download[/su_button]',
              '[caption id="attachment_{n}" align="aligncenter" width="640"]', '[woocommerce_cart]', '[embed]video[/embed]',
              '[av_section min_height=""]', '[tve_leads_form id={n}]']
SPINTAX_WORDS = [["best", "top", "greatest", "finest"], ["casino", "gambling site", "betting house"],
                 ["website", "site", "web page", "portal"], ["great", "awesome", "nice", "wonderful"],
                 ["article", "post", "piece of writing", "write-up"], ["thanks", "thank you", "many thanks"],
                 ["information", "info", "details"], ["cheap", "affordable", "low-cost"]]

# ---------------------------------------------------------------- scripts
SCRIPT_STYLES = ["eval_atob", "fromcharcode", "unescape_write", "hex_array", "packer", "referrer_redirect", "settimeout_redirect",
                 "external_src", "createelement_src", "document_write_iframe", "meta_refresh", "cookie_gated_redirect"]

# ---------------------------------------------------------------- webshells
SHELL_STYLES = ["filemanager", "uname_banner", "upload_only", "console", "sysinfo", "login_gate"]
SHELL_NAMES = ["wso.php", "alfa.php", "shell.php", "up.php", "wp-info.php", "cmd.php", "x.php", "c99.php",
               "indo.php", "sym.php", "0byte.php", "about.php", "wp-blog-header2.php", "radio.php"]
