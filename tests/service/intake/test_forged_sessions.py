"""A forged session event with a script link or a bogus time zone is dead-lettered, not shown."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.contracts.envelope import new_event
from shared.contracts.scheduling import SessionScheduled
from shared.messaging.dead_letters import REASON_HEADER
from shared.messaging.topology import Topology
from tests.service.intake.conftest import NOW, submission_json
from tests.support.bus import EventSpy, publish_raw
from tests.support.waiting import wait_until_async
from tests.unit.intake.timeline_samples import SESSIONS

pytestmark = pytest.mark.service


def forged(case_id: str, **session: str) -> bytes:
    data = SessionScheduled(case_id=case_id, case_title="Zonneweide", cohort_id="lc-1",
                            session=SESSIONS[0])  # fmt: skip
    body = json.loads(new_event(data, source="https://forger.example", subject=case_id,
                                now=NOW).to_json())  # fmt: skip
    body["data"]["session"].update(session)
    return json.dumps(body).encode()


async def test_a_script_link_and_an_unknown_zone_are_dead_lettered_and_the_portal_stays_up(
    http: httpx.AsyncClient,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    answer = (await http.post("/api/cases", json=submission_json(title="Zonneweide"))).json()
    case_id, portal = answer["case_id"], re.sub(r"^https?://[^/]+", "", answer["owner_link"])
    await spy.wait_for("case.screened")
    script = forged(case_id, meeting_url="javascript:alert(document.domain)")
    await publish_raw(amqp, topology, "session.scheduled", script)
    await publish_raw(amqp, topology, "session.scheduled", forged(case_id, timezone="Mars/Base"))
    channel = await amqp.channel()
    dlq = await channel.get_queue(topology.dead_letter_key("intake"))
    reasons: list[str] = []

    async def both_dead() -> bool:
        while (message := await dlq.get(no_ack=True, fail=False)) is not None:
            reasons.append(str((message.headers or {}).get(REASON_HEADER, "")))
        return len(reasons) >= 2

    await wait_until_async(both_dead, timeout=10)
    await channel.close()
    assert any("meeting_url" in reason for reason in reasons), reasons
    assert any("timezone" in reason for reason in reasons), reasons
    page = await http.get(portal)
    assert page.status_code == 200
    assert "javascript:" not in page.text
