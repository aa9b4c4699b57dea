"""Revoking an owner's link ends every link derived from it; download links expire (issue 16.5)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from itsdangerous import URLSafeSerializer

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.clock import ManualClock
from shared.contracts.intake import CapabilityRevoked
from shared.download_links import download_path, file_id_of, sign_download
from shared.messaging.topology import Topology
from shared.people import owner_id
from shared.settings import PLACEHOLDER_SECRET
from tests.service.documents import support as docs
from tests.service.intake.conftest import DECIDER, NOW, TOKENS, submission_json
from tests.support.bus import EventSpy
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tests.unit.intake.timeline_samples import scheduled

pytestmark = pytest.mark.security


@pytest.fixture
async def intake(
    namespace: str, rabbitmq_url: str, mongodb_url: str, spy: EventSpy
) -> AsyncIterator[tuple[httpx.AsyncClient, CapabilitySigner]]:
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        public_base_url="http://intake.test",
    )
    signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
    async with running(build_app(settings, ManualClock(NOW))) as client:
        yield client, signer


async def test_a_revoked_owner_link_ends_the_page_and_its_feedback_page_with_the_410_page(
    intake: tuple[httpx.AsyncClient, CapabilitySigner], spy: EventSpy
) -> None:
    http, signer = intake
    created = await http.post("/api/cases", json=submission_json())
    case_id = created.json()["case_id"]
    page = person_page_path(signer.sign(PERSON_PAGE, owner_id(case_id)))
    assert (await http.get(page)).status_code == 200

    revoked = await http.post(f"/api/cases/{case_id}/owner-link/revoke", headers=DECIDER)
    assert revoked.status_code == 200
    [event] = await spy.wait_for("capability.revoked")
    assert event["data"]["person_id"] == owner_id(case_id) and event["data"]["generation"] == 1

    for path in (page, f"{page}/feedback"):
        gone = await http.get(path)
        assert gone.status_code == 410, path
        assert gone.headers["content-type"].startswith("text/html")
        assert "Deze link is verlopen" in gone.text and "nieuwe-link" in gone.text
    fresh = person_page_path(signer.sign(PERSON_PAGE, owner_id(case_id), generation=1))
    assert (await http.get(fresh)).status_code == 200  # the link mailed after revocation works


async def test_a_download_ends_when_its_owner_is_revoked_and_when_it_expires(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    signer = CapabilitySigner.from_secret(docs.SECRET)
    case_id = "case-withdrawn-1"
    person = owner_id(case_id)
    async with docs.documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await docs.publish(amqp, topology, docs.accepted(case_id), case_id)
        [letter, *_] = await docs.wait_for_document(http, case_id, "acceptance-letter")
        file_id = file_id_of(letter["url"])
        later = docs.NOW + dt.timedelta(days=30)
        link = download_path(sign_download(signer, person, 0, file_id, later))
        assert (await http.get(link)).status_code == 200

        expired = download_path(sign_download(signer, person, 0, file_id, docs.NOW))
        refused = await http.get(expired)
        assert refused.status_code == 410 and "Deze link werkt niet meer" in refused.text
        assert 'action="http://127.0.0.1:8001/mijn/nieuwe-link"' in refused.text

        revoked = CapabilityRevoked(person_id=person, generation=1, revoked_at=docs.NOW)
        await docs.publish(amqp, topology, revoked, person)

        async def refused_now() -> bool:
            return (await http.get(link)).status_code == 410

        await wait_until_async(refused_now, 20)
        assert "text/html" in (await http.get(link)).headers["content-type"]
        fresh = download_path(sign_download(signer, person, 1, file_id, later))
        assert (await http.get(fresh)).status_code == 200
        assert (await http.get(download_path("geraden"))).status_code == 404


async def test_a_download_token_opens_no_other_route_to_its_file(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    """The file id a person can read out of their (signed, not encrypted) token is useless to
    them: documents' API serves files to the staff and service bearer only."""
    signer = CapabilitySigner.from_secret(docs.SECRET)
    case_id = "case-withdrawn-2"
    async with docs.documents_service(namespace, rabbitmq_url, mongodb_url) as http:
        await docs.publish(amqp, topology, docs.accepted(case_id), case_id)
        [letter, *_] = await docs.wait_for_document(http, case_id, "acceptance-letter")
        later = docs.NOW + dt.timedelta(days=30)
        token = sign_download(signer, owner_id(case_id), 0, file_id_of(letter["url"]), later)
        _, payload = URLSafeSerializer(b"unverified").loads_unsafe(token)
        api = f"/api/documents/{payload[0][2]}"
        assert (await http.get(api)).status_code == 401
        assert (await http.get(api, headers=docs.auth(docs.COACH))).status_code == 403
        assert (await http.get(api, headers=docs.auth("Programmabureau"))).status_code == 200
        assert (await http.get(download_path(token))).status_code == 200


async def test_the_owners_calendar_link_is_their_own_and_ends_when_their_links_are_revoked(
    intake: tuple[httpx.AsyncClient, CapabilitySigner],
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    http, _ = intake
    created = (await http.post("/api/cases", json=submission_json())).json()
    case_id, portal = created["case_id"], urlsplit(created["owner_link"]).path
    await docs.publish(amqp, topology, scheduled(case_id), case_id)

    async def calendar_links() -> list[str]:
        return re.findall(r'href="([^"]+\.ics)"', (await http.get(portal)).text)

    async def listed() -> bool:
        return bool(await calendar_links())

    await wait_until_async(listed, 20)
    [first, *_] = await calendar_links()
    assert first.startswith("/mijn/") and "token" not in first and "planning.example" not in first
    invite = await http.get(first)
    assert invite.status_code == 200 and "BEGIN:VCALENDAR" in invite.text

    revoked = await http.post(f"/api/people/{owner_id(case_id)}/links/revoke", headers=DECIDER)
    assert revoked.status_code == 204, revoked.text
    gone = await http.get(first)
    assert gone.status_code == 410 and gone.headers["content-type"].startswith("text/html")
    assert "nieuwe-link" in gone.text


def _old_format(key: str, purpose: str, subject: str) -> str:
    """A link as signed before the signer moved to itsdangerous: `subject.gen.expiry.mac`."""
    body = f"{subject}.0.-"
    digest = hmac.new(key.encode(), f"{purpose}|{body}".encode(), hashlib.sha256).digest()
    return f"{body}.{base64.urlsafe_b64encode(digest).decode().rstrip('=')[:32]}"


async def test_an_old_format_person_link_opens_the_410_page_that_mails_a_fresh_one(
    intake: tuple[httpx.AsyncClient, CapabilitySigner], spy: EventSpy
) -> None:
    http, _ = intake
    case_id = (await http.post("/api/cases", json=submission_json())).json()["case_id"]
    old = person_page_path(_old_format(PLACEHOLDER_SECRET, PERSON_PAGE, owner_id(case_id)))
    gone = await http.get(old)
    assert gone.status_code == 410 and "Deze link is verlopen" in gone.text
    action = re.search(r'action="([^"]*nieuwe-link)"', gone.text)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', gone.text)
    assert action and csrf
    asked = await http.post(action.group(1), data={"csrf_token": csrf.group(1)})
    assert (
        asked.status_code == 410 and "verstuurd" in asked.text.lower()
    ) or asked.status_code == 410
    [requested] = await spy.wait_for("person.link_requested")
    assert requested["data"]["person_id"] == owner_id(case_id)
    forged = person_page_path(_old_format("another-key", PERSON_PAGE, owner_id(case_id)))
    assert (await http.get(forged)).status_code == 404
