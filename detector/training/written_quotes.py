"""Written hard negatives that quote errors and template syntax as technical pages really do.

The first written genres (``written.py``) quote one error, introduced by a sentence and set in a
``<pre>`` block. Real technical pages are less tidy, and those were the pages the model still
flagged: a reference list of ten Oracle codes each with its explanation, a forum thread whose
posts paste different errors as plain paragraphs (often with no sentence before them), an
incident report quoting log lines with timestamps, release notes whose "Fixed" items name the
warning they fixed, translation and mail-merge docs that write ``{first_name}`` and ``%s`` in
running text. Each genre here is assembled from our own sentences in several languages, with
generated details, so that the model learns the genre (a list of explained errors, a
discussion, a log excerpt) rather than a few fixed strings.
"""

from __future__ import annotations

import html as htmlmod
import random

esc = htmlmod.escape

QUOTE_KINDS = ("error_reference", "error_thread", "incident_report", "changelog", "template_i18n_docs")
QUOTE_IMITATES = {"error_reference": "server_error", "error_thread": "server_error", "incident_report": "server_error",
                  "changelog": "server_error", "template_i18n_docs": "template_debris"}


# ------------------------------------------------------------------------------ more errors
def _table(rng: random.Random) -> str:
    return rng.choice(["orders", "users", "invoice_lines", "products", "sessions", "audit_log", "customers", "stock"])


def _root(rng: random.Random) -> str:
    user = rng.choice(["mara", "deploy", "www", "jonas", "app", "ivan", "keiko", "ops"])
    app = rng.choice(["shop", "portal", "api", "intranet", "blog", "crm", "booking"])
    return rng.choice([f"/var/www/{app}", f"/srv/{app}", f"/home/{user}/{app}", f"/opt/{app}/current",
                       f"/home/{user}/public_html", f"/app", f"/usr/src/{app}"])


def error_line(rng: random.Random, engine: str) -> str:
    """One error message of an engine, with generated names, as logs and consoles print it."""
    t, root, n = _table(rng), _root(rng), rng.randint(2, 900)
    col = rng.choice(["customer_id", "created_at", "sku", "email", "status", "price_net"])
    return {
        "oracle": lambda: rng.choice([
            f"ORA-00001: unique constraint (APP.PK_{t.upper()}) violated",
            f"ORA-00904: \"{col.upper()}\": invalid identifier", "ORA-00933: SQL command not properly ended",
            "ORA-00942: table or view does not exist", "ORA-01017: invalid username/password; logon denied",
            f"ORA-01653: unable to extend table APP.{t.upper()} by 8192 in tablespace USERS",
            "ORA-12154: TNS:could not resolve the connect identifier specified", "ORA-12541: TNS:no listener",
            f"ORA-01400: cannot insert NULL into (\"APP\".\"{t.upper()}\".\"{col.upper()}\")"]),
        "postgres": lambda: rng.choice([
            f"ERROR:  relation \"{t}\" does not exist", f"ERROR:  column \"{col}\" does not exist",
            f"ERROR:  duplicate key value violates unique constraint \"{t}_pkey\"",
            "FATAL:  password authentication failed for user \"app\"",
            f"ERROR:  deadlock detected\nDETAIL:  Process {n} waits for ShareLock on transaction {n * 37}",
            "FATAL:  sorry, too many clients already", f"ERROR:  null value in column \"{col}\" violates not-null constraint"]),
        "mysql": lambda: rng.choice([
            f"ERROR 1146 (42S02): Table 'app.{t}' doesn't exist", f"ERROR 1054 (42S22): Unknown column '{col}' in 'field list'",
            "ERROR 1045 (28000): Access denied for user 'app'@'localhost' (using password: YES)",
            "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)",
            f"ERROR 1062 (23000): Duplicate entry '{n}' for key 'PRIMARY'", "ERROR 1040 (HY000): Too many connections",
            "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"]),
        "mssql": lambda: rng.choice([
            f"Msg 208, Level 16, State 1, Line 1\nInvalid object name 'dbo.{t}'.",
            f"Msg 2627, Level 14, State 1\nViolation of PRIMARY KEY constraint 'PK_{t}'. Cannot insert duplicate key.",
            "Login failed for user 'sa'. (Microsoft SQL Server, Error: 18456)",
            f"Microsoft OLE DB Provider for ODBC Drivers error '80040e14'\n[Microsoft][ODBC SQL Server Driver]Incorrect syntax near '{col}'."]),
        "php": lambda: rng.choice([
            f"Warning: Undefined array key \"{col}\" in {root}/src/{rng.choice(['helpers', 'functions', 'cart'])}.php on line {n}",
            f"Fatal error: Uncaught TypeError: count(): Argument #1 ($value) must be of type Countable|array, null given in {root}/index.php:{n}",
            f"Deprecated: Creation of dynamic property Item::${col} is deprecated in {root}/lib/Item.php on line {n}",
            f"Warning: foreach() argument must be of type array|object, null given in {root}/templates/list.php on line {n}",
            f"PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate {n * 64} bytes) in {root}/vendor/autoload.php on line 12"]),
        "python": lambda: (f"Traceback (most recent call last):\n  File \"{root}/{rng.choice(['app', 'tasks', 'views'])}.py\", line {n}, "
                           f"in {rng.choice(['run', 'handle', 'export'])}\n    {rng.choice(['rows = cur.fetchall()', 'data[key]', 'int(value)'])}\n"
                           f"{rng.choice(['KeyError: ' + repr(col), 'psycopg2.errors.UndefinedTable: relation ' + repr(t) + ' does not exist', 'ValueError: invalid literal for int() with base 10: ' + repr(col)])}"),
        "java": lambda: (f"{rng.choice(['java.lang.NullPointerException', 'org.hibernate.exception.SQLGrammarException: could not extract ResultSet', 'java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist'])}\n"
                         f"\tat com.{rng.choice(['acme', 'example', 'firma'])}.{rng.choice(['billing', 'shop', 'hr'])}.{rng.choice(['InvoiceService', 'StockDao'])}.load({rng.choice(['InvoiceService', 'StockDao'])}.java:{n})\n"
                         f"\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)"),
        "node": lambda: (f"{rng.choice(['TypeError: Cannot read properties of null (reading ' + repr(col) + ')', 'Error: connect ECONNREFUSED 127.0.0.1:5432', 'SequelizeDatabaseError: relation ' + repr(t) + ' does not exist'])}\n"
                         f"    at {rng.choice(['handler', 'Query.run', 'processTicksAndRejections'])} ({root}/src/{rng.choice(['server', 'db', 'routes/orders'])}.js:{n}:{rng.randint(3, 40)})"),
        "go": lambda: (f"panic: runtime error: {rng.choice(['invalid memory address or nil pointer dereference', 'index out of range [3] with length 3'])}\n\n"
                       f"goroutine {rng.randint(1, 90)} [running]:\nmain.{rng.choice(['handler', 'loadConfig', 'serve'])}(...)\n\t{root}/main.go:{n} +0x1d"),
    }[engine]()


