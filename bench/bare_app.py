"""The floor for `make bench-http`: a bare Flask app doing the nearest trivial work, in the
Flask tutorial's style (sqlite3, a connection per request, a Jinja template).

    /page        a Jinja page of 50 rows from SQLite   (what a list page costs at least)
    /row/<id>    one row by key, as JSON                (what a detail or feed answer costs)

Served with ``gunicorn bench.bare_app:app``; BENCH_BARE_DB names its SQLite file, filled on
first start with 2,000 people.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from flask import Flask, abort, g, jsonify, render_template_string

ROWS = 2_000
DATABASE = os.environ.get("BENCH_BARE_DB") or str(Path(tempfile.gettempdir()) / "bench-bare.db")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>People</title></head>
<body><main><h1>People</h1>
<table><thead><tr><th>Name</th><th>Headline</th><th>Organisation</th></tr></thead><tbody>
{% for person in people %}
<tr><td><a href="/row/{{ person.id }}">{{ person.name }}</a></td>
<td>{{ person.headline }}</td><td>{{ person.organisation }}</td></tr>
{% endfor %}
</tbody></table></main></body></html>
"""


def _fill(path: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS person "
            "(id INTEGER PRIMARY KEY, name TEXT NOT NULL, headline TEXT, organisation TEXT)"
        )
        conn.execute("CREATE INDEX IF NOT EXISTS person_name ON person (name)")
        if conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0:
            conn.executemany(
                "INSERT INTO person (name, headline, organisation) VALUES (?, ?, ?)",
                [
                    (f"Attendee {n:05}", "Headteacher", f"School {n % 400:03} Academy Trust")
                    for n in range(ROWS)
                ],
            )


def _db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


app = Flask(__name__)
_fill(DATABASE)


@app.teardown_appcontext
def _close(_error) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


@app.get("/page")
def page():
    people = _db().execute("SELECT * FROM person ORDER BY name LIMIT 50 OFFSET 100").fetchall()
    return render_template_string(PAGE, people=people)


@app.get("/row/<int:person_id>")
def row(person_id: int):
    person = _db().execute("SELECT * FROM person WHERE id = ?", (person_id,)).fetchone()
    if person is None:
        abort(404)
    return jsonify(dict(person))
