"""A network meeting's topics are documents' data: intake's person page asks its HTTP API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from services.intake.adapters.service_api import DOCUMENTS, ServiceApi, reasons_of


class TopicRefused(Exception):
    """Documents said no (a title proposed before, a fourth proposal) or did not answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Topic:
    """One proposed topic as a member's page shows it."""

    topic_id: str
    title: str
    proposer_id: str
    proposer_name: str
    supporters: tuple[str, ...]  # person ids


class DocumentsClient(Protocol):
    """What the person pages need from documents."""

    async def topics(self, session_id: str) -> list[Topic]: ...

    async def propose(
        self, meeting: tuple[str, str, str], person_id: str, name: str, title: str
    ) -> None: ...

    async def support(self, session_id: str, topic_id: str, person_id: str) -> None: ...


def _topic(raw: dict[str, Any]) -> Topic:
    return Topic(
        topic_id=str(raw["topic_id"]),
        title=str(raw["title"]),
        proposer_id=str(raw["proposer_id"]),
        proposer_name=str(raw["proposer_name"]),
        supporters=tuple(str(p) for p in raw.get("supporters", [])),
    )


def _refused(response: httpx.Response | None) -> TopicRefused:
    if response is None:
        return TopicRefused("De documentenservice is nu niet bereikbaar. Probeer het later.")
    return TopicRefused(reasons_of(response, DOCUMENTS)[0])


class HttpDocumentsClient(ServiceApi):
    """Documents' API with intake's service token (a staff token, like scheduling's)."""

    default_timeout = 5.0

    def _path(self, session_id: str) -> str:
        return f"{self._base_url}/api/meetings/{quote(session_id, safe='')}/topics"

    async def topics(self, session_id: str) -> list[Topic]:
        """The meeting's topics, most supported first; none when documents does not answer."""
        try:
            body = await self._read(self._path(session_id), quick=True)
            return [_topic(t) for t in body["topics"]]
        except (httpx.HTTPError, ValueError, KeyError):
            return []

    async def _post(self, url: str, body: dict[str, str]) -> None:
        await self._send("POST", url, _refused, json=body)

    async def propose(
        self, meeting: tuple[str, str, str], person_id: str, name: str, title: str
    ) -> None:
        session_id, cohort_id, meeting_name = meeting
        body = {
            "cohort_id": cohort_id,
            "meeting_name": meeting_name,
            "person_id": person_id,
            "name": name,
            "title": title,
        }
        await self._post(self._path(session_id), body)

    async def support(self, session_id: str, topic_id: str, person_id: str) -> None:
        url = f"{self._path(session_id)}/{quote(topic_id, safe='')}/support"
        await self._post(url, {"person_id": person_id})


class FakeDocumentsClient:
    """Keeps topics in memory, with the same rules a member meets."""

    def __init__(self) -> None:
        self.by_meeting: dict[str, list[Topic]] = {}

    async def topics(self, session_id: str) -> list[Topic]:
        listed = self.by_meeting.get(session_id, [])
        return sorted(listed, key=lambda t: -len(t.supporters))

    async def propose(
        self, meeting: tuple[str, str, str], person_id: str, name: str, title: str
    ) -> None:
        listed = self.by_meeting.setdefault(meeting[0], [])
        if any(t.title.casefold() == title.casefold() for t in listed):
            raise TopicRefused("Dit onderwerp is al voorgesteld; u kunt het steunen.")
        listed.append(Topic(f"t{len(listed) + 1}", title, person_id, name, (person_id,)))

    async def support(self, session_id: str, topic_id: str, person_id: str) -> None:
        listed = self.by_meeting.get(session_id, [])
        self.by_meeting[session_id] = [
            Topic(t.topic_id, t.title, t.proposer_id, t.proposer_name, (*t.supporters, person_id))
            if t.topic_id == topic_id and person_id not in t.supporters
            else t
            for t in listed
        ]
