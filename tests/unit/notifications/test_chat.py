"""The chat webhook sender: what staff see in the channel and which failures are retried."""

import json

import httpx
import pytest

from services.notifications.adapters.chat import ChatMessage, WebhookChatSender, chat_message
from services.notifications.adapters.smtp import SendFailed
from services.notifications.adapters.templates import RenderedMessage

pytestmark = pytest.mark.unit

MESSAGE = ChatMessage(title="Nieuwe aanmelding", text="Zonneweide Hoge Veld")


def _client(status: int, seen: list[httpx.Request]) -> httpx.AsyncClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


async def test_slack_gets_a_text_post() -> None:
    seen: list[httpx.Request] = []
    async with _client(200, seen) as client:
        await WebhookChatSender(client, "https://hooks.example/slack").send(MESSAGE)
    (request,) = seen
    assert str(request.url) == "https://hooks.example/slack"
    assert json.loads(request.content) == {"text": "*Nieuwe aanmelding*\nZonneweide Hoge Veld"}


async def test_teams_gets_an_adaptive_card() -> None:
    seen: list[httpx.Request] = []
    async with _client(202, seen) as client:
        await WebhookChatSender(client, "https://hooks.example/teams", style="teams").send(MESSAGE)
    body = json.loads(seen[0].content)
    card = body["attachments"][0]["content"]
    assert [block["text"] for block in card["body"]] == [
        "Nieuwe aanmelding",
        "Zonneweide Hoge Veld",
    ]


@pytest.mark.parametrize(
    ("status", "permanent"), [(500, False), (503, False), (429, False), (400, True), (404, True)]
)
async def test_a_refusal_is_classified(status: int, permanent: bool) -> None:
    async with _client(status, []) as client:
        with pytest.raises(SendFailed) as failure:
            await WebhookChatSender(client, "https://hooks.example/x").send(MESSAGE)
    assert failure.value.permanent is permanent
    assert failure.value.code == status


async def test_an_unreachable_webhook_is_transient() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(SendFailed) as failure:
            await WebhookChatSender(client, "https://hooks.example/x").send(MESSAGE)
    assert failure.value.permanent is False


def test_a_rendered_mail_becomes_a_chat_post() -> None:
    rendered = RenderedMessage(subject="Onderwerp", text="\nRegel een\n\n", html="<p>x</p>")
    assert chat_message(rendered) == ChatMessage(title="Onderwerp", text="Regel een")
