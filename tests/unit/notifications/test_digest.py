"""The staff digest: what lands in it, when it is skipped, and how it reads."""

import datetime as dt
from typing import Any

import pytest

from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.digest import (
    DecisionItem,
    DeliverableItem,
    SubmissionItem,
    compose_digest,
    plan_digest,
)
from services.notifications.domain.planning import StaffMember

pytestmark = pytest.mark.unit

MONDAY = dt.date(2026, 4, 20)
AMS = dt.timezone(dt.timedelta(hours=2))
KINGS_DAY = dt.date(2026, 4, 27)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day != KINGS_DAY


def _decision(case_id: str, due: dt.date) -> DecisionItem:
    return DecisionItem(case_id=case_id, title=f"Casus {case_id}", decision_due=due)


def _compose(today: dt.date, **overrides: Any) -> Any:
    inputs: dict[str, Any] = {
        "new_submissions": [],
        "open_decisions": [],
        "overdue_deliverables": [],
    }
    inputs.update(overrides)
    return compose_digest(today, is_working_day=is_working_day, **inputs)


def test_decisions_are_split_into_overdue_and_due_within_two_working_days() -> None:
    digest = _compose(
        MONDAY,
        open_decisions=[
            _decision("late", dt.date(2026, 4, 17)),
            _decision("today", MONDAY),
            _decision("wednesday", dt.date(2026, 4, 22)),
            _decision("thursday", dt.date(2026, 4, 23)),
        ],
    )
    assert [d.case_id for d in digest.decisions_overdue] == ["late"]
    assert [d.case_id for d in digest.decisions_due_soon] == ["today", "wednesday"]


def test_weekends_and_holidays_do_not_count_as_working_days() -> None:
    friday = dt.date(2026, 4, 24)
    digest = _compose(friday, open_decisions=[_decision("tuesday", dt.date(2026, 4, 28))])
    assert [d.case_id for d in digest.decisions_due_soon] == ["tuesday"]  # Mon 27 is King's Day


def test_a_quiet_day_sends_no_digest() -> None:
    far = _decision("far", dt.date(2026, 5, 15))
    assert _compose(MONDAY, open_decisions=[far]) is None


def test_the_digest_reads_in_dutch() -> None:
    digest = _compose(
        MONDAY,
        new_submissions=[
            SubmissionItem(
                case_id="c-1",
                title="Klimaatplein",
                submitted_at=dt.datetime(2026, 4, 19, 16, 5, tzinfo=AMS),
            )
        ],
        open_decisions=[_decision("c-0", dt.date(2026, 4, 16))],
        overdue_deliverables=[
            DeliverableItem(
                case_id="c-9",
                kind="draft",
                due_at=dt.datetime(2026, 4, 17, 17, 0, tzinfo=AMS),
                title="Zonnepark De Hoek",
            )
        ],
    )
    (planned,) = plan_digest(MONDAY, [StaffMember(name="Ans", email="a@b.example", digest=True)])
    rendered = JinjaRenderer().render(
        "staff_digest",
        {
            "digest": digest,
            "recipient": planned.recipient,
            "links": {},
            "sender_name": "Bureau",
            "console": "https://intake.example.org",
        },
    )
    assert rendered.subject == (
        "Dagoverzicht maandag 20 april 2026: 1 nieuw, 1 besluiten, 1 te late opleveringen"
    )
    assert '"Klimaatplein", aangemeld op zondag 19 april 2026 om 16:05' in rendered.text
    assert "termijn was donderdag 16 april 2026" in rendered.text
    assert 'concept participatieaanpak voor "Zonnepark De Hoek"' in rendered.text
    # every case by its title, with its page in the console; no raw id as text
    assert "https://intake.example.org/medewerker/cases/c-9" in rendered.text
    assert "(c-1)" not in rendered.text and "casus c-9" not in rendered.text
    assert (
        'href="https://intake.example.org/medewerker/cases/c-1">Klimaatplein</a>' in rendered.html
    )
    assert "<h3>Nieuwe aanmeldingen</h3>" in rendered.html


def test_only_staff_who_chose_the_digest_get_it_once_per_day() -> None:
    staff = [
        StaffMember(name="Ans", email="ans@b.example", digest=True),
        StaffMember(name="Pieter", email="pieter@b.example"),
    ]
    first = plan_digest(MONDAY, staff)
    assert [p.recipient.address for p in first] == ["ans@b.example"]
    assert [p.key for p in plan_digest(MONDAY, staff)] == [p.key for p in first]
    assert plan_digest(MONDAY + dt.timedelta(days=1), staff)[0].key != first[0].key
