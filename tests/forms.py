"""Posting an HTML form that is refused, and reading its error summary."""

from __future__ import annotations

import html
from collections.abc import Mapping


def post_refused(client, url: str, data: dict, messages: Mapping[str, str]) -> str:
    """Post ``data`` to ``url``; assert the form comes back (400) with each field's message
    (``""``: any message) linked from the error summary, and beside its field, and no other
    message in the summary. The page, unescaped."""
    response = client.post(url, data=data)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    summary = page.split("data-error-summary")[1].split("</div>")[0]
    for field, message in messages.items():
        assert f'<a href="#{field}">{message}' in summary
        assert f'id="{field}-error">{message}' in page
    assert summary.count("<li>") == len(messages)
    return page
