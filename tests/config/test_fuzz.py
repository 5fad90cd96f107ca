"""Fuzz every public endpoint: never a 5xx, an API's 400 is JSON with `error`, all in time.

The API endpoints and their parameters are read from the OpenAPI document (config.api), so an
endpoint is fuzzed from the moment it is published; the pages take the parameters their forms
send. Values mix the documented examples, values that once answered 500 or took a minute
(NUL, control and superscript characters, years 0 / 10000 / 9998, huge numbers, very long
strings, comma floods) and hypothesis' own text. The runs are deterministic (derandomize) and
bounded by FUZZ_EXAMPLES per test; the tally of statuses is kept in test-artifacts/.
"""

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from entities.models import Entity
from entities.seeding import seed_entities
from ingest.snapshot import SnapshotFilter, import_snapshot
from institutions.importer import import_conference
from institutions.refresh import refresh_all
from tests.conftest import ARTIFACTS, paper
from tests.institutions.test_institutions_stats import PAPERS_2017, PAPERS_2018, write

pytestmark = pytest.mark.django_db

# Requests per hypothesis test of the APIs; the pages (each a rendered chart) get a third.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
TIME_CAP_SECONDS = 5.0
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,  # the time cap below is asserted on each response instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "", " ", "\x00", "a\x00b", "entity:a\x00b", "\x1b[2J", "line\nbreak", "\x7f", "\x85",
    "²", "²⁰¹⁷-⁰³", "٢٠١٧-٠٣", "\uff13", "0", "-1", "+5", "1e9", "NaN", "99999999999999999999",
    "9" * 400, "0000-01", "0001-01", "0001-06", "9998-12", "9999-12", "10000-01", "2017-00",
    "2017-13", "2017-3", "2017-03-01", "1950-01", "2100-01", "x" * 5000, "," * 3000,
    "a," * 700, "gan," * 11, "entity:", "group:", "entity:" + "x" * 200, "group:nope",
    "🦄", "\uff34\uff45\uff4e\uff53\uff4f\uff52\uff26\uff4c\uff4f\uff57", "' OR 1=1 --",
    "%00", "=HYPERLINK(\"x\")", "all", "ALL",
    "cs.LG,,stat.ML", "csv", "json", "xml", "1", "true", "maybe", "full", "abstract",
    "framework", "optimizer", "icml", "neurips", "2017", "2018", "Google", "Stanford University",
]  # fmt: skip
OFFENDERS = ["", "entity:a\x00b", "²", "0000-01", "9998-12", "10000-01", "9" * 400, "," * 3000]
PAGES = {
    "/": ["categories", "from", "to", "mode"],
    "/trends/": ["q", "categories", "from", "to", "smooth", "min_papers"],
    "/hot/": ["as_of", "window", "limit", "categories", "allow_partial"],
    "/institutions/": [
        "conference",
        "year",
        "top",
        "parents",
        "counting",
        "as_today",
        "institution",
        "trend",
        "row",
    ],
    "/entities/": ["kind", "text", "bibliography", "from", "to", "month", "categories"],
}
# Endpoints whose answer a worker computes: 202 with Retry-After until it is stored.
COMPUTED = {"/api/hot", "/hot/"}
# Endpoints that take no parameter at all.
NO_PARAMETERS = {"/api/coverage"}


def api_endpoints() -> dict[str, dict[str, list[str]]]:
    """{path: {parameter: [its documented example]}} from the published document."""
    document = api.get_openapi_schema(path_prefix="")
    return {
        "/api" + path: {p["name"]: [p["example"]] for p in operation["get"]["parameters"]}
        for path, operation in document["paths"].items()
    }


ENDPOINTS = api_endpoints()
TALLY: Counter[str] = Counter()
# The pages take the APIs' parameters under the same names: fuzz them with the same examples.
EXAMPLES_BY_NAME = {name: ex for params in ENDPOINTS.values() for name, ex in params.items()}


