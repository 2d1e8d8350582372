"""Articles kept in a SQLite archive (`swcli load`), read back by every command.

One database file holds what `load` made of its input files:

    documents   one row per file loaded: name, path, sha256, bytes, pages, loaded_at
    articles    one row per article (`id` is the key): the record's fields, lists as
                JSON, and the record itself as `split` wrote it (`record`)
    entities    one row per entity, keyed (article, n)
    aid_figures one row per aid figure, `counted` and `why` as `stats` decides them
    articles_fts  a full-text index (FTS5) over each article's text, as bigrams (the index alone)

Chinese has no spaces, so no tokenizer finds its words; the index holds every
pair of neighbouring characters (and each run's last character alone) as a
token, under FTS5's `ascii` tokenizer, which splits only at ASCII spaces and
punctuation and keeps every other character, whatever the Unicode version.
A string of n ≥ 2 characters is then the phrase of its n − 1 bigrams, and a
single character the prefix query `"c"*`: the index finds every article the
string stands in (and may find a few more, which the search then drops).

Writes are one transaction per `load`, in WAL mode: a load killed at any
point leaves the database as it was, and readers see the last whole load.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import urllib.parse
from datetime import datetime, timezone
from typing import BinaryIO, Iterable, Iterator, NamedTuple

import orjson

from .errors import InputError
from .inputs import SQLITE_MAGIC, is_archive
from .records import SearchHint, StoredArticle, entities_of

SCHEMA_VERSION = "1"
BUSY_SECONDS = 10.0  # how long a load waits for another one to commit before it gives up
HASH_CHUNK = 1 << 20

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY,            -- the file's base name: its articles' `doc`
    position INTEGER NOT NULL UNIQUE, -- load order: records come out in it
    path TEXT NOT NULL,               -- as given when it was loaded
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    loaded_at TEXT NOT NULL           -- UTC, ISO 8601
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL REFERENCES documents(name) ON DELETE CASCADE,
    position INTEGER NOT NULL,        -- in its document
    key INTEGER NOT NULL UNIQUE,      -- its row in articles_fts
    doc, page, seq, title, kicker, subtitle, byline, source, date, section,
    paragraphs TEXT NOT NULL,         -- JSON list
    record TEXT NOT NULL,             -- the record as `split` writes it
    entities TEXT                     -- the list `entities` adds to it (JSON), or NULL when it came with the record
);
CREATE INDEX IF NOT EXISTS articles_in_order ON articles(document, position);
CREATE TABLE IF NOT EXISTS entities (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    type TEXT, text TEXT, role TEXT, field TEXT, para INTEGER, start INTEGER, "end" INTEGER,
    value, unit TEXT, approx TEXT, aid INTEGER, category TEXT, part_of TEXT, alias_of TEXT,
    PRIMARY KEY (article, n)
);
CREATE INDEX IF NOT EXISTS entities_by_type ON entities(type, text);
CREATE TABLE IF NOT EXISTS aid_figures (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    category TEXT, unit TEXT, value, approx TEXT, text TEXT, context TEXT, field TEXT,
    counted INTEGER NOT NULL, why TEXT, part_of TEXT,
    PRIMARY KEY (article, n)
);
-- contentless: the index only (the text is in articles); a row is deleted by giving its indexed
-- text again, made anew from the record, so a change to index_text needs a new SCHEMA_VERSION
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(head, byline, source, body, content='', tokenize='ascii');
"""

# FTS columns of the fields a search looks in (search.FIELDS names them)
FTS_COLUMN = {"title": "head", "kicker": "head", "subtitle": "head", "byline": "byline",
              "source": "source", "paragraphs": "body"}
RECORD_FIELDS = ("doc", "page", "seq", "title", "kicker", "subtitle", "byline", "source", "date", "section")
ENTITY_COLUMNS = ("type", "text", "role", "field", "para", "start", "end", "value", "unit", "approx", "aid", "category",
                  "part_of", "alias_of")
FIGURE_COLUMNS = ("category", "unit", "value", "approx", "text", "context", "field", "counted", "why", "part_of")


# ---------------------------------------------------------------- the full-text index

def _token_char(c: str) -> bool:
    """Does FTS5's `ascii` tokenizer keep this character in a token?  All but ASCII
    punctuation, spaces and controls."""
    return c >= "\x80" or c.isalnum()


