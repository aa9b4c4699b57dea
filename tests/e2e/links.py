"""Every link in every mail opened as its recipient would, and what people read checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.e2e.mailbook import Mail
from tests.unit.documents.extract import EXTRACT, html_text

URL = re.compile(r"https?://[^\s\"'<>)]+")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
ENGLISH_ROLES = re.compile(r"\b(owner|staff)\b", re.I)
TEMPLATE_KEYS = frozenset(
    re.findall(
        r'^template = "([a-z_]+)"',
        Path("services/notifications/routing.toml").read_text(),
        re.M,
    )
)
FILES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/calendar": "ics",
}


def inhuman(text: str) -> list[str]:
    """What a person should never read: a UUID, a template key, 'owner' or 'staff'.

    Links are left out first: a link is followed, not read (its signed token names a person id).
    """
    readable = URL.sub(" ", text)
    found = UUID.findall(readable) + ENGLISH_ROLES.findall(readable)
    found += [key for key in TEMPLATE_KEYS if re.search(rf"\b{key}\b", readable)]
    return found


def links_in(mail: Mail) -> list[str]:
    """The links in a mail's plain-text and HTML bodies, each once, in order."""
    found: dict[str, None] = {}
    for kind in ("plain", "html"):
        body = mail.message.get_body((kind,))
        if body is not None:
            for url in URL.findall(str(body.get_content())):
                found[url.replace("&amp;", "&")] = None
    return list(found)


@dataclass
class Opened:
    """What opening every link gave: pages and files by URL, and the links left alone."""

    pages: dict[str, str] = field(default_factory=dict)  # url -> visible text
    files: dict[str, str] = field(default_factory=dict)  # url -> format
    elsewhere: set[str] = field(default_factory=set)  # links to other sites (meeting rooms)


async def open_every_link(mails: list[Mail], ours: set[str]) -> Opened:
    """GET each link of our services in a fresh browser-like client: a page or a file, or fail."""
    opened = Opened()
    for mail in mails:
        for url in links_in(mail):
            if urlsplit(url).netloc not in ours:
                opened.elsewhere.add(url)
                continue
            if url in opened.pages or url in opened.files:
                continue
            assert "token=" not in urlsplit(url).query, url  # capabilities travel in paths
            async with httpx.AsyncClient(timeout=15, follow_redirects=True) as browser:
                answer = await browser.get(url)
            where = f"{mail.subject!r} to {mail.to}: {url}"
            assert answer.status_code == 200, f"{answer.status_code} for {where}"
            kind = answer.headers.get("content-type", "").split(";")[0].strip()
            assert kind != "application/json", where
            if kind == "text/html":
                text = html_text(answer.content)
                assert not inhuman(text), (inhuman(text), where)
                opened.pages[url] = text
                continue
            assert kind in FILES, (kind, where)
            opened.files[url] = FILES[kind]
            if FILES[kind] in EXTRACT:
                text = EXTRACT[FILES[kind]](answer.content)
                assert not inhuman(text), (inhuman(text), where)
    return opened


def check_mails_read_as_people_read(mails: list[Mail]) -> None:
    """No subject or body a person reads carries a UUID, a template key, 'owner' or 'staff'."""
    for mail in mails:
        for kind in ("plain", "html"):
            body = mail.message.get_body((kind,))
            content = "" if body is None else str(body.get_content())
            text = html_text(content.encode()) if kind == "html" else content
            said = inhuman(f"{mail.subject}\n{text}")
            assert not said, (said, mail.subject, mail.to)
        for part in mail.message.iter_attachments():
            format_ = FILES.get(part.get_content_type(), "")
            if format_ in EXTRACT:  # the letters, planning and approach a person opens
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                said = inhuman(EXTRACT[format_](payload))
                assert not said, (said, part.get_filename(), mail.subject)
