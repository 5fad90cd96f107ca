"""A switch that bulk code turns off for the length of a block, seen by signal receivers.

Bulk loaders change thousands of rows and refresh once at the end themselves, so the
receivers that would schedule a refresh per row check `switch.on` first. A ContextVar, so
the switch is per thread and per task, and nesting restores the outer state.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Switch:
    def __init__(self, name: str) -> None:
        self._off: ContextVar[bool] = ContextVar(name, default=False)

    @property
    def on(self) -> bool:
        return not self._off.get()

    @contextmanager
    def off(self) -> Iterator[None]:
        token = self._off.set(True)
        try:
            yield
        finally:
            self._off.reset(token)
