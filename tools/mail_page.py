"""A small local page over the local run's mail folder, as Mailpit is for compose.

`/` lists every mail (subject, to, when), newest first; `/mail/<file>` shows one (its headers,
the text part, and the HTML part in a sandboxed frame); `/mail/<file>.eml` is the file itself.
It listens on 127.0.0.1 only and serves only files it listed itself.
"""

from __future__ import annotations

import email
import email.policy
import html
import threading
from email.message import EmailMessage
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
    "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;"
    "border-bottom:1px solid #ccc}pre{white-space:pre-wrap}iframe{width:100%;height:40rem;"
    "border:1px solid #ccc}"
)
# The page has no script of its own; a mail's HTML may not run any either.
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'"
MAIL_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HEADERS = (("Van", "From"), ("Aan", "To"), ("Onderwerp", "Subject"), ("Datum", "Date"))


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _part(message: EmailMessage, kind: str) -> str:
    body = message.get_body((kind,))
    return str(body.get_content()) if isinstance(body, EmailMessage) else ""


def _page(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{STYLE}</style></head><body>{body}</body></html>"
    ).encode()


class MailFolder:
    """The `.eml` files the mail sink wrote, as pages."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def files(self) -> dict[str, Path]:
        """File name -> path, for exactly the mails in the folder (nothing else is served)."""
        return {path.name: path for path in self.folder.glob("*.eml") if path.is_file()}

    def listing(self) -> bytes:
        rows = []
        for name, path in sorted(self.files().items(), reverse=True):
            message = _read(path)
            link = f"/mail/{quote(name)}"
            rows.append(
                f'<tr><td><a href="{link}">{html.escape(str(message["Subject"] or "(geen)"))}'
                f"</a></td><td>{html.escape(str(message['To'] or ''))}</td>"
                f"<td>{html.escape(str(message['Date'] or ''))}</td></tr>"
            )
        table = (
            "<table><thead><tr><th>Onderwerp</th><th>Aan</th><th>Tijd</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            if rows
            else "<p>Er zijn nog geen mails verstuurd.</p>"
        )
        return _page("Verstuurde mails", f"<h1>Verstuurde mails ({len(rows)})</h1>{table}")

    def mail(self, name: str) -> bytes:
        message = _read(self.files()[name])
        headers = "".join(
            f"<dt>{label}</dt><dd>{html.escape(str(message[header] or ''))}</dd>"
            for label, header in HEADERS
        )
        link = quote(name)
        frame = (
            f'<h2>Opgemaakte versie</h2><iframe src="/mail/{link}/html" title="Opgemaakte versie">'
            "</iframe>"
            if _part(message, "html")
            else ""
        )
        body = (
            f'<p><a href="/">Alle mails</a> · <a href="/mail/{link}.eml">Het bestand</a></p>'
            f"<h1>{html.escape(str(message['Subject'] or '(geen onderwerp)'))}</h1><dl>{headers}"
            f"</dl><h2>Tekst</h2><pre>{html.escape(_part(message, 'plain'))}</pre>{frame}"
        )
        return _page(str(message["Subject"] or "Mail"), body)

    def html_part(self, name: str) -> bytes:
        return _part(_read(self.files()[name]), "html").encode()


def _handler(folder: MailFolder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(self.path.split("?", 1)[0])
            name = path.removeprefix("/mail/")
            files = folder.files()
            if path == "/":
                self._send(folder.listing(), "text/html", PAGE_POLICY)
            elif name in files:
                self._send(folder.mail(name), "text/html", PAGE_POLICY)
            elif name.removesuffix("/html") in files:
                self._send(folder.html_part(name.removesuffix("/html")), "text/html", MAIL_POLICY)
            elif name.removesuffix(".eml") in files:  # `<file>.eml`: the file as it arrived
                self._send(files[name.removesuffix(".eml")].read_bytes(), "message/rfc822", "")
            else:
                self._send(_page("Niet gevonden", "<p>Deze mail is er niet.</p>"), "text/html",
                           PAGE_POLICY, HTTPStatus.NOT_FOUND)  # fmt: skip

        def _send(
            self, body: bytes, kind: str, policy: str, status: HTTPStatus = HTTPStatus.OK
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if policy:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: mails hold links that work as keys; they stay out of the terminal."""

    return Handler


class MailPage:
    """The page's server in a background thread; `stop()` ends it."""

    def __init__(self, folder: Path, port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(MailFolder(folder)))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"
        # `stop()` waits for the serving loop's next look: 50 ms, not the default half second
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
