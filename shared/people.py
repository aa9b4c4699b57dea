"""Stable, opaque person ids: every service derives the same id for the same person and role.

An id names a person's page and calendar links; it carries no personal data (a hash of the
natural key), so it may appear in URLs and logs.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

PERSON_ID = re.compile(r"[a-z-]+-[0-9a-f]{24}")


class PersonKind(StrEnum):
    """Why someone takes part; with the natural key it decides the person id."""

    OWNER = "owner"  # natural key: the case id
    CONTENT_EXPERT = "expert"  # natural key: the case id
    PARTICIPANT = "participant"  # natural key: the participant id
    COACH = "coach"  # natural key: the email address
    TRAINER = "trainer"  # natural key: the email address
    MENTOR = "mentor"  # natural key: the email address
    GUEST = "guest"  # natural key: the email address


def person_id(kind: PersonKind, natural_key: str) -> str:
    """`<kind>-<24 hex>`: the same person in the same role gets the same id in every service."""
    digest = hashlib.sha256(f"{kind.value}:{natural_key.strip().lower()}".encode()).hexdigest()
    return f"{kind.value}-{digest[:24]}"


def owner_id(case_id: str) -> str:
    """The case owner's person id."""
    return person_id(PersonKind.OWNER, case_id)


def content_expert_id(case_id: str) -> str:
    """The person id of the case's content expert (when the owner is not)."""
    return person_id(PersonKind.CONTENT_EXPERT, case_id)


def participant_id(participant: str) -> str:
    """A participant's person id, from the participant id the registration carried."""
    return person_id(PersonKind.PARTICIPANT, participant)


def coach_id(email: str) -> str:
    """A coach's person id (one page for all the coach's cases and cohorts)."""
    return person_id(PersonKind.COACH, email)