def requests(endpoints: dict[str, dict[str, list[str]]]) -> st.SearchStrategy[str]:
    """A URL of one endpoint with some of its parameters (and now and then a stray one)."""

    def one(path: str) -> st.SearchStrategy[str]:
        names = [*sorted(endpoints[path]), "stray"]
        values = st.one_of(
            st.sampled_from(HOSTILE),
            st.sampled_from(
                [e for examples in endpoints[path].values() for e in examples] or HOSTILE
            ),
            st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
            st.integers().map(str),
        )
        query = st.dictionaries(st.sampled_from(names), values, max_size=len(names))
        return query.map(lambda params: f"{path}?{urlencode(params)}")

    return st.sampled_from(sorted(endpoints)).flatmap(one)


@pytest.fixture
def world(write_snapshot, tmp_path):
    """A little of everything, so that the parsers are reached and the analytics run."""
    texts = ["We train a GAN in PyTorch with Adam.", "TensorFlow and LSTM networks.", "Nothing."]
    lines = [
        paper(f"{y % 100}{m:02d}.{i:05d}", f"{y}-{m:02d}", abstract=texts[i % 3],
              categories=["cs.LG stat.ML", "cs.CV", "cs.CL", "cs.AI cs.LG"][i % 4])
        for i, (y, m) in enumerate((2016 + k // 12, 1 + k % 12) for k in range(30))
    ]  # fmt: skip
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))
    if not Entity.objects.exists():
        seed_entities()
    import_conference(write(tmp_path, "icml2017.json", PAPERS_2017))
    import_conference(write(tmp_path, "icml2018.json", PAPERS_2018))
    refresh_all()


def check(client: Client, url: str, *, api_errors: bool) -> None:
    started = time.monotonic()
    response = client.get(url)
    elapsed = time.monotonic() - started
    TALLY[f"{'api' if api_errors else 'page'} {response.status_code}"] += 1
    assert response.status_code < 500, (url, response.content[:300])
    path = url.split("?")[0]
    if response.status_code == 202 and path in COMPUTED:
        assert int(response["Retry-After"]) > 0, url
    else:
        assert response.status_code in (200, 400), url
    assert elapsed < TIME_CAP_SECONDS, (url, elapsed)
    if api_errors and response.status_code == 400:
        error = json.loads(response.content)["error"]
        assert isinstance(error, str) and error, url


def test_the_document_lists_the_endpoints_fuzzed():
    assert len(ENDPOINTS) >= 9
    assert all(params or path in NO_PARAMETERS for path, params in ENDPOINTS.items())


@FUZZ
@given(url=requests(ENDPOINTS))
def test_it_fuzzes_every_api_endpoint(world, url):
    check(Client(raise_request_exception=False), url, api_errors=True)


@FUZZ
@given(
    url=requests(
        {
            path: {name: EXAMPLES_BY_NAME.get(name, []) for name in names}
            for path, names in PAGES.items()
        }
    )
)
def test_it_fuzzes_every_page(world, url):
    check(Client(raise_request_exception=False), url, api_errors=False)


def test_every_known_offender_in_every_parameter(world):
    """The values that once answered 500 or ran for a minute, in each parameter of each
    endpoint and page: nothing of these is left to chance."""
    client = Client(raise_request_exception=False)
    for path, names in [*((p, list(params)) for p, params in ENDPOINTS.items()), *PAGES.items()]:
        for name in names:
            for value in OFFENDERS:
                check(client, f"{path}?{urlencode({name: value})}", api_errors=path in ENDPOINTS)


@pytest.fixture(scope="module", autouse=True)
def _keep_the_tally() -> Iterator[None]:
    """The statuses every request of this module got, kept in test-artifacts/ (per xdist
    worker) for the closing note: `fuzz-tally*.json`."""
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    ARTIFACTS.mkdir(exist_ok=True)
    tally = {"statuses": dict(sorted(TALLY.items())), "total": sum(TALLY.values())}
    (ARTIFACTS / f"fuzz-tally{'-' + worker if worker else ''}.json").write_text(json.dumps(tally))
