"""Server errors (SEO601-SEO604) and path disclosure (SEO605).

Example files under tests/examples/server_errors/ are written by us: ``bad_*`` leak an error,
``okay_*`` quote or mention one (a PHP tutorial with warnings in <pre>, a Q&A page, server
docs with paths in <code>, a news story saying "fatal error"). The labelled corpus pages and
the seed come from ../shared and are read in place.
"""

from __future__ import annotations

import math

import pytest

from conftest import CORPUS, EXAMPLES, SEED, assert_at_least, assert_only_weak, corpus_labels, run_detectors, weight
from detector.detectors.server_errors import DatabaseErrors, DebugPages, PathDisclosure, PhpErrors, StackTraces
from detector.page import page_from_file, page_from_text

DETECTORS = (PhpErrors(), DatabaseErrors(), StackTraces(), DebugPages(), PathDisclosure())
DIR = EXAMPLES / "server_errors"


def run(page):
    return run_detectors(DETECTORS, page)


def strongest(findings, fid):
    fs = [f for f in findings if f.id == fid]
    return max(fs, key=weight) if fs else None


# file -> [(id, minimum severity, minimum confidence)]; okay files: None (nothing above low)
EXPECT = {
    "bad_php_warning_before_doctype.html": [("SEO601", "high", "high"), ("SEO605", "high", "high")],
    "bad_php_deprecated_many.html": [("SEO601", "high", "high"), ("SEO605", "high", "high")],
    "bad_warning_in_comment.html": [("SEO601", "medium", "high"), ("SEO605", "medium", "high")],
    "bad_codeigniter_error.txt": [("SEO601", "high", "high")],
    "bad_mysql_error.html": [("SEO602", "high", "high")],
    "bad_wordpress_db_error.html": [("SEO602", "high", "high")],
    "bad_python_traceback.html": [("SEO603", "high", "high"), ("SEO605", "high", "high")],
    "bad_aspnet_ysod.html": [("SEO603", "high", "high"), ("SEO605", "high", "high")],
    "bad_django_debug.html": [("SEO604", "high", "high")],
    # text records (WET-style): the same leaks without markup, side by side with quoted ones
    "bad_codeigniter_fields_text.txt": [("SEO601", "high", "high")],  # fields without their heading
    "bad_codeigniter_cut_text.txt": [("SEO601", "high", "high")],  # a record cut before "Line Number"
    "bad_codeigniter_no_error_word_text.txt": [("SEO601", "high", "high")],  # "failed to open stream"
    "okay_codeigniter_fields_doc_text.txt": None,  # the fields described, not printed
    "bad_rails_error_text.txt": [("SEO603", "high", "high")],  # heading + nil message + frame
    "bad_aspnet_text.txt": [("SEO603", "high", "high"), ("SEO605", "high", "high")],  # frames without "at"
    # traces that never say "error": Rails' nil message with a frame, Perl's "Can't locate ... at x.cgi line 9."
    "bad_ruby_nil_no_error_word_text.txt": [("SEO603", "high", "high"), ("SEO605", "high", "high")],
    "bad_perl_die_no_error_word_text.txt": [("SEO603", "high", "high"), ("SEO605", "high", "high")],
    "okay_ruby_nil_question_text.txt": None,  # the same nil message asked about, without a frame
    "okay_codeigniter_forum_text.txt": None,  # the same fields pasted into a forum question
    "okay_quoted_warning_text.txt": None,  # introduced as an example, with a placeholder path
    "okay_php_tutorial_pre.html": None,
    "okay_qa_page.html": None,
    "okay_article_mentions_errors.html": None,
    "okay_server_docs_paths.html": None,
}


def test_every_example_has_an_expectation():
    files = {p.name for p in DIR.iterdir()}
    assert files == set(EXPECT)
    assert sum(n.startswith("bad_") for n in files) >= 8 and sum(n.startswith("okay_") for n in files) >= 4


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_examples(name):
    page = page_from_file(str(DIR / name))
    findings, feats = run(page)
    exp = EXPECT[name]
    if exp is None:
        # quoted or merely mentioned: recorded at most as a weak (low-level) finding
        assert_only_weak(findings)
        return
    for fid, sev, conf in exp:
        f = strongest(findings, fid)
        assert f is not None, f"{name}: no {fid} finding; got {[(x.id, x.message) for x in findings]}"
        assert_at_least(f, sev, conf)
        assert f.message and f.evidence.get("snippet")
        assert f.evidence.get("where") in ("text", "comment", "title", "html")


