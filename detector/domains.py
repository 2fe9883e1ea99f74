"""Hosts and registered domains, offline.

tldextract is configured never to touch the network or a per-user cache: it uses the
public suffix list bundled with the package (``suffix_list_urls=()``, ``cache_dir=None``).
Private suffixes are on, so ``foo.blogspot.com`` and ``bar.github.io`` are separate sites.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urlsplit

import tldextract

from detector.patterns import rx

_EXTRACT = tldextract.TLDExtract(
    cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
)


# scheme://[userinfo@]host[:port] -- the common case, in one C-level match
_HTTP_HOST = rx(
    "domains.http_host",
    r"[hH][tT][tT][pP][sS]?+:[/\\]{2}+(?:[^/?#@\\\s]*+@)?+([^/?#:\\\s\[\]]*+)",
    worst_case="http://a",
)


def url_path(url: str, limit: int = 400) -> str:
    """The path and query of a URL (from the first '/' after the host), at most `limit`
    characters, percent-decoded when the escapes decode ('' when there is no path)."""
    i = url.find("//")
    j = url.find("/", i + 2 if i >= 0 else 0)
    if j < 0:
        return ""
    rest = url[j:j + limit]
    if "%" in rest:
        try:
            rest = unquote(rest)
        except Exception:  # noqa: BLE001 - a broken escape is just text
            pass
    return rest


def host_of(url: str) -> str:
    """Lower-case host of an absolute URL, without port, userinfo or trailing dot ('' if none)."""
    m = _HTTP_HOST.match(url)
    if m and m.group(1):
        return m.group(1).rstrip(".").lower()
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return ""
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    if netloc.startswith("["):
        return netloc.split("]", 1)[0][1:].lower()
    return netloc.split(":", 1)[0].strip().rstrip(".").lower()


# Top-level names reserved for documentation and tests (RFC 2606, RFC 6761). They are on no
# suffix list, yet a host under them stands for a real site: treated as public suffixes, an
# example page's ``cdn-stats.example`` is a foreign host as ``cdn-stats.com`` would be.
RESERVED_TLDS = frozenset({"example", "test", "invalid"})


@lru_cache(maxsize=65536)
def _split(host: str) -> tuple[str, str, str]:
    r = _EXTRACT.extract_str(host) if hasattr(_EXTRACT, "extract_str") else _EXTRACT(host)
    if not r.suffix and r.domain in RESERVED_TLDS and r.subdomain:
        sub, _, dom = r.subdomain.rpartition(".")
        return sub, dom, r.domain
    return r.subdomain, r.domain, r.suffix


def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, domain label, public suffix) of a host; suffix is '' for IPs/intranet names."""
    if not host:
        return "", "", ""
    return _split(host)


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """The site a host belongs to: ``www.high-endrolex.com`` -> ``high-endrolex.com``.

    Hosts without a public suffix (IP addresses, ``localhost``) are their own site.
    """
    if not host:
        return ""
    sub, dom, suf = _split(host)
    if dom and suf:
        return f"{dom}.{suf}"
    return host


def domain_label(host: str) -> str:
    """The owner-chosen label of a host: ``www.high-endrolex.com`` -> ``high-endrolex``."""
    return split_host(host)[1] if host else ""


@lru_cache(maxsize=65536)
def same_owner(site: str, domain: str, loose: bool = False) -> bool:
    """Whether two registered domains' names say one owner: the same label, one label inside
    the other (``cbsnews.com`` / ``cbs.com``), or a shared start of 4+ letters
    (``huffpost.com`` / ``huffingtonpost.fr``). `loose` also accepts equal short labels and a
    3-letter shared start covering 40% of the shorter label (sister-site menus)."""
    if site == domain:
        return True
    a, b = domain_label(site).replace("-", ""), domain_label(domain).replace("-", "")
    if not a or not b:
        return False
    if loose and a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and short in long_:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 or (loose and n >= 3 and n >= 0.4 * len(short))
