"""The one bounded list of problems that imports and harvests keep and store.

A file of a million bad lines must not fill memory or a database row: the list keeps the
first `limit` problems; the counts of all of them live beside it (ImportReport.invalid and
its reasons).
"""

from collections.abc import Iterable

MAX_ERRORS = 1000


class ErrorList(list[dict[str, str]]):
    """The first `limit` problems, each {"where": ..., "reason": ...}.

    A plain list underneath, so it goes into a JSONField (IngestRun.errors,
    ConferenceImport.errors) as it is and reads back as one.
    """

    def __init__(self, items: Iterable[dict[str, str]] = (), limit: int = MAX_ERRORS) -> None:
        super().__init__(items)
        self.limit = limit

    def add(self, where: str, reason: str) -> None:
        """Note a problem with where it happened (a line, a page, a record), if room is left."""
        if len(self) < self.limit:
            self.append({"where": where, "reason": reason})
