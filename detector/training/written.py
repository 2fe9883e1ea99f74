"""Written hard negatives: small legitimate pages generated here from our own sentences.

Each kind is a genre of real page that legitimately carries what injections carry (the genres
that quote errors and placeholders the untidy way real pages do are in ``written_quotes.py``): a Q&A
thread or forum post that quotes a PHP warning, SQL error or stack trace with a server path;
a changelog or bug report with a traceback; template-engine documentation; a security article
that quotes spam anchors; health news and pharmacy pages naming pills; gambling regulation news;
loan and bank pages; watch reviews linking brand sites; essay-writing advice; link roundups.

Pages are assembled from pools of sentences, layouts and generated details (paths, function
names, line numbers, engines, languages), so that no two pages are the same text: the model
must learn the *context* (a question, a code block, a discussion, an on-topic page), not a few
fixed paragraphs. None of these strings come from the attack library's vocabulary.
"""

from __future__ import annotations

import html as htmlmod
import random
import re

esc = htmlmod.escape

from detector.training.written_quotes import GENRES as QUOTE_GENRES
from detector.training.written_quotes import QUOTE_IMITATES, QUOTE_KINDS

BASE_KINDS = ("watch_blog", "medical_page", "php_tutorial", "template_docs", "seo_spam_article", "link_roundup_page",
              "error_question", "bug_report", "gambling_news", "loan_page", "essay_advice", "pharmacy_shop")
WRITTEN_KINDS = BASE_KINDS + QUOTE_KINDS

# the attack family each kind of page imitates (leave-one-family-out leaves these out too)
IMITATES = {"watch_blog": "offtopic_link", "medical_page": "spam_text", "php_tutorial": "server_error",
            "template_docs": "template_debris", "seo_spam_article": "spam_text", "link_roundup_page": "offtopic_link",
            "error_question": "server_error", "bug_report": "server_error", "gambling_news": "parasite_page",
            "loan_page": "parasite_page", "essay_advice": "parasite_page", "pharmacy_shop": "spam_text", **QUOTE_IMITATES}

_SITE_WORDS = ["zeit", "uhren", "health", "code", "dev", "notes", "journal", "review", "blog", "praxis", "wiki", "guide",
               "tech", "atelier", "studio", "daily", "lab", "kiosk", "forum", "club", "north", "river", "stack", "byte",
               "metro", "civic", "kitchen", "garden", "press", "post", "hub", "works"]
_TLDS = ["com", "de", "org", "net", "fr", "co.uk", "io", "es", "it", "nl", "com.au", "ch"]

# ------------------------------------------------------------------------------ details


def _user(rng: random.Random) -> str:
    return rng.choice(["anna", "dev", "mike", "jsmith", "webadmin", "paul", "site", "kim", "olga", "tom", "lucia", "deploy"])


def _server_path(rng: random.Random) -> str:
    app = rng.choice(["app", "shop", "blog", "project", "site", "myapp", "test", "cms", "portal"])
    return rng.choice([f"/home/{_user(rng)}/public_html", "/var/www/html", f"/var/www/{app}", f"/srv/{app}",
                       f"/Users/{_user(rng)}/Sites/{app}", f"C:\\xampp\\htdocs\\{app}", f"/opt/{app}",
                       f"/home/{_user(rng)}/{app}", f"C:\\inetpub\\wwwroot\\{app}"])


def _php_file(rng: random.Random) -> str:
    return rng.choice(["index.php", "config.php", "includes/db.php", "lib/functions.php", "login.php", "cart.php",
                       "wp-content/themes/child/functions.php", "app/Http/Controllers/UserController.php",
                       "src/Controller/PageController.php", "inc/header.php", "admin/upload.php", "api/save.php"])


def _join(root: str, rel: str) -> str:
    return root + ("\\" + rel.replace("/", "\\") if "\\" in root else "/" + rel)


