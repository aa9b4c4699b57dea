"""Post staff alerts to a chat channel through an incoming webhook (Slack or Teams style)."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from services.notifications.domain.messages import ChatMessage, chat_message
from services.notifications.service_layer.channel_ports import ChatSender, SendFailed

__all__ = [
    "ChatMessage",
    "ChatSender",
    "FakeChatSender",
    "WebhookChatSender",
    "chat_message",
    "webhook_payload",
]


def webhook_payload(message: ChatMessage, style: Literal["slack", "teams"]) -> dict[str, Any]:
    """The JSON body each kind of incoming webhook understands."""
    if style == "slack":
        return {"text": f"*{message.title}*\n{message.text}"}
    card = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": message.title, "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": message.text, "wrap": True},
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


class WebhookChatSender:
    """ChatSender over HTTP; 429, 5xx and network trouble are transient, other 4xx permanent."""

    def __init__(
        self, client: httpx.AsyncClient, url: str, style: Literal["slack", "teams"] = "slack"
    ) -> None:
        self._client = client
        self._url = url
        self._style = style

    async def send(self, message: ChatMessage) -> None:
        """Post the message; raise SendFailed saying whether a retry can help."""
        try:
            response = await self._client.post(
                self._url, json=webhook_payload(message, self._style)
            )
        except httpx.HTTPError as exc:
            raise SendFailed(f"webhook unreachable: {type(exc).__name__}", permanent=False) from exc
        status = response.status_code
        if status < 300:
            return
        permanent = 400 <= status < 500 and status not in (408, 429)
        raise SendFailed(f"webhook answered {status}", permanent=permanent, code=status)


class FakeChatSender:
    """ChatSender for unit tests: keeps what was posted."""

    def __init__(self) -> None:
        self.sent: list[ChatMessage] = []

    async def send(self, message: ChatMessage) -> None:
        """Record the message."""
        self.sent.append(message)
