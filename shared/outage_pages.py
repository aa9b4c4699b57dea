"""HTTP answers while the database is away: 503 with Retry-After, never a 500.

People get a Dutch page that says what to do; API clients get JSON naming what is down.
"""

from __future__ import annotations

import pymongo
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pymongo.errors import PyMongoError
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.persistence.outage import DatabaseWatch, is_database_outage

RETRY_AFTER_SECONDS = 30
KNOWN_DOWN_DEADLINE_SECONDS = 0.5

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tijdelijk niet beschikbaar</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>Tijdelijk niet beschikbaar</h1>
<p>Deze pagina is op dit moment tijdelijk niet beschikbaar. Er wordt aan gewerkt.</p>
<p>Probeer het over enkele minuten opnieuw. Hebt u net een formulier verstuurd? Dan is het
nog niet ontvangen: ga terug en verstuur het opnieuw.</p>
</body>
</html>
"""


def wants_html(request: Request) -> bool:
    """A browser asks for HTML; an API client for JSON."""
    return "text/html" in request.headers.get("accept", "")


def unavailable(request: Request) -> Response:
    """503 with Retry-After: the page for people, JSON for programs."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if wants_html(request):
        return HTMLResponse(PAGE, status_code=503, headers=headers)
    body = {"detail": "Service unavailable: the database does not answer; retry later."}
    return JSONResponse(body, status_code=503, headers=headers)


class OutageDeadline:
    """While the database is known to be away, every database call of a request gets a short
    deadline of PyMongo's own (`pymongo.timeout`, not a cancellation), so a page that needs the
    database answers 503 at once and one that does not still works."""

    def __init__(self, app: ASGIApp, watch: DatabaseWatch, seconds: float) -> None:
        self._app = app
        self._watch = watch
        self._seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._watch.down:
            with pymongo.timeout(self._seconds):
                await self._app(scope, receive, send)
        else:
            await self._app(scope, receive, send)


def install_outage_handler(app: FastAPI, watch: DatabaseWatch) -> None:
    """A request that met a database outage answers 503; the watch pauses consuming meanwhile."""
    app.add_middleware(OutageDeadline, watch=watch, seconds=KNOWN_DOWN_DEADLINE_SECONDS)

    @app.exception_handler(PyMongoError)
    async def on_database_error(request: Request, exc: PyMongoError) -> Response:
        if not is_database_outage(exc):
            raise exc
        watch.mark_down(exc)
        return unavailable(request)
