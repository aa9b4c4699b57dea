"""Enrolment in one cohort: places up to capacity, then a waitlist in arrival order."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, computed_field

from services.intake.domain.dutch_dates import format_date_nl
from services.intake.domain.early_withdrawals import (
    EarlyWithdrawal,
    forgotten,
    overtaken,
    remembered,
)
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.intervision import IntervisionGroup
from services.intake.domain.localtime import local_date
from services.intake.domain.round import Assignment, RoundCase, spread
from services.intake.domain.teams import (
    LearningQuestion,
    Team,
    TeamDraft,
    checked,
    next_team_id,
    question_text,
    revised,
)
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.intake import (
    InvoiceDetails,
    Participant,
    ParticipantAssigned,
    ParticipantEnrolled,
    ParticipantLeft,
    ParticipantRefused,
    ParticipantWaitlisted,
    TeamUpdated,
)
from shared.contracts.scheduling import CohortInfo
from shared.people import participant_id as person_of


class InvoiceRecord(BaseModel):
    """The invoice details a participant gave at registration (paid formats)."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    invoice: InvoiceDetails


class Enrolment(BaseModel):
    """The places of one cohort; each method returns the events the change owes."""

    cohort: CohortInfo
    enrolled: list[Participant] = []
    waitlist: list[Participant] = []
    invoices: list[InvoiceRecord] = []
    cases: list[RoundCase] = []
    assignments: list[Assignment] = []
    teams: list[Team] = []
    learning_questions: list[LearningQuestion] = []
    intervision_groups: list[IntervisionGroup] = []  # lerend netwerk (domain/intervision.py)
    early_withdrawals: list[EarlyWithdrawal] = []

    @classmethod
    def for_cohort(cls, cohort: CohortInfo) -> Enrolment:
        """An empty enrolment for a cohort scheduling has just planned."""
        return cls(cohort=cohort)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def start_date(self) -> dt.date:
        """Stored beside the cohort so upcoming cohorts are found by index."""
        return self.cohort.start_date

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cancelled(self) -> bool:
        """Stored beside the cohort so cohorts that go ahead are found by index."""
        return self.cohort.cancelled

    @computed_field  # type: ignore[prop-decorator]
    @property
    def person_ids(self) -> list[str]:
        """Person ids of everyone enrolled or waiting, so a person's page finds its cohorts."""
        return [person_of(p.participant_id) for p in (*self.enrolled, *self.waitlist)]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mentor_ids(self) -> list[str]:
        """Person ids of the mentors of its live teams, so a mentor's page finds their teams."""
        return [t.mentor_person_id for t in self.live_teams() if t.mentor_person_id]

    @property
    def cohort_id(self) -> str:
        return self.cohort.cohort_id

    def position(self, participant_id: str) -> int | None:
        """1-based place on the waitlist, or None when not waiting."""
        for index, waiting in enumerate(self.waitlist, start=1):
            if waiting.participant_id == participant_id:
                return index
        return None

    def is_enrolled(self, participant_id: str) -> bool:
        return any(p.participant_id == participant_id for p in self.enrolled)

    def is_enrolled_person(self, person_id: str) -> bool:
        """This person id holds a place (not only waits)."""
        return any(person_of(p.participant_id) == person_id for p in self.enrolled)

    def participant_by_person(self, person_id: str) -> Participant | None:
        """The enrolled or waiting participant behind a person id."""
        people = (*self.enrolled, *self.waitlist)
        return next((p for p in people if person_of(p.participant_id) == person_id), None)

    def invoice_of(self, participant_id: str) -> InvoiceDetails | None:
        return next((r.invoice for r in self.invoices if r.participant_id == participant_id), None)

    def assignment_of(self, participant_id: str) -> Assignment | None:
        return next((a for a in self.assignments if a.participant_id == participant_id), None)

    def case_title(self, case_id: str | None) -> str:
        return next((c.title for c in self.cases if c.case_id == case_id), "")

    def _has_room(self) -> bool:
        return not self.cohort.cancelled and len(self.enrolled) < self.cohort.capacity

    def last_registration_day(self) -> dt.date:
        """The deadline (open up to and including that day), or else the day before the start."""
        deadline = self.cohort.registration_deadline
        return deadline if deadline is not None else self.cohort.start_date - dt.timedelta(days=1)

    def _refusal_reason(self, at: dt.datetime) -> str | None:
        title = self.cohort.title
        if self.cohort.cancelled:
            return f"De groep ‘{title}’ gaat niet door."
        last_day = self.last_registration_day()
        if local_date(at, self.cohort.timezone) > last_day:
            return (
                f"De inschrijving voor ‘{title}’ is gesloten: inschrijven kon tot en met "
                f"{format_date_nl(last_day)}."
            )
        return None

    def register(
        self,
        participant: Participant,
        at: dt.datetime,
        invoice: InvoiceDetails | None = None,
        registered_at: dt.datetime | None = None,
    ) -> list[EventData]:
        """Enrol if there is room, else waitlist; the same person twice changes nothing, nor
        does a registration that a withdrawal arrived before (and after) it."""
        pid = participant.participant_id
        if self.is_enrolled(pid) or self.position(pid) is not None:
            return []
        if overtaken(self.early_withdrawals, pid, registered_at or at):
            return []
        self.early_withdrawals = forgotten(self.early_withdrawals, pid)
        reason = self._refusal_reason(at)
        if reason is not None:
            return [
                ParticipantRefused(
                    cohort_id=self.cohort_id, participant=participant, reason=reason, refused_at=at
                )
            ]
        if invoice is not None:
            self.invoices = [
                *(r for r in self.invoices if r.participant_id != pid),
                InvoiceRecord(participant_id=pid, invoice=invoice),
            ]
        if self._has_room() and not self.waitlist:
            self.enrolled.append(participant)
            enrolled = ParticipantEnrolled(
                cohort_id=self.cohort_id, participant=participant, enrolled_at=at
            )
            return [enrolled, *self._respread(at, rebalance=False)]
        self.waitlist.append(participant)
        return [
            ParticipantWaitlisted(
                cohort_id=self.cohort_id,
                participant=participant,
                position=len(self.waitlist),
                waitlisted_at=at,
            )
        ]

    def withdraw(
        self,
        participant_id: str,
        at: dt.datetime,
        reason: str = "",
        withdrawn_at: dt.datetime | None = None,
    ) -> list[EventData]:
        """Give up a place or a waitlist spot; a freed place goes to the first in line.
        A withdrawal of someone not (yet) registered is remembered for the late registration.

        Nobody else moves case: a learner's invites never change because someone else came
        or left; only a newly accepted case evens the round out again.
        """
        if not self.is_enrolled(participant_id) and self.position(participant_id) is None:
            when = withdrawn_at or at
            self.early_withdrawals = remembered(self.early_withdrawals, participant_id, when)
            return []
        leaving = [p for p in self.enrolled if p.participant_id == participant_id]
        self.enrolled = [p for p in self.enrolled if p.participant_id != participant_id]
        self.waitlist = [p for p in self.waitlist if p.participant_id != participant_id]
        if not leaving:
            return []
        if self.assignment_of(participant_id) is not None:
            self._set(participant_id, None, by_staff=False, team_id=None)
        left = ParticipantLeft(
            cohort_id=self.cohort_id, participant=leaving[0], left_at=at, reason=reason
        )
        return [left, *self._promote(at)]

    def update_cohort(self, cohort: CohortInfo, at: dt.datetime) -> list[EventData]:
        """Take scheduling's latest view of the cohort; added capacity goes to the waitlist."""
        if cohort.cohort_id != self.cohort_id:
            raise ValueError(f"update for cohort {cohort.cohort_id} sent to {self.cohort_id}")
        if cohort.version < self.cohort.version:
            return []  # a stale update overtaken by a newer one (design.md, "Order")
        self.cohort = cohort
        return self._promote(at)

    def _promote(self, at: dt.datetime) -> list[EventData]:
        events: list[EventData] = []
        while self.waitlist and self._has_room():
            promoted = self.waitlist.pop(0)
            self.enrolled.append(promoted)
            events.append(
                ParticipantEnrolled(
                    cohort_id=self.cohort_id,
                    participant=promoted,
                    enrolled_at=at,
                    promoted_from_waitlist=True,
                )
            )
        return [*events, *self._respread(at, rebalance=False)] if events else []

    # The leercase round: learners on cases (other formats work in teams, issue 14).
    def add_case(self, case_id: str, title: str, at: dt.datetime) -> list[EventData]:
        """A case accepted into this round; learners staff did not place even out over it."""
        if any(c.case_id == case_id for c in self.cases):
            return []
        self.cases = [*self.cases, RoundCase(case_id=case_id, title=title)]
        return self._respread(at)

    def assign(self, participant_id: str, case_id: str | None, at: dt.datetime) -> list[EventData]:
        """Staff put a learner on a case (or on none): pinned until staff move them again."""
        learner = next((p for p in self.enrolled if p.participant_id == participant_id), None)
        if learner is None:
            raise DecisionRefused("participant_id", "Deze deelnemer is niet ingeschreven.")
        if case_id is not None and not any(c.case_id == case_id for c in self.cases):
            raise DecisionRefused("case_id", "Deze case hoort niet bij deze groep.")
        current = self.assignment_of(participant_id)
        if current is not None and current.case_id == case_id and current.by_staff:
            return []
        return [self._assigned(learner, self._set(participant_id, case_id, by_staff=True), at)]

    def _respread(self, at: dt.datetime, *, rebalance: bool = True) -> list[EventData]:
        if self.cohort.format is not ProgrammeFormat.LEERCASE or not self.cases:
            return []
        ids = [p.participant_id for p in self.enrolled]
        placed = {a.participant_id: a.case_id for a in self.assignments}
        pinned = frozenset(a.participant_id for a in self.assignments if a.by_staff)
        target = spread(self.cases, ids, placed, pinned, rebalance=rebalance)
        events: list[EventData] = []
        for learner in self.enrolled:
            pid = learner.participant_id
            current = self.assignment_of(pid)
            if target.get(pid) != (None if current is None else current.case_id):
                assignment = self._set(pid, target.get(pid), by_staff=False)
                events.append(self._assigned(learner, assignment, at))
        return events

    def _set(
        self,
        participant_id: str,
        case_id: str | None,
        *,
        by_staff: bool,
        team_id: str | bool | None = True,
    ) -> Assignment:
        """A new revision of the learner's place; `team_id=True` keeps their team."""
        current = self.assignment_of(participant_id)
        revision = (current.revision if current else 0) + 1
        team = (current.team_id if current else None) if team_id is True else team_id
        assignment = Assignment(
            participant_id=participant_id,
            case_id=case_id,
            team_id=team if isinstance(team, str) else None,
            revision=revision,
            by_staff=by_staff,
        )
        others = [a for a in self.assignments if a.participant_id != participant_id]
        self.assignments = [*others, assignment]
        return assignment

    def _assigned(
        self, learner: Participant, assignment: Assignment, at: dt.datetime, left_team: str = ""
    ) -> ParticipantAssigned:
        return ParticipantAssigned(
            cohort_id=self.cohort_id,
            participant=learner,
            case_id=assignment.case_id,
            case_title=self.case_title(assignment.case_id),
            team_id=assignment.team_id,
            team_name=team.name if (team := self.team(assignment.team_id)) else left_team,
            revision=assignment.revision,
            assigned_at=at,
        )

    # The leergang's teams (domain/teams.py) and each participant's learning question.
    def live_teams(self) -> list[Team]:
        return [t for t in self.teams if not t.dissolved]

    def team(self, team_id: str | None) -> Team | None:
        return next((t for t in self.live_teams() if t.team_id == team_id), None)

    def team_members(self, team_id: str) -> list[Participant]:
        """The enrolled participants in this team, in enrolment order."""
        return [
            p
            for p in self.enrolled
            if (a := self.assignment_of(p.participant_id)) is not None and a.team_id == team_id
        ]

    def team_of(self, participant_id: str) -> Team | None:
        assignment = self.assignment_of(participant_id)
        return self.team(assignment.team_id) if assignment is not None else None

    def save_team(self, draft: TeamDraft, at: dt.datetime) -> tuple[str, list[EventData]]:
        """Form or change a team: its members move into it, those left out move out."""
        if self.cohort.format is not ProgrammeFormat.LEERGANG:
            raise DecisionRefused("team", "Alleen in een leergang werken deelnemers in teams.")
        current = checked(draft, self.teams, [p.participant_id for p in self.enrolled])
        team_id = current.team_id if current else next_team_id(self.teams)
        events: list[EventData] = []
        team = revised(draft, current, team_id)
        if team is not None:
            self.teams = [*(t for t in self.teams if t.team_id != team_id), team]
            events.append(self._team_updated(team, at))
        for learner in self.enrolled:
            pid = learner.participant_id
            now_in = self.team_of(pid)
            wanted = team_id if pid in draft.members else None
            was_here = now_in is not None and now_in.team_id == team_id
            if (pid in draft.members and not was_here) or (was_here and wanted is None):
                assignment = self.assignment_of(pid)
                case_id = assignment.case_id if assignment else None
                by_staff = assignment.by_staff if assignment else False
                moved = self._set(pid, case_id, by_staff=by_staff, team_id=wanted)
                left = now_in.name if now_in is not None and wanted is None else ""
                events.append(self._assigned(learner, moved, at, left_team=left))
        return team_id, events

    def _team_updated(self, team: Team, at: dt.datetime) -> TeamUpdated:
        return TeamUpdated(
            cohort_id=self.cohort_id,
            cohort_title=self.cohort.title,
            team_id=team.team_id,
            name=team.name,
            mentor=team.mentor,
            practice_case=team.practice_case,
            dissolved=team.dissolved,
            revision=team.revision,
            updated_at=at,
        )

    def learning_question(self, participant_id: str) -> str:
        found = (q for q in self.learning_questions if q.participant_id == participant_id)
        return next((q.text for q in found), "")

    def record_learning_question(self, participant_id: str, text: str, at: dt.datetime) -> None:
        """The participant's own learning question (kept here; nobody else needs an event)."""
        if not self.is_enrolled(participant_id):
            raise DecisionRefused("participant_id", "Deze deelnemer is niet ingeschreven.")
        question = LearningQuestion(
            participant_id=participant_id, text=question_text(text), recorded_at=at
        )
        others = [q for q in self.learning_questions if q.participant_id != participant_id]
        self.learning_questions = [*others, question]
