"""The archive's schema, as a list of migrations applied in order.

Each migration runs in its own transaction (sqlite-utils ``Migrations``);
``PRAGMA user_version`` then records how many this app knows, so an archive
made by a newer app (a higher number, or a migration this app does not know)
is refused. New migrations are appended at the end of this file, never edited
once released.

Table names are plain so any SQLite tool reads the file as it is. Ids are
random UUIDs, so records made on different laptops merge without clashes.
Responses carry no name, no device id and no clock time: only the round has a
date. They are keyed by a random key in a WITHOUT ROWID table, so the order in
which people answered cannot be read back.

Why this module is long: the migrations are one ordered history; split over
files, their order would depend on import order.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


class _Migrations(Migrations):
    def names(self) -> list[str]:
        return [m.name for m in self._migrations]


MIGRATIONS = _Migrations("spf_desktop")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE forums (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            region TEXT,
            protective_marking TEXT,
            ways_of_working TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"name", "description"}]
            created_on TEXT
        );

        CREATE TABLE question_sets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            lineage TEXT NOT NULL,              -- shared by every version of one set
            source_note TEXT NOT NULL DEFAULT '',
            low_label TEXT NOT NULL DEFAULT 'Not at all',
            high_label TEXT NOT NULL DEFAULT 'Completely',
            side_question TEXT NOT NULL DEFAULT 'Which side of the partnership are you on?',
            forum_id TEXT REFERENCES forums(id),
            UNIQUE (lineage, version)
        );

        CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            question_set_id TEXT NOT NULL REFERENCES question_sets(id),
            position INTEGER NOT NULL,
            key TEXT NOT NULL,                  -- stable across versions, for comparisons
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            UNIQUE (question_set_id, position),
            UNIQUE (question_set_id, key)
        );

        CREATE TABLE benchmarks (
            id TEXT PRIMARY KEY,
            forum_id TEXT REFERENCES forums(id),
            label TEXT NOT NULL,
            value REAL NOT NULL CHECK (value BETWEEN 0 AND 10)
        );

        CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            forum_id TEXT REFERENCES forums(id),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            date TEXT,                          -- YYYY-MM-DD
            venue TEXT NOT NULL DEFAULT '',
            start_time TEXT NOT NULL DEFAULT '10:00',   -- HH:MM
            planned_end TEXT NOT NULL DEFAULT '13:00',
            seating TEXT NOT NULL DEFAULT 'cabaret'
                CHECK (seating IN ('cabaret', 'boardroom', 'horseshoe', 'circle')),
            ways_of_working TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            is_template INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE rounds (
            id TEXT PRIMARY KEY,
            forum_id TEXT NOT NULL REFERENCES forums(id),
            question_set_id TEXT NOT NULL REFERENCES question_sets(id),
            meeting_id TEXT REFERENCES meetings(id),
            label TEXT NOT NULL CHECK (length(trim(label)) > 0),
            date TEXT NOT NULL,                 -- YYYY-MM-DD: the only time kept
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
            min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
            benchmark_id TEXT REFERENCES benchmarks(id),
            redactions INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE responses (
            key TEXT PRIMARY KEY,               -- random: no order to read back
            round_id TEXT NOT NULL REFERENCES rounds(id),
            side TEXT CHECK (side IN ('staff', 'management', 'undisclosed'))
        ) WITHOUT ROWID;

        CREATE TABLE answers (
            response_key TEXT NOT NULL REFERENCES responses(key) ON DELETE CASCADE,
            question_id TEXT NOT NULL REFERENCES questions(id),
            score INTEGER CHECK (score BETWEEN 0 AND 10),   -- NULL: skipped
            comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000),
            PRIMARY KEY (response_key, question_id)
        ) WITHOUT ROWID;

        CREATE TABLE agenda_sections (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            question TEXT NOT NULL DEFAULT '',  -- the item posed as a question
            outcome_sought TEXT NOT NULL DEFAULT '',
            duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 720),
            lead TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',      -- private: never on the audience screen
            params TEXT NOT NULL DEFAULT '{}',   -- JSON: the section type's parameters
            pinned_time TEXT,                    -- HH:MM
            parallel_with TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            actual_start TEXT,
            actual_end TEXT
        );

        CREATE TABLE outcomes (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL
        );

        CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL
        );

        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            done_on TEXT
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE INDEX questions_by_set ON questions(question_set_id, position);
        CREATE INDEX rounds_by_forum ON rounds(forum_id, date);
        CREATE INDEX responses_by_round ON responses(round_id);
        CREATE INDEX answers_by_question ON answers(question_id);
        CREATE INDEX meetings_by_forum ON meetings(forum_id, date);
        CREATE INDEX sections_by_meeting ON agenda_sections(meeting_id, position);
        CREATE INDEX actions_by_meeting ON actions(meeting_id, status);

        -- Views for anyone reading the file with another SQLite tool.
        CREATE VIEW question_results AS
            SELECT r.id AS round_id, r.label AS round_label, r.date AS round_date,
                   q.position, q.key, q.text AS question,
                   count(a.score) AS answered,
                   sum(a.score IS NULL AND a.response_key IS NOT NULL) AS skipped,
                   round(avg(a.score), 2) AS mean
            FROM rounds r
            JOIN questions q ON q.question_set_id = r.question_set_id
            LEFT JOIN responses s ON s.round_id = r.id
            LEFT JOIN answers a ON a.response_key = s.key AND a.question_id = q.id
            GROUP BY r.id, q.id;

        CREATE VIEW round_results AS
            SELECT round_id, round_label, round_date,
                   round(avg(mean), 2) AS overall_average
            FROM question_results
            GROUP BY round_id;
        """
    )


