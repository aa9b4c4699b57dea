"""Mail addresses built so a display name can never add a recipient, and IDN domains arrive.

Python's header folding drops the quotes around a long display name, so "Jansen, Piet
<x@evil>" would become two more addresses once folded: names keep only letters, digits,
spaces and . ' - (which never need quoting). Domains go out in IDNA (xn--) form; a non-ASCII
local part is sent with SMTPUTF8, which the SMTP sender asks for when the message needs it.
"""

from __future__ import annotations

import re
from email.headerregistry import Address

UNSAFE_IN_NAME = re.compile(r"[^\w\s.'-]")
SPACES = re.compile(r"\s+")
MAX_NAME = 100


def safe_display_name(name: str) -> str:
    """The name as it may stand in a header: no specials, one line, at most 100 characters."""
    return SPACES.sub(" ", UNSAFE_IN_NAME.sub(" ", name)).strip()[:MAX_NAME].strip()


def ascii_domain(domain: str) -> str:
    """`bücher.example` -> `xn--bcher-kva.example`; ValueError when it cannot be a domain."""
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError("the address has no valid domain") from exc


def mail_address(name: str, address: str) -> Address:
    """One recipient (or sender) as a header value."""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValueError("not an email address")
    return Address(
        display_name=safe_display_name(name), username=local, domain=ascii_domain(domain)
    )


def envelope_address(address: str) -> str:
    """The SMTP envelope form of an address (IDNA domain, local part as given)."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{ascii_domain(domain)}"
