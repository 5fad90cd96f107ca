"""How a recorded ingest run is started again ("Run again now" in admin).

Each source's owner registers how to queue its run again from `IngestRun.parameters`:
ingest registers the arXiv harvests, institutions the conference fetchers (in their
`AppConfig.ready`), so ingest never imports a feature app.
"""

from collections.abc import Callable
from typing import Any

Rerun = Callable[[dict[str, Any]], str]

_RERUNS: dict[str, Rerun] = {}


def register(source: str, rerun: Rerun) -> None:
    """`rerun(parameters)` queues the run again and returns the task id."""
    _RERUNS[source] = rerun


def can_rerun(source: str) -> bool:
    return source in _RERUNS


def rerun(source: str, parameters: dict[str, Any]) -> str:
    return _RERUNS[source](parameters)