def php_message(rng: random.Random) -> str:
    """A PHP error line as people paste it into a question."""
    where = _join(_server_path(rng), _php_file(rng))
    line = rng.randint(2, 480)
    var = rng.choice(["id", "name", "email", "page", "user_id", "action", "lang", "qty", "token"])
    return rng.choice([
        f"Warning: mysqli_fetch_assoc() expects parameter 1 to be mysqli_result, bool given in {where} on line {line}",
        f"Notice: Undefined index: {var} in {where} on line {line}",
        f"Warning: Undefined variable ${var} in {where} on line {line}",
        f"Fatal error: Uncaught Error: Call to undefined function {rng.choice(['mysql_connect', 'get_field', 'curl_init', 'imagecreatefromjpeg'])}() in {where}:{line}",
        f"Warning: include({rng.choice(['config.php', 'header.php', 'vendor/autoload.php'])}): Failed to open stream: No such file or directory in {where} on line {line}",
        f"Parse error: syntax error, unexpected '{rng.choice(['}', ';', 'else', 'endif'])}' in {where} on line {line}",
        f"Warning: Cannot modify header information - headers already sent by (output started at {where}:{line}) in {_join(_server_path(rng), 'login.php')} on line {rng.randint(2, 90)}",
        f"Fatal error: Allowed memory size of {rng.choice(['134217728', '268435456'])} bytes exhausted (tried to allocate {rng.randint(20, 90000)} bytes) in {where} on line {line}",
        f"Deprecated: {rng.choice(['Required parameter $b follows optional parameter $a', 'Function create_function() is deprecated', 'Array and string offset access syntax with curly braces is deprecated'])} in {where} on line {line}",
        f"Warning: session_start(): Session cannot be started after headers have already been sent in {where} on line {line}",
    ])


def sql_message(rng: random.Random) -> str:
    table = rng.choice(["users", "orders", "wp_posts", "products", "sessions", "customers", "invoices"])
    return rng.choice([
        f"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{rng.choice(['WHERE id =', 'ORDER BY', 'LIMIT 0,10', 'FROM ' + table])}' at line 1",
        f"SQLSTATE[42S02]: Base table or view not found: 1146 Table '{rng.choice(['shop', 'app', 'laravel', 'wp'])}.{table}' doesn't exist",
        f"SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '{rng.randint(1, 999)}' for key 'PRIMARY'",
        f"ERROR:  relation \"{table}\" does not exist\nLINE 1: SELECT * FROM {table} WHERE id = $1",
        f"ERROR 1045 (28000): Access denied for user '{_user(rng)}'@'localhost' (using password: YES)",
        "ORA-00942: table or view does not exist",
        f"pg_query(): Query failed: ERROR:  column \"{rng.choice(['created', 'email', 'slug'])}\" does not exist",
        f"Unknown column '{rng.choice(['user_name', 'price', 'status'])}' in 'field list'",
    ])


