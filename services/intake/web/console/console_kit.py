"""What every console page shares: the session check, CSRF, rendering with the signed-in member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.intake.adapters.dead_letters import DeadLetterBox
from services.intake.adapters.scheduling_client import SchedulingClient
from services.intake.adapters.set_aside_client import SetAsideClient
from services.intake.domain.errors import DecisionRefused
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import UnknownCohort
from services.intake.web.console.staff_session import SessionSigner, StaffSession
from services.intake.web.csrf import CsrfSigner
from services.intake.web.ports import FailureThrottle, SignInLinks, StaffSessions
from services.intake.web.templating import PageRenderer
from shared.download_links import DownloadMinter, LinkFor
from shared.staff_auth import StaffTokens

CONSOLE = "/medewerker"
SIGN_IN = f"{CONSOLE}/aanmelden"
SESSION_COOKIE = "samenspel_medewerker"
CSRF_FIELD = "csrf_token"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
EXPIRED = "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."
NOT_ALLOWED = "U mag dit niet doen: uw account mag alleen meekijken."
NO_COHORT = "Deze groep bestaat niet."


class NotSignedIn(Exception):
    """No valid console session: a page redirects to sign-in, anything else gets 401."""


class FormRefused(Exception):
    """A console form refused before anything is done: expired (400) or a reader's (403)."""

    def __init__(self, session: StaffSession, message: str, status_code: int) -> None:
        super().__init__(status_code)
        self.session = session
        self.message = message
        self.status_code = status_code


def form_text(form: Mapping[str, object], name: str) -> str:
    """A posted field as trimmed text; a missing or file field is empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class ConsoleKit:
    """Bound once by the composition root, used by every console route."""

    intake: Intake
    renderer: PageRenderer
    csrf: CsrfSigner
    sessions: SessionSigner
    tokens: StaffTokens
    scheduling: SchedulingClient
    dead_letters: DeadLetterBox
    documents_public_url: str
    secure: bool
    sign_in_links: SignInLinks
    sign_in_link_lifetime: dt.timedelta
    live_sessions: StaffSessions
    idle_timeout: dt.timedelta
    sign_in_failures: FailureThrottle
    # per service, what it set aside after failing: its own staff API (intake: its database)
    set_aside: Mapping[str, SetAsideClient] = field(default_factory=dict)
    downloads: DownloadMinter | None = None  # signed /documenten/ links: the API needs a bearer
    session_span: dt.timedelta = dt.timedelta(hours=8)

    def download_links(self) -> str | LinkFor:
        """The case page's file links: signed, for as long as a console session lasts."""
        if self.downloads is None:
            return self.documents_public_url
        return self.downloads.for_staff(self.intake.now(), self.session_span)

    async def session(self, request: Request) -> StaffSession:
        """The signed-in staff member of a live session (not signed out, not idle), or
        NotSignedIn."""
        now = self.intake.now()
        found = self.sessions.read(request.cookies.get(SESSION_COOKIE), now)
        if found is None or not await self.live_sessions.alive(found.nonce, now, self.idle_timeout):
            raise NotSignedIn()
        return found

    def csrf_ok(self, session: StaffSession, form: Mapping[str, Any]) -> bool:
        """The posted token belongs to this very session."""
        token = form.get(CSRF_FIELD)
        return self.csrf.is_valid(session.nonce, token if isinstance(token, str) else None)

    def page(
        self,
        template: str,
        context: Mapping[str, Any],
        session: StaffSession | None,
        status_code: int = 200,
    ) -> HTMLResponse:
        """A console page with who is signed in and the CSRF token for its forms."""
        html = self.renderer.render(
            template,
            {
                "member": session.member if session else None,
                "csrf_token": self.csrf.token_for(session.nonce) if session else "",
                "melding": None,
                "fout": None,
                **context,
            },
        )
        return HTMLResponse(html, status_code=status_code, headers=NO_STORE)

    async def decided(self, request: Request) -> tuple[StaffSession, FormData]:
        """A decider's posted form, or FormRefused: an expired form 400, a reader 403."""
        session = await self.session(request)
        form = await request.form()
        if not self.csrf_ok(session, form):
            raise FormRefused(session, EXPIRED, 400)
        if not session.member.may_decide():
            raise FormRefused(session, NOT_ALLOWED, 403)
        return session, form

    async def decision_form(self, request: Request) -> tuple[StaffSession, FormData] | HTMLResponse:
        """As `decided`, with the refusing page returned instead of raised."""
        try:
            return await self.decided(request)
        except FormRefused as refused:
            return self.error(refused.session, refused.message, refused.status_code)

    async def cohort_change(
        self, session: StaffSession, change: Callable[[], Awaitable[object]], done: str
    ) -> Response:
        """Run a change to a cohort, then go to `done` (a URL); a refusal is the error page."""
        try:
            await change()
        except UnknownCohort:
            return self.error(session, NO_COHORT, 404)
        except DecisionRefused as exc:
            return self.error(session, exc.message, 422)
        return RedirectResponse(done, 303)

    def error(self, session: StaffSession | None, message: str, status_code: int) -> HTMLResponse:
        """A Dutch explanation of what went wrong, in the console's layout."""
        return self.page("console/fout.html", {"bericht": message}, session, status_code)


def install_console_handlers(app: FastAPI, kit: ConsoleKit) -> None:
    """Pages without a session go to sign-in, other requests get 401; a refused form its page."""

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _: NotSignedIn) -> Response:
        if request.method in ("GET", "HEAD"):
            return RedirectResponse(SIGN_IN, status_code=303)
        return kit.error(None, "U bent niet (meer) aangemeld. Meld u opnieuw aan.", 401)

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, refused: FormRefused) -> Response:
        return kit.error(refused.session, refused.message, refused.status_code)