ENGINES = ("oracle", "postgres", "mysql", "mssql", "php", "python", "java", "node", "go")

# ------------------------------------------------------------------------------ languages
# (title words, sentences) per language; pages mix an English error with local prose, as real
# forums and docs do
_REF_TITLES = {
    "en": ["Common {e} errors and what they mean", "{e} error messages: a cheat sheet", "Troubleshooting {e}: error reference"],
    "de": ["Häufige {e}-Fehlermeldungen und ihre Bedeutung", "{e}: Fehlercodes nachschlagen"],
    "fr": ["Erreurs {e} courantes et leur signification", "Aide-mémoire des messages d'erreur {e}"],
    "es": ["Errores comunes de {e} y qué significan", "Referencia de mensajes de error de {e}"],
    "ru": ["Частые ошибки {e} и что они значат", "Справочник сообщений об ошибках {e}"],
    "ja": ["{e} のよくあるエラーと意味", "{e} エラーメッセージ一覧"],
    "zh": ["常见 {e} 错误及含义", "{e} 报错速查表"],
    "pt": ["Erros comuns do {e} e o que significam"], "pl": ["Najczęstsze błędy {e} i ich znaczenie"],
}
_EXPLAIN = {
    "en": ["The object name is wrong or the user has no grant on it.", "Check the connection settings and that the service is running.",
           "A value breaks a constraint: look at the data you insert.", "Usually a typo in a column name, or a schema older than the code.",
           "Raise the limit only after you have found what uses the memory.", "The query returned nothing and the code did not check for it.",
           "Happens after a restore when sequences are behind the data.", "Restart the listener and check the port in the config."],
    "de": ["Der Objektname stimmt nicht oder es fehlen Rechte.", "Verbindungsdaten prüfen und ob der Dienst läuft.",
           "Ein Wert verletzt eine Bedingung: die eingefügten Daten prüfen.", "Meist ein Tippfehler im Spaltennamen."],
    "fr": ["Le nom de l'objet est faux ou l'utilisateur n'a pas les droits.", "Vérifiez les paramètres de connexion et que le service tourne.",
           "Une valeur viole une contrainte : regardez les données insérées."],
    "es": ["El nombre del objeto es incorrecto o faltan permisos.", "Revise la configuración de conexión y que el servicio esté activo.",
           "Un valor incumple una restricción: revise los datos."],
    "ru": ["Неверное имя объекта или нет прав доступа.", "Проверьте параметры подключения и что служба запущена.",
           "Значение нарушает ограничение: проверьте вставляемые данные."],
    "ja": ["オブジェクト名が間違っているか、権限がありません。", "接続設定とサービスが起動しているかを確認してください。", "制約違反です。挿入するデータを確認してください。"],
    "zh": ["对象名错误或没有权限。", "检查连接配置以及服务是否在运行。", "违反约束：请检查插入的数据。"],
    "pt": ["O nome do objeto está errado ou falta permissão.", "Verifique a conexão e se o serviço está ativo."],
    "pl": ["Błędna nazwa obiektu lub brak uprawnień.", "Sprawdź ustawienia połączenia i czy usługa działa."],
}
_ASK = {
    "en": ["what does this mean?", "anyone seen this before?", "this started after the update.", "same here since yesterday.",
           "Now I get a different one:", "Tried that, still failing.", "Solved, thanks! It was the config."],
    "de": ["was bedeutet das?", "Seit dem Update passiert das.", "Jetzt kommt ein anderer Fehler:", "Gelöst, danke!"],
    "fr": ["qu'est-ce que ça veut dire ?", "Depuis la mise à jour j'ai ça.", "Maintenant j'ai une autre erreur :", "Résolu, merci !"],
    "es": ["¿qué significa esto?", "Desde la actualización pasa esto.", "Ahora sale otro error:", "¡Resuelto, gracias!"],
    "ru": ["что это значит?", "После обновления появилось.", "Теперь другая ошибка:", "Решено, спасибо!"],
    "ja": ["これはどういう意味ですか?", "アップデート後に出るようになりました。", "今度は別のエラーが出ます:", "解決しました、ありがとうございます!"],
    "zh": ["这是什么意思?", "更新之后就出现了。", "现在又报另一个错:", "已解决,谢谢!"],
    "pt": ["o que isso significa?", "Depois da atualização aparece isso.", "Agora aparece outro erro:", "Resolvido, obrigado!"],
    "pl": ["co to znaczy?", "Po aktualizacji pojawia się to.", "Teraz inny błąd:", "Rozwiązane, dzięki!"],
}
_REPLY = {
    "en": ["Your connection string points at the wrong host; inside the container use the service name.",
           "Run the migrations on that database, the table is missing.", "Turn debug mode off in production, by the way.",
           "The column was renamed in the last release; update your query."],
    "de": ["Die Tabelle fehlt, führe die Migrationen aus.", "Im Container musst du den Dienstnamen als Host nehmen."],
    "fr": ["La table n'existe pas, lancez les migrations.", "Dans le conteneur, utilisez le nom du service comme hôte."],
    "es": ["Falta la tabla, ejecuta las migraciones.", "Dentro del contenedor usa el nombre del servicio como host."],
    "ru": ["Таблицы нет, запустите миграции.", "В контейнере указывайте имя сервиса как хост."],
    "ja": ["テーブルがありません。マイグレーションを実行してください。", "コンテナ内ではサービス名をホストに指定します。"],
    "zh": ["表不存在,先执行迁移。", "在容器里要用服务名作为主机。"],
    "pt": ["A tabela não existe, rode as migrações."], "pl": ["Brakuje tabeli, uruchom migracje."],
}


