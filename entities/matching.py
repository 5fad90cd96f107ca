"""The alias matcher: which entities a piece of text mentions, under explicit collision rules.

Rules, applied to each alias independently (an entity is mentioned when any alias is):

1. Word boundaries. A match must not have a letter, digit or underscore right before or
   after it. So "JAX" is not found in "Ajax", "Torch" not in "PyTorch", "Caffe" not in
   "Caffe2", "Adam" not in "AdamW"; but "ResNet-50", "BERT-based" and "tf.keras" do contain
   "ResNet", "BERT" and "keras" (a hyphen or a dot is a boundary).
2. Case. An alias is case-insensitive unless marked case-sensitive ("Torch" is; "torch" in
   running text is a lamp, and "torch.nn" is PyTorch, which has that alias itself).
3. Literal phrases match any run of whitespace between their words ("Apache  MXNet").
4. Exclusions. A match that lies inside an occurrence of one of the alias' exclusions does
   not count ("Caffe 2" for Caffe, "Adam Mickiewicz" for Adam, "Inception score" for the
   Inception family). Exclusions follow the alias' case rule and are word-bounded too.
5. Context. An alias may require a pattern within N characters of the match (0: anywhere in
   the same field). The "Adam" optimizer alias requires optimization vocabulary nearby and
   no capitalised surname after it; see entities/seed/entities.toml for the exact rule and
   its measured accuracy (tests/test_entities_demo.py measures it on a labelled sample).
6. Title and abstract are matched separately, so nothing spans from one to the other.

A phrase that is an alias of two entities counts for both (e.g. "tf.keras" is TensorFlow and
Keras); one entity's mentions never depend on another entity's aliases, so changing one
entity only ever changes that entity's numbers.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

LEFT = r"(?<!\w)"
RIGHT = r"(?!\w)"


class AliasLike(Protocol):
    """What the matcher reads of an alias (an EntityAlias, saved or not)."""

    @property
    def pk(self) -> Any: ...
    @property
    def entity_id(self) -> Any: ...
    @property
    def phrase(self) -> str: ...
    @property
    def is_pattern(self) -> bool: ...
    @property
    def case_sensitive(self) -> bool: ...
    @property
    def exclusions(self) -> str: ...
    @property
    def context(self) -> str: ...
    @property
    def context_window(self) -> int: ...


class AliasError(ValueError):
    """An alias that cannot be compiled; the message names the alias and the reason."""


def phrase_regex(phrase: str, is_pattern: bool) -> str:
    """The regular expression (without anchors) of a literal phrase or a pattern."""
    if is_pattern:
        return phrase
    words = phrase.split()
    return r"\s+".join(re.escape(w) for w in words)


def anchored(core: str) -> str:
    return f"{LEFT}(?:{core}){RIGHT}"


_WORD_RUN = re.compile(r"\w+")
_META = set("()[]{}?*+|^$.\\")


def _literal_prefix(pattern: str) -> str:
    """The literal text every match of `pattern` starts with ('' when there is none)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            out.append(pattern[i + 1])
            i += 2
            continue
        if char in _META:
            # A quantifier makes the previous character optional: it is not a sure prefix.
            if char in "?*{" and out:
                out.pop()
            break
        out.append(char)
        i += 1
    return "".join(out)


def prefilter(phrase: str, is_pattern: bool) -> tuple[str | None, tuple[str, ...]]:
    """(token, substrings): cheap necessary conditions for any match, on lowercased text.

    A literal phrase matched on word boundaries can only occur where each of its word runs
    is a whole word of the text, so its longest word run must be among the text's words
    (`token`). A pattern gets the literal prefixes of its top-level alternatives instead, at
    least one of which must occur as a substring (none known: always try the pattern).
    """
    if not is_pattern:
        runs = _WORD_RUN.findall(phrase.lower())
        if runs:
            return max(runs, key=len), ()
        return None, (phrase.lower(),)
    prefixes = tuple(_literal_prefix(branch).lower() for branch in _top_level_branches(phrase))
    if any(len(p) < 2 for p in prefixes):
        return None, ()
    return None, prefixes


