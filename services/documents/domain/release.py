"""The release rule: a draft or final reaches the owner only when a coach (or staff) releases
it, and only if every required section says enough for the owner to act on."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import AwareDatetime

from services.documents.domain.approach import Approach, Delivery, DeliveryKind, deliver
from services.documents.domain.errors import NotACoach, NotReadyForRelease
from services.documents.domain.sections import SectionKey
from shared.contracts.base import Contact
from shared.people import coach_id

# Fewer letters than this is a placeholder ("x", "nog doen"), not a section an owner can read.
MIN_LETTERS = 20


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def section_problems(approach: Approach) -> dict[str, str]:
    """Every required section that is empty or too short, keyed by section key, in Dutch."""
    problems: dict[str, str] = {}
    for key in SectionKey:
        if not key.required:
            continue
        content = approach.content(key)
        if content is None or content.is_empty():
            problems[key.value] = f"{key.heading}: nog leeg"
            continue
        written = sum(_letters(line.split(":", 1)[-1]) for line in content.lines())
        if written < MIN_LETTERS:
            problems[key.value] = f"{key.heading}: te kort (minder dan {MIN_LETTERS} letters)"
    return problems


def coach_of(coaches: Iterable[Contact], person_id: str) -> Contact:
    """The coach of this case behind a page's person id; anyone else may not release."""
    for coach in coaches:
        if coach_id(str(coach.email)) == person_id:
            return coach
    raise NotACoach("alleen de coaches van deze case kunnen de participatieaanpak vrijgeven")


def release(
    approach: Approach, kind: DeliveryKind, released_at: AwareDatetime
) -> tuple[Approach, Delivery]:
    """Check completeness, then freeze the sections as the next delivered version."""
    problems = section_problems(approach)
    if problems:
        raise NotReadyForRelease(problems)
    return deliver(approach, kind, released_at)


def open_window(approach: Approach, kind: DeliveryKind) -> Approach:
    """The window of a draft or final opened: the coaches may release it from now on."""
    if kind in approach.windows_open:
        return approach
    return approach.model_copy(update={"windows_open": [*approach.windows_open, kind]})
