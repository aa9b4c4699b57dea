"""A programme run end to end: services as processes, a movable clock, the APIs staff use."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from aio_pika.abc import AbstractRobustConnection

from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Country
from shared.contracts.envelope import new_event
from shared.contracts.intake import InvoiceDetails, Participant, ParticipantRegistered
from shared.messaging.topology import Topology
from tests.e2e.mailbook import Mail, MailBook
from tests.e2e.processes import ServiceProcesses
from tests.support.bus import publish_raw
from tests.support.cases import submission
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until, wait_until_async
from tools.mongo_standin import free_port

WAIT = 45.0  # seconds: generous for a busy CI machine; a green run never waits this long
TOKEN = "e2e-staff-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE_LINK = re.compile(r"(https?://\S+/mijn/[^\s\"<>]+)")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
INVOICE = {
    "organisation": "Gemeente Zwolle",
    "billing_address": "Postbus 10007, 8000 GA Zwolle",
    "purchase_order": "PO-2027-114",
}


@dataclass(frozen=True)
class Person:
    """Someone who takes part, as the test knows them."""

    pid: str
    name: str
    email: str

    def contact(self) -> dict[str, str]:
        """As a coach or trainer is named on a cohort."""
        return {"name": self.name, "email": self.email}

    def participant(self) -> dict[str, str]:
        """As a registration carries them."""
        return {"participant_id": self.pid, "name": self.name, "email": self.email}


STAFF = Person("staff", "Pim Planner", "planner@samenspel.example")


def people(prefix: str, count: int, domain: str = "gemeente.example") -> list[Person]:
    """`count` learners with distinct ids and addresses."""
    return [
        Person(f"{prefix}-{n}", f"Deelnemer {prefix.upper()} {n}", f"{prefix}{n}@{domain}")
        for n in range(1, count + 1)
    ]


def reminder_due(session: dict[str, Any], country: Country) -> dt.datetime:
    """09:00 local, two working days before the session (scheduling's default rule)."""
    zone = ZoneInfo(session["timezone"])
    starts = dt.datetime.fromisoformat(session["starts_at"]).astimezone(zone)
    day = WorkingDayCalendar(country=country).add_working_days(starts.date(), -2)
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone)


