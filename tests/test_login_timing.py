"""A wrong password takes as long whether the address has an account, a password, or neither."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

from reference_impl import store
from reference_impl.delivery import InlineCourier
from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.service import Reason, Refused, Service, Settings
from tests.conftest import PASSWORD

# A cost with the production hash's shape, an eighth of its memory: about 50 ms a check here.
REALISTIC_COST = ScryptCost(n=2**14)
TRIES = 7
# The old code answered an unknown address about 80 times faster than an existing one.
LOWEST_RATIO = 0.6


def seconds_to_refuse(service: Service, email: str) -> float:
    """Return how long a wrong password for ``email`` takes to be refused."""
    started = time.perf_counter()
    with pytest.raises(Refused) as refusal:
        service.start_login(email, PASSWORD + "-wrong")
    elapsed = time.perf_counter() - started
    assert refusal.value.reason is Reason.WRONG_CREDENTIALS
    return elapsed


def test_unknown_and_sso_addresses_cost_a_hash_like_existing_ones() -> None:
    """Medians of interleaved tries: an unknown or SSO-only address is no faster to refuse."""
    service = Service(
        store.connect(":memory:"),
        InlineCourier(MemoryOutbox()),
        Settings(password_cost=REALISTIC_COST, max_password_failures=10_000),
    )
    service.register_user("known@example.com", "Known", PASSWORD, email_verified=True)
    service.register_user("sso@example.com", "Single", None, sso=True)
    cases: dict[str, Callable[[], float]] = {
        "existing": lambda: seconds_to_refuse(service, "known@example.com"),
        "unknown": lambda: seconds_to_refuse(service, "nobody@example.com"),
        "sso-only": lambda: seconds_to_refuse(service, "sso@example.com"),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(TRIES):
        for name, attempt in cases.items():
            timings[name].append(attempt())
    medians = {name: statistics.median(times) for name, times in timings.items()}
    shown = ", ".join(f"{name} {median * 1000:.1f} ms" for name, median in medians.items())
    for name in ("unknown", "sso-only"):
        ratio = medians[name] / medians["existing"]
        assert ratio >= LOWEST_RATIO, (
            f"a wrong password for an {name} address is refused {1 / ratio:.1f} times faster"
            f" than for an existing account, which tells the account exists ({shown})"
        )
