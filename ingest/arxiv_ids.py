"""Recognising, normalising and repairing arXiv identifiers.

New-style ids are YYMM.NNNN (2007-04 .. 2014-12) or YYMM.NNNNN (from 2015-01); old-style
ids are archive[.SUBJECT]/YYMMNNN. Spreadsheets and float conversions mangle new-style ids
('704.005' for 0704.0050, '1912.1350300000001' for 1912.13503); `normalise_arxiv_id`
repairs those and says so.
"""

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

_NEW_STYLE = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})$")
_OLD_STYLE = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})$")
_FLOATISH = re.compile(r"^(\d{1,4})\.(\d+)$")
_PREFIX_AND_VERSION = re.compile(r"^(?:arxiv:)?(.+?)(?:v\d+)?$", re.IGNORECASE)


def _digits_for(yymm: str) -> int:
    return 4 if yymm < "1501" else 5


def _valid_new_style(arxiv_id: str) -> bool:
    match = _NEW_STYLE.match(arxiv_id)
    if not match:
        return False
    yy, mm, number = match.groups()
    return 1 <= int(mm) <= 12 and f"{yy}{mm}" >= "0704" and len(number) == _digits_for(yy + mm)


def normalise_arxiv_id(raw: object) -> tuple[str, bool]:
    """Return (canonical id, repaired?) or raise ValueError with the reason.

    `repaired` is True only when digits had to be restored (a float-mangled id); dropping an
    'arXiv:' prefix or a version suffix is plain normalisation.
    """
    if raw is None or isinstance(raw, bool):
        raise ValueError("missing id")
    text = str(raw).strip()
    if not text:
        raise ValueError("missing id")
    match = _PREFIX_AND_VERSION.match(text)
    candidate = match.group(1) if match else text
    if _valid_new_style(candidate):
        return candidate, False
    old = _OLD_STYLE.match(candidate)
    if old and 1 <= int(old.group(3)) <= 12:
        return candidate, False
    repaired = _repair_float(candidate)
    if repaired is not None:
        return repaired, True
    raise ValueError(f"{text[:40]!r} is not an arXiv id")


def _repair_float(text: str) -> str | None:
    """'704.005' -> '0704.0050'; '1912.1350300000001' -> '1912.13503'; None if not that."""
    match = _FLOATISH.match(text)
    if not match:
        return None
    yymm = match.group(1).zfill(4)
    digits = _digits_for(yymm)
    fraction = match.group(2)
    if len(fraction) <= digits:
        number = fraction.ljust(digits, "0")
    else:
        try:
            rounded = Decimal("0." + fraction).quantize(
                Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN
            )
        except InvalidOperation:
            return None
        if rounded >= 1:
            return None
        number = str(rounded)[2:].ljust(digits, "0")
    candidate = f"{yymm}.{number}"
    return candidate if _valid_new_style(candidate) else None
