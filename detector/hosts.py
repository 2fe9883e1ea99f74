"""Third-party hosts that almost every site loads (CDNs, analytics, tag managers, fonts,
video and social embeds, ad networks, consent managers...): ``detector/data/known_hosts.txt``.

Without this list, "a script from an unrelated domain" would fire on every page, and a page
with more ad-server links than links of its own would be taken for an ad server's page.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from detector.domains import registered_domain


def _read_known_hosts() -> str:
    return resources.files("detector.data").joinpath("known_hosts.txt").read_text("utf-8")


def parse_known_hosts(raw: str) -> frozenset[str]:
    """Registered domains listed in a known-hosts file (``#`` comments, one entry a line).

    Entries are normalised to their registered domain, so a host written by mistake
    (``www.youtube.com``) still means its site.
    """
    out = set()
    for line in raw.splitlines():
        entry = line.split("#", 1)[0].strip().lower().rstrip(".")
        if entry:
            out.add(registered_domain(entry) or entry)
    return frozenset(out)


@lru_cache(maxsize=1)
def known_domains() -> frozenset[str]:
    """The bundled list of third-party domains almost every site loads."""
    return parse_known_hosts(_read_known_hosts())


@lru_cache(maxsize=65536)
def is_known_domain(domain: str) -> bool:
    """True for a listed domain and for names under one (``d1x.cloudfront.net``, whose
    registered domain is itself because cloudfront.net is a private public suffix)."""
    if not domain:
        return False
    known = known_domains()
    d = domain
    while True:
        if d in known:
            return True
        i = d.find(".")
        if i < 0:
            return False
        d = d[i + 1:]
        if "." not in d:
            return False
