"""The site's test clock (``serve --test-clock``): real time at start, then still until moved.

freezegun stops every clock the process reads (``time.time`` for allauth's TOTP counter, rate
limits and login stages; ``timezone.now`` for the database cache and sessions) in all threads.
The clock stands still between moves, as the reference's does: a code computed for the hook's
``now`` stays valid until the harness moves the clock, never rolling over on the way.
Monotonic clocks stand still too: allauth's wait for a contended cache lock then lasts until
the lock is freed, not at most one second.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime

from django.http import HttpRequest, JsonResponse
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory, StepTickTimeFactory, TickingDateTimeFactory

# One move at most a year: the spec moves minutes to days, and datetime stops at year 9999.
MOVE_LIMIT_SECONDS = 366 * 24 * 60 * 60
USAGE = 'GET answers {"now": unix_time}; POST {"advance": seconds} moves the clock forward'

_frozen: FrozenDateTimeFactory | TickingDateTimeFactory | StepTickTimeFactory | None = None
_moving = threading.Lock()


def start() -> None:
    """Stop time for the whole process at this instant; from now on only the hook moves it."""
    global _frozen
    _frozen = freeze_time(datetime.now(UTC)).start()


def hook(request: HttpRequest) -> JsonResponse:
    """Answer the clock's time to a GET; move it forward by a POST of {"advance": seconds}."""
    if _frozen is None:
        return _refused(
            "there is no test clock: the site was served without --test-clock", status=404
        )
    if request.method == "GET":
        return JsonResponse({"now": time.time()})
    if request.method != "POST":
        refusal = _refused(f"{request.method} is not allowed here. {USAGE}", status=405)
        refusal["Allow"] = "GET, POST"
        return refusal
    try:
        seconds = _advance(request)
    except ValueError as error:
        return _refused(f"{error}; the clock did not move. {USAGE}", status=400)
    with _moving:
        _frozen.tick(seconds)
        return JsonResponse({"now": time.time()})


def _advance(request: HttpRequest) -> float:
    """Return the seconds a POST asks the clock to move; raise ValueError saying what is wrong."""
    if request.content_type != "application/json":
        sent = request.content_type or "no type"
        raise ValueError(f"the body must be JSON, sent as application/json, not as {sent}")
    try:
        body = json.loads(request.body)
    except ValueError:
        raise ValueError("the body is not valid JSON") from None
    if not isinstance(body, dict) or set(body) != {"advance"}:
        raise ValueError('the body must be a JSON object with one key, "advance"')
    seconds = body["advance"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError(f"advance must be a number of seconds, not {json.dumps(seconds)[:40]}")
    if seconds < 0:
        raise ValueError(f"advance must not be negative ({seconds}): the clock only moves forward")
    if not seconds <= MOVE_LIMIT_SECONDS:  # NaN compares false, so it is refused here too
        raise ValueError(f"advance must be at most {MOVE_LIMIT_SECONDS} seconds, a year, at once")
    return float(seconds)


def _refused(message: str, *, status: int) -> JsonResponse:
    """Return a JSON error answer."""
    return JsonResponse({"error": message}, status=status)