def stack_trace(rng: random.Random) -> str:
    kind = rng.choice(["python", "java", "node", "dotnet", "ruby"])
    root = _server_path(rng).replace("\\", "/") if rng.random() < 0.6 else f"/home/{_user(rng)}/{rng.choice(['proj', 'api', 'bot'])}"
    if kind == "python":
        mod = rng.choice(["views", "models", "tasks", "utils", "main"])
        return ("Traceback (most recent call last):\n"
                f'  File "{root}/{mod}.py", line {rng.randint(5, 300)}, in {rng.choice(["handle", "get", "run", "save"])}\n'
                f"    {rng.choice(['data = json.loads(body)', 'user = User.objects.get(pk=pk)', 'return items[0]', 'total += row[3]'])}\n"
                f"{rng.choice(['KeyError', 'IndexError: list index out of range', 'TypeError: unsupported operand type(s)', 'django.db.utils.OperationalError: no such table: app_user', 'ValueError: invalid literal for int()'])}")
    if kind == "java":
        pkg = rng.choice(["com.example.shop", "org.acme.api", "de.firma.portal"])
        return (f"java.lang.{rng.choice(['NullPointerException', 'IllegalStateException: Failed to load ApplicationContext', 'ClassCastException'])}\n"
                f"\tat {pkg}.service.{rng.choice(['OrderService', 'UserService'])}.{rng.choice(['save', 'find', 'load'])}({rng.choice(['OrderService', 'UserService'])}.java:{rng.randint(10, 400)})\n"
                f"\tat {pkg}.web.Controller.handle(Controller.java:{rng.randint(10, 200)})\n"
                "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:883)")
    if kind == "node":
        return (f"TypeError: Cannot read properties of undefined (reading '{rng.choice(['map', 'length', 'id', 'then'])}')\n"
                f"    at {rng.choice(['render', 'handler', 'Object.<anonymous>'])} ({root}/src/{rng.choice(['index', 'app', 'routes/api'])}.js:{rng.randint(3, 200)}:{rng.randint(2, 40)})\n"
                f"    at Module._compile (node:internal/modules/cjs/loader:{rng.randint(1100, 1400)}:14)")
    if kind == "dotnet":
        return (f"System.{rng.choice(['NullReferenceException: Object reference not set to an instance of an object.', 'InvalidOperationException: Sequence contains no elements', 'Data.SqlClient.SqlException: Invalid object name'])}\n"
                f"   at {rng.choice(['Shop', 'Portal', 'Intranet'])}.Controllers.HomeController.Index() in C:\\Projects\\{rng.choice(['Shop', 'Portal'])}\\Controllers\\HomeController.cs:line {rng.randint(10, 200)}")
    return (f"NoMethodError (undefined method `{rng.choice(['name', 'each', 'title'])}' for nil:NilClass):\n"
            f"  app/controllers/{rng.choice(['posts', 'users', 'orders'])}_controller.rb:{rng.randint(5, 90)}:in `{rng.choice(['show', 'index', 'create'])}'")


def template_snippet(rng: random.Random) -> tuple[str, str]:
    """(engine, a code sample) of template syntax as documentation shows it."""
    engine = rng.choice(["Jinja", "Twig", "Liquid", "Handlebars", "Mustache", "Blade", "Django templates", "WordPress shortcodes",
                         "ERB", "Go templates", "Freemarker", "Vue"])
    var = rng.choice(["user.name", "page.title", "product.price", "post.author", "item", "site.name", "order.total"])
    coll = rng.choice(["posts", "items", "products", "users", "comments"])
    code = {
        "Jinja": f"{{% for x in {coll} %}}\n  <li>{{{{ x.title | e }}}}</li>\n{{% endfor %}}",
        "Twig": f"{{{{ {var}|upper }}}}\n{{% if {coll} is empty %}}No results{{% endif %}}",
        "Liquid": f"{{{{ {var} | escape }}}}\n{{% for p in {coll} limit:3 %}}{{{{ p.url }}}}{{% endfor %}}",
        "Handlebars": f"{{{{#each {coll}}}}}\n  <p>{{{{this.name}}}}</p>\n{{{{/each}}}}",
        "Mustache": f"{{{{#{coll}}}}}\n  <b>{{{{name}}}}</b>\n{{{{/{coll}}}}}",
        "Blade": f"@foreach (${coll} as $x)\n  {{{{ $x->title }}}}\n@endforeach",
        "Django templates": f"{{% load static %}}\n{{{{ {var}|default:\"n/a\" }}}}",
        "WordPress shortcodes": rng.choice(['[gallery ids="12,15,19" columns="3"]', '[contact-form-7 id="42" title="Contact"]', '[caption id="a1" align="alignleft"]Photo[/caption]']),
        "ERB": f"<% {coll}.each do |x| %>\n  <%= x.title %>\n<% end %>",
        "Go templates": f"{{{{range .{coll.title()}}}}}{{{{.Name}}}}{{{{end}}}}",
        "Freemarker": f"<#list {coll} as x>${{x.name}}</#list>",
        "Vue": f"<li v-for=\"x in {coll}\">{{{{ x.title }}}}</li>",
    }[engine]
    return engine, code


