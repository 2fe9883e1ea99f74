"""Leaked server errors (SEO601-SEO604) and server path disclosure (SEO605).

A PHP warning, a SQL error or a stack trace printed into a page tells a visitor (and every
crawler) that the site is broken, which software it runs, and often where its files live
(``/home/<user>/public_html``): reconnaissance for an attacker, and a frequent companion of a
compromise (a failed include of an injected file, a plugin broken by a webshell). Errors are
searched in the visible text (which includes text printed before the doctype and in
sidebars), in the title, in HTML comments (crawlers read those), and in the raw markup as a
last resort (an error printed inside an attribute value).

The same words are normal on pages *about* errors: a PHP tutorial quotes warnings inside
``<pre>``, a Q&A page pastes a traceback. Every match records whether it sits inside code and
how technical the page is (:mod:`detector.context`); such quoted matches give low-severity,
low-confidence findings and are kept apart in the features.

All scanning for the five detectors is done once per page (:func:`scan`) and shared.
"""

from __future__ import annotations

import bisect
import itertools
import math
import weakref
from dataclasses import dataclass, field

from detector import literals
from detector.context import (_SELF_EVIDENT, TECHNICAL, comment_text, finditer_in, grade, in_code, page_context, squash,
                              trigger_windows)
from detector.detectors import Detector
from detector.findings import Finding, snippet
from detector.patterns import rx

MAX_LABELS = 3000  # label matches examined per view (a page of 10,000 warnings is still one finding)
WINDOW = 700  # characters after a PHP label in which its "in <file> on line <n>" must appear
MAX_COMMENT_CHARS = 200_000

# ----------------------------------------------------------------------------- PHP
_PHP_LABEL = rx(
    "SEO601.php_label",
    r"(?<![\w-])(?:PHP\s++)?(Warning|Notice|Deprecated|Fatal\s++error|Parse\s++error|Strict\s++Standards"
    r"|Catchable\s++fatal\s++error|Recoverable\s++fatal\s++error|User\s++(?:Warning|Notice|Deprecated|Error)"
    r"|Warning\s++\(\d{1,4}+\)|Notice\s++\(\d{1,4}+\)|Deprecated\s++\(\d{1,5}+\))\s*+:(?![/\\])",
    worst_case="PHP Warning ",
)
# "in /path/file.php on line 12" (text and <b>-stripped HTML forms), or "in /path/file.php:12".
_PHP_TRAILER = rx(
    "SEO601.php_trailer",
    r"\s(?:in|at)\s++(\S{1,400}+)\s++on\s++line\s++(\d{1,7}+)",
    worst_case=" in x on",
)
_PHP_TRAILER_COLON = rx(
    "SEO601.php_trailer_colon",
    r"\s(?:in|thrown\s++in)\s++((?:/|[A-Za-z]:\\)[^\s:]{1,400}+):(\d{1,7}+)",
    worst_case=" in /a",
)
# the old "func(args) [function.func]:" and the modern "func(): " message heads
_PHP_FUNC = rx(
    "SEO601.php_func",
    r"\A\s*+(?:[\w\\]{1,80}+(?:::|->))?\w{1,80}+\([^()\n]{0,300}+\)\s*+(?:\[[^\]\n]{0,300}+\]\s*+)?:\s",
    worst_case="a(",
)
_PHP_PHRASE = rx(
    "SEO601.php_phrase",
    r"Undefined (?:variable|index|offset|array key|property|constant)|Use of undefined constant"
    r"|Cannot modify header information|headers already sent|failed to open stream|Failed opening"
    r"|Call to (?:undefined|a member) function|Allowed memory size of|Maximum execution time of"
    r"|syntax error, unexpected|Invalid argument supplied for foreach|Creating default object from empty"
    r"|Trying to (?:get|access) (?:property|array offset)|Array to string conversion|Non-static method"
    r"|should be compatible with|Assigning the return value of new by reference"
    r"|Redefining already defined constructor|Only variables should be passed by reference"
    r"|A non-numeric value|Uncaught (?:Error|Exception|TypeError|ArgumentCountError)|Class ['\"]?[\w\\]{1,100}+['\"]? not found"
    r"|Cannot redeclare|Division by zero|expects parameter \d|is deprecated|Unknown: |session_start\(\)"
    r"|Methods with the same name as their class|Function \w{1,60}+\(\) is deprecated|Attempt to read property",
    worst_case="Undefined ",
)
_CI_BLOCK = rx(
    "SEO601.codeigniter",
    r"A PHP Error was encountered|An uncaught Exception was encountered",
    worst_case="A PHP Error was",
)
_CI_FIELD = rx(
    "SEO601.codeigniter_field",
    r"(Severity|Type|Message|Filename|Line Number)\s*+:\s*+([^\n]{0,400}+)",
    worst_case="Severity:",
)
# CodeIgniter's fields without their heading (a text record cut just below it, or a theme
# that hides the <h4>): "Severity: Notice / Message: ... / Filename: x.php / Line Number: 12"
_CI_TAIL = rx(
    "SEO601.codeigniter_tail",
    r"Filename:[ \t]*+([^\s]{1,200}+)\s*+Line Number:[ \t]*+(\d{1,7}+)",
    worst_case="Filename: a",
)
# the same fields cut before "Line Number": only with a PHP error level and a script's name
_CI_FIELDS = rx(
    "SEO601.codeigniter_fields",
    r"Severity:[ \t]*+(Notice|Warning|Error|Deprecated|Parsing Error|Strict|Core Warning|Compile Warning"
    r"|User Warning|User Notice|User Deprecated|Runtime Notice|Fatal Error)[ \t]*+\r?+\n[ \t]*+"
    r"Message:[ \t]*+(\S[^\n]{0,400}+)\n[ \t]*+Filename:[ \t]*+(\S{1,200}?\.php\d?+)\b",
    worst_case="Severity: Notice\nMessage: a\nFilename: a",
)
_CI_HEAD_FIELD = rx("SEO601.codeigniter_head_field", r"(?:Severity|Message):[ \t]*+\S", worst_case="Severity:")
# what a PHP error line always carries besides its label ("on line", a "func(): " head, ...)
_PHP_SHAPES = ("on line", "()", ") [", "PHP Error was", "Exception was", "Uncaught", "Unknown: ")
_PHP_LABEL_WORDS = ("Warning", "Notice", "Deprecated", "Fatal error", "Parse error", "Strict Standards",
                    "fatal error", "User Error")
_PHP_TRIGGERS = ("Warning", "Notice", "Deprecated", "Fatal error", "Parse error", "Strict Standards",
                 "fatal error", "PHP Error was encountered", "Exception was encountered")

# ----------------------------------------------------------------------------- databases
# (family, cheap substring trigger, pattern, base severity, strong)
_DB_PATTERNS = [
    ("mysql_syntax", "SQL syntax", rx(
        "SEO602.mysql_syntax",
        r"You have an error in your SQL syntax|check the manual that corresponds to your (?:MySQL|MariaDB)",
        worst_case="You have an error in"), "high", True),
    ("wordpress_db", "database error", rx(
        "SEO602.wordpress_db", r"WordPress database error", worst_case="WordPress database"), "high", True),
    ("access_denied", "Access denied for user", rx(
        "SEO602.access_denied", r"Access denied for user '[^'\n]{0,80}+'@'[^'\n]{0,80}+'",
        worst_case="Access denied for user '"), "high", True),
    ("db_function", ("mysql", "pg_", "oci_", "sqlsrv_", "mssql_", "sqlite_", "odbc_", "db2_", "ibase_", "sybase_", "PDO", "SQLite3::"), rx(
        "SEO602.db_function",
        r"\b(?:mysqli?|mysqlnd|pg|oci|sqlsrv|mssql|sqlite|odbc|db2|ibase|sybase)_[a-z_]{2,40}+\(\)\s*+"
        r"(?::|expects\b|\[)|\b(?:mysqli|PDO|SQLite3|PDOStatement)::\w{2,40}+\(\)\s*+(?::|expects\b|\[)",
        worst_case="mysql_a"), "high", True),
    ("postgresql", "ERROR:", rx(
        "SEO602.postgresql",
        r"\bERROR:\s++(?:syntax error at or near|relation \"[^\"\n]{1,100}+\" does not exist"
        r"|column \"[^\"\n]{1,100}+\" does not exist|duplicate key value violates|permission denied for)",
        worst_case="ERROR: "), "high", True),
    ("postgresql", "PostgreSQL", rx(
        "SEO602.postgresql_failed", r"PostgreSQL query failed|pg_query\(\):\s*+Query failed",
        worst_case="PostgreSQL query"), "high", True),
    ("postgresql", "psycopg", rx(
        "SEO602.psycopg", r"\bpsycopg2?\.(?:errors\.)?\w{2,60}+(?:(?<=Error)|(?<=Exception))\b", worst_case="psycopg2."),
     "high", True),
    ("oracle", "ORA-", rx("SEO602.oracle", r"\bORA-\d{5}:\s", worst_case="ORA-0"), "high", True),
    # PDO prints the code, then a colon or the driver's code, then the message: a bare
    # "SQLSTATE[HY000]" is a question's title or a log search, not the error itself
    ("sqlstate", "SQLSTATE", rx(
        "SEO602.sqlstate", r"SQLSTATE\[[0-9A-Z]{5}\](?=\s?:[ \t]*+\S|\s?\[\w{1,10}+\][ \t]*+\S)", worst_case="SQLSTATE["), "high", True),
    ("mssql", ("Microsoft OLE", "Microsoft JET", "[Microsoft]"), rx(
        "SEO602.oledb",
        r"Microsoft OLE DB Provider for (?:ODBC Drivers|SQL Server|Oracle)|Microsoft JET Database Engine"
        r"|\[Microsoft\]\[ODBC[^\]\n]{0,80}+\]",
        worst_case="[Microsoft][ODBC"), "high", True),
    ("mssql", "quotation mark", rx(
        "SEO602.mssql_quote", r"Unclosed quotation mark after the character string", worst_case="Unclosed "),
     "high", True),
    ("mssql", "SqlException", rx(
        "SEO602.sqlexception", r"System\.Data\.SqlClient\.SqlException|Microsoft\.Data\.SqlClient\.SqlException",
        worst_case="System.Data."), "high", True),
    ("mssql", "ADODB", rx(
        "SEO602.adodb", r"ADODB\.(?:Recordset|Connection|Field|Command)\s++error", worst_case="ADODB."),
     "high", True),
    ("sqlite", ("sqlite", "SQLite", "SQLITE_"), rx(
        "SEO602.sqlite",
        r"\bsqlite3\.\w{2,40}+(?<=Error)\b|\bSQLITE_(?:ERROR|BUSY|LOCKED|CORRUPT|CANTOPEN|CONSTRAINT|READONLY)\b"
        r"|org\.sqlite\.SQLiteException|\bSQLiteException\b",
        worst_case="sqlite3."), "high", True),
    ("mysql", "doesn't exist", rx(
        "SEO602.mysql_table", r"\bTable '[\w$.-]{1,100}+' doesn't exist", worst_case="Table '"), "high", True),
    ("mysql", "Unknown column", rx(
        "SEO602.mysql_column",
        r"\bUnknown column '[^'\n]{1,100}+' in '(?:field list|where clause|order clause|on clause|having clause)'",
        worst_case="Unknown column '"), "medium", True),
    ("mysql", "Duplicate entry", rx(
        "SEO602.mysql_duplicate", r"\bDuplicate entry '[^'\n]{0,100}+' for key", worst_case="Duplicate entry '"),
     "medium", True),
    ("mysql", ("MySQL server", "from storage engine"), rx(
        "SEO602.mysql_conn",
        r"Lost connection to MySQL server|Can't connect to (?:local )?MySQL server|MySQL server has gone away"
        r"|Got error \d{1,5}+ from storage engine",
        worst_case="Lost connection to"), "medium", True),
    ("framework_db", ("Database Error", "Database error", "DB Error", "Error Number"), rx(
        "SEO602.framework_db",
        r"A Database Error Occurred|Database error: Invalid SQL|\bDB Error: |Database Error\s*+Error Number:"
        r"|Error Number:\s*+\d{3,5}+\b",
        worst_case="A Database Error"), "high", True),
    ("db_down", "database connection", rx(
        "SEO602.db_down", r"Error establishing a database connection", worst_case="Error establishing a"),
     "medium", False),
]
_SQL_QUERY = rx(
    "SEO602.sql_text",
    r"\b(?:for query|Query|SQL|query was)\s*+:?\s*+(?:SELECT|INSERT\s++INTO|UPDATE|DELETE\s++FROM|SHOW|REPLACE\s++INTO)\s",
    worst_case="for query ",
)

