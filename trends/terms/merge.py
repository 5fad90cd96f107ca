"""Set-based merge of a refresh's staging table into Term and TermMonthCount.

A few statements whatever the number of papers: totals per term, new vocabulary entries,
delete-and-insert of the rewritten months, then the per-term summaries.
"""

from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from trends.models import PaperTokens, Term, TermMonthCount
from trends.terms import CANDIDATE_SUPPORT, MIN_SUPPORT
from trends.terms.association import association_sql, update_association

# At most this many below-threshold terms of the rewritten months get a full-text count over
# the other months per refresh (the most frequent first); the rest wait for rebuild_terms.
MAX_CANDIDATES = 5000
TEMP_TABLES = ("batch_terms", "candidates", "backfill", "touched", "added", "delta", "recount")
# A stored term as a phrase tsquery over PaperTokens: 'a' <-> 'b'.
TSQUERY_SQL = (
    "array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest(string_to_array({0}, ' ')) w),"
    " ' <-> ')::tsquery"
)


def merge_stage(
    stage: str,
    months: list[date],
    *,
    everything: bool,
    papers: int | None = None,
    bulk: bool = False,
    lap: Callable[[str], None] | None = None,
) -> tuple[int, int, int]:
    """Return (staging rows, new vocabulary terms, TermMonthCount rows written).

    `papers`: the number of papers, if the caller knows it (else counted). `bulk`: the
    refresh rewrites a large share of the papers (a rebuild always does), so the indexes of
    TermMonthCount are built again after the insert rather than kept up through it.
    `lap(name)` is called at the end of each part (vocabulary, rows, summaries): the refresh
    report times them.
    """
    lap = lap or (lambda _name: None)
    term, counts = Term._meta.db_table, TermMonthCount._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # The group-bys over the staging table spill to disk with the default 4 MB.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # Cost estimates over the fresh temporary tables are rough: JIT compiled every big
        # statement (~0.2 s each) for work that takes milliseconds.
        cursor.execute("SET LOCAL jit = off")
        # ON COMMIT DROP is not enough inside an outer transaction (tests, a caller's atomic).
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(TEMP_TABLES)}")
        cursor.execute(f"SELECT count(*) FROM {stage}")
        row = cursor.fetchone()
        stage_rows = int(row[0]) if row else 0
        # Each term of the batch with its vocabulary id (NULL: not in the vocabulary), looked
        # up one by one in the index: with Term's million rows hashed instead, every join of
        # a day of papers against the vocabulary read all of it (~1.4 s each at 1M papers).
        # OFFSET 0 keeps the planner from turning the lookup back into such a join.
        lookup = (
            "NULL::bigint"
            if everything
            else f"(SELECT t.id FROM {term} t WHERE t.text = b.term OFFSET 0)"
        )
        # In text order: the lookups walk the unique index from one end to the other instead
        # of jumping about it (a day of papers at 1M: 80k lookups). A rebuild writes each
        # term's first month with it.
        first = ", min(month) AS first" if everything else ""
        order = "" if everything else " ORDER BY term"
        cursor.execute(
            f"CREATE TEMP TABLE batch_terms ON COMMIT DROP AS SELECT b.*, {lookup} AS term_id "
            f"FROM (SELECT term, sum(papers)::int AS papers{first} FROM {stage} "
            f"GROUP BY term{order}) b"
        )
        cursor.execute("CREATE UNIQUE INDEX ON batch_terms (term)")
        cursor.execute("ANALYZE batch_terms")
        if everything:
            new_terms = _insert_vocabulary(cursor, papers)
        else:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {term}")
            row = cursor.fetchone()
            last_old_id = int(row[0]) if row else 0
            new_terms = _add_new_terms(cursor, months)
            lap("merge.terms")
            cursor.execute(
                f"CREATE TEMP TABLE touched ON COMMIT DROP AS WITH gone AS ("
                f"DELETE FROM {counts} WHERE month = ANY(%s) RETURNING term_id, papers) "
                "SELECT term_id, sum(papers)::int AS papers FROM gone GROUP BY term_id",
                [months],
            )
        rebuild_indexes = everything or bulk
        if rebuild_indexes:
            # Rewriting the whole table or a large share of it (75k papers into 70k wrote 2.3M
            # rows, 40 s through the indexes): build its secondary indexes once at the end
            # instead of maintaining them through millions of inserts.
            for index in TermMonthCount._meta.indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {index.name}")
        # Ordered by term so that one term's rows share a few pages (series read by term).
        vocabulary = f"{term} t ON t.text" if everything else "batch_terms t ON t.term"
        insert = (
            f"INSERT INTO {counts} (term_id, month, primary_category, papers) "
            f"SELECT {'t.id' if everything else 't.term_id'}, s.month, s.primary_category, "
            f"sum(s.papers) FROM {stage} s JOIN {vocabulary} = s.term "
            f"{'' if everything else 'WHERE t.term_id IS NOT NULL '}"
            "GROUP BY 1, 2, 3 ORDER BY 1, 2"
        )
        if everything:
            cursor.execute(insert)
            written = cursor.rowcount
        else:
            cursor.execute(
                "CREATE TEMP TABLE added (term_id bigint, papers int, first date) ON COMMIT DROP"
            )
            cursor.execute(
                f"WITH ins AS ({insert} RETURNING term_id, month, papers) "
                "INSERT INTO added SELECT term_id, sum(papers), min(month) FROM ins "
                "GROUP BY term_id"
            )
            written = 0  # counted by _update_summaries
        if rebuild_indexes:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            with connection.schema_editor(atomic=False) as editor:
                for index in TermMonthCount._meta.indexes:
                    editor.add_index(TermMonthCount, index)
            cursor.execute(f"ANALYZE {counts}")
        lap("merge.rows")
        if everything:
            # Every later refresh plans its joins against Term from these statistics.
            cursor.execute(f"ANALYZE {term}")
        else:
            written = _update_summaries(cursor, months, last_old_id)
            # New bigrams only: the others' association moves by a hair with a day of papers
            # and is recomputed by rebuild_terms.
            update_association(cursor, papers=papers, above_id=last_old_id)
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(TEMP_TABLES)}")
        lap("merge.summaries")
    return stage_rows, new_terms, written


