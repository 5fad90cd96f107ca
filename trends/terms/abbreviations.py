"""The abbreviation table, learned from the corpus's own definitions.

A paper that writes "neural machine translation (NMT)" defines nmt; the Schwartz-Hearst
algorithm (the `abbreviations` package) finds such pairs, and each (abbreviation, long form)
counts the papers that define it. Both sides are stored as terms (trends.text rules), so
"GANs" and "GAN" define one abbreviation. A definition joins families in the hot tables and
is offered as an `a + b` query once MIN_DEFINING_PAPERS (trends.models_vocabulary) papers
give it, or staff approve it in the admin; a row staff rejected is never used, and relearning
keeps staff's verdicts.
"""

import logging
from collections import Counter, defaultdict

from django.db import transaction

from papers.models import Paper
from trends.models import Abbreviation
from trends.text import Lexicon, normalise_phrase

# Imported for its function only: the module configures the root logger when imported,
# which must not change the project's logging.
_root_handlers = list(logging.getLogger().handlers)
from abbreviations.schwartz_hearst import extract_abbreviation_definition_pairs  # noqa: E402

logging.getLogger().handlers[:] = _root_handlers
logging.getLogger("abbreviations.schwartz_hearst").setLevel(logging.WARNING)

# A long form longer than this is a clause the algorithm over-reached into.
MAX_LONG_WORDS = 6


def definitions(title: str, abstract: str, lexicon: Lexicon) -> dict[tuple[str, str], str]:
    """{(abbreviation term, long-form term): the abbreviation as written} of one paper."""
    found: dict[tuple[str, str], str] = {}
    for text in (title, abstract):
        if " (" not in text:
            continue
        pairs = extract_abbreviation_definition_pairs(doc_text=" ".join(text.split()))
        for short, long in pairs.items():
            short_term = normalise_phrase(str(short), lexicon)
            long_term = normalise_phrase(str(long), lexicon)
            if not short_term or not long_term or short_term == long_term:
                continue
            if " " in short_term or len(long_term.split()) > MAX_LONG_WORDS:
                continue
            found[(short_term, long_term)] = str(short).strip()
    return found


def learn_abbreviations(lexicon: Lexicon) -> int:
    """Recount every definition over the whole corpus; return the number of learned rows."""
    papers: Counter[tuple[str, str]] = Counter()
    written: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rows = Paper.objects.values_list("title", "abstract").iterator(chunk_size=5000)
    for title, abstract in rows:
        for key, label in definitions(title, abstract, lexicon).items():
            papers[key] += 1
            written[key][label] += 1
    with transaction.atomic():
        curated = {
            (a.short, a.long_form): a
            for a in Abbreviation.objects.exclude(status=Abbreviation.Status.LEARNED)
        }
        Abbreviation.objects.filter(status=Abbreviation.Status.LEARNED).delete()
        learned = []
        for key, count in papers.items():
            label = written[key].most_common(1)[0][0][:40]
            if key in curated:
                curated[key].papers = count
                continue
            if count >= 2:  # one paper's definition is an accident more often than not
                learned.append(
                    Abbreviation(
                        short=key[0][:40], long_form=key[1][:200], label=label, papers=count
                    )
                )
        Abbreviation.objects.bulk_create(learned, batch_size=5000, ignore_conflicts=True)
        Abbreviation.objects.bulk_update(list(curated.values()), ["papers"])
    return len(learned)
