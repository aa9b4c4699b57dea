"""Public addresses as the operator configures them, made fit for links and mail headers."""

from __future__ import annotations

import ipaddress
from typing import Annotated
from urllib.parse import quote, urlsplit, urlunsplit

import idna
from pydantic import AfterValidator

URL_SAFE = "/:@!$&'()*+,;=-._~%"  # RFC 3986 path characters, and escapes already made


def ascii_url(value: str) -> str:
    """An http(s) address in ASCII: a host in IDNA (`gemeente-één.nl` becomes `xn--...`), other
    characters percent-encoded. A link in a mail header must be ASCII, and every mail client
    opens the ASCII form. Empty stays empty (the service's own default applies)."""
    text = value.strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address with a host name")
    if parts.query or parts.fragment:
        raise ValueError("must not hold a query (?) or a fragment (#)")
    if parts.username is not None:
        raise ValueError("must not hold a user name or password")
    host = _ascii_host(parts.hostname)
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    path = quote(parts.path, safe=URL_SAFE).rstrip("/")  # links are written base + "/..."
    return urlunsplit((parts.scheme, netloc, path, "", ""))


def _ascii_host(name: str) -> str:
    """An IP address as written (an IPv6 one in brackets), a domain name in IDNA."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        try:
            return idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"its host name is not a valid domain name ({exc})") from None
    return f"[{address}]" if address.version == 6 else str(address)


PublicUrl = Annotated[str, AfterValidator(ascii_url)]
