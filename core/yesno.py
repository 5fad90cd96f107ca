"""The one reading of yes/no text, for query parameters, admin forms and environment variables."""

YES = frozenset({"1", "true", "yes", "on", "include"})
NO = frozenset({"", "0", "false", "no", "off", "exclude"})


def yes_no(raw: str | None) -> bool | None:
    """True / False for the words above (any case, surrounding blanks ignored), else None."""
    value = (raw or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None
