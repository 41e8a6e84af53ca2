"""The hub's PostgreSQL schema: tables, views, roles and the rules that guard the log.

Everything lives in one schema, ``workbench``, applied as named steps in order (a
released step is never edited, only followed by another); ``meta.schema_version`` counts
the steps applied, so a hub of a newer workbench is refused and an older one is upgraded
only by ``workbench hub init --upgrade``.

Security, enforced by the server and never by the client:

- three group roles (named with a prefix chosen at ``hub init``): *reviewer* (read
  everything, insert new rows), *adjudicator* (a reviewer who may also write
  adjudications) and *reader* (read only);
- row-level security on ``events``: a row's ``reviewer`` must be the connecting role;
  the owner (whoever ran ``hub init``) bypasses it, which is what lets an admin push a
  reviewer's events for them;
- no UPDATE, DELETE or TRUNCATE is granted to anyone, and triggers refuse them even for
  the owner (as in SQLite, the log is append-only);
- an undo may only cancel an event of its own reviewer;
- each row records which transaction wrote it (``tx``), its order (``seq``), who pushed
  it and when, from column defaults a reviewer cannot override (they may insert only the
  data columns): ``tx`` and ``seq`` are the position pulls resume from.  (Defaults rather
  than a trigger: a trigger call per row halved the push rate.)

Statements are templates for ``psycopg.sql.SQL.format``: ``{reviewer}``,
``{adjudicator}`` and ``{reader}`` are the group roles as identifiers,
``{adjudicator_name}`` as a literal (no role name is ever pasted into SQL as text).
"""

from __future__ import annotations

from ..schema import CLAIM_KINDS, EVENT_KINDS
from .tables import SYNCED_TABLES

HUB_SCHEMA = "workbench"
NOTIFY_CHANNEL = "workbench_events"
DEFAULT_ROLE_PREFIX = "workbench_"
GROUPS = ("reviewer", "adjudicator", "reader")


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


# Columns every shared table carries for sync and audit; reviewers may not write them.
_SYNC_COLUMNS = """
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    pushed_by text NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT now()
"""