@MIGRATIONS(name="0002_archive_search_and_aggregates")
def _archive_search_and_aggregates(db: Database) -> None:
    """Full-text search over the archive, and aggregates that outlive purged responses.

    ``search_refs`` gives each indexed text a small integer id (the FTS5 rowid)
    and says what it is (``kind``) and which record it belongs to (``ref``), so
    triggers can keep the index in step by an indexed lookup, whoever writes.
    ``round_purges`` and ``round_aggregates`` hold, for a round whose raw
    responses were purged, its response count and each question's 0..10
    distribution and skips, overall and per side.
    """
    run_script(
        db,
        """
        CREATE TABLE search_refs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,      -- meeting, section, outcome, decision, action, question, comment
            ref TEXT NOT NULL,       -- the record's id (a comment: response_key/question_id)
            UNIQUE (kind, ref)
        );

        CREATE VIRTUAL TABLE search_index USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TABLE round_purges (
            round_id TEXT PRIMARY KEY REFERENCES rounds(id),
            responses INTEGER NOT NULL,
            staff INTEGER NOT NULL DEFAULT 0,
            management INTEGER NOT NULL DEFAULT 0,
            undisclosed INTEGER NOT NULL DEFAULT 0,
            no_side INTEGER NOT NULL DEFAULT 0,
            comments_removed INTEGER NOT NULL DEFAULT 0,
            purged_on TEXT NOT NULL
        );

        CREATE TABLE round_aggregates (
            round_id TEXT NOT NULL REFERENCES round_purges(round_id),
            question_id TEXT NOT NULL REFERENCES questions(id),
            side TEXT NOT NULL CHECK (side IN ('all', 'staff', 'management', 'undisclosed', 'none')),
            skips INTEGER NOT NULL DEFAULT 0,
            distribution TEXT NOT NULL,   -- JSON: how many gave 0, 1, ..., 10
            answered INTEGER NOT NULL,
            total INTEGER NOT NULL,       -- sum of the scores, so the mean needs no JSON
            PRIMARY KEY (round_id, question_id, side)
        ) WITHOUT ROWID;
        """
    )
    # (kind, table, key expression, text expression, condition): one set of triggers each.
    indexed = [
        ("meeting", "meetings", "{r}.id", "{r}.title", "{r}.is_template = 0"),
        ("section", "agenda_sections", "{r}.id",
         "trim({r}.title || ' ' || {r}.question || ' ' || {r}.outcome_sought)", "1"),
        ("outcome", "outcomes", "{r}.id", "{r}.text", "1"),
        ("decision", "decisions", "{r}.id", "{r}.text", "1"),
        ("action", "actions", "{r}.id", "{r}.text || ' ' || {r}.owner", "1"),
        ("question", "questions", "{r}.id", "{r}.text", "1"),
        ("comment", "answers", "{r}.response_key || '/' || {r}.question_id", "{r}.comment",
         "{r}.comment IS NOT NULL AND {r}.comment != ''"),
    ]
    for kind, table, key, text, cond in indexed:
        new = {k: v.format(r="new") for k, v in (("key", key), ("text", text), ("cond", cond))}
        old = {k: v.format(r="old") for k, v in (("key", key), ("cond", cond))}
        add = f"""
            INSERT INTO search_refs (kind, ref) VALUES ('{kind}', {new['key']});
            INSERT INTO search_index (rowid, body) VALUES (last_insert_rowid(), {new['text']});
        """  # noqa: S608 - literal names from the list above
        drop = f"""
            DELETE FROM search_index WHERE rowid =
                (SELECT id FROM search_refs WHERE kind = '{kind}' AND ref = {old['key']});
            DELETE FROM search_refs WHERE kind = '{kind}' AND ref = {old['key']};
        """  # noqa: S608 - literal names from the list above
        run_script(
            db,
            f"""
            CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table}
            WHEN {new['cond']} BEGIN {add} END;

            CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table}
            WHEN {old['cond']} BEGIN {drop} END;

            CREATE TRIGGER search_{table}_au_old AFTER UPDATE ON {table}
            WHEN {old['cond']} BEGIN {drop} END;

            CREATE TRIGGER search_{table}_au_new AFTER UPDATE ON {table}
            WHEN {new['cond']} BEGIN {add} END;
            """,
        )
        # Index what the archive already holds.
        rows = f"SELECT {key.format(r='t')}, {text.format(r='t')} FROM {table} t WHERE {cond.format(r='t')}"  # noqa: S608
        for ref, body in db.execute(rows).fetchall():
            db.execute("INSERT INTO search_refs (kind, ref) VALUES (?, ?)", [kind, ref])
            db.execute("INSERT INTO search_index (rowid, body) VALUES (last_insert_rowid(), ?)",
                       [body])

    # The results views also read the aggregates of purged rounds.
    run_script(
        db,
        """
        DROP VIEW round_results;
        DROP VIEW question_results;

        CREATE VIEW question_results AS
            SELECT r.id AS round_id, r.label AS round_label, r.date AS round_date,
                   q.position, q.key, q.text AS question,
                   count(a.score) AS answered,
                   sum(a.score IS NULL AND a.response_key IS NOT NULL) AS skipped,
                   round(avg(a.score), 2) AS mean
            FROM rounds r
            JOIN questions q ON q.question_set_id = r.question_set_id
            LEFT JOIN responses s ON s.round_id = r.id
            LEFT JOIN answers a ON a.response_key = s.key AND a.question_id = q.id
            WHERE r.id NOT IN (SELECT round_id FROM round_purges)
            GROUP BY r.id, q.id
            UNION ALL
            SELECT r.id, r.label, r.date, q.position, q.key, q.text,
                   g.answered, g.skips,
                   CASE WHEN g.answered > 0 THEN round(1.0 * g.total / g.answered, 2) END
            FROM round_aggregates g
            JOIN rounds r ON r.id = g.round_id
            JOIN questions q ON q.id = g.question_id
            WHERE g.side = 'all';

        CREATE VIEW round_results AS
            SELECT round_id, round_label, round_date,
                   round(avg(mean), 2) AS overall_average
            FROM question_results
            GROUP BY round_id;
        """,
    )


