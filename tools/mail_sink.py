"""A local SMTP server that keeps every mail as a readable .eml file."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class SaveToFolder:
    """aiosmtpd handler: one file per received mail, named by time and subject."""

    def __init__(self, folder: Path, on_mail: Callable[[Path, str], None] | None = None) -> None:
        self._folder = folder
        self._on_mail = on_mail
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        """Store the message exactly as received."""
        content: bytes = envelope.original_content or envelope.content
        message = email.message_from_bytes(content, policy=email.policy.default)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self._folder / f"{stamp}.eml"
        path.write_bytes(content)
        if self._on_mail is not None:
            self._on_mail(path, str(message.get("Subject", "")))
        return "250 Message accepted for delivery"


def start_mail_sink(
    folder: Path, port: int, on_mail: Callable[[Path, str], None] | None = None
) -> Controller:
    """Listen on 127.0.0.1:port in a background thread."""
    controller = Controller(SaveToFolder(folder, on_mail), hostname="127.0.0.1", port=port)
    controller.start()
    return controller