# ------------------------------------------------------------------------------ genres

_QUESTION_INTROS = [
    "I am getting this error after moving the site to a new host:", "My script worked yesterday, now it prints:",
    "After upgrading to PHP 8 I see the following message on every page:", "Can someone explain what this means?",
    "When I submit the form the page shows:", "I followed the tutorial but I get:", "Any idea why this happens?",
    "Nach dem Update bekomme ich diese Fehlermeldung:", "Depuis la mise à jour, j'ai cette erreur :",
    "Al enviar el formulario aparece este error:", "Dopo l'aggiornamento ricevo questo errore:"]
_QUESTION_TAILS = [
    "Here is the relevant part of my code.", "I already checked the permissions of the folder.",
    "The same code runs fine on my local machine.", "What am I doing wrong?", "Thanks in advance for any help!",
    "I have searched for hours and tried everything I found.", "Is this a bug in the framework or in my code?"]
_ANSWERS = [
    "The query failed, so the function returned false. Check the return value before using it, and print the database error.",
    "You are sending output before the header call. Remove the whitespace before the opening tag, or move the redirect up.",
    "The variable is only set when the form is posted. Use isset() or the null coalescing operator.",
    "Never show errors to visitors on a live site: set display_errors to Off and log them instead.",
    "The path is relative to the working directory, not to the file. Use __DIR__ to build it.",
    "Your table name is wrong or the migration did not run. Run the migrations again and check the connection settings.",
    "Increase the memory limit only as a last resort; the loop loads every row into memory.",
    "This is covered in the manual, see the section on error handling.",
    "Der Pfad stimmt nicht: nimm __DIR__ als Basis.", "Il faut vérifier que la requête a réussi avant de lire le résultat."]
_CODE = [
    "$result = mysqli_query($conn, $sql);\nwhile ($row = mysqli_fetch_assoc($result)) {\n    echo $row['title'];\n}",
    "if ($_POST['email']) {\n    header('Location: thanks.php');\n}",
    "require 'config.php';\n$pdo = new PDO($dsn, $user, $pass);",
    "def get(self, request, pk):\n    item = Item.objects.get(pk=pk)\n    return render(request, 'item.html', {'item': item})",
    "app.get('/api/items', async (req, res) => {\n  const rows = await db.all(sql);\n  res.json(rows.map(r => r.id));\n});",
    "SELECT id, title FROM posts WHERE author = ? ORDER BY created DESC LIMIT 10;"]


def _error(rng: random.Random) -> str:
    return rng.choice([php_message, php_message, sql_message, stack_trace])(rng)


def _q_and_a(rng: random.Random, title: str) -> list[str]:
    blocks = [f"<p>{esc(rng.choice(_QUESTION_INTROS))}</p>", f"<pre><code>{esc(_error(rng))}</code></pre>"]
    if rng.random() < 0.7:
        blocks.append(f"<p>{esc(rng.choice(_QUESTION_TAILS))}</p><pre><code>{esc(rng.choice(_CODE))}</code></pre>")
    blocks.append(f'<div class="meta">{rng.choice(["asked", "Asked", "posted"])} {rng.randint(2, 11)} years ago · '
                  f'{rng.choice(["viewed", "Viewed"])} {rng.randint(2, 900)}k times · {rng.choice(["php", "mysql", "python", "laravel", "wordpress", "java", "node.js"])}</div>')
    for k in range(rng.randint(1, 3)):
        blocks.append(f'<div class="answer"><span class="votes">{rng.randint(0, 400)}</span><p>{esc(rng.choice(_ANSWERS))}</p>'
                      f'<p class="meta">answered {rng.choice(["Mar", "Jun", "Oct", "Jan"])} {rng.randint(1, 28)}, {rng.randint(2011, 2025)}</p></div>')
    return blocks


