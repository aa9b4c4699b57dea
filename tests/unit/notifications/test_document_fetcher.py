"""Attachments come from the documents service only: a forged link is never fetched (SSRF)."""

from __future__ import annotations

import httpx
import pytest

from services.notifications.adapters.documents import HttpDocumentFetcher
from services.notifications.adapters.smtp import SendFailed

pytestmark = pytest.mark.unit

PUBLIC = "https://documenten.samenspel.example"
INTERNAL = "http://documents:8003"


def fetcher(
    seen: list[str], body: bytes = b"%PDF-1.7", max_bytes: int = 1_000
) -> HttpDocumentFetcher:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        assert request.headers["authorization"] == "Bearer service-token"
        return httpx.Response(200, content=body)

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return HttpDocumentFetcher(client, PUBLIC, INTERNAL, max_bytes, "service-token")


async def test_a_documents_link_is_fetched_from_the_internal_address_with_the_service_token() -> (
    None
):
    seen: list[str] = []
    content = await fetcher(seen).fetch(f"{PUBLIC}/api/files/abc.pdf?token=t")
    assert content == b"%PDF-1.7"
    assert seen == [f"{INTERNAL}/api/files/abc.pdf?token=t"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8002/openapi.json",
        "http://127.0.0.1:8004/metrics",
        "https://documenten.samenspel.example.evil.example/x.pdf",
        "http://documenten.samenspel.example/x.pdf",
    ],
)
async def test_a_link_to_any_other_host_is_refused_without_a_request(url: str) -> None:
    seen: list[str] = []
    with pytest.raises(SendFailed) as refused:
        await fetcher(seen).fetch(url)
    assert refused.value.permanent and seen == []


async def test_an_oversized_attachment_is_refused() -> None:
    with pytest.raises(SendFailed) as refused:
        await fetcher([], body=b"x" * 5_000).fetch(f"{PUBLIC}/big.pdf")
    assert refused.value.permanent
