"""The library of consented cases is documents' data: the learners' page asks its HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from services.intake.adapters.service_api import ServiceApi


@dataclass(frozen=True)
class LibraryCase:
    """One shared case as a learner finds it: what, where, when, and its documents."""

    title: str
    municipality: str
    programme_format: str
    societal_issue: str
    year: int
    downloads: list[dict[str, str]] = field(default_factory=list)  # format, url
    recordings: list[dict[str, str]] = field(default_factory=list)  # title, url


@dataclass(frozen=True)
class LibrarySearch:
    topic: str = ""
    municipality: str = ""
    programme_format: str = ""
    year: int | None = None


class LibraryClient(Protocol):
    """What the library page needs from documents; None when documents does not answer."""

    async def search(self, wanted: LibrarySearch) -> list[LibraryCase] | None: ...


def _case(raw: dict[str, Any]) -> LibraryCase:
    return LibraryCase(
        title=str(raw["title"]),
        municipality=str(raw["municipality"]),
        programme_format=str(raw["programme_format"]),
        societal_issue=str(raw.get("societal_issue", "")),
        year=int(raw.get("year") or str(raw["delivered_at"])[:4]),
        downloads=[{"format": str(d["format"]), "url": str(d["url"])} for d in raw["downloads"]],
        recordings=[
            {"title": str(r["title"]), "url": str(r["url"])} for r in raw.get("recordings", [])
        ],
    )


class HttpLibraryClient(ServiceApi):
    """Documents' `GET /api/library` with intake's service token."""

    default_timeout = 5.0

    async def search(self, wanted: LibrarySearch) -> list[LibraryCase] | None:
        params: dict[str, str | int] = {"topic": wanted.topic, "municipality": wanted.municipality}
        if wanted.programme_format:
            params["format"] = wanted.programme_format
        if wanted.year:
            params["year"] = wanted.year
        try:
            found = await self._read(f"{self._base_url}/api/library", params=params)
            return [_case(raw) for raw in found]
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return None


class FakeLibraryClient:
    """The cases given, filtered the way documents filters them (topic: every word)."""

    def __init__(self, cases: list[LibraryCase] | None = None) -> None:
        self.cases = list(cases or [])

    async def search(self, wanted: LibrarySearch) -> list[LibraryCase] | None:
        words = wanted.topic.casefold().split()
        return [
            c
            for c in self.cases
            if all(w in f"{c.title} {c.societal_issue}".casefold() for w in words)
            and (not wanted.municipality or c.municipality == wanted.municipality)
            and (not wanted.programme_format or c.programme_format == wanted.programme_format)
            and (not wanted.year or c.year == wanted.year)
        ]