def test_many_lines_are_one_aggregated_finding():
    page = page_from_file(str(DIR / "bad_php_deprecated_many.html"))
    findings, feats = run(page)
    php = [f for f in findings if f.id == "SEO601"]
    assert len(php) == 1 and php[0].evidence["count"] == 48
    assert "48 x" in php[0].message
    assert feats["SEO601.line_density"] > 0.5 and feats["SEO601.leak"] == 1.0
    paths = [f for f in findings if f.id == "SEO605"]
    assert len(paths) == 1 and paths[0].evidence["root"].startswith("/var/www/vhosts/bakery-example.de")


def test_error_before_doctype_and_offsets():
    page = page_from_file(str(DIR / "bad_php_warning_before_doctype.html"))
    findings, feats = run(page)
    assert feats["SEO601.before_doctype"] == 1.0
    f = strongest(findings, "SEO601")
    off = f.evidence["offset"]
    assert page.text[off:].startswith("Warning")
    p = strongest(findings, "SEO605")
    assert p.evidence["account"] == "gardenlife" and p.evidence["in_error"] is True
    assert feats["SEO605.error_and_path"] == 1.0 and feats["SEO605.home_user"] == 1.0


def test_warning_inside_comment_is_found_and_marked():
    page = page_from_file(str(DIR / "bad_warning_in_comment.html"))
    findings, feats = run(page)
    f = strongest(findings, "SEO601")
    assert f.evidence["where"] == "comment" and "comment" in f.message
    assert feats["SEO601.in_comment"] == 1.0


def test_quoted_examples_keep_features_apart():
    page = page_from_file(str(DIR / "okay_php_tutorial_pre.html"))
    findings, feats = run(page)
    assert findings, "quoted errors are still recorded"
    assert all(f.evidence.get("in_code") for f in findings if f.id == "SEO601")
    assert feats["SEO601.outside_code"] == 0.0 and feats["SEO601.code_frac"] == 1.0
    assert feats["SEO601.leak"] == 0.0 and feats["SEO605.error_and_path"] == 0.0
    qa = page_from_file(str(DIR / "okay_qa_page.html"), url="https://stackoverflow.com/questions/1/x")
    findings, feats = run(qa)
    assert feats["SEO601.technical"] >= 0.5 and feats["SEO601.leak"] == 0.0
    assert max((weight(f) for f in findings), default=0) < 0.2


def test_seed_codeigniter_error_and_path():
    page = page_from_file(str(SEED))
    assert not page.is_html
    findings, feats = run(page)
    ci = [f for f in findings if f.id == "SEO601"]
    assert ci and ci[0].severity == "high" and ci[0].confidence == "high"
    assert "CodeIgniter" in ci[0].message and ci[0].evidence["count"] == 2
    assert page.text[ci[0].evidence["offset"]:].startswith("A PHP Error was encountered")
    path = [f for f in findings if f.id == "SEO605"]
    assert path and path[0].severity == "high" and path[0].kind == "path_disclosure"
    assert "/home/lisamzyy/public_html" in path[0].message
    assert path[0].evidence["account"] == "lisamzyy"
    # markup-only features are NaN for a text record
    assert math.isnan(feats["SEO601.before_doctype"]) and math.isnan(feats["SEO605.in_comment"])
    assert feats["SEO601.codeigniter"] == 1.0 and feats["SEO605.error_and_path"] == 1.0


LABELLED = [r["file"] for r in corpus_labels() if r["label"] == "1" and "server_error" in r["kinds"]]


def test_labelled_list_is_complete():
    assert len(LABELLED) >= 10


@pytest.mark.parametrize("rel", LABELLED)
def test_labelled_corpus_pages(rel):
    page = page_from_file(str(CORPUS / rel))
    findings, _ = run(page)
    errors = [f for f in findings if f.kind == "server_error"]
    assert errors, rel
    if "aeb/" not in rel:  # the two aeb pages print the warning inside an HTML comment
        assert any(f.severity == "high" and f.confidence == "high" for f in errors), rel


