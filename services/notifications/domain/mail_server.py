"""The mail server as one aggregate: up, or down since a time with the next probe planned.

When the server refuses our credentials (535) or cannot be reached, every mail would fail the
same way: sending pauses instead, one probe at a time finds out when it works again, and staff
hear of it once per outage. Instants are epoch milliseconds (numbers survive every write).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

MAIL_SERVER_KEY = "smtp"


class MailServerState(BaseModel):
    """`down_since_ms` is None while mail flows."""

    model_config = ConfigDict(frozen=True)

    down_since_ms: int | None = None
    next_probe_ms: int = 0
    probe_delay_ms: int = 0
    code: int | None = None
    probes: int = 0
    alerted_ms: int | None = None  # when staff were last told; kept across outages

    @property
    def down(self) -> bool:
        """Sending is paused."""
        return self.down_since_ms is not None


def went_down(
    current: MailServerState | None, now_ms: int, code: int | None, first_ms: int, max_ms: int
) -> MailServerState:
    """A server-wide failure: start the outage, or plan the next probe further off (capped)."""
    if current is None or not current.down:
        return MailServerState(
            down_since_ms=now_ms,
            next_probe_ms=now_ms + first_ms,
            probe_delay_ms=first_ms,
            code=code,
            alerted_ms=None if current is None else current.alerted_ms,
        )
    delay = min(max(current.probe_delay_ms * 2, first_ms), max_ms)
    return current.model_copy(
        update={"next_probe_ms": now_ms + delay, "probe_delay_ms": delay, "code": code}
    )


def may_probe(current: MailServerState, now_ms: int) -> bool:
    """Whether the planned probe is due."""
    return now_ms >= current.next_probe_ms


def probing(current: MailServerState, now_ms: int) -> MailServerState:
    """One sender takes the probe; the others wait until it would be due again."""
    return current.model_copy(
        update={"next_probe_ms": now_ms + current.probe_delay_ms, "probes": current.probes + 1}
    )


def came_back(current: MailServerState) -> MailServerState:
    """A send went through: mail flows again (when staff were last told is kept)."""
    return MailServerState(alerted_ms=current.alerted_ms)


def should_alert(current: MailServerState, now_ms: int, quiet_ms: int) -> bool:
    """Staff hear of mail trouble once per incident: not again while it flaps within `quiet_ms`
    (a server that is back, then times out under the backlog, is the same incident)."""
    return current.alerted_ms is None or now_ms - current.alerted_ms >= quiet_ms


def alerted(current: MailServerState, now_ms: int) -> MailServerState:
    """Staff were told now."""
    return current.model_copy(update={"alerted_ms": now_ms})