# ----------------------------------------------------------------------------- stack traces
_PY_TRACEBACK = rx("SEO603.python", r"Traceback \(most recent call last\):", worst_case="Traceback (most")
_PY_FRAME = rx("SEO603.python_frame", r"\bFile \"[^\"\n]{1,300}+\", line \d{1,7}+", worst_case="File \"")
_FRAME = rx(
    "SEO603.frame",
    r"(?<![\w.])at\s++([\w$.<>`/\[\]-]{2,300}+(?:\s++[\w$.<>`/\[\]-]{1,100}+)?+)\s*+\(([^()\n]{0,300}+)\)"
    r"(?:\s++in\s++([^\n]{1,300}?):line\s++(\d{1,7}+))?+",
    worst_case="at a(",
)
_JAVA_LOC = rx(
    "SEO603.java_loc",
    r"\.(?:java|kt|scala|groovy|clj|jsp):\d{1,7}+\Z|\A(?:Unknown Source|Native Method|Compiled Code)\Z",
    worst_case=".java:1",
)
_NODE_LOC = rx(
    "SEO603.node_loc", r"\A(?:node:|file:|/|[A-Za-z]:\\|internal/)[^()]{0,300}+(?<=\d)\Z", worst_case="node:",
)
_NODE_LOC_END = rx("SEO603.node_loc_end", r":\d{1,7}+:\d{1,7}+\Z", worst_case=":1:1")
_DOTNET_ARGS = rx(
    "SEO603.dotnet_args",
    r"\A(?:[\w.`<>\[\],&]{1,120}+\s++\w{1,60}+(?:,\s*+[\w.`<>\[\],&]{1,120}+\s++\w{1,60}+){0,20}+)?\Z",
    worst_case="a a,",
)
_JAVA_HEAD = rx(
    "SEO603.java_head",
    r"Exception in thread \"[^\"\n]{0,100}+\"|\b(?:java|javax|jakarta|org\.apache|org\.springframework|com\.sun)"
    r"\.[\w$.]{1,200}+(?:(?<=Error)|(?<=Exception))\b",
    worst_case="java.",
)
_DOTNET_MARK = rx(
    "SEO603.dotnet_mark",
    r"--- End of inner exception stack trace ---|--- End of stack trace from previous location"
    r"|\[[\w.]{1,180}+(?<=Exception): [^\]\n]{1,300}+\]",
    worst_case="--- End of",
)
_ASPNET = rx(
    "SEO603.aspnet",
    r"Server Error in '[^'\n]{0,200}+' Application|An unhandled exception occurred during the execution of the"
    r" current web request|Version Information:\s*+Microsoft \.NET Framework Version"
    r"|An application error occurred on the server",
    worst_case="Server Error in '",
)
_PHP_STACK = rx(
    "SEO603.php_stack",
    r"Stack trace:\s*+#0\s|(?<![\w])#\d{1,3}+\s++(?:/|[A-Za-z]:\\)[^\n(]{1,300}+\(\d{1,7}+\):\s",
    worst_case="#0 /",
)
_RUBY_FRAME = rx(
    "SEO603.ruby_frame", r"(?<![\w./-])[\w./-]{1,300}+(?:(?<=\.rb)|(?<=\.erb)|(?<=\.haml)|(?<=\.slim)):\d{1,7}+:in\s++[`'\u2018]",
    worst_case="a.rb:1:in ",
)
_RUBY_FILES = (".rb:", ".erb:", ".haml:", ".slim:")  # Ruby sources and Rails view templates in a backtrace
_ASP_CLASSIC = rx(
    "SEO603.asp_classic",
    r"Microsoft VBScript (?:runtime|compilation) error '[0-9a-fA-F]{8}+'|Active Server Pages error 'ASP \d{4}+'"
    r"|Microsoft JScript runtime error '[0-9a-fA-F]{8}+'",
    worst_case="Microsoft VBScript runtime error '",
)
_PERL_DIE = rx(
    "SEO603.perl_die",
    r"\bat\s++((?:/|[A-Za-z]:\\)[^\s]{1,300}+(?<=\.pl|\.pm)|(?:/|[A-Za-z]:\\)[^\s]{1,300}+(?<=\.cgi))\s++line\s++\d{1,7}+\.",
    worst_case="at /a",
)
_GO_PANIC = rx("SEO603.go_panic", r"goroutine \d{1,9}+ \[running\]:", worst_case="goroutine 1 [")
# Rails' error page heading ("NoMethodError in PostsController#show") and Ruby's nil message
_RAILS_HEAD = rx(
    "SEO603.rails_head",
    r"\b[A-Z]\w{1,60}+(?:(?<=Error)|(?<=Exception)|(?<=NotFound)|(?<=Invalid)) in [A-Z][\w:]{0,100}+(?<=Controller)#\w{1,60}+",
    worst_case="AError in A",
)
_RUBY_NIL = rx(
    "SEO603.ruby_nil",
    r"undefined (?:local variable or )?method [`'\u2018][^'\n\u2019]{1,100}+['\u2019] for (?:nil:NilClass|#<|an instance of)",
    worst_case="undefined method `",
)
# ASP.NET's yellow screen as text: "Exception Details: System.X: ...", and frames without "at"
# ("Page.Page_Load(Object sender, EventArgs e) in D:\\Sites\\x\\Default.aspx.cs:55")
_DOTNET_DETAILS = rx(
    "SEO603.dotnet_details", r"Exception Details:\s*+[\w.]{2,200}+(?<=Exception)\b", worst_case="Exception Details: ",
)
_DOTNET_IN_FRAME = rx(
    "SEO603.dotnet_in_frame",
    r"\b[\w.`<>]{2,200}+\([^()\n]{0,300}+\)\s++in\s++([A-Za-z]:\\[^\n:]{1,300}+):(\d{1,7}+)",
    worst_case="a() in C:\\",
)
_TRACE_TRIGGERS = ("Traceback (most", "Exception", "Stack trace", "Server Error in", "goroutine", *_RUBY_FILES,
                   "unhandled exception", "application error occurred", "Version Information", "#0", ".java:",
                   "Unknown Source", "Native Method", ":line ", "System.", "node:", ".js:", ".ts:")
_FRAME_TRIGGERS = (".java:", "Unknown Source", ":line ", "System.", ".js:")
_MORE_TRACE_TRIGGERS = literals.register("Controller#", "for nil:NilClass", "undefined method", "Exception Details",
                                         ".cs:", ".vb:", "Line Number")

# ----------------------------------------------------------------------------- debug pages
# (framework, trigger, pattern, strong)
_DEBUG_PATTERNS = [
    ("django", "DEBUG = True", rx(
        "SEO604.django", r"you have DEBUG = True in your Django settings|Using the URLconf defined in",
        worst_case="you have DEBUG"), True),
    ("django", "Django Version", rx(
        "SEO604.django_meta", r"Django Version:\s*+\d", worst_case="Django Version:"), True),
    ("laravel", "Illuminate", rx(
        "SEO604.laravel", r"\bIlluminate\\[A-Z]\w{1,60}+\\[\w\\]{1,200}+|vendor/laravel/framework/src/Illuminate",
        worst_case="Illuminate\\"), True),
    ("laravel", "Whoops", rx(
        "SEO604.whoops", r"Whoops, looks like something went wrong\.|Whoops! There was an error\.",
        worst_case="Whoops, looks"), False),
    ("symfony", "Symfony", rx(
        "SEO604.symfony", r"\bSymfony\\Component\\[A-Z]\w{1,60}+\\[\w\\]{1,200}+|Symfony Exception",
        worst_case="Symfony\\Component\\"), True),
    ("rails", "Rails", rx(
        "SEO604.rails", r"Action Controller: Exception caught|Rails\.root:\s|\bActionController::\w{1,60}+(?<=Error)\b",
        worst_case="Rails.root:"), True),
    ("rails", "Framework Trace", rx(
        "SEO604.rails_trace", r"Application Trace\s*+\|\s*+Framework Trace", worst_case="Application Trace |"),
     True),
    ("werkzeug", "erkzeug", rx(
        "SEO604.werkzeug",
        r"Werkzeug Debugger|The debugger caught an exception in your WSGI application"
        r"|your friendly Werkzeug powered traceback interpreter",
        worst_case="Werkzeug Debugger"), True),
    ("spring", "Whitelabel Error Page", rx(
        "SEO604.spring", r"Whitelabel Error Page", worst_case="Whitelabel Error"), False),
    ("tomcat", "HTTP Status 500", rx(
        "SEO604.tomcat", r"HTTP Status 500\s*+[-\u2013]", worst_case="HTTP Status 500 "), True),
    # Tomcat's report without its heading (a WET window, or a theme that swallowed the <h1>):
    # its labelled rows "Type Exception Report", "Message ...", then the Java exception
    ("tomcat", "Exception Report", rx(
        "SEO604.tomcat_report",
        r"\bType\s*+Exception Report\s*+Message\b[^\n]{0,300}+\s[^\n]{0,400}?"
        r"\b(?:javax?|jakarta|org\.apache|org\.springframework)\.[\w$.]{1,200}+(?:(?<=Exception)|(?<=Error))\b",
        worst_case="Type Exception Report Message"), True),
    ("coldfusion", "Error Occurred While Processing Request", rx(
        "SEO604.coldfusion", r"Error Occurred While Processing Request|The error occurred in [A-Za-z]:\\[^\n:]{1,300}+: line \d",
        worst_case="Error Occurred While"), True),
    ("yii", "Exception", rx(
        "SEO604.yii", r"\byii\\(?:base|db|web)\\\w{1,60}+(?<=Exception)\b|\bCDbException\b|\bCHttpException\b",
        worst_case="yii\\base\\"), True),
]
_TOMCAT_DETAIL = rx(
    "SEO604.tomcat_detail", r"Exception [Rr]eport|Root [Cc]ause|\b(?:javax?|jakarta)\.[\w.]{1,200}+(?<=Exception)|Apache Tomcat/\d",
    worst_case="javax.",
)
# A framework's debug page lists the process environment or its settings: many well-known
# configuration names at once (Laravel's Ignition and Whoops, Symfony's profiler, Django's
# settings table, a Node or Rails dump). Counted on a page that also shows an error, so a
# framework nobody has named yet is still found by what its debug page discloses.
_ENV_NAMES = rx(
    "SEO604.env_names",
    r"\b(?:APP_(?:KEY|DEBUG|ENV|SECRET|URL)|DB_(?:PASSWORD|USERNAME|USER|HOST|DATABASE|PORT|CONNECTION)"
    r"|DATABASE_URL|SECRET_KEY|AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY)|MAIL_(?:PASSWORD|USERNAME|HOST)"
    r"|REDIS_(?:HOST|PASSWORD)|SESSION_DRIVER|DOCUMENT_ROOT|SCRIPT_FILENAME|SERVER_ADDR|SERVER_SOFTWARE"
    r"|DJANGO_SETTINGS_MODULE|NODE_ENV|RAILS_ENV|SECRET_KEY_BASE)\b",
    worst_case="APP_KEY",
)
_ENV_TRIGGERS = literals.register("APP_", "DB_", "SECRET_KEY", "DATABASE_URL", "DOCUMENT_ROOT", "SERVER_",
                                  "_SETTINGS_MODULE", "NODE_ENV", "RAILS_ENV")