_SEO_ARTICLE = [
    "Attackers who break into a site often add hidden links to gambling, pill or loan pages, because links from an old site pass ranking to theirs.",
    "In the Japanese keyword hack, thousands of new pages appear on the hacked domain, with titles in Japanese selling designer goods.",
    "A pharma hack shows normal pages to visitors but pill advertisements to search engine crawlers, a trick called cloaking.",
    "Look at your footer in the page source: a block of links hidden with display:none or pushed off-screen is a typical sign.",
    "Common anchors in such link blocks are phrases like cheap pills, online casino or buy essays, pointing to unrelated domains.",
    "Outdated plugins and stolen FTP passwords are the usual way in; update everything and change the passwords.",
    "Search Console sends a security warning when Google detects hacked content; after the clean-up you can request a review.",
    "A web shell is a small script that gives the attacker a file manager and a command line on your server.",
    "Leaked error messages help attackers too: a warning that prints /home/user/public_html tells them your account name.",
    "Spam comments with links to counterfeit shops are a different problem from a hacked theme, but both hurt your ranking.",
    "Gehackte Websites bekommen oft versteckte Links auf Casino- und Potenzmittel-Seiten.",
    "Les sites piratés affichent parfois des liens cachés vers des casinos en ligne ou des pharmacies douteuses.",
]
_HEALTH = [
    "Sildenafil, sold under the brand name Viagra, is a prescription medicine for erectile dysfunction.",
    "Tadalafil (Cialis) works for up to 36 hours; doctors advise against combining it with nitrates.",
    "Do not buy pills from websites that sell without a prescription: many of them are counterfeit.",
    "Generic versions became available when the patent expired, and prices fell sharply.",
    "Common side effects include headache, flushing and a blocked nose.",
    "Tramadol is an opioid painkiller; it can cause dependence and must be prescribed by a doctor.",
    "Finasteride is used for hair loss; patients should report mood changes to their doctor.",
    "Your pharmacist can answer questions about dosage and interactions.",
    "Erectile dysfunction can be an early sign of heart disease or diabetes, so see your GP.",
    "Regulators warned this year about fake weight-loss injections sold on social media.",
    "Sildenafil ist verschreibungspflichtig; sprechen Sie mit Ihrem Arzt.",
    "Le sildénafil ne doit pas être pris avec des dérivés nitrés.",
]
_GAMBLING = [
    "The gambling regulator fined the online casino operator for failing to check where customers' money came from.",
    "New rules limit slot stakes online to five pounds per spin for adults over 25.",
    "Sports betting revenue rose after the state legalised mobile wagers last year.",
    "Problem gambling charities welcomed the ban on betting sponsors on shirts.",
    "The lottery jackpot rolled over again; the draw is on Saturday night.",
    "Bookmakers offered odds of 5 to 1 on the underdog before the final.",
    "The casino resort adds 300 hotel rooms and a convention centre.",
    "If gambling is causing you problems, free help is available 24 hours a day.",
    "Die Glücksspielbehörde hat mehreren Online-Casinos die Lizenz entzogen.",
    "La loterie nationale a reversé une partie des mises au patrimoine.",
]
_LOANS = [
    "A personal loan from our bank comes with a fixed rate and no early repayment fee.",
    "Payday loans can cost far more than they seem: the regulator capped the daily interest rate.",
    "Compare the annual percentage rate (APR), not only the monthly payment.",
    "Borrowers with a poor credit history should speak to a free debt advice service first.",
    "The consumer watchdog ordered the lender to refund customers who were sold loans they could not afford.",
    "Mortgage rates fell for the third month in a row.",
    "Representative example: borrowing 5,000 over 36 months at 7.9% APR.",
    "Ein Ratenkredit lohnt sich nur, wenn die Rate dauerhaft tragbar ist.",
]
_ESSAY = [
    "The writing centre offers free one-to-one sessions on structuring an essay.",
    "Paying someone to write your essay is contract cheating and breaks the academic integrity policy.",
    "Start with a clear thesis statement and support each paragraph with evidence.",
    "Essay mills advertise cheap custom papers; universities can detect them and the penalties are severe.",
    "Cite every source you use; the library has guides for APA, MLA and Harvard style.",
    "Book a consultation at least two days before your deadline.",
    "Proofreading services that rewrite your work are not allowed for assessed coursework.",
]
_WATCH = [
    "We spent a week with the watch: the bezel action is crisp and the bracelet has a new clasp.",
    "Beware of replica watches sold online: the movement and the finishing give them away.",
    "Prices at authorised dealers have risen twice this year, and waiting lists are long.",
    "The dial is lacquered and the lume is strong enough for a night dive.",
    "Counterfeit luxury goods worth millions were seized at the port, customs said.",
    "The outlet centre opens a new wing with forty shops next spring.",
    "Second-hand prices of steel sports models have fallen since last year.",
]
_BRANDS = [("https://www.rolex.com/", "Rolex"), ("https://www.omegawatches.com/", "Omega"), ("https://www.seikowatches.com/", "Seiko"),
           ("https://www.tudorwatch.com/", "Tudor"), ("https://www.longines.com/", "Longines"), ("https://www.hamiltonwatch.com/", "Hamilton")]