def _runs(text: str) -> Iterator[str]:
    """The runs of token characters in a text."""
    start = None
    for i, c in enumerate(text):
        if _token_char(c):
            if start is None:
                start = i
        elif start is not None:
            yield text[start:i]
            start = None
    if start is not None:
        yield text[start:]


def index_text(text: str) -> str:
    """A text as the index holds it: each run's bigrams, then its last character alone."""
    tokens: list[str] = []
    for run in _runs(text):
        tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return " ".join(tokens)


def _string_query(string: str) -> str | None:
    """The FTS5 query that finds every text `string` stands in (and maybe more), or None
    when it holds no token character (the index cannot help)."""
    parts = []
    for run in _runs(string):
        if len(run) == 1:
            parts.append(f'"{run}"*')
        else:
            parts.append('"' + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + '"')
    return " AND ".join(parts) or None


def match_query(hint: SearchHint) -> str | None:
    """The FTS5 MATCH expression for a search hint, or None when every article must be read:
    a string with no token character, or -i with letters the index does not fold."""
    queries = []
    for string in hint.strings:
        if hint.ignore_case and any(c >= "\x80" and c.lower() != c.upper() for c in string):
            return None  # the ascii tokenizer folds A-Z only
        query = _string_query(string)
        if query is None:
            return None
        queries.append(f"({query})")
    if not queries:
        return None
    columns = sorted({FTS_COLUMN[f] for f in hint.fields})
    return "{" + " ".join(columns) + "} : (" + " OR ".join(queries) + ")"


def _fts_row(article: dict) -> tuple[str, str, str, str]:
    def texts(*names: str) -> str:
        out = []
        for name in names:
            value = article.get(name)
            values = value if isinstance(value, list) else [value]
            out.extend(v for v in values if isinstance(v, str))
        return index_text("\n".join(out))

    return texts("title", "kicker", "subtitle"), texts("byline"), texts("source"), texts("paragraphs")


# ---------------------------------------------------------------- opening

def _uri(path: str, mode: str) -> str:
    return "file:" + urllib.parse.quote(os.path.abspath(path)) + f"?mode={mode}"


