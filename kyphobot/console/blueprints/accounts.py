"""Admins manage staff accounts: create, change role, disable, unlock."""

from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.accounts import ROLE_ADMIN, ROLES, Account, AccountError
from kyphobot.console.auth import admin_only, request_ip, signed_in_user
from kyphobot.console.context import console, run_sync
from kyphobot.console.render import render
from kyphobot.console.timeutil import utcnow

bp = Blueprint("accounts")

CHANGES = ("role", "disable", "enable", "unlock")


async def _page(request: Request, status: int = 200, error: str = "") -> HTTPResponse:
    accounts = await run_sync(console(request).accounts.list)
    return render(
        request,
        "accounts.html",
        status=status,
        accounts=accounts,
        roles=ROLES,
        error=error,
        done=request.args.get("done") == "1",
        now=utcnow(),
    )


@bp.get("/accounts")
@admin_only
async def account_list(request: Request) -> HTTPResponse:
    """Every account with its role, state and last sign-in."""
    return await _page(request)


@bp.post("/accounts")
@admin_only
async def create_account(request: Request) -> HTTPResponse:
    """Create an account with a first password the person should change."""
    user = signed_in_user(request)
    c = console(request)
    username = request.form.get("username") or ""
    role = request.form.get("role") or ""
    password = request.form.get("password") or ""
    if password != (request.form.get("again") or ""):
        return await _page(request, 400, "The two passwords are not the same.")
    try:
        account = await run_sync(c.accounts.create, username, password, role)
    except AccountError as problem:
        return await _page(request, 400, str(problem))
    await run_sync(
        c.audit.record,
        user.username,
        audit.ACCOUNT_CHANGE,
        f"user:{account.username}",
        f"created as {account.role}",
        request_ip(request),
    )
    return response.redirect("/accounts?done=1")


def _refusal(
    admin: Account, target: Account, change: str, role: str, admins: int
) -> str:
    """Why a change must not happen ("" if fine): never lose the last admin."""
    if target.id == admin.id and change in ("disable", "role"):
        return "You cannot disable or change your own account; ask another admin."
    removes_admin = change == "disable" or (change == "role" and role != ROLE_ADMIN)
    if target.is_admin and target.active and removes_admin and admins <= 1:
        return "This is the last active admin account."
    return ""


@bp.post("/accounts/change")
@admin_only
async def change_account(request: Request) -> HTTPResponse:
    """Change one account's role, enable/disable it, or end its lockout."""
    user = signed_in_user(request)
    c = console(request)
    change = request.form.get("change") or ""
    role = request.form.get("role") or ""
    if change not in CHANGES:
        raise InvalidUsage("Unknown change.")
    target = await run_sync(
        c.accounts.get_by_username, request.form.get("username") or ""
    )
    if target is None:
        return await _page(request, 400, "There is no such account.")
    admins = await run_sync(c.accounts.count_active_admins)
    refusal = _refusal(user, target, change, role, admins)
    if refusal:
        return await _page(request, 400, refusal)
    try:
        if change == "role":
            await run_sync(c.accounts.set_role, target.username, role)
            detail = f"role {target.role} -> {role}"
        elif change == "unlock":
            await run_sync(c.accounts.unlock, target.username)
            detail = "unlocked"
        else:
            await run_sync(c.accounts.set_active, target.username, change == "enable")
            detail = f"{change}d"
    except AccountError as problem:
        return await _page(request, 400, str(problem))
    await run_sync(
        c.audit.record,
        user.username,
        audit.ACCOUNT_CHANGE,
        f"user:{target.username}",
        detail,
        request_ip(request),
    )
    return response.redirect("/accounts?done=1")
