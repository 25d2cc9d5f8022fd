"""HTTP hardening: response headers, HTTPS detection and the client address.

Nothing a patient writes may run in a staff browser: besides escaping every
value (Jinja2 autoescape), the Content-Security-Policy allows no script at
all, and pages with patient data are never cached or framed.
"""

from typing import FrozenSet

from sanic.request import Request
from sanic.response import BaseHTTPResponse

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STATIC_PREFIX = "/static/"


def from_trusted_proxy(request: Request, trusted: FrozenSet[str]) -> bool:
    """Tell whether the peer is a proxy whose X-Forwarded-* headers we believe."""
    return request.ip in trusted


def is_secure(request: Request, always_https: bool, trusted: FrozenSet[str]) -> bool:
    """Whether the browser reached us over HTTPS (so cookies must be Secure)."""
    if always_https or request.scheme == "https":
        return True
    if from_trusted_proxy(request, trusted):
        proto = request.headers.get("x-forwarded-proto", "")
        return proto.split(",")[0].strip().lower() == "https"
    return False


def client_ip(request: Request, trusted: FrozenSet[str]) -> str:
    """Return the browser's address; take a proxy's word only if it is trusted."""
    if from_trusted_proxy(request, trusted):
        forwarded = [
            a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")
        ]
        for address in reversed([a for a in forwarded if a]):
            if address not in trusted:
                return address
    return request.ip or ""


def add_security_headers(
    request: Request, response: BaseHTTPResponse, secure: bool
) -> None:
    """Set the headers on every response; no caching except static files."""
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(STATIC_PREFIX) and response.status == 200:
        response.headers["Cache-Control"] = "private, max-age=3600"
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    if secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
