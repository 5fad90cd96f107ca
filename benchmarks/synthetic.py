"""Synthetic corpora for benchmarks: the demo corpus resampled to N papers with new ids.

Each synthetic paper copies a random demo paper (text, categories, v1 month), so the month
and category distribution of the real corpus is kept, and gets a fresh, valid arXiv id in
its month: new-style YYMM.NNNNN from 2007-04 on, old-style archive/YYMMNNN before.
"""

import json
import lzma
import random
from collections import defaultdict
from pathlib import Path

from django.conf import settings

from ingest.records import parse_arxiv_date

OLD_STYLE_ARCHIVES = ["cs", "stat", "math", "physics", "q-bio", "nlin", "cond-mat", "quant-ph"]


def synthesize(papers: int, out: Path, seed: int = 42) -> Path:
    """Write `papers` synthetic records as plain JSON lines to `out` (reused if present)."""
    if out.exists():
        return out
    with lzma.open(settings.DEMO_CORPUS, "rt", encoding="utf-8") as source:
        originals = [json.loads(line) for line in source]
    rng = random.Random(seed)
    counters: dict[str, int] = defaultdict(int)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as sink:
        for _ in range(papers):
            record = dict(rng.choice(originals))
            created = parse_arxiv_date(record["versions"][0]["created"])
            yymm = f"{created.year % 100:02d}{created.month:02d}"
            counters[yymm] += 1
            record["id"] = _new_id(created.year, yymm, counters[yymm])
            sink.write(json.dumps(record))
            sink.write("\n")
    partial.rename(out)
    return out


def _new_id(year: int, yymm: str, serial: int) -> str:
    if (year, yymm) >= (2007, "0704"):
        return f"{yymm}.{serial:05d}" if yymm >= "1501" else f"{yymm}.{serial:04d}"
    archive = OLD_STYLE_ARCHIVES[(serial - 1) // 999]
    return f"{archive}/{yymm}{(serial - 1) % 999 + 1:03d}"
