"""The form, the console and the API answer with security headers; oversized bodies get 413."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.service


@pytest.mark.parametrize("path", ["/aanmelden", "/medewerker", "/health/live", "/api/cases"])
async def test_every_answer_forbids_framing_and_inline_script(
    http: httpx.AsyncClient, path: str
) -> None:
    answer = await http.get(path)
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "script-src 'self';" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


async def test_a_two_megabyte_submission_is_refused_with_413(http: httpx.AsyncClient) -> None:
    answer = await http.post(
        "/api/cases", content=b"{" + b" " * 2_000_000 + b"}",
        headers={"content-type": "application/json"},
    )  # fmt: skip
    assert answer.status_code == 413
    assert answer.json()["detail"][0]["field"] == "body"
