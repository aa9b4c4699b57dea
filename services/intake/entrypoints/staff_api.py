"""The staff API: list and read cases, decide on them, manage owner links, register participants."""

# No `from __future__ import annotations`: FastAPI must see the local dependency aliases.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from services.intake.domain.case import Case
from services.intake.domain.case_list import CaseListQuery
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.localtime import local_date_in
from services.intake.service_layer import decisions, enrolments
from services.intake.service_layer.context import Intake
from services.intake.service_layer.people import revoke_person_links
from shared.contracts.base import Country
from shared.contracts.intake import Alternative, InvoiceDetails, Participant
from shared.people import PERSON_ID
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission, StaffMember


class AcceptBody(BaseModel):
    """Accept into a cohort that scheduling planned."""

    cohort_id: str = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=2_000)


class RejectBody(BaseModel):
    """A reason the owner can read, and at least one alternative code from the configured list."""

    reason: str = Field(min_length=1, max_length=4_000)
    alternatives: list[str] = Field(min_length=1)


class RegistrationBody(Participant):
    """The participant, and for a paid programme the invoice details."""

    invoice: InvoiceDetails | None = None


class WithdrawBody(BaseModel):
    """Who gives up their place or waitlist spot."""

    participant_id: str = Field(min_length=1, max_length=200)


INVOICE_NEEDED = (
    "Voor dit programma betaalt u een deelnamebijdrage: vul de factuurgegevens in "
    "(organisatie, factuuradres en zo nodig het inkoopordernummer)."
)


def summary(case: Case, intake: Intake) -> dict[str, Any]:
    """One row of the staff list."""
    today = local_date_in(intake.now(), case.description.country)
    due = case.decision_due
    return {
        "case_id": case.case_id,
        "title": case.description.title,
        "organisation": case.owner.organisation,
        "status": case.status,
        "verdict": case.verdict,
        "programme_format": case.programme_format,
        "submitted_at": case.submitted_at,
        "decision_due": due,
        "overdue": case.status == "screened" and due is not None and due < today,
    }


def detail(case: Case, intake: Intake) -> dict[str, Any]:
    """The whole case with its history; of the owner link only whether it works, never its hash."""
    body = case.model_dump(mode="json", exclude={"owner_link", "owner_token_hash"})
    link = case.owner_link
    body["owner_link"] = (
        None
        if link is None
        else {
            "issued_at": link.issued_at,
            "revoked_at": link.revoked_at,
            "active": link.revoked_at is None,
        }
    )
    body["overdue"] = summary(case, intake)["overdue"]
    return body


def staff_router(intake: Intake, access: StaffAccess) -> APIRouter:
    """Routes bound to this process's use cases and configured tokens."""
    router = APIRouter(prefix="/api", tags=["staff"])
    Reader = Annotated[StaffMember, Depends(access.require(Permission.READ))]  # noqa: N806
    Decider = Annotated[StaffMember, Depends(access.require(Permission.DECIDE))]  # noqa: N806
    Registrar = Annotated[StaffMember, Depends(access.require(Permission.REGISTER))]  # noqa: N806

    @router.get("/cases")
    async def list_cases(_: Reader, query: Annotated[CaseListQuery, Query()]) -> dict[str, Any]:
        """Filter by status, verdict, format or overdue; sort; page."""
        today = local_date_in(intake.now(), Country.NL)
        cases, total = await intake.cases.listed(query, today)
        return {
            "items": [summary(case, intake) for case in cases],
            "total": total,
            "page": query.page,
            "page_size": query.page_size,
        }

    @router.get("/cases/{case_id}")
    async def get_case(case_id: str, _: Reader) -> dict[str, Any]:
        stored = await intake.cases.get(case_id)
        if stored is None:
            raise decisions.CaseNotFound(case_id)
        return detail(stored.state, intake)

    @router.post("/cases/{case_id}/accept")
    async def accept(case_id: str, body: AcceptBody, who: Decider) -> dict[str, Any]:
        case = await decisions.accept_case(case_id, body.cohort_id, body.note, who.name, intake)
        return detail(case, intake)

    @router.post("/cases/{case_id}/reject")
    async def reject(case_id: str, body: RejectBody, who: Decider) -> dict[str, Any]:
        case = await decisions.reject_case(
            case_id, body.reason, body.alternatives, who.name, intake
        )
        return detail(case, intake)

    @router.post("/cases/{case_id}/owner-link/revoke")
    async def revoke(case_id: str, who: Decider) -> dict[str, Any]:
        return detail(await decisions.revoke_owner_link(case_id, who.name, intake), intake)

    @router.post("/cases/{case_id}/owner-link")
    async def reissue(case_id: str, _: Decider) -> dict[str, str]:
        """A new link to pass on to the owner; the previous one stops working."""
        token = await decisions.issue_owner_link(case_id, intake)
        return {"owner_link": intake.owner_url(token)}

    @router.post("/people/{person_id}/links/revoke", status_code=204)
    async def revoke_person(person_id: str, _: Decider) -> None:
        """End every link of one person (a participant, a coach): a forwarded mail, a lost phone."""
        if not PERSON_ID.fullmatch(person_id):
            raise HTTPException(422, [{"field": "person_id", "reason": "geen geldige persoon"}])
        await revoke_person_links(person_id, intake)

    @router.get("/alternatives")
    async def alternatives(_: Reader) -> list[Alternative]:
        return list(intake.alternatives.alternatives)

    @router.post("/cohorts/{cohort_id}/registrations")
    async def registrations(cohort_id: str, body: RegistrationBody, _: Registrar) -> dict[str, Any]:
        """Enrol, waitlist or refuse; a paid programme (fee set) needs the invoice details."""
        stored = await intake.cohorts.get(cohort_id)
        if stored is None:
            raise enrolments.UnknownCohort(cohort_id)
        if stored.state.cohort.fee_eur_cents and body.invoice is None:
            raise DecisionRefused("invoice", INVOICE_NEEDED)
        participant = Participant.model_validate(body.model_dump(exclude={"invoice"}))
        result = await enrolments.register(cohort_id, participant, intake, invoice=body.invoice)
        return {"outcome": result.outcome, "position": result.position, "reason": result.reason}

    @router.post("/cohorts/{cohort_id}/withdrawals", status_code=204)
    async def withdrawals(cohort_id: str, body: WithdrawBody, _: Registrar) -> None:
        await enrolments.withdraw(cohort_id, body.participant_id, intake)

    return router
