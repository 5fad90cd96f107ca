"""Every request to arXiv goes through `Fetcher.get`: the shared politeness gap, a timeout,
Retry-After on 429/503, exponential backoff with jitter otherwise, and a check of the page
before it is accepted (a truncated or short page is retried like a failed request).
"""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import unquote_plus

import requests
from django.conf import settings
from lxml import etree

from ingest.politeness import hold_off, polite_turn

logger = logging.getLogger(__name__)

T = TypeVar("T")
USER_AGENT = "arxiv-trends/1.0 (metadata harvester; https://github.com/arxiv-trends)"
# A Retry-After beyond this is taken as a misconfigured server, not a reason to sleep a day.
MAX_RETRY_AFTER_SECONDS = 3600.0


class BadPage(Exception):
    """A response that arrived but cannot be used as it is (malformed, empty, short).

    `fallback` is what may be used if every retry gives the same (a short but non-empty
    page: its records are real and the next page starts after them, so nothing is skipped).
    """

    def __init__(self, reason: str, fallback: Any = None) -> None:
        super().__init__(reason)
        self.fallback = fallback


class FetchFailed(Exception):
    """A page that could not be fetched after every retry; `where` names the page."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def parse_strict_xml(content: bytes) -> Any:
    """Parse without recovery: a truncated or malformed document is a BadPage, never half-read."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadPage(f"truncated or malformed XML ({exc})") from None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


@dataclass
class Fetcher:
    """Sends requests for one harvest run and counts them; `on_problem` hears each retry."""

    host_key: str = "arxiv"
    on_problem: Callable[[str, str], None] | None = None
    requests_made: int = 0
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, url: str, parse: Callable[[bytes], T], params: dict[str, str] | None = None) -> T:
        """GET `url` and return parse(body), retrying failures; raise FetchFailed at the end."""
        return self.request("GET", url, lambda response: parse(response.content), params=params)

    def request(
        self,
        method: str,
        url: str,
        parse: Callable[[requests.Response], T],
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> T:
        """Send `method` to `url` and return parse(response), retrying like `get`.

        With conditional `headers` (If-None-Match, If-Modified-Since) a 304 is an answer too,
        handed to `parse` like a 200: "nothing changed" is not a failure to retry.
        """
        conditional = bool(headers) and any(
            name.lower() in ("if-none-match", "if-modified-since") for name in headers or {}
        )
        retries = settings.ARXIV_RETRIES
        where = _describe(url, params)
        problem = ""
        fallback: Any = None
        for attempt in range(retries + 1):
            self.requests_made += 1
            delay = _backoff(attempt)
            try:
                # The next gap starts once this request is answered (ingest.politeness).
                with polite_turn(self.host_key):
                    response = self.session.request(
                        method,
                        url,
                        params=params,
                        json=json,
                        timeout=settings.ARXIV_TIMEOUT_SECONDS,
                        headers={**(headers or {}), "User-Agent": USER_AGENT},
                    )
                    wait = retry_after_seconds(response.headers.get("Retry-After"))
                    if wait is not None and response.status_code in (429, 503):
                        # Every worker must respect it, not only this one: move the shared
                        # slot before the turn ends, so no other worker sends first.
                        hold_off(self.host_key, wait)
            except requests.RequestException as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                status = response.status_code
                if status == 200 or (status == 304 and conditional):
                    try:
                        return parse(response)
                    except BadPage as exc:
                        problem, fallback = str(exc), exc.fallback
                elif status in (429, 503) or status >= 500:
                    problem = f"HTTP {status}"
                    if wait is not None and status in (429, 503):  # held off above
                        problem += f" (Retry-After {wait:g} s)"
                        delay = 0.0
                else:
                    raise FetchFailed(where, f"HTTP {status}: {response.text[:200]}")
            logger.warning("%s: try %d of %d failed: %s", where, attempt + 1, retries + 1, problem)
            if self.on_problem:
                self.on_problem(where, problem)
            if attempt < retries and delay:
                time.sleep(delay)
        if fallback is not None:
            logger.warning("%s: using the short page after %d tries", where, retries + 1)
            return fallback
        raise FetchFailed(where, f"gave up after {retries + 1} tries: {problem}")


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter around it, so workers do not retry in step."""
    base = settings.ARXIV_BACKOFF_SECONDS * (2**attempt)
    return base * random.uniform(0.5, 1.5)


def _describe(url: str, params: dict[str, str] | None) -> str:
    """The page, readable: errors of a run name it ("...submittedDate:[...]&start=500...")."""
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return unquote_plus(url)