_OFFICIAL = [("https://www.nhs.uk/medicines/", "NHS medicines A-Z"), ("https://www.fda.gov/drugs", "FDA"), ("https://www.ema.europa.eu/", "EMA"),
             ("https://www.gamblingcommission.gov.uk/", "Gambling Commission"), ("https://www.begambleaware.org/", "BeGambleAware"),
             ("https://www.fca.org.uk/", "Financial Conduct Authority"), ("https://www.moneyhelper.org.uk/", "MoneyHelper"),
             ("https://developers.google.com/search/docs", "Google Search Central"), ("https://owasp.org/", "OWASP"),
             ("https://www.php.net/manual/", "PHP manual"), ("https://owl.purdue.edu/", "Purdue OWL")]
REPUTABLE = [("https://en.wikipedia.org/wiki/Main_Page", "Wikipedia"), ("https://www.bbc.com/news", "BBC News"),
             ("https://github.com/", "GitHub"), ("https://www.nature.com/", "Nature"), ("https://www.who.int/", "World Health Organization"),
             ("https://www.theguardian.com/", "The Guardian"), ("https://developer.mozilla.org/", "MDN Web Docs"),
             ("https://www.nasa.gov/", "NASA"), ("https://www.un.org/", "United Nations"), ("https://archive.org/", "Internet Archive"),
             ("https://www.tagesschau.de/", "tagesschau"), ("https://www.lemonde.fr/", "Le Monde"), ("https://www.nhk.or.jp/", "NHK"),
             ("https://www.python.org/", "Python"), ("https://stackoverflow.com/", "Stack Overflow"), ("https://www.reuters.com/", "Reuters")]

_TITLES = {
    "watch_blog": ["Hands-on: the new diver", "Five dive watches under 5,000", "Buying a watch second-hand", "Review: a field watch for everyday"],
    "medical_page": ["Sildenafil: uses and side effects", "Erectile dysfunction: treatments", "Painkillers explained", "Generic pills: what changes?"],
    "php_tutorial": ["Fixing 'headers already sent' in PHP", "PHP error reporting explained", "Debugging include paths", "Reading PHP error messages"],
    "template_docs": ["Template syntax: a primer", "Filters reference", "Using shortcodes", "Loops and conditions in templates"],
    "seo_spam_article": ["How to clean a hacked site", "What is SEO spam?", "Hidden links: a hacker's trick", "Signs your site was hacked"],
    "link_roundup_page": ["Our favourite links this week", "Link roundup", "Weekend reading", "Sources and further reading"],
    "error_question": ["Error after moving to a new server", "Why does my query fail?", "Blank page after update", "Fehler nach dem Update"],
    "bug_report": ["Crash when saving a draft", "500 error on checkout", "Import fails with large files", "Release notes 4.2.1"],
    "gambling_news": ["Regulator fines online casino", "New limits for online slots", "Betting sponsors banned", "Casino resort expands"],
    "loan_page": ["Personal loans", "What a payday loan really costs", "Compare loan offers", "Kredit vergleichen"],
    "essay_advice": ["Writing your first essay", "Academic integrity and essay mills", "Citing your sources", "Book a writing consultation"],
    "pharmacy_shop": ["Your local pharmacy online", "Prescriptions and repeat orders", "Travel health clinic", "Apotheke am Markt"],
}


