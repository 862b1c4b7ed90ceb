"""The name index a build writes beside the store: every label of every thing,
normalised, and the laws behind the duties (act names, acronyms, sections), so that a
command resolves names and citations without scanning the graph.

>>> normalise("The Safer Leicester Partnership (SLP)")
'safer leicester partnership slp'
>>> normalise("Oadby & Wigston")
'oadby and wigston'
"""
from __future__ import annotations

import itertools
import json
import re
import sqlite3

import pyoxigraph as ox

from .. import vocab
from .project import Project


def normalise(text: str) -> str:
    text = text.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w']+", " ", text).replace("'", "")
    text = re.sub(r"^the ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def index_data(rows: list[dict]) -> dict:
    """Plain, JSON-ready index data from label query rows (computed once per build)."""
    labels: dict[str, str] = {}
    types: dict[str, set] = {}
    names: dict[str, set] = {}
    owners: dict[str, set] = {}
    for row in rows:
        thing = row["thing"].value
        if thing.startswith(vocab.GOV):
            continue
        labels[thing] = row["pref"].value
        names.setdefault(thing, {row["pref"].value})
        if "label" in row:
            names[thing].add(row["label"].value)
        if "type" in row:
            types.setdefault(thing, set()).add(row["type"].value)
        if "of" in row:  # what the thing belongs to: a priority's board, a post's body
            owners.setdefault(thing, set()).add(row["of"].value)
    by_name: dict[str, set] = {}
    by_pref: dict[str, set] = {}
    for thing, all_names in names.items():
        for name in all_names:
            by_name.setdefault(normalise(name), set()).add(thing)
        by_pref.setdefault(normalise(labels[thing]), set()).add(thing)

    def lists(mapping):
        return {k: sorted(v) for k, v in sorted(mapping.items())}

    return {"labels": dict(sorted(labels.items())), "types": lists(types), "names": lists(names),
            "by_name": lists(by_name), "by_pref": lists(by_pref), "owners": lists(owners)}


# An act or instrument as printed: capitalised words (and/of/for/the between them)
# (a bracketed part among them) ending in Act, Regulations or Order, then its year,
# then perhaps its acronym: "the Civil Contingencies Act 2004 (CCA)", "Crime & Disorder
# Act 1998 (C&DA)", "Crime and Disorder (Formulation ...) Regulations 2007".
ACT_NAME = re.compile(r"\b([A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|\([A-Z][^()]*\)|and|of|for|the|&))*?\s+(?:Act|Regulations|Order))"
                      r",?\s+(\d{4})\b(?:\s*\(([A-Z][A-Za-z&]{1,9})\))?")
# An acronym cited with a section: "CDA 1998 s.5", "PRSRA s.10", "PRSRA 2011 s.1(8)(h)".
ACRONYM_CITED = re.compile(r"\b([A-Z][A-Z&]{1,9})\s+(?:(\d{4})\s+)?(?:s|ss|sec|section)\.?\s*\d", re.IGNORECASE)
LAW_ID = re.compile(r"^(https?://www\.legislation\.gov\.uk/id/[a-z]+/(\d{4})/[\w-]+)(?:/section/([\w-]+))?")
NAME_WORDS = {"and", "of", "for", "the"}


def law_parts(law: str) -> tuple[str, str, str | None] | None:
    """A legislation.gov.uk id as (act id, year, section or None).

    >>> law_parts("http://www.legislation.gov.uk/id/ukpga/1998/37/section/17")
    ('http://www.legislation.gov.uk/id/ukpga/1998/37', '1998', '17')
    >>> law_parts("http://www.legislation.gov.uk/id/uksi/2007/1830")
    ('http://www.legislation.gov.uk/id/uksi/2007/1830', '2007', None)
    """
    match = LAW_ID.match(law)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def initials(name: str) -> str:
    """The acronym people make of an act's name.

    >>> initials("Police Reform and Social Responsibility Act")
    'prsra'
    """
    return "".join(w[0] for w in normalise(name).split() if w not in NAME_WORDS)


def act_names(text: str, year: str) -> list[tuple[str, str | None]]:
    """The acts of YEAR a text names, as (name without the year, acronym or None).

    >>> act_names("the duties stated in the Civil Contingencies Act 2004 (CCA) are achieved", "2004")
    [('Civil Contingencies Act', 'CCA')]
    >>> act_names("Under section 1(8)(h) of the Police Reform and Social Responsibility Act 2011", "2011")
    [('Police Reform and Social Responsibility Act', None)]
    """
    out = []
    for match in ACT_NAME.finditer(text):
        if match.group(2) == year:
            name = re.sub(r"^(?:The|Under|In|Of)\s+", "", match.group(1))
            out.append((name, match.group(3)))
    return out


def law_data(rows: list[dict]) -> dict:
    """The laws of the duties, JSON-ready: for each act (a legislation.gov.uk id) its year,
    the names and acronyms the data give it, and its label; for each duty its laws and
    holders. Names come from the duties' own texts (an act of the law's year named in a
    label, comment or quote), from labelled legislation ids and from terms that
    rdfs:seeAlso an act, so a new area's acts are known without a table in the code."""
    duty_laws: dict[str, set] = {}
    holders: dict[str, set] = {}
    votes: dict[str, dict[str, int]] = {}  # normalised name -> act -> how many texts say so
    shown: dict[str, dict[str, int]] = {}  # act -> printed name -> count
    acronyms: dict[str, set] = {}

    def vote(name: str, act: str, weight: int = 1) -> None:
        votes.setdefault(normalise(name), {}).setdefault(act, 0)
        votes[normalise(name)][act] += weight

    for row in rows:
        law = row["law"].value if "law" in row else None
        parts = law_parts(law) if law else None
        if "holder" in row:
            holders.setdefault(row["duty"].value, set()).add(row["holder"].value)
            continue
        if parts is None:
            continue
        act, year, _ = parts
        text = row["text"].value if "text" in row else ""
        if "duty" not in row:  # a label of the act itself, or of a term standing for it
            if re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", text):
                acronyms.setdefault(act, set()).add(normalise(text.replace("&", "")))
            elif text:
                name = re.sub(r",?\s+\d{4}$", "", text.strip())
                vote(name, act, 5)
                shown.setdefault(act, {}).setdefault(name, 0)
                shown[act][name] += 5
            continue
        duty_laws.setdefault(row["duty"].value, set()).add(law)
        shown.setdefault(act, {})
        for name, acronym in act_names(text, year):
            vote(name, act)
            shown[act][name] = shown[act].get(name, 0) + 1
            if acronym:
                acronyms.setdefault(act, set()).add(normalise(acronym.replace("&", "")))
        for match in ACRONYM_CITED.finditer(text):
            if match.group(1).isupper() and match.group(2) in (None, year):
                acronyms.setdefault(act, set()).add(normalise(match.group(1).replace("&", "")))
    names: dict[str, set] = {}
    for name, by_act in votes.items():  # a name two acts share goes to the one most texts give
        best = max(by_act.values())
        for act, count in by_act.items():
            if count == best:
                names.setdefault(act, set()).add(name)
    acts = {}
    for act in sorted(shown):
        year = law_parts(act)[1]
        printed = sorted(shown[act].items(), key=lambda kv: (-kv[1], kv[0]))
        label = f"{printed[0][0]} {year}" if printed else act
        made = {initials(n) for n in names.get(act, ()) if len(initials(n)) >= 3}
        acts[act] = {"year": year, "label": label, "names": sorted(names.get(act, ())),
                     "acronyms": sorted(acronyms.get(act, set()) | made)}
    return {"acts": acts,
            "duty_laws": {d: sorted(v) for d, v in sorted(duty_laws.items())},
            "duty_holders": {d: sorted(v) for d, v in sorted(holders.items())}}



def label_data(store: ox.Store, project: Project, graphs: list[str]) -> dict:
    """The index data for each visibility: public, and with restricted facts."""
    text = (project.queries_dir / "search.rq").read_text(encoding="utf-8")
    public = [ox.NamedNode(g) for g in graphs]
    out = {}
    for key, visible in (("public", public), ("all", public + [ox.NamedNode(vocab.RESTRICTED_GRAPH)])):
        solutions = store.query(text, default_graph=visible)
        names = [v.value for v in solutions.variables]
        out[key] = index_data([{n: s[n] for n in names if s[n] is not None} for s in solutions])
        solutions = store.query(project.internal_query("laws"), default_graph=visible)
        names = [v.value for v in solutions.variables]
        out[key]["laws"] = law_data([{n: s[n] for n in names if s[n] is not None} for s in solutions])
    return out


# ---- the index on disk: SQLite, opened by a command without reading it whole ----------

# table -> (key column, value column, many values per key)
INDEX_TABLES = {"labels": ("thing", "label", False), "types": ("thing", "type", True),
                "names": ("thing", "name", True), "by_name": ("key", "thing", True),
                "by_pref": ("key", "thing", True), "owners": ("thing", "owner", True)}


def write_index(path, data: dict) -> None:
    """Write index data (``index_data`` plus ``laws``) as a SQLite file: one table per
    mapping, keyed for point lookups; the laws (a few hundred rows) as one JSON value."""
    try:
        _write_index(sqlite3.connect(str(path)), data)
    except sqlite3.Error as exc:  # a full disk, no permission: an OSError like any other write
        raise OSError(f"{path.name}: {exc}") from None


def _write_index(db, data: dict) -> None:
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        for table, (key, value, many) in INDEX_TABLES.items():
            unique = "" if many else " PRIMARY KEY"
            db.execute(f"CREATE TABLE {table} ({key} TEXT NOT NULL{unique}, {value} TEXT NOT NULL)")
            rows = data.get(table, {}).items()
            if many:
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)", ((k, v) for k, vs in rows for v in vs))
                db.execute(f"CREATE INDEX {table}_key ON {table} ({key})")
            else:
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('laws', ?)", (json.dumps(data.get("laws", {}), ensure_ascii=False),))
        db.commit()
    finally:
        db.close()