@MIGRATIONS(name="0003_agenda_run_state")
def _agenda_run_state(db: Database) -> None:
    """The meeting clock's state, saved after every action so a crash loses nothing."""
    run_script(
        db,
        """
        CREATE TABLE agenda_run_state (
            meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
            state TEXT NOT NULL,        -- JSON: spf_desktop.domain.runclock.RunState
            updated_at TEXT NOT NULL    -- wall time of the last save, for people reading the file
        );
        """,
    )


@MIGRATIONS(name="0004_archive_search_update_triggers")
def _archive_search_update_triggers(db: Database) -> None:
    """One update trigger per indexed table, removing the old text before adding the new.

    SQLite fires several triggers on one event in no promised order, so the two
    update triggers of 0002 could add before they removed.
    """
    indexed = [
        ("meeting", "meetings", "{r}.id", "{r}.title", "{r}.is_template = 0"),
        ("section", "agenda_sections", "{r}.id",
         "trim({r}.title || ' ' || {r}.question || ' ' || {r}.outcome_sought)", "1"),
        ("outcome", "outcomes", "{r}.id", "{r}.text", "1"),
        ("decision", "decisions", "{r}.id", "{r}.text", "1"),
        ("action", "actions", "{r}.id", "{r}.text || ' ' || {r}.owner", "1"),
        ("question", "questions", "{r}.id", "{r}.text", "1"),
        ("comment", "answers", "{r}.response_key || '/' || {r}.question_id", "{r}.comment",
         "{r}.comment IS NOT NULL AND {r}.comment != ''"),
    ]
    for kind, table, key, text, cond in indexed:
        old_key, new_key = key.format(r="old"), key.format(r="new")
        new_text, new_cond = text.format(r="new"), cond.format(r="new")
        run_script(
            db,
            f"""
            DROP TRIGGER search_{table}_au_old;
            DROP TRIGGER search_{table}_au_new;
            CREATE TRIGGER search_{table}_au AFTER UPDATE ON {table} BEGIN
                DELETE FROM search_index WHERE rowid =
                    (SELECT id FROM search_refs WHERE kind = '{kind}' AND ref = {old_key});
                DELETE FROM search_refs WHERE kind = '{kind}' AND ref = {old_key};
                INSERT INTO search_refs (kind, ref) SELECT '{kind}', {new_key} WHERE {new_cond};
                INSERT INTO search_index (rowid, body)
                    SELECT id, {new_text} FROM search_refs
                    WHERE kind = '{kind}' AND ref = {new_key} AND {new_cond};
            END;
            """,  # noqa: S608 - literal names from the list above
        )



