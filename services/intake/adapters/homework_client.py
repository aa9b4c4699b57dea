"""Leeratelier homework is documents' data: intake's pages hand it in and read it over HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from services.intake.adapters.service_api import ServiceApi, detail_items

UNREACHABLE = "De documentenservice is nu niet bereikbaar. Probeer het later opnieuw."


class HomeworkRefused(Exception):
    """Documents refused the hand-in (`field`, Dutch `reason`; `closed`: the round began)."""

    def __init__(self, field: str, reason: str, *, closed: bool = False) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.closed = closed


@dataclass(frozen=True)
class HandedFile:
    filename: str
    size: int
    url: str  # documents' staff URL: pages show the person's signed link to it instead


@dataclass(frozen=True)
class HandedIn:
    """One participant's hand-in as a page shows it."""

    person_id: str
    name: str
    text: str
    handed_in_at: dt.datetime
    file: HandedFile | None = None


@dataclass(frozen=True)
class RoundInfo:
    """The round as intake knows it from scheduling: documents checks the start against it."""

    session_id: str
    cohort_id: str
    name: str
    starts_at: dt.datetime


class HomeworkClient(Protocol):
    async def own(self, session_id: str, person_id: str) -> HandedIn | None: ...

    async def all(self, session_id: str) -> list[HandedIn]: ...

    async def hand_in(
        self,
        meeting: RoundInfo,
        person: tuple[str, str],
        text: str,
        upload: tuple[str, bytes] | None,
    ) -> None: ...

    async def counts(self, cohort_id: str) -> dict[str, int] | None: ...


def _handed_in(body: dict[str, Any]) -> HandedIn:
    file = body.get("file")
    return HandedIn(
        person_id=str(body["person_id"]),
        name=str(body["name"]),
        text=str(body.get("text") or ""),
        handed_in_at=dt.datetime.fromisoformat(str(body["handed_in_at"])),
        file=HandedFile(str(file["filename"]), int(file["size"]), str(file["url"]))
        if file
        else None,
    )


def _refused(response: httpx.Response | None) -> HomeworkRefused:
    items = detail_items(response) if response is not None else []
    if response is None or not items or not {"field", "reason"} <= items[0].keys():
        return HomeworkRefused("", UNREACHABLE)
    field_name, reason = str(items[0]["field"]), str(items[0]["reason"])
    return HomeworkRefused(field_name, reason, closed=response.status_code == 409)


class HttpHomeworkClient(ServiceApi):
    """Documents' API with intake's service token, as for the preparation."""

    def _url(self, session_id: str, person_id: str = "") -> str:
        url = f"{self._base_url}/api/sessions/{quote(session_id, safe='')}/homework"
        return f"{url}/{quote(person_id, safe='')}" if person_id else url

    async def _get(self, url: str) -> Any:
        try:
            return await self._read(url)
        except (httpx.HTTPError, ValueError) as exc:
            raise HomeworkRefused("", UNREACHABLE) from exc

    async def own(self, session_id: str, person_id: str) -> HandedIn | None:
        body = await self._get(self._url(session_id, person_id))
        try:
            return _handed_in(body["hand_in"]) if body.get("hand_in") else None
        except (KeyError, TypeError, ValueError) as exc:
            raise HomeworkRefused("", UNREACHABLE) from exc

    async def all(self, session_id: str) -> list[HandedIn]:
        body = await self._get(self._url(session_id))
        try:
            return [_handed_in(h) for h in body["hand_ins"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise HomeworkRefused("", UNREACHABLE) from exc

    async def hand_in(
        self,
        meeting: RoundInfo,
        person: tuple[str, str],
        text: str,
        upload: tuple[str, bytes] | None,
    ) -> None:
        data = {
            "cohort_id": meeting.cohort_id,
            "round_name": meeting.name,
            "starts_at": meeting.starts_at.isoformat(),
            "name": person[1],
            "text": text,
        }
        files = {"file": (upload[0], upload[1], "application/octet-stream")} if upload else None
        url = self._url(meeting.session_id, person[0])
        await self._send("PUT", url, _refused, data=data, files=files)

    async def counts(self, cohort_id: str) -> dict[str, int] | None:
        """Hand-ins per round; None when documents does not answer (the console says so)."""
        url = f"{self._base_url}/api/cohorts/{quote(cohort_id, safe='')}/homework"
        try:
            body = await self._get(url)
            return {str(k): int(v) for k, v in body["rounds"].items()}
        except (HomeworkRefused, KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass
class FakeHomeworkClient:
    """Keeps hand-ins in memory; refuses after the round's start as documents does."""

    now: Any = None  # a callable giving "now" (the test's clock)
    handed: dict[str, dict[str, HandedIn]] = field(default_factory=dict)
    down: bool = False

    async def own(self, session_id: str, person_id: str) -> HandedIn | None:
        if self.down:
            raise HomeworkRefused("", UNREACHABLE)
        return self.handed.get(session_id, {}).get(person_id)

    async def all(self, session_id: str) -> list[HandedIn]:
        if self.down:
            raise HomeworkRefused("", UNREACHABLE)
        return list(self.handed.get(session_id, {}).values())

    async def hand_in(
        self,
        meeting: RoundInfo,
        person: tuple[str, str],
        text: str,
        upload: tuple[str, bytes] | None,
    ) -> None:
        at = self.now() if self.now else dt.datetime.now(dt.UTC)
        if at >= meeting.starts_at:
            raise HomeworkRefused("ronde", "De ronde is al begonnen.", closed=True)
        if not text.strip() and upload is None:
            raise HomeworkRefused("tekst", "Tekst: schrijf uw huiswerk of voeg een bestand toe.")
        file = None
        if upload:
            file = HandedFile(
                upload[0],
                len(upload[1]),
                f"http://documents.test/api/documents/f{len(self.handed)}",
            )
        self.handed.setdefault(meeting.session_id, {})[person[0]] = HandedIn(
            person[0], person[1], text.strip(), at, file
        )

    async def counts(self, cohort_id: str) -> dict[str, int] | None:
        return None if self.down else {s: len(h) for s, h in self.handed.items()}
