"""What an owner submits, validated the same way for the web form and the JSON API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from shared.contracts.intake import CaseDescription, CaseSubmitted, ConditionAnswers, Owner

CONTENT_EXPERT_MISSING = "content_expert_missing"
CONTENT_EXPERT_ROLE_MISSING = "content_expert_role_missing"


class CaseSubmission(BaseModel):
    """A submission before intake gives it an id and a time; stricter than the event it becomes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    external_ref: str | None = Field(default=None, min_length=1, max_length=200)
    owner: Owner
    case: CaseDescription
    conditions: ConditionAnswers

    @field_validator("conditions")
    @classmethod
    def _expert_named_when_owner_is_not(cls, answers: ConditionAnswers) -> ConditionAnswers:
        """Condition 3 asks who the expert is (name and role) when the owner is not one."""
        if answers.owner_is_content_expert:
            return answers
        if answers.content_expert is None:
            raise PydanticCustomError(
                CONTENT_EXPERT_MISSING,
                "Vul de naam in van de inhoudelijk deskundige die bij alle sessies aanwezig is.",
            )
        if not answers.content_expert.role.strip():
            raise PydanticCustomError(
                CONTENT_EXPERT_ROLE_MISSING,
                "Vul de functie in van de inhoudelijk deskundige.",
            )
        return answers

    def to_event(self, case_id: str, submitted_at: dt.datetime) -> CaseSubmitted:
        """The `case.submitted` event this submission becomes once intake has accepted it."""
        return CaseSubmitted(
            case_id=case_id,
            external_ref=self.external_ref,
            submitted_at=submitted_at,
            owner=self.owner,
            case=self.case,
            conditions=self.conditions,
        )
