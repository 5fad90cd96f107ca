"""The one report of an import (a snapshot file, a harvest, a conference list).

Every record read ends as exactly one of: imported, updated, unchanged, skipped (left out on
purpose: outside the chosen categories or months, not an accepted paper) or invalid
(rejected, with where and why). The summary names each reason with its count, so a user
sees what was left out and can judge it.
"""

from collections import Counter
from dataclasses import dataclass, field

from core.errors import ErrorList


@dataclass
class ImportReport:
    label: str = ""  # what was imported ("icml 2015"); empty when the caller says it
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    invalid: int = 0
    repaired: int = 0  # kept after a repair (a float-mangled arXiv id)
    skips: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    errors: ErrorList = field(default_factory=ErrorList)

    def reject(self, where: str, reason: str, kind: str = "") -> None:
        """A record that cannot be stored; `kind` groups reasons in the summary (default:
        the reason itself)."""
        self.invalid += 1
        self.reasons[kind or reason] += 1
        self.errors.add(where, reason)

    def skip(self, why: str, count: int = 1) -> None:
        """Records left out on purpose (`why`: "by category", "not accepted", ...)."""
        if count:
            self.skipped += count
            self.skips[why] += count

    def summary(self) -> str:
        """One line: 'read 10, imported 7, ..., skipped 2 (by date 2), invalid 1 (missing
        title 1), repaired 0', prefixed by the label."""
        text = (
            f"read {self.read}, imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}{_by(self.skips)}, "
            f"invalid {self.invalid}{_by(self.reasons)}, repaired {self.repaired}"
        )
        return f"{self.label}: {text}" if self.label else text


def _by(counts: Counter[str]) -> str:
    return f" ({', '.join(f'{why} {n}' for why, n in counts.most_common())})" if counts else ""