ENV_NAMES_MIN = 4  # distinct names: one or two are a config snippet, a table of them is a dump
_PHPINFO = rx(
    "SEO604.phpinfo",
    r"PHP Version \d{1,2}+\.\d|Loaded Configuration File|disable_functions|Server API|Zend Extension Build"
    r"|PHP License",
    worst_case="PHP Version 7",
)

# ----------------------------------------------------------------------------- paths
# Absolute paths (POSIX or Windows) as errors print them.
_ABS_PATH = rx(
    "SEO605.abs_path",
    r"(?<![\w.:/\\%-])(?:/[\w.@~+-]{1,100}+(?:/[\w.@~+-]{1,100}+){1,40}+|[A-Za-z]:\\(?:[\w.@~$+ -]{1,100}+\\){1,40}+"
    r"[\w.@~$+-]{0,100}+)",
    worst_case="/a",
)
# Web roots: where hosting panels put sites. A match outside an error is still a disclosure.
_WEBROOT = rx(
    "SEO605.webroot",
    r"(?<![\w.:/\\%-])(?:"
    r"/home\d{0,3}+/[\w.-]{1,64}+/(?:public_html|www|htdocs|httpdocs|html|web|domains|sites|public|wwwroot|webapps)\b"
    r"|/homepages/\d{1,4}+/d\d{1,12}+/htdocs\b|/kunden/homepages/\d{1,4}+/d\d{1,12}+/htdocs\b"
    r"|/var/www(?:/vhosts)?+(?:/[\w.-]{1,64}+)?+|/usr/share/nginx/html\b|/srv/(?:www|http|htdocs)\b(?:/[\w.-]{1,64}+)?+"
    r"|/usr/local/(?:apache\d?|www|httpd|lsws)/htdocs\b|/www/(?:htdocs|wwwroot)/[\w.-]{1,64}+"
    r"|/opt/lampp/htdocs\b|/Applications/(?:MAMP|XAMPP)/htdocs\b|/hermes/\w{1,40}+/\w{1,40}+"
    r"|/customers/\w/\w/\w/[\w.-]{1,64}+/httpd\.www\b|/nfs/c\d{1,3}+/h\d{1,3}+/mnt/\d{1,9}+"
    r"|/data/web/[\w.-]{1,64}+|/var/vhosts/[\w.-]{1,64}+|/home/[\w.-]{1,64}+/domains/[\w.-]{1,64}+"
    r"|[A-Za-z]:\\(?:inetpub\\wwwroot|Hosting(?:Spaces)?+\\[\w.-]{1,64}+|Domains\\[\w.-]{1,64}+|xampp\\htdocs"
    r"|wamp\d{0,2}+\\www|Websites?+\\[\w.-]{1,64}+|vhosts\\[\w.-]{1,64}+|HostingAccounts\\[\w.-]{1,64}+))",
    worst_case="/home/a/",
)
_HOME_USER = rx("SEO605.home_user", r"\A/home\d{0,3}+/([\w.-]{1,64}+)/", worst_case="/home/a")
_PATH_TRIGGERS = ("/home", "/var/", "/usr/", "/srv/", "/www/", ":\\")
_BORING_ROOTS = ("/tmp/", "/dev/", "/proc/", "/sys/", "/usr/lib/", "/usr/bin/", "/bin/", "/etc/")
_SCRIPT_EXT = (".php", ".php5", ".phtml", ".inc", ".py", ".rb", ".java", ".jsp", ".cs", ".aspx", ".asp",
               ".ascx", ".js", ".tpl", ".twig", ".html", ".htm", ".pl", ".cgi", ".module", ".erb")

_DOCTYPE = rx("SEO601.doctype", r"(?i)<!doctype|<html", worst_case="<!doc")


# ----------------------------------------------------------------------------- the shared scan
@dataclass(slots=True)
class Hit:
    """One error (or error block) seen somewhere on the page."""

    family: str  # php, codeigniter, mysql_syntax, python, java, django, ...
    label: str  # what it is, for humans ("Warning", "Access denied", "Traceback")
    view: str  # text | title | comment | html
    view_index: int  # which comment (for view == "comment")
    start: int  # offset into that view's string
    end: int
    snip: str
    strong: bool
    base: str  # base severity before context
    code: bool = False
    paths: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class PathHit:
    path: str
    root: str
    view: str
    view_index: int
    start: int
    in_error: bool
    code: bool
    quoted_error: bool  # the error it sits in is quoted (code or technical page)
    snip: str = ""


@dataclass(slots=True)
class ErrorScan:
    php: list = field(default_factory=list)
    db: list = field(default_factory=list)
    trace: list = field(default_factory=list)
    debug: list = field(default_factory=list)
    paths: list = field(default_factory=list)
    sql_text: bool = False
    before_doctype: bool = False
    technical: float = 0.0
    ctx_evidence: dict = field(default_factory=dict)
    text_len: int = 1


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

# the family anchor (see _FAMILY_ANCHORS) each pattern needs, in the order of _DB_PATTERNS
_DB_GATES = [("SQL",), ("rror",), ("Access denied",), ("arning", "rror"), ("arning", "SQL", "rror"), ("SQL",),
             ("rror", "xception"), ("ORA-",), ("SQL",), ("rror",), ("rror", "xception"), ("xception",),
             ("rror",), ("SQL", "rror", "xception"), ("t exist",), ("rror", "arning"),
             ("rror", "arning"), ("SQL",), ("rror",), ("rror",)]
_DEBUG_GATES = [("rror",), ("rror", "xception"), ("xception", "rror"), ("rror", "xception"), ("xception",),
                ("xception", "rror", "Rails.root"), ("xception", "rror"), ("Traceback", "xception", "rror"), ("rror",),
                ("xception", "rror"), ("xception",), ("rror",), ("xception",)]
assert len(_DB_GATES) == len(_DB_PATTERNS) and len(_DEBUG_GATES) == len(_DEBUG_PATTERNS)
_DB_PATTERNS = [(f, (t,) if isinstance(t, str) else t, p, b, st, g)
                for (f, t, p, b, st), g in zip(_DB_PATTERNS, _DB_GATES)]
_DEBUG_PATTERNS = [(f, t, p, st, g) for (f, t, p, st), g in zip(_DEBUG_PATTERNS, _DEBUG_GATES)]


# Cheap anchors deciding which families are worth scanning for in a string: a substring test
# each, so that a clean page costs a few dozen fast searches and no regex at all.
_FAMILY_ANCHORS = {
    # "Line Number": CodeIgniter's fields name the failing file and line even when the message
    # itself has no error word ("Message: include(x): failed to open stream ...")
    "php": frozenset({"rror", "arning", "otice", "eprecated", "Strict", "xception", "Line Number"}),
    "db": frozenset({"rror", "arning", "SQL", "Access denied", "t exist", "xception", "ORA-"}),
    # Ruby, Perl and Go print traces that need not say "error": Rails' nil message and frames
    # ("undefined method `x' for nil:NilClass", "app.rb:12:in `show'"), "died at x.pl line 3.",
    # "goroutine 1 [running]:"
    "trace": frozenset({"Traceback", "xception", "rror", *_RUBY_FILES, "undefined method", "undefined local",
                        "Controller#", "goroutine", ".pl line", ".pm line", ".cgi line"}),
    "debug": frozenset({"rror", "xception", "Traceback", "Rails.root"}),
    "path": frozenset(_PATH_TRIGGERS),
}
_ANCHORS = tuple(sorted(set().union(*_FAMILY_ANCHORS.values())))
_ANCHOR_SET = frozenset(_ANCHORS)
literals.register(*_ANCHORS, *_PHP_SHAPES, "Filename:", "Severity:", *_FRAME_TRIGGERS, "Traceback (most",
                  *(t for _f, trigs, *_rest in _DB_PATTERNS for t in trigs),
                  *(t for _f, t, *_rest in _DEBUG_PATTERNS))
_PHP_LABEL_ANCHORS = frozenset({"arning", "otice", "eprecated"})


def _anchors(s: str, anchors=_ANCHORS) -> frozenset:
    """The anchors present in s (empty: nothing to scan for)."""
    return frozenset(a for a in anchors if a in s)


def _windows(s: str, triggers, before: int = 300, after: int = 300, limit: int = 400) -> list[tuple[int, int]]:
    return trigger_windows(s, triggers, before, after, limit)


def _finditer(pat, s: str, wins) -> list:
    return finditer_in(pat, s, wins)


HOT_BEFORE, HOT_AFTER, HOT_LIMIT = 300, 400, 40


def _hot(s: str, present: frozenset) -> str:
    """The stretches of s around the anchors found in it, joined: where an error's other words
    (its triggers) must be. Deciding which patterns to run on this short string instead of on
    the whole text saves a full-text search per trigger on every page that says "error"."""
    if len(s) <= 4 * (HOT_BEFORE + HOT_AFTER):
        return s
    anchors = [a for a in present if a not in _PATH_TRIGGERS]
    wins = _windows(s, anchors, HOT_BEFORE, HOT_AFTER, HOT_LIMIT * max(1, len(anchors)))
    return "\n".join(s[lo:hi] for lo, hi in wins)


