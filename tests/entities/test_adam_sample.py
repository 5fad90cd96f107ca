"""The hand-labelled Adam sample (tests/data/adam_labels.csv, measured by
tests/demo/test_entities_demo.py) was not cherry-picked: it is every demo paper whose title or
abstract contains the word "adam" in any case. Read from the raw corpus, no database."""

import csv
import json
import re
from pathlib import Path

from django.conf import settings

from ingest.records import parse_record
from ingest.snapshot import open_snapshot

LABELS = Path(__file__).parent.parent / "data" / "adam_labels.csv"


def test_the_labelled_sample_is_every_adam_in_the_demo_corpus():
    # The sample was not cherry-picked: it is every demo paper whose title or abstract
    # contains the word "adam" in any case.
    stream, raw = open_snapshot(settings.DEMO_CORPUS)
    found = set()
    with stream, raw:
        for line in stream:
            record, _ = parse_record(json.loads(line))
            if re.search(r"\badam\b", f"{record.title}\n{record.abstract}", re.I):
                found.add(record.arxiv_id)
    labelled = {row["arxiv_id"] for row in csv.DictReader(LABELS.open())}
    assert found == labelled
