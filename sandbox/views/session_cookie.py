"""The session cookie, kept safe from cookies planted by the publish origin (cookie tossing).

Cookies are not kept apart by port. A published app (the same host, another port) cannot read
or replace our HttpOnly `sandbox_session`, but its script can add more cookies of that name
with longer paths or a Domain attribute, and the browser sends those first. The server sees only
`name=value` pairs, so it cannot tell which copy it set. When the Cookie header carries more
than one session, the identity is ambiguous: this request gets no session at all, nothing is
written over the real cookie, and the answer expires every copy we did not set (every path the
browser could have sent for this address, and the Domain variants), so the next request carries
only ours. docs/take-home.md says why this design, and what it does not cover.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class AmbiguousSession(SecureCookieSession):
    """The session of a request that carried several session cookies: empty, and never saved."""

    ambiguous = True


def session_cookie_count(cookie_header: str, name: str) -> int:
    """How many cookies called `name` the raw Cookie header carries."""
    return sum(1 for pair in cookie_header.split(";") if pair.split("=", 1)[0].strip() == name)


def planted_paths(path: str) -> list[str]:
    """Every cookie path the browser would send with a request for `path`, "/" excepted."""
    paths = []
    for i, char in enumerate(path):
        if char == "/" and i > 0:
            paths += [path[:i], path[: i + 1]]
    if path != "/" and not path.endswith("/"):
        paths.append(path)
    return list(dict.fromkeys(paths))


def route_paths(app: Flask) -> list[str]:
    """The cookie paths under which the browser could send a planted cookie to any of our routes.

    The fixed start of each route (before its first variable part); deeper paths are expired
    when a request for them comes.
    """
    paths: list[str] = []
    for rule in app.url_map.iter_rules():
        fixed = rule.rule.split("<", 1)[0]
        paths += planted_paths(fixed)
    return sorted(set(paths))


def planted_domains(hostname: str) -> list[str]:
    """The Domain attributes a script on `hostname` could give a cookie: the host and its parents.

    None for an address: Chromium stores a cookie with `Domain=<the address>` as the host's own
    cookie, so expiring it would expire ours (and planting it collides with ours, and fails).
    """
    try:
        ipaddress.ip_address(hostname)
        return []
    except ValueError:
        labels = hostname.split(".")
        return [".".join(labels[i:]) for i in range(len(labels))]


class TossProofSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, refusing to act on an ambiguous one."""

    def __init__(self) -> None:
        self._route_paths: list[str] | None = None

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure over https (directly, or a proxy saying so with SANDBOX_PROXY_HOPS set), never on
        plain http: a laptop in a classroom serves http, and a Secure cookie would never come back."""
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request):
        name = self.get_cookie_name(app)
        if session_cookie_count(request.headers.get("Cookie", ""), name) > 1:
            session = AmbiguousSession()
            session.planted = (request.path, urlsplit(f"//{request.host}").hostname or "")
            return session
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if not getattr(session, "ambiguous", False):
            return super().save_session(app, session, response)
        name = self.get_cookie_name(app)
        path, hostname = session.planted
        if self._route_paths is None:
            self._route_paths = route_paths(app)
        paths = sorted({*planted_paths(path), *self._route_paths})
        # Never the host-only Path=/ cookie: that is the one this server sets, the real one.
        secure = self.get_cookie_secure(app)
        for planted in paths:
            response.delete_cookie(name, path=planted, httponly=True, samesite="Lax", secure=secure)
        for domain in planted_domains(hostname):
            for planted in ["/", *paths]:
                response.delete_cookie(
                    name, path=planted, domain=domain, httponly=True, samesite="Lax", secure=secure
                )
        response.vary.add("Cookie")
