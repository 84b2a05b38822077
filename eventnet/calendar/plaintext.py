"""Markdown descriptions as plain text for calendar apps, which show DESCRIPTION verbatim."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The same dialect as the event page (eventnet/events/markdown.py), raw HTML kept as text.
_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    links: list[tuple[str, int]] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif token.type == "image":
            out.append(token.content or "")
        elif token.type == "link_open":
            links.append((str(token.attrs.get("href", "")), len(out)))
        elif token.type == "link_close" and links:
            href, start = links.pop()
            text = "".join(out[start:])
            # Keep where a link goes: "the agenda (https://…)", unless the text is the address.
            if href and href not in (text, f"mailto:{text}"):
                out.append(f" ({href})")
    return "".join(out)


# Feeds are fetched again every hour by every subscriber, with mostly the same descriptions:
# parsing is most of the cost of a feed, so the text of recent descriptions is kept.
@lru_cache(maxsize=4096)
def markdown_to_text(source: str) -> str:
    """Paragraphs, headings, list bullets, code and link targets; no markup characters."""
    blocks: list[tuple[str, bool]] = []  # (text, inside a list): list items are not spaced
    prefixes: list[str] = []  # bullets of the lists we are in
    numbers: list[int] = []
    item_prefix = ""
    for token in _md.parse(source or ""):
        if token.type == "bullet_list_open":
            prefixes.append("- ")
            numbers.append(0)
        elif token.type == "ordered_list_open":
            prefixes.append("#")
            numbers.append(int(token.attrs.get("start", 1) or 1) - 1)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
            numbers.pop()
        elif token.type == "list_item_open":
            if prefixes[-1] == "#":
                numbers[-1] += 1
                bullet = f"{numbers[-1]}. "
            else:
                bullet = prefixes[-1]
            item_prefix = "  " * (len(prefixes) - 1) + bullet
        elif token.type == "inline":
            text = _inline(token.children or [])
            if item_prefix:
                text, item_prefix = item_prefix + text, ""
            blocks.append((text, bool(prefixes)))
        elif token.type in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
        elif token.type == "hr":
            blocks.append(("---", False))
    text = ""
    for i, (block, in_list) in enumerate(blocks):
        if i:
            text += "\n" if in_list and blocks[i - 1][1] else "\n\n"
        text += block
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()
