"""Flask-Login's side of accounts: who a session's login token belongs to."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from eventnet.accounts.models import User
from eventnet.extensions import db, login_manager

# Built once: every signed-in request starts here, and building it cost what running it does.
BY_LOGIN_TOKEN = sa.select(User).where(User.login_token == sa.bindparam("token"))


def load_user(login_token: str) -> User | None:
    return db.session.scalar(BY_LOGIN_TOKEN, {"token": login_token})


def register_login(app: Flask) -> None:
    login_manager.user_loader(load_user)
