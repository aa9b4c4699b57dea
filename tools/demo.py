"""`python -m tools.local_run --demo`: a demo with content on every page, made through the APIs.

A cohort of every format (scheduling's staff API), cases from the form's API in every state from
screened to final (intake's staff API decides, documents' API writes and delivers the approach,
the owner gives feedback on their own page), participants registered for a cohort. Nothing is
published on the broker: every event comes from the service that owns it, and every mail it
causes lands in the mail folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tools.demo_content import APPROACHES, CASES, COACHES, CONDITIONS, FEEDBACK, PARTICIPANTS

WAIT_SECONDS = 60.0


class DemoFailed(RuntimeError):
    """A step the demo needs did not happen in time."""


class AlreadyThere(Exception):
    """An earlier `--demo` made it (its cases are known by their external reference)."""


async def _until(what: str, attempt: Callable[[], Awaitable[bool]]) -> None:
    """Retry `attempt` until it succeeds: events take a moment to reach the next service."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while not await attempt():
        if asyncio.get_running_loop().time() > deadline:
            raise DemoFailed(f"the demo gave up waiting for {what}")
        await asyncio.sleep(0.3)


def _monday_in(weeks: int, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 * weeks - today.weekday())


def cohorts(today: dt.date) -> list[dict[str, Any]]:
    """One cohort of every format, starting in the weeks ahead."""
    start = _monday_in(3, today)
    later = _monday_in(6, today)  # after the leeratelier's four weeks of registration
    atelier = [later + dt.timedelta(weeks=4 * n) for n in range(4)]
    return [
        {"cohort_id": "demo-leercase", "format": "leercase", "title": "Leercase Challenge demo",
         "start_date": start.isoformat(), "coaches": COACHES,
         "meeting_url": "https://teams.samenspel.example/leercase-demo"},
        {"cohort_id": "demo-leergang", "format": "leergang", "title": "Vierdaagse leergang demo",
         "start_date": later.isoformat(), "coaches": COACHES[:2],
         "location": "Stadskantoor Utrecht, Stadsplateau 1, 3521 AZ Utrecht"},
        {"cohort_id": "demo-lerend-netwerk", "format": "lerend-netwerk",
         "title": "Lerend Netwerk Participatie demo",
         "start_date": _monday_in(8, today).isoformat(),
         "coaches": COACHES[4:], "location": "Stadhuis Gent, Botermarkt 1, 9000 Gent"},
        {"cohort_id": "demo-leeratelier", "format": "leeratelier", "title": "Leeratelier demo",
         "start_date": later.isoformat(), "fixed_dates": [day.isoformat() for day in atelier],
         "coaches": COACHES[2:4]},
        {"cohort_id": "demo-e-learning", "format": "e-learning", "title": "E-learning demo",
         "start_date": later.isoformat(), "coaches": COACHES[:1]},
    ]  # fmt: skip


