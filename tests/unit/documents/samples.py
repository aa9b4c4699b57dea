"""A realistic case for tests and the benchmark: a solar meadow, fully worked out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.documents.domain.approach import Approach, apply_edit
from services.documents.domain.content import (
    BudgetLine,
    Conversation,
    Conversations,
    ExecutionNotes,
    Interpretation,
    Milestone,
    ParticipationQuestion,
    Planning,
    RoleHolder,
    Roles,
    SectionContent,
    Stakeholder,
    Stakeholders,
    StepNote,
    TimeAndMoney,
)
from services.documents.domain.influence import InfluenceLevel
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.scheduling import (
    DeliverableInfo,
    DeliverableKind,
    SessionInfo,
    TrajectoryScheduled,
)

AMS = ZoneInfo("Europe/Amsterdam")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
OWNER = Contact(name="Fatima el Amrani", email="f.elamrani@example.nl")


class _Suffix:
    """Appends `text` to a field; `{n}` in it numbers the fields, so each one is unique."""

    def __init__(self, text: str) -> None:
        self.text, self.n = text, 0

    def __radd__(self, other: str) -> str:
        self.n += 1
        return other + self.text.replace("{n}", f"{self.n:02d}")


def full_sections(text: str = "") -> list[SectionContent]:
    """Every section filled in; `text` is appended to every free-text field."""
    t = _Suffix(text)
    return [
        ParticipationQuestion(
            question="Hoe richten we de zonneweide aan de Molenweg zo in dat omwonenden er"
            " ook van profiteren?" + t,
            issue="De gemeente wil in 2030 energieneutraal zijn; de weide raakt het uitzicht"
            " van veertig huishoudens." + t,
            goal="Een gedragen inrichtingsplan voor de zomer." + t,
        ),
        Stakeholders(
            items=[
                Stakeholder(
                    name="Omwonenden Molenweg" + t,
                    public_group=True,
                    influence=InfluenceLevel.CO_PRODUCE,
                    reach="Huis-aan-huisbrief en een keukentafelgesprek" + t,
                    interest="Uitzicht en geluid" + t,
                ),
                Stakeholder(
                    name="Energiecoöperatie De Wieken" + t,
                    influence=InfluenceLevel.CO_DECIDE,
                    reach="Via het bestuur" + t,
                ),
                Stakeholder(
                    name="Inwoners van de gemeente" + t,
                    public_group=True,
                    influence=InfluenceLevel.INFORM,
                    reach="Gemeentepagina en sociale media" + t,
                ),
            ]
        ),
        Conversations(
            items=[
                Conversation(
                    title="Buurtavond in het dorpshuis" + t,
                    programme="19:30 ontvangst, 19:45 toelichting, 20:00 tafelgesprekken" + t,
                    talking_piece="Drie inrichtingsschetsen op A1" + t,
                    working_form="Tafelgesprekken met een gespreksleider per tafel" + t,
                    division_of_tasks="Projectleider leidt, twee collega's notuleren" + t,
                )
            ]
        ),
        Planning(
            items=[
                Milestone(period="april 2026" + t, activity="Uitnodigingen versturen" + t),
                Milestone(period="mei 2026" + t, activity="Buurtavond" + t),
                Milestone(period="juni 2026" + t, activity="Terugkoppeling aan de buurt" + t),
            ]
        ),
        TimeAndMoney(
            time_needed="Ongeveer 120 uur voor projectleider en communicatie" + t,
            budget=[
                BudgetLine(item="Zaalhuur en catering" + t, amount_eur_cents=85_000),
                BudgetLine(item="Drukwerk" + t, amount_eur_cents=42_050),
            ],
            approved_by="Wethouder duurzaamheid" + t,
        ),
        Roles(
            content_owner=RoleHolder(name="Fatima el Amrani" + t, task="beleidsadviseur" + t),
            process_owner=RoleHolder(name="Joost de Vries" + t, task="participatieadviseur" + t),
            others=[RoleHolder(name="Sanne Bakker" + t, task="communicatie" + t)],
        ),
        Interpretation(
            interpretation="De projectgroep weegt de opbrengst tegen de participatievraag" + t,
            feedback_to_participants="Binnen vier weken een brief met wat we wel en niet"
            " overnemen, en waarom" + t,
        ),
        ExecutionNotes(notes=[StepNote(step=4, note="Uitnodiging via de dorpsraad" + t)]),
    ]


def full_approach(text: str = "", title: str = "Zonneweide Molenweg") -> Approach:
    approach = Approach(case_id="case-001", case_title=title)
    for i, content in enumerate(full_sections(text)):
        approach = apply_edit(approach, content, 0, "deelnemer", T0 + dt.timedelta(minutes=i))
    return approach


def trajectory(case_id: str = "case-001") -> TrajectoryScheduled:
    """The seed's 8 weeks from Monday 9 March 2026, 14:00 Amsterdam time."""
    start = dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS)
    weeks = {1: "Startsessie", 2: "Verhelderingssessie", 3: "Relevant Gesprek-sessie"}
    weeks_at = {1: 0, 2: 1, 3: 2, 5: 6}
    names = {**weeks, 5: "Feedbacksessie"}
    sessions = [
        SessionInfo(
            session_id=f"s{step}",
            step=step,
            name=names[step],
            starts_at=start + dt.timedelta(weeks=week),
            ends_at=start + dt.timedelta(weeks=week, hours=2),
            timezone="Europe/Amsterdam",
        )
        for step, week in weeks_at.items()
    ]
    return TrajectoryScheduled(
        case_id=case_id,
        cohort_id="lc-2026-1",
        format=ProgrammeFormat.LEERCASE,
        timezone="Europe/Amsterdam",
        owner=OWNER,
        coaches=[
            Contact(name="Anke Jansen", email="anke@example.nl"),
            Contact(name="Pieter Smit", email="pieter@example.nl"),
        ],
        sessions=sessions,
        deliverables=[
            DeliverableInfo(
                kind=DeliverableKind.DRAFT,
                opens_at=start + dt.timedelta(weeks=4),
                due_at=start + dt.timedelta(weeks=5, days=4),
            ),
            DeliverableInfo(
                kind=DeliverableKind.FINAL,
                opens_at=start + dt.timedelta(weeks=7),
                due_at=start + dt.timedelta(weeks=7, days=4),
            ),
        ],
    )
