"""CSRF tokens, the per-address rate limit, owner capability links and staff bearer tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.adapters.rate_limit import SlidingWindowRateLimiter
from services.intake.domain.case import Case
from services.intake.domain.errors import InvalidTransition
from services.intake.domain.owner_link import hash_capability_token, new_capability_token
from services.intake.web.csrf import CsrfSigner
from shared.capabilities import CapabilitySigner
from shared.staff_auth import StaffMember, StaffRole, StaffTokens
from tests.unit.intake.factories import submitted

pytestmark = pytest.mark.unit

SECRET = CapabilitySigner.from_secret("s" * 32)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


# --- CSRF -----------------------------------------------------------------------------------


def test_a_csrf_token_is_accepted_for_its_own_session_only() -> None:
    signer = CsrfSigner(SECRET)
    token = signer.token_for("nonce-a")

    assert signer.is_valid("nonce-a", token)
    assert not signer.is_valid("nonce-b", token)
    assert not signer.is_valid("nonce-a", token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert not signer.is_valid("nonce-a", None)
    assert not signer.is_valid(None, token)


def test_a_csrf_token_from_another_secret_is_refused() -> None:
    other = CsrfSigner(CapabilitySigner.from_secret("t" * 32)).token_for("nonce-a")
    assert not CsrfSigner(SECRET).is_valid("nonce-a", other)


# --- rate limit -----------------------------------------------------------------------------


def test_the_limit_applies_per_address_and_frees_up_as_the_window_slides() -> None:
    limiter = SlidingWindowRateLimiter(limit=3, window=dt.timedelta(minutes=10))
    seconds = [0, 60, 120]
    for s in seconds:
        assert limiter.allow("198.51.100.7", T0 + dt.timedelta(seconds=s))

    assert not limiter.allow("198.51.100.7", T0 + dt.timedelta(minutes=5))
    assert limiter.allow("203.0.113.9", T0 + dt.timedelta(minutes=5))
    # the first attempt leaves the window at exactly 10 minutes
    assert limiter.allow("198.51.100.7", T0 + dt.timedelta(minutes=10))
    assert not limiter.allow("198.51.100.7", T0 + dt.timedelta(minutes=10, seconds=30))


@given(st.lists(st.integers(0, 3600), max_size=80))
def test_never_more_than_the_limit_accepted_in_any_window(offsets: list[int]) -> None:
    window = dt.timedelta(minutes=5)
    limiter = SlidingWindowRateLimiter(limit=4, window=window)
    accepted = [
        at
        for at in (T0 + dt.timedelta(seconds=s) for s in sorted(offsets))
        if limiter.allow("x", at)
    ]
    for at in accepted:
        assert sum(at <= other < at + window for other in accepted) <= 4


def test_idle_addresses_are_forgotten() -> None:
    limiter = SlidingWindowRateLimiter(limit=1, window=dt.timedelta(minutes=1))
    limiter.allow("a", T0)
    limiter.forget_idle(T0 + dt.timedelta(minutes=2))
    assert limiter.tracked_keys() == 0


# --- owner capability link ------------------------------------------------------------------


def test_an_owner_link_opens_its_case_only_and_stores_no_token() -> None:
    token = new_capability_token()
    case = Case.from_submission(submitted(), actor="formulier")
    case.issue_owner_link(hash_capability_token(token), T0)

    assert case.owner_link_grants(token)
    assert not case.owner_link_grants(new_capability_token())
    assert token not in case.model_dump_json()
    assert len(token) >= 43  # 32 random bytes, URL-safe


def test_a_revoked_owner_link_no_longer_works_and_a_new_one_replaces_it() -> None:
    first, second = new_capability_token(), new_capability_token()
    case = Case.from_submission(submitted(), actor="formulier")
    case.issue_owner_link(hash_capability_token(first), T0)

    case.revoke_owner_link("staff", T0 + dt.timedelta(hours=1))
    assert not case.owner_link_grants(first)

    case.issue_owner_link(hash_capability_token(second), T0 + dt.timedelta(hours=2))
    assert case.owner_link_grants(second)
    assert not case.owner_link_grants(first)
    assert [h.action.value for h in case.history[1:]] == [
        "issue_owner_link",
        "revoke_owner_link",
        "issue_owner_link",
    ]


def test_owner_link_actions_leave_the_case_status_alone() -> None:
    case = Case.from_submission(submitted(), actor="formulier")
    case.issue_owner_link(hash_capability_token(new_capability_token()), T0)
    with pytest.raises(InvalidTransition):
        case.accept("x", {}, "staff", T0)
    assert case.status.value == "submitted"


# --- staff bearer tokens --------------------------------------------------------------------

SANNE = StaffMember(name="Sanne", role=StaffRole.DECIDER)
PIM = StaffMember(name="Pim", role=StaffRole.READER)
TOKENS = StaffTokens({"token-sanne-0123456789": SANNE, "token-pim-0123456789": PIM})


@pytest.mark.parametrize(
    ("header", "member"),
    [
        ("Bearer token-sanne-0123456789", SANNE),
        ("bearer  token-pim-0123456789 ", PIM),
        ("Bearer token-sanne-012345678", None),
        ("Basic token-sanne-0123456789", None),
        ("token-sanne-0123456789", None),
        ("Bearer ", None),
        ("", None),
        (None, None),
    ],
)
def test_only_a_configured_bearer_token_identifies_staff(
    header: str | None, member: StaffMember | None
) -> None:
    assert TOKENS.authenticate(header) == member


def test_readers_are_known_but_may_not_decide() -> None:
    reader = TOKENS.authenticate("Bearer token-pim-0123456789")
    assert reader is not None and not reader.may_decide()
    assert SANNE.may_decide()


def test_an_empty_configured_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        StaffTokens({"": SANNE})
