"""Errors the scheduling domain raises, with the reason staff will read."""

from __future__ import annotations


class PlanningError(Exception):
    """A plan or change that cannot be made; `reason` is Dutch and shown to staff as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidInput(Exception):
    """Input that breaks a rule; `errors` are (field, Dutch reason) pairs, answered with 422."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in errors))
        self.errors = errors
