"""Pause mail while the mail server refuses us or is away; one probe at a time; one alert.

Every process keeps a cheap local hint (`_maybe_down`), so while mail flows a send costs no
extra read; the shared document decides once a process has seen a server-wide failure.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from services.notifications.domain.mail_server import (
    MAIL_SERVER_KEY,
    MailServerState,
    alerted,
    came_back,
    may_probe,
    probing,
    should_alert,
    went_down,
)
from services.notifications.domain.messages import ChatMessage
from services.notifications.service_layer.channel_ports import ChatSender, SendFailed
from services.notifications.service_layer.ports import MailServerStore
from shared.persistence.aggregate import Change, ConcurrencyConflict
from shared.persistence.bson_values import epoch_ms

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ALERT_QUIET = dt.timedelta(hours=4)  # one alert per incident, however often it flaps


def _instant(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


class MailPause:
    """The gate every mail passes: send now, or wait until the next probe."""

    def __init__(
        self,
        states: MailServerStore,
        chat: ChatSender | None,
        now: Callable[[], dt.datetime],
        *,
        first_probe: dt.timedelta,
        max_probe: dt.timedelta,
    ) -> None:
        self._states = states
        self._chat = chat
        self._now = now
        self._first_ms = int(first_probe.total_seconds() * 1000)
        self._max_ms = int(max_probe.total_seconds() * 1000)
        self._maybe_down = True  # read the shared state once after a start

    async def wait_until(self) -> dt.datetime | None:
        """None: send. A time: sending is paused; try this mail again then."""
        if not self._maybe_down:
            return None
        stored = await self._states.get(MAIL_SERVER_KEY)
        if stored is None or not stored.state.down:
            self._maybe_down = False
            return None
        now_ms = epoch_ms(self._now())
        if not may_probe(stored.state, now_ms):
            return _instant(stored.state.next_probe_ms)
        try:
            await self._states.update(stored, Change(probing(stored.state, now_ms)))
        except ConcurrencyConflict:  # another sender took this probe
            return _instant(now_ms + max(stored.state.probe_delay_ms, self._first_ms))
        return None  # this mail is the probe

    async def failed(self, failure: SendFailed) -> dt.datetime:
        """A server-wide failure: pause (or stay paused); alert staff once; when to try again."""
        self._maybe_down = True
        now_ms, began = epoch_ms(self._now()), [False]

        def decide(current: MailServerState | None) -> Change[MailServerState]:
            began[0] = current is None or not current.down
            return Change(went_down(current, now_ms, failure.code, self._first_ms, self._max_ms))

        applied = await self._states.apply(MAIL_SERVER_KEY, decide)
        state = applied.state
        assert state is not None
        if began[0] and applied.changed:
            log.error(
                "mail server refuses or is unreachable; sending paused",
                extra={"code": failure.code},
            )
            quiet_ms = int(ALERT_QUIET.total_seconds() * 1000)
            if should_alert(state, now_ms, quiet_ms):
                await self._alert(failure)
                await self._states.apply(
                    MAIL_SERVER_KEY,
                    lambda current: None if current is None else Change(alerted(current, now_ms)),
                )
        return _instant(state.next_probe_ms)

    async def worked(self) -> bool:
        """A mail went through: if sending was paused, it flows again (True: it just did)."""
        if not self._maybe_down:
            return False
        self._maybe_down = False
        applied = await self._states.apply(
            MAIL_SERVER_KEY,
            lambda current: (
                Change(came_back(current)) if current is not None and current.down else None
            ),
        )
        if applied.changed:
            log.warning("mail server works again; sending resumed")
        return applied.changed

    async def _alert(self, failure: SendFailed) -> None:
        """By chat: a mail about the mail server would wait for the mail server."""
        if self._chat is None:
            log.error("no chat webhook configured: staff are not alerted about the mail server")
            return
        try:
            await self._chat.send(alert(failure, self._now()))
        except Exception:
            log.exception("staff alert about the mail server could not be posted")


def alert(failure: SendFailed, now: dt.datetime) -> ChatMessage:
    """Dutch, for staff: what is wrong, that nothing is lost, what to check."""
    since = now.astimezone(AMSTERDAM).strftime("%H:%M")
    if failure.code in (530, 534, 535, 454):
        title = "Mailserver weigert berichten"
        cause = "weigert de mailserver onze aanmelding (gebruikersnaam of wachtwoord)"
    else:
        title = "Mailserver onbereikbaar"
        cause = "is de mailserver niet bereikbaar"
    text = (
        f"Sinds {since} uur {cause}. Er gaat geen bericht verloren: het versturen is gepauzeerd "
        "en wordt regelmatig opnieuw geprobeerd. Zodra de mailserver weer werkt, gaan alle "
        "berichten alsnog de deur uit. Controleer de instellingen van de mailserver."
    )
    return ChatMessage(title=title, text=text)
