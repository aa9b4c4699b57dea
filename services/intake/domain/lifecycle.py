"""The case's states, the actions that move it, and the history every move leaves behind."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict


class CaseStatus(StrEnum):
    """Where a case is between submission and decision."""

    SUBMITTED = "submitted"
    SCREENED = "screened"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class CaseAction(StrEnum):
    """What someone or something did to a case; transitions and audit-only actions alike."""

    SUBMIT = "submit"
    SCREEN = "screen"
    ACCEPT = "accept"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    ISSUE_OWNER_LINK = "issue_owner_link"
    REVOKE_OWNER_LINK = "revoke_owner_link"
    NAME_CONTENT_EXPERT = "name_content_expert"


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.SUBMITTED: "ingediend",
    CaseStatus.SCREENED: "gescreend",
    CaseStatus.ACCEPTED: "geaccepteerd",
    CaseStatus.REJECTED: "afgewezen",
    CaseStatus.WITHDRAWN: "ingetrokken",
}

ACTION_LABELS: dict[CaseAction, str] = {
    CaseAction.SUBMIT: "indienen",
    CaseAction.SCREEN: "screenen",
    CaseAction.ACCEPT: "accepteren",
    CaseAction.REJECT: "afwijzen",
    CaseAction.WITHDRAW: "intrekken",
    CaseAction.ISSUE_OWNER_LINK: "een eigenaarslink geven",
    CaseAction.REVOKE_OWNER_LINK: "de eigenaarslink intrekken",
    CaseAction.NAME_CONTENT_EXPERT: "een inhoudelijk deskundige geven",
}

_OPEN = frozenset({CaseStatus.SUBMITTED, CaseStatus.SCREENED})
_ANY = frozenset(CaseStatus)

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[CaseAction, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    CaseAction.SCREEN: (frozenset({CaseStatus.SUBMITTED}), CaseStatus.SCREENED),
    CaseAction.ACCEPT: (frozenset({CaseStatus.SCREENED}), CaseStatus.ACCEPTED),
    CaseAction.REJECT: (frozenset({CaseStatus.SCREENED}), CaseStatus.REJECTED),
    # After acceptance a trajectory exists; undoing it needs an event scheduling can act on.
    CaseAction.WITHDRAW: (_OPEN, CaseStatus.WITHDRAWN),
    CaseAction.ISSUE_OWNER_LINK: (_ANY, None),
    CaseAction.REVOKE_OWNER_LINK: (_ANY, None),
    CaseAction.NAME_CONTENT_EXPERT: (
        frozenset({CaseStatus.SUBMITTED, CaseStatus.SCREENED, CaseStatus.ACCEPTED}),
        None,
    ),
}


class HistoryEntry(BaseModel):
    """One line of the case's audit trail: what, who, when, and a detail staff can read."""

    model_config = ConfigDict(frozen=True)

    action: CaseAction
    actor: str
    at: AwareDatetime
    from_status: CaseStatus | None
    to_status: CaseStatus
    detail: str = ""