class Demo:
    """The demo against one local run: its addresses and the operator's staff token."""

    def __init__(self, intake: str, scheduling: str, documents: str, staff_token: str) -> None:
        auth = {"Authorization": f"Bearer {staff_token}"}
        self.intake = httpx.AsyncClient(base_url=intake, headers=auth, timeout=60)
        self.scheduling = httpx.AsyncClient(base_url=scheduling, headers=auth, timeout=60)
        self.documents = httpx.AsyncClient(base_url=documents, headers=auth, timeout=120)

    async def close(self) -> None:
        for client in (self.intake, self.scheduling, self.documents):
            await client.aclose()

    async def plan_cohorts(self, today: dt.date) -> None:
        for body in cohorts(today):
            answer = await self.scheduling.post("/api/cohorts", json=body)
            if answer.status_code not in (201, 409):  # 409: an earlier demo planned it
                raise DemoFailed(f"cohort {body['cohort_id']}: {answer.text}")

    async def submit(self, case: dict[str, Any]) -> tuple[str, str]:
        """The case as its owner submits it: its id and the owner's own link."""
        name, organisation, email = case["owner"]
        body = {
            "owner": {"name": name, "role": "projectleider", "organisation": organisation,
                      "email": email},
            "case": {**case["case"], "preferred_format": case["format"]},
            "conditions": {**CONDITIONS, **case.get("conditions", {})},
            "external_ref": f"demo-{case['key']}",
        }  # fmt: skip
        async with httpx.AsyncClient(base_url=str(self.intake.base_url)) as public:
            answer = await public.post("/api/cases", json=body)  # the form's API: no token
        if answer.status_code == 200:
            raise AlreadyThere()
        if answer.status_code != 201:
            raise DemoFailed(f"case {case['key']}: {answer.text}")
        found = answer.json()
        return str(found["case_id"]), str(found["owner_link"])

    async def status(self, case_id: str) -> str:
        return str((await self.intake.get(f"/api/cases/{case_id}")).json().get("status", ""))

    async def decide(self, case_id: str, case: dict[str, Any]) -> None:
        await _until(f"screening of {case['key']}", self._screened(case_id))
        if case["fate"] == "screened":
            return
        if case["fate"] == "rejected":
            codes = [a["code"] for a in (await self.intake.get("/api/alternatives")).json()]
            reason = (
                "Het besluit valt al over zes weken; een leercase duurt acht weken. De"
                " e-learning of een adviesgesprek past beter bij uw planning."
            )
            body = {"reason": reason, "alternatives": codes[:2]}
            answer = await self.intake.post(f"/api/cases/{case_id}/reject", json=body)
            if answer.status_code != 200:
                raise DemoFailed(f"rejecting {case['key']}: {answer.text}")
            return
        cohort = f"demo-{case['format']}"

        async def accepted() -> bool:  # intake learns of the cohort from scheduling's event
            answer = await self.intake.post(
                f"/api/cases/{case_id}/accept", json={"cohort_id": cohort, "note": "Demo"}
            )
            return answer.status_code == 200 or await self.status(case_id) == "accepted"

        await _until(f"acceptance of {case['key']} into {cohort}", accepted)

    def _screened(self, case_id: str) -> Callable[[], Awaitable[bool]]:
        async def screened() -> bool:
            return await self.status(case_id) not in ("", "submitted")

        return screened

    async def write_and_deliver(self, case_id: str, case: dict[str, Any], owner_link: str) -> None:
        """The cohort writes the approach; the draft goes out; the owner reacts; the final."""
        for section in APPROACHES[case["key"]]:
            path = f"/api/cases/{case_id}/approach/sections/{section['kind']}"

            async def saved(path: str = path, section: dict[str, Any] = section) -> bool:
                answer = await self.documents.put(
                    path, json=section, params={"expected_version": 0}
                )  # 404 until documents has opened the approach on `case.accepted`
                return answer.status_code == 200

            await _until(f"the approach of {case['key']}", saved)
        await self.deliver(case_id, "draft")
        if case["fate"] == "final":
            await self.owner_feedback(owner_link)
            await self.deliver(case_id, "final")

    async def deliver(self, case_id: str, kind: str) -> None:
        answer = await self.documents.post(f"/api/cases/{case_id}/{kind}")
        if answer.status_code != 201:
            raise DemoFailed(f"the {kind} of {case_id}: {answer.text}")

    async def owner_feedback(self, owner_link: str) -> None:
        """The owner's feedback on the draft, through the form on their own page."""
        async with httpx.AsyncClient(timeout=30) as owner:

            async def form_shown() -> bool:
                return "sectie_planning" in (await owner.get(owner_link)).text

            await _until("the draft on the owner's page", form_shown)
            page = await owner.get(owner_link)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            if token is None:
                raise DemoFailed("the owner's page has no feedback form")
            await owner.post(f"{owner_link}/feedback", data={"csrf_token": token[1], **FEEDBACK})

    async def register_participants(self) -> None:
        for n, (name, organisation, email, programme) in enumerate(PARTICIPANTS, start=1):
            # A paid programme (the leeratelier) needs the invoice details.
            invoice = {"organisation": organisation, "billing_address": f"Postbus {1000 + n}"}
            body = {"participant_id": f"demo-{n}", "name": name, "email": email,
                    "organisation": organisation, "invoice": invoice}  # fmt: skip
            path = f"/api/cohorts/demo-{programme}/registrations"

            async def registered(path: str = path, body: dict[str, Any] = body) -> bool:
                answer = await self.intake.post(path, json=body)
                return answer.status_code == 200 and answer.json()["outcome"] == "enrolled"

            await _until(f"the registration of {name}", registered)


async def fill(intake: str, scheduling: str, documents: str, staff_token: str) -> int:
    """Make the whole demo; the number of cases in it (0: an earlier run made it)."""
    demo = Demo(intake, scheduling, documents, staff_token)
    try:
        await demo.plan_cohorts(dt.date.today())
        try:
            submitted = [(case, *await demo.submit(case)) for case in CASES]
        except AlreadyThere:
            return 0
        await asyncio.gather(*(demo.decide(case_id, case) for case, case_id, _ in submitted))
        await demo.register_participants()
        for case, case_id, link in submitted:
            if case["fate"] in ("draft", "final"):
                await demo.write_and_deliver(case_id, case, link)
        return len(submitted)
    finally:
        await demo.close()
