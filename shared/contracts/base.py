"""Building blocks every event payload shares: the base class, people, enumerations."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.types import EmailAddress, Name, Title

SPEC_PREFIX = "nl.samenspel."
SPEC_VERSION_SUFFIX = ".v1"


class EventData(BaseModel):
    """Payload of one event; tolerant reader: unknown fields are ignored, known ones are strict."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    routing_key: ClassVar[str]

    @classmethod
    def event_type(cls) -> str:
        """The CloudEvents `type`, versioned so a breaking change gets a new name."""
        return f"{SPEC_PREFIX}{cls.routing_key}{SPEC_VERSION_SUFFIX}"


class ProgrammeFormat(StrEnum):
    """The programme formats the same system runs (domain.md)."""

    LEERCASE = "leercase"
    LEERGANG = "leergang"
    LEREND_NETWERK = "lerend-netwerk"
    LEERATELIER = "leeratelier"
    E_LEARNING = "e-learning"


class Country(StrEnum):
    """The calendar a case or cohort follows: public holidays and time zone."""

    NL = "NL"
    BE = "BE"


class Contact(BaseModel):
    """Someone a consumer may have to write to."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    email: EmailAddress


class Person(BaseModel):
    """Someone named in a case without necessarily being written to."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    role: Title = Field(default="", max_length=200)
    email: EmailAddress | None = None
