"""The registry the institutions tests resolve against: 30 real ROR records (a sample of
data/ror/, in the dump's own format) plus the curated seed, loaded once per database."""

from pathlib import Path

from institutions.models import Institution
from institutions.registry import import_registry
from institutions.seed_loader import ensure_seed
from institutions.signals import REFRESH

ROR_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ror-sample.json"


def ensure_registry() -> None:
    """Import the sample and the curated seed if a (flushed) test database lacks them."""
    with REFRESH.off():
        if not Institution.objects.exclude(ror_id=None).exists():
            import_registry(ROR_SAMPLE)
        ensure_seed()
