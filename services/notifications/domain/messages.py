"""A message as rendered, and the values its envelope is built from (the envelope: adapters)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RenderedMessage(BaseModel):
    """Subject and both bodies of one message, ready to be put in an envelope."""

    model_config = ConfigDict(frozen=True)

    subject: str
    text: str
    html: str


class ChatMessage(BaseModel):
    """A short message for a staff channel."""

    model_config = ConfigDict(frozen=True)

    title: str
    text: str


def chat_message(rendered: RenderedMessage) -> ChatMessage:
    """A chat post from a rendered mail: the subject as title, the plain text as body."""
    return ChatMessage(title=rendered.subject, text=rendered.text.strip())


class Attachment(BaseModel):
    """A file that travels with the mail, e.g. the draft approach as DOCX or PDF."""

    model_config = ConfigDict(frozen=True)

    filename: str
    content_type: str
    content: bytes


class Sender(BaseModel):
    """Who the mail is from, where replies go, and the domain its Message-IDs live in."""

    model_config = ConfigDict(frozen=True)

    name: str
    address: str
    reply_to_name: str = ""
    reply_to_address: str = ""  # the programme office: mails come from a no-reply address

    @property
    def domain(self) -> str:
        """The part after the @, for Message-IDs."""
        return self.address.rpartition("@")[2] or "localhost"