def _top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at the `|` that are outside groups and character classes."""
    branches, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


@dataclass(eq=False)
class CompiledAlias:
    alias_id: int | None
    entity_id: int
    phrase: str
    regex: re.Pattern[str]
    token: str | None
    substrings: tuple[str, ...]
    exclusions: list[re.Pattern[str]] = field(default_factory=list)
    context: re.Pattern[str] | None = None
    context_window: int = 0

    def spans(self, text: str, lowered: str) -> list[tuple[int, int]]:
        """(start, end) of every counted match of this alias in `text`."""
        if self.substrings and not any(sub in lowered for sub in self.substrings):
            return []
        found = [m.span() for m in self.regex.finditer(text)]
        if not found:
            return []
        if self.exclusions:
            excluded = [m.span() for r in self.exclusions for m in r.finditer(text)]
            found = [s for s in found if not any(a <= s[0] and s[1] <= b for a, b in excluded)]
        if self.context is not None and found:
            found = [s for s in found if self._has_context(text, s)]
        return found

    def _has_context(self, text: str, span: tuple[int, int]) -> bool:
        assert self.context is not None
        if self.context_window <= 0:
            return self.context.search(text) is not None
        start = max(0, span[0] - self.context_window)
        end = min(len(text), span[1] + self.context_window)
        return self.context.search(text[start:end]) is not None


def compile_alias(alias: AliasLike) -> CompiledAlias:
    """Compile one alias; AliasError names the alias and what is wrong with it."""
    label = f"alias {alias.phrase!r}"
    if not alias.phrase.strip():
        raise AliasError(f"{label}: the phrase is empty")
    flags = 0 if alias.case_sensitive else re.IGNORECASE
    try:
        regex = re.compile(anchored(phrase_regex(alias.phrase, alias.is_pattern)), flags)
    except re.error as exc:
        raise AliasError(f"{label}: not a valid regular expression ({exc})") from None
    if regex.search("") is not None:
        raise AliasError(f"{label}: the pattern matches empty text")
    exclusions = []
    for line in alias.exclusions.splitlines():
        if not line.strip():
            continue
        try:
            exclusions.append(
                re.compile(anchored(phrase_regex(line.strip(), alias.is_pattern)), flags)
            )
        except re.error as exc:
            raise AliasError(f"{label}: exclusion {line.strip()!r} is not valid ({exc})") from None
    context = None
    if alias.context.strip():
        try:
            context = re.compile(alias.context, re.IGNORECASE)
        except re.error as exc:
            raise AliasError(f"{label}: the context pattern is not valid ({exc})") from None
    token, substrings = prefilter(alias.phrase, alias.is_pattern)
    return CompiledAlias(
        alias_id=alias.pk,
        entity_id=alias.entity_id,
        phrase=alias.phrase,
        regex=regex,
        token=token,
        substrings=substrings,
        exclusions=exclusions,
        context=context,
        context_window=alias.context_window,
    )


@dataclass
class Match:
    alias_id: int | None
    entity_id: int
    phrase: str
    start: int
    end: int


class Matcher:
    """A set of compiled aliases; answers which entities some texts mention."""

    def __init__(self, aliases: Iterable[AliasLike]):
        self.aliases = [compile_alias(a) for a in aliases]
        # Aliases indexed by a word that must occur in the text; the rest are always tried.
        self.by_token: dict[str, list[CompiledAlias]] = {}
        self.by_substring: dict[str, list[CompiledAlias]] = {}
        self.always: list[CompiledAlias] = []
        for alias in self.aliases:
            if alias.token is not None:
                self.by_token.setdefault(alias.token, []).append(alias)
            elif alias.substrings:
                for sub in set(alias.substrings):
                    self.by_substring.setdefault(sub, []).append(alias)
            else:
                self.always.append(alias)

    def candidates(self, lowered: str) -> list[CompiledAlias]:
        """The aliases that may match a text, from its set of words (one regex call)."""
        words = set(_WORD_RUN.findall(lowered))
        found = [a for word in words & self.by_token.keys() for a in self.by_token[word]]
        for sub, aliases in self.by_substring.items():
            if sub in lowered:
                found.extend(a for a in aliases if a not in found)
        return found + self.always

    def needles(self) -> list[str] | None:
        """Lowercase substrings at least one of which any matching text contains (None: no
        such guarantee, because some alias is a pattern without a literal prefix)."""
        out: set[str] = set()
        for alias in self.aliases:
            if alias.token:
                out.add(alias.token)
            elif alias.substrings:
                out.update(alias.substrings)
            else:
                return None
        return sorted(out)

    @property
    def entity_ids(self) -> set[int]:
        return {a.entity_id for a in self.aliases}

    def entities_in(self, texts: Sequence[str]) -> set[int]:
        """Entities mentioned in any of `texts` (each text matched on its own)."""
        found: set[int] = set()
        for text in texts:
            if not text:
                continue
            lowered = text.lower()
            for alias in self.candidates(lowered):
                if alias.entity_id not in found and alias.spans(text, lowered):
                    found.add(alias.entity_id)
        return found

    def matches(self, text: str) -> list[Match]:
        """Every counted match in `text`, in order (for previews and explanations)."""
        lowered = text.lower()
        out = [
            Match(a.alias_id, a.entity_id, a.phrase, start, end)
            for a in self.candidates(lowered)
            for start, end in a.spans(text, lowered)
        ]
        return sorted(out, key=lambda m: (m.start, -m.end))