_TECH = {"oracle": ["Oracle", "JDBC"], "postgres": ["PostgreSQL", "Postgres", "Django"], "mysql": ["MySQL", "MariaDB", "Laravel"],
         "mssql": ["SQL Server", "ASP.NET"], "php": ["PHP", "WordPress", "Laravel"], "python": ["Python", "Django", "Flask"],
         "java": ["Java", "Spring Boot", "Tomcat"], "node": ["Node.js", "Express"], "go": ["Go", "Golang"]}
_THREAD_TITLES = {
    "en": ["error after upgrade", "query fails on production", "error when saving", "connection problem in Docker"],
    "de": ["Fehler nach dem Update", "Abfrage schlägt fehl"], "fr": ["erreur après la mise à jour", "la requête échoue"],
    "es": ["error después de actualizar", "la consulta falla"], "ru": ["ошибка после обновления", "не работает запрос"],
    "ja": ["アップデート後にエラー", "クエリが失敗する"], "zh": ["升级后报错", "查询失败"],
    "pt": ["erro depois da atualização"], "pl": ["błąd po aktualizacji"],
}


def _lang(rng: random.Random) -> str:
    return rng.choice(["en", "en", "en", "de", "fr", "es", "ru", "ja", "zh", "pt", "pl"])


def _quoted(err: str, rng: random.Random, styles=("pre", "p", "blockquote", "code")) -> str:
    """An error as a page shows it: in a code block, or (as many forums render a paste) as
    plain paragraphs, one line each."""
    style = rng.choice(styles)
    if style == "pre":
        return f"<pre>{esc(err)}</pre>"
    if style == "code":
        return f"<p><code>{esc(err)}</code></p>"
    lines = "".join(f"<p>{esc(x)}</p>" for x in err.split("\n") if x.strip())
    return f"<blockquote>{lines}</blockquote>" if style == "blockquote" else lines