@MIGRATIONS(name="0005_audit_comment_screening")
def _audit_comment_screening(db: Database) -> None:
    """How many comments a round had when the facilitator last screened them.

    Comments are shown only while this equals the round's number of comments, so
    a comment that arrives after screening waits for the next screening. NULL:
    never screened.
    """
    db.execute("ALTER TABLE rounds ADD COLUMN screened_comments INTEGER")


@MIGRATIONS(name="0006_shipped_question_sets")
def _shipped_question_sets(db: Database) -> None:
    """Every archive can run an audit on its first day: an archive with no question
    set gets the shipped ones (with the same ids on every laptop)."""
    if db.execute("SELECT count(*) FROM question_sets").fetchone()[0] == 0:
        from spf_desktop.store.shipped import install_shipped_sets

        install_shipped_sets(db)


@MIGRATIONS(name="0007_section_round")
def _section_round(db: Database) -> None:
    """An agenda's audit section can name the audit round it runs (held at the
    meeting). Deferred, so a merge may write sections before their rounds."""
    db.execute("ALTER TABLE agenda_sections ADD COLUMN round_id TEXT "
               "REFERENCES rounds(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED")


@MIGRATIONS(name="0008_forum_defaults")
def _forum_defaults(db: Database) -> None:
    """What a new round in a forum starts with: the forum's minimum group size and
    benchmark (both can still be changed for the round). Forums made before this
    keep the app's old defaults: 5, and no benchmark."""
    run_script(
        db,
        """
        ALTER TABLE forums ADD COLUMN default_min_group_size INTEGER NOT NULL DEFAULT 5
            CHECK (default_min_group_size >= 3);
        ALTER TABLE forums ADD COLUMN default_benchmark_label TEXT NOT NULL DEFAULT '';
        ALTER TABLE forums ADD COLUMN default_benchmark_value REAL
            CHECK (default_benchmark_value IS NULL OR default_benchmark_value BETWEEN 0 AND 10);
        """,
    )


