"""Harvest runs from arXiv (API and OAI-PMH): resumable, one commit per page, nothing lost.

Each page's papers and the run's cursor (where to continue) commit in one transaction, so
a run stopped at any instant (SIGKILL, time limit, database restart) leaves a cursor that
matches the data. The next run over the same input takes that cursor over. The run's
lifecycle (lock per input, open/resume, progress, finish) is IngestRun's, shared with the
snapshot import.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.locks import advisory_lock
from core.reports import ImportReport
from ingest.models import IngestBusy, IngestRun
from ingest.records import InvalidRecord
from ingest.sources.arxiv_api import PoliteClient, Window
from ingest.sources.http import Fetcher, FetchFailed
from ingest.sources.oai import METADATA_PREFIX, OAIProtocolError, PoliteSickle
from papers.store import PaperRecord, upsert_papers

logger = logging.getLogger(__name__)
OAI_SETS = ("cs", "stat")
# A server that keeps refusing fresh resumption tokens is broken: stop instead of looping.
MAX_TOKEN_RESTARTS = 3


@dataclass
class Harvest:
    """The state of one running harvest: its run row, report, cursor and touched months."""

    run: IngestRun
    fetcher: Fetcher
    report: ImportReport = field(default_factory=ImportReport)
    cursor: dict[str, object] = field(init=False)
    months: set[date] = field(init=False)

    def __post_init__(self) -> None:
        self.cursor = dict(self.run.cursor)
        self.months = self.run.cursor_months

    def commit(
        self,
        records: list[PaperRecord],
        cursor: dict[str, object],
        *,
        invalid: list[tuple[str, InvalidRecord]] = (),  # type: ignore[assignment]
        skips: dict[str, int] | None = None,
        progress: str = "",
    ) -> None:
        """Store one page's papers and the cursor after it, together or not at all."""
        report = self.report
        with transaction.atomic():
            counts = upsert_papers(records)
            self.months |= counts.touched_months
            report.read += len(records) + len(invalid) + sum((skips or {}).values())
            report.imported += counts.imported
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            for why, count in (skips or {}).items():
                report.skip(why, count)
            for where, problem in invalid:
                report.reject(where, str(problem), problem.kind)
            self.run.requests = self.fetcher.requests_made
            self.run.save_progress(report, cursor, self.months, progress)
            self.cursor = self.run.cursor

    def note(self, where: str, reason: str) -> None:
        """Record a problem that did not stop the run (a retried request, a capped window)."""
        self.report.errors.add(where, reason)
        self.run.errors = list(self.report.errors)
        self.run.requests = self.fetcher.requests_made
        self.run.save(update_fields=["errors", "requests"])


def harvest_api(
    categories: list[str], since: date, until: date, *, resume: bool = True
) -> IngestRun:
    """Harvest papers of `categories` submitted from `since` to `until` (whole UTC days)."""
    key = f"{','.join(sorted(categories))}:{since.isoformat()}:{until.isoformat()}"
    parameters: dict[str, object] = {
        "categories": categories,
        "from": since.isoformat(),
        "until": until.isoformat(),
    }

    def body(harvest: Harvest) -> None:
        client = PoliteClient(harvest.fetcher)
        cap = settings.ARXIV_API_RESULT_CAP
        if "pending" in harvest.cursor:
            pending = [Window.from_cursor(w) for w in harvest.cursor["pending"]]  # type: ignore[attr-defined]
            start = int(harvest.cursor.get("start", 0))  # type: ignore[call-overload]
        else:
            end = datetime.combine(until, time(23, 59), tzinfo=UTC)
            pending, start = [Window(datetime.combine(since, time(), tzinfo=UTC), end)], 0
        while pending:
            window = pending[0]
            page = client.page(categories, window, start)
            if start == 0 and page.total > cap:
                halves = window.split()
                if halves:
                    pending[0:1] = halves
                    harvest.commit([], _api_cursor(pending, 0), progress=f"split {window}")
                    continue
                harvest.note(str(window), f"{page.total} results exceed the API cap of {cap}")
            where = f"window {window} start={start}"
            start += len(page.records) + len(page.invalid)
            if start >= min(page.total, cap):
                pending.pop(0)
                progress = f"finished {window} ({page.total} results); {len(pending)} left"
                start = 0
            else:
                progress = f"{window}: {start} of {page.total}; {len(pending) - 1} more windows"
            harvest.commit(
                page.records,
                _api_cursor(pending, start),
                invalid=[(f"{where}: {entry}", problem) for entry, problem in page.invalid],
                progress=progress,
            )

    return run_harvest(IngestRun.Source.ARXIV_API, key, parameters, body, resume=resume)


def _api_cursor(pending: list[Window], start: int) -> dict[str, object]:
    return {"pending": [w.to_cursor() for w in pending], "start": start}


