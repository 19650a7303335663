"""A mock OpenID Connect provider on loopback, for profiles whose identity_provider is "embedded".

It is oidc-provider-mock in a thread of the harness: its login page signs in whichever subject
is typed, and ``PUT /users/<subject>`` sets the claims it will put in that subject's ID token.
"""

from __future__ import annotations

import logging
import warnings
from contextlib import ExitStack

with warnings.catch_warnings():  # the mock imports modules Authlib deprecates, loudly:
    import authlib.deprecate  # its "always show" filter is put first here, then overridden

    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from oidc_provider_mock import run_server_in_thread

HOST = "127.0.0.1"


class EmbeddedIdentityProvider:
    """The mock provider for one run; it requires a nonce, as the reference application sends."""

    def __init__(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._running = ExitStack()
        server = self._running.enter_context(run_server_in_thread(require_nonce=True))
        self.issuer = f"http://{HOST}:{server.server_port}"

    def close(self) -> None:
        """Stop the provider (once; later calls do nothing)."""
        self._running.close()