# ------------------------------------------------------------------------------ genres
def error_reference(rng: random.Random) -> tuple[str, list[str]]:
    """A reference list: several errors of one engine, each followed by what it means."""
    lang, engine = _lang(rng), rng.choice(ENGINES[:5])
    name = {"oracle": "Oracle", "postgres": "PostgreSQL", "mysql": "MySQL", "mssql": "SQL Server", "php": "PHP"}[engine]
    title = rng.choice(_REF_TITLES[lang]).format(e=name)
    blocks = []
    seen = set()
    for _ in range(rng.randint(4, 10)):
        err = error_line(rng, engine)
        if err in seen:
            continue
        seen.add(err)
        head = rng.choice(["h3", "p", "dt"])
        blocks.append(f"<{head}>{esc(err)}</{head}>" if rng.random() < 0.6 else _quoted(err, rng, ("pre", "code")))
        blocks.append(f"<p>{esc(rng.choice(_EXPLAIN[lang]))}</p>")
    return title, blocks


def error_thread(rng: random.Random) -> tuple[str, list[str]]:
    """A forum thread: posts paste different errors, sometimes with no sentence before them."""
    lang = _lang(rng)
    engines = rng.sample(ENGINES, rng.randint(1, 3))
    first = error_line(rng, engines[0])
    # a thread's title names its technology (that is how people find it), often with the error
    tech = rng.choice(_TECH[engines[0]])
    title = (f"{tech}: {first.split(chr(10))[0][:80]}" if rng.random() < 0.5
             else f"{tech} {rng.choice(_THREAD_TITLES[lang])}")
    tags = " ".join(rng.sample(sorted({t.lower() for e in engines for t in _TECH[e]}), 2 if len(engines) > 1 else 1))
    blocks = [f'<div class="tags">{esc(tags)}</div>']
    for k in range(rng.randint(2, 6)):
        user = rng.choice(["mkovac", "tanaka_k", "lena.h", "dev_ops_77", "pablo", "ivan_p", "chloe", "wei", "ola"])
        posted = f'<div class="post-meta">{esc(user)} · #{k + 1}</div>'
        if k == 0 or (rng.random() < 0.5 and k < 4):
            err = first if k == 0 else error_line(rng, rng.choice(engines))
            ask = f"<p>{esc(rng.choice(_ASK[lang]))}</p>"
            body = (_quoted(err, rng) + ask) if rng.random() < 0.5 else (ask + _quoted(err, rng))
        else:
            body = f"<p>{esc(rng.choice(_REPLY[lang]))}</p>"
        blocks.append(f'<div class="post">{posted}{body}</div>')
    return title, blocks