def _any(s: str, triggers) -> bool:
    for t in triggers:
        if t in s:
            return True
    return False


def _has(page, view: str, s: str, triggers) -> bool:
    """Whether a trigger occurs in s; in the text view (s is page.text or stretches of it),
    triggers the one-pass literal search did not find in page.text are skipped unsearched."""
    if view != "text":
        return _any(s, triggers)
    found = literals.page_literals(page)
    for t in triggers:
        if t in found and t in s:
            return True
    return False


def _views(page) -> list[tuple[str, int, str, frozenset]]:
    """The strings errors can be printed in (text, title, comments as crawlers read them),
    each with the anchors found in it (which decide the families worth scanning for)."""
    out = []
    present = literals.page_literals(page) & _ANCHOR_SET
    if present:
        out.append(("text", 0, page.text, present))
    if page.is_html:
        if page.title:
            present = _anchors(page.title)
            if present:
                out.append(("title", 0, page.title, present))
        comments = page.comments
        if comments:
            # locate anchors in all comments at once, then look only at the comments holding one
            joined = "\n".join(comments)
            present = _anchors(joined)
            if present:
                starts = list(itertools.accumulate((len(c) + 1 for c in comments), initial=0))
                which: set[int] = set()
                for a in present:
                    pos = joined.find(a)
                    n = 0
                    while pos >= 0 and n < 200:
                        which.add(bisect.bisect_right(starts, pos) - 1)
                        pos = joined.find(a, pos + 1)
                        n += 1
                budget = MAX_COMMENT_CHARS
                for i in sorted(which):
                    if budget <= 0:
                        break
                    c = comments[i]
                    anchors = _anchors(c, present)
                    if anchors:
                        c = comment_text(c[:budget])
                        budget -= len(c)
                        out.append(("comment", i, c, anchors))
    return out


def scan(page) -> ErrorScan:
    """Find every error, trace, debug page and server path on the page (cached per page)."""
    try:
        cached = _CACHE.get(page)
    except TypeError:
        cached = None
    if cached is not None:
        return cached
    res = ErrorScan(text_len=max(1, len(page.text)))
    src = page.source if page.is_html else page.text
    views = _views(page)
    if views:
        for view, idx, s, present in views:
            hot = None
            if present & _FAMILY_ANCHORS["php"]:
                _scan_php(page, res, view, idx, s)
            if present & _FAMILY_ANCHORS["db"]:
                hot = _hot(s, present)
                _scan_db(page, res, view, idx, s, present, hot)
            if present & _FAMILY_ANCHORS["trace"]:
                hot = hot if hot is not None else _hot(s, present)
                _scan_traces(page, res, view, idx, s, hot)
            if present & _FAMILY_ANCHORS["debug"]:
                hot = hot if hot is not None else _hot(s, present)
                _scan_debug(page, res, view, idx, s, present, hot)
        if (page.is_html and not res.php and views[0][0] == "text" and views[0][3] & _PHP_LABEL_ANCHORS
                and "on line <b>" in src):
            _scan_php(page, res, "html", 0, comment_text(src))
        _spread_quoted(res, page.text)
        _collect_paths(page, res, views)
        if res.php or res.db or res.trace or res.debug or res.paths:
            ctx = page_context(page)
            res.technical = ctx.score
            res.ctx_evidence = ctx.evidence()
            for p in res.paths:
                if p.in_error and res.technical >= TECHNICAL:
                    p.quoted_error = True
        if page.is_html and res.php:
            m = _DOCTYPE.search(src, 0, 200_000)
            if m and m.start() > 0:
                head = comment_text(src[: m.start()])
                res.before_doctype = bool(_PHP_LABEL.search(head) or _CI_BLOCK.search(head))
    try:
        _CACHE[page] = res
    except TypeError:
        pass
    return res


# An error quoted as an example rather than printed by the server: a documentation path
# (/path/to/, /home/user/), or a line just above it that introduces it ("The log shows the
# following error:", "If you see this message:"). Text records have no <pre> to tell us.
_PLACEHOLDER_PATH = rx(
    "SEO601.placeholder_path",
    r"/path/to/|[\\/]home[\\/](?:user|username|yourname|you|me|example|your[_-]?user)[\\/]|\\path\\to\\"
    r"|/var/www/(?:example|yoursite|your-site|mysite)\b|\bexample\.(?:com|org|net)/",
    worst_case="/home/",
)
_INTRO_LINE = rx(
    "SEO601.intro_line",
    r"(?i)\b(?:errors?|messages?|warnings?|notices?|logs?|outputs?|shows?|following|says|like this|you see|you get|got"
    r"|examples?|such as)\b"
    r"[^\n:]{0,120}+:[ \t]*+\Z",
    worst_case="error ",
)
# "the following error", in the languages people ask in: it introduces what follows with or
# without a colon (Japanese and Chinese end the sentence instead: "次のエラーが出ます。")
_INTRO_SENTENCE = rx(
    "SEO601.intro_sentence",
    r"(?i)\b(?:the\s++)?following\s++(?:php\s++|sql\s++|database\s++)?(?:errors?|messages?|warnings?|notices?|exceptions?)\b"
    r"|\bfolgenden?\s++(?:Fehler(?:meldung)?|Meldung|Warnung)\w*+|\b(?:erreur|message|avertissement)s?\s++suivante?s?\b"
    r"|\bsiguientes?\s++(?:error|mensaje|aviso)(?:es|s)?\b|\bseguintes?\s++(?:erro|mensagem|aviso)s?\b"
    r"|\b(?:errore|messaggio|avviso)\s++seguente\b|\b(?:error|pesan|peringatan)\s++(?:berikut|seperti\s++ini)\b"
    r"|следующ\w{0,4}+\s++(?:ошибк|сообщени|предупреждени)\w*+"
    r"|(?:次の|以下の|下記の|下面的?|如下的?|以下的?|下列)[^\n]{0,12}?(?:エラー|警告|メッセージ|错误|錯誤|报错|報錯|信息|訊息|提示)"
    r"|(?:エラー|错误|錯誤|报错|報錯)[^\n。]{0,16}?(?:が出|が表示|出て|表示され|显示|顯示|出现|出現|提示)"
    r"|다음과\s?같은\s?(?:오류|에러|경고)|(?:오류|에러)가\s?(?:발생|나|뜹)",
    worst_case="following ",
)
# a sentence left open for what follows: "The same warning also appears as", "...looks like"
_OPEN_TAIL = rx(
    "SEO601.open_tail",
    r"(?i)\b(?:appears?\s++as|shows?\s++up\s++as|looks?\s++like(?:\s++this)?+|something\s++like|such\s++as"
    r"|for\s++example|for\s++instance|e\.g\.|i\.e\.|reads?|says?|prints?|returns?|throws?|outputs?)[ \t]*+[,.]?+[ \t]*+\Z",
    worst_case="appears ",
)
# a changelog or release note names the error it fixed: "Fixed: Warning: Undefined array key..."
_FIXED_HEAD = rx(
    "SEO601.fixed_head",
    r"(?i)(?:(?<!\w)(?:fixed|fixes|fix|bug\s?fix(?:ed)?|resolved|resolves|corrected|patched|addressed|silenced"
    r"|behoben|corrigé|corregido|corrigido|исправлен[аоы]?)\b|修复|修正)[^\n]{0,60}+\Z",
    worst_case="fixed ",
)
# a sentence that ends in a colon introduces what follows ("...the dashboard prints this at the
# top of every page:", "运行就报错："): prose, several words, not a form label ("Name:")
_PROSE_WORD = rx("SEO601.prose_word", r"[^\W\d_]{2,}+", worst_case="a1")
_CJK_CHAR = rx("SEO601.cjk_char", r"[\u3040-\u30ff\u4e00-\u9fff]", worst_case="a")


def _prose_colon(line: str) -> bool:
    """A sentence ending in a colon: several words (or CJK characters), not a form label."""
    line = line[-300:]
    if not line.endswith((":", "：")):
        return False
    return len(_PROSE_WORD.findall(line)) >= 4 or len(_CJK_CHAR.findall(line)) >= 6
# a heading that names what follows as a log or trace ("Stack trace", "Error log", "Logs:")
_LOG_LABEL = rx(
    "SEO601.log_label",
    r"(?i)^[ \t#*>-]*+(?:full[ \t]++)?(?:stack[ \t]?trace|traceback|back[ \t]?trace|error[ \t]++(?:log|message|output)s?|logs?|"
    r"console[ \t]++output|output|exception|fehlermeldung|protokoll|journal[ \t]++d'erreurs?|erreur|registro[ \t]++de[ \t]++errores|"
    r"报错(?:信息)?|错误(?:信息|日志)|日志|エラー(?:ログ|メッセージ)?|ログ|ошибка|лог)[ \t]*+[:：]?[ \t]*+\Z",
    worst_case="stack ",
)
# a line of a stack trace or log ("at com.x.Y(Y.java:12)", "#0 /var/www/a.php(3): f()", '  File "..."')
_FRAME_LINE = rx("SEO601.frame_line", r"\A[ \t]*+(?:at[ \t]|#\d|File[ \t]\"|\d{4}-\d\d-\d\d[ T]\d|\[\d|thrown in)", worst_case=" ")
# the error's own line asks about it: a question title quoting the message
_QUESTION_LINE = rx("SEO601.question_line", r"[?？][ \t\)\]]*+\Z|\b(?:how (?:do|can|to)|why)\b|请问|怎么|为什么|なぜ|どうすれば", worst_case="how ")


def _quoted_example(s: str, hit: Hit) -> bool:
    """Whether a text match reads as quoted: a documentation path, a line just above it that
    introduces it (a sentence ending in a colon, a "Stack trace" heading), or its own line
    asking a question about it. A leaked error is printed in place of content: nothing
    introduces it and it asks nothing."""
    if _PLACEHOLDER_PATH.search(s, hit.start, min(len(s), hit.end + 40)):
        return True
    line_start = s.rfind("\n", max(0, hit.start - 400), hit.start)
    line_end = s.find("\n", hit.start, hit.start + 600)
    own = s[line_start + 1:line_end if line_end >= 0 else hit.start + 600]
    if _QUESTION_LINE.search(own):
        return True
    if _FIXED_HEAD.search(s, line_start + 1, hit.start):
        return True
    # the line above the block of error lines this one belongs to
    for _ in range(12):
        if line_start <= 0:
            return False
        prev = s.rfind("\n", max(0, line_start - 300), line_start) + 1
        above = s[prev:line_start].rstrip()
        if _LOG_LABEL.search(above):
            # "Stack trace" over the block introduces it, unless an error line stands right
            # above the label (PHP prints "Stack trace:" between its message and the frames)
            p2 = s.rfind("\n", max(0, prev - 1 - 300), prev - 1) + 1
            if prev <= 0 or not _SELF_EVIDENT.search(s[p2:prev - 1]):
                return True
        elif not (_SELF_EVIDENT.search(above) or _FRAME_LINE.match(above)):
            break
        line_start = prev - 1
    else:
        return False
    return (_INTRO_LINE.search(above) is not None or _prose_colon(above) or _INTRO_SENTENCE.search(above) is not None
            or _OPEN_TAIL.search(above) is not None)


