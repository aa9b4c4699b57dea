"""The local run's mail page: every mail listed, one opened, and nothing but those mails served."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from tools.mail_page import MailPage

pytestmark = pytest.mark.unit


def _mail(folder: Path, name: str, subject: str, to: str, html: str | None = None) -> None:
    message = EmailMessage()
    message["From"] = "Programmabureau Samenspel <noreply@samenspel.example>"
    message["To"], message["Subject"] = to, subject
    message["Date"] = "Tue, 01 Dec 2026 10:00:00 +0000"
    message.set_content("Beste Anna,\n\nUw aanmelding is ontvangen.")
    if html:
        message.add_alternative(html, subtype="html")
    (folder / name).write_bytes(message.as_bytes())


@pytest.fixture
def page(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "mail"
    server = MailPage(folder, 0)
    yield folder, server.url
    server.stop()


def test_the_page_lists_every_mail_newest_first_and_opens_one(page: tuple[Path, str]) -> None:
    folder, url = page
    assert "nog geen mails" in httpx.get(url).text
    _mail(folder, "20261201T100000.eml", "Uw aanmelding <is> ontvangen", "anna@example.nl")
    _mail(folder, "20261201T110000.eml", "Nieuwe case", "staf@example.nl", "<p onclick=x>Hoi</p>")
    listing = httpx.get(url)
    assert "script" not in listing.headers["content-security-policy"]
    text = listing.text
    assert text.index("Nieuwe case") < text.index("Uw aanmelding &lt;is&gt; ontvangen")
    assert "anna@example.nl" in text and "<is>" not in text, "escaped"

    one = httpx.get(f"{url}mail/20261201T110000.eml")
    assert "Uw aanmelding is ontvangen." in one.text and "staf@example.nl" in one.text
    framed = httpx.get(f"{url}mail/20261201T110000.eml/html")
    assert framed.text == "<p onclick=x>Hoi</p>\n"
    assert framed.headers["content-security-policy"].startswith("sandbox")
    raw = httpx.get(f"{url}mail/20261201T110000.eml.eml")
    assert raw.headers["content-type"].startswith("message/rfc822")
    assert b"Subject: Nieuwe case" in raw.content


@pytest.mark.parametrize("path", ["mail/../secrets.json", "mail/%2e%2e%2fsecrets.json", "x.eml"])
def test_nothing_but_the_listed_mails_is_served(page: tuple[Path, str], path: str) -> None:
    folder, url = page
    (folder.parent / "secrets.json").write_text('{"secret_key": "geheim"}')
    answer = httpx.get(url + path)
    assert answer.status_code == 404 and "geheim" not in answer.text
