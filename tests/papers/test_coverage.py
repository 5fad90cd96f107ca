"""Coverage as data: the declaration file, the selection's status per month, detection."""

from datetime import date

import pytest
from django.conf import settings

from core.months import month_span, parse_month
from papers.coverage import (
    DeclarationError,
    hot_periods,
    latest_complete,
    month_statuses,
    parse_declaration,
    shaded_periods,
    suspicious_months,
)
from papers.declaration import declaration_beside, load_declaration
from tests.conftest import paper

DEMO = parse_declaration(declaration_beside(settings.DEMO_CORPUS).read_text())


def m(label: str) -> date:
    return parse_month(label)


def test_it_reads_the_demo_declaration_as_the_data_readme_states_it():
    statuses = {
        (category, label): month_statuses(DEMO, [category], [m(label)])[0].status
        for category in settings.ML_CATEGORIES
        for label in ("2005-06", "2012-01", "2017-03", "2017-04", "2018-12", "2019-06")
    }
    for category in settings.ML_CATEGORIES:
        assert statuses[(category, "2012-01")] == statuses[(category, "2017-03")] == "complete"
    assert statuses[("cs.CL", "2005-06")] == statuses[("cs.CL", "2018-12")] == "complete"
    assert statuses[("cs.CL", "2019-06")] == "partial"
    assert statuses[("cs.NE", "2019-06")] == statuses[("cs.NE", "2005-06")] == "complete"
    for category in ("cs.AI", "cs.LG", "cs.CV", "stat.ML"):
        assert statuses[(category, "2005-06")] == statuses[(category, "2017-04")] == "partial"
    # A union is as complete as its weakest category; an undeclared category is unknown.
    assert month_statuses(DEMO, ["cs.CL", "cs.LG"], [m("2018-01")])[0].status == "partial"
    assert month_statuses(DEMO, ["cs.IR"], [m("2015-01")])[0].status == "unknown"
    assert month_statuses(DEMO, ["cs.NE"], [m("2020-01")])[0].status == "unknown"


def test_it_finds_the_latest_complete_month_and_the_shaded_runs():
    months = month_span(m("1994-01"), m("2019-12"))
    assert latest_complete(DEMO, list(settings.ML_CATEGORIES), months) == m("2017-03")
    assert latest_complete(DEMO, ["cs.CL"], months) == m("2018-12")
    assert latest_complete(DEMO, ["cs.NE"], months) == m("2019-12")
    assert latest_complete([], ["cs.NE"], months) == m("2019-12")  # nothing declared
    runs = shaded_periods(DEMO, ["cs.CL"], months)
    assert runs == [{"from": "2019-01", "to": "2019-12", "status": "partial", "note": DEMO[2].note}]
    runs = shaded_periods(DEMO, None, months)  # "all": the declared categories
    # 2019 adds cs.CL's note to the four cross-listed categories': a run of its own.
    assert [(r["from"], r["to"]) for r in runs] == [
        ("1994-01", "2011-12"), ("2017-04", "2018-12"), ("2019-01", "2019-12")
    ]  # fmt: skip
    assert "2019 cs.CL is partial" in str(runs[2]["note"])


def test_it_checks_the_periods_a_hot_table_rests_on():
    six = list(settings.ML_CATEGORIES)
    upto = month_span(m("1994-01"), m("2017-03"))
    check = hot_periods(DEMO, six, upto, m("2016-04"), 12)
    assert check.problems == [] and check.earlier_start == m("2012-01")
    upto = month_span(m("1994-01"), m("2019-12"))
    check = hot_periods(DEMO, ["cs.CL"], upto, m("2019-01"), 12)
    assert len(check.problems) == 1 and "2019 cs.CL is partial" in check.problems[0]
    # Too few complete months before the window: the earlier period is partial.
    upto = month_span(m("1994-01"), m("2012-06"))
    check = hot_periods(DEMO, six, upto, m("2012-01"), 12)
    assert any("earlier period rests on partial coverage" in p for p in check.problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[period]]\ncategories = []\nstatus = 'complete'", "period 1: categories"),
        ("[[period]]\ncategories = ['cs.LG']\nstatus = 'done'", "period 1: status 'done'"),
        ("[[period]]\ncategories = ['cs.LG']\nstatus = 'partial'\nfrom = '2019-13'",
         "period 1: from '2019-13' is not a month"),
        ("[[period]]\ncategories = ['cs.LG']\nstatus = 'partial'\nfrom = '2019-02'\n"
         "to = '2019-01'", "is after to"),
        ("period = 3", "array of tables"),
        ("[[period]\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_it_rejects_a_bad_declaration_naming_the_entry(text, message):
    with pytest.raises(DeclarationError, match=message.replace("(", r"\(")):
        parse_declaration(text)


def test_it_detects_a_month_far_below_its_trailing_median():
    months = month_span(m("2015-01"), m("2016-12"))
    counts = {mo: 100 + i for i, mo in enumerate(months)}
    counts[m("2016-03")] = 40  # a dump that lost most of a month
    del counts[m("2016-07")]  # a month missing altogether
    thin = dict.fromkeys(months, 3)
    thin[m("2016-01")] = 1  # tiny categories are noise, never flagged
    found = suspicious_months({"cs.LG": counts, "cs.XX": thin})
    assert [(s.category, s.month, s.papers) for s in found] == [
        ("cs.LG", m("2016-03"), 40),
        ("cs.LG", m("2016-07"), 0),
    ]
    assert found[0].trailing_median == pytest.approx(107.5)  # median of 102 .. 113


@pytest.mark.django_db
def test_it_loads_the_declaration_and_serves_it_with_detections(client, write_snapshot):
    from ingest.snapshot import SnapshotFilter, import_snapshot

    assert load_declaration(declaration_beside(settings.DEMO_CORPUS)) == len(DEMO)
    assert load_declaration(declaration_beside(settings.DEMO_CORPUS)) == len(DEMO)  # replaces
    records = [
        paper(f"15{mo:02d}.{i:05d}", f"2015-{mo:02d}", categories="cs.NE")
        for mo in range(1, 13)
        for i in range(30 if mo != 11 else 5)
    ]
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    data = client.get("/api/coverage").json()
    assert data["declared"] == [p.as_json() for p in DEMO]
    assert {"category": "cs.NE", "month": "2015-11", "papers": 5, "trailing_median": 30.0} in (
        data["suspicious"]
    )
    # The note on / reads the same declaration: 2015 is complete for the six categories,
    # cs.CL alone is shaded where the declaration says so.
    assert "declared complete over these months" in client.get("/").content.decode()
    import_snapshot(
        write_snapshot([paper("1903.00001", "2019-03", categories="cs.CL")], "cl.jsonl"),
        SnapshotFilter(None),
    )
    note = client.get("/", {"categories": "cs.CL"}).content.decode()
    assert "<li>2019-03: coverage partial (2019 cs.CL is partial" in note  # its only month
    about = client.get("/about/").content.decode()
    assert "2019 cs.CL is partial" in about and 'id="coverage"' in about
    assert "Wilson" in about and "cs.NE" in about
