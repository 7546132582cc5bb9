"""A report as Markdown: title, headings and paragraphs; each table as one pipe table on its full
column grid (merged header cells repeated over the columns they cover, blank cells blank)."""

from __future__ import annotations

from assistant.export.document import blocks
from assistant.export.layout import Grid, placed, table_grids
from assistant.report import Report


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def grid_markdown(grid: Grid) -> list[str]:
    cells = placed(grid)
    width = max(c + cell.cs for _, c, cell in cells)
    full = [[""] * width for _ in grid]
    for r, c, cell in cells:
        for dr in range(cell.rs):
            for dc in range(cell.cs):
                # A merged label repeats over its columns, so each row reads on its own; a merged
                # value is written once.
                if cell.number and (dr or dc):
                    continue
                full[r + dr][c + dc] = _escape(cell.text)
    head, *body = full
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def export_markdown(report: Report) -> str:
    grids = table_grids(report)
    out: list[str] = []
    for block in blocks(report):
        if block.kind == "title":
            out += [f"# {block.text}", ""]
        elif block.kind == "h":
            out += [f"## {block.text}", ""]
        elif block.kind == "p":
            out += [block.text, ""]
        else:
            out += grid_markdown(grids[block.text]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
