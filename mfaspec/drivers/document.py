"""The page's own document: how often it loaded, and whether the target failed to serve it."""

from __future__ import annotations

from http import HTTPStatus

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Response

from mfaspec.drivers.errors import BrowserDriverError, TargetFailed


class DocumentWatch:
    """Counts the page's loads and keeps what went wrong with the latest, to fail on it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loads = 0
        self.status = 0  # of the latest document
        self._trouble: Exception | None = None
        page.on("response", self._note_response)
        page.on("requestfailed", self._note_failure)

    def _note_response(self, response: Response) -> None:
        """Remember whether the page's own document came with a server error."""
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.loads += 1
            self.status = response.status
            status = f"{response.status} {response.status_text}".strip()
            failed = response.status >= HTTPStatus.INTERNAL_SERVER_ERROR
            self._trouble = (
                TargetFailed(f"the target answered {status} to {response.url}") if failed else None
            )

    def _note_failure(self, request: Request) -> None:
        """Remember that loading the page's own document failed (not when another replaced it)."""
        failure = request.failure or "no answer"
        document = request.is_navigation_request() and request.frame == self.page.main_frame
        if document and "ERR_ABORTED" not in failure:
            trouble = f"the connection to {request.url} failed: {failure}"
            self._trouble = BrowserDriverError(trouble)

    def check(self) -> None:
        """Fail, saying what the target did, when the page's document is an error."""
        if self._trouble is not None:
            raise self._trouble

    def open(self, url: str) -> None:
        """Load ``url`` in the page; fail with the network error or the server's error status."""
        try:
            self.page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as error:
            reason = (
                str(error).splitlines()[0].removeprefix("Page.goto: ").removesuffix(f" at {url}")
            )
            raise BrowserDriverError(f"the connection to {url} failed: {reason}") from None
        self.check()
