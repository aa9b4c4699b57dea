"""Every format lived end to end: each person's invites, changes and reminders, and nothing more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.contracts.base import Country
from shared.messaging.topology import Topology
from tests.e2e.mailbook import Mail
from tests.e2e.processes import ServiceProcesses
from tests.e2e.programme import Person, Programme, people
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
AMS = ZoneInfo("Europe/Amsterdam")
TRAINER = Person("trainer", "Tineke Trainer", "tineke@samenspel.example")


@pytest.fixture
def programme(
    processes: ServiceProcesses,
    smtp: SmtpServer,
    amqp: AbstractRobustConnection,
    topology: Topology,
    tmp_path: Path,
) -> Programme:
    """The run's services and its clock, not started yet."""
    return Programme(processes, smtp, amqp, topology, tmp_path)


def titled(programme: Programme, person: Person, prefix: str) -> list[Mail]:
    """The mails a person got whose subject starts so."""
    return [m for m in programme.book.to(person.email) if m.subject.startswith(prefix)]


def report(programme: Programme, title: str, roles: dict[str, str]) -> None:
    """Print the mail count per role (pytest -s shows it)."""
    print(f"\n{title}: mails per role")
    for role, counts in sorted(programme.book.count_by_role(roles).items()):
        print(f"  {role:15} {dict(sorted(counts.items()))}")


async def test_leeratelier_a_withdrawal_from_the_page_cancels_the_rounds_still_to_come(
    programme: Programme,
) -> None:
    start = dt.datetime(2027, 2, 1, 10, 0, tzinfo=AMS)
    programme.start(start)
    rounds = ["2027-03-11", "2027-04-08", "2027-05-20", "2027-06-17"]
    await programme.plan(
        {
            "cohort_id": "la-2027",
            "format": "leeratelier",
            "title": "Participatie verankeren 2027",
            "start_date": rounds[0],
            "fixed_dates": rounds,
            "coaches": [TRAINER.contact()],
        }
    )
    anna, bert, chris = people("la", 3)
    assert await programme.register("la-2027", anna, invoice=True) == "enrolled"
    assert await programme.register("la-2027", bert, invoice=True) == "enrolled"
    await programme.register_by_event("la-2027", chris, start, invoice=True)
    sessions = await programme.sessions("la-2027")
    assert len(sessions) == 4
    ids = {s["session_id"] for s in sessions}
    everyone = [TRAINER, anna, bert, chris]
    await programme.invited({p.email: ids for p in everyone})
    await wait_until(lambda: bool(titled(programme, anna, "Inschrijving")), 10)
    (enrolment,) = titled(programme, anna, "Inschrijving")
    assert "2.700" in enrolment.text and "3.267" in enrolment.text  # without and with 21 % btw

    first, *later = sessions
    await programme.remind(first, {p.email for p in everyone}, Country.NL)
    programme.set_now(dt.datetime.fromisoformat(first["ends_at"]) + dt.timedelta(hours=1))
    (invite,) = [
        m for m in programme.book.to(chris.email) if m.session_id == later[0]["session_id"]
    ]
    await programme.withdraw_from_page(invite, "la-2027")
    await wait_until(
        lambda: all(programme.book.cancels(chris.email, s["session_id"]) for s in later), 20
    )
    for session in later:
        await programme.remind(session, {TRAINER.email, anna.email, bert.email}, Country.NL)

    book = programme.book
    book.check_invites_name_only_their_recipient()
    for person in everyone:
        for session in sessions:
            assert book.requests(person.email, session["session_id"]) == [0]
    assert book.cancels(chris.email, first["session_id"]) == 0  # it had taken place
    assert [book.cancels(chris.email, s["session_id"]) for s in later] == [1, 1, 1]
    assert len(book.reminders(chris.email)) == 1
    assert all(len(book.reminders(p.email)) == 4 for p in (TRAINER, anna, bert))
    roles = {TRAINER.email: "trainer"} | {p.email: "participant" for p in (anna, bert, chris)}
    report(programme, "leeratelier", roles)