def incident_report(rng: random.Random) -> tuple[str, list[str]]:
    """A postmortem or status update quoting log lines with timestamps."""
    engine = rng.choice(ENGINES)
    day = f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'September', 'November'])}"
    title = rng.choice([f"Incident report: checkout errors on {day}", f"Postmortem: API outage on {day}",
                        f"Status update: degraded performance ({day})", f"Störungsbericht vom {day}"])
    h, m = rng.randint(0, 22), rng.randint(0, 50)
    blocks = [f"<p>{esc(rng.choice(['Summary: for 40 minutes some customers could not pay.', 'Summary: the API returned 500 errors to part of our traffic.', 'Zusammenfassung: 25 Minuten lang schlugen Anmeldungen fehl.']))}</p>",
              "<h2>Timeline</h2>"]
    for k in range(rng.randint(2, 4)):
        stamp = f"{h:02d}:{m + 3 * k:02d} UTC"
        line = rng.choice(["alerts fire; the logs show:", "error rate above 5%:", "rollback started.", "root cause found:"])
        blocks.append(f"<p>{stamp}: {esc(line)}</p>")
        if line.endswith(":"):
            err = error_line(rng, engine)
            blocks.append(_quoted(f"{rng.randint(2024, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T{h:02d}:{m:02d}:{rng.randint(10, 59)}Z {err}", rng, ("pre", "p")))
    blocks.append(f"<h2>{rng.choice(['Root cause', 'What went wrong'])}</h2><p>{esc(rng.choice(['A migration renamed a column that an older worker still queried.', 'The connection pool was exhausted after a config change.', 'A deploy shipped without the new environment variable.']))}</p>")
    todo = rng.sample(["Add an alert on the error rate.", "Test migrations against the previous release.",
                       "Keep error details out of public responses.", "Document the rollback steps.",
                       "Add the variable to the deploy checklist.", "Raise the pool size and add a timeout."], rng.randint(2, 3))
    blocks.append("<h2>Action items</h2><ul>" + "".join(f"<li>{esc(t)}</li>" for t in todo) + "</ul>")
    return title, blocks


def changelog(rng: random.Random) -> tuple[str, list[str]]:
    """Release notes whose fixes name the warning, error or unrendered tag they fixed."""
    ver = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    title = rng.choice([f"Release notes {ver}", f"Changelog – version {ver}", f"What's new in {ver}", f"Versionshinweise {ver}"])
    items = []
    for _ in range(rng.randint(4, 9)):
        r = rng.random()
        if r < 0.45:
            err = error_line(rng, rng.choice(["php", "mysql", "postgres", "node", "python"])).split("\n")[0]
            items.append(f"{rng.choice(['Fixed:', 'Fix:', 'Behoben:', 'Corrigé :'])} {err} {rng.choice(['on the settings page', 'when exporting orders', 'after an upgrade', 'with PHP 8.3', ''])}")
        elif r < 0.65:
            tag = rng.choice(["{{ order.number }}", "{{customer.first_name}}", "{% trans %}", "[product_grid]", "%s", "{name}", "{{ site.title }}"])
            items.append(f"Fixed: {tag} was printed as text in {rng.choice(['order emails', 'the invoice PDF', 'the page title', 'password reset mails'])}")
        else:
            items.append(rng.choice(["Added: dark mode for the editor.", "Improved: faster product search.", "Changed: minimum PHP version is now 8.1.",
                                     "Security: updated the bundled jQuery.", "Added: CSV import for customers.", "Neu: Export als Excel-Datei."]))
    return title, ["<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"]


_I18N = [
    "Write {name} where the customer's name should appear; it is replaced when the message is sent.",
    "The string \"Hello %s, you have %d new messages\" takes two arguments, in that order.",
    "Merge fields such as «FirstName» and «City» are filled from the address list.",
    "Use {{ first_name }} and {{ order.total }} in the email body; unknown fields stay empty.",
    "Plural forms use {count, plural, one {# item} other {# items}}.",
    "A spintax group like {Hi|Hello|Good morning} picks one variant per message.",
    "Insert the form on any page with the shortcode [contact-form id=\"3\"].",
    "Positional arguments are written %1$s and %2$s so translators can reorder them.",
    "Platzhalter wie {vorname} werden beim Versand ersetzt.", "Les variables {{ prenom }} sont remplacées à l'envoi.",
    "Los campos {nombre} y {fecha} se rellenan automáticamente.", "変数 {name} は送信時に置き換えられます。",
    "Переменные {имя} и {дата} подставляются при отправке.", "变量 {name} 会在发送时被替换。",
]


def template_i18n_docs(rng: random.Random) -> tuple[str, list[str]]:
    """Translation, mail-merge and email-template docs: placeholders in running text."""
    title = rng.choice(["Personalising your emails", "Translating the interface", "Message templates", "Mail merge: a guide",
                        "Platzhalter in E-Mail-Vorlagen", "Modèles de messages", "Plantillas de correo"])
    english, local = _I18N[:8], _I18N[8:]
    lines = rng.sample(english, rng.randint(2, 6)) + rng.sample(local, rng.randint(0, 1))
    return title, [f"<p>{esc(s)}</p>" for s in lines]


GENRES = {"error_reference": error_reference, "error_thread": error_thread, "incident_report": incident_report,
          "changelog": changelog, "template_i18n_docs": template_i18n_docs}