_TABLES = [
    "CREATE SCHEMA workbench",
    "REVOKE ALL ON SCHEMA workbench FROM PUBLIC",
    "CREATE TABLE workbench.meta (key text PRIMARY KEY, value text NOT NULL)",
    f"""
    CREATE TABLE workbench.articles (
        id text COLLATE "C" PRIMARY KEY,
        title text NOT NULL,
        origin text,
        url text,
        published text,
        text text NOT NULL,
        segmenter text NOT NULL,
        added_at text COLLATE "C" NOT NULL,
        author text,
        publisher text,
        {_SYNC_COLUMNS}
    )
    """,
    f"""
    CREATE TABLE workbench.claims (
        id text COLLATE "C" PRIMARY KEY,
        article_id text COLLATE "C" NOT NULL REFERENCES workbench.articles(id),
        ordinal integer NOT NULL,
        text text NOT NULL,
        start integer NOT NULL,
        "end" integer NOT NULL,
        kind text NOT NULL CHECK (kind IN {_sql_list(CLAIM_KINDS)}),
        worthiness double precision NOT NULL CHECK (worthiness BETWEEN 0 AND 1),
        signals text NOT NULL CHECK (jsonb_typeof(signals::jsonb) = 'object'),
        {_SYNC_COLUMNS}
    )
    """,
    f"""
    CREATE TABLE workbench.sources (
        id text COLLATE "C" PRIMARY KEY,
        external_id text,
        title text NOT NULL,
        origin text,
        url text,
        publisher text,
        published text,
        text text NOT NULL,
        added_at text COLLATE "C" NOT NULL,
        {_SYNC_COLUMNS}
    )
    """,
    f"""
    CREATE TABLE workbench.passages (
        id text COLLATE "C" PRIMARY KEY,
        source_id text COLLATE "C" NOT NULL REFERENCES workbench.sources(id),
        ordinal integer NOT NULL,
        text text NOT NULL,
        start integer NOT NULL,
        "end" integer NOT NULL,
        {_SYNC_COLUMNS}
    )
    """,
    f"""
    CREATE TABLE workbench.events (
        id text COLLATE "C" PRIMARY KEY,
        claim_id text COLLATE "C" NOT NULL REFERENCES workbench.claims(id),
        reviewer text COLLATE "C" NOT NULL CHECK (reviewer <> ''),
        kind text NOT NULL CHECK (kind IN {_sql_list(EVENT_KINDS)}),
        value text NOT NULL CHECK (jsonb_typeof(value::jsonb) = 'object'),
        at text COLLATE "C" NOT NULL,
        {_SYNC_COLUMNS}
    )
    """,
    "CREATE INDEX claims_article ON workbench.claims (article_id, ordinal)",
    "CREATE INDEX passages_source ON workbench.passages (source_id, ordinal)",
    "CREATE INDEX events_claim ON workbench.events (claim_id, reviewer, at, id)",
    "CREATE INDEX events_reviewer ON workbench.events (reviewer, at, id)",
    """
    CREATE INDEX events_undo_target ON workbench.events ((value::jsonb ->> 'event'))
    WHERE kind = 'undo'
    """,
    *(f"CREATE INDEX {t.name}_position ON workbench.{t.name} (tx, seq)" for t in SYNCED_TABLES),
    """
    CREATE FUNCTION workbench.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'workbench.% is append-only: rows are never changed or removed',
            TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    # An undo names the event it cancels; only that event's own reviewer may cancel it.
    """
    CREATE FUNCTION workbench.check_undo() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM workbench.events AS e
            WHERE e.id = NEW.value::jsonb ->> 'event' AND e.reviewer = NEW.reviewer
        ) THEN
            RAISE EXCEPTION 'undo % names no event of reviewer %', NEW.id, NEW.reviewer
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    # One notification per pushed batch: live screens pull when it arrives.
    f"""
    CREATE FUNCTION workbench.notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
        RETURN NULL;
    END $$
    """,
    *(
        f"""
        CREATE TRIGGER {t.name}_append_only BEFORE UPDATE OR DELETE ON workbench.{t.name}
        FOR EACH ROW EXECUTE FUNCTION workbench.refuse_change()
        """
        for t in SYNCED_TABLES
    ),
    *(
        f"""
        CREATE TRIGGER {t.name}_no_truncate BEFORE TRUNCATE ON workbench.{t.name}
        FOR EACH STATEMENT EXECUTE FUNCTION workbench.refuse_change()
        """
        for t in SYNCED_TABLES
    ),
    """
    CREATE TRIGGER events_undo BEFORE INSERT ON workbench.events
    FOR EACH ROW WHEN (NEW.kind = 'undo') EXECUTE FUNCTION workbench.check_undo()
    """,
    """
    CREATE TRIGGER events_notify AFTER INSERT ON workbench.events
    FOR EACH STATEMENT EXECUTE FUNCTION workbench.notify_events()
    """,
]

# The views of review_db/schema.py, in PostgreSQL: the same rules, so claim_status on the
# hub equals claim_status in every synced database.
_LIVE = """
    NOT EXISTS (
        SELECT 1 FROM workbench.events AS u
        WHERE u.kind = 'undo' AND u.value::jsonb ->> 'event' = e.id
    )
"""

