"""A fake arXiv: a real HTTP server on 127.0.0.1 serving the API (Atom) and OAI-PMH (arXivRaw)
from records in the Cornell snapshot layout (the demo corpus), with injectable faults and a log
of every request with its arrival time.

Entries look like the real feed's: ids carry their version and published/updated differ for
papers with several versions; titles keep their TeX and reach the client XML-escaped, with
non-ASCII letters as character references; summaries keep their line breaks; and, as on
arXiv, the MSC/ACM classes the authors gave follow the arXiv categories in an entry's
`<category>` list (OAI: `<msc-class>`, `<acm-class>`). The demo corpus has no such classes,
so by default every CLASSIFIED_EVERY-th paper is given some from CLASSIFICATIONS.

    with FakeArxiv(papers, oai_page_size=100) as fake:
        fake.inject("503", retry_after=1)            # the next request gets a 503
        fake.inject("truncated", times=3, match="start=100")
        ... settings.ARXIV_API_URL = fake.api_url ...
        fake.log  # [Request(at=..., path=..., query=..., status=...), ...]

Also runnable on its own for manual tries: `python -m tests.fake_arxiv 2019-06`.
"""

import argparse
import contextlib
import json
import lzma
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

DEMO_CORPUS = Path(__file__).resolve().parent.parent / "data/demo/arxiv-ml-1994-2019.v2.jsonl.xz"
FAULTS = ("503", "429", "empty", "truncated", "slow", "bad-token")
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]")
_QUERY_WINDOW = re.compile(r"submittedDate:\[(\d{12}) TO (\d{12})\]")
ATOM_SCHEME = "http://arxiv.org/schemas/atom"
# (msc-class, acm-class) as authors write them on arXiv (see the data README).
CLASSIFICATIONS = (("68T45", ""), ("", "I.2.6; I.4.8"), ("94A29, 94A08", "I.4.8"))
CLASSIFIED_EVERY = 4


@cache
def demo_papers() -> tuple[dict[str, Any], ...]:
    """Every record of the demo corpus (read once per process)."""
    with lzma.open(DEMO_CORPUS, "rt", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines if line.strip())


def papers_of_month(month: str) -> list[dict[str, Any]]:
    """Demo records whose v1 was submitted in `month` (YYYY-MM)."""
    return [p for p in demo_papers() if v1_time(p).strftime("%Y-%m") == month]


def v1_time(paper: dict[str, Any]) -> datetime:
    return parsedate_to_datetime(paper["versions"][0]["created"]).astimezone(UTC)


def last_time(paper: dict[str, Any]) -> datetime:
    return parsedate_to_datetime(paper["versions"][-1]["created"]).astimezone(UTC)


