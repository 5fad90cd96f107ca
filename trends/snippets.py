"""Abstract snippets for the drill-down list: the passage around the term's first mention."""

import re

SNIPPET_CHARS = 320


def snippet(text: str, label: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `text` around the first word of `label` found in it.

    The page highlights the term itself; this only picks which part of a long abstract is
    shown, so a loose case-insensitive match of any of the label's words is enough.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = [w for w in re.split(r"[^\w-]+", label.split(":")[-1]) if len(w) > 1]
    found = [m.start() for w in words if (m := re.search(re.escape(w), text, re.IGNORECASE))]
    start = max(0, min(found, default=0) - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    # Cut on word boundaries and say where text was left out.
    if start:
        start = text.find(" ", start) + 1 or start
    cut = text[start:end]
    if end < len(text):
        cut = cut.rsplit(" ", 1)[0]
    return ("… " if start else "") + cut + (" …" if end < len(text) else "")
