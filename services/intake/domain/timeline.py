"""Everything that happened to one case across the four services: the staff's and owner's view."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.documents import DocumentLink
from shared.contracts.scheduling import DeliverableInfo, SessionInfo

Tone = Literal["info", "ok", "warning", "error"]
MAIL_KINDS = frozenset({"notification.sent", "notification.failed"})
MAIL_HISTORY = 200  # mails kept per case; what happened to the case itself is kept whole


class TimelineEntry(BaseModel):
    """One event, said in Dutch for a person; `event_id` makes projecting it twice a no-op."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    kind: str
    at: AwareDatetime
    text: str
    detail: str = ""
    tone: Tone = "info"


class DocumentVersion(BaseModel):
    """A delivered version of the participation approach and where to download it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["draft", "final"]
    version: int
    delivered_at: AwareDatetime
    downloads: list[DocumentLink] = Field(default_factory=list)


class LetterRecord(BaseModel):
    """A letter or the planning documents made for the case, as the owner downloads it."""

    model_config = ConfigDict(frozen=True)

    kind: str
    title: str
    version: int
    made_at: AwareDatetime
    downloads: list[DocumentLink] = Field(default_factory=list)


class FeedbackRecord(BaseModel):
    """One submission of the owner's feedback, kept whole so staff read it as it was written."""

    model_config = ConfigDict(frozen=True)

    on_version: int
    at: AwareDatetime
    items: list[tuple[str, str]] = Field(default_factory=list)  # (section, comment)
    general_comment: str = ""


class MailRecord(BaseModel):
    """A mail (or chat message) notifications sent, or failed to send, about the case."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    at: AwareDatetime
    subject: str
    recipient: str
    recipient_role: str
    template: str
    channel: str
    failed: bool = False
    error: str = ""


class CaseTimeline(BaseModel):
    """The read model: entries in arrival order plus the latest schedule, documents and mails."""

    case_id: str
    case_title: str = ""
    cohort_id: str | None = None
    entries: list[TimelineEntry] = Field(default_factory=list)
    sessions: list[SessionInfo] = Field(default_factory=list)
    deliverables: list[DeliverableInfo] = Field(default_factory=list)
    documents: list[DocumentVersion] = Field(default_factory=list)
    mails: list[MailRecord] = Field(default_factory=list)
    overdue: list[str] = Field(default_factory=list)
    feedback_on: list[int] = Field(default_factory=list)
    feedback: list[FeedbackRecord] = Field(default_factory=list)
    letters: list[LetterRecord] = Field(default_factory=list)  # letters and the planning
    earlier_mails: int = 0  # mails compacted away beyond the newest MAIL_HISTORY

    def compacted(self, keep: int = MAIL_HISTORY) -> None:
        """Bound the one part that grows with time: only the newest `keep` mails stay, in the
        mail list and among the entries; milestones of the case are never dropped."""
        excess = len(self.mails) - keep
        if excess <= 0:
            return
        dropped = {mail.event_id for mail in sorted(self.mails, key=lambda m: m.at)[:excess]}
        self.mails = [mail for mail in self.mails if mail.event_id not in dropped]
        mail_entries = sorted((e for e in self.entries if e.kind in MAIL_KINDS), key=lambda e: e.at)
        gone = {id(entry) for entry in mail_entries[: max(0, len(mail_entries) - keep)]}
        self.entries = [entry for entry in self.entries if id(entry) not in gone]
        self.earlier_mails += excess

    def knows(self, event_id: str) -> bool:
        """Whether this event was projected already (the inbox's second line of defence)."""
        return any(entry.event_id == event_id for entry in self.entries)

    def ordered(self) -> list[TimelineEntry]:
        """Entries oldest first, by when they happened (events may arrive out of order)."""
        return sorted(self.entries, key=lambda entry: entry.at)

    def latest_draft(self) -> DocumentVersion | None:
        """The newest draft the owner may still comment on (none once the final is out)."""
        if any(doc.kind == "final" for doc in self.documents):
            return None
        drafts = [doc for doc in self.documents if doc.kind == "draft"]
        return max(drafts, key=lambda doc: doc.version) if drafts else None

    def delivered_kinds(self) -> set[str]:
        """Which deliverables (draft, final) reached the owner."""
        return {doc.kind for doc in self.documents}

    def upcoming_sessions(self, now: dt.datetime) -> list[SessionInfo]:
        """Sessions still to come and not cancelled, soonest first."""
        return sorted(
            (s for s in self.sessions if not s.cancelled and s.ends_at >= now),
            key=lambda s: s.starts_at,
        )