#: A search id drawn at random (53 bits, so any tool reads it as a plain number):
#: ids that carry no order, unlike SQLite's max + 1.
RANDOM_SEARCH_ID = "((random() & 9007199254740991) + 1)"

#: What the search index holds: (kind, table, key expression, text expression, condition).
SEARCH_SOURCES = [
    ("meeting", "meetings", "{r}.id", "{r}.title", "{r}.is_template = 0"),
    ("section", "agenda_sections", "{r}.id",
     "trim({r}.title || ' ' || {r}.question || ' ' || {r}.outcome_sought)", "1"),
    ("outcome", "outcomes", "{r}.id", "{r}.text", "1"),
    ("decision", "decisions", "{r}.id", "{r}.text", "1"),
    ("action", "actions", "{r}.id", "{r}.text || ' ' || {r}.owner", "1"),
    ("question", "questions", "{r}.id", "{r}.text", "1"),
    # A comment is indexed only once its round is closed (search shows no other),
    # so nothing in the index grows while people are still answering.
    ("comment", "answers", "{r}.response_key || '/' || {r}.question_id", "{r}.comment",
     "{r}.comment IS NOT NULL AND {r}.comment != '' AND EXISTS (SELECT 1 FROM responses s "
     "JOIN rounds o ON o.id = s.round_id WHERE s.key = {r}.response_key "
     "AND o.status = 'closed')"),
]

_ROUND_COMMENTS = """
    SELECT a.response_key || '/' || a.question_id AS ref, a.comment AS body
    FROM answers a JOIN responses s ON s.key = a.response_key
    WHERE s.round_id = {round} AND a.comment IS NOT NULL AND a.comment != ''
"""


