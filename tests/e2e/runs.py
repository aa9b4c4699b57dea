"""Whole programme runs the e2e tests and the mail-count measurement share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from shared.contracts.base import Country
from tests.e2e.mailbook import Mail
from tests.e2e.programme import WAIT, Person, Programme, people, reminder_due
from tests.support.waiting import wait_until, wait_until_async

AMS = ZoneInfo("Europe/Amsterdam")
TRAINER = Person("trainer", "Tineke Trainer", "tineke@samenspel.example")
CASE_TITLES = (
    "Zonneweide Hoge Veld",
    "Speelnatuur De Wijk",
    "Wijkvernieuwing Oost",
    "Dijkversterking",
)


async def leercase_round(
    programme: Programme,
    *,
    cases: int,
    learners: int,
    consultation: bool = False,
    before_reminders: Callable[[], Awaitable[None]] | None = None,
) -> dict[str, str]:
    """A round with its cases accepted and learners spread: everyone's invites and reminders.

    The first case's owner names a content expert; the other owners are the expert themselves.
    With `consultation`, the first case's owner asks for another date for step 2 from their
    page and staff move it there (every invitee of it gets one update). Returns each address's
    role.
    """
    start = dt.datetime(2027, 8, 30, 10, 0, tzinfo=AMS)
    programme.start(start)
    coaches = [
        Person(f"coach-{n}", f"Coach {n}", f"coach{n}@samenspel.example")
        for n in range(1, 2 * cases + 1)
    ]
    await programme.plan(
        {
            "cohort_id": "lc-2027",
            "format": "leercase",
            "title": "Leercase Challenge najaar 2027",
            "start_date": "2027-09-06",
            "coaches": [c.contact() for c in coaches],
            "meeting_url": "https://teams.example.org/leercase",
        }
    )
    owners = [
        Person(f"owner-{n}", f"Eigenaar {n}", f"eigenaar{n}@gemeente.example")
        for n in range(1, cases + 1)
    ]
    expert = Person("expert-1", "Bram Deskundige", "bram@gemeente.example")
    case_ids = [
        await programme.accept_case("lc-2027", owner, CASE_TITLES[n], expert if n == 0 else None)
        for n, owner in enumerate(owners)
    ]
    everyone = people("lc", learners)
    for learner in everyone[:-1]:
        assert await programme.register("lc-2027", learner) == "enrolled"
    await programme.register_by_event("lc-2027", everyone[-1], start)
    on_case = await programme.assignments("lc-2027", learners)
    spread = [list(on_case.values()).count(c) for c in case_ids]
    assert max(spread) - min(spread) <= 1, spread  # spread evenly
    sessions: list[dict[str, Any]] = []

    async def planned() -> bool:  # every case's trajectory (scheduling may still be planning)
        sessions[:] = await programme.sessions("lc-2027")
        return all(sum(s["case_id"] == c for s in sessions) == 4 for c in case_ids)

    await wait_until_async(planned, timeout=WAIT)
    by_case = {c: [s for s in sessions if s["case_id"] == c] for c in case_ids}
    expected: dict[str, set[str]] = {}
    roles = {expert.email: "content_expert"} | {o.email: "owner" for o in owners}
    for case_id, owner in zip(case_ids, owners, strict=True):
        ids = {s["session_id"] for s in by_case[case_id]}
        case_coaches = {
            a["email"] for a in by_case[case_id][0]["attendees"] if a["role"] == "coach"
        }
        assert len(case_coaches) == 2
        roles |= {c: "coach" for c in case_coaches}
        team = {owner.email, *case_coaches} | {
            p.email for p in everyone if on_case[p.pid] == case_id
        }
        if case_id == case_ids[0]:
            team.add(expert.email)
        for address in team:
            expected[address] = ids
    roles |= {p.email: "participant" for p in everyone}
    await programme.invited(expected, timeout=3 * WAIT)
    updated: set[str] = set()
    if consultation:
        first = by_case[case_ids[0]]
        updated.add(await consult_on_step_2(programme, case_ids[0], owners[0], expert, first))
        sessions = await programme.sessions("lc-2027")  # step 2 moved: its reminder too

    if before_reminders is not None:  # e.g. a learner's preparation, for the briefing
        await before_reminders()
    due_times = sorted({reminder_due(s, Country.NL) for s in sessions})
    for due in due_times:
        at_due = [s for s in sessions if reminder_due(s, Country.NL) == due]
        addresses = {a for a, ids in expected.items() if ids & {s["session_id"] for s in at_due}}
        await programme.remind(at_due[0], addresses, Country.NL)

    book = programme.book
    book.check_invites_name_only_their_recipient()
    for address, ids in expected.items():
        assert book.invited_to(address) == ids, address  # only their own case's sessions
        seen = {s: book.requests(address, s) for s in ids}
        wanted = {s: [0, 1] if s in updated else [0] for s in ids}
        assert seen == wanted, (roles[address], seen)
        assert len(book.reminders(address)) == 4
    return roles


async def consult_on_step_2(
    programme: Programme,
    case_id: str,
    owner: Person,
    expert: Person,
    case_sessions: list[dict[str, Any]],
) -> str:
    """Tentative invites; the owner asks another date, the expert says it fits; staff move it.

    Every invitee gets exactly one update (SEQUENCE 1, STATUS:CONFIRMED, the new time) and
    the open question is gone. Returns the session's id.
    """
    step2 = next(s for s in case_sessions if s["step"] == 2)
    sid = step2["session_id"]
    invitees = {a["email"] for a in step2["attendees"]}
    book = programme.book
    assert all(book.statuses(a, sid) == ["TENTATIVE"] for a in invitees)

    def invite_to(person: Person) -> Mail:
        return next(
            m for m in book.to(person.email) if m.method == "REQUEST" and m.session_id == sid
        )

    reason = "Dan ben ik op werkbezoek; de dinsdag erna past wel."
    await programme.answer_date_from_page(invite_to(owner), sid, fits=False, reason=reason)
    await programme.answer_date_from_page(invite_to(expert), sid, fits=True)
    answers = (await programme.date_answers(case_id))[sid]
    assert sorted((a["role"], a["answer"], a["reason"]) for a in answers) == [
        ("content_expert", "fits", ""),
        ("owner", "other_date", reason),
    ]
    asked = dt.datetime.fromisoformat(step2["starts_at"]).astimezone(AMS) + dt.timedelta(days=1)
    await programme.move_case_session(case_id, sid, asked, "Op verzoek van de case-eigenaar.")
    await wait_until(lambda: all(book.requests(a, sid) == [0, 1] for a in invitees), WAIT)
    assert all(book.statuses(a, sid) == ["TENTATIVE", "CONFIRMED"] for a in invitees)
    assert (await programme.date_answers(case_id))[sid] == []  # no open question left
    return str(sid)


async def leergang_run(programme: Programme, *, learners: int) -> dict[str, str]:
    """A leergang with `learners` enrolled by API, lived through its four days."""
    programme.start(dt.datetime(2027, 8, 2, 10, 0, tzinfo=AMS))
    await programme.plan(
        {
            "cohort_id": "lg-2027",
            "format": "leergang",
            "title": "Samenspel met lef, najaar 2027",
            "start_date": "2027-09-09",
            "coaches": [TRAINER.contact()],
            "location": "Stadskantoor Utrecht",
        }
    )
    everyone = people("lg", learners)
    for person in everyone:
        assert await programme.register("lg-2027", person) == "enrolled"
    days = await programme.sessions("lg-2027")
    addresses = {TRAINER.email} | {p.email for p in everyone}
    await programme.invited(
        {a: {d["session_id"] for d in days} for a in addresses}, timeout=3 * WAIT
    )
    for day in days:
        await programme.remind(day, addresses, Country.NL)
    book = programme.book
    book.check_invites_name_only_their_recipient()
    for address in addresses:
        assert all(book.requests(address, d["session_id"]) == [0] for d in days)
        assert len(book.reminders(address)) == 4
    return {TRAINER.email: "trainer"} | {p.email: "participant" for p in everyone}
