"""The Case aggregate: one owner's submission, its screening, the staff decision, its history."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence

from pydantic import AwareDatetime, BaseModel, computed_field

from services.intake.domain.alternatives import AlternativeCatalogue, UnknownAlternative
from services.intake.domain.case_parts import Decision, Screening
from services.intake.domain.cohort_rules import CASE_FORMATS, cohort_for_case
from services.intake.domain.errors import DecisionRefused, InvalidTransition
from services.intake.domain.lifecycle import TRANSITIONS, CaseAction, CaseStatus, HistoryEntry
from services.intake.domain.localtime import local_date_in
from services.intake.domain.owner_link import OwnerLink
from services.intake.domain.screening import (
    ScreeningConfig,
    check_expertise,
    overall_verdict,
    screen_conditions,
)
from shared.contracts.base import Contact, EventData, Person, ProgrammeFormat
from shared.contracts.intake import (
    CaseAccepted,
    CaseDescription,
    CaseRejected,
    CaseScreened,
    CaseSubmitted,
    ConditionAnswers,
    ContentExpertNamed,
    Owner,
    Verdict,
)
from shared.contracts.scheduling import CohortInfo
from shared.people import content_expert_id, owner_id

SYSTEM_ACTOR = "intake"


class DuplicateHint(BaseModel):
    """The earlier case a submission looks like a repeat of."""

    case_id: str
    submitted_at: AwareDatetime


def address_key(email: str) -> str:
    """A stable key for one mailbox, blind to case and spacing (no address in an index)."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]