@MIGRATIONS(name="0009_no_order_in_the_file")
def _no_order_in_the_file(db: Database) -> None:
    """Nothing in the file orders a round's responses by when they were given.

    Search entries get random ids (they were max + 1, so a comment's id gave its
    place in the order of answering), and a comment enters the index only when
    its round closes, all of the round's at once in random order. Every entry
    already indexed is given a new random id. ``layout_state`` notes that rows
    were added or removed since the pages were last rebuilt (see
    ``spf_desktop.store.layout``): the app rebuilds them when it closes. The
    archive is rebuilt (VACUUM) right after this migration.
    """
    for kind, table, key, text, cond in SEARCH_SOURCES:
        new_key, old_key = key.format(r="new"), key.format(r="old")
        new_text, new_cond = text.format(r="new"), cond.format(r="new")
        old_cond = cond.format(r="old")
        if kind == "comment":  # removal needs no round check: the entry may be gone already
            old_cond = "old.comment IS NOT NULL AND old.comment != ''"
        drop = f"""
            DELETE FROM search_index WHERE rowid =
                (SELECT id FROM search_refs WHERE kind = '{kind}' AND ref = {old_key});
            DELETE FROM search_refs WHERE kind = '{kind}' AND ref = {old_key};
        """  # noqa: S608 - literal names from the list above
        add = f"""
            INSERT INTO search_refs (id, kind, ref)
                SELECT {RANDOM_SEARCH_ID}, '{kind}', {new_key} WHERE {new_cond};
            INSERT INTO search_index (rowid, body)
                SELECT id, {new_text} FROM search_refs
                WHERE kind = '{kind}' AND ref = {new_key} AND {new_cond};
        """  # noqa: S608 - literal names from the list above
        run_script(
            db,
            f"""
            DROP TRIGGER IF EXISTS search_{table}_ai;
            DROP TRIGGER IF EXISTS search_{table}_ad;
            DROP TRIGGER IF EXISTS search_{table}_au;
            CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {add} END;
            CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table}
            WHEN {old_cond} BEGIN {drop} END;
            CREATE TRIGGER search_{table}_au AFTER UPDATE ON {table} BEGIN {drop} {add} END;
            """,
        )
    closing = _ROUND_COMMENTS.format(round="new.id")
    run_script(
        db,
        f"""
        CREATE TRIGGER search_round_closed AFTER UPDATE OF status ON rounds
        WHEN new.status = 'closed' AND old.status != 'closed' BEGIN
            INSERT INTO search_refs (id, kind, ref)
                SELECT {RANDOM_SEARCH_ID}, 'comment', c.ref FROM ({closing}) c
                WHERE NOT EXISTS (SELECT 1 FROM search_refs x
                                  WHERE x.kind = 'comment' AND x.ref = c.ref)
                ORDER BY random();
            INSERT INTO search_index (rowid, body)
                SELECT x.id, c.body FROM ({closing}) c
                JOIN search_refs x ON x.kind = 'comment' AND x.ref = c.ref
                WHERE NOT EXISTS (SELECT 1 FROM search_index i WHERE i.rowid = x.id)
                ORDER BY x.id;
        END;

        CREATE TRIGGER search_round_reopened AFTER UPDATE OF status ON rounds
        WHEN old.status = 'closed' AND new.status != 'closed' BEGIN
            DELETE FROM search_index WHERE rowid IN
                (SELECT x.id FROM ({closing}) c
                 JOIN search_refs x ON x.kind = 'comment' AND x.ref = c.ref);
            DELETE FROM search_refs WHERE kind = 'comment' AND ref IN
                (SELECT c.ref FROM ({closing}) c);
        END;

        CREATE TABLE layout_state (
            key TEXT PRIMARY KEY,       -- 'rebuild': rows came or went since the last rebuild
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,  # noqa: S608 - literal SQL from this module
    )
    for table in ("responses", "answers"):
        for event in ("INSERT", "DELETE"):
            db.execute(
                f"CREATE TRIGGER layout_{table}_{event.lower()} AFTER {event} ON {table} "  # noqa: S608 - literal names
                "BEGIN INSERT INTO layout_state (key, value) SELECT 'rebuild', 1 "
                "WHERE NOT EXISTS (SELECT 1 FROM layout_state WHERE key = 'rebuild'); END")
    db.execute("INSERT INTO layout_state (key, value) VALUES ('rebuild', 1)")
    rekey_search(db)


def rekey_search(db: Database) -> None:
    """Rebuild the search tables from scratch: every entry a new random id, inserted
    in random order, comments only of closed rounds, and one merged segment.

    Works on any archive that has a search index (schema 2 on), so backups made
    by older versions can be cleaned the same way.
    """
    import secrets

    refs_sql = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_refs'"
    ).fetchone()
    if refs_sql is None:
        return
    entries = [
        (kind, ref, body) for kind, ref, body in db.execute(
            "SELECT r.kind, r.ref, i.body FROM search_refs r "
            "JOIN search_index i ON i.rowid = r.id").fetchall()
        if kind != "comment"
    ]
    entries += [("comment", ref, body) for ref, body in db.execute(
        "SELECT a.response_key || '/' || a.question_id, a.comment FROM answers a "
        "JOIN responses s ON s.key = a.response_key JOIN rounds o ON o.id = s.round_id "
        "WHERE o.status = 'closed' AND a.comment IS NOT NULL AND a.comment != ''").fetchall()]
    index_sql = db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'search_index'").fetchone()[0]
    db.execute("DROP TABLE search_index")
    db.execute("DROP TABLE search_refs")
    db.execute(refs_sql[0])
    db.execute(index_sql)
    rng = secrets.SystemRandom()
    rng.shuffle(entries)
    used: set[int] = set()
    for kind, ref, body in entries:
        new = rng.randrange(1, 1 << 53)
        while new in used:  # pragma: no cover - one chance in billions
            new = rng.randrange(1, 1 << 53)
        used.add(new)
        db.execute("INSERT INTO search_refs (id, kind, ref) VALUES (?, ?, ?)", [new, kind, ref])
        db.execute("INSERT INTO search_index (rowid, body) VALUES (?, ?)", [new, body])
    db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


@MIGRATIONS(name="0010_aggregates_without_small_groups")
def _aggregates_without_small_groups(db: Database) -> None:
    """The aggregates kept for purged rounds hold no group below the minimum.

    Earlier versions kept each side apart, "prefer not to say" and no answer
    too, so a group of one kept that person's exact scores. Each purged round's
    aggregates are rewritten under the results' rule (``store.retention
    .keep_aggregates``): no scores for a round below the minimum or for a question
    scored by fewer, figures by side only when the sides may be compared, with
    "prefer not to say" and no answer as one group. No schema change. The file
    is rebuilt with ``secure_delete`` on, so the old rows do not linger.
    """
    from spf_desktop.store.retention import refold_purged

    refold_purged(db)



@MIGRATIONS(name="0011_peer_benchmarks")
def _peer_benchmarks(db: Database) -> None:
    """Other forums' benchmark files (``io.benchmark_file``): aggregates only.

    ``peer_sources`` is one imported file per forum, ``peer_rounds`` its rounds
    and ``peer_answers`` each question's count, skips and 0 to 10 distribution
    (JSON; NULL where the file gives counts only). Removing a source removes its
    rounds and figures with it.
    """
    run_script(
        db,
        """
        CREATE TABLE peer_sources (
            id TEXT PRIMARY KEY,                -- the file's id
            source_id TEXT NOT NULL UNIQUE,     -- the forum's hashed id: one file per forum
            name TEXT NOT NULL,
            exported_on TEXT NOT NULL,
            imported_on TEXT NOT NULL,
            app_version TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE peer_rounds (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES peer_sources(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            lineage TEXT NOT NULL,
            set_version INTEGER NOT NULL,
            min_group INTEGER NOT NULL CHECK (min_group >= 3),
            responses INTEGER NOT NULL
        );
        CREATE TABLE peer_answers (
            round_id TEXT NOT NULL REFERENCES peer_rounds(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            text TEXT NOT NULL,
            count INTEGER NOT NULL,
            skips INTEGER NOT NULL,
            mean REAL,
            distribution TEXT,
            PRIMARY KEY (round_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX peer_rounds_by_source ON peer_rounds(source_id, date);
        """,
    )


@MIGRATIONS(name="0012_converted_scales")
def _converted_scales(db: Database) -> None:
    """Questions answered on another scale (imported 1 to 5 stars, 1 to 7, Likert
    words), kept exactly on their own scale and marked on their round.

    ``round_purges.counts_only`` marks a round imported from vote counts alone.
    ``rounds.converted_scales`` is NULL for a round answered on 0 to 10, else JSON:
    question id -> {"key", "name", "low", "high"}, the stored values running from
    low to high. Every figure converts them to 0 to 10 on a straight line, the
    results views included, so any SQLite tool reads the same means as the app.
    """
    db.execute("ALTER TABLE rounds ADD COLUMN converted_scales TEXT "
               "CHECK (converted_scales IS NULL OR json_valid(converted_scales))")
    # A round imported from vote counts alone is kept as a purged round is; this says
    # it never had individual answers (1), rather than had them purged (0).
    db.execute("ALTER TABLE round_purges ADD COLUMN counts_only INTEGER NOT NULL DEFAULT 0 "
               "CHECK (counts_only IN (0, 1))")
    low = "json_extract(r.converted_scales, '$.\"' || q.id || '\".low')"
    high = "json_extract(r.converted_scales, '$.\"' || q.id || '\".high')"

    def on_ten(mean: str) -> str:
        return (f"CASE WHEN {low} IS NULL THEN {mean} "
                f"ELSE ({mean} - {low}) * 10.0 / ({high} - {low}) END")

    run_script(
        db,
        f"""
        DROP VIEW round_results;
        DROP VIEW question_results;

        CREATE VIEW question_results AS
            SELECT r.id AS round_id, r.label AS round_label, r.date AS round_date,
                   q.position, q.key, q.text AS question,
                   count(a.score) AS answered,
                   sum(a.score IS NULL AND a.response_key IS NOT NULL) AS skipped,
                   round({on_ten("avg(a.score)")}, 2) AS mean
            FROM rounds r
            JOIN questions q ON q.question_set_id = r.question_set_id
            LEFT JOIN responses s ON s.round_id = r.id
            LEFT JOIN answers a ON a.response_key = s.key AND a.question_id = q.id
            WHERE r.id NOT IN (SELECT round_id FROM round_purges)
            GROUP BY r.id, q.id
            UNION ALL
            SELECT r.id, r.label, r.date, q.position, q.key, q.text,
                   g.answered, g.skips,
                   CASE WHEN g.answered > 0
                        THEN round({on_ten("1.0 * g.total / g.answered")}, 2) END
            FROM round_aggregates g
            JOIN rounds r ON r.id = g.round_id
            JOIN questions q ON q.id = g.question_id
            WHERE g.side = 'all';

        CREATE VIEW round_results AS
            SELECT round_id, round_label, round_date,
                   round(avg(mean), 2) AS overall_average
            FROM question_results
            GROUP BY round_id;
        """,  # noqa: S608 - literal SQL from this module
    )



@MIGRATIONS(name="0013_benchmark_shared")
def _benchmark_shared(db: Database) -> None:
    """The figures of each round as a benchmark file first shared them.

    A closed round can still gain responses (reopened, imported into, merged);
    if a second benchmark file carried the new figures, the two files would
    differ by exactly the late answers. So every later file carries the figures
    recorded here, the ones already out, and never the changed ones.
    """
    run_script(
        db,
        """
        CREATE TABLE benchmark_shared (
            round_id TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
            entry TEXT NOT NULL CHECK (json_valid(entry)),   -- the round's entry in the file
            shared_on TEXT NOT NULL
        );
        """,
    )


@MIGRATIONS(name="0014_triggers_that_skip_early")
def _triggers_that_skip_early(db: Database) -> None:
    """The same triggers, asked first whether they have anything to do.

    An import writes tens of thousands of answers in one statement, and a kiosk
    submission writes its whole round again: each row ran three trigger bodies
    that found nothing to do (an answer without a comment adds nothing to the
    search index; the rebuild mark is set by the first row only). Each trigger
    now has a WHEN clause with the condition its body already had, so a row that
    changes nothing costs no trigger body: what the triggers write is the same.
    """
    kind, table, key, text, cond = next(s for s in SEARCH_SOURCES if s[0] == "comment")
    new_key, new_text, new_cond = key.format(r="new"), text.format(r="new"), cond.format(r="new")
    run_script(
        db,
        f"""
        DROP TRIGGER IF EXISTS search_{table}_ai;
        CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table}
        WHEN new.comment IS NOT NULL AND new.comment != '' BEGIN
            INSERT INTO search_refs (id, kind, ref)
                SELECT {RANDOM_SEARCH_ID}, '{kind}', {new_key} WHERE {new_cond};
            INSERT INTO search_index (rowid, body)
                SELECT id, {new_text} FROM search_refs
                WHERE kind = '{kind}' AND ref = {new_key} AND {new_cond};
        END;
        """,  # noqa: S608 - literal names from SEARCH_SOURCES
    )
    for table in ("responses", "answers"):
        for event in ("INSERT", "DELETE"):
            name = f"layout_{table}_{event.lower()}"
            run_script(
                db,
                f"""
                DROP TRIGGER IF EXISTS {name};
                CREATE TRIGGER {name} AFTER {event} ON {table}
                WHEN NOT EXISTS (SELECT 1 FROM layout_state WHERE key = 'rebuild')
                BEGIN INSERT INTO layout_state (key, value) SELECT 'rebuild', 1
                WHERE NOT EXISTS (SELECT 1 FROM layout_state WHERE key = 'rebuild'); END;
                """,  # noqa: S608 - literal names
            )

SCHEMA_VERSION = len(MIGRATIONS.names())


def run_script(db: Database, script: str) -> None:
    """Run statements one by one, inside the caller's transaction.

    (``executescript`` would commit first and break the migration's atomicity.)
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        raise ValueError(f"Unfinished SQL statement: {pending!r}")


def migrate(db: Database) -> None:
    """Apply pending migrations, each in its own transaction, then record the version."""
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
