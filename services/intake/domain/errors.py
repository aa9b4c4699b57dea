"""Domain errors the HTTP layer maps to status codes: 409 for state, 422 for bad decisions."""

from __future__ import annotations

from services.intake.domain.lifecycle import ACTION_LABELS, STATUS_LABELS, CaseAction, CaseStatus


class InvalidTransition(Exception):
    """The case is not in a state that allows this action (HTTP 409 with the current state)."""

    def __init__(self, action: CaseAction, current: CaseStatus) -> None:
        self.action = action
        self.current = current
        super().__init__(
            f"U kunt deze case niet {ACTION_LABELS[action]}: "
            f"de status is nu ‘{STATUS_LABELS[current]}’."
        )


class DecisionRefused(Exception):
    """A staff decision lacks what it needs, e.g. a usable cohort or an alternative (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)
