"""One case id ties the JSON logs of all four services together; every service serves metrics."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.cases import submission
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def _lines_about(log: Path, case_id: str) -> list[dict[str, object]]:
    entries = []
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("case_id") == case_id:
            entries.append(entry)
    return entries


async def test_a_cases_logs_correlate_across_all_four_services_and_metrics_are_served(
    processes: ServiceProcesses, smtp: SmtpServer, tmp_path: Path
) -> None:
    for service in SERVICES:
        processes.start(service, LOG_LEVEL="DEBUG")
    async with httpx.AsyncClient(base_url=processes.url("intake")) as http:
        answer = await http.post("/api/cases", json=submission(email="log@gemeente.example"))
    case_id = answer.json()["case_id"]
    await wait_until(lambda: bool(smtp.inbox.to("log@gemeente.example")), timeout=5.0)
    logs = {service: tmp_path / f"{service}.log" for service in SERVICES}
    await wait_until(lambda: all(_lines_about(log, case_id) for log in logs.values()), timeout=5)
    for service in SERVICES:
        entry = _lines_about(logs[service], case_id)[0]
        assert entry["service"] == service
        metrics = httpx.get(f"{processes.url(service)}/metrics").text
        assert "samenspel_outbox_pending_events" in metrics, service
        assert f'samenspel_dlq_depth{{service="{service}"}} 0.0' in metrics, service
        assert "faststream_received_messages_total" in metrics, service
    assert "samenspel_timer_lag_seconds" in httpx.get(f"{processes.url('scheduling')}/metrics").text
    mails = httpx.get(f"{processes.url('notifications')}/metrics").text
    assert 'samenspel_notifications{service="notifications",status="sent"}' in mails