def _paras(pool: list[str], rng: random.Random, lo: int = 3, hi: int = 7) -> list[str]:
    return [f"<p>{esc(s)}</p>" for s in rng.sample(pool, min(len(pool), rng.randint(lo, hi)))]


def _linked(links: list[tuple[str, str]], rng: random.Random, k: int) -> str:
    picks = rng.sample(links, min(k, len(links)))
    return "<p>" + rng.choice(["More at ", "Sources: ", "See also ", "Read the guidance of "]) + ", ".join(
        f'<a href="{u}">{esc(n)}</a>' for u, n in picks) + ".</p>"


def _body(kind: str, rng: random.Random, title: str) -> list[str]:
    if kind == "watch_blog":
        return _paras(_WATCH, rng) + [_linked(_BRANDS, rng, rng.randint(1, 3))]
    if kind == "medical_page":
        return _paras(_HEALTH, rng) + [_linked(_OFFICIAL[:3], rng, 1)]
    if kind == "pharmacy_shop":
        items = "".join(f"<li>{esc(n)} – {rng.randint(3, 30)}.{rng.randint(10, 99)} €</li>" for n in rng.sample(
            ["Ibuprofen 400 mg, 20 tablets", "Paracetamol 500 mg", "Sun cream SPF 50", "Allergy tablets", "Vitamin D3 drops",
             "Nasal spray", "Plasters, assorted", "Hand cream"], 4))
        return ([f"<p>{esc(rng.choice(['Order your repeat prescription online and collect it in store.', 'Prescription medicines such as sildenafil are only dispensed against a prescription.', 'Our pharmacists offer a free medicines check.']))}</p>",
                 f"<ul>{items}</ul>"] + _paras(_HEALTH, rng, 1, 3))
    if kind == "php_tutorial":
        blocks = [f"<p>{esc(rng.choice(['When PHP hits a problem it prints a message like this one:', 'A typical message looks like this:', 'You will often see a line such as:']))}</p>",
                  f"<pre>{esc(php_message(rng))}</pre>",
                  f"<p>{esc(rng.choice(_ANSWERS))}</p>",
                  "<pre><code>ini_set('display_errors', '0');\nerror_log($e->getMessage());</code></pre>"]
        return blocks + [_linked(_OFFICIAL[9:10], rng, 1)]
    if kind == "error_question":
        return _q_and_a(rng, title)
    if kind == "bug_report":
        return [f"<p>{esc(rng.choice(['Steps to reproduce: open the editor, add an image, press save.', 'Expected: the order is saved. Actual: a 500 error.', 'Environment: Ubuntu 22.04, PHP 8.2, MySQL 8.']))}</p>",
                f"<pre>{esc(_error(rng))}</pre>",
                f"<p>{esc(rng.choice(['Fixed in 4.2.1, thanks for the report.', 'Could you attach the full log?', 'I can reproduce this on the main branch.', 'Duplicate of an older issue.']))}</p>"]
    if kind == "template_docs":
        out = []
        for _ in range(rng.randint(2, 4)):
            engine, code = template_snippet(rng)
            out.append(f"<h2>{esc(engine)}</h2><p>{esc(rng.choice(['Variables are written like this:', 'A loop looks like this:', 'The syntax is:', 'For example:']))}</p><pre><code>{esc(code)}</code></pre>")
        out.append(f"<p>{esc(rng.choice(['Spintax such as {Hello|Hi} is expanded by some tools, one variant per page.', 'Placeholders like %s or {name} are filled in when the message is translated.', 'Unknown variables render as empty strings.']))}</p>")
        return out
    if kind == "seo_spam_article":
        return _paras(_SEO_ARTICLE, rng, 3, 6) + [_linked(_OFFICIAL[7:9], rng, 1)]
    if kind == "gambling_news":
        return _paras(_GAMBLING, rng) + [_linked(_OFFICIAL[3:5], rng, 1)]
    if kind == "loan_page":
        return _paras(_LOANS, rng) + [_linked(_OFFICIAL[5:7], rng, 1)]
    if kind == "essay_advice":
        return _paras(_ESSAY, rng) + [_linked(_OFFICIAL[10:], rng, 1)]
    links = rng.sample(REPUTABLE, rng.randint(5, 10))
    return [f"<p>{esc(rng.choice(['Here is what we read this week:', 'Links worth your time:', 'Our sources:']))}</p>"] + [
        f'<p><a href="{u}">{esc(n)}</a>: {rng.choice(["a long read", "worth your time", "a new study", "background"])}</p>' for u, n in links]


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "page"