def test_colours_of_the_soul_is_counted_not_repeated():
    page = page_from_file(str(CORPUS / "pages/trafilatura/eval__colours-of-the-soul.alhelm.net.html"))
    findings, _ = run(page)
    php = [f for f in findings if f.id == "SEO601"]
    assert len(php) <= 3 and sum(f.evidence["count"] for f in php) >= 250


TEXT_POSITIVES = [
    ("SEO601", "Fatal error: Uncaught Error: Call to undefined function mysql_connect() in /home/shop/public_html/db.php:12"),
    ("SEO601", "PHP Warning:  count(): Parameter must be an array or an object that implements Countable in /var/www/html/list.php on line 33"),
    ("SEO601", "Parse error: syntax error, unexpected '}' in /srv/www/site/index.php on line 7"),
    ("SEO602", "Warning: mysql_connect(): Access denied for user 'shop'@'localhost' (using password: YES)"),
    ("SEO602", "Warning: pg_query(): Query failed: ERROR:  relation \"users\" does not exist"),
    ("SEO602", "ORA-00942: table or view does not exist"),
    ("SEO602", "SQLSTATE[HY000] [2002] Connection refused"),
    ("SEO602", "Microsoft OLE DB Provider for ODBC Drivers error '80040e14' [Microsoft][ODBC SQL Server Driver][SQL Server]Unclosed quotation mark after the character string ''."),
    ("SEO602", "sqlite3.OperationalError: no such table: products"),
    ("SEO603", "Exception in thread \"main\" java.lang.NullPointerException\n\tat com.shop.Cart.total(Cart.java:42)\n\tat com.shop.Main.main(Main.java:10)"),
    ("SEO603", "System.InvalidOperationException: bad state\n   at System.Web.Mvc.ControllerActionInvoker.InvokeAction(ControllerContext controllerContext, String actionName)\n   at System.Web.Mvc.Controller.ExecuteCore()\n--- End of inner exception stack trace ---"),
    ("SEO603", "TypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/app/src/users.js:14:22)\n    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)"),
    ("SEO603", "PHP Fatal error:  Uncaught Exception: boom in /var/www/app.php:3\nStack trace:\n#0 /var/www/index.php(12): run()\n#1 {main}\n  thrown in /var/www/app.php on line 3"),
    ("SEO603", "Microsoft VBScript runtime error '800a000d'\nType mismatch: 'CInt'\n/shop/cart.asp, line 42"),
    ("SEO603", "Software error:\nCan't locate object method at /home/shop/cgi-bin/cart.cgi line 42."),
    ("SEO604", "Error Occurred While Processing Request\nThe error occurred in D:\\Hosting\\site\\index.cfm: line 12"),
    ("SEO604", "Whoops, looks like something went wrong.\n(1/1) QueryException in Connection.php line 647: Illuminate\\Database\\QueryException"),
    ("SEO604", "Werkzeug Debugger\nThe debugger caught an exception in your WSGI application."),
    ("SEO604", "Action Controller: Exception caught\nActiveRecord::RecordNotFound in ProductsController#show\nRails.root: /home/deploy/shop"),
]


@pytest.mark.parametrize("fid,text", TEXT_POSITIVES)
def test_error_families_in_text(fid, text):
    page = page_from_text("Weekend market opens on Saturday\n\n" + text + "\n\nFresh bread and local cheese.")
    findings, _ = run(page)
    assert any(f.id == fid for f in findings), [(f.id, f.message) for f in findings]


@pytest.mark.parametrize("fid,text", TEXT_POSITIVES)
def test_same_errors_in_code_are_quoted(fid, text):
    html = (f"<html><head><title>Debugging tutorial: how to fix this error</title></head><body>"
            f"<p>Here is the output:</p><pre>{text.replace('<', '&lt;')}</pre></body></html>")
    findings, _ = run(page_from_text(html, mode="html"))
    assert all(weight(f) <= 0.16 for f in findings), [(f.id, f.severity, f.confidence) for f in findings]