def duplicate_key(email: str, title: str) -> str:
    """A stable key for 'same owner, same case', blind to case and spacing."""
    text = f"{email.strip().casefold()}|{' '.join(title.split()).casefold()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Case(BaseModel):
    """Plain data with guarded methods; each method returns the events the change owes."""

    case_id: str
    external_ref: str | None = None
    submitted_at: AwareDatetime
    owner: Owner
    description: CaseDescription
    conditions: ConditionAnswers
    status: CaseStatus = CaseStatus.SUBMITTED
    screening: Screening | None = None
    decision: Decision | None = None
    owner_link: OwnerLink | None = None
    history: list[HistoryEntry]
    # Same owner email and title within a day: staff see it as a possible duplicate.
    possible_duplicate: DuplicateHint | None = None

    # Flat copies of nested facts, stored beside them so the staff list's indexes can reach them.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Verdict | None:
        """The overall screening verdict, once screened."""
        return None if self.screening is None else self.screening.overall

    @computed_field  # type: ignore[prop-decorator]
    @property
    def programme_format(self) -> ProgrammeFormat:
        """The programme format the owner prefers."""
        return self.description.preferred_format

    @computed_field  # type: ignore[prop-decorator]
    @property
    def decision_due(self) -> dt.date | None:
        """The day staff must have decided by, once screened."""
        return None if self.screening is None else self.screening.decision_due

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_token_hash(self) -> str | None:
        """The hash the owner's page is found by; gone once the link is revoked."""
        link = self.owner_link
        return link.token_hash if link is not None and link.revoked_at is None else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def revoked_owner_token_hash(self) -> str | None:
        """A revoked link's hash: its page says the link no longer works (410), not 'unknown'."""
        link = self.owner_link
        return link.token_hash if link is not None and link.revoked_at is not None else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_address_key(self) -> str:
        """The owner's address, normalised and hashed: how submissions per address are counted."""
        return address_key(self.owner.email)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_person_id(self) -> str:
        """The owner's person id, by which their personal page finds the case."""
        return owner_id(self.case_id)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def expert_person_id(self) -> str | None:
        """The content expert's person id, when the owner is not the expert."""
        return None if self.conditions.owner_is_content_expert else content_expert_id(self.case_id)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def duplicate_key(self) -> str:
        """Owner email and title, normalised and hashed: how a second submission is spotted."""
        return duplicate_key(self.owner.email, self.description.title)

    def content_expert(self) -> Person | None:
        """The content expert who attends every session, when the owner is not."""
        return None if self.conditions.owner_is_content_expert else self.conditions.content_expert

    def lacks_expert_email(self) -> bool:
        """The owner is not the expert and has not (yet) said how to reach one."""
        expert = self.content_expert()
        return not self.conditions.owner_is_content_expert and (
            expert is None or expert.email is None
        )

    @classmethod
    def from_submission(cls, event: CaseSubmitted, actor: str) -> Case:
        """A new case from `case.submitted`; `actor` names the channel (form, API, a system)."""
        entry = HistoryEntry(
            action=CaseAction.SUBMIT,
            actor=actor,
            at=event.submitted_at,
            from_status=None,
            to_status=CaseStatus.SUBMITTED,
        )
        return cls(
            case_id=event.case_id,
            external_ref=event.external_ref,
            submitted_at=event.submitted_at,
            owner=event.owner,
            description=event.case,
            conditions=event.conditions,
            history=[entry],
        )

    def _move(self, action: CaseAction, actor: str, at: dt.datetime, detail: str = "") -> None:
        allowed_from, target = TRANSITIONS[action]
        if self.status not in allowed_from:
            raise InvalidTransition(action, self.status)
        before = self.status
        self.status = target or before
        self.history.append(
            HistoryEntry(
                action=action,
                actor=actor,
                at=at,
                from_status=before,
                to_status=self.status,
                detail=detail,
            )
        )

    def _require(self, action: CaseAction) -> None:
        if self.status not in TRANSITIONS[action][0]:
            raise InvalidTransition(action, self.status)

    def _owner_contact(self) -> Contact:
        return Contact(name=self.owner.name, email=self.owner.email)

    def screen(
        self, config: ScreeningConfig, decision_due: dt.date, at: dt.datetime
    ) -> list[EventData]:
        """Check the five conditions; `decision_due` comes from the working-day calendar."""
        self._require(CaseAction.SCREEN)
        submitted_on = local_date_in(self.submitted_at, self.description.country)
        results = screen_conditions(self.description, self.conditions, submitted_on, config)
        overall = overall_verdict(results)
        self.screening = Screening(
            results=tuple(results), overall=overall, decision_due=decision_due, screened_at=at
        )
        self._move(CaseAction.SCREEN, SYSTEM_ACTOR, at, detail=f"Oordeel: {overall.value}")
        return [
            CaseScreened(
                case_id=self.case_id,
                case_title=self.description.title,
                screened_at=at,
                results=results,
                overall=overall,
                decision_due=decision_due,
                country=self.description.country,
            )
        ]

    def accept(
        self,
        cohort_id: str,
        cohorts: Mapping[str, CohortInfo],
        decided_by: str,
        at: dt.datetime,
        note: str = "",
        case_formats: frozenset[ProgrammeFormat] = CASE_FORMATS,
    ) -> list[EventData]:
        """Staff place the case in a cohort that is known, going ahead and works on cases."""
        self._require(CaseAction.ACCEPT)
        cohort = cohort_for_case(cohort_id, cohorts, at, case_formats)
        self.decision = Decision(
            outcome=CaseStatus.ACCEPTED,
            decided_by=decided_by,
            decided_at=at,
            cohort_id=cohort.cohort_id,
            note=note,
        )
        self._move(CaseAction.ACCEPT, decided_by, at, detail=f"Groep: {cohort.title}")
        expert = self.content_expert()
        return [
            CaseAccepted(
                case_id=self.case_id,
                case_title=self.description.title,
                cohort_id=cohort.cohort_id,
                format=cohort.format,
                country=cohort.country,
                owner=self._owner_contact(),
                content_expert=expert,
                consent_to_share=self.conditions.consent_to_share,
                coaches=list(cohort.coaches),
                cohort_title=cohort.title,
                cohort_start=cohort.start_date,
                decided_by=decided_by,
                decided_at=at,
                note=note,
            )
        ]

    def reject(
        self,
        reason: str,
        alternative_codes: Sequence[str],
        catalogue: AlternativeCatalogue,
        decided_by: str,
        at: dt.datetime,
    ) -> list[EventData]:
        """Staff turn the case down, always with a reason and at least one other route."""
        self._require(CaseAction.REJECT)
        reason = reason.strip()
        if not reason:
            raise DecisionRefused("reason", "Geef een reden voor de afwijzing.")
        if not alternative_codes:
            raise DecisionRefused("alternatives", "Kies minstens één alternatief.")
        try:
            alternatives = catalogue.pick(alternative_codes)
        except UnknownAlternative as exc:
            raise DecisionRefused("alternatives", str(exc)) from exc
        self.decision = Decision(
            outcome=CaseStatus.REJECTED,
            decided_by=decided_by,
            decided_at=at,
            reason=reason,
            alternatives=tuple(alternatives),
        )
        self._move(CaseAction.REJECT, decided_by, at, detail=reason)
        return [
            CaseRejected(
                case_id=self.case_id,
                case_title=self.description.title,
                owner=self._owner_contact(),
                reason=reason,
                alternatives=alternatives,
                decided_by=decided_by,
                decided_at=at,
            )
        ]

    def withdraw(self, actor: str, at: dt.datetime, reason: str = "") -> list[EventData]:
        """The owner or staff withdraw an undecided case (no contract event exists for it yet)."""
        self._move(CaseAction.WITHDRAW, actor, at, detail=reason.strip())
        return []

    def name_content_expert(
        self, expert: Person, actor: str, at: dt.datetime, config: ScreeningConfig
    ) -> list[EventData]:
        """The owner (or staff) say who the content expert is; screening looks again."""
        if not self.conditions.owner_is_content_expert and self.conditions.content_expert == expert:
            return []
        self._move(CaseAction.NAME_CONTENT_EXPERT, actor, at, detail=expert.name)
        self.conditions = self.conditions.model_copy(
            update={"owner_is_content_expert": False, "content_expert": expert}
        )
        if self.screening is not None:
            fresh = check_expertise(self.conditions, config)
            results = tuple(
                fresh if r.condition is fresh.condition else r for r in self.screening.results
            )
            self.screening = self.screening.model_copy(
                update={"results": results, "overall": overall_verdict(list(results))}
            )
        return [
            ContentExpertNamed(
                case_id=self.case_id,
                case_title=self.description.title,
                content_expert=expert,
                named_at=at,
            )
        ]

    def issue_owner_link(self, token_hash: str, at: dt.datetime) -> None:
        """Attach a (new) owner link; an earlier link stops working."""
        self._move(CaseAction.ISSUE_OWNER_LINK, SYSTEM_ACTOR, at)
        self.owner_link = OwnerLink(token_hash=token_hash, issued_at=at)

    def revoke_owner_link(self, actor: str, at: dt.datetime) -> None:
        """Make the owner's link worthless, e.g. after it was forwarded by mistake."""
        self._move(CaseAction.REVOKE_OWNER_LINK, actor, at)
        if self.owner_link is not None and self.owner_link.revoked_at is None:
            self.owner_link = self.owner_link.model_copy(update={"revoked_at": at})

    def owner_link_grants(self, token: str) -> bool:
        """True when `token` opens this case's owner page."""
        return self.owner_link is not None and self.owner_link.grants(token)