def _insert_vocabulary(cursor: CursorWrapper, papers: int | None) -> int:
    """A rebuild's vocabulary: the batch's terms of MIN_SUPPORT papers and more, in text
    order, each written once with its final papers, first month and association.

    The sums over the staging table are those of the rows written next. Written once: the
    update of every row after the insert (33 s at 1M papers) left two dead versions of each
    and the live ones out of id order, so the HOT updates of later days (models.Term) found
    their pages full.
    """
    term = Term._meta.db_table
    words = "array_length(string_to_array(b.term, ' '), 1)"
    cursor.execute(
        f"INSERT INTO {term} (text, words, papers, first_month, association) "
        f"SELECT b.term, {words}, b.papers, b.first, "
        f"CASE WHEN {words} = 2 THEN {association_sql(cursor, papers)} END "
        "FROM batch_terms b "
        "LEFT JOIN batch_terms w1 ON w1.term = split_part(b.term, ' ', 1) AND w1.papers >= %s "
        "LEFT JOIN batch_terms w2 ON w2.term = split_part(b.term, ' ', 2) AND w2.papers >= %s "
        "WHERE b.papers >= %s ORDER BY b.term",
        [MIN_SUPPORT] * 3,
    )
    return cursor.rowcount


def _update_summaries(cursor: CursorWrapper, months: list[date], last_old_id: int) -> int:
    """Term.papers and first_month after rewriting `months`, without rereading history.

    papers moves by (rows added - rows removed) of these months; first_month can only move
    earlier, except for terms whose first month was rewritten and terms new in this merge
    (their back-filled history): those few are recounted from all their rows.
    """
    term, counts = Term._meta.db_table, TermMonthCount._meta.db_table
    # Tens of thousands of terms of a million: each is found by its id. Left to itself the
    # planner hashed all of Term for these joins (2 s at 1M papers).
    cursor.execute("SET LOCAL enable_hashjoin = off")
    cursor.execute("SET LOCAL enable_mergejoin = off")
    # In id order, so that the update below visits Term's pages and its indexes in their
    # order (ids follow the text): 54k terms of a day at 1M papers, 4.7 s in hash order and
    # 3.2 s in this one.
    cursor.execute(
        "CREATE TEMP TABLE delta ON COMMIT DROP AS SELECT coalesce(g.term_id, a.term_id) AS id, "
        "coalesce(a.papers, 0) - coalesce(g.papers, 0) AS papers, a.first "
        "FROM touched g FULL JOIN added a USING (term_id) ORDER BY 1"
    )
    cursor.execute("ANALYZE delta")
    cursor.execute(
        f"UPDATE {term} t SET papers = t.papers + d.papers, "
        "first_month = least(t.first_month, d.first) "
        "FROM delta d WHERE t.id = d.id AND t.id <= %s",
        [last_old_id],
    )
    # The few terms to recount, in a table of their own with statistics: estimated from
    # Term's, a term_id IN (...) was taken for thousands of terms and TermMonthCount read
    # whole (3.4M rows at 70k papers); LATERAL reads each one's rows from the index. A term
    # whose first month was rewritten had rows there, so it is among the touched ones.
    cursor.execute(
        f"CREATE TEMP TABLE recount ON COMMIT DROP AS "
        f"SELECT id FROM {term} WHERE id > %s UNION "
        f"SELECT t.id FROM touched g JOIN {term} t ON t.id = g.term_id "
        "WHERE t.first_month = ANY(%s)",
        [last_old_id, months],
    )
    cursor.execute("ANALYZE recount")
    cursor.execute(
        f"UPDATE {term} t SET papers = a.papers, first_month = a.first FROM ("
        f"SELECT r.id, s.papers, s.first FROM recount r CROSS JOIN LATERAL ("
        f"SELECT sum(c.papers) AS papers, min(c.month) AS first FROM {counts} c "
        "WHERE c.term_id = r.id) s) a WHERE t.id = a.id AND a.papers IS NOT NULL"
    )
    cursor.execute("SET LOCAL enable_hashjoin = on")
    cursor.execute("SET LOCAL enable_mergejoin = on")
    cursor.execute(f"SELECT count(*) FROM {counts} WHERE month = ANY(%s)", [months])
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def _add_new_terms(cursor: CursorWrapper, months: list[date]) -> int:
    """Vocabulary entries for terms of the rewritten months that now reach MIN_SUPPORT.

    Their counts in the other months come from an exact phrase count over PaperTokens
    (same tokens, same rules), so a term entering the vocabulary late has its full history.
    """
    term, counts, tokens = (
        Term._meta.db_table,
        TermMonthCount._meta.db_table,
        PaperTokens._meta.db_table,
    )
    # Certain: enough papers in these months alone. Possible: a few, the most frequent first.
    cursor.execute(
        f"CREATE TEMP TABLE candidates ON COMMIT DROP AS "
        f"SELECT b.term, b.papers, {TSQUERY_SQL.format('b.term')} AS query FROM batch_terms b "
        "WHERE b.papers >= %s AND b.term_id IS NULL",
        [MIN_SUPPORT],
    )
    cursor.execute(
        f"INSERT INTO candidates SELECT b.term, b.papers, {TSQUERY_SQL.format('b.term')} "
        f"FROM batch_terms b WHERE b.papers >= %s AND b.papers < %s "
        "AND b.term_id IS NULL "
        "ORDER BY b.papers DESC, b.term LIMIT %s",
        [CANDIDATE_SUPPORT, MIN_SUPPORT, MAX_CANDIDATES],
    )
    cursor.execute("ANALYZE candidates")
    # LATERAL: one GIN index search per candidate. A plain join let the planner match every
    # candidate against every paper's vector (a nested loop over a sequential scan).
    cursor.execute(
        f"CREATE TEMP TABLE backfill ON COMMIT DROP AS "
        f"SELECT c.term, x.month, x.primary_category, x.papers FROM candidates c "
        f"CROSS JOIN LATERAL (SELECT p.month, p.primary_category, count(*)::int AS papers "
        f"FROM {tokens} p WHERE p.tokens @@ c.query AND p.month <> ALL(%s) GROUP BY 1, 2) x",
        [months],
    )
    # One join against the back-fill summed per term (a correlated subquery per candidate
    # over the unindexed temporary table made a 75k-paper import spend 26 minutes here).
    # The new ids go into batch_terms, which the rows of the rewritten months join next.
    cursor.execute(
        f"WITH new AS (INSERT INTO {term} (text, words, papers) "
        f"SELECT c.term, array_length(string_to_array(c.term, ' '), 1), 0 FROM candidates c "
        "LEFT JOIN (SELECT term, sum(papers) AS papers FROM backfill GROUP BY term) f "
        "USING (term) WHERE c.papers + coalesce(f.papers, 0) >= %s ORDER BY c.term "
        "RETURNING id, text) "
        "UPDATE batch_terms b SET term_id = new.id FROM new WHERE b.term = new.text",
        [MIN_SUPPORT],
    )
    added = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {counts} (term_id, month, primary_category, papers) "
        "SELECT b.term_id, f.month, f.primary_category, f.papers FROM backfill f "
        "JOIN batch_terms b ON b.term = f.term WHERE b.term_id IS NOT NULL"
    )
    return added