NEAR_MISSES = [
    "Warning: this article contains spoilers for the final episode.",
    "Notice: the office is closed on Monday.",
    "A fatal error in judgement cost the team the match.",
    "The page showed a 404 error and the server said: Internal Server Error.",
    "Deprecated: this API will be removed next year, the vendor said.",
    "Our home at /home of the brave is 12/24 open. Visit www.example.com/var/www for details.",
    "The meeting is at 3 pm; Exception handling is a topic for the next talk.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses(text):
    findings, _ = run(page_from_text(text))
    assert not findings, [(f.id, f.message) for f in findings]


def test_features_are_declared_and_finite_on_clean_page():
    page = page_from_text("<html><body><p>Nothing to see.</p></body></html>", mode="html")
    _, feats = run(page)
    names = {f"{d.id}.{n}" for d in DETECTORS for n in d.features}
    assert set(feats) == names
    assert all(v == 0.0 for v in feats.values())


def test_text_record_tutorial_is_quoted_but_leading_error_is_not():
    tutorial = ("How to fix headers already sent in PHP\nYou get this message:\n"
                "Warning: Cannot modify header information - headers already sent by (output started at "
                "/var/www/html/index.php:3) in /var/www/html/index.php on line 8\nThe code was:\n"
                "$ php -S localhost:8000\necho \"hello\";\nheader(\"Location: /\");\nRemove the echo.")
    findings, feats = run(page_from_text(tutorial, url="https://example.com/blog/headers-already-sent"))
    assert feats["SEO601.technical"] >= 0.5 and all(weight(f) <= 0.16 for f in findings)
    # the same error opening an ordinary record is a leak (the error cannot vouch for itself)
    leak = ("Warning: Cannot modify header information - headers already sent by (output started at "
            "/home/anna/public_html/index.php:3) in /home/anna/public_html/index.php on line 8\n"
            "Anna's garden diary\nThe roses are out and the apple tree is full of blossom this year.")
    findings, feats = run(page_from_text(leak))
    assert feats["SEO601.technical"] < 0.5
    assert any(f.id == "SEO601" and f.severity == "high" and f.confidence == "high" for f in findings)


def test_text_record_quoting_signals_side_by_side():
    # the same PHP warning as a text record: leaked vs introduced as an example vs placeholder path
    leak = "Opening hours\nWarning: include(menu.php): failed to open stream in /home/cafe42/public_html/index.php on line 9\nWelcome to our cafe."
    intro = "Opening hours\nThe log shows this error:\nWarning: include(menu.php): failed to open stream in /home/cafe42/public_html/index.php on line 9\nWelcome."
    placeholder = leak.replace("/home/cafe42/", "/path/to/")
    f_leak = strongest(run(page_from_text(leak))[0], "SEO601")
    assert f_leak is not None and (f_leak.severity, f_leak.confidence) == ("high", "high")
    for text in (intro, placeholder):
        f = strongest(run(page_from_text(text))[0], "SEO601")
        assert f is not None and weight(f) <= 0.16, f


def test_text_record_trace_shapes_need_their_context():
    # a Rails heading with its message is an error page; ".rb:12:in" alone in prose is not
    head = run(page_from_text("Shop\nNoMethodError in CartsController#show\nundefined method `id' for nil:NilClass\nHome"))[0]
    assert strongest(head, "SEO603") is not None and weight(strongest(head, "SEO603")) >= 0.6
    prose = run(page_from_text("Our developers fixed a NoMethodError in the checkout last week. Thanks for your patience."))[0]
    assert strongest(prose, "SEO603") is None
    # a .NET frame without "at" needs its path to be a .cs/.vb source file
    ok = run(page_from_text("Notes\nBackup.Run(Object sender, EventArgs e) in D:\\Backups\\readme.txt:12\nDone"))[0]
    assert strongest(ok, "SEO603") is None


def test_a_text_records_title_may_follow_its_menu_but_not_its_error():
    """WET records often open with a menu: the tutorial's title a few lines down still makes
    the page technical, so its quoted warning is not a leak. An error at the top of a record
    cannot vouch for itself: the lines after it are more of the error."""
    from detector.context import page_context

    tutorial = ("Home\nBlog\nArchive\nFixing 'headers already sent' in PHP\n"
                "When PHP prints output before header(), you get a warning.\nIn production, log errors instead.\n"
                "Warning: Cannot modify header information - headers already sent by (output started at "
                "/var/www/html/inc/db.php:3) in /var/www/html/index.php on line 10\n")
    page = page_from_text(tutorial, mode="text")
    assert "php" in page_context(page).title_words
    f = strongest(run(page)[0], "SEO601")
    assert f is not None and f.confidence == "low" and "possibly quoted" in f.message
    leak = ("Warning: include(sidebar.php): failed to open stream: No such file or directory in "
            "/home/shop/public_html/index.php on line 12\nDescription: the stack trace and debugging help\n"
            "Harbour Street Bakery\nFresh bread every morning.\n")
    page = page_from_text(leak, mode="text")
    assert page_context(page).title_words == ()
    assert strongest(run(page)[0], "SEO601").severity == "high"


# ------------------------------------------------------------------ environment dumps
_ENV_TABLE = ("<table><tr><td>APP_ENV</td><td>production</td></tr><tr><td>APP_DEBUG</td><td>true</td></tr>"
              "<tr><td>DB_HOST</td><td>10.0.0.4</td></tr><tr><td>DB_DATABASE</td><td>shop_live</td></tr>"
              "<tr><td>DB_PASSWORD</td><td>********</td></tr></table>")


def test_an_environment_table_beside_an_exception_is_a_debug_page_of_any_framework():
    # a framework nobody named: what the page discloses is the evidence
    page = page_from_text(
        "<html><head><title>RuntimeException: cannot open rota.json</title></head><body>"
        "<h1>RuntimeException</h1><p>cannot open /srv/apps/vets/storage/rota.json</p>"
        f"<h2>Environment</h2>{_ENV_TABLE}</body></html>", url="https://www.vets.example/appointments", mode="html")
    f = strongest(run(page)[0], "SEO604")
    assert f is not None and f.severity == "high" and "environment" in f.message
    assert "DB_PASSWORD" in f.evidence["snippet"]


def test_configuration_docs_and_short_snippets_are_not_environment_dumps():
    # near misses: a deployment guide shows its .env in a code block, on a page about errors;
    # an error page naming two settings is not a dump of the environment
    docs = page_from_text(
        "<html><body><h1>Deploying the app</h1><p>If you see a 500 error, check the exception log "
        "and your .env file:</p><pre><code>APP_ENV=production\nAPP_DEBUG=false\nDB_HOST=127.0.0.1\n"
        "DB_DATABASE=app\nDB_PASSWORD=secret</code></pre></body></html>", mode="html")
    assert all(f.severity == "low" for f in run(docs)[0] if f.id == "SEO604")
    two = page_from_text("Error: the connection failed. Check DB_HOST and DB_PASSWORD in your settings.", mode="text")
    assert not [f for f in run(two)[0] if f.id == "SEO604"]
    no_error = page_from_text("APP_ENV production\nAPP_DEBUG false\nDB_HOST db\nDB_DATABASE app\nDB_PASSWORD x",
                              mode="text")
    assert not [f for f in run(no_error)[0] if f.id == "SEO604"]


# ------------------------------------------------------------------ quoted blocks and languages
def _text(t: str):
    return page_from_text(t, mode="text")


def _db(findings):
    return [f for f in findings if f.id == "SEO602"]


def test_an_introduced_block_of_errors_is_quoted_line_by_line():
    intro = ("SQL injection\nTyping a single quote into a search box may produce messages such as:\n"
             "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version\n"
             "ORA-00933: SQL command not properly ended\n"
             "Unclosed quotation mark after the character string ''.\n"
             "Never show database errors to visitors.")
    fs = _db(run(_text(intro))[0])
    assert fs and all(f.severity == "low" for f in fs), [(f.severity, f.message) for f in fs]
    # near miss: the same lines printed at the top of a shop's page, introduced by nothing
    leak = ("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version\n"
            "ORA-00933: SQL command not properly ended\nFresh flowers delivered today\nOrder before noon.")
    assert any(f.severity in ("medium", "high") for f in _db(run(_text(leak))[0]))


def test_a_japanese_question_introduces_its_error_without_a_colon():
    qa = ("エンジニアQ&A\nフォームを作っています。送信前の初期表示で、次のエラーが出てしまいます。\n"
          "Warning: Undefined array key \"name\" in /Applications/MAMP/htdocs/contact/index.php on line 5\n"
          "回答\nisset() を使ってください。")
    php = [f for f in run(_text(qa))[0] if f.id == "SEO601"]
    assert php and all(f.severity == "low" for f in php)
    shop = ("Warning: Undefined array key \"name\" in /home/shop/public_html/contact/index.php on line 5\n"
            "お問い合わせフォーム\nお名前とメールアドレスを入力してください。")
    assert any(f.severity in ("medium", "high") for f in run(_text(shop))[0] if f.id == "SEO601")


def test_sqlstate_needs_the_message_pdo_prints_after_it():
    assert _db(run(_text("SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry 'a' for key 'email'"))[0])
    assert _db(run(_text("SQLSTATE[HY000] [2002] Connection refused"))[0])
    # a related question's title names the code only
    assert not _db(run(_text("Related questions\nPDO cannot connect SQLSTATE[HY000] [2002]\nError SQLSTATE[23000] Duplicate entry on insert"))[0])


def test_changelogs_and_open_sentences_quote_the_errors_they_name():
    log = _text("Sentinel plugin changelog\n4.10.1 - 2026-07-30\nSecurity: escaped output on the results page.\n"
                "Fixed: Warning: Undefined array key \"type\" in /home/site/public_html/wp-content/plugins/s/report.php on line 88\n"
                "4.10.0 - 2026-06-14\nNew: weekly e-mail summary.")
    assert all(f.severity == "low" for f in run(log)[0] if f.id == "SEO601")
    answer = _text("Another common cause is an empty line before the opening tag. The same warning also appears as\n"
                   "Warning: session_start(): Session cannot be started after headers have already been sent in "
                   "/var/www/shop/includes/session.php on line 4\nRemove the empty line and it goes away.")
    assert all(f.severity == "low" for f in run(answer)[0] if f.id == "SEO601")
    # near miss: the same warning printed above a shop's header, after a line that introduces nothing
    shop = _text("Fresh flowers delivered in Zwolle\n"
                 "Warning: session_start(): Session cannot be started after headers have already been sent in "
                 "/var/www/shop/includes/session.php on line 4\nOrder before 2 pm for same-day delivery.")
    assert any(f.severity in ("medium", "high") for f in run(shop)[0] if f.id == "SEO601")


def test_a_title_quoting_an_error_in_brackets_names_the_error_its_log_shows():
    qa = page_from_text(
        "PHP フォーム送信後に「Warning: Undefined array key」が表示される\n"
        "送信ボタンを押す前の初期表示で、次のエラーが出てしまいます。\n"
        "Warning: Undefined array key \"name\" in /Applications/MAMP/htdocs/contact/index.php on line 5\n"
        "回答\nisset() を使ってください。", mode="text")
    assert all(f.severity == "low" for f in PhpErrors().run(qa)[0])


def test_error_blocks_tell_a_reference_list_from_a_leak():
    """Errors with prose between them are separate stretches: a reference list that explains
    each code is many, a leak (a warning above the header, the page after it) is one."""
    reference = "\n".join([
        "DBA notes", "Common ORA- errors and what they mean",
        "ORA-00942: table or view does not exist",
        "Either it really does not exist, or your user has no grant on it.",
        "ORA-00904: \"CUSTOMR_ID\": invalid identifier",
        "Usually a typo in a column name, or a column that only exists in a newer schema.",
        "ORA-12541: TNS:no listener",
        "The listener is not running on that host and port, so check it with lsnrctl.",
    ])
    _, feats = run(page_from_text(reference, mode="text"))
    assert feats["SEO605.error_blocks_log1p"] == pytest.approx(math.log1p(3))
    leak = ("Warning: include(header.php): Failed to open stream: No such file or directory in "
            "/home/anna/public_html/index.php on line 4\nWarning: include(): Failed opening 'header.php' for inclusion in "
            "/home/anna/public_html/index.php on line 4\nAnna's Pottery\nHome\nShop\nOur autumn glazes are in: three new "
            "colours inspired by the hills around the studio, fired twice for depth.")
    _, feats = run(page_from_text(leak, mode="text"))
    assert feats["SEO605.error_blocks_log1p"] == pytest.approx(math.log1p(1))


def test_prose_lines_are_sentences_not_error_lines():
    """Only the lines between two found errors are judged, so a message that reads like a
    sentence is never asked; stack frames and log lines must not pass for prose."""
    from detector.detectors.server_errors import _is_prose

    assert _is_prose("Check the connection settings and that the service is running.")
    assert _is_prose("接続設定とサービスが起動しているかを確認してください。")
    assert not _is_prose('  File "/srv/app/views.py", line 12, in get')
    assert not _is_prose("\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)")


def test_an_error_people_talk_about_is_discussed_and_a_leak_is_not():
    thread = ("Forum\nMySQL after moving host\nmara_k\nERROR 1146 (42S02): Table 'app.orders' doesn't exist\n"
              "Any idea why this happens after the move?\nivo\nRun the migrations on the new database.\n")
    _, feats = run(page_from_text(thread, mode="text"))
    assert feats["SEO605.errors_discussed"] == 1.0
    leak = ("Warning: mysqli_connect(): (HY000/1045): Access denied for user 'web'@'localhost' (using password: YES) "
            "in /home/pottery/public_html/inc/db.php on line 8\nAnna's Pottery\nHome\nShop\nOur autumn glazes are in.")
    _, feats = run(page_from_text(leak, mode="text"))
    assert feats["SEO605.errors_discussed"] == 0.0


def test_a_faint_technical_score_is_no_context_for_the_model():
    """Two weak hints ("guide", "help") give a technical score of 0.1; the model gets 0 for it,
    and the score itself once one strong word (0.25) is there."""
    weak = "Garden guide\nHelp\nWarning: Undefined variable $x in /home/garden/public_html/index.php on line 3\nRoses."
    _, feats = run(page_from_text(weak, mode="text"))
    assert feats["SEO601.technical"] == 0.0
    strong = "PHP guide\nHelp\nWarning: Undefined variable $x in /home/garden/public_html/index.php on line 3\nRoses."
    _, feats = run(page_from_text(strong, mode="text"))
    assert feats["SEO601.technical"] >= 0.25


def test_a_tomcat_report_without_its_heading_is_still_tomcat():
    """Tomcat's labelled rows (Type Exception Report, Message, the Java exception) leak even when
    the 'HTTP Status 500' heading is cut off; the same rows without an exception are a page
    that merely uses the words."""
    leak = ("Infinix Hot 10 for sale\nType Exception Report\nMessage Request processing failed\n"
            "org.apache.jasper.JasperException: An exception occurred processing [/WEB-INF/views/page.jsp] at line [810]\n"
            "Popular Categories\nCars\nFlats for rent")
    found = DebugPages().run(page_from_text(leak, mode="text"))[0]
    assert found and "tomcat" in found[0].message and found[0].severity == "high"
    near = "Bug tracker export\nType Exception Report\nMessage Not found\nDescription The page is missing."
    assert not DebugPages().run(page_from_text(near, mode="text"))[0]


def test_a_news_story_next_to_an_injected_error_does_not_discuss_it():
    """Everyday words (problem, help, getting) are a news story's too: an error injected into
    one is still not talked about."""
    story = ("Vecinos denuncian el problema del tráfico en el centro\n"
             "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version "
             "for the right syntax to use near 'ORDER BY fecha' at line 1\n"
             "El ayuntamiento pide ayuda a los vecinos para resolver el problema de aparcamiento.")
    _, feats = run(page_from_text(story, mode="text"))
    assert feats["SEO605.errors_discussed"] == 0.0


def test_trace_families_and_frames_count_only_what_leaked():
    yellow = ("Server Error in '/' Application.\nObject reference not set to an instance of an object.\n"
              "Exception Details: System.NullReferenceException: Object reference not set to an instance of an object.\n"
              "Stack Trace:\n[NullReferenceException] HomePage.Page_Load(Object sender, EventArgs e) in "
              "D:\\Sites\\webapp\\Default.aspx.cs:399")
    news = page_from_text(f"City council approves the new budget\n{yellow}\nThe vote passed with a large majority on Monday.")
    _, feats = run(news)
    assert feats["SEO603.families_log1p"] > 0 and feats["SEO603.frames_log1p"] > 0
    # near miss: the same yellow screen quoted in a code block of a programming Q&A page
    qa = page_from_text(f"<html><head><title>ASP.NET error: NullReferenceException in Page_Load</title></head><body>"
                        f"<p>My page fails with this:</p><pre>{yellow}</pre><p>What is null here?</p></body></html>",
                        mode="html")
    _, feats = run(qa)
    assert feats["SEO603.families_log1p"] == 0.0 and feats["SEO603.frames_log1p"] == 0.0 and feats["SEO603.code_frac"] == 1.0
