"""My contacts (/me/contacts), their exports, notes, consent requests and removal."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from eventnet.connections import export, forms, services
from eventnet.profiles.services import address_book_photos
from eventnet.web_forms import EXPIRED, run_button

bp = Blueprint("connections", __name__)

ID = "int(max=2147483647)"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/me/contacts")
@login_required
def contacts():
    search = request.args.get("q", "")[:100]
    mine = services.contacts_of(current_user, search)
    return _no_store(
        Response(
            render_template(
                "connections/contacts.html",
                groups=services.grouped_by_event(mine),
                requests=services.requests_for(current_user) if not search else [],
                search=search,
                confirm=forms.ConfirmForm(),
            )
        )
    )


@bp.get("/me/contacts.csv")
@login_required
def contacts_csv():
    text = export.contacts_csv(services.contacts_of(current_user))
    return _no_store(
        Response(
            text.encode("utf-8-sig"),
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": 'attachment; filename="eventnet-contacts.csv"',
            },
        )
    )


@bp.get("/me/contacts.vcf")
@login_required
def contacts_vcf():
    version = "4.0" if request.args.get("version") == "4.0" else "3.0"
    contacts = services.contacts_of(current_user)
    photos = address_book_photos(c.person.id for c in contacts)
    text = export.contacts_vcf(contacts, version, photos)
    return _no_store(
        Response(
            text.encode("utf-8"),
            headers={
                "Content-Type": "text/vcard; charset=utf-8",
                "Content-Disposition": 'attachment; filename="eventnet-contacts.vcf"',
            },
        )
    )


def _back(connection_id: int, token: str = ""):
    if token:
        return redirect(url_for("badges.scan", token=token))
    return redirect(url_for("connections.contacts") + f"#contact-{connection_id}")


@bp.post(f"/me/contacts/<{ID}:connection_id>/note")
@login_required
def note(connection_id: int):
    connection = services.own_connection(current_user, connection_id)
    form = forms.NoteForm()
    saved = run_button(
        form, lambda: services.set_note(connection, current_user, form.note.data), expired=None
    )
    if not saved.submitted:
        flash(" ".join(form.note.errors) or EXPIRED, "error")
        return _back(connection_id)
    if saved:
        flash("Your note is saved.", "success")
    token = form.back.data if form.back.data and len(form.back.data) <= 64 else ""
    return _back(connection_id, token)


ACTIONS = {
    "share": (services.share_my_details, "{name} can now see your contact details."),
    "ignore": (services.ignore_request, "Ignored: {name} does not see your contact details."),
    "remove": (services.remove, "{name} is removed from your contacts."),
}


@bp.post(f"/me/contacts/<{ID}:connection_id>/<any(share, ignore, remove):action>")
@login_required
def act(connection_id: int, action: str):
    connection = services.own_connection(current_user, connection_id)
    name = connection.other(current_user.id).name
    run, message = ACTIONS[action]
    if run_button(forms.ConfirmForm(), lambda: run(connection, current_user)):
        flash(message.format(name=name), "success")
    return redirect(url_for("connections.contacts"))
