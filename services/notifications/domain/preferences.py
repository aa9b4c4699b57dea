"""Recipients may switch off non-essential mail only; decisions, schedules, documents always go."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.routing import RoutingTable


class EssentialCategory(ValueError):
    """Someone tried to switch off a category that must always be delivered."""


class Preferences(BaseModel):
    """One address's choices: the categories it opted out of."""

    model_config = ConfigDict(frozen=True)

    address: str
    opted_out: frozenset[str] = Field(default_factory=frozenset)

    def opt_out(self, category: str, table: RoutingTable) -> Preferences:
        """Switch one category off; an essential category refuses."""
        if category in table.essential_categories():
            raise EssentialCategory(f"{category} is essential and cannot be switched off")
        if category not in table.categories():
            raise ValueError(f"unknown category: {category}")
        return self.model_copy(update={"opted_out": self.opted_out | {category}})

    def opt_in(self, category: str) -> Preferences:
        """Switch a category back on."""
        return self.model_copy(update={"opted_out": self.opted_out - {category}})


def may_send(notification: PlannedNotification, preferences: Preferences | None) -> bool:
    """Essential mail always goes; other mail unless its category was switched off."""
    if notification.essential or preferences is None:
        return True
    return notification.category not in preferences.opted_out
