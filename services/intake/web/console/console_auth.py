"""Signing in to the console with a staff token or a one-time link, and out again.

A staff token never goes in a URL; a sign-in link carries a one-time code that works for a few
minutes (`SIGN_IN_LINK_MINUTES`), which a staff member (or the local run, with its generated
token) asks for with `POST /api/sign-in-links`, as Jupyter prints its token URL.
"""

# No `from __future__ import annotations`: FastAPI must see the local dependency alias.

import datetime as dt
import hashlib
import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from services.intake.web.console.console_kit import (
    CONSOLE,
    CSRF_FIELD,
    EXPIRED,
    SESSION_COOKIE,
    SIGN_IN,
    ConsoleKit,
)
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission, StaffMember

log = logging.getLogger(__name__)
NONCE_COOKIE = "samenspel_aanmelden"
WRONG_TOKEN = "Deze toegangssleutel kennen we niet. Controleer hem en probeer het opnieuw."  # noqa: S105 - a message
USED_LINK = (
    "Deze aanmeldlink werkt niet meer: hij is al gebruikt of verlopen."
    " Meld u aan met uw toegangssleutel."
)
LINK_PATH = f"{SIGN_IN}/link"
TOO_MANY = "U heeft te vaak geprobeerd zich aan te melden. Probeer het over enkele minuten opnieuw."


def _attempt_keys(request: Request, secret: str) -> tuple[str, str]:
    """Failed sign-ins count per address and per token tried (its digest, never the token)."""
    address = request.client.host if request.client else "unknown"
    return f"address:{address}", f"token:{hashlib.sha256(secret.encode()).hexdigest()}"


class SignInLink(BaseModel):
    """A URL that signs its first visitor in to the console, until it expires."""

    url: str
    expires_at: dt.datetime


def console_auth_router(kit: ConsoleKit) -> APIRouter:
    """Sign-in form (CSRF bound to a nonce cookie), sign-out (CSRF bound to the session)."""
    router = APIRouter(tags=["console"], default_response_class=HTMLResponse)

    def form(request: Request, error: str | None, status_code: int) -> HTMLResponse:
        nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(24)
        response = kit.page(
            "console/aanmelden.html",
            {"csrf_token": kit.csrf.token_for(nonce), "fout": error},
            None,
            status_code,
        )
        response.set_cookie(
            NONCE_COOKIE, nonce, httponly=True, samesite="lax", secure=kit.secure, path=SIGN_IN
        )
        return response

    async def signed_in(member: StaffMember) -> Response:
        now = kit.intake.now()
        cookie = kit.sessions.issue(member, now)
        issued = kit.sessions.read(cookie, now)
        assert issued is not None
        await kit.live_sessions.start(issued.nonce, now)
        response = RedirectResponse(CONSOLE, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            cookie,
            httponly=True,
            samesite="lax",
            secure=kit.secure,
            path=CONSOLE,
        )
        return response

    Reader = Annotated[StaffMember, Depends(StaffAccess(kit.tokens).require(Permission.READ))]  # noqa: N806

    @router.post("/api/sign-in-links", status_code=201, tags=["staff"], response_class=JSONResponse)
    async def new_sign_in_link(who: Reader) -> SignInLink:
        """A one-time link that signs `who` in to the console (for a terminal, not for mail)."""
        now = kit.intake.now()
        code = await kit.sign_in_links.issue(who, now, kit.sign_in_link_lifetime)
        url = f"{kit.intake.base_url.rstrip('/')}{LINK_PATH}?code={code}"
        return SignInLink(url=url, expires_at=now + kit.sign_in_link_lifetime)

    @router.get(LINK_PATH)
    async def sign_in_by_link(
        request: Request, code: Annotated[str, Query(max_length=100)] = ""
    ) -> Response:
        member = await kit.sign_in_links.redeem(code, kit.intake.now()) if code else None
        if member is None or not member.may_read():
            log.warning("console sign-in link refused")
            return form(request, USED_LINK, 401)
        log.info("console sign-in by link", extra={"staff": member.name})
        return await signed_in(member)

    @router.get(SIGN_IN)
    async def sign_in_form(request: Request) -> HTMLResponse:
        return form(request, None, 200)

    @router.post(SIGN_IN)
    async def sign_in(request: Request) -> Response:
        posted = await request.form()
        token = posted.get(CSRF_FIELD)
        nonce = request.cookies.get(NONCE_COOKIE)
        if not kit.csrf.is_valid(nonce, token if isinstance(token, str) else None):
            return form(request, EXPIRED, 400)
        secret = posted.get("toegangssleutel")
        keys, now = (
            _attempt_keys(request, secret if isinstance(secret, str) else ""),
            kit.intake.now(),
        )
        if any(kit.sign_in_failures.blocked(key, now) for key in keys):
            log.warning("console sign-in throttled")
            return form(request, TOO_MANY, 429)
        member = kit.tokens.authenticate(f"Bearer {secret}" if isinstance(secret, str) else None)
        if member is None or not member.may_read():
            for key in keys:
                kit.sign_in_failures.failed(key, now)
            log.warning("console sign-in refused")
            return form(request, WRONG_TOKEN, 401)
        response = await signed_in(member)
        response.delete_cookie(NONCE_COOKIE, path=SIGN_IN)
        log.info("console sign-in", extra={"staff": member.name})
        return response

    @router.post(f"{CONSOLE}/afmelden")
    async def sign_out(request: Request) -> Response:
        session = await kit.session(request)
        if not kit.csrf_ok(session, await request.form()):
            return kit.error(session, EXPIRED, 400)
        await kit.live_sessions.end(session.nonce)  # the cookie is worth nothing from now on
        response = RedirectResponse(SIGN_IN, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=CONSOLE)
        return response

    return router
