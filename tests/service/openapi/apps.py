"""Each service built for the OpenAPI fuzz run: real broker and database, one staff token."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from services.documents.bootstrap import build_app as build_documents
from services.documents.settings import DocumentsSettings
from services.intake.bootstrap import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.notifications.bootstrap import build_app as build_notifications
from services.notifications.settings import NotificationsSettings
from services.scheduling.bootstrap import build_app as build_scheduling
from services.scheduling.settings import SchedulingSettings
from tests.support.services import SettingsT, settings_for
from tools.mongo_standin import free_port

TOKEN = "fuzz-staff-token-0123456789"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


@dataclass(frozen=True)
class Infrastructure:
    """Where this test's service finds the broker, the database and a mail server."""

    namespace: str
    rabbitmq_url: str
    mongodb_url: str
    smtp_port: int

    def settings(self, cls: type[SettingsT], role: str, **extra: Any) -> SettingsT:
        """Test settings with the fuzzer's staff token in `role`."""
        tokens = json.dumps({TOKEN: {"name": "Fuzzer", "role": role}})
        return settings_for(
            cls,
            self.namespace,
            self.rabbitmq_url,
            self.mongodb_url,
            staff_tokens=tokens,
            secret_key="fuzz-secret-key",
            public_base_url="http://service.test",
            **extra,
        )


def intake(infra: Infrastructure) -> FastAPI:
    """Scheduling is not running: moving a session must say so, not fail."""
    dead_port = free_port()
    return build_intake(
        infra.settings(
            IntakeSettings,
            "decider",
            scheduling_url=f"http://127.0.0.1:{dead_port}",
            scheduling_token="fuzz",
        )
    )


def scheduling(infra: Infrastructure) -> FastAPI:
    return build_scheduling(infra.settings(SchedulingSettings, "decider"))


def documents(infra: Infrastructure) -> FastAPI:
    return build_documents(
        infra.settings(DocumentsSettings, "decider", contributor_tokens={"Coach": "coach-token"})
    )


def notifications(infra: Infrastructure) -> FastAPI:
    return build_notifications(
        infra.settings(NotificationsSettings, "decider", smtp_port=infra.smtp_port)
    )


SERVICES: dict[str, Callable[[Infrastructure], FastAPI]] = {
    "intake": intake,
    "scheduling": scheduling,
    "documents": documents,
    "notifications": notifications,
}
