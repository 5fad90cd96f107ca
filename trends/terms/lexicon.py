"""The Word table: the corpus's raw words, which attest singulars and give display labels.

A refresh counts the words of its papers first (`count_words`, one pass per chunk, in the
worker pool like extraction), so the term extraction after it folds plurals on the evidence
of the whole corpus. Labels: a term is shown as its most frequent written form, with "(s)"
when a capitalised name is written in the plural often too ("GAN(s)", "Keras", "TensorFlow").
"""

from collections import Counter

from django.db import connection

from core.cache import per_generation
from trends.models import Word
from trends.text import MIN_ATTESTED, Lexicon, surface_words

# A plural written in at least this share of its singular's papers earns the "(s)".
PLURAL_LABEL_SHARE = 0.2


def papers_of_words(words: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text, papers FROM {Word._meta.db_table} WHERE text = ANY(%s)", [words]
        )
        return dict(cursor.fetchall())


def database_lexicon() -> Lexicon:
    return Lexicon(papers_of_words)


def count_words(stage: str, rows: list[tuple[str, str]]) -> None:
    """(title, abstract) rows -> `stage` lines (word, surface or '', papers)."""
    words: Counter[str] = Counter()
    surfaces: Counter[str] = Counter()
    for title, abstract in rows:
        written = set(surface_words(title, abstract))
        surfaces.update(written)
        words.update({w.lower() for w in written})
    lines = [f"{w}\t\t{n}\n" for w, n in words.items()]
    lines += [f"{s.lower()}\t{s}\t{n}\n" for s, n in surfaces.items()]
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {stage} (word, surface, papers) FROM STDIN") as copy,
    ):
        copy.write("".join(lines))


def create_word_stage(stage: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNLOGGED TABLE {stage} (word text, surface text, papers integer)")


def merge_words(stage: str, *, everything: bool) -> int:
    """Fold the stage into Word: rewrite it (rebuild) or add the unseen words (incremental).

    A rebuild keeps words of MIN_ATTESTED papers and more: rarer ones can neither attest a
    singular nor weigh against one (see trends.text.ATTESTED_SHARE), so nothing changes.
    """
    table = Word._meta.db_table
    with connection.cursor() as cursor:
        if everything:
            cursor.execute(f"TRUNCATE {table}")
        cursor.execute(
            f"""
            INSERT INTO {table} (text, papers, label)
            SELECT w.word, w.papers, coalesce(l.surface, w.word) FROM (
                SELECT word, sum(papers)::int AS papers FROM {stage}
                WHERE surface = '' GROUP BY word HAVING sum(papers) >= %s
            ) w LEFT JOIN (
                SELECT DISTINCT ON (word) word, surface FROM (
                    SELECT word, surface, sum(papers) AS papers FROM {stage}
                    WHERE surface <> '' GROUP BY 1, 2
                ) s ORDER BY word, papers DESC, surface
            ) l USING (word)
            ON CONFLICT (text) DO NOTHING
            """,
            [MIN_ATTESTED if everything else 1],
        )
        return cursor.rowcount


def term_labels(terms: list[str]) -> dict[str, str]:
    """Display labels of stored terms: each word as most often written, 'GAN(s)' style."""
    words = {w for term in terms for w in term.split()}
    plurals = {w: _plural_forms(w) for w in words}
    wanted = words | {p for forms in plurals.values() for p in forms}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text, papers, label FROM {Word._meta.db_table} WHERE text = ANY(%s)",
            [sorted(wanted)],
        )
        found = {text: (papers, label) for text, papers, label in cursor.fetchall()}
    return {
        term: " ".join(_word_label(w, plurals[w], found) for w in term.split()) for term in terms
    }


def _plural_forms(word: str) -> list[str]:
    forms = [word + "s", word + "es"]
    if word.endswith("y"):
        forms.append(word[:-1] + "ies")
    return forms


def _word_label(word: str, plurals: list[str], found: dict[str, tuple[int, str]]) -> str:
    papers, label = found.get(word, (0, word))
    plural = max((found[p] for p in plurals if p in found), default=None)
    if plural is None:
        return label if label.lower() == word else word
    plural_papers, plural_label = plural
    if papers == 0 or plural_papers > papers:
        # Seen mostly in the plural: a capitalised plural gives the singular its case.
        papers, label = plural_papers, plural_label[: len(word)]
    if label.lower() != word:
        label = word
    if label != word and plural_papers >= PLURAL_LABEL_SHARE * max(papers, 1):
        return f"{label}(s)"
    return label


# The lexicon typed queries fold with, kept per process while the data is unchanged (the
# generation as core.cache reads it: once per request at most).
query_lexicon = per_generation(database_lexicon)