QUOTE_KEY = 32  # leading characters of an error message that identify it across the page
QUOTE_KEY_MIN = 16  # a key cut shorter than this ("Warning: ") names no message
_CLOSING_QUOTES = rx("SEO601.closing_quote", r"[\"'\u201d\u2019\u00bb\u300d\u300f\uff02\uff09)\]]", worst_case="a")


def _quote_key(text: str) -> str:
    """The message's leading characters, up to a closing quote or bracket: a title that quotes
    the message in brackets or 「」 names the same error as the log line that prints it with its
    arguments ("Warning: Undefined array key」が表示される" and 'Warning: Undefined array key "name"')."""
    key = squash(text)[:QUOTE_KEY]
    m = _CLOSING_QUOTES.search(key)
    if m and m.start() >= QUOTE_KEY_MIN:
        key = key[:m.start()]
    return key.rstrip()


def _spread_quoted(res: "ErrorScan", text: str) -> None:
    """An error the page quotes somewhere (introduced, or in a code block) is quoted wherever
    it repeats (a Q&A title that names the message above the log that shows it), and so are
    the errors on the lines right below or above it (one quoted block)."""
    hits = res.php + res.db + res.trace + res.debug
    keys = {_quote_key(text[h.start:h.end]) for h in hits if h.code and h.view == "text"}
    if not keys:
        return
    # errors on consecutive lines are one quoted block: "messages such as:" introduces the
    # MySQL line right below it and the Oracle and PostgreSQL lines after that
    lines = []  # (first line, lines spanned, hit), counted in one pass over the text
    line = pos = 0
    for h in sorted((h for h in hits[:200] if h.view == "text"), key=lambda h: h.start):
        line += text.count("\n", pos, h.start)
        pos = h.start
        lines.append((line, text.count("\n", h.start, h.end), h))

    def quote_block(block: list) -> None:
        # when the prose introduces the block's first error; an error page's own <code>
        # (WordPress prints the failed query in one), or an error "introduced" by the error
        # line above it, quotes nothing around it
        if block and block[0].extra.get("introduced"):
            for b in block:
                if not b.code:
                    b.code = True
                    b.extra["quoted_block"] = True

    block: list = []
    block_end = -2
    for first, span, h in lines:
        if block and first <= block_end + 1:
            block.append(h)
            block_end = max(block_end, first + span)
        else:
            quote_block(block)
            block, block_end = [h], first + span
    quote_block(block)
    for h in hits:
        if not h.code and h.view == "text" and _quote_key(text[h.start:h.end]) in keys:
            h.code = True
            h.extra["quoted_elsewhere"] = True


def _mark_code(page, hit: Hit, s: str) -> None:
    if hit.view == "text":
        # check a distinctive part of the match (the first 120 characters) against code blocks
        hit.code = in_code(page, hit.start, min(hit.end, hit.start + 120))
        if not hit.code and _quoted_example(s, hit):
            hit.code = True
            hit.extra["introduced"] = True


def _scan_ci_tail(page, res: ErrorScan, view: str, idx: int, s: str) -> None:
    """CodeIgniter fields without their heading: Filename + Line Number, strong when a
    Severity or Message field stands right above them; or Severity (a PHP error level),
    Message and a script's Filename on consecutive lines, when a text record ends before the
    line number."""
    done = [(h.start, h.end) for h in res.php if h.family == "codeigniter" and h.view == view]
    if "Filename:" in s and "Line Number" not in s:
        for m in _finditer(_CI_FIELDS, s, _windows(s, ("Severity:",), 10, 700, 50)):
            hit = Hit("codeigniter", m.group(1), view, idx, m.start(), m.end(), snippet(s, m.start(), m.end(), pad=0),
                      True, "high", extra={"severity": m.group(1), "message": m.group(2)[:200],
                                           "filename": m.group(3)[:200]})
            _mark_code(page, hit, s)
            res.php.append(hit)
        return
    for m in _finditer(_CI_TAIL, s, _windows(s, ("Line Number",), 320, 40, 50)):
        if any(a <= m.start() <= b for a, b in done):
            continue
        if "." not in m.group(1) and "/" not in m.group(1):
            continue  # a file name has an extension or a directory
        above = s[max(0, m.start() - 500): m.start()]
        head = None
        for head in _CI_HEAD_FIELD.finditer(above):
            break
        start = m.start() - len(above) + head.start() if head else m.start()
        hit = Hit("codeigniter", "Error", view, idx, start, m.end(), snippet(s, start, m.end(), pad=0),
                  head is not None, "high", extra={"filename": m.group(1)[:200], "line": int(m.group(2))})
        _mark_code(page, hit, s)
        res.php.append(hit)
        done.append((start, m.end()))


def _scan_php(page, res: ErrorScan, view: str, idx: int, s: str) -> None:
    if not _has(page, view, s, _PHP_SHAPES):
        if _has(page, view, s, ("Line Number", "Filename:")):
            _scan_ci_tail(page, res, view, idx, s)
        return
    if "PHP Error was encountered" in s or "Exception was encountered" in s:
        for m in _CI_BLOCK.finditer(s):
            block = s[m.start(): m.start() + 1200]
            fields = {}
            for fm in _CI_FIELD.finditer(block):
                fields.setdefault(fm.group(1), fm.group(2).strip())
                if len(fields) >= 5:
                    break
            if "Severity" not in fields and "Type" not in fields and "Message" not in fields:
                continue
            end = m.start() + min(len(block), 1200)
            ln = block.find("Line Number")
            if ln >= 0:
                nl = block.find("\n", ln + 12)
                nl2 = block.find("\n", nl + 1) if nl >= 0 else -1
                end = m.start() + (nl2 if nl2 > 0 else len(block))
            hit = Hit("codeigniter", fields.get("Severity") or fields.get("Type") or "Error", view, idx,
                      m.start(), end, snippet(s, m.start(), end, pad=0), True, "high",
                      extra={k.lower().replace(" ", "_"): v[:200] for k, v in fields.items()})
            _mark_code(page, hit, s)
            res.php.append(hit)
    if _has(page, view, s, ("Line Number", "Filename:")):
        _scan_ci_tail(page, res, view, idx, s)
    labels = _finditer(_PHP_LABEL, s, _windows(s, _PHP_LABEL_WORDS, 8, 40, MAX_LABELS))[:MAX_LABELS]
    for i, m in enumerate(labels):
        lim = m.end() + WINDOW
        if i + 1 < len(labels):
            lim = min(lim, labels[i + 1].start())
        win_end = min(len(s), lim)
        trailer = _PHP_TRAILER.search(s, m.end(), win_end) or _PHP_TRAILER_COLON.search(s, m.end(), win_end)
        func = _PHP_FUNC.match(s[m.end(): win_end]) if not trailer else None
        phrase = _PHP_PHRASE.search(s, m.end(), min(win_end, m.end() + 300)) if not trailer else None
        if not (trailer or func or phrase):
            continue
        end = trailer.end() if trailer else min(win_end, m.end() + 200)
        label = " ".join(m.group(1).split())
        label = label.split(" (")[0]
        hit = Hit("php", label, view, idx, m.start(), end, snippet(s, m.start(), end, pad=0),
                  bool(trailer), "high" if trailer else "medium")
        if trailer:
            hit.extra["file"] = trailer.group(1)[:200]
            hit.extra["line"] = int(trailer.group(2))
        _mark_code(page, hit, s)
        res.php.append(hit)


def _scan_db(page, res: ErrorScan, view: str, idx: int, s: str, present: frozenset, hot: str) -> None:
    for family, trigs, pat, base, strong, gate in _DB_PATTERNS:
        if not any(g in present for g in gate) or not _has(page, view, hot, trigs):
            continue
        n = 0
        for m in _finditer(pat, s, _windows(s, trigs, 150, 300)):
            end = min(len(s), m.end() + 200)
            hit = Hit(family, m.group(0)[:80], view, idx, m.start(), end, snippet(s, m.start(), end, pad=40),
                      strong, base)
            if family == "wordpress_db":  # strong when the failed query (or its SQL) is shown
                near = s[m.start(): m.start() + 1500]
                hit.strong = "for query" in near or "SELECT " in near or "INSERT INTO" in near
            _mark_code(page, hit, s)
            res.db.append(hit)
            n += 1
            if n >= 200:
                break
    if res.db and not res.sql_text and ("query" in s or "Query" in s or "SQL" in s):
        res.sql_text = bool(_finditer(_SQL_QUERY, s, _windows(s, ("query", "Query", "SQL"), 30, 60, 50)))


