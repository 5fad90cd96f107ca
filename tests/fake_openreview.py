"""Fake conference list servers: real HTTP on 127.0.0.1, for the fetchers' tests.

`FakePaperlists` serves paperlists-format JSON (a file of data/conferences/) with an ETag and
Last-Modified, answering If-None-Match / If-Modified-Since with 304. `FakeOpenReview` speaks
the part of the OpenReview API v2 that openreview-py 2.9 uses for public data (read from its
source, openreview/api/client.py and tools.py):

- no login: a client without username, password or token sends no request when created;
- `GET /notes?content.venueid=V&sort=id&limit=1000&count=true` -> {"notes": [...], "count": n}
  (`get_all_notes` through `tools.efficient_iterget`), then the same with `after=<last id>`
  and `count=false` until a page comes back empty;
- `POST /profiles/search` with {"ids": [...]} -> {"profiles": [...]} (`search_profiles(ids=)`),
  matching a profile by its id or any of its names' usernames.

Both log every request and take injected faults:

    with FakeOpenReview(notes, profiles) as fake:
        fake.inject(429, retry_after="1", path="/notes")   # the next /notes gets a 429
        fake.log  # [Request(at=..., method=..., path=..., status=...), ...]
"""

import json
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    at: float
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    status: int = 0


@dataclass
class Fault:
    status: int
    path: str
    retry_after: str | None
    times: int


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class FakeServer:
    """A threaded HTTP server on a free port; subclasses answer in `respond`."""

    def __init__(self) -> None:
        self.log: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> Self:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def inject(
        self, status: int, *, path: str = "", retry_after: str | None = None, times: int = 1
    ) -> None:
        """The next `times` requests whose path starts with `path` get `status`."""
        with self.lock:
            self.faults.append(Fault(status, path, retry_after, times))

    def fault_for(self, path: str) -> Answer | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and path.startswith(fault.path):
                    fault.times -= 1
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    return Answer(fault.status, b'{"name": "RateLimitError"}', headers)
        return None

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def respond(self, request: Request, body: bytes) -> Answer:
        raise NotImplementedError


def _handler_for(fake: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Request(
                time.time(), self.command, parts.path, parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
            )  # fmt: skip
            fake.log.append(request)
            answer = fake.fault_for(parts.path) or fake.respond(request, body)
            request.status = answer.status
            self.send_response(answer.status)
            headers = {"Content-Type": "application/json", **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class FakePaperlists(FakeServer):
    """Serves `lists` ({"/icml2017.json": bytes}) with validators, honouring them with 304.

    `honour_validators=False` plays a server that always sends the whole list."""

    def __init__(self, lists: dict[str, bytes], *, honour_validators: bool = True) -> None:
        super().__init__()
        self.lists = lists
        self.honour_validators = honour_validators
        self.last_modified = formatdate(time.time() - 86400, usegmt=True)

    def etag(self, path: str) -> str:
        return f'"{hash(self.lists[path]) & 0xFFFFFFFF:08x}"'

    def respond(self, request: Request, body: bytes) -> Answer:
        if request.path not in self.lists:
            return Answer(404, b"not found")
        validators = {"ETag": self.etag(request.path), "Last-Modified": self.last_modified}
        if self.honour_validators and (
            request.headers.get("if-none-match") == validators["ETag"]
            or request.headers.get("if-modified-since") == self.last_modified
        ):
            return Answer(304, b"", validators)
        return Answer(200, self.lists[request.path], validators)


class FakeOpenReview(FakeServer):
    def __init__(self, notes: list[dict[str, Any]], profiles: list[dict[str, Any]]) -> None:
        super().__init__()
        self.notes = sorted(notes, key=lambda n: n["id"])
        self.profiles = profiles

    def respond(self, request: Request, body: bytes) -> Answer:
        if request.method == "GET" and request.path == "/notes":
            return self._notes(request.query)
        if request.method == "POST" and request.path == "/profiles/search":
            ids = set(json.loads(body or b"{}").get("ids") or [])
            found = [p for p in self.profiles if ids & _usernames(p)]
            return Answer(200, json.dumps({"profiles": found}).encode())
        return Answer(404, json.dumps({"name": "NotFoundError", "message": request.path}).encode())

    def _notes(self, query: dict[str, list[str]]) -> Answer:
        def one(name: str, default: str = "") -> str:
            return query.get(name, [default])[0]

        venue = one("content.venueid")
        chosen = [n for n in self.notes if n["content"].get("venueid", {}).get("value") == venue]
        matching = len(chosen)
        chosen = [n for n in chosen if n["id"] > one("after")][: int(one("limit", "1000"))]
        answer: dict[str, Any] = {"notes": chosen}
        if one("count") == "true":
            answer["count"] = matching
        return Answer(200, json.dumps(answer).encode())


def _usernames(profile: dict[str, Any]) -> set[str]:
    names = profile.get("content", {}).get("names", [])
    return {profile["id"], *(n["username"] for n in names if n.get("username"))}


def note(
    note_id: str,
    title: str,
    authors: list[str],
    authorids: list[str],
    venue_id: str,
    venue: str = "ICLR 2025 Poster",
) -> dict[str, Any]:
    """An accepted submission as API v2 returns it (content fields wrapped in {"value": ...})."""
    content = {"title": title, "authors": authors, "authorids": authorids, "venue": venue,
               "venueid": venue_id}  # fmt: skip
    return {
        "id": note_id, "forum": note_id, "invitations": [f"{venue_id}/-/Submission"],
        "content": {name: {"value": value} for name, value in content.items()},
    }  # fmt: skip


def profile(
    profile_id: str, history: list[tuple[str, str, int | None, int | None]]
) -> dict[str, Any]:
    """A profile with (institution, domain, start, end) history entries."""
    return {
        "id": profile_id,
        "content": {
            "names": [{"fullname": profile_id.strip("~").rstrip("0123456789").replace("_", " "),
                       "username": profile_id, "preferred": True}],
            "history": [
                {"position": "Researcher", "start": start, "end": end,
                 "institution": {"name": name, "domain": domain}}
                for name, domain, start, end in history
            ],
        },
    }  # fmt: skip