def with_classifications(papers: list[dict[str, Any]], every: int) -> list[dict[str, Any]]:
    """Copies of `papers`, every `every`-th one without classes given some (0: none)."""
    decorated = []
    for position, p in enumerate(papers):
        if every and position % every == 0 and not (p.get("msc-class") or p.get("acm-class")):
            msc, acm = CLASSIFICATIONS[(position // every) % len(CLASSIFICATIONS)]
            p = {**p, "msc-class": msc, "acm-class": acm}
        decorated.append(p)
    return decorated


def classification_terms(p: dict[str, Any]) -> list[str]:
    """The record's MSC and ACM classes, each as one term, the way the API lists them."""
    return [p[field] for field in ("msc-class", "acm-class") if p.get(field)]


@dataclass
class Request:
    at: float  # time.time() when the request arrived
    path: str
    query: str
    status: int = 0
    fault: str = ""


@dataclass
class Fault:
    kind: str
    times: int
    match: str
    retry_after: str | None
    seconds: float


class FakeArxiv:
    def __init__(
        self,
        papers: list[dict[str, Any]],
        *,
        api_cap: int = 30000,
        oai_page_size: int = 100,
        classified_every: int = CLASSIFIED_EVERY,
    ) -> None:
        self.papers = with_classifications(
            sorted(papers, key=lambda p: (v1_time(p), p["id"])), classified_every
        )
        self.api_cap = api_cap
        self.oai_page_size = oai_page_size
        self.log: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/query"

    @property
    def oai_url(self) -> str:
        return self.base_url + "/oai"

    def __enter__(self) -> "FakeArxiv":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def inject(
        self,
        kind: str,
        *,
        times: int = 1,
        match: str = "",
        retry_after: str | None = None,
        seconds: float = 0.0,
    ) -> None:
        """Make the next `times` requests whose URL contains `match` fail with `kind`."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        with self.lock:
            self.faults.append(Fault(kind, times, match, retry_after, seconds))

    def requests_to(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path == path]

    def take_fault(self, url: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.match in url:
                    fault.times -= 1
                    return fault
        return None

    # --- the API ------------------------------------------------------------------------
    def api_page(self, query: dict[str, list[str]], empty: bool = False) -> bytes:
        search = query.get("search_query", [""])[0]
        categories = set(re.findall(r"cat:([\w.\-]+)", search))
        window = _QUERY_WINDOW.search(search)
        start = int(query.get("start", ["0"])[0])
        size = int(query.get("max_results", ["10"])[0])
        matches = [
            p
            for p in self.papers
            if categories.intersection(p["categories"].split())
            and (
                not window
                or window.group(1) <= v1_time(p).strftime("%Y%m%d%H%M") <= window.group(2)
            )
        ]
        served = [] if empty else matches[start : min(start + size, self.api_cap)]
        entries = "".join(_atom_entry(p) for p in served)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f"<title>arXiv Query: {escape(search)}</title>"
            f"<opensearch:totalResults>{len(matches)}</opensearch:totalResults>"
            f"<opensearch:startIndex>{start}</opensearch:startIndex>"
            f"<opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>"
            f"{entries}</feed>"
        ).encode()

    # --- OAI-PMH ------------------------------------------------------------------------
    def oai_page(self, query: dict[str, list[str]], empty: bool = False) -> bytes:
        def arg(name: str) -> str:
            return query.get(name, [""])[0]

        if arg("verb") != "ListRecords":
            return _oai_error("badVerb", "only ListRecords is faked")
        if arg("resumptionToken"):
            try:
                set_spec, since, until, offset_text = arg("resumptionToken").split("|")
                offset = int(offset_text)
            except ValueError:
                return _oai_error("badResumptionToken", "unreadable token")
        else:
            if arg("metadataPrefix") != "arXivRaw":
                return _oai_error("cannotDisseminateFormat", arg("metadataPrefix"))
            set_spec, since, until, offset = arg("set"), arg("from"), arg("until"), 0
        matches = sorted(
            (
                p
                for p in self.papers
                if any(c.split(".")[0] == set_spec for c in p["categories"].split())
                and (not since or p["update_date"] >= since)
                and (not until or p["update_date"] <= until)
            ),
            key=lambda p: (p["update_date"], p["id"]),
        )
        if not matches:
            return _oai_error("noRecordsMatch", "no records")
        served = [] if empty else matches[offset : offset + self.oai_page_size]
        following = offset + self.oai_page_size
        token = f"{set_spec}|{since}|{until}|{following}" if following < len(matches) else ""
        records = "".join(_oai_record(p, set_spec) for p in served)
        return _oai_envelope(
            f"<ListRecords>{records}<resumptionToken completeListSize="
            f'"{len(matches)}" cursor="{offset}">{token}</resumptionToken></ListRecords>'
        )


def _handler_for(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            entry = Request(time.time(), urlsplit(self.path).path, urlsplit(self.path).query)
            with fake.lock:
                fake.log.append(entry)
            fault = fake.take_fault(self.path)
            entry.fault = fault.kind if fault else ""
            if fault and fault.kind in ("503", "429"):
                entry.status = int(fault.kind)
                self.send_response(entry.status)
                if fault.retry_after is not None:
                    self.send_header("Retry-After", fault.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fault and fault.kind == "slow":
                time.sleep(fault.seconds)
            query = parse_qs(entry.query)
            empty = bool(fault and fault.kind == "empty")
            if entry.path == "/api/query":
                body = fake.api_page(query, empty)
            elif entry.path == "/oai":
                if fault and fault.kind == "bad-token":
                    body = _oai_error("badResumptionToken", "expired")
                else:
                    body = fake.oai_page(query, empty)
            else:
                entry.status = 404
                self.send_error(404)
                return
            if fault and fault.kind == "truncated":
                body = body[: len(body) // 2]
            entry.status = 200
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # The client may have timed out first (a "slow" fault): that is the point.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the structured log above is the record

    return Handler


def _x(value: Any) -> str:
    """XML text; non-ASCII as character references (`&#228;`), as arXiv's feed may send it."""
    text = escape(_NOT_XML.sub("", str(value or "")))
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _authors(text: str) -> list[str]:
    return [a.strip() for a in re.split(r",\s*|\s+and\s+", text or "") if a.strip()]


def _atom_entry(p: dict[str, Any]) -> str:
    categories = p["categories"].split()
    version = len(p["versions"])
    return (
        f"<entry><id>http://arxiv.org/abs/{p['id']}v{version}</id>"
        f"<updated>{last_time(p).isoformat().replace('+00:00', 'Z')}</updated>"
        f"<published>{v1_time(p).isoformat().replace('+00:00', 'Z')}</published>"
        f"<title>{_x(p['title'])}</title><summary>{_x(p['abstract'])}</summary>"
        + "".join(f"<author><name>{_x(a)}</name></author>" for a in _authors(p["authors"]))
        + (f"<arxiv:comment>{_x(p['comments'])}</arxiv:comment>" if p.get("comments") else "")
        + (f"<arxiv:doi>{_x(p['doi'])}</arxiv:doi>" if p.get("doi") else "")
        + f'<link href="http://arxiv.org/abs/{p["id"]}v{version}" rel="alternate" '
        'type="text/html"/>'
        f"<arxiv:primary_category term={quoteattr(categories[0])} scheme={quoteattr(ATOM_SCHEME)}/>"
        + "".join(
            f"<category term={quoteattr(c)} scheme={quoteattr(ATOM_SCHEME)}/>"
            for c in [*categories, *classification_terms(p)]
        )
        + "</entry>"
    )


def _oai_record(p: dict[str, Any], set_spec: str) -> str:
    versions = "".join(
        f'<version version="{v["version"]}"><date>{_x(v["created"])}</date></version>'
        for v in p["versions"]
    )
    optional = "".join(
        f"<{tag}>{_x(p[tag])}</{tag}>"
        for tag in ("comments", "msc-class", "acm-class", "doi")
        if p.get(tag)
    )
    return (
        f"<record><header><identifier>oai:arXiv.org:{p['id']}</identifier>"
        f"<datestamp>{p['update_date']}</datestamp><setSpec>{set_spec}</setSpec></header>"
        '<metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">'
        f"<id>{_x(p['id'])}</id>{versions}<title>{_x(p['title'])}</title>"
        f"<authors>{_x(p['authors'])}</authors><categories>{_x(p['categories'])}</categories>"
        f"{optional}<abstract>{_x(p['abstract'])}</abstract></arXivRaw></metadata></record>"
    )


def _oai_envelope(inner: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        f"<responseDate>{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}</responseDate>"
        f"<request>http://fake/oai</request>{inner}</OAI-PMH>"
    ).encode()


def _oai_error(code: str, text: str) -> bytes:
    return _oai_envelope(f'<error code="{code}">{_x(text)}</error>')


def serve(argv: list[str] | None = None) -> Iterator[FakeArxiv]:  # pragma: no cover
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("month", help="YYYY-MM of the demo corpus to serve")
    args = parser.parse_args(argv)
    with FakeArxiv(papers_of_month(args.month)) as fake:
        yield fake


if __name__ == "__main__":  # pragma: no cover
    for running in serve():
        print(f"API {running.api_url}  OAI {running.oai_url}  (Ctrl-C stops)", flush=True)
        running.thread.join()
