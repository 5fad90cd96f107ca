"""Which bigrams are phrases: normalised pointwise mutual information over papers.

    npmi(a b) = ln(p(ab) / (p(a) p(b))) / -ln(p(ab)),   p(x) = papers mentioning x / papers

in [-1, 1]: 0 when the two words meet as often as chance predicts, 1 when they only occur
together. Document frequencies, not token counts, because every figure of the product is
papers (BRIEF §2). A bigram at PHRASE_NPMI or above is a phrase: it is listed in the hot
tables and the suggestions; below it ("paper propose", "learning model") its counts are
still kept, so any typed query is answered from the precomputed path all the same. How the
threshold was chosen: trends/terms/__init__.py.
"""

from django.db.backends.utils import CursorWrapper

from papers.models import Paper
from trends.models import Term

# The SQL expression of a bigram's NPMI from its papers (b), its words' papers (w1, w2) and
# the number of papers (n).
NPMI_SQL = (
    "CASE WHEN b.papers >= {n} THEN 1.0 ELSE "
    "ln(b.papers::float8 * {n} / (w1.papers::float8 * w2.papers)) "
    "/ -ln(b.papers::float8 / {n}) END"
)


def association_sql(cursor: CursorWrapper, papers: int | None) -> str:
    """The SQL expression of the NPMI of bigram b from its words' rows w1 and w2 (NULL when
    either is not a vocabulary word). `papers`: the number of papers, if the caller knows it
    (else counted here)."""
    if papers is None:
        cursor.execute(f"SELECT count(*) FROM {Paper._meta.db_table}")
        row = cursor.fetchone()
        papers = int(row[0]) if row else 0
    if not papers:
        return "NULL"
    return (
        f"CASE WHEN b.papers > 0 AND w1.papers > 0 AND w2.papers > 0 "
        f"THEN {NPMI_SQL.format(n=papers)} END"
    )


def update_association(cursor: CursorWrapper, *, papers: int | None, above_id: int) -> int:
    """Set Term.association of the bigrams with id > above_id: those an incremental refresh
    added (a rebuild writes every term's with the term, trends.terms.merge)."""
    term = Term._meta.db_table
    # The new bigrams by id (the range scan of the primary key): `b.id > %s` beside
    # `b.papers > 0` was read through an index on papers, all of it.
    cursor.execute(
        f"UPDATE {term} b SET association = {association_sql(cursor, papers)} "
        f"FROM {term} w1, {term} w2 "
        f"WHERE b.words = 2 AND b.id = ANY(ARRAY(SELECT id FROM {term} WHERE id > %s)) "
        "AND w1.text = split_part(b.text, ' ', 1) AND w2.text = split_part(b.text, ' ', 2)",
        [above_id],
    )
    return cursor.rowcount