def _same_site_links(rng: random.Random, k: int) -> str:
    pages = [("/", "Home"), ("/about/", "About"), ("/contact/", "Contact"), ("/blog/", "Blog"), ("/news/", "News"),
             ("/impressum/", "Impressum"), ("/shop/", "Shop"), ("/category/events/", "Events"), ("/faq/", "FAQ"),
             ("/questions/", "Questions"), ("/tags/", "Tags"), ("/docs/", "Docs"), ("/archive/", "Archive"), ("/privacy/", "Privacy")]
    return "".join(f'<li><a href="{u}">{n}</a></li>' for u, n in rng.sample(pages, k))


def written_page(kind: str, i: int, rng: random.Random) -> tuple[str, str]:
    """(html, url) of a small legitimate page of the given kind, assembled from our own pools."""
    site = f"{rng.choice(_SITE_WORDS)}{rng.choice(_SITE_WORDS)}{i}.{rng.choice(_TLDS)}"
    if kind in QUOTE_GENRES:
        title, blocks = QUOTE_GENRES[kind](rng)
    else:
        title = rng.choice(_TITLES[kind])
        blocks = _body(kind, rng, title)
    # URL shapes vary as real sites' do (a title slug, a numeric id, a query string), so that the
    # shape of a written page's URL says nothing about its label
    shape = rng.random()
    folder = rng.choice(['', 'blog/', 'questions/', 'docs/', 'news/', 'p/', 'forum/', 'status/'])
    if shape < 0.45:
        url = f"https://www.{site}/{folder}{_slug(title)}-{i}/"
    elif shape < 0.7:
        url = f"https://www.{site}/{folder}{rng.randint(100, 99999)}"
    else:
        url = f"https://www.{site}/{rng.choice(['index.php', 'viewtopic.php', 'page.php', ''])}?{rng.choice(['p', 't', 'id'])}={rng.randint(10, 99999)}"
    if kind not in ("error_question", "bug_report", "php_tutorial", "template_docs") + QUOTE_KINDS:
        rng.shuffle(blocks)
    nav = f"<nav><ul>{_same_site_links(rng, rng.randint(3, 7))}</ul></nav>"
    aside = (f'<aside><h3>{rng.choice(["Related", "Popular", "Tags"])}</h3><ul>{_same_site_links(rng, 3)}</ul></aside>'
             if rng.random() < 0.5 else "")
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<link rel="canonical" href="{url}"></head><body><header>{nav}</header><main><article><h1>{esc(title)}</h1>'
            f'{"".join(blocks)}</article>{aside}</main>'
            f'<footer><p>© {rng.randint(2010, 2025)} {site}</p></footer></body></html>')
    return html, url
