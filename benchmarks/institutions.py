"""`benchmark institutions`: import the bundled ROR subset and every bundled conference list
into a scratch database, then time one curation refresh (re-resolve all mentions,
statistics, queue) and the API; report coverage per venue-year and the rank correlation of
ICML 2017 with a published count of that year."""

import json
import time
from typing import Any

from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import create_database, run_child, scratch_name

API_SCRIPT = """
import time, statistics
from django.test import Client
client = Client()
timings = []
for i in range(200):
    started = time.perf_counter()
    query = {"conference": "neurips", "year": 2018, "top": 30, "parents": i % 2}
    response = client.get("/api/institutions", query)
    assert response.status_code == 200
    timings.append(1000 * (time.perf_counter() - started))
timings.sort()
print(f"API p50={statistics.median(timings):.2f} p95={timings[int(0.95 * len(timings))]:.2f}")
"""


# The well-known published count of ICML 2017: Andrej Karpathy, "ICML accepted papers
# institution stats" (May 2017; https://torontoai.org/2017/05/25/icml-accepted-papers-
# institution-stats/), each institution once per paper, his top 30 without "None" and the
# combined "Microsoft / Princeton / IAS". He collapsed Google Inc./Brain/Research into Google
# and kept DeepMind apart; each row lists the institutions (our names) that make his.
PUBLISHED_ICML_2017 = [
    (44, "Google", ["Google (United States)", "Google Brain"]),
    (33, "Microsoft", ["Microsoft (United States)"]),
    (32, "CMU", ["Carnegie Mellon University"]),
    (25, "DeepMind", ["DeepMind", "Google DeepMind (United Kingdom)"]),
    (23, "MIT", ["Massachusetts Institute of Technology"]),
    (22, "Berkeley", ["University of California, Berkeley"]),
    (22, "Stanford", ["Stanford University"]),
    (16, "Cambridge", ["University of Cambridge"]),
    (16, "Princeton", ["Princeton University"]),
    (14, "Georgia Tech", ["Georgia Institute of Technology"]),
    (13, "Oxford", ["University of Oxford"]),
    (11, "UT Austin", ["The University of Texas at Austin"]),
    (10, "Duke", ["Duke University"]),
    (10, "Facebook", ["Facebook AI Research", "Facebook", "Meta (United States)"]),
    (9, "ETH Zurich", ["ETH Zurich"]),
    (9, "EPFL", ["École Polytechnique Fédérale de Lausanne"]),
    (8, "Columbia", ["Columbia University"]),
    (8, "Harvard", ["Harvard University"]),
    (8, "Michigan", ["University of Michigan"]),
    (7, "UCSD", ["University of California San Diego"]),
    (7, "IBM", ["IBM"]),
    (7, "New York", ["New York University"]),
    (7, "Peking", ["Peking University"]),
    (6, "Cornell", ["Cornell University"]),
    (6, "Washington", ["University of Washington"]),
    (6, "Minnesota", ["University of Minnesota"]),
    (5, "Virginia", ["University of Virginia"]),
    (5, "Weizmann Institute of Science", ["Weizmann Institute of Science"]),
]

# Resolves the ICML 2017 mentions in the child (so any version of the resolver can be
# compared on one database) and counts each group once per paper.
RANK_SCRIPT = """
import json
from collections import defaultdict
from scipy.stats import spearmanr
from institutions.models import AffiliationMention, Institution
from institutions.resolver import Resolver
published = json.loads(%r)
resolver = Resolver.from_database()
names = defaultdict(set)
for pk, name in Institution.objects.values_list("id", "name"):
    names[name].add(pk)
papers = defaultdict(set)
rows = AffiliationMention.objects.counted().for_conference_year("icml", 2017)
for paper, raw, domain in rows.values_list("paper_id", "raw", "email_domain"):
    found = resolver.resolve(raw, domain).institution_id
    if found is not None:
        papers[found].add(paper)
ours, theirs, missing = [], [], []
for count, label, group in published:
    ids = set().union(*(names[n] for n in group))
    missing += [n for n in group if not names[n]]
    ours.append(len(set().union(*(papers[pk] for pk in ids))) if ids else 0)
    theirs.append(count)
rho = spearmanr(theirs, ours).statistic
print("ours", dict(zip([p[1] for p in published], ours)), "missing", missing)
print(f"ICML2017 spearman={rho:.3f} n={len(published)}")
"""


def rank_correlation(command: BaseCommand, url: str) -> float:
    published = json.dumps(PUBLISHED_ICML_2017)
    result = run_child(url, ["shell", "-c", RANK_SCRIPT % published])
    lines = result.output.strip().splitlines()
    command.stdout.write(lines[-2])
    command.stdout.write(lines[-1])
    return float(lines[-1].split("spearman=")[1].split()[0])


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    url = create_database(scratch_name("institutions"))
    ror = run_child(url, ["load_institutions", "--no-refresh"])
    command.stdout.write(ror.output.strip().splitlines()[0])
    load = run_child(url, ["load_conferences"])
    command.stdout.write(load.output.strip().splitlines()[-1])
    refresh = run_child(url, ["refresh_institutions"])
    command.stdout.write(f"refresh: {refresh.output.strip()}")
    started = time.perf_counter()
    api = run_child(url, ["shell", "-c", API_SCRIPT])
    api_line = api.output.strip().splitlines()[-1]
    command.stdout.write(api_line)
    p50, p95 = (float(part.split("=")[1]) for part in api_line.split()[1:3])
    # The refresh prints its own timing ({..., 'seconds': 2.6}); the process also pays start-up.
    refresh_seconds = float(refresh.output.rsplit("'seconds': ", 1)[1].split("}")[0])
    command.stdout.write(
        f"ROR import + curated seed {ror.seconds:.2f} s (peak RSS {ror.peak_rss_mib:.0f} MiB); "
        f"import of the bundled lists + statistics {load.seconds:.2f} s "
        f"(peak RSS {load.peak_rss_mib:.0f} MiB); refresh after a curation change "
        f"{refresh_seconds:.2f} s; API ms p50 {p50:.2f} p95 {p95:.2f} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    rho = rank_correlation(command, url)
    coverage = run_child(url, ["coverage_institutions", "--top", "15"])
    command.stdout.write(coverage.output.strip())
    below = next(line.split()[0] for line in coverage.output.splitlines() if "below 97%" in line)
    return {
        "icml2017_spearman": round(rho, 3),
        "venue_years_below_97": int(below),
        "ror_import_seconds": round(ror.seconds, 2),
        "ror_peak_rss_mib": round(ror.peak_rss_mib),
        "import_seconds": round(load.seconds, 2),
        "refresh_seconds": round(refresh_seconds, 2),
        "api_p50_ms": round(p50, 2),
        "api_p95_ms": round(p95, 2),
        "peak_rss_mib": round(load.peak_rss_mib),
    }