def harvest_oai(
    since: date,
    until: date,
    *,
    sets: tuple[str, ...] = OAI_SETS,
    categories: list[str] | None = None,
    resume: bool = True,
) -> IngestRun:
    """Harvest records with datestamps from `since` to `until` in `sets`, kept if they carry
    any of `categories` (default: the ML categories). Resumes from the stored token."""
    chosen = frozenset(categories or settings.ML_CATEGORIES)
    key = f"{','.join(sets)}:{since.isoformat()}:{until.isoformat()}"
    parameters: dict[str, object] = {
        "sets": list(sets),
        "categories": sorted(chosen),
        "from": since.isoformat(),
        "until": until.isoformat(),
        "metadata_prefix": METADATA_PREFIX,
    }

    def body(harvest: Harvest) -> None:
        client = PoliteSickle(harvest.fetcher, chosen)
        remaining = list(harvest.cursor.get("sets", sets))  # type: ignore[call-overload]
        token = harvest.cursor.get("token")
        restarts = 0
        while remaining:
            set_spec = remaining[0]
            if token:
                params = {"resumptionToken": str(token)}
            else:
                params = {
                    "metadataPrefix": METADATA_PREFIX,
                    "set": set_spec,
                    "from": since.isoformat(),
                    "until": until.isoformat(),
                }
            try:
                page = client.list_records_page(**params)
            except OAIProtocolError as exc:
                if exc.code != "badResumptionToken" or restarts >= MAX_TOKEN_RESTARTS:
                    raise FetchFailed(f"set {set_spec} token {token}", str(exc)) from None
                # Tokens expire: start the set again (re-reading it is harmless).
                restarts += 1
                harvest.note(f"set {set_spec} token {token}", f"{exc}; restarting the set")
                token = None
                continue
            token = page.token
            if not token:
                remaining.pop(0)
            done = f" ({page.cursor} of {page.complete_list_size})" if page.cursor else ""
            harvest.commit(
                page.records,
                {"sets": remaining, "token": token},
                invalid=[(f"set {set_spec}: {i}", problem) for i, problem in page.invalid],
                skips={"deleted": page.deleted, "outside the categories": page.outside_categories},
                progress=f"set {set_spec}{done}; sets left: {', '.join(remaining) or 'none'}",
            )

    return run_harvest(IngestRun.Source.ARXIV_OAI, key, parameters, body, resume=resume)


def run_harvest(
    source: str,
    key: str,
    parameters: dict[str, object],
    body: Callable[[Harvest], None],
    *,
    resume: bool,
    host_key: str = "arxiv",
) -> IngestRun:
    """Lock the input, open (or take over) its run, run `body`, refresh, record the outcome.

    `host_key` is the politeness slot of the remote host (one gap per host, not per run).

    A page that fails after every retry ends the run as FAILED with the page named in its
    errors and the cursor still before that page; the next run starts there.
    """
    with advisory_lock(IngestRun.lock_name(source, key)) as held:
        if not held:
            raise IngestBusy(f"a {source} harvest of {key} is already running")
        run = IngestRun.objects.open(source, key, parameters, resume=resume)
        harvest = Harvest(run, Fetcher(host_key=host_key))
        harvest.fetcher.on_problem = lambda where, why: harvest.note(where, f"retried: {why}")
        try:
            body(harvest)
        except FetchFailed as exc:
            harvest.report.errors.add(exc.where, exc.reason)
            _finish(
                harvest, IngestRun.State.FAILED, f"stopped at {exc}; the next run resumes there"
            )
            return run
        except BaseException as exc:
            # Ctrl-C, a time limit, a lost database: stop now. The months stay in the cursor
            # and the run that resumes this one re-aggregates them.
            message = f"stopped: {type(exc).__name__}: {exc}; months not re-aggregated yet"
            try:
                _finish(harvest, IngestRun.State.FAILED, message, refresh=False)
            except Exception:
                # The database itself is gone: the run stays RUNNING and the next run, finding
                # its lock free, takes it over from the last committed cursor.
                logger.exception("could not record the end of ingest run %s", run.pk)
            raise
        _finish(harvest, IngestRun.State.SUCCEEDED, "")
        return run


def _finish(harvest: Harvest, state: str, message: str, *, refresh: bool = True) -> None:
    """Refresh the months this run (and any run it took over) touched; record the end."""
    run = harvest.run
    if refresh:
        run.refresh_months(harvest.months)
    summary = (
        f"{harvest.report.summary()}, requests {harvest.fetcher.requests_made}, refreshed "
        f"{run.refresh.get('months', 0)} month(s) in {run.refresh.get('seconds', 0):.2f} s"
    )
    run.requests = harvest.fetcher.requests_made
    run.finish(harvest.report, state, f"{message}; {summary}" if message else summary)


def recent_window(days: int, today: date | None = None) -> tuple[date, date]:
    """(first, last) day of the `days` days ending today (UTC): the daily job's window."""
    last = today or timezone.now().astimezone(UTC).date()
    return last - timedelta(days=days - 1), last


def harvest_recent(days: int = 2) -> IngestRun:
    """The scheduled job: the ML categories submitted in the `days` days ending today.

    Never overlaps itself, even across midnight when its window (and so its input lock)
    changes: a second copy raises IngestBusy.
    """
    with advisory_lock("ingest:harvest_recent") as held:
        if not held:
            raise IngestBusy("the previous scheduled harvest is still running")
        since, until = recent_window(days)
        return harvest_api(list(settings.ML_CATEGORIES), since, until)
