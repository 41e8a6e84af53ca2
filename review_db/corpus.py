"""The corpus: source documents, their passages, full-text search and the match cache.

Sources are content-addressed and immutable; adding passages moves ``corpus_version``
on, which is what expires cached matches and per-connection term counts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .connection import Connection, canonical_json, utc_timestamp
from .errors import StoreError
from .models import AddedSources, JSONDict, NewSource, Passage, PassageHit, Source

# Page cache while a batch is imported, in KiB (SQLite's default is 2 MB).  At a million
# real-vocabulary passages: see benchmarks/results-matching.txt.
BULK_CACHE_KIB = 64 * 1024


class Corpus:
    """The sources and passages of one review database, and searching them."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.conn = connection.conn
        self._term_counts: dict[str, int] = {}  # passage_term_counts, per corpus version
        self._term_counts_version = -1

    def resolve_passage_id(self, prefix: str) -> str:
        """The full id of the one passage whose id starts with ``prefix``."""
        return self.connection.resolve_id(
            "passages", prefix, "passage", "run `workbench match` to find them"
        )

    def count_sources(self) -> int:
        """How many source documents the corpus holds."""
        return int(self.conn.execute("SELECT count(*) FROM sources").fetchone()[0])

    def source(self, source_id: str) -> Source:
        """The source with this id or unique id prefix."""
        full = self.connection.resolve_id(
            "sources", source_id, "source", "run `workbench add sources`"
        )
        return Source(**next(self.connection.query("SELECT * FROM sources WHERE id = ?", [full])))

    def passage(self, passage_id: str) -> Passage:
        """The passage with this id or unique id prefix."""
        full = self.resolve_passage_id(passage_id)
        row = next(
            self.connection.query(
                'SELECT id, source_id, ordinal, text, start, "end" FROM passages WHERE id = ?',
                [full],
            )
        )
        return Passage(**row)

    def corpus_version(self) -> int:
        """A number that changes whenever sources are added, so cached matches expire."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'corpus_version'").fetchone()
        return int(row[0]) if row else 0

    def cached_matches(self, key: str) -> list[JSONDict] | None:
        """The results saved under ``key`` for the current corpus, or None."""
        row = self.conn.execute(
            "SELECT results FROM match_cache WHERE key = ? AND corpus_version = ?",
            (key, self.corpus_version()),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_matches(self, key: str, corpus_version: int, results: list[JSONDict]) -> None:
        """Keep ``results`` for ``key``, computed against ``corpus_version``."""
        with self.connection.write():
            self.conn.execute(
                "INSERT INTO match_cache (key, corpus_version, results, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "corpus_version = excluded.corpus_version, results = excluded.results, "
                "created_at = excluded.created_at",
                (key, corpus_version, canonical_json(results), utc_timestamp()),
            )

    def add_sources(self, sources: Sequence[NewSource], *, segmenter: str) -> AddedSources:
        """Store a batch of source documents, their passages and their FTS rows at once.

        One transaction per batch keeps an import fast and lets reviewers write between
        batches; a document whose content id is already stored is skipped and counted,
        which makes re-importing a corpus incremental.  When passages are added, the
        corpus version moves on, so cached matches expire.
        """
        with self.connection.write(), self._bulk_cache():
            named = [doc.source_id for doc in sources]
            known = self._stored_sources(named)
            seen: set[str] = set()
            source_rows = []
            passage_rows = []
            fts_rows = []
            skipped = 0
            rowid = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
            added_at = utc_timestamp()
            for doc, sid in zip(sources, known, strict=True):
                if sid is None or sid in seen:
                    skipped += 1
                    continue
                seen.add(sid)
                source_rows.append(
                    (sid, doc.external_id, doc.title, doc.origin, doc.url, doc.publisher,
                     doc.published, doc.text, added_at)
                )  # fmt: skip
                for ordinal, ((start, end), pid) in enumerate(
                    zip(doc.passages, doc.passage_ids, strict=True), start=1
                ):
                    text = doc.text[start:end]
                    rowid += 1
                    passage_rows.append((rowid, pid, sid, ordinal, text, start, end))
                    fts_rows.append((rowid, doc.title, text))
            self.conn.executemany(
                "INSERT INTO sources (id, external_id, title, origin, url, publisher, "
                "published, text, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                source_rows,
            )
            self.conn.executemany(
                'INSERT INTO passages (rowid, id, source_id, ordinal, text, start, "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                passage_rows,
            )
            self.conn.executemany(
                "INSERT INTO passages_fts (rowid, title, text) VALUES (?, ?, ?)", fts_rows
            )
            if passage_rows:
                self._count_new_terms()
                self.connection.set_meta("corpus_version", str(self.corpus_version() + 1))
                self.connection.set_meta("passage_segmenter", segmenter)
        return AddedSources(
            len(source_rows), len(passage_rows), skipped, tuple(dict.fromkeys(named))
        )

    def _stored_sources(self, source_ids: Sequence[str]) -> list[str | None]:
        """Each id, or None where that source is already stored (one query, not one per
        document: a probe per document was a tenth of an import)."""
        stored = {
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM sources WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(source_ids)),),
            )
        }
        return [None if sid in stored else sid for sid in source_ids]

    @contextmanager
    def _bulk_cache(self) -> Iterator[None]:
        """A larger page cache while a batch is written, then the connection's own.

        Passage ids are hashes, so each batch inserts into its unique indexes at random
        places; at a million passages those indexes outgrow SQLite's default 2 MB cache
        and every insert rereads pages.
        """
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    def _count_new_terms(self) -> None:
        """Add the terms of every passage past ``meta.terms_through`` to ``passage_terms``.

        The new passages go through a scratch FTS5 table with the index's tokenizer (no
        positions or sizes, so it is cheap), whose vocabulary gives each term's passage
        count; the counts are added to the stored ones.  Passages a merge wrote since the
        last import are counted here too, so the table catches up.
        """
        through = int(self._meta("terms_through") or 0)
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_passage_text USING fts5("
            "title, text, content='', detail=none, columnsize=0, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_passage_terms "
            "USING fts5vocab(temp, new_passage_text, 'row')"
        )
        self.conn.execute(
            "INSERT INTO temp.new_passage_text (rowid, title, text) "
            "SELECT p.rowid, s.title, p.text FROM passages AS p "
            "JOIN sources AS s ON s.id = p.source_id WHERE p.rowid > ?",
            (through,),
        )
        self.conn.execute(
            "INSERT INTO passage_terms (term, passages) "
            "SELECT term, doc FROM temp.new_passage_terms WHERE true "
            "ON CONFLICT (term) DO UPDATE SET passages = passages + excluded.passages"
        )
        self.conn.execute(
            "INSERT INTO temp.new_passage_text (new_passage_text) VALUES ('delete-all')"
        )
        last = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
        self.connection.set_meta("terms_through", str(last))

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _terms_current(self) -> bool:
        """Whether ``passage_terms`` counts every passage (a merge may have added some)."""
        through = int(self._meta("terms_through") or 0)
        last = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
        return bool(through >= last)

    def passage_count(self) -> int:
        """How many passages the corpus holds."""
        return int(self.conn.execute("SELECT count(*) FROM passages").fetchone()[0])

    def _term_tables(self) -> None:
        """Per-connection temp tables that stem words exactly as the index does.

        The FTS5 vocabulary of ``passages_fts`` is keyed by porter stems; putting the
        query's words through a temp FTS5 table with the same tokenizer gives the same
        stems, with no stemmer of our own to drift from SQLite's.
        """
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5("
            "word, tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_word_terms "
            "USING fts5vocab(temp, query_words, 'instance')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.indexed_terms "
            "USING fts5vocab(main, passages_fts, 'row')"
        )

    def passage_term_counts(self, words: Sequence[str]) -> list[int]:
        """For each word, how many passages (title or text) contain its stem.

        Rare words make a fast, selective full-text query; a word the index does not know
        counts 0.  A word the tokenizer splits ("4,200") counts its rarest part.
        """
        # The stored counts (``passage_terms``, kept at import) are one index lookup a
        # word; when a merge has added passages since, FTS5 counts them itself by walking
        # each term's whole doclist (milliseconds for a common word at a million
        # passages).  Either way, counts are kept until the corpus changes.
        version = self.corpus_version()
        if self._term_counts_version != version:
            self._term_counts = {}
            self._term_counts_version = version
        missing = [w for w in dict.fromkeys(words) if w not in self._term_counts]
        if missing:
            self._term_tables()
            self.conn.execute("DELETE FROM temp.query_words")
            self.conn.executemany(
                "INSERT INTO temp.query_words (rowid, word) VALUES (?, ?)",
                list(enumerate(missing, start=1)),
            )
            sql = (
                "SELECT q.doc, coalesce(t.passages, 0) FROM temp.query_word_terms AS q "
                "LEFT JOIN main.passage_terms AS t ON t.term = q.term"
                if self._terms_current()
                else "SELECT q.doc, coalesce(t.doc, 0) FROM temp.query_word_terms AS q "
                "LEFT JOIN temp.indexed_terms AS t ON t.term = q.term"
            )
            found: dict[int, int] = {}
            for doc, count in self.conn.execute(sql):
                found[doc] = min(found.get(doc, count), count)
            for i, word in enumerate(missing, start=1):
                self._term_counts[word] = found.get(i, 0)
        return [self._term_counts[w] for w in words]

    def search_passages(
        self, query: str, limit: int, *, title_weight: float = 0.5
    ) -> list[PassageHit]:
        """Passages matching an FTS5 ``query``, best BM25 first, with their sources.

        Args:
            query: an FTS5 query (matching.py builds it from quoted terms).
            limit: at most this many hits.
            title_weight: bm25 weight of the source-title column (the text's is 1).
        """
        sql = f"""
            SELECT p.id, p.source_id, s.title, s.publisher, s.published, s.url, p.text, f.rank
            FROM (
                SELECT rowid, bm25(passages_fts, {float(title_weight)!r}, 1.0) AS rank
                FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?
            ) AS f
            JOIN passages AS p ON p.rowid = f.rowid
            JOIN sources AS s ON s.id = p.source_id
            ORDER BY f.rank
        """
        try:
            rows = self.conn.execute(sql, (query, int(limit))).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"full-text search failed for {query!r}: {e}") from None
        return [PassageHit(*row) for row in rows]

    def passages(self, passage_ids: Sequence[str]) -> dict[str, Passage]:
        """The passages with these exact ids that exist, by id (one query for many)."""
        rows = self.connection.query(
            'SELECT id, source_id, ordinal, text, start, "end" FROM passages '
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(passage_ids))],
        )
        return {row["id"]: Passage(**row) for row in rows}

    def sources(self, source_ids: Sequence[str]) -> dict[str, Source]:
        """The sources with these exact ids that exist, by id (one query for many)."""
        rows = self.connection.query(
            "SELECT * FROM sources WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(source_ids))],
        )
        return {row["id"]: Source(**row) for row in rows}
