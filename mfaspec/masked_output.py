"""Standard output and standard error with the run's secrets masked in everything written."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import TextIO

from mfaspec.secrets import mask


class MaskedStream(io.TextIOBase):
    """A text stream that masks the run's secrets in everything written through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream written to."""
        return self.stream.encoding

    def write(self, text: str) -> int:
        """Write ``text`` with its secrets masked."""
        self.stream.write(mask(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream written to."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Tell whether the stream written to is a terminal."""
        return self.stream.isatty()


@contextmanager
def masked_output() -> Iterator[None]:
    """Mask secrets in everything printed to stdout and stderr meanwhile."""
    with (
        redirect_stdout(MaskedStream(sys.stdout)),
        redirect_stderr(MaskedStream(sys.stderr)),
    ):
        yield
