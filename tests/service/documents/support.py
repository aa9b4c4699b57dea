"""Events and HTTP helpers for the documents service tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from aio_pika.abc import AbstractRobustConnection

from services.documents.bootstrap import build_app
from services.documents.domain.content import SectionContent
from services.documents.service_layer.links import owner_token
from services.documents.settings import DocumentsSettings
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import Contact, EventData, ProgrammeFormat
from shared.contracts.envelope import new_event
from shared.contracts.intake import CaseAccepted
from shared.messaging.topology import Topology
from tests.support.bus import publish_raw
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tests.unit.documents.samples import OWNER, trajectory

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SECRET = "test-secret-key"
COACH = "Anke Jansen"
PARTICIPANT = "Noor Visser"
TOKENS = {COACH: "coach-token", PARTICIPANT: "participant-token"}
STAFF = {"Programmabureau": "staff-token"}
BASE_URL = "http://documents.test"
OVERRIDES: dict[str, Any] = {}


def auth(name: str = COACH) -> dict[str, str]:
    token = TOKENS.get(name) or STAFF[name]
    return {"Authorization": f"Bearer {token}"}


def owner_params(case_id: str) -> dict[str, str]:
    return {"token": owner_token(CapabilitySigner.from_secret(SECRET), case_id)}


def accepted(case_id: str, consent: bool = True, **extra: Any) -> CaseAccepted:
    values: dict[str, Any] = {
        "case_id": case_id,
        "case_title": "Zonneweide Molenweg",
        "municipality": "Súdwest-Fryslân",
        "societal_issue": "Energietransitie en draagvlak in het buitengebied",
        "cohort_id": "lc-2026-1",
        "format": ProgrammeFormat.LEERCASE,
        "owner": OWNER,
        "consent_to_share": consent,
        "coaches": [Contact(name=COACH, email="anke@example.nl")],
        "cohort_title": "Leercase Challenge voorjaar 2026",
        "cohort_start": dt.date(2026, 3, 9),
        "decided_by": "staff",
        "decided_at": NOW,
        **extra,
    }
    return CaseAccepted.model_validate(values)


async def publish(
    amqp: AbstractRobustConnection, topology: Topology, data: EventData, subject: str | None
) -> str:
    event = new_event(data, source="/tests", subject=subject, now=NOW)
    await publish_raw(amqp, topology, data.routing_key, event.to_json())
    return event.id


@asynccontextmanager
async def documents_service(
    namespace: str, rabbitmq_url: str, mongodb_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings_for(
        DocumentsSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        secret_key=SECRET,
        public_base_url=BASE_URL,
        contributor_tokens=TOKENS,
        staff_tokens=json.dumps(
            {token: {"name": name, "role": "decider"} for name, token in STAFF.items()}
        ),
        **OVERRIDES,
    )
    async with running(build_app(settings, ManualClock(NOW))) as http:
        yield http


async def versions(http: httpx.AsyncClient, case_id: str) -> list[dict[str, Any]]:
    response = await http.get(f"/api/cases/{case_id}/documents", headers=auth())
    assert response.status_code in (200, 404), response.text
    return list(response.json()) if response.status_code == 200 else []


async def wait_for_document(
    http: httpx.AsyncClient, case_id: str, kind: str, version: int = 1, timeout: float = 20.0
) -> list[dict[str, Any]]:
    """The renditions of one version of a document, once the service made them."""

    async def made() -> bool:
        return any(
            d["kind"] == kind and d["version"] == version for d in await versions(http, case_id)
        )

    await wait_until_async(made, timeout)
    return [
        d for d in await versions(http, case_id) if d["kind"] == kind and d["version"] == version
    ]


async def open_case(
    http: httpx.AsyncClient,
    amqp: AbstractRobustConnection,
    topology: Topology,
    case_id: str,
    consent: bool = True,
) -> None:
    """Accepted and planned: the approach is open and the letters exist."""
    await publish(amqp, topology, accepted(case_id, consent), case_id)
    await wait_for_document(http, case_id, "acceptance-letter")
    await publish(amqp, topology, trajectory(case_id), case_id)
    await wait_for_document(http, case_id, "planning", timeout=60)


async def contribute(http: httpx.AsyncClient, case_id: str, sections: list[SectionContent]) -> None:
    for content in sections:
        body = content.model_dump(mode="json")
        response = await http.put(
            f"/api/cases/{case_id}/approach/sections/{content.kind}",
            json=body,
            headers={**auth(PARTICIPANT), "If-Match": '"0"'},
        )
        assert response.status_code == 200, response.text


async def download(http: httpx.AsyncClient, url: str) -> httpx.Response:
    response = await http.get(url.removeprefix(BASE_URL), headers=auth("Programmabureau"))
    assert response.status_code == 200, response.text
    return response
