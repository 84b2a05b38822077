"""One eventnet process trying to log in: ``python -m tests.accounts.login_process CONFIG TRIES``.

CONFIG is the app's settings as JSON; TRIES a JSON list of [email, password, address]. The
process makes its database (and Priya) if they are missing, tries each login through its own
app and prints the status codes as a JSON list. Several of these are several processes, which
is what shows whether rate limits are shared (one ``Limiter`` serves every app in a process).
"""

from __future__ import annotations

import json
import sys

import sqlalchemy as sa

from eventnet import create_app
from eventnet.accounts.models import User
from eventnet.accounts.services import create_user
from eventnet.extensions import db

PRIYA = ("Priya Shah", "priya@oakfield.example")
PASSWORD = "correct horse battery staple"


def main(config: dict, tries: list[list[str]]) -> list[int]:
    app = create_app(config)
    with app.app_context():
        db.create_all()
        if db.session.scalar(sa.select(User).where(User.email == PRIYA[1])) is None:
            create_user(PRIYA[1], PRIYA[0], PASSWORD)
            db.session.commit()
    client = app.test_client()
    return [
        client.post(
            "/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": address},
        ).status_code
        for email, password, address in tries
    ]


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]), json.loads(sys.argv[2]))))
