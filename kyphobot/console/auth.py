"""Who is asking, and may they: sessions, sign-in, CSRF and roles per request.

Checks run as middleware for every route, so a new page cannot forget them:
every page but sign-in, ``/health`` and static files needs a session, and
every form post needs the session's CSRF token (the sign-in form its own
signed token). Admin-only routes add :func:`admin_only`.
"""

import functools
import hmac
import secrets
from typing import Any, Callable, Coroutine, Optional
from urllib.parse import quote

from sanic import response
from sanic.exceptions import Forbidden
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from kyphobot.console.accounts import Account
from kyphobot.console.context import console, run_sync
from kyphobot.console.security import STATIC_PREFIX, client_ip, is_secure

SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login"
LOGIN_PATH = "/login"
PUBLIC_PATHS = (LOGIN_PATH, "/health")
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_EXPIRED = (
    "This form has expired or did not come from this console. Go back, reload "
    "the page and try again."
)

Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(STATIC_PREFIX)


def current_user(request: Request) -> Optional[Account]:
    """Return the signed-in account, or None."""
    user: Optional[Account] = getattr(request.ctx, "user", None)
    return user


def signed_in_user(request: Request) -> Account:
    """Return the signed-in account (middleware ensures one on non-public pages)."""
    user = current_user(request)
    if user is None:
        raise Forbidden("Please sign in.")
    return user


def request_ip(request: Request) -> str:
    """Return the client's address for the audit log."""
    return client_ip(request, console(request).settings.trusted_proxies)


async def load_session(request: Request) -> Optional[HTTPResponse]:
    """Request middleware: find the session, then insist on one where needed."""
    settings = console(request).settings
    request.ctx.secure = is_secure(request, settings.https, settings.trusted_proxies)
    request.ctx.user = None
    request.ctx.session = None
    request.ctx.session_token = None
    request.ctx.session_expired = False
    if request.path.startswith(STATIC_PREFIX) or request.path == "/health":
        return None
    token = console(request).signer.unsign(
        "session", request.cookies.get(SESSION_COOKIE)
    )
    if token:
        session, expired = await run_sync(console(request).sessions.get, token)
        request.ctx.session_expired = expired
        if session is not None:
            account = await run_sync(console(request).accounts.get, session.user_id)
            if account is not None and account.active:
                request.ctx.user, request.ctx.session = account, session
                request.ctx.session_token = token
    if request.ctx.user is None and not _is_public(request.path):
        if request.method not in _SAFE_METHODS:
            raise Forbidden(
                "Your session has ended, so this was not saved. Sign in again, "
                "then repeat what you were doing."
            )
        return redirect_to_sign_in(request)
    return None


def redirect_to_sign_in(request: Request) -> HTTPResponse:
    """To the sign-in page, coming back here afterwards."""
    target = request.path + (f"?{request.query_string}" if request.query_string else "")
    expired = "&expired=1" if request.ctx.session_expired else ""
    return response.redirect(f"{LOGIN_PATH}?next={quote(target, safe='')}{expired}")


def safe_next(target: Optional[str]) -> str:
    """Only paths on this console: ``next=//evil.example`` must not redirect away."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


async def check_csrf(request: Request) -> None:
    """Request middleware: refuse form posts without the right token."""
    if request.method in _SAFE_METHODS or request.path.startswith(STATIC_PREFIX):
        return
    form = request.form or {}
    given = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    if request.path == LOGIN_PATH:
        cookie = request.cookies.get(LOGIN_COOKIE) or ""
        expected = console(request).signer.token_for("login", cookie) if cookie else ""
    else:
        session = request.ctx.session
        expected = session.csrf_token if session is not None else ""
    if not expected or not hmac.compare_digest(str(given), expected):
        raise Forbidden(FORM_EXPIRED)


def admin_only(handler: Handler) -> Handler:
    """Let only admins in: exports and account management."""

    @functools.wraps(handler)
    async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        user = signed_in_user(request)
        if not user.is_admin:
            raise Forbidden("Only administrators can do this. Ask an administrator.")
        return await handler(request, *args, **kwargs)

    return wrapped


def _cookie(
    resp: BaseHTTPResponse,
    name: str,
    value: str,
    secure: bool,
    max_age: Optional[int],
    path: str = "/",
) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = path
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    if secure:
        cookie["secure"] = True
    if max_age is not None:
        cookie["max-age"] = max_age


def set_session_cookie(request: Request, resp: BaseHTTPResponse, token: str) -> None:
    """Send the signed session token as a browser-session cookie.

    The server, not the cookie, decides when the session expires.
    """
    signed = console(request).signer.sign("session", token)
    _cookie(resp, SESSION_COOKIE, signed, request.ctx.secure, None)


def clear_session_cookie(request: Request, resp: BaseHTTPResponse) -> None:
    """Make the browser forget the session cookie."""
    _cookie(resp, SESSION_COOKIE, "", request.ctx.secure, 0)


def login_cookie_value(request: Request) -> str:
    """Return the sign-in form's random cookie value: the browser's, or a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)


def login_form_token(request: Request, cookie_value: str) -> str:
    """Return the sign-in form's CSRF token, bound to that cookie by the secret."""
    return console(request).signer.token_for("login", cookie_value)


def set_login_cookie(
    request: Request, resp: BaseHTTPResponse, cookie_value: str
) -> None:
    """Send the sign-in form's cookie (only to the sign-in page, for an hour)."""
    _cookie(resp, LOGIN_COOKIE, cookie_value, request.ctx.secure, 3600, path=LOGIN_PATH)
