"""Driving the web app's pages in Streamlit's ``AppTest`` where it has no API of its own.

``AppTest`` cannot type into an ``st.data_editor``; ``edit_grid`` sends the same widget state the
browser sends after a cell edit (``{"edited_rows": {row: {column: value}}}``) and reruns the page.
Used by the page tests and ``benchmarks/ui.py``.
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def editors(at: AppTest) -> list[Any]:
    """The page's editable grids, in page order."""
    return [e for e in at.dataframe if e.proto.editing_mode]


def edit_grid(at: AppTest, editor: Any, edits: dict[int, dict[str, Any]]) -> AppTest:
    """Rerun ``at`` as if the user had typed ``edits`` (row position → column label → value).

    Like the browser, every grid's edits so far are sent again on each rerun."""
    sent: dict[str, dict[str, dict[str, Any]]] = at.__dict__.setdefault("_grid_edits", {})
    rows = sent.setdefault(editor.proto.id, {})
    for r, cols in edits.items():
        rows.setdefault(str(r), {}).update(cols)
    states = at._tree.get_widget_states()
    for widget_id, edited in sent.items():
        payload = {"edited_rows": edited, "added_rows": [], "deleted_rows": []}
        states.widgets.append(WidgetState(id=widget_id, string_value=json.dumps(payload)))
    return at._run(states)