_VIEWS = [
    f"""
    CREATE VIEW workbench.live_events AS
    SELECT e.id, e.claim_id, e.reviewer, e.kind, e.value, e.at FROM workbench.events AS e
    WHERE e.kind <> 'undo' AND {_LIVE}
    """,
    f"""
    CREATE VIEW workbench.claim_status AS
    WITH live AS (
        SELECT e.id, e.claim_id, e.reviewer, e.kind, e.value, e.at FROM workbench.events AS e
        WHERE e.kind IN ('verdict', 'note', 'evidence-add', 'evidence-remove') AND {_LIVE}
    ),
    ranked AS (
        SELECT claim_id, reviewer, kind, value, at,
            row_number() OVER (
                PARTITION BY claim_id, reviewer, kind ORDER BY at DESC, id DESC
            ) AS rn
        FROM live WHERE kind IN ('verdict', 'note')
    ),
    evidence_ranked AS (
        SELECT claim_id, reviewer, kind, value,
            row_number() OVER (
                PARTITION BY claim_id, reviewer, value ORDER BY at DESC, id DESC
            ) AS rn
        FROM live WHERE kind IN ('evidence-add', 'evidence-remove')
    ),
    evidence AS (
        SELECT claim_id, reviewer, jsonb_agg(value::jsonb ORDER BY value) AS items
        FROM evidence_ranked WHERE rn = 1 AND kind = 'evidence-add'
        GROUP BY claim_id, reviewer
    ),
    pairs AS (
        SELECT claim_id, reviewer, max(at) AS updated_at FROM live GROUP BY claim_id, reviewer
    )
    SELECT
        c.article_id,
        p.claim_id,
        p.reviewer,
        v.value::jsonb ->> 'label' AS verdict,
        v.at AS verdict_at,
        nullif(n.value::jsonb ->> 'text', '') AS note,
        coalesce(e.items, '[]'::jsonb) AS evidence,
        p.updated_at
    FROM pairs AS p
    JOIN workbench.claims AS c ON c.id = p.claim_id
    LEFT JOIN ranked AS v
        ON v.claim_id = p.claim_id AND v.reviewer = p.reviewer AND v.kind = 'verdict' AND v.rn = 1
    LEFT JOIN ranked AS n
        ON n.claim_id = p.claim_id AND n.reviewer = p.reviewer AND n.kind = 'note' AND n.rn = 1
    LEFT JOIN evidence AS e ON e.claim_id = p.claim_id AND e.reviewer = p.reviewer
    """,
    """
    CREATE VIEW workbench.reviewer_progress AS
    SELECT
        a.id AS article_id,
        a.title,
        s.reviewer,
        count(s.verdict) FILTER (WHERE c.kind IN ('claim', 'quote')) AS reviewed,
        (SELECT count(*) FROM workbench.claims AS k
         WHERE k.article_id = a.id AND k.kind IN ('claim', 'quote')) AS claims,
        count(s.verdict) FILTER (WHERE c.kind NOT IN ('claim', 'quote')) AS other_reviewed,
        (SELECT count(*) FROM workbench.claims AS k
         WHERE k.article_id = a.id AND k.kind NOT IN ('claim', 'quote')) AS other_units
    FROM workbench.articles AS a
    JOIN workbench.claim_status AS s ON s.article_id = a.id
    JOIN workbench.claims AS c ON c.id = s.claim_id
    GROUP BY a.id, a.title, s.reviewer
    """,
    """
    CREATE VIEW workbench.adjudications AS
    SELECT claim_id, reviewer AS adjudicator, value::jsonb ->> 'label' AS verdict, at
    FROM (
        SELECT e.*, row_number() OVER (PARTITION BY claim_id ORDER BY at DESC, id DESC) AS rn
        FROM workbench.live_events AS e WHERE kind = 'adjudication'
    ) AS latest
    WHERE rn = 1
    """,
    """
    CREATE VIEW workbench.conflicts AS
    SELECT
        s.article_id,
        s.claim_id,
        count(DISTINCT s.verdict) AS labels,
        jsonb_object_agg(s.reviewer, s.verdict) AS verdicts,
        a.verdict AS adjudicated,
        a.adjudicator
    FROM workbench.claim_status AS s
    LEFT JOIN workbench.adjudications AS a ON a.claim_id = s.claim_id
    WHERE s.verdict IS NOT NULL
    GROUP BY s.article_id, s.claim_id, a.verdict, a.adjudicator
    HAVING count(DISTINCT s.verdict) > 1
    """,
]

_INSERT_GRANTS = [
    f"GRANT INSERT ({t.quoted_columns}) ON workbench.{t.name} TO {{reviewer}}"
    for t in SYNCED_TABLES
]

_SECURITY = [
    "GRANT {reviewer} TO {adjudicator}",
    "GRANT USAGE ON SCHEMA workbench TO {reviewer}, {reader}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA workbench TO {reviewer}, {reader}",
    *_INSERT_GRANTS,
    "ALTER TABLE workbench.events ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY events_read ON workbench.events FOR SELECT USING (true)",
    """
    CREATE POLICY events_signed ON workbench.events FOR INSERT TO {reviewer}
    WITH CHECK (
        reviewer = current_user
        AND (kind <> 'adjudication' OR pg_has_role(current_user, {adjudicator_name}, 'MEMBER'))
    )
    """,
]

# The order is the upgrade path; a released step is never edited, only followed by another.
HUB_STEPS: tuple[tuple[str, list[str]], ...] = (
    ("0001_tables", _TABLES),
    ("0002_views", _VIEWS),
    ("0003_security", _SECURITY),
)
HUB_SCHEMA_VERSION = len(HUB_STEPS)
