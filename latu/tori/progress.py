"""A small progress bar on stderr for management commands (no extra dependency)."""

import sys
import time


class Progress:
    """``with Progress(total, "Importing") as bar: bar.advance()`` draws
    ``Importing [#####-----] 50/100`` on a terminal and stays quiet elsewhere
    unless ``force`` is set."""

    def __init__(self, total: int, label: str = "", stream=None, width: int = 30, force: bool = False) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0

    def __enter__(self) -> "Progress":
        self._draw(force=True)
        return self

    def __exit__(self, *exc) -> None:
        self._draw(force=True)
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def advance(self, step: int = 1) -> None:
        self.done = min(self.total, self.done + step) if self.total else self.done + step
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        share = self.done / self.total if self.total else 1.0
        filled = int(self.width * share)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()


class CommandStream:
    """A management command's ``self.stderr`` as a plain stream (no added line endings)."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()
