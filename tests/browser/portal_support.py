"""The four services as subprocesses, configured so the console and portal can reach the others."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Page

from tests.browser.axe import assert_accessible
from tests.e2e.processes import SERVICES, ServiceProcesses
from tools.mongo_standin import free_port

ROOT = Path(__file__).resolve().parents[2]
# Every run writes them to test-artifacts/; UPDATE_SCREENSHOTS=1 refreshes the README's copies.
SCREENSHOTS = ROOT / (
    "docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "test-artifacts/screenshots"
)
STAFF_TOKEN = "console-decider-token-0123456789"
SCHEDULING_TOKEN = "scheduling-staff-token-0123"
COACH_TOKEN = "coach-token-0123456789"
DOCUMENTS_STAFF_TOKEN = "documents-staff-token"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def start_all(processes: ServiceProcesses) -> None:
    """Ports first, so each service can be told where the others answer."""
    for service in SERVICES:
        processes.ports[service] = free_port()
    url = processes.url
    processes.start_together(
        {
            "scheduling": {
                "STAFF_TOKENS": json.dumps(
                    {SCHEDULING_TOKEN: {"name": "Staff console", "role": "decider"}}
                ),
                "PUBLIC_BASE_URL": url("scheduling"),
            },
            "documents": {
                "STAFF_TOKENS": json.dumps(
                    {DOCUMENTS_STAFF_TOKEN: {"name": "Programmabureau", "role": "decider"}}
                ),
                "CONTRIBUTOR_TOKENS": json.dumps({"Anke Jansen": COACH_TOKEN}),
                "PUBLIC_BASE_URL": url("documents"),
            },
            "notifications": {
                "PUBLIC_BASE_URL": url("notifications"),
                "SCHEDULING_TOKEN": DOCUMENTS_STAFF_TOKEN,
            },
            "intake": {
                "STAFF_TOKENS": json.dumps(
                    {STAFF_TOKEN: {"name": "Sanne (programmabureau)", "role": "decider"}}
                ),
                "SCHEDULING_URL": url("scheduling"),
                "SCHEDULING_TOKEN": SCHEDULING_TOKEN,
                "DOCUMENTS_PUBLIC_URL": url("documents"),
                "PUBLIC_BASE_URL": url("intake"),
            },
        }
    )


async def plan_cohort(processes: ServiceProcesses) -> str:
    """A leercase cohort starting in two weeks, planned through scheduling's API."""
    today = dt.date.today()
    start = today + dt.timedelta(days=14 - today.weekday())
    body = {
        "cohort_id": "leercase-browser",
        "format": "leercase",
        "title": "Leercase Challenge najaar",
        "start_date": start.isoformat(),
        "coaches": [
            {"name": "Anke Jansen", "email": "anke@coach.example"},
            {"name": "Pieter Smit", "email": "pieter@coach.example"},
        ],
        "meeting_url": "https://teams.example.org/leercase",
    }
    headers = {"Authorization": f"Bearer {SCHEDULING_TOKEN}"}
    async with httpx.AsyncClient(base_url=processes.url("scheduling")) as http:
        answer = await http.post("/api/cohorts", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(body["title"])


async def _documents_api(
    token: str, processes: ServiceProcesses, method: str, path: str, **kw: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
    async with httpx.AsyncClient(base_url=processes.url("documents"), timeout=60) as http:
        return await http.request(method, path, headers=headers, **kw)


async def coach(processes: ServiceProcesses, method: str, path: str, **kw: Any) -> httpx.Response:
    """A coach using documents' API, as the cohort does while writing the approach."""
    return await _documents_api(COACH_TOKEN, processes, method, path, **kw)


async def as_staff(
    processes: ServiceProcesses, method: str, path: str, **kw: Any
) -> httpx.Response:
    """The programme office using documents' API (releasing when no coach does)."""
    return await _documents_api(DOCUMENTS_STAFF_TOKEN, processes, method, path, **kw)


async def shot(page: Page, name: str) -> None:
    """A full-page screenshot under SCREENSHOTS, stable name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def seen(page: Page, name: str) -> None:
    """Screenshot, then axe: each page a person sees in the walkthrough is checked as well."""
    await shot(page, name)
    await assert_accessible(page, name)


async def reload_until(page: Page, text: str, timeout: float = 30.0) -> None:
    """Reload as an owner would until the page says `text`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in await page.inner_text("main"):
        if loop.time() > deadline:
            raise AssertionError(f"{text!r} not on {page.url} within {timeout} s")
        await asyncio.sleep(0.5)
        await page.reload()
