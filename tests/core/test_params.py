"""Parameter parsers refuse what once reached date(), int() or PostgreSQL and answered 500:
months out of range, other scripts' digits, control characters, over-long values."""

import json
from datetime import date

import pytest
from django.http import QueryDict

from core.params import MAX_VALUE_CHARS, QueryError, check_query, parse_int_param, whole_number
from ingest.snapshot import SnapshotFilter, import_snapshot
from institutions.importer import import_conference
from institutions.refresh import refresh_all
from papers.params import data_span, parse_data_month, parse_month_filter
from tests.conftest import paper
from tests.institutions.test_institutions_stats import PAPERS_2017, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(write_snapshot, tmp_path):
    lines = [paper("1501.00001", "2015-01"), paper("1712.00001", "2017-12", categories="cs.CL")]
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))
    import_conference(write(tmp_path, "icml2017.json", PAPERS_2017))
    refresh_all()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42", 42), (" 7 ", 7), ("+3", 3), ("-2", -2), ("²", None), ("٣", None), ("1_000", None),
     ("", None), ("4.0", None), ("1e3", None), ("9" * 30, int("9" * 30))],
)  # fmt: skip
def test_whole_numbers_are_ascii_digits_only(raw, expected):
    assert whole_number(raw) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [("smooth=%C2%B2", "smooth: '²' is not a whole number"),
     ("smooth=99999999999999999999", "smooth: 99999999999999999999 is outside 0..24")],
)  # fmt: skip
def test_a_number_parameter_names_itself(query, message):
    with pytest.raises(QueryError, match=message):
        parse_int_param(QueryDict(query), "smooth", 0, 0, 24)


@pytest.mark.parametrize(
    "value", ["a\x00b", "entity:a\x00b", "x\x1b[31m", "tab\there", "del\x7f", "c1\x85"]
)
def test_control_characters_are_refused_naming_the_parameter(value):
    params = QueryDict(mutable=True)
    params["institution"] = value
    with pytest.raises(QueryError, match=r"^institution: control characters are not allowed"):
        check_query(params)


def test_an_over_long_value_is_refused():
    params = QueryDict(mutable=True)
    params["q"] = "," * (MAX_VALUE_CHARS + 1)
    with pytest.raises(QueryError, match=rf"^q: longer than {MAX_VALUE_CHARS} characters"):
        check_query(params)
    params["q"] = "é" * MAX_VALUE_CHARS
    check_query(params)  # unicode itself is fine


def test_the_data_span_bounds_every_month_with_a_margin(corpus):
    assert data_span() == (date(2015, 1, 1), date(2017, 12, 1))
    assert parse_data_month("to", "2037-12") == date(2037, 12, 1)
    assert parse_data_month("from", "1995-01") == date(1995, 1, 1)
    message = r"^to: 2038-01 is outside 1995-01..2037-12 \(the data covers 2015-01..2017-12\)"
    with pytest.raises(QueryError, match=message):
        parse_data_month("to", "2038-01")
    for raw in ("9999-12", "0001-06", "0001-01"):
        with pytest.raises(QueryError, match="is outside"):
            parse_month_filter(QueryDict(f"from={raw}"))
    with pytest.raises(QueryError, match="not a month"):
        parse_data_month("as_of", "0000-01")
    with pytest.raises(QueryError, match="not a month"):
        parse_data_month("month", "٢٠١٧-٠٣")


def test_no_papers_centres_the_span_on_this_month():
    first, last = data_span()
    assert first == last == date.today().replace(day=1)


@pytest.mark.parametrize(
    ("url", "message"),
    [("/api/months?to=9998-12", "to: 9998-12 is outside"),
     ("/api/months?from=0001-06", "from: 0001-06 is outside"),
     ("/api/hot?as_of=9999-12", "as_of: 9999-12 is outside"),
     ("/api/fractions?q=entity:a%00b", "q: control characters"),
     ("/api/institutions/trend?institution=a%00b", "institution: control characters"),
     ("/api/institutions?year=%C2%B2", "year: '²' has no"),
     ("/api/institutions?top=%C2%B2", "top: '²' is not a whole number"),
     ("/api/entities?kind=framework&month=10000-01", "month: '10000-01' is not a month")],
)  # fmt: skip
def test_the_urls_that_answered_500_answer_400(client, corpus, url, message):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert json.loads(response.content)["error"].startswith(message)


@pytest.mark.parametrize(
    "url", ["/entities/?to=9998-12", "/?to=9998-12", "/?from=0001-06", "/trends/?q=a%00b"]
)
def test_pages_show_the_refusal(client, corpus, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"Cannot show this" in response.content
