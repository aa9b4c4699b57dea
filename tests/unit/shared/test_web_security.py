"""Every answer forbids framing and sniffing; a body over the limit is refused before it is read."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from shared.web_security import HardenedHttp, path_segment

pytestmark = pytest.mark.unit


def app(limit: int = 1_000) -> FastAPI:
    inner = FastAPI()

    @inner.get("/pagina", response_class=HTMLResponse)
    async def page() -> str:
        return "<p>Hallo</p>"

    @inner.post("/api/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    inner.add_middleware(HardenedHttp, max_body_bytes=limit)
    return inner


def client(limit: int = 1_000) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app(limit)), base_url="http://t")


async def test_a_page_carries_a_csp_without_inline_script_and_may_not_be_framed() -> None:
    async with client() as http:
        answer = await http.get("/pagina")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline' https" not in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


async def test_a_body_over_the_limit_gets_413_whether_declared_or_streamed() -> None:
    async with client(limit=1_000) as http:
        fits = await http.post("/api/echo", content=b"x" * 1_000)
        declared = await http.post("/api/echo", content=b"x" * 5_000)

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b"y" * 500

        streamed = await http.post("/api/echo", content=chunks())
        page = await http.post("/mijn/abc/huiswerk/r1", content=b"x" * 5_000)
    assert page.status_code == 413 and "Wat u verstuurde is te groot" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert fits.status_code == 200 and fits.json() == {"bytes": 1_000}
    for refused in (declared, streamed):
        assert refused.status_code == 413
        assert refused.json() == {
            "detail": [{"field": "body", "reason": "Het verzoek is te groot."}]
        }
        assert refused.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("value", "segment"),
    [("../../afmelden", "..%2F..%2Fafmelden"), ("..", "%2E%2E"), ("a b?c#d", "a%20b%3Fc%23d")],
)
def test_data_in_a_path_stays_one_segment_the_browser_cannot_resolve(
    value: str, segment: str
) -> None:
    assert path_segment(value) == segment
    resolved = httpx.URL("https://x.example/medewerker/wachtrijen/intake/").join(
        f"{segment}/opnieuw"
    )
    assert resolved.path.startswith("/medewerker/wachtrijen/intake/")
