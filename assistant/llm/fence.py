"""Untrusted text (a clerk's notes, retrieved report passages) inside a prompt's delimited block.

A prompt puts such text between ``<TAG>`` and ``</TAG>`` and tells the model it is data. The text
itself must not be able to close the block: every ASCII angle bracket in it becomes its
full-width form (``<`` → ``＜``, ``>`` → ``＞``), so an injected ``</材料>`` reads as
``＜/材料＞`` and the block ends only where the prompt ends it. Nothing else is changed, so
numbers and wording reach the model as written.
"""

from __future__ import annotations

_ESCAPE = str.maketrans({"<": "＜", ">": "＞"})


def escape(text: str) -> str:
    """``text`` with ASCII angle brackets made full-width: it cannot open or close a block."""
    return text.translate(_ESCAPE)


def fence(text: str, tag: str = "材料", **attrs: str) -> str:
    """``<tag a="…">`` + escaped text + ``</tag>``; attribute values are escaped too."""
    head = "".join(f' {k}="{escape(str(v)).replace(chr(34), "＂")}"' for k, v in attrs.items())
    return f"<{tag}{head}>\n{escape(text)}\n</{tag}>"