def _connect(path: str, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(_uri(path, mode), uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _not_ours(conn: sqlite3.Connection) -> bool:
    """Does this database hold tables of something else (not a swcli archive)?"""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not names:
        return False
    if "meta" not in names:
        return True
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row is None


def _check_version(conn: sqlite3.Connection, name: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if row and row[0] != SCHEMA_VERSION:
        raise InputError(f"archive schema {row[0]}, this swcli reads {SCHEMA_VERSION}", name)


def _sqlite_error(err: sqlite3.Error, name: str) -> InputError:
    message = str(err)
    if "locked" in message or "busy" in message:
        message = f"database is locked (another load still running after {BUSY_SECONDS:g} s)"
    return InputError(message, name)


def open_for_writing(path: str, name: str) -> sqlite3.Connection:
    """The archive at `path`, created when it is missing or empty; never a file of something else."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        head = b""
    except IsADirectoryError:
        raise InputError("is a directory, not a database", name) from None
    except OSError as err:
        raise InputError(err.strerror or str(err), name) from None
    if head and not is_archive(head):
        raise InputError("not a SQLite database (swcli load never writes over another file)", name)
    try:
        conn = _connect(path, "rwc")
        if _not_ours(conn):
            conn.close()
            raise InputError("a SQLite database, but not a swcli archive", name)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            _check_version(conn, name)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return conn
    except sqlite3.Error as err:
        raise _sqlite_error(err, name) from None


def open_for_reading(path: str, name: str) -> sqlite3.Connection:
    try:
        conn = _connect(path, "ro")
        if _not_ours(conn) or not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            conn.close()
            raise InputError("a SQLite database, but not a swcli archive", name)
        _check_version(conn, name)
        return conn
    except sqlite3.Error as err:
        raise _sqlite_error(err, name) from None


# ---------------------------------------------------------------- writing

class Document(NamedTuple):
    """A file as loaded: its name (the `doc` of its articles), path, digest, size, pages."""

    name: str
    path: str
    sha256: str
    size: int
    pages: int


class Loaded(NamedTuple):
    """One article as `load` keeps it: the record `split` made, and the entities list the
    `entities` stage added (None when the record came with its own)."""

    record: dict
    entities: list | None


def digest(stream: BinaryIO, copy: BinaryIO | None = None) -> tuple[str, int]:
    """The sha256 and size of a stream's bytes, read from where it stands to its end; each
    chunk is written to `copy` too, when given (a stream that can be read only once)."""
    sha = hashlib.sha256()
    size = 0
    while chunk := stream.read(HASH_CHUNK):
        sha.update(chunk)
        size += len(chunk)
        if copy is not None:
            copy.write(chunk)
    return sha.hexdigest(), size


def unchanged(conn: sqlite3.Connection, name: str, sha256: str) -> bool:
    """Is this file loaded already, with these bytes?"""
    row = conn.execute("SELECT sha256 FROM documents WHERE name = ?", (name,)).fetchone()
    return row is not None and row[0] == sha256


def _cell(value):
    """A field as SQLite stores it: text, numbers and null as they are, the rest as JSON."""
    if value is None or isinstance(value, (str, int, float)):
        return int(value) if isinstance(value, bool) else value
    return orjson.dumps(value).decode()


def store(conn: sqlite3.Connection, document: Document, articles: Iterable[Loaded]) -> int:
    """Put one document and its articles in the archive (in the caller's transaction),
    replacing what an earlier load of the same name left; returns its article count."""
    from .stats import article_aid

    old = conn.execute("SELECT position FROM documents WHERE name = ?", (document.name,)).fetchone()
    _delete_articles(conn, "document = ?", (document.name,))
    conn.execute("DELETE FROM documents WHERE name = ?", (document.name,))
    position = old[0] if old else conn.execute("SELECT coalesce(max(position), 0) + 1 FROM documents").fetchone()[0]
    conn.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (document.name, position, document.path, document.sha256, document.size, document.pages,
                  datetime.now(timezone.utc).isoformat(timespec="seconds")))
    key = conn.execute("SELECT coalesce(max(key), 0) FROM articles").fetchone()[0]
    count = 0
    for count, (record, added) in enumerate(articles, 1):
        article_id = str(record.get("id", f"{document.name}#{count}"))
        _delete_articles(conn, "id = ?", (article_id,))  # an id another document loaded before
        key += 1
        fields = [_cell(record.get(f)) for f in RECORD_FIELDS]
        paragraphs = orjson.dumps(record.get("paragraphs", [])).decode()
        conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (article_id, document.name, count, key, *fields, paragraphs,
                      orjson.dumps(record).decode(), None if added is None else orjson.dumps(added).decode()))
        conn.execute("INSERT INTO articles_fts (rowid, head, byline, source, body) VALUES (?, ?, ?, ?, ?)",
                     (key, *_fts_row(record)))
        tagged = record if added is None else {**record, "entities": added}
        conn.executemany(f"INSERT INTO entities VALUES (?, ?, {', '.join('?' * len(ENTITY_COLUMNS))})",
                         [(article_id, n, *(_cell(e.get(c)) for c in ENTITY_COLUMNS))
                          for n, e in enumerate(entities_of(tagged), 1)])
        conn.executemany(f"INSERT INTO aid_figures VALUES (?, ?, {', '.join('?' * len(FIGURE_COLUMNS))})",
                         [(article_id, n, *(_cell(f.get(c)) for c in FIGURE_COLUMNS))
                          for n, f in enumerate(article_aid(tagged), 1)])
    return count


def _delete_articles(conn: sqlite3.Connection, where: str, args: tuple) -> None:
    """Delete articles (their entities and figures go with them) and their index rows."""
    rows = conn.execute(f"SELECT key, record FROM articles WHERE {where}", args).fetchall()
    conn.executemany("INSERT INTO articles_fts (articles_fts, rowid, head, byline, source, body) "
                     "VALUES ('delete', ?, ?, ?, ?, ?)", [(key, *_fts_row(orjson.loads(record))) for key, record in rows])
    conn.execute(f"DELETE FROM articles WHERE {where}", args)


# ---------------------------------------------------------------- reading

def stored_articles(path: str, name: str, hint: SearchHint | None = None) -> Iterator[StoredArticle]:
    """The archive's articles in load order (a document's as its file gave them); with a hint,
    only those the full-text index finds for it."""
    conn = open_for_reading(path, name)
    try:
        query = match_query(hint) if hint is not None else None
        sql = ("SELECT a.record, a.entities FROM articles a JOIN documents d ON d.name = a.document"
               + (" WHERE a.key IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)" if query else "")
               + " ORDER BY d.position, a.position")
        try:
            for record, entities in conn.execute(sql, (query,) if query else ()):
                yield StoredArticle(record.encode(), None if entities is None else entities.encode())
        except sqlite3.Error as err:
            raise _sqlite_error(err, name) from None
    finally:
        conn.close()