class IndexTable:
    """One table of the on-disk index as a read-only mapping (key -> value, or -> set of
    values): each key is looked up when asked, and remembered; iterating reads the table."""

    def __init__(self, db, table: str):
        self.db, self.table = db, table
        self.key, self.value, self.many = INDEX_TABLES[table]
        self._seen: dict = {}

    def __getitem__(self, key):
        if key not in self._seen:
            rows = self.db.execute(f"SELECT {self.value} FROM {self.table} WHERE {self.key} = ?",
                                   (key,)).fetchall()
            self._seen[key] = ({r[0] for r in rows} if self.many else rows[0][0]) if rows else None
        found = self._seen[key]
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def items(self):
        rows = self.db.execute(f"SELECT {self.key}, {self.value} FROM {self.table} ORDER BY {self.key}")
        if not self.many:
            yield from rows
            return
        for key, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield key, {value for _, value in group}

    def __iter__(self):
        rows = self.db.execute(f"SELECT DISTINCT {self.key} FROM {self.table} ORDER BY {self.key}")
        return (key for key, in rows)

    def keys(self):
        return iter(self)

    def __len__(self) -> int:
        return self.db.execute(f"SELECT COUNT(DISTINCT {self.key}) FROM {self.table}").fetchone()[0]


class NameIndex:
    """An opened on-disk index: ``tables[name]`` are ``IndexTable`` mappings, ``laws``
    the laws' data (read when first asked for)."""

    def __init__(self, path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.tables = {name: IndexTable(self.db, name) for name in INDEX_TABLES}
        self._laws = None

    @property
    def laws(self) -> dict:
        if self._laws is None:
            self._laws = json.loads(self.db.execute("SELECT value FROM meta WHERE name = 'laws'").fetchone()[0])
        return self._laws