class Programme:
    """The services of a programme run, their clock, and the mails they sent."""

    def __init__(
        self,
        processes: ServiceProcesses,
        smtp: SmtpServer,
        amqp: AbstractRobustConnection,
        topology: Topology,
        tmp_path: Path,
    ) -> None:
        self.processes = processes
        self.smtp = smtp
        self.book = MailBook(smtp.inbox)
        self._amqp = amqp
        self._topology = topology
        self._clock = tmp_path / "clock-offset"
        self.case_ids: list[str] = []  # in the order accept_case accepted them

    def set_now(self, instant: dt.datetime) -> None:
        """Move every service's clock (forward only) to `instant`."""
        offset = (instant - dt.datetime.now(dt.UTC)).total_seconds()
        self._clock.write_text(f"{offset:.3f}")

    def start(self, at: dt.datetime) -> None:
        """The four services on one movable clock starting at `at` (documents makes the agendas
        that travel with the reminders)."""
        self.set_now(at)
        names = ("intake", "scheduling", "documents", "notifications")
        ports = {name: free_port() for name in names}
        self.processes.ports.update(ports)
        common = {
            "CLOCK_OFFSET_FILE": str(self._clock),
            "STAFF_TOKENS": json.dumps({TOKEN: {"name": "Planner", "role": "decider"}}),
            "SECRET_KEY": "e2e-secret",
            "TIMER_POLL_SECONDS": "0.2",
        }
        self.processes.env.update(common)
        url = self.processes.url
        self.processes.start_together(
            {
                "intake": {
                    "SCHEDULING_URL": url("scheduling"),
                    "SCHEDULING_TOKEN": TOKEN,
                    "DOCUMENTS_URL": url("documents"),
                    "PUBLIC_BASE_URL": url("intake"),
                    "DOCUMENTS_PUBLIC_URL": url("documents"),  # downloads on people's pages
                },
                "scheduling": {"PUBLIC_BASE_URL": url("scheduling")},
                "documents": {"PUBLIC_BASE_URL": url("documents")},
                "notifications": {
                    "INTAKE_PUBLIC_URL": url("intake"),
                    "PUBLIC_BASE_URL": url("notifications"),
                    "SCHEDULING_TOKEN": TOKEN,  # attachments from documents' staff API
                    "RETRY_BASE_SECONDS": "5",
                    "STAFF": json.dumps(
                        [{"name": STAFF.name, "email": STAFF.email, "digest": False}]
                    ),
                },
            }
        )

    def http(self, service: str) -> httpx.AsyncClient:
        """A client on a service, as staff (bearer token)."""
        return httpx.AsyncClient(base_url=self.processes.url(service), headers=AUTH, timeout=10)

    async def plan(self, body: dict[str, Any]) -> None:
        """Plan the cohort through scheduling's API; intake opens it once it heard of it."""
        async with self.http("scheduling") as http:
            made = await http.post("/api/cohorts", json=body)
            assert made.status_code == 201, made.text
        async with self.http("intake") as http:

            async def known() -> bool:
                return (await http.get(f"/api/cohorts/{body['cohort_id']}")).status_code == 200

            await wait_until_async(known, timeout=WAIT)

    async def sessions(self, cohort_id: str) -> list[dict[str, Any]]:
        """Every session of the cohort (all cases' for a leercase round), in date order."""
        async with self.http("scheduling") as http:
            answer = await http.get(f"/api/cohorts/{cohort_id}/sessions")
            assert answer.status_code == 200, answer.text
            listed = answer.json()["sessions"]
        return [
            {**s["session"], "case_id": s.get("case_id"), "cancelled": s["cancelled"]}
            for s in listed
        ]

    async def register(self, cohort_id: str, person: Person, *, invoice: bool = False) -> str:
        """Register through intake's API; the outcome (enrolled, waitlisted, refused)."""
        body: dict[str, Any] = {**person.participant(), **({"invoice": INVOICE} if invoice else {})}
        async with self.http("intake") as http:
            answer = await http.post(f"/api/cohorts/{cohort_id}/registrations", json=body)
            assert answer.status_code == 200, answer.text
            outcome: str = answer.json()["outcome"]
            return outcome

    async def withdraw(self, cohort_id: str, person: Person) -> None:
        """Staff withdraw a participant through intake's API."""
        async with self.http("intake") as http:
            body = {"participant_id": person.pid}
            answer = await http.post(f"/api/cohorts/{cohort_id}/withdrawals", json=body)
            assert answer.status_code == 204, answer.text

    async def register_by_event(
        self, cohort_id: str, person: Person, at: dt.datetime, *, invoice: bool = False
    ) -> None:
        """Register the way an academy's platform does: `participant.registered` on the bus."""
        data = ParticipantRegistered(
            cohort_id=cohort_id,
            participant=Participant.model_validate(person.participant()),
            registered_at=at,
            invoice=InvoiceDetails.model_validate(INVOICE) if invoice else None,
        )
        event = new_event(data, source="https://academie.example.org", subject=cohort_id, now=at)
        await publish_raw(self._amqp, self._topology, data.routing_key, event.to_json())

    async def withdraw_from_page(self, mail: Mail, cohort_id: str) -> None:
        """Open the page link from a mail, confirm, and withdraw (CSRF form, as a browser)."""
        found = PAGE_LINK.search(mail.text)
        assert found, mail.subject
        page = found.group(1)
        async with httpx.AsyncClient(timeout=10) as browser:
            assert (await browser.get(page)).status_code == 200
            confirm = await browser.get(f"{page}/afmelden/{cohort_id}")
            token = CSRF.search(confirm.text)
            assert confirm.status_code == 200 and token, confirm.text
            done = await browser.post(
                f"{page}/afmelden/{cohort_id}", data={"csrf_token": token.group(1)}
            )
            assert done.status_code == 303, done.text

    async def reschedule(
        self, cohort_id: str, session_id: str, starts_at: dt.datetime, reason: str
    ) -> None:
        """Staff move one of the cohort's sessions."""
        async with self.http("scheduling") as http:
            path = f"/api/cohorts/{cohort_id}/sessions/{session_id}/reschedule"
            body = {"starts_at": starts_at.isoformat(), "reason": reason}
            answer = await http.post(path, json=body)
            assert answer.status_code == 200, answer.text

    async def answer_date_from_page(
        self, mail: Mail, session_id: str, *, fits: bool, reason: str = ""
    ) -> None:
        """Open the page link from an invite and answer its tentative date (as a browser)."""
        found = PAGE_LINK.search(mail.text)
        assert found, mail.subject
        page = found.group(1)
        async with httpx.AsyncClient(timeout=10) as browser:
            shown = await browser.get(page)
            token = CSRF.search(shown.text)
            assert shown.status_code == 200 and token and "Past deze datum u?" in shown.text
            form = {"csrf_token": token.group(1), "antwoord": "past" if fits else "anders"}
            done = await browser.post(
                f"{page}/sessies/{session_id}/datum", data=form | {"reden": reason}
            )
            assert done.status_code == 303, done.text

    async def topic_from_page(
        self, mail: Mail, *, propose: str = "", support: bool = False
    ) -> None:
        """Open the page link from a mail; propose a topic, or support the first one listed."""
        found = PAGE_LINK.search(mail.text)
        assert found, mail.subject
        async with httpx.AsyncClient(timeout=10) as browser:
            shown = await browser.get(found.group(1))
            token = CSRF.search(shown.text)
            assert shown.status_code == 200 and token, shown.text
            if support:
                action = re.search(r'action="([^"]+/steunen)"', shown.text)
                assert action, shown.text
                url, form = action.group(1), {"csrf_token": token.group(1)}
            else:
                action = re.search(r'action="([^"]+/onderwerpen/[^"/]+)"', shown.text)
                assert action, shown.text
                url, form = action.group(1), {"csrf_token": token.group(1), "titel": propose}
            done = await browser.post(f"{self.processes.url('intake')}{url}", data=form)
            assert done.status_code == 303, done.text

    async def form_team(
        self, cohort_id: str, name: str, mentor: Person, members: list[Person]
    ) -> None:
        """Staff form a leergang team with its mentor and practice case (intake's API)."""
        body = {
            "name": name,
            "mentor": mentor.contact(),
            "practice_case": {"name": f"Bewonersinitiatief {name}", "contact": "Kees Bakker"},
            "members": [m.pid for m in members],
        }
        async with self.http("intake") as http:
            answer = await http.post(f"/api/cohorts/{cohort_id}/teams", json=body)
            assert answer.status_code == 201, answer.text

    async def page_form(self, mail: Mail, path: str, form: dict[str, str]) -> httpx.Response:
        """Open the page link from a mail and post one of its forms (`path` below the page)."""
        found = PAGE_LINK.search(mail.text)
        assert found, mail.subject
        page = found.group(1)
        async with httpx.AsyncClient(timeout=20) as browser:
            shown = await browser.get(page)
            token = CSRF.search(shown.text)
            assert shown.status_code == 200 and token, shown.text
            return await browser.post(f"{page}{path}", data={"csrf_token": token.group(1), **form})

    async def date_answers(self, case_id: str) -> dict[str, list[dict[str, Any]]]:
        """Per session of the case: the answers scheduling holds (what staff see)."""
        async with self.http("scheduling") as http:
            answer = await http.get(f"/api/trajectories/{case_id}/date-answers")
            assert answer.status_code == 200, answer.text
        return {s["session_id"]: s["answers"] for s in answer.json()["sessions"]}

    async def move_case_session(
        self, case_id: str, session_id: str, starts_at: dt.datetime, reason: str
    ) -> None:
        """Staff move a case's session to the date asked for and fix it (confirm)."""
        async with self.http("scheduling") as http:
            path = f"/api/trajectories/{case_id}/sessions/{session_id}/reschedule"
            body = {"starts_at": starts_at.isoformat(), "reason": reason, "confirm": True}
            answer = await http.post(path, json=body)
            assert answer.status_code == 200, answer.text

    async def cancel(self, cohort_id: str, session_id: str, reason: str) -> None:
        """Staff cancel one of the cohort's sessions."""
        async with self.http("scheduling") as http:
            path = f"/api/cohorts/{cohort_id}/sessions/{session_id}/cancel"
            answer = await http.post(path, json={"reason": reason})
            assert answer.status_code == 200, answer.text

    async def accept_case(
        self, cohort_id: str, owner: Person, title: str, expert: Person | None = None
    ) -> str:
        """An owner submits a case through the API and staff accept it into the round."""
        body = submission(title=title, email=owner.email)
        body["owner"]["name"] = owner.name
        if expert is not None:
            body["conditions"] |= {
                "owner_is_content_expert": False,
                "content_expert": {
                    "name": expert.name,
                    "role": "Beleidsadviseur",
                    "email": expert.email,
                },
            }
        async with self.http("intake") as http:
            made = await http.post("/api/cases", json=body)
            assert made.status_code == 201, made.text
            case_id: str = made.json()["case_id"]
            accepted = await http.post(
                f"/api/cases/{case_id}/accept", json={"cohort_id": cohort_id}
            )
            assert accepted.status_code == 200, accepted.text
        self.case_ids.append(case_id)
        return case_id

    async def assignments(self, cohort_id: str, learners: int) -> dict[str, str]:
        """Which case each enrolled learner is on, once all of them are on one."""
        found: dict[str, str] = {}
        async with self.http("intake") as http:

            async def placed() -> bool:
                answer = (await http.get(f"/api/cohorts/{cohort_id}")).json()
                found.clear()
                found.update(
                    {p["participant_id"]: p["case_id"] for p in answer["enrolled"] if p["case_id"]}
                )
                return len(found) == learners

            await wait_until_async(placed, timeout=WAIT)
        return found

    async def invited(self, expected: dict[str, set[str]], timeout: float = WAIT) -> None:
        """Wait until each address has an invite for each session expected of it."""
        await wait_until(
            lambda: all(sessions <= self.book.invited_to(a) for a, sessions in expected.items()),
            timeout,
        )

    async def remind(
        self, session: dict[str, Any], addresses: set[str], country: Country
    ) -> dt.datetime:
        """Move the clock to the session's reminder; each address gets it (at 09:00 local)."""
        due = reminder_due(session, country)
        before = {a: len(self.book.reminders(a)) for a in addresses}
        self.set_now(due + dt.timedelta(seconds=30))
        await wait_until(
            lambda: all(len(self.book.reminders(a)) > n for a, n in before.items()), WAIT
        )
        for address in addresses:
            latest = self.book.reminders(address)[-1]
            assert session["name"] in latest.subject, latest.subject
            local = latest.sent_at.astimezone(due.tzinfo)
            assert local.date() == due.date() and dt.time(9, 0) <= local.time() < dt.time(9, 5)
        return due
