"""Every format lived end to end: each person's invites, changes and reminders, and nothing more."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient

from shared.contracts.base import Country
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from tests.e2e.leercase_links import (
    FEEDBACK,
    PREPARING_LEARNER,
    a_learner_prepares_from_their_page,
    an_expired_link_offers_a_fresh_one,
    check_each_person_got_their_mails,
    every_link_in_every_mail,
    feedback_from_the_mail,
    the_briefing_reaches_the_case_coaches,
    the_console_shows_it_in_full,
    the_form_closes_when_the_feedback_session_starts,
    the_owners_page_lists_the_letters,
    write_and_release_the_draft,
)
from tests.e2e.mailbook import Mail
from tests.e2e.processes import ServiceProcesses
from tests.e2e.programme import STAFF, WAIT, Person, Programme, people, reminder_due
from tests.e2e.runs import AMS, CASE_TITLES, TRAINER, leercase_round
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until, wait_until_async

pytestmark = pytest.mark.e2e


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


def titled_to(programme: Programme, address: str, prefix: str) -> list[Mail]:
    """The mails an address got whose subject starts so."""
    return [m for m in programme.book.to(address) if m.subject.startswith(prefix)]


def pdf_text(mail: Mail) -> str:
    """The text of the PDFs a mail carries (its agenda), whitespace made single."""
    texts = []
    for part in mail.message.walk():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            reader = pypdf.PdfReader(io.BytesIO(payload))
            texts += [page.extract_text() for page in reader.pages]
    return " ".join(" ".join(texts).split())


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
        lambda: all(programme.book.cancels(chris.email, s["session_id"]) for s in later), WAIT
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


async def test_leergang_a_moved_day_reaches_everyone_and_a_late_learner_gets_the_days_to_come(
    programme: Programme,
) -> None:
    programme.start(dt.datetime(2027, 8, 2, 10, 0, tzinfo=AMS))
    await programme.plan(
        {
            "cohort_id": "lg-2027",
            "format": "leergang",
            "title": "Samenspel met lef, najaar 2027",
            "start_date": "2027-09-09",  # the second Thursday
            "coaches": [TRAINER.contact()],
            "location": "Stadskantoor Utrecht",
            "capacity": 3,
        }
    )
    anna, bert, chris, dirk = people("lg", 4)
    for person in (anna, bert):
        assert await programme.register("lg-2027", person) == "enrolled"
    registered_at = dt.datetime(2027, 8, 2, 8, 0, tzinfo=dt.UTC)
    await programme.register_by_event("lg-2027", chris, registered_at)
    await wait_until(lambda: bool(titled(programme, chris, "Inschrijving")), WAIT)
    assert await programme.register("lg-2027", dirk) == "waitlisted"  # the group is full
    days = await programme.sessions("lg-2027")
    assert [dt.date.fromisoformat(d["starts_at"][:10]).day for d in days] == [9, 14, 11, 9]
    everyone = [TRAINER, anna, bert, chris]
    all_days = {d["session_id"] for d in days}
    await programme.invited({p.email: all_days for p in everyone})
    # Two teams, each with its mentor: a mentor is invited to the (plenary) days, nothing else.
    mila = Person("mentor-1", "Mila Mentor", "mila@samenspel.example")
    mo = Person("mentor-2", "Mo Mentor", "mo@samenspel.example")
    await programme.form_team("lg-2027", "Team Noord", mila, [anna])
    await programme.form_team("lg-2027", "Team Zuid", mo, [bert, chris])
    mentors = [mila, mo]
    await programme.invited({m.email: all_days for m in mentors})
    # Anna invites a colleague for day 4 (teams present) from her page: that day only.
    gijs = Person("guest-1", "Gijs Gast", "gijs@gemeente.example")
    day4 = days[3]["session_id"]
    anna_day4 = next(m for m in programme.book.to(anna.email) if m.session_id == day4)
    invited = await programme.page_form(
        anna_day4, f"/sessies/{day4}/gasten", {"naam": gijs.name, "email": gijs.email}
    )
    assert invited.status_code == 303, invited.text
    await programme.invited({gijs.email: {day4}})

    moved = dt.datetime(2027, 10, 21, 9, 30, tzinfo=AMS)  # day 2 a week later
    await programme.reschedule("lg-2027", days[1]["session_id"], moved, "Zaal niet beschikbaar.")
    await wait_until(
        lambda: all(
            programme.book.requests(p.email, days[1]["session_id"]) == [0, 1]
            for p in [*everyone, *mentors]
        ),
        20,
    )
    days = await programme.sessions("lg-2027")
    await programme.remind(days[0], {p.email for p in [*everyone, *mentors]}, Country.NL)
    programme.set_now(dt.datetime.fromisoformat(days[0]["starts_at"]) + dt.timedelta(hours=3))
    await programme.withdraw("lg-2027", chris)  # Dirk moves up after the first day
    to_come = {d["session_id"] for d in days[1:]}
    await programme.invited({dirk.email: to_come})
    await wait_until(lambda: all(programme.book.cancels(chris.email, d) for d in to_come), WAIT)
    staying = [TRAINER, anna, bert, dirk]
    for day in days[1:]:
        guests = {gijs.email} if day["session_id"] == day4 else set()
        await programme.remind(day, {p.email for p in [*staying, *mentors]} | guests, Country.NL)

    book = programme.book
    book.check_invites_name_only_their_recipient()
    assert book.invited_to(dirk.email) == to_come  # not the day that has passed
    assert book.requests(dirk.email, days[1]["session_id"]) == [1]  # the day as it now is
    assert [book.cancels(chris.email, d["session_id"]) for d in days] == [0, 1, 1, 1]
    assert len(book.reminders(chris.email)) == 1 and len(book.reminders(dirk.email)) == 3
    for person in (TRAINER, anna, bert):
        assert len(book.reminders(person.email)) == 4
        assert not any(m.method == "CANCEL" for m in book.to(person.email))
    for person in staying:
        assert all(book.requests(person.email, d["session_id"]) == [0] for d in days[2:])
    for mentor in mentors:  # their team's four days, and nothing else
        assert book.invited_to(mentor.email) == all_days and len(book.reminders(mentor.email)) == 4
        assert not any(m.method == "CANCEL" for m in book.to(mentor.email))
    assert book.invited_to(gijs.email) == {day4} and len(book.reminders(gijs.email)) == 1
    roles = {TRAINER.email: "trainer"} | {p.email: "participant" for p in (anna, bert, chris, dirk)}
    roles |= {m.email: "mentor" for m in mentors} | {gijs.email: "guest"}
    report(programme, "leergang", roles)


async def test_lerend_netwerk_a_cancelled_meeting_and_a_reminder_held_past_its_start(
    programme: Programme, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    brussels = ZoneInfo("Europe/Brussels")
    programme.start(dt.datetime(2027, 8, 2, 10, 0, tzinfo=brussels))
    await programme.plan(
        {
            "cohort_id": "ln-2027",
            "format": "lerend-netwerk",
            "title": "Lerend netwerk participatie 2027-2028",
            "start_date": "2027-09-14",
            "coaches": [TRAINER.contact()],
            "location": "Herman Teirlinckgebouw, Brussel",
        }
    )
    anna, bert, chris = people("ln", 3, "stad.example.be")
    for person in (anna, bert):
        assert await programme.register("ln-2027", person) == "enrolled"
    await programme.register_by_event(
        "ln-2027", chris, dt.datetime(2027, 8, 2, 8, 0, tzinfo=dt.UTC)
    )
    meetings = await programme.sessions("ln-2027")
    assert len(meetings) == 5 and {m["timezone"] for m in meetings} == {"Europe/Brussels"}
    everyone = {p.email for p in (TRAINER, anna, bert, chris)}
    await programme.invited({a: {m["session_id"] for m in meetings} for a in everyone})
    first = meetings[0]["session_id"]  # members shape the next meeting from their pages

    def invite(person: Person) -> Mail:
        return next(m for m in programme.book.to(person.email) if m.session_id == first)

    await programme.topic_from_page(invite(anna), propose="Jongeren betrekken bij beleid")
    await programme.topic_from_page(invite(chris), propose="Participatie en de gemeenteraad")
    await programme.topic_from_page(invite(bert), support=True)  # the first listed: Anna's
    fourth, fifth = meetings[3], meetings[4]
    await programme.cancel("ln-2027", fourth["session_id"], "De gastgemeente kan niet.")
    await wait_until(
        lambda: all(programme.book.cancels(a, fourth["session_id"]) for a in everyone), WAIT
    )
    for meeting in meetings[:3]:
        await programme.remind(meeting, everyone, Country.BE)
    agenda = pdf_text(programme.book.reminders(anna.email)[0])
    assert "Onderwerpen van de leden" in agenda, agenda
    jongeren = agenda.index(
        "Jongeren betrekken bij beleid (voorgesteld door Deelnemer LN 1; 2 leden"
    )
    assert jongeren < agenda.index("Participatie en de gemeenteraad (voorgesteld door Deelnemer")

    programme.smtp.stop()  # the mail server is down when the last reminder is due
    programme.set_now(reminder_due(fifth, Country.BE) + dt.timedelta(seconds=30))
    notifications = mongo[f"{namespace}samenspel_notifications"]["notifications"]

    async def tried(status: str) -> bool:
        return (
            0
            < len(everyone)
            <= await notifications.count_documents(
                {"status": status, "attempts": {"$gte": 1}, "planned.template": "session_reminder"}
            )
        )

    await wait_until_async(lambda: tried("pending"), timeout=WAIT)
    programme.set_now(dt.datetime.fromisoformat(fifth["starts_at"]) + dt.timedelta(minutes=5))
    programme.smtp.restart()
    await wait_until_async(lambda: tried("dropped"), timeout=30)

    book = programme.book
    book.check_invites_name_only_their_recipient()
    for address in everyone:
        assert len(book.reminders(address)) == 3  # none for the cancelled one, none too late
        assert [book.cancels(address, m["session_id"]) for m in meetings] == [0, 0, 0, 1, 0]
        assert all(book.requests(address, m["session_id"]) == [0] for m in meetings)
    roles = {TRAINER.email: "trainer"} | {p.email: "participant" for p in (anna, bert, chris)}
    report(programme, "lerend netwerk", roles)


async def test_e_learning_learners_hear_the_trainings_on_offer_and_trainers_are_invited(
    programme: Programme,
) -> None:
    programme.start(dt.datetime(2027, 8, 30, 10, 0, tzinfo=AMS))
    await programme.plan(
        {
            "cohort_id": "el-2027",
            "format": "e-learning",
            "title": "De 10 uitvoeringsstappen, 2027-2028",
            "start_date": "2027-09-06",
            "coaches": [TRAINER.contact()],
            "training_capacity": 2,
            "meeting_url": "https://teams.example.org/live-training",
        }
    )
    trainings = await programme.sessions("el-2027")
    assert len(trainings) >= 4
    anna, bert, chris = people("el", 3)
    for learner in (anna, chris):
        assert await programme.register("el-2027", learner) == "enrolled"
    await programme.register_by_event(
        "el-2027", bert, dt.datetime(2027, 8, 30, 8, 0, tzinfo=dt.UTC)
    )
    await programme.invited({TRAINER.email: {t["session_id"] for t in trainings}})
    learners = (anna, bert, chris)
    await wait_until(lambda: all(titled(programme, p, "Inschrijving") for p in learners), WAIT)
    for learner in learners:
        (enrolment,) = titled(programme, learner, "Inschrijving")
        assert enrolment.text.count("online training") >= len(trainings), enrolment.text

    # All three take the first training's two places at once, from their pages: two get one,
    # the third is offered the next training with a place and books it.
    first, second = trainings[0], trainings[1]
    path = "/training/el-2027"
    answers = await asyncio.gather(
        *(
            programme.page_form(
                titled(programme, p, "Inschrijving")[0], path, {"session_id": first["session_id"]}
            )
            for p in learners
        )
    )
    assert sorted(a.status_code for a in answers) == [303, 303, 409], answers
    (late,) = [p for p, a in zip(learners, answers, strict=True) if a.status_code == 409]
    (refused,) = [a for a in answers if a.status_code == 409]
    assert "De eerstvolgende training met een vrije plaats is op" in refused.text
    booked = await programme.page_form(
        titled(programme, late, "Inschrijving")[0], path, {"session_id": second["session_id"]}
    )
    assert booked.status_code == 303, booked.text
    in_first = {p.email for p in learners if p is not late}
    await programme.invited(
        {a: {first["session_id"]} for a in in_first} | {late.email: {second["session_id"]}}
    )
    await programme.remind(first, {TRAINER.email} | in_first, Country.NL)
    await programme.remind(second, {TRAINER.email, late.email}, Country.NL)
    programme.set_now(dt.datetime.fromisoformat(second["starts_at"]) + dt.timedelta(minutes=5))
    # half a year ahead again: the next training is planned and its trainer invited
    await wait_until(lambda: len(programme.book.invited_to(TRAINER.email)) > len(trainings), WAIT)

    book = programme.book
    book.check_invites_name_only_their_recipient()
    for learner in learners:  # the one training they booked, nothing else
        chosen = second if learner is late else first
        assert book.invited_to(learner.email) == {chosen["session_id"]}
        assert len(book.reminders(learner.email)) == 1
    assert len(book.reminders(TRAINER.email)) == 2
    assert all(book.requests(TRAINER.email, s) == [0] for s in book.invited_to(TRAINER.email))
    report(
        programme,
        "e-learning",
        {TRAINER.email: "trainer"} | {p.email: "participant" for p in learners},
    )


async def test_leercase_owners_experts_coaches_and_the_learners_on_each_case_are_invited(
    programme: Programme,
) -> None:
    """Also planning in consultation: the owner asks another date for step 2 and staff move it."""
    roles = await leercase_round(
        programme, cases=2, learners=4, consultation=True,
        before_reminders=lambda: a_learner_prepares_from_their_page(
            programme, PREPARING_LEARNER
        ),
    )  # fmt: skip
    the_briefing_reaches_the_case_coaches(programme, roles)
    report(programme, "leercase", roles)
    case_id = programme.case_ids[0]
    owner = "eigenaar1@gemeente.example"
    await write_and_release_the_draft(programme, case_id)
    form_url = await feedback_from_the_mail(programme, owner)
    coaches = {a for a, r in roles.items() if r == "coach"}
    await wait_until(  # the case's two coaches, one mail per submission
        lambda: sum(len(titled_to(programme, a, FEEDBACK)) for a in coaches) == 4, WAIT
    )
    await the_console_shows_it_in_full(programme, case_id)
    await an_expired_link_offers_a_fresh_one(programme, owner)
    await every_link_in_every_mail(programme)
    await the_owners_page_lists_the_letters(programme, owner)
    sessions = await programme.sessions("lc-2027")
    titles = dict(zip(programme.case_ids, CASE_TITLES, strict=False))
    case_of = {
        a["email"]: titles[s["case_id"]] for s in sessions if s["case_id"] for a in s["attendees"]
    }
    check_each_person_got_their_mails(programme, roles, case_of, STAFF.email)
    [feedback_session] = [
        s for s in sessions if s["case_id"] == case_id and s["name"].startswith("Feedback")
    ]
    starts = dt.datetime.fromisoformat(feedback_session["starts_at"])
    await the_form_closes_when_the_feedback_session_starts(programme, form_url, starts)
