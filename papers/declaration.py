"""The coverage declaration as stored (CoveragePeriod), cached per data generation.

The one accessor charts, /hot/, /api/coverage and /about/ read; staff edits in admin start a
new generation (trends.admin), so no process serves a declaration older than the last edit.
"""

from pathlib import Path

from core.cache import cached
from papers.coverage import DeclarationError, Period, parse_declaration
from papers.models import CoveragePeriod, DataGeneration

DECLARATION_NAME = "coverage.toml"


def declared_periods() -> list[Period]:
    return cached("coverage-periods", "", CoveragePeriod.objects.periods)


def load_declaration(path: Path) -> int:
    """Load a coverage TOML file (see data/demo/coverage.toml); its periods replace those
    loaded from a file of the same name before. DeclarationError names a bad entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeclarationError(f"{path}: cannot read it ({exc})") from None
    try:
        periods = parse_declaration(text)
    except DeclarationError as exc:
        raise DeclarationError(f"{path}: {exc}") from None
    loaded = CoveragePeriod.objects.replace_with(periods, source=path.name)
    DataGeneration.objects.bump()
    return loaded


def declaration_beside(corpus: Path) -> Path:
    """Where a corpus keeps its declaration: coverage.toml in the same folder."""
    return corpus.parent / DECLARATION_NAME