def _scan_traces(page, res: ErrorScan, view: str, idx: int, s: str, hot: str) -> None:
    if _has(page, view, hot, ("Traceback (most",)):
        for m in _PY_TRACEBACK.finditer(s):
            frames = len(_PY_FRAME.findall(s, m.end(), m.end() + 4000))
            if frames:
                end = min(len(s), m.end() + 300)
                hit = Hit("python", "Traceback", view, idx, m.start(), end, snippet(s, m.start(), end, pad=0),
                          True, "high", extra={"frames": frames})
                _mark_code(page, hit, s)
                res.trace.append(hit)
    if _has(page, view, hot, _FRAME_TRIGGERS):
        # frames of Java, .NET and Node traces share "at name(location)"; classify each, and
        # call a run of two or more frames of one kind (or one frame after a header) a trace
        runs: dict[str, list] = {}
        n = 0
        for m in _finditer(_FRAME, s, _windows(s, _FRAME_TRIGGERS, 400, 120, 2000)):
            n += 1
            if n > 5000:
                break
            name, loc = m.group(1), m.group(2)
            kind = None
            if _JAVA_LOC.search(loc):
                kind = "java"
            elif _NODE_LOC.match(loc) and _NODE_LOC_END.search(loc):
                kind = "node"
            elif m.group(4) or (name.count(".") >= 2 and _DOTNET_ARGS.match(loc)
                                and name.startswith(("System.", "Microsoft.", "ASP.", "MS.", "Mono."))):
                kind = "dotnet"
            if kind:
                runs.setdefault(kind, []).append(m)
        for kind, ms in runs.items():
            groups = _runs(ms)
            for g in groups:
                head = None
                before = s[max(0, g[0].start() - 400): g[0].start()]
                if kind == "java":
                    head = _JAVA_HEAD.search(before)
                elif kind == "dotnet":
                    head = _DOTNET_MARK.search(s, max(0, g[0].start() - 400), g[-1].end() + 200)
                if len(g) < 2 and not head:
                    continue
                start, end = g[0].start(), g[-1].end()
                hit = Hit(kind, f"{kind} stack trace", view, idx, start, end,
                          snippet(s, start, min(end, start + 240), pad=120 if head else 0),
                          len(g) >= 3 or bool(head), "high", extra={"frames": len(g)})
                if kind == "dotnet" and any(x.group(3) for x in g):
                    hit.extra["file"] = next(x.group(3) for x in g if x.group(3))[:200]
                _mark_code(page, hit, s)
                res.trace.append(hit)
    if "Server Error in" in hot or "unhandled exception" in hot:
        for m in _ASPNET.finditer(s):
            end = min(len(s), m.end() + 2000)  # the yellow screen: message, details, stack trace
            strong = m.group(0).startswith(("Server Error in", "An unhandled", "Version Information"))
            hit = Hit("aspnet", "ASP.NET error page", view, idx, m.start(), end,
                      snippet(s, m.start(), min(end, m.end() + 200), pad=0), strong, "high" if strong else "medium")
            _mark_code(page, hit, s)
            res.trace.append(hit)
            break
    if "#0" in hot or "#1" in hot:
        ms = _finditer(_PHP_STACK, s, _windows(s, ("#0", "#1", "#2"), 20, 400))
        if ms and (len(ms) >= 2 or ms[0].group(0).startswith("Stack trace")):
            start, end = ms[0].start(), ms[-1].end()
            hit = Hit("php_trace", "PHP stack trace", view, idx, start, end,
                      snippet(s, start, min(end, start + 240), pad=0), True, "high", extra={"frames": len(ms)})
            _mark_code(page, hit, s)
            res.trace.append(hit)
    if _any(hot, _RUBY_FILES):
        ms = _finditer(_RUBY_FRAME, s, _windows(s, _RUBY_FILES, 300, 60))
        if len(ms) >= 2:
            m = ms[0]
            hit = Hit("ruby", "Ruby backtrace", view, idx, m.start(), m.end(), snippet(s, m.start(), m.end()),
                      len(ms) >= 3, "high", extra={"frames": len(ms)})
            _mark_code(page, hit, s)
            res.trace.append(hit)
    if "Controller#" in hot or "undefined method" in hot:
        head = _RAILS_HEAD.search(s) if "Controller#" in hot else None
        msg = _finditer(_RUBY_NIL, s, _windows(s, ("undefined method", "undefined local"), 20, 200, 20))
        if head or msg:
            m = head or msg[0]
            near = s[m.start(): m.start() + 800]
            frames = len(_RUBY_FRAME.findall(near))
            # a Rails error page heading with its message or a frame; a nil message with a frame
            strong = bool(head and (msg or frames)) or bool(msg and frames)
            if strong or head:
                end = min(len(s), m.end() + 200)
                hit = Hit("ruby", "Rails error page" if head else "Ruby error", view, idx, m.start(), end,
                          snippet(s, m.start(), end, pad=0), strong, "high", extra={"frames": frames})
                _mark_code(page, hit, s)
                res.trace.append(hit)
    if "Exception Details" in hot or ".cs:" in hot or ".vb:" in hot:
        det = _DOTNET_DETAILS.search(s) if "Exception Details" in hot else None
        frames = [m for m in _finditer(_DOTNET_IN_FRAME, s, _windows(s, (".cs:", ".vb:"), 400, 20, 200))
                  if m.group(1).endswith((".cs", ".vb"))]
        if det or frames:
            m = det or frames[0]
            end = min(len(s), (frames[-1].end() if frames else m.end()) + 100)
            hit = Hit("dotnet", "ASP.NET exception", view, idx, m.start(), end,
                      snippet(s, m.start(), min(end, m.start() + 240), pad=0), bool(det) or len(frames) >= 2,
                      "high", extra={"frames": len(frames)})
            if frames:
                hit.extra["file"] = frames[0].group(1)[:200]
            _mark_code(page, hit, s)
            res.trace.append(hit)
    if "Microsoft VBScript" in hot or "Active Server Pages error" in hot or "Microsoft JScript" in hot:
        m = _ASP_CLASSIC.search(s)
        if m:
            end = min(len(s), m.end() + 400)
            hit = Hit("asp_classic", "ASP error", view, idx, m.start(), end, snippet(s, m.start(), m.end(), pad=100),
                      True, "high")
            _mark_code(page, hit, s)
            res.trace.append(hit)
    if " line " in hot and (".pl " in hot or ".pm " in hot or ".cgi " in hot):
        ms = _finditer(_PERL_DIE, s, _windows(s, (".pl line", ".pm line", ".cgi line"), 320, 30, 50))
        if ms:
            m = ms[0]
            hit = Hit("perl", "Perl error", view, idx, m.start(), m.end(), snippet(s, m.start(), m.end(), pad=120),
                      len(ms) >= 2 or "Software error" in s, "high", extra={"frames": len(ms)})
            _mark_code(page, hit, s)
            res.trace.append(hit)
    if "goroutine" in hot:
        m = _GO_PANIC.search(s)
        if m and "panic" in s[max(0, m.start() - 600): m.start()]:
            hit = Hit("go", "Go panic", view, idx, m.start(), m.end(), snippet(s, m.start(), m.end(), pad=120),
                      True, "high")
            _mark_code(page, hit, s)
            res.trace.append(hit)


def _runs(ms: list, gap: int = 400) -> list[list]:
    """Split frame matches into runs of neighbours (at most `gap` characters apart)."""
    groups: list[list] = []
    for m in ms:
        if groups and m.start() - groups[-1][-1].end() <= gap:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _scan_debug(page, res: ErrorScan, view: str, idx: int, s: str, present: frozenset, hot: str) -> None:
    for fw, trig, pat, strong, gate in _DEBUG_PATTERNS:
        if not any(g in present for g in gate) or not _has(page, view, hot, (trig,)):
            continue
        found = _finditer(pat, s, _windows(s, (trig,), 200, 300, 20))
        m = found[0] if found else None
        if m and trig == "HTTP Status 500" and not _TOMCAT_DETAIL.search(s, m.end(), m.end() + 1500):
            m = None
        if m:
            end = min(len(s), m.end() + 200)
            hit = Hit(fw, m.group(0)[:80], view, idx, m.start(), end, snippet(s, m.start(), end, pad=40),
                      strong, "high" if strong else "medium")
            _mark_code(page, hit, s)
            res.debug.append(hit)
    if view == "text" and _has(page, view, s, _ENV_TRIGGERS):
        names: dict = {}
        for m in _ENV_NAMES.finditer(s):
            names.setdefault(m.group(0), m)
            if len(names) >= 12:
                break
        if len(names) >= ENV_NAMES_MIN:
            m = next(iter(names.values()))  # the first name, in the order found
            end = min(len(s), m.end() + 300)
            hit = Hit("environment", "environment variables", view, idx, m.start(), end,
                      snippet(s, m.start(), end, pad=40), True, "high", extra={"names": sorted(names)[:8]})
            _mark_code(page, hit, s)
            res.debug.append(hit)
    if view == "text" and "rror" in present and "disable_functions" in hot and "PHP Version" in s:
        found = _finditer(_PHPINFO, s, _windows(s, ("PHP Version", "Loaded Configuration", "disable_functions",
                                                     "Server API", "Zend Extension", "PHP License"), 5, 40, 50))
        marks = {m.group(0).split(" ")[0] if m.group(0).startswith("PHP Version") else m.group(0) for m in found}
        if len(marks) >= 3:
            m = found[0]
            hit = Hit("phpinfo", "phpinfo() page", view, idx, m.start(), m.end(),
                      snippet(s, m.start(), m.end(), pad=80), True, "high", extra={"markers": len(marks)})
            _mark_code(page, hit, s)
            res.debug.append(hit)


def _root_of(path: str) -> str:
    m = _WEBROOT.match(path)
    if m:
        return m.group(0).rstrip("/\\")
    sep = "\\" if ":\\" in path[:3] else "/"
    parts = [p for p in path.split(sep) if p]
    return (path[:3] if sep == "\\" else "/") + sep.join(parts[1 if sep == "\\" else 0: 2 if sep == "\\" else 2])


def _interesting(path: str) -> bool:
    """Whether an absolute path printed by an error discloses the site's layout."""
    if path.startswith(_BORING_ROOTS):
        return False
    if _WEBROOT.match(path):
        return True
    low = path.lower()
    if low.count("/") + low.count("\\") < 3:  # "/shop/cart.asp" is a URL path, not the server's layout
        return False
    return low.endswith(_SCRIPT_EXT) or "/home" in low[:7] or "/wp-" in low or "htdocs" in low


def _collect_paths(page, res: ErrorScan, views) -> None:
    spans: dict[tuple[str, int], list[Hit]] = {}
    for hit in res.php + res.db + res.trace + res.debug:
        spans.setdefault((hit.view, hit.view_index), []).append(hit)
    seen: set = set()
    technical = False  # decided once the page context is known (see scan)
    for view, idx, s, _fams in views:
        for hit in spans.get((view, idx), ()):
            for m in _ABS_PATH.finditer(s, hit.start, hit.end):
                p = m.group(0).rstrip(".,;:)")
                if not _interesting(p) or (view, idx, m.start()) in seen:
                    continue
                seen.add((view, idx, m.start()))
                hit.paths.append(p)
                res.paths.append(PathHit(p, _root_of(p), view, idx, m.start(), True, hit.code,
                                         hit.code or technical, snippet(s, m.start(), m.end())))
        if not (_fams & _FAMILY_ANCHORS["path"]):
            continue
        n = 0
        for m in _finditer(_WEBROOT, s, _windows(s, _PATH_TRIGGERS, 4, 200)):
            if (view, idx, m.start()) in seen:
                continue
            seen.add((view, idx, m.start()))
            pm = _ABS_PATH.match(s, m.start())
            p = (pm.group(0) if pm else m.group(0)).rstrip(".,;:)")
            code = view == "text" and in_code(page, m.start(), m.start() + len(p))
            res.paths.append(PathHit(p, m.group(0).rstrip("/\\"), view, idx, m.start(), False, code, False,
                                     snippet(s, m.start(), m.start() + len(p))))
            n += 1
            if n >= 200:
                break
    if "html" in {h.view for h in res.php}:
        src = comment_text(page.source)
        for hit in res.php:
            if hit.view == "html":
                for m in _ABS_PATH.finditer(src, hit.start, hit.end):
                    p = m.group(0)
                    if _interesting(p):
                        hit.paths.append(p)
                        res.paths.append(PathHit(p, _root_of(p), "html", 0, m.start(), True, False, technical,
                                                 snippet(src, m.start(), m.end())))


# ----------------------------------------------------------------------------- findings helpers
def _log1p(n: float) -> float:
    return math.log1p(n)


