"""Signing in and out, and changing one's own password; all audited."""

from typing import Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.accounts import AccountError, check_password, normalise_username
from kyphobot.console.auth import (
    LOGIN_PATH,
    clear_session_cookie,
    current_user,
    login_cookie_value,
    login_form_token,
    request_ip,
    safe_next,
    set_login_cookie,
    set_session_cookie,
    signed_in_user,
)
from kyphobot.console.context import console, run_sync
from kyphobot.console.render import render
from kyphobot.console.timeutil import format_local

bp = Blueprint("signin")


def _sign_in_page(
    request: Request, error: Optional[str] = None, status: int = 200, username: str = ""
) -> HTTPResponse:
    cookie_value = login_cookie_value(request)
    notice = None
    if request.args.get("expired"):
        notice = (
            "Your session ended because it was idle or too long. Please sign in again."
        )
    elif request.args.get("signed_out"):
        notice = "You are signed out."
    page = render(
        request,
        "login.html",
        status=status,
        login_token=login_form_token(request, cookie_value),
        next=safe_next(
            request.form.get("next") if request.form else request.args.get("next")
        ),
        error=error,
        notice=notice,
        username=username,
    )
    set_login_cookie(request, page, cookie_value)
    return page


@bp.get(LOGIN_PATH)
async def sign_in_form(request: Request) -> HTTPResponse:
    """Show the sign-in page (or go straight on, if already signed in)."""
    if current_user(request) is not None:
        return response.redirect(safe_next(request.args.get("next")))
    return _sign_in_page(request)


@bp.post(LOGIN_PATH)
async def sign_in(request: Request) -> HTTPResponse:
    """Check the password; start a session or say why not."""
    c = console(request)
    username = normalise_username(request.form.get("username") or "")[:64]
    password = request.form.get("password") or ""
    result = await run_sync(c.accounts.authenticate, username, password)
    ip = request_ip(request)
    if result.ok and result.account is not None:
        token, _ = await run_sync(c.sessions.create, result.account.id)
        await run_sync(
            c.audit.record, result.account.username, audit.SIGN_IN, client_ip=ip
        )
        done = response.redirect(safe_next(request.form.get("next")))
        set_session_cookie(request, done, token)
        return done
    await run_sync(
        c.audit.record,
        username or "(empty)",
        audit.SIGN_IN_FAILED,
        "",
        result.outcome,
        ip,
    )
    if result.outcome == "locked" and result.locked_until is not None:
        until = format_local(result.locked_until, c.settings.timezone)
        message = (
            "This account is locked after too many failed sign-ins. Try again after "
            f"{until}, or ask an administrator to unlock it."
        )
        return _sign_in_page(request, message, status=429, username=username)
    message = (
        "The username or password is wrong, or the account is disabled. After "
        f"{c.settings.lockout_attempts} failed attempts the account is locked for a "
        "while."
    )
    return _sign_in_page(request, message, status=401, username=username)


@bp.post("/logout")
async def sign_out(request: Request) -> HTTPResponse:
    """End this browser's session."""
    user = signed_in_user(request)
    c = console(request)
    await run_sync(c.sessions.delete, request.ctx.session_token)
    await run_sync(
        c.audit.record, user.username, audit.SIGN_OUT, client_ip=request_ip(request)
    )
    done = response.redirect(f"{LOGIN_PATH}?signed_out=1")
    clear_session_cookie(request, done)
    return done


@bp.get("/password")
async def password_form(request: Request) -> HTTPResponse:
    """Show the form to change one's own password."""
    return render(
        request, "password.html", error=None, done=bool(request.args.get("done"))
    )


@bp.post("/password")
async def change_password(request: Request) -> HTTPResponse:
    """Change one's own password; every session of the account ends."""
    user = signed_in_user(request)
    c = console(request)
    current = request.form.get("current") or ""
    new, again = request.form.get("new") or "", request.form.get("again") or ""
    error = None
    if not await run_sync(c.accounts.verify_password, user, current):
        error = "The current password is wrong."
    elif new != again:
        error = "The two new passwords are not the same."
    else:
        try:
            check_password(new, user.username)
        except AccountError as problem:
            error = str(problem)
    if error:
        return render(request, "password.html", status=400, error=error, done=False)
    await run_sync(c.accounts.set_password, user.username, new)
    await run_sync(
        c.audit.record,
        user.username,
        audit.PASSWORD_CHANGE,
        f"user:{user.username}",
        client_ip=request_ip(request),
    )
    token, _ = await run_sync(c.sessions.create, user.id)
    done = response.redirect("/password?done=1")
    set_session_cookie(request, done, token)
    return done
