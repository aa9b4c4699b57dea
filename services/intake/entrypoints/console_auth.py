"""Signing in to the console with a staff token, and out again; the token never goes in a URL."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.entrypoints.console_kit import (
    CONSOLE,
    CSRF_FIELD,
    EXPIRED,
    SESSION_COOKIE,
    SIGN_IN,
    ConsoleKit,
)

log = logging.getLogger(__name__)
NONCE_COOKIE = "samenspel_aanmelden"
WRONG_TOKEN = "Deze toegangssleutel kennen we niet. Controleer hem en probeer het opnieuw."  # noqa: S105 - a message


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
        member = kit.tokens.authenticate(f"Bearer {secret}" if isinstance(secret, str) else None)
        if member is None or not member.may_read():
            log.warning("console sign-in refused")
            return form(request, WRONG_TOKEN, 401)
        response = RedirectResponse(CONSOLE, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            kit.sessions.issue(member, kit.intake.now()),
            httponly=True,
            samesite="lax",
            secure=kit.secure,
            path=CONSOLE,
        )
        response.delete_cookie(NONCE_COOKIE, path=SIGN_IN)
        log.info("console sign-in", extra={"staff": member.name})
        return response

    @router.post(f"{CONSOLE}/afmelden")
    async def sign_out(request: Request) -> Response:
        session = kit.session(request)
        if not kit.csrf_ok(session, await request.form()):
            return kit.error(session, EXPIRED, 400)
        response = RedirectResponse(SIGN_IN, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=CONSOLE)
        return response

    return router