def _evidence(hit: Hit, res: ErrorScan, count: int, quoted: int) -> dict:
    ev: dict = {"snippet": hit.snip, "where": hit.view, "count": count}
    if hit.view == "text":
        ev["offset"] = hit.start
    elif hit.view == "comment":
        ev["comment_index"] = hit.view_index
    if hit.paths:
        ev["path"] = hit.paths[0]
    if hit.code:
        ev["in_code"] = True
    if quoted:
        ev["quoted"] = quoted
    ev.update({k: v for k, v in hit.extra.items() if k not in ev})
    if res.technical > 0:
        ev["context"] = res.ctx_evidence
    return ev


def _grade(hit: Hit, res: ErrorScan) -> tuple[str, str]:
    quoted = hit.code or res.technical >= TECHNICAL
    return grade(strong=hit.strong, quoted=quoted, code=hit.code, view=hit.view, base=hit.base)


def _best(hits: list[Hit], res: ErrorScan) -> Hit:
    """The most telling hit of a group: outside code first, then strong, then visible text."""
    return min(hits, key=lambda h: (h.code, not h.strong, h.view != "text", h.start))


def _grouped_findings(det: Detector, hits: list[Hit], res: ErrorScan, key, describe) -> list[Finding]:
    groups: dict = {}
    for h in hits:
        groups.setdefault(key(h), []).append(h)
    out = []
    for k, hs in groups.items():
        best = _best(hs, res)
        sev, conf = _grade(best, res)
        quoted = sum(1 for h in hs if h.code)
        out.append(Finding(det.id, det.kind, sev, conf, describe(best, hs, res),
                           _evidence(best, res, len(hs), quoted)))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    out.sort(key=lambda f: (order[f.severity], order[f.confidence] if f.confidence in order else 0))
    return out


def _where_words(h: Hit) -> str:
    return {"text": "in the page text", "title": "in the title", "comment": "inside an HTML comment",
            "html": "in the markup"}[h.view]


def _context_words(h: Hit, res: ErrorScan) -> str:
    if h.code:
        return " (shown inside a code block: probably quoted)"
    if res.technical >= TECHNICAL:
        return " (the page is about programming or servers: possibly quoted)"
    return ""


def _counted(hits: list[Hit], res: "ErrorScan") -> list[Hit]:
    """The hits that may be leaks: outside code and not on a page about programming."""
    if res.technical >= TECHNICAL:
        return []
    return [h for h in hits if not h.code]


def _common_features(hits: list[Hit], res: ErrorScan) -> dict[str, float]:
    n = len(hits)
    outside = [h for h in hits if not h.code]
    counted = _counted(hits, res)
    return {
        # errors shown on purpose (in code, introduced, or on a page about programming) are
        # not counted: a tutorial's ten quoted warnings are no more a leak than one
        # (code_frac and technical say how many were quoted and how technical the page is)
        "hits_log1p": _log1p(len(counted)),
        "outside_code": 1.0 if counted else 0.0,  # shown as a leak would be
        "in_comment": 1.0 if any(h.view == "comment" for h in hits) else 0.0,
        "code_frac": (n - len(outside)) / n if n else 0.0,
        "leak": 1.0 if any(h.strong for h in outside) and res.technical < TECHNICAL else 0.0,
    }


TECHNICAL_FEATURE_MIN = 0.25  # a technical score below this is no context (see SEO601 features)
PROSE_WORDS = 5  # alphabetic words that make a line prose (a stack frame or a log line has fewer)
PROSE_CJK = 6  # or this many letters of a script written without spaces


def _is_prose(line: str) -> bool:
    """A line of sentences, not a line of an error: five plain words ("Check the connection
    settings and..."), or six letters of Chinese, Japanese or Thai prose."""
    words = sum(1 for w in line.split() if w.strip(".,;:!?()\"'«»“”").isalpha())
    if words >= PROSE_WORDS:
        return True
    return sum(1 for ch in line if ord(ch) >= 0x0E00 and ch.isalpha()) >= PROSE_CJK


def _first_line_spans(hits: list[Hit], text: str) -> list[tuple[int, int]]:
    """(start, end of its first line) of each hit in the visible text, in order. A hit's own
    span may run on over the lines after it (a message pattern reads ahead), so the stretch
    after an error starts where its opening line ends."""
    out = []
    for h in hits:
        if h.view == "text":
            i = text.find("\n", h.start, h.end)
            out.append((h.start, h.end if i < 0 else i))
    return sorted(out)


# Words people use when they talk about an error they got (the neighbours of a pasted error in
# a thread, an answer or a bug report); a leak's neighbours are the page's own menus and prose.
# Words any news story uses (problem, help, getting, trying) are left out: a story next to an
# injected error talks about other problems.
_DISCUSSION = rx(
    "SEO605.discussion",
    r"(?i)[?？][ \t\)\]]*+$|\b(?:fix(?:ed|es)?|tried|trying to|solution|solved|answer(?:ed)?|thanks|"
    r"workaround|reproduce|same here|anyone|any ideas|"
    r"funktioniert nicht|gelöst|résolu|resuelto|solucionado|помогите|решено|не работает)\b"
    r"|助けて|解決|解决|求助|도와|해결",
    worst_case="hel",
)
NEIGHBOUR_LINES = 2  # non-empty lines read above and below an error for talk about it


def discussed_errors(hits: list[Hit], text: str) -> tuple[int, int]:
    """(error stretches outside code, those with talk about an error next to them): a question,
    "tried", "fixed", "same here", "help" in the nearest lines above or below that are not
    errors themselves. People paste errors to talk about them; a leak prints in place of the
    page's content and nobody comments on it."""
    # the neighbours skip the lines of the error itself: frames, "Stack trace", more messages
    spans = _first_line_spans([h for h in hits if not h.code], text)
    if not spans:
        return 0, 0
    blocks: list[list[int]] = []
    for a, b in spans:
        if blocks and a <= blocks[-1][1] + 1:
            blocks[-1][1] = max(blocks[-1][1], b)
        else:
            blocks.append([a, b])
    talked = 0
    for a, b in blocks:
        a = text.rfind("\n", 0, a) + 1
        e = text.find("\n", b)
        b = len(text) if e < 0 else e
        near = _neighbour_lines(text[max(0, a - 1500):a].split("\n")[::-1]) + _neighbour_lines(text[b:b + 1500].split("\n"))
        if any(_DISCUSSION.search(ln) for ln in near):
            talked += 1
    return len(blocks), talked


def _neighbour_lines(lines: list[str]) -> list[str]:
    out = []
    for ln in lines:
        ln = ln.strip()
        if not ln or _SELF_EVIDENT.search(ln) or _FRAME_LINE.match(ln):
            continue
        out.append(ln)
        if len(out) >= NEIGHBOUR_LINES:
            break
    return out


def error_blocks(hits: list[Hit], text: str) -> int:
    """Separate stretches of errors in the visible text: errors with a line of prose between
    them belong to different stretches. A leak is one stretch (a warning above the header,
    perhaps another at the foot); a reference list that explains ten error codes, or a thread
    whose posts paste their errors, is many."""
    spans = _first_line_spans(hits, text)
    if not spans:
        return 0
    blocks, last_end = 1, spans[0][1]
    for start, end in spans[1:]:
        if start > last_end and any(_is_prose(ln) for ln in text[last_end:start].split("\n")):
            blocks += 1
        last_end = max(last_end, end)
    return blocks


# ----------------------------------------------------------------------------- detectors
class PhpErrors(Detector):
    """Leaked PHP errors: Warning/Notice/Deprecated/Fatal error/Parse error/Strict Standards lines.

    Finds PHP's own error output printed into the page, in its HTML form
    (``<b>Warning</b>: include(x.php): failed to open stream in <b>/home/u/public_html/a.php</b>
    on line <b>12</b>``) and plain form, and the CodeIgniter "A PHP Error was encountered" block
    (Severity / Message / Filename / Line Number). Repeated lines of one kind are one finding
    with a ``count`` (a page with 271 Deprecated lines gives one finding). Looks in the visible
    text, the title, HTML comments and, as a last resort, the raw markup.

    Why it matters: the site is broken and tells everyone its software, file layout and often
    its hosting account name; failed includes are a common trace of an injection.

    Context: lines inside ``<pre>``/``<code>`` or on a programming page (tutorial, Q&A, docs)
    are recorded as quoted and give low severity and confidence.

    Features: ``hits_log1p`` (error lines not shown on purpose: outside code, not introduced or quoted), ``line_density`` (lines per 1000 characters, capped
    at 1), ``labels_log1p`` (distinct labels: Warning, Deprecated...), ``outside_code``,
    ``in_comment``, ``code_frac`` (share inside code), ``with_location`` (an "in <file> on line
    <n>" trailer was seen), ``codeigniter``, ``before_doctype`` (printed before ``<!doctype``),
    ``leak`` (a located error outside code on a non-technical page), ``technical`` (the page's
    technical score, 0..1, see detector.context; 0 below one strong word's worth, 0.25).
    """

    id = "SEO601"
    name = "php-error"
    kind = "server_error"
    features = ("hits_log1p", "line_density", "labels_log1p", "outside_code", "in_comment", "code_frac",
                "with_location", "codeigniter", "before_doctype", "leak", "technical")
    html_only = frozenset({"in_comment", "code_frac", "before_doctype"})

    def detect(self, page):
        res = scan(page)
        hits = res.php
        feats = _common_features(hits, res)
        # below one strong word's worth (a couple of weak hints such as "guide" or "help"), the
        # score says nothing about the page: the model gets 0, not a faint value it could key on
        feats["technical"] = res.technical if res.technical >= TECHNICAL_FEATURE_MIN else 0.0
        if not hits:
            return [], feats
        shown = _counted(hits, res)  # quoted lines are counted by code_frac only
        feats["line_density"] = min(1.0, len(shown) * 1000.0 / res.text_len)
        feats["labels_log1p"] = _log1p(len({h.label for h in shown}))
        feats["with_location"] = 1.0 if any(h.strong for h in hits) else 0.0
        feats["codeigniter"] = 1.0 if any(h.family == "codeigniter" for h in hits) else 0.0
        feats["before_doctype"] = 1.0 if res.before_doctype else 0.0

        def describe(best: Hit, hs: list[Hit], res: ErrorScan) -> str:
            if best.family == "codeigniter":
                if "filename" not in best.extra:
                    what = "CodeIgniter 'A PHP Error was encountered' block"
                elif "line" in best.extra or "line_number" in best.extra:
                    what = "CodeIgniter error fields (Filename, Line Number)"
                else:
                    what = "CodeIgniter error fields (Severity, Message, Filename)"
            else:
                what = f"PHP {best.label} message"
            n = f"{len(hs)} x " if len(hs) > 1 else ""
            loc = f", naming {best.paths[0]}" if best.paths else ""
            return f"{n}{what} leaked {_where_words(best)}{loc}{_context_words(best, res)}"

        findings = _grouped_findings(self, hits, res, lambda h: (h.family, h.label, h.view), describe)
        return findings, feats


