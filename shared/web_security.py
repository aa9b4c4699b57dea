"""Headers and limits every HTTP answer carries, so no page can be framed, sniffed or flooded.

Pages never run inline script (the CSP forbids it); capability links live in URL paths, so no
page sends a Referer. A request body larger than the limit is refused with 413 before it is
read whole. Only FastAPI's own API documentation pages load their scripts from a CDN.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
API_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
API_DOCS_PATHS = ("/docs", "/redoc")
TOO_LARGE = json.dumps(
    {"detail": [{"field": "body", "reason": "Het verzoek is te groot."}]}
).encode()
# A person's page posts forms (homework with a file): a browser shows this, not JSON.
PAGES = "/mijn/"
TOO_LARGE_PAGE = (
    b'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Te groot</title></head>'
    b"<body><main><h1>Wat u verstuurde is te groot</h1><p>Een formulier met een bestand mag"
    b" samen niet groter zijn dan 1 MB. Ga terug en kies een kleiner bestand.</p></main></body>"
    b"</html>"
)


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers for an answer to `path`."""
    policy = API_DOCS_POLICY if path.startswith(API_DOCS_PATHS) else PAGE_POLICY
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


class BodyTooLarge(Exception):
    """The client sent more than the limit."""


class HardenedHttp:
    """ASGI middleware: security headers on every answer, request bodies capped."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = 1_000_000) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        page = str(scope.get("path", "")).startswith(PAGES)
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await _refuse(send, extra, page)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers.extend(h for h in extra if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except BodyTooLarge:
            if not started:
                await _refuse(send, extra, page)


async def _refuse(send: Send, extra: list[tuple[bytes, bytes]], page: bool = False) -> None:
    body, kind = (TOO_LARGE_PAGE, b"text/html; charset=utf-8") if page else (TOO_LARGE, None)
    headers = [(b"content-type", kind or b"application/json"), *extra]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def path_segment(value: object) -> str:
    """`value` quoted as one URL path segment: no '/', and never '.' or '..' (which a browser
    would resolve, turning `../../afmelden` into another page)."""
    quoted = quote(str(value), safe="")
    return quoted.replace(".", "%2E") if quoted in (".", "..") else quoted
