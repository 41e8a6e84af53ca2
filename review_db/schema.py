"""Tables, indexes, full-text index and views of a review database, as named migrations.

Each migration is a recorded, transactional step (``STEPS``, applied by ``migrations``),
so an older database is upgraded in place one step at a time and a half-applied step never
persists.
``SCHEMA_VERSION`` is the number of steps this code knows; it is also written to ``meta``
so that sqlite3 and Datasette users can see it, and so that a database written by a newer
workbench (more steps than we know) is refused rather than misread.
"""

from __future__ import annotations

MIGRATION_SET = "workbench"

EVENT_KINDS = ("verdict", "note", "evidence-add", "evidence-remove", "undo", "adjudication")
CLAIM_KINDS = ("claim", "quote", "heading", "caption", "credit", "other")
# The kinds a review is about: progress counts these; headings, captions, credits and
# other units are counted apart and never keep an article from 100%.
REVIEWED_KINDS = ("claim", "quote")

_CORE_TABLES = [
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        origin TEXT,
        url TEXT,
        published TEXT,
        text TEXT NOT NULL,
        segmenter TEXT NOT NULL,
        added_at TEXT NOT NULL
    )
    """,
    f"""
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN {CLAIM_KINDS!r}),
        worthiness REAL NOT NULL CHECK (worthiness BETWEEN 0 AND 1),
        signals TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(signals)),
        UNIQUE (article_id, ordinal)
    )
    """,
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        external_id TEXT,
        title TEXT NOT NULL,
        origin TEXT,
        url TEXT,
        publisher TEXT,
        published TEXT,
        text TEXT NOT NULL,
        added_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE passages (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL REFERENCES sources(id),
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        UNIQUE (source_id, ordinal)
    )
    """,
    # Contentless: the text lives once, in passages; the index only answers MATCH queries
    # and hands back passage rowids.  The source title is indexed beside each passage
    # because matching measured better with it (its own column, its own bm25 weight).
    """
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        title, text, content='', tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id),
        reviewer TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN {EVENT_KINDS!r}),
        value TEXT NOT NULL CHECK (json_valid(value)),
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX claims_article ON claims(article_id, ordinal)",
    "CREATE INDEX events_claim ON events(claim_id, reviewer, at, id)",
    "CREATE INDEX events_reviewer ON events(reviewer, at, id)",
    # An undo names the event it cancels; this partial index makes "is it cancelled?" cheap.
    """
    CREATE INDEX events_undo_target ON events(json_extract(value, '$.event'))
    WHERE kind = 'undo'
    """,
    # The log is append-only: history, undo, audit and merge all rely on it.
    """
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
    """,
    """
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
    """,
]


def claim_status_select(event_filter: str = "") -> str:
    """The query behind the ``claim_status`` view, optionally narrowed at its base.

    The current state of each claim for each reviewer who has touched it: their latest
    live verdict and note by (at, id), and the evidence whose latest live add/remove is an
    add.  ``ReviewStore`` runs it with ``event_filter`` (e.g. ``"AND e.claim_id = ?"``)
    so one claim's state is read through the index rather than by deriving every claim's;
    one query serves the view and the store, so they cannot disagree.  Changing it needs
    a new migration that recreates the view.
    """
    return f"""
    WITH live AS (
        SELECT e.* FROM events AS e
        WHERE e.kind IN ('verdict', 'note', 'evidence-add', 'evidence-remove') {event_filter}
          AND NOT EXISTS (
            SELECT 1 FROM events AS u
            WHERE u.kind = 'undo' AND json_extract(u.value, '$.event') = e.id
          )
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
        SELECT claim_id, reviewer, json_group_array(json(value)) AS items
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
        json_extract(v.value, '$.label') AS verdict,
        v.at AS verdict_at,
        nullif(json_extract(n.value, '$.text'), '') AS note,
        coalesce(e.items, '[]') AS evidence,
        p.updated_at
    FROM pairs AS p
    JOIN claims AS c ON c.id = p.claim_id
    LEFT JOIN ranked AS v
        ON v.claim_id = p.claim_id AND v.reviewer = p.reviewer AND v.kind = 'verdict' AND v.rn = 1
    LEFT JOIN ranked AS n
        ON n.claim_id = p.claim_id AND n.reviewer = p.reviewer AND n.kind = 'note' AND n.rn = 1
    LEFT JOIN evidence AS e ON e.claim_id = p.claim_id AND e.reviewer = p.reviewer
    """


_STATUS_VIEWS = [
    # Every event that is not an undo and that no undo cancels.
    """
    CREATE VIEW live_events AS
    SELECT e.* FROM events AS e
    WHERE e.kind <> 'undo'
      AND NOT EXISTS (
        SELECT 1 FROM events AS u
        WHERE u.kind = 'undo' AND json_extract(u.value, '$.event') = e.id
      )
    """,
    "CREATE VIEW claim_status AS " + claim_status_select(),
    # Claims with a current verdict, per article and reviewer.
    """
    CREATE VIEW reviewer_progress AS
    SELECT
        a.id AS article_id,
        a.title,
        s.reviewer,
        count(s.verdict) AS reviewed,
        (SELECT count(*) FROM claims AS c WHERE c.article_id = a.id) AS claims
    FROM articles AS a
    JOIN claim_status AS s ON s.article_id = a.id
    GROUP BY a.id, s.reviewer
    """,
]


_MATCHES_AND_CONFLICTS = [
    # Ranked passages for a query, kept until the corpus changes (corpus_version in meta).
    """
    CREATE TABLE match_cache (
        key TEXT PRIMARY KEY,
        corpus_version INTEGER NOT NULL,
        results TEXT NOT NULL CHECK (json_valid(results)),
        created_at TEXT NOT NULL
    )
    """,
    # The settled verdict of a claim: its latest live adjudication.
    """
    CREATE VIEW adjudications AS
    SELECT claim_id, reviewer AS adjudicator, json_extract(value, '$.label') AS verdict, at
    FROM (
        SELECT e.*, row_number() OVER (
            PARTITION BY claim_id ORDER BY at DESC, id DESC
        ) AS rn
        FROM live_events AS e WHERE kind = 'adjudication'
    )
    WHERE rn = 1
    """,
    # Claims whose reviewers' current verdicts differ, with the adjudication if any.
    """
    CREATE VIEW conflicts AS
    SELECT
        s.article_id,
        s.claim_id,
        count(DISTINCT s.verdict) AS labels,
        json_group_object(s.reviewer, s.verdict) AS verdicts,
        a.verdict AS adjudicated,
        a.adjudicator
    FROM claim_status AS s
    LEFT JOIN adjudications AS a ON a.claim_id = s.claim_id
    WHERE s.verdict IS NOT NULL
    GROUP BY s.claim_id
    HAVING count(DISTINCT s.verdict) > 1
    """,
]


_WORTHINESS_MODELS = [
    # Trained check-worthiness models as plain JSON numbers and vocabulary (never pickle:
    # a shared database must not be able to run code).  Which one is in use is the meta
    # key ``worthiness_model`` (a row id; absent means the built-in default scorer).
    """
    CREATE TABLE worthiness_models (
        id INTEGER PRIMARY KEY,
        trained_at TEXT NOT NULL,
        source TEXT NOT NULL,
        examples INTEGER NOT NULL,
        positives INTEGER NOT NULL,
        model TEXT NOT NULL CHECK (json_valid(model))
    )
    """,
]


_HUB_SYNC = [
    # How far sync has got with each hub (by the hub's id, so a new URL for the same hub
    # keeps its place): per table, the last local rowid pushed and the last hub position
    # (transaction, sequence) pulled.  Losing it only costs time: sync is a set union.
    """
    CREATE TABLE hub_marks (
        hub TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
        "table" TEXT NOT NULL,
        mark TEXT NOT NULL,
        PRIMARY KEY (hub, direction, "table")
    )
    """,
]


_FACTCHECKS = [
    # Published fact-checks (schema.org ClaimReview), content-addressed and immutable.
    # `terms` holds the claim's words as the fact-check matcher normalises them (number
    # words as digits, verb synonyms folded, plurals stemmed), so the index it feeds and
    # the document frequencies the matcher weighs words by agree with its own reading.
    """
    CREATE TABLE factchecks (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        claim_reviewed TEXT NOT NULL,
        verdict TEXT,
        rating_value REAL,
        best_rating REAL,
        worst_rating REAL,
        author_name TEXT,
        author_url TEXT,
        url TEXT,
        date_published TEXT,
        claim_author TEXT,
        appearances TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(appearances)),
        language TEXT,
        terms TEXT NOT NULL,
        origin TEXT,
        added_at TEXT NOT NULL
    )
    """,
    """
    CREATE VIRTUAL TABLE factchecks_fts USING fts5(
        terms, content='', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    # Every claim's text, so a new claim finds earlier reviewed claims of other articles.
    # Kept by triggers, so claims added by any path (import, re-split, merge) are indexed.
    # The index keeps its own copy of the claim id and is always joined back on it: a
    # rowid that VACUUM renumbered can leave a stale row, never a wrong answer.
    """
    CREATE VIRTUAL TABLE claims_fts USING fts5(
        claim_id UNINDEXED, text, tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    "INSERT INTO claims_fts (rowid, claim_id, text) SELECT rowid, id, text FROM claims",
    """
    CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
        INSERT OR REPLACE INTO claims_fts (rowid, claim_id, text)
        VALUES (new.rowid, new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
        DELETE FROM claims_fts WHERE rowid = old.rowid AND claim_id = old.id;
    END
    """,
]


_ARTICLE_BYLINE = [
    # Who wrote an article and the site that published it, as the page declares them
    # (or `add article --author`): a ClaimReview's itemReviewed names the claim's author.
    "ALTER TABLE articles ADD COLUMN author TEXT",
    "ALTER TABLE articles ADD COLUMN publisher TEXT",
]


_EMBEDDINGS = [
    # Sentence embeddings of passages, computed on demand by the semantic ranker and kept
    # per model, so that a passage is embedded once per model whatever the claims.  A
    # vector is little-endian float32, unit length.  No foreign key: passages are never
    # deleted, and the cache must not slow their import.
    """
    CREATE TABLE passage_embeddings (
        passage_id TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (passage_id, model)
    ) WITHOUT ROWID
    """,
]


_PROGRESS_OF_CLAIMS_AND_QUOTES = [
    # Progress counts claims and quotes (REVIEWED_KINDS, written out: a step is frozen):
    # `reviewed` of `claims`; the other units a reviewer gave a verdict, and how many
    # there are, in columns of their own.
    "DROP VIEW reviewer_progress",
    """
    CREATE VIEW reviewer_progress AS
    SELECT
        a.id AS article_id,
        a.title,
        s.reviewer,
        count(s.verdict) FILTER (WHERE c.kind IN ('claim', 'quote')) AS reviewed,
        (SELECT count(*) FROM claims AS k
         WHERE k.article_id = a.id AND k.kind IN ('claim', 'quote')) AS claims,
        count(s.verdict) FILTER (WHERE c.kind NOT IN ('claim', 'quote')) AS other_reviewed,
        (SELECT count(*) FROM claims AS k
         WHERE k.article_id = a.id AND k.kind NOT IN ('claim', 'quote')) AS other_units
    FROM articles AS a
    JOIN claim_status AS s ON s.article_id = a.id
    JOIN claims AS c ON c.id = s.claim_id
    GROUP BY a.id, s.reviewer
    """,
]


_PASSAGE_TERMS = [
    # How many passages (title or text) hold each term of the full-text index, kept at
    # import: FTS5 counts a term by walking its whole doclist (15 ms for a common word at
    # a million passages), and matching counts every word of a claim to pick the rare
    # ones.  Terms are the index's own porter stems.  ``meta.terms_through`` is the last
    # passage rowid counted: a passage written past it (by a merge) makes matching count
    # from the index until the next import catches up.
    """
    CREATE TABLE passage_terms (
        term TEXT PRIMARY KEY,
        passages INTEGER NOT NULL
    ) WITHOUT ROWID
    """,
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('terms_through', '0')",
]


# The order is the upgrade path; a released step is never edited, only followed by another.
STEPS: tuple[tuple[str, list[str]], ...] = (
    ("0001_core_tables", _CORE_TABLES),
    ("0002_status_views", _STATUS_VIEWS),
    ("0003_matches_and_conflicts", _MATCHES_AND_CONFLICTS),
    ("0004_worthiness_models", _WORTHINESS_MODELS),
    ("0005_hub_marks", _HUB_SYNC),
    ("0006_factchecks", _FACTCHECKS),
    ("0007_article_byline", _ARTICLE_BYLINE),
    ("0008_passage_embeddings", _EMBEDDINGS),
    ("0009_progress_of_claims_and_quotes", _PROGRESS_OF_CLAIMS_AND_QUOTES),
    ("0010_passage_terms", _PASSAGE_TERMS),
)
MIGRATION_NAMES = tuple(name for name, _ in STEPS)
SCHEMA_VERSION = len(MIGRATION_NAMES)