class DatabaseErrors(Detector):
    """Leaked database errors: SQL syntax errors, failed connections, driver warnings.

    MySQL/MariaDB ("You have an error in your SQL syntax", "Access denied for user
    'x'@'localhost'", "Table 'db.t' doesn't exist", mysql_/mysqli_ function warnings),
    "WordPress database error ... for query", PostgreSQL ("pg_query(): Query failed",
    "ERROR: syntax error at or near"), Oracle (``ORA-00942:``), PDO ``SQLSTATE[HY000]``,
    Microsoft SQL Server / OLE DB / ODBC errors, SQLite errors, framework database error pages.

    Why it matters: these reveal database names, users, table layouts and sometimes the query
    itself, and an SQL syntax error on a public page is the classic sign of an injectable
    parameter. Quoted errors (code blocks, programming pages) get low severity.

    Features: ``hits_log1p``, ``families_log1p`` (distinct engines/kinds that leaked), ``outside_code``,
    ``in_comment``, ``code_frac``, ``credentials`` ("Access denied for user 'x'@'y'"),
    ``query_shown`` (the SQL text is printed), ``leak``.
    """

    id = "SEO602"
    name = "database-error"
    kind = "server_error"
    features = ("hits_log1p", "families_log1p", "outside_code", "in_comment", "code_frac", "credentials",
                "query_shown", "leak")
    html_only = frozenset({"in_comment", "code_frac"})

    def detect(self, page):
        res = scan(page)
        hits = res.db
        feats = _common_features(hits, res)
        if not hits:
            return [], feats
        feats["families_log1p"] = _log1p(len({h.family for h in _counted(hits, res)}))
        feats["credentials"] = 1.0 if any(h.family == "access_denied" for h in hits) else 0.0
        feats["query_shown"] = 1.0 if res.sql_text else 0.0

        def describe(best: Hit, hs: list[Hit], res: ErrorScan) -> str:
            n = f"{len(hs)} x " if len(hs) > 1 else ""
            return (f"{n}database error ({best.family.replace('_', ' ')}: '{squash(best.label)}') leaked "
                    f"{_where_words(best)}{_context_words(best, res)}")

        return _grouped_findings(self, hits, res, lambda h: (h.family, h.view), describe), feats


class StackTraces(Detector):
    """Leaked stack traces and exception pages: Python, Java, .NET/ASP.NET, PHP, Node, Ruby, Go.

    Python ``Traceback (most recent call last):`` with ``File "...", line N`` frames; Java
    ``Exception in thread`` / ``at com.foo.Bar.baz(Bar.java:12)`` chains (javax.servlet,
    Tomcat); .NET ``at System.Web...`` frames and ``--- End of inner exception stack trace
    ---``; the ASP.NET "Server Error in '/' Application" yellow screen; PHP ``Stack trace: #0``;
    Node ``at fn (/app/x.js:1:7)``; Ruby ``app.rb:12:in `m'``; Go ``goroutine 1 [running]``.
    Two or more frames of one kind (or one frame under an exception header) make a trace.

    Why it matters: a trace exposes code structure, file paths and library versions. Traces
    inside code blocks or on programming pages are recorded as quoted (low severity).
    Also: classic ASP (VBScript/JScript runtime errors) and Perl ``die`` messages.

    Features: ``hits_log1p``, ``frames_log1p``, ``families_log1p``, ``outside_code``,
    ``in_comment``, ``code_frac``, ``aspnet_error_page``, ``leak``.
    """

    id = "SEO603"
    name = "stack-trace"
    kind = "server_error"
    features = ("hits_log1p", "frames_log1p", "families_log1p", "outside_code", "in_comment", "code_frac",
                "aspnet_error_page", "leak")
    html_only = frozenset({"in_comment", "code_frac"})

    def detect(self, page):
        res = scan(page)
        hits = res.trace
        feats = _common_features(hits, res)
        if not hits:
            return [], feats
        counted = _counted(hits, res)
        feats["frames_log1p"] = _log1p(sum(h.extra.get("frames", 0) for h in counted))
        feats["families_log1p"] = _log1p(len({h.family for h in counted}))
        feats["aspnet_error_page"] = 1.0 if any(h.family == "aspnet" and not h.code for h in hits) else 0.0

        def describe(best: Hit, hs: list[Hit], res: ErrorScan) -> str:
            n = f"{len(hs)} x " if len(hs) > 1 else ""
            fr = best.extra.get("frames")
            fr = f" ({fr} frames)" if fr else ""
            return f"{n}{best.label}{fr} leaked {_where_words(best)}{_context_words(best, res)}"

        return _grouped_findings(self, hits, res, lambda h: (h.family, h.view), describe), feats


class DebugPages(Detector):
    """Framework debug pages left switched on: Django, Laravel, Symfony, Rails, Werkzeug, phpinfo().

    Django's technical 500/404 page ("You're seeing this error because you have DEBUG = True
    in your Django settings file"), Laravel Whoops/Ignition (``Illuminate\\...`` classes),
    Symfony exception pages, Rails "Action Controller: Exception caught", the Flask/Werkzeug
    interactive debugger (which can execute code), Spring "Whitelabel Error Page", Tomcat
    exception reports, Yii exceptions, and a public ``phpinfo()`` page.

    Why it matters: debug pages disclose settings, environment variables, paths and sometimes
    secrets; the Werkzeug debugger is a remote console. Quoted in code or on a programming
    page, they are recorded with low severity. Also ColdFusion error pages.

    Features: ``hits_log1p``, ``frameworks_log1p``, ``outside_code``, ``code_frac``,
    ``phpinfo``, ``leak``.
    """

    id = "SEO604"
    name = "debug-page"
    kind = "server_error"
    features = ("hits_log1p", "frameworks_log1p", "outside_code", "code_frac", "phpinfo", "leak")
    html_only = frozenset({"code_frac"})

    def detect(self, page):
        res = scan(page)
        hits = res.debug
        feats = _common_features(hits, res)
        feats.pop("in_comment")
        if not hits:
            return [], feats
        feats["frameworks_log1p"] = _log1p(len({h.family for h in _counted(hits, res)}))
        feats["phpinfo"] = 1.0 if any(h.family == "phpinfo" and not h.code for h in hits) else 0.0

        def describe(best: Hit, hs: list[Hit], res: ErrorScan) -> str:
            what = "phpinfo() output" if best.family == "phpinfo" else f"{best.family} debug output"
            return f"{what} ('{squash(best.label)}') {_where_words(best)}{_context_words(best, res)}"

        return _grouped_findings(self, hits, res, lambda h: h.family, describe), feats


class PathDisclosure(Detector):
    """Server path disclosure: the site's file-system location printed into the page.

    Web roots such as ``/home/<user>/public_html``, ``/var/www/...``, ``/usr/share/nginx/html``,
    ``/srv/www``, ``/www/htdocs/<account>``, ``/homepages/<n>/d<id>/htdocs``,
    ``C:\\inetpub\\wwwroot``, ``D:\\Hosting\\<id>``, and any script path an error message prints
    (``in /home/x/site/index.php on line 3``). One finding per disclosed root, with the first
    full path, whether it sits inside an error message, and a ``count``.

    Why it matters: the path names the hosting account (often the user name) and the software
    layout, which is what an attacker needs next. Strongest when it is part of a leaked error
    outside any code block; a path quoted in a tutorial or a code block gets low severity.

    Features: ``paths_log1p``, ``roots_log1p``, ``in_error``, ``outside_code``, ``in_comment``,
    ``code_frac``, ``home_user`` (a ``/home/<account>/`` path outside code),
    ``error_families_log1p`` (distinct error families of SEO601-604 outside code, path or not),
    ``error_blocks_log1p`` (separate stretches of errors in the visible text, prose between
    them: one for a leak, many for a reference list or a thread that pastes errors),
    ``errors_discussed`` (share of the error stretches outside code with talk about an error
    in the lines next to them: a question, "tried", "fixed", "help"),
    ``error_and_path`` (agreement: a path inside an error that is outside code on a
    non-technical page).
    """

    id = "SEO605"
    name = "path-disclosure"
    kind = "path_disclosure"
    features = ("paths_log1p", "roots_log1p", "in_error", "outside_code", "in_comment", "code_frac",
                "home_user", "error_families_log1p", "error_blocks_log1p", "errors_discussed", "error_and_path")
    html_only = frozenset({"in_comment", "code_frac"})

    def detect(self, page):
        res = scan(page)
        paths = res.paths
        errors_out = [h for h in res.php + res.db + res.trace + res.debug if not h.code]
        feats: dict[str, float] = {
            "error_families_log1p": _log1p(len({h.family for h in errors_out})),
            "error_blocks_log1p": _log1p(error_blocks(res.php + res.db + res.trace + res.debug, page.text)),
        }
        n_blocks, talked = discussed_errors(errors_out, page.text)
        if n_blocks:
            feats["errors_discussed"] = talked / n_blocks
        if not paths:
            return [], feats
        outside = [p for p in paths if not p.code]
        feats.update({
            "paths_log1p": _log1p(len(paths)),
            "roots_log1p": _log1p(len({p.root for p in paths})),
            "in_error": 1.0 if any(p.in_error for p in paths) else 0.0,
            "outside_code": 1.0 if outside and res.technical < TECHNICAL else 0.0,  # shown as a leak would be
            "in_comment": 1.0 if any(p.view == "comment" for p in paths) else 0.0,
            "code_frac": (len(paths) - len(outside)) / len(paths),
            "home_user": 1.0 if any(_HOME_USER.match(p.path) for p in outside) else 0.0,
            "error_and_path": 1.0 if any(p.in_error and not p.quoted_error for p in paths) else 0.0,
        })
        groups: dict[str, list[PathHit]] = {}
        for p in paths:
            groups.setdefault(p.root, []).append(p)
        technical = res.technical >= TECHNICAL
        out = []
        for root, ps in groups.items():
            best = min(ps, key=lambda p: (p.code, p.quoted_error if p.in_error else True, not p.in_error,
                                          p.view != "text", p.start))
            quoted = best.code or technical
            sev, conf = grade(strong=best.in_error, quoted=quoted, code=best.code, view=best.view,
                              base="high" if best.in_error else "medium")
            ev: dict = {"path": best.path[:300], "root": root, "where": best.view, "count": len(ps),
                        "in_error": best.in_error}
            user = _HOME_USER.match(best.path)
            if user:
                ev["account"] = user.group(1)
            ev["snippet"] = best.snip
            if best.view == "text":
                ev["offset"] = best.start
            elif best.view == "comment":
                ev["comment_index"] = best.view_index
            if best.code:
                ev["in_code"] = True
            if res.technical > 0:
                ev["context"] = res.ctx_evidence
            ctxw = (" (inside a code block: probably quoted)" if best.code else
                    " (the page is about programming or servers: possibly quoted)" if technical else "")
            place = "in a leaked error message" if best.in_error else "in the page"
            if best.view == "comment":
                place += " (inside an HTML comment)"
            out.append(Finding(self.id, self.kind, sev, conf,
                               f"server path {root} disclosed {place}{ctxw}", ev))
        order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
        out.sort(key=lambda f: order[f.severity])
        return out, feats
