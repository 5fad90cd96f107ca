"""`benchmark import --papers N`: bulk import of N synthetic papers, up to finished aggregates."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.scratch import create_database, run_child, scratch_name
from benchmarks.synthetic import synthesize


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    papers: int = options["papers"]
    corpus = settings.DEMO_CORPUS
    if papers != 69760:
        command.stdout.write(f"synthesising {papers} papers from the demo corpus ...")
        corpus = synthesize(papers, settings.DATA_DIR / "bench" / f"synthetic-{papers}.jsonl")
    name = scratch_name(f"import_{papers}")
    url = create_database(name)
    command.stdout.write(f"importing {corpus.name} into scratch database {name} ...")
    child = run_child(url, ["import_snapshot", str(corpus), "--categories", "all"])
    summary = [line for line in child.output.splitlines() if line.startswith("read ")]
    command.stdout.write(summary[-1] if summary else child.output[-500:])
    rate = papers / child.seconds
    command.stdout.write(
        f"{papers} papers in {child.seconds:.1f} s ({rate:,.0f} papers/s), "
        f"peak RSS of the import process {child.peak_rss_mib:.0f} MiB"
    )
    return {
        "papers": papers,
        "seconds": round(child.seconds, 2),
        "papers_per_s": round(rate),
        "peak_rss_mib": round(child.peak_rss_mib),
    }
