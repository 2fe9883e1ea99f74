"""Inline CSS and JavaScript of the HTML report (no external assets, no framework).

The script renders the sites and pages tables from the embedded JSON. Data only ever reaches
the DOM through ``textContent``, ``createTextNode``, ``setAttribute`` of ``data-*``/``title``
attributes and form values: never ``innerHTML``, never a link built from an evidence URL.
The view (sort and filters) is read from the URL fragment on load and on ``hashchange``,
and written back with ``history.replaceState`` when the user changes it.
"""

CSS = r"""
:root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--panel:#fff;--accent:#dc2626;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
.wrap{max-width:1380px;margin:0 auto;padding:0 20px}
header.top{background:#0f172a;color:#e2e8f0;padding:14px 0 12px;margin-bottom:14px}
header.top h1{margin:0 0 2px;font-size:20px;font-weight:650;letter-spacing:.2px;color:#fff}
header.top .meta{font-size:12.5px;color:#94a3b8}
.scope{margin:0 0 12px;color:#475569;font-size:13px}
h2{font-size:14px;margin:0 0 10px;font-weight:650;color:#1e293b;text-transform:none}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-bottom:12px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .label{font-size:11.5px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted)}
.card .value{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.25}
.card.dates .value{font-size:18px;line-height:1.75;white-space:nowrap}
.card.accent .value{color:var(--accent)}
.card .sub{font-size:12px;color:var(--muted)}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin-bottom:12px;min-width:0}
.row2{display:grid;grid-template-columns:minmax(420px,1fr) minmax(420px,1fr);gap:12px;align-items:stretch}
.row2 .panel{margin-bottom:12px}
.detscroll{max-height:318px;overflow-y:auto}
.stack{display:flex;height:12px;border-radius:4px;overflow:hidden;background:#f1f5f9;margin:10px 0 8px}
.lvlegend{display:flex;flex-wrap:wrap;gap:6px 16px}
.lvitem{display:inline-flex;align-items:baseline;gap:6px}
.lvcount{font-weight:650;font-variant-numeric:tabular-nums}
.lvpct{font-size:12px}
.stack .seg{display:block;min-width:2px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:11.5px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.levels td{padding:3px 6px}
table.levels .band{color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)} .small{font-size:12px;margin:6px 0 0}
.chip{display:inline-block;padding:0 7px;border-radius:10px;font-size:11.5px;font-weight:600;line-height:18px;
white-space:nowrap;border:1px solid transparent}
.level-minimal{background:#f1f5f9;color:#475569;border-color:#cbd5e1}
.level-low{background:#dbeafe;color:#1d4ed8}
.level-medium{background:#fef3c7;color:#92400e}
.level-high{background:#ffedd5;color:#c2410c}
.level-critical{background:#fee2e2;color:#b91c1c}
.level-error{background:#ede9fe;color:#6d28d9}
.level-bg-minimal{background:#94a3b8}.level-bg-low{background:#3b82f6}.level-bg-medium{background:#f59e0b}
.level-bg-high{background:#f97316}.level-bg-critical{background:#dc2626}.level-bg-error{background:#8b5cf6}
.cat{display:inline-block;background:#f1f5f9;color:#334155;border-radius:4px;padding:0 5px;margin:0 3px 2px 0;font-size:11.5px}
svg.hist{width:100%;height:auto;display:block}
svg.hist .axis{font-size:10.5px;fill:#64748b}
svg.hist .count{font-size:9.5px;fill:#334155}
svg.hist .grid{stroke:#eef2f7}
svg.hist .base{stroke:#94a3b8}
svg.hist .thr{stroke:#0f172a;stroke-dasharray:4 3}
svg.hist .thr-label{font-size:10.5px;fill:#0f172a}
table.dets td{padding:4px 6px}
table.dets thead th{position:sticky;top:0;background:#fff}
table.dets .det-row{cursor:pointer}
table.dets .det-row:hover{background:#f8fafc}
.fid{font-family:var(--mono);font-size:12px;font-weight:600;color:#0f172a}
.dname{color:#334155}
.sub{font-size:11.5px;color:var(--muted)}
.sharecell{white-space:nowrap;width:34%}
.share{display:inline-block;vertical-align:middle;width:calc(100% - 42px);height:8px;background:#f1f5f9;border-radius:4px;overflow:hidden;margin-right:6px}
.share span{display:block;height:100%;background:#dc2626}
.filters .frow{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:6px}
.filters input[type=search]{flex:1 1 320px;padding:6px 10px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
.filters select{padding:5px 8px;border:1px solid #cbd5e1;border-radius:6px;font:inherit;background:#fff;max-width:280px}
.filters button,.more{padding:5px 12px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;font:inherit;cursor:pointer}
.filters button:hover,.more:hover{background:#f1f5f9}
.chk,.lvl{display:inline-flex;align-items:center;gap:4px;cursor:pointer;user-select:none}
.lvl input{margin:0 2px 0 0}
.count{margin:-4px 0 8px;color:var(--muted);font-size:12.5px}
.tablewrap{overflow-x:auto}
table.data th[data-sort]{cursor:pointer}
table.data th[data-sort]:hover{color:#0f172a}
table.data th[aria-sort=ascending]::after{content:" \25B2";font-size:9px}
table.data th[aria-sort=descending]::after{content:" \25BC";font-size:9px}
table.data tbody tr:hover{background:#fbfdff}
td.risk{white-space:nowrap;width:92px}
td.risk .score{font-size:16px;font-weight:650;font-variant-numeric:tabular-nums;display:block}
.flag{display:inline-block;margin-top:3px;font-size:10.5px;font-weight:700;color:#fff;background:var(--accent);border-radius:3px;padding:0 4px;letter-spacing:.4px}
td.page{max-width:440px;word-break:break-all}
td.page .url{font-family:var(--mono);font-size:12.5px;color:#0f172a}
td.site{font-family:var(--mono);font-size:12.5px;word-break:break-word;overflow-wrap:anywhere;min-width:150px;max-width:260px}
td.site.nourl{font-style:italic;color:var(--muted);font-family:inherit}
td.date{white-space:nowrap;font-variant-numeric:tabular-nums;font-size:12.5px}
td.ev{min-width:360px;overflow-wrap:anywhere}
.finding{margin:0 0 6px}
.finding:last-child{margin-bottom:0}
.finding .head{display:flex;gap:6px;align-items:baseline;flex-wrap:wrap}
.finding .kind{font-size:11.5px;color:#475569}
.finding .sc{font-size:11px;color:var(--muted)}
.finding .msg{color:#1e293b}
.snippet{font-family:var(--mono);font-size:12px;white-space:pre-wrap;word-break:break-word;background:#f8fafc;
border:1px solid var(--line);border-left:3px solid #f59e0b;border-radius:4px;padding:3px 7px;margin-top:3px;max-height:9.5em;overflow:auto}
.furl{font-family:var(--mono);font-size:11.5px;color:#9a3412;word-break:break-all;margin-top:2px}
.err{color:#6d28d9;font-family:var(--mono);font-size:12px}
details summary{cursor:pointer;color:#2563eb;font-size:12px;margin-top:2px}
.notes{color:var(--muted);font-size:12.5px;margin:4px 0 30px}
.notes p{margin:4px 0}
code{font-family:var(--mono);font-size:12px;background:#f1f5f9;padding:0 3px;border-radius:3px}
@media (max-width:1100px){.row2{grid-template-columns:1fr}.cards{grid-template-columns:repeat(2,1fr)}}
"""

JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var LEVELS = DATA.levels;
  var STEP_PAGES = 100, STEP_SITES = 50, NO_URL = DATA.no_url;
  var DEFAULTS = {q: "", level: [], cat: "", det: "", flagged: false,
                  sort: "score", dir: "desc", ssort: "flagged", sdir: "desc"};
  var TEXT_KEYS = {url: 1, site: 1, date: 1, first: 1, last: 1};
  var PAGE_KEYS = {
    score: function (p) { return p.score; },
    url: function (p) { return (p.url || p.id || "").toLowerCase(); },
    site: function (p) { return p.site; },
    date: function (p) { return p.dk; },
    findings: function (p) { return p.nf; }
  };
  var SITE_KEYS = {
    site: function (s) { return s.site; },
    pages: function (s) { return s.pages; },
    flagged: function (s) { return s.flagged; },
    errors: function (s) { return s.errors; },
    max: function (s) { return s.max; },
    mean: function (s) { return s.mean; },
    first: function (s) { return s.first; },
    last: function (s) { return s.last; }
  };
  var state = copy(DEFAULTS);
  var shownPages = STEP_PAGES, shownSites = STEP_SITES;

  function copy(o) { var r = {}; for (var k in o) { r[k] = Array.isArray(o[k]) ? o[k].slice() : o[k]; } return r; }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fmt(n) { return n === null || n === undefined ? "\u2013" : Number(n).toLocaleString("en-US"); }
  function fmtScore(x) { return x === null || x === undefined ? "\u2013" : x.toFixed(2); }
  function shortDate(d) { return d ? String(d).slice(0, 10) : "\u2013"; }

  // Lower-cased text each row can be filtered on.
  function findingText(f) {
    return [f.id, f.kind, f.message, f.snippet, f.url, f.domain, f.where, f.hiding].join(" ");
  }
  DATA.pages.forEach(function (p) {
    p._hay = [p.id, p.url, p.site, p.error].concat(p.f.map(findingText)).join(" ").toLowerCase();
  });
  DATA.sites.forEach(function (s) {
    s._hay = [s.site, s.url].concat(s.ev.map(findingText)).join(" ").toLowerCase();
  });

  // ------------------------------------------------------------------ fragment <-> state
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    state = copy(DEFAULTS);
    if (p.has("q")) { state.q = p.get("q"); }
    if (p.has("level")) {
      state.level = p.get("level").split(",").map(function (s) { return s.trim().toLowerCase(); })
        .filter(function (s) { return LEVELS.indexOf(s) >= 0; });
    }
    if (p.has("cat")) { state.cat = p.get("cat"); }
    if (p.has("det")) { state.det = p.get("det"); }
    if (p.has("flagged")) { state.flagged = ["1", "true", "yes"].indexOf(p.get("flagged").toLowerCase()) >= 0; }
    if (PAGE_KEYS.hasOwnProperty(p.get("sort"))) { state.sort = p.get("sort"); }
    if (p.get("dir") === "asc" || p.get("dir") === "desc") { state.dir = p.get("dir"); }
    if (SITE_KEYS.hasOwnProperty(p.get("ssort"))) { state.ssort = p.get("ssort"); }
    if (p.get("sdir") === "asc" || p.get("sdir") === "desc") { state.sdir = p.get("sdir"); }
  }
  function writeHash() {
    var p = new URLSearchParams();
    if (state.sort !== DEFAULTS.sort || state.dir !== DEFAULTS.dir) { p.set("sort", state.sort); p.set("dir", state.dir); }
    if (state.ssort !== DEFAULTS.ssort || state.sdir !== DEFAULTS.sdir) { p.set("ssort", state.ssort); p.set("sdir", state.sdir); }
    if (state.q) { p.set("q", state.q); }
    if (state.level.length) { p.set("level", state.level.join(",")); }
    if (state.cat) { p.set("cat", state.cat); }
    if (state.det) { p.set("det", state.det); }
    if (state.flagged) { p.set("flagged", "1"); }
    var h = p.toString().replace(/%2C/g, ",");
    var target = location.pathname + location.search + (h ? "#" + h : "");
    try { history.replaceState(null, "", target); } catch (e) { /* some viewers forbid it */ }
    document.documentElement.setAttribute("data-view", h);
  }

  // ------------------------------------------------------------------ filtering and sorting
  function matchesCommon(hay, flagged, level, cats, dets) {
    if (state.flagged && !flagged) { return false; }
    if (state.level.length && state.level.indexOf(level) < 0) { return false; }
    if (state.cat && cats.indexOf(state.cat) < 0) { return false; }
    if (state.det && dets.indexOf(state.det) < 0) { return false; }
    var q = state.q.trim().toLowerCase();
    if (q) {
      var words = q.split(/\s+/);
      for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) < 0) { return false; } }
    }
    return true;
  }
  function pageMatches(p) { return matchesCommon(p._hay, p.flagged, p.level, p.cats, p.dets); }
  function siteMatches(s) { return matchesCommon(s._hay, s.flagged > 0, s.max_level, s.cats, s.dets); }

  function sorter(keyFn, dir, tie) {
    var sign = dir === "asc" ? 1 : -1;
    return function (a, b) {
      var x = keyFn(a), y = keyFn(b);
      var xn = x === null || x === undefined || x === "", yn = y === null || y === undefined || y === "";
      if (xn !== yn) { return xn ? 1 : -1; }  // missing values last, in both directions
      if (!xn && x !== y) { return (x < y ? -1 : 1) * sign; }
      return tie(a, b);
    };
  }
  function pageTie(a, b) {
    var x = a.score === null ? -1 : a.score, y = b.score === null ? -1 : b.score;
    if (x !== y) { return y - x; }
    return a._i - b._i;
  }
  function siteSorter(keyFn, dir) {
    var inner = sorter(keyFn, dir, siteTie);
    return function (a, b) {  // the bucket of rows without a URL is not a site: always last
      var x = a.site === NO_URL, y = b.site === NO_URL;
      return x !== y ? (x ? 1 : -1) : inner(a, b);
    };
  }
  function siteTie(a, b) {
    if (a.flagged !== b.flagged) { return b.flagged - a.flagged; }
    var x = a.max === null ? -1 : a.max, y = b.max === null ? -1 : b.max;
    if (x !== y) { return y - x; }
    return a._i - b._i;
  }
  DATA.pages.forEach(function (p, i) { p._i = i; });
  DATA.sites.forEach(function (s, i) { s._i = i; });

  // ------------------------------------------------------------------ rendering
  function chip(level) { return el("span", "chip level-" + (LEVELS.indexOf(level) >= 0 ? level : "error"), level); }

  function findingNode(f) {
    var d = el("div", "finding");
    var head = el("div", "head");
    head.appendChild(el("span", "fid", f.id));
    head.appendChild(el("span", "kind", f.kind));
    head.appendChild(el("span", "sc", "severity " + f.severity + " \u00b7 confidence " + f.confidence));
    d.appendChild(head);
    d.appendChild(el("div", "msg", f.message));
    if (f.snippet) { d.appendChild(el("div", "snippet", f.snippet)); }
    if (f.url) {
      var u = el("div", "furl", "link: " + (f.url.length > 180 ? f.url.slice(0, 179) + "\u2026" : f.url));
      u.title = f.url;
      d.appendChild(u);
    }
    return d;
  }
  function evidenceCell(list, inline, extra) {
    var td = el("td", "ev");
    list.slice(0, inline).forEach(function (f) { td.appendChild(findingNode(f)); });
    var rest = list.slice(inline);
    if (rest.length || extra > 0) {
      var det = el("details");
      var label = rest.length ? rest.length + " more finding" + (rest.length > 1 ? "s" : "") : "";
      if (extra > 0) { label += (label ? ", " : "") + extra + " not embedded"; }
      det.appendChild(el("summary", null, label));
      rest.forEach(function (f) { det.appendChild(findingNode(f)); });
      td.appendChild(det);
    }
    return td;
  }

  function pageRow(p) {
    var tr = el("tr", "page-row");
    tr.setAttribute("data-id", p.id);
    tr.setAttribute("data-level", p.level);
    var risk = el("td", "risk num");
    risk.appendChild(el("span", "score", fmtScore(p.score)));
    risk.appendChild(chip(p.level));
    if (p.flagged) { risk.appendChild(document.createElement("br")); risk.appendChild(el("span", "flag", "FLAGGED")); }
    tr.appendChild(risk);
    var page = el("td", "page");
    page.appendChild(el("div", "url", p.url || p.id));
    var sub = el("div", "sub");
    sub.appendChild(document.createTextNode(p.site + (p.url && p.id !== p.url ? " \u00b7 " + p.id : "")));
    page.appendChild(sub);
    if (p.cats.length) {
      var cats = el("div");
      p.cats.forEach(function (c) { cats.appendChild(el("span", "cat", c)); });
      page.appendChild(cats);
    }
    if (p.trunc) { page.appendChild(el("div", "sub", "truncated: scanned on its first and last halves")); }
    tr.appendChild(page);
    var dcell = el("td", "date", p.dk ? p.dk.replace("T", " ").replace("Z", "") : (p.date || "\u2013"));
    if (p.date) { dcell.title = p.date; }
    tr.appendChild(dcell);
    if (p.level === "error") {
      var td = el("td", "ev");
      td.appendChild(el("div", "err", p.error));
      tr.appendChild(td);
    } else if (!p.f.length) {
      tr.appendChild(el("td", "ev muted", "no findings"));
    } else {
      tr.appendChild(evidenceCell(p.f, 2, p.nf - p.f.length));
    }
    return tr;
  }

  function siteRow(s) {
    var tr = el("tr", "site-row");
    tr.setAttribute("data-site", s.site);
    var site = el("td", s.site === NO_URL ? "site nourl" : "site", s.site);
    if (s.hosts > 1) { site.appendChild(el("div", "sub", s.hosts + " hosts")); }
    tr.appendChild(site);
    tr.appendChild(el("td", "num", fmt(s.pages)));
    var fl = el("td", "num", fmt(s.flagged));
    if (s.flagged) { fl.style.color = "#b91c1c"; fl.style.fontWeight = "650"; }
    tr.appendChild(fl);
    tr.appendChild(el("td", "num", fmt(s.errors)));
    var mx = el("td", "num");
    mx.appendChild(el("div", null, fmtScore(s.max)));
    mx.appendChild(chip(s.max_level));
    tr.appendChild(mx);
    tr.appendChild(el("td", "num", fmtScore(s.mean)));
    tr.appendChild(el("td", "date", shortDate(s.first)));
    tr.appendChild(el("td", "date", shortDate(s.last)));
    if (s.ev.length) {
      var td = evidenceCell(s.ev, 1, 0);
      if (s.url) { td.insertBefore(el("div", "sub", "riskiest capture: " + s.url), td.firstChild); }
      tr.appendChild(td);
    } else {
      tr.appendChild(el("td", "ev muted", s.errors === s.pages ? "errors only" : "no findings"));
    }
    return tr;
  }

  function markSort(table, key, dir) {
    var ths = $(table).querySelectorAll("th[data-sort]");
    for (var i = 0; i < ths.length; i++) {
      var th = ths[i];
      if (th.getAttribute("data-sort") === key) { th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    }
  }

  function render() {
    var pages = DATA.pages.filter(pageMatches).sort(sorter(PAGE_KEYS[state.sort], state.dir, pageTie));
    var sites = DATA.sites.filter(siteMatches).sort(siteSorter(SITE_KEYS[state.ssort], state.sdir));
    var ptb = $("pages-table").tBodies[0], stb = $("sites-table").tBodies[0];
    ptb.textContent = "";
    stb.textContent = "";
    var frag = document.createDocumentFragment();
    pages.slice(0, shownPages).forEach(function (p) { frag.appendChild(pageRow(p)); });
    ptb.appendChild(frag);
    frag = document.createDocumentFragment();
    sites.slice(0, shownSites).forEach(function (s) { frag.appendChild(siteRow(s)); });
    stb.appendChild(frag);
    var pc = $("pages-count");
    pc.setAttribute("data-matching", String(pages.length));
    pc.textContent = "Showing " + fmt(Math.min(shownPages, pages.length)) + " of " + fmt(pages.length) +
      " matching pages (" + fmt(DATA.pages.length) + " embedded of " + fmt(DATA.totals.rows) + " rows read).";
    var sc = $("sites-count");
    sc.setAttribute("data-matching", String(sites.length));
    sc.textContent = "Showing " + fmt(Math.min(shownSites, sites.length)) + " of " + fmt(sites.length) +
      " matching sites (" + fmt(DATA.sites.length) + " embedded of " + fmt(DATA.totals.sites) + ").";
    $("pages-more").hidden = pages.length <= shownPages;
    $("sites-more").hidden = sites.length <= shownSites;
    markSort("pages-table", state.sort, state.dir);
    markSort("sites-table", state.ssort, state.sdir);
  }

  // A shared view may name a category or detector these results do not have: show it, do not hide it.
  function selectValue(id, value) {
    var sel = $(id);
    sel.value = value;
    if (sel.value !== value) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = value + " (not in these results)";
      sel.appendChild(o);
      sel.value = value;
    }
  }

  function syncControls() {
    $("f-q").value = state.q;
    selectValue("f-cat", state.cat);
    selectValue("f-det", state.det);
    $("f-flagged").checked = state.flagged;
    var boxes = document.querySelectorAll("input[name=level]");
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = state.level.indexOf(boxes[i].value) >= 0; }
    var rows = document.querySelectorAll("tr.det-row");
    for (var j = 0; j < rows.length; j++) {
      rows[j].style.background = rows[j].getAttribute("data-det") === state.det && state.det ? "#fff7ed" : "";
    }
  }

  function changed() { shownPages = STEP_PAGES; shownSites = STEP_SITES; writeHash(); syncControls(); render(); }

  // ------------------------------------------------------------------ controls
  function fillSelect(id, values, label) {
    var sel = $(id);
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v.value;
      o.textContent = label(v);
      sel.appendChild(o);
    });
  }
  fillSelect("f-cat", DATA.categories.map(function (c) { return {value: c}; }), function (v) { return v.value; });
  fillSelect("f-det", DATA.detectors.map(function (d) { return {value: d.id, name: d.name}; }),
    function (v) { return v.value + (v.name ? " \u2013 " + v.name : ""); });

  var qTimer = null;
  $("f-q").addEventListener("input", function () {
    clearTimeout(qTimer);
    var v = this.value;
    qTimer = setTimeout(function () { state.q = v; changed(); }, 150);
  });
  $("f-cat").addEventListener("change", function () { state.cat = this.value; changed(); });
  $("f-det").addEventListener("change", function () { state.det = this.value; changed(); });
  $("f-flagged").addEventListener("change", function () { state.flagged = this.checked; changed(); });
  $("f-reset").addEventListener("click", function () { state = copy(DEFAULTS); changed(); });
  Array.prototype.forEach.call(document.querySelectorAll("input[name=level]"), function (box) {
    box.addEventListener("change", function () {
      state.level = Array.prototype.filter.call(document.querySelectorAll("input[name=level]"),
        function (b) { return b.checked; }).map(function (b) { return b.value; });
      changed();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("tr.det-row"), function (tr) {
    function pick() { var d = tr.getAttribute("data-det"); state.det = state.det === d ? "" : d; changed(); }
    tr.addEventListener("click", pick);
    tr.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  function sortable(table, keyName, dirName) {
    Array.prototype.forEach.call($(table).querySelectorAll("th[data-sort]"), function (th) {
      th.addEventListener("click", function () {
        var k = th.getAttribute("data-sort");
        if (state[keyName] === k) { state[dirName] = state[dirName] === "asc" ? "desc" : "asc"; }
        else { state[keyName] = k; state[dirName] = TEXT_KEYS[k] ? "asc" : "desc"; }
        writeHash(); render();
      });
    });
  }
  sortable("pages-table", "sort", "dir");
  sortable("sites-table", "ssort", "sdir");
  $("pages-more").addEventListener("click", function () { shownPages += STEP_PAGES * 5; render(); });
  $("sites-more").addEventListener("click", function () { shownSites += STEP_SITES * 5; render(); });
  window.addEventListener("hashchange", function () { readHash(); writeHash(); syncControls(); render(); });

  readHash();
  writeHash();  // the address shows the view actually applied (unknown keys and values dropped)
  syncControls();
  render();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
