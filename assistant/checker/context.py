"""What a rule function sees: the report, last year's report, and where to put its findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.checker.rules import RULES
from assistant.findings import Finding
from assistant.formats import is_known_key, label_of
from assistant.report import Cell, Number, OrganKind, Report, Span


def fmt_value(v: Number | None) -> str:
    """A cell value as printed in a message: blank is 「空白」, not 0."""
    if v is None:
        return "空白"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def labels(keys: Iterable[str], limit: int = 6) -> str:
    keys = list(keys)
    shown = "、".join(label_of(k) if is_known_key(k) else k for k in keys[:limit])
    return shown + (f" 等 {len(keys)} 项" if len(keys) > limit else "")


class Ctx:
    def __init__(self, report: Report, previous: Report | None = None) -> None:
        self.report = report
        self.previous = previous
        self.findings: list[Finding] = []
        self.cache: dict[str, Any] = {}  # shared by the rules of one run (e.g. the text's numbers)

        cells = report.cells
        self._values: dict[str, Number | None] = {k: c.value for k, c in cells.items()}
        self._ambiguous = {k for k, c in cells.items() if c.candidates}
        self._by_table: dict[str, list[tuple[str, Cell]]] | None = None

    @property
    def prev(self) -> Report:
        """Last year's report; only rules that need ``previous`` read it (they run only when it is given)."""
        assert self.previous is not None, "a rule without needs=('previous',) read the previous report"
        return self.previous

    @property
    def kind(self) -> OrganKind:
        """The organ kind; only rules that need ``kind`` read it."""
        assert self.report.kind is not None, "a rule without needs=('kind',) read the organ kind"
        return self.report.kind

    @property
    def year(self) -> int:
        """The report year; only rules that need ``year`` read it."""
        assert self.report.year is not None, "a rule without needs=('year',) read the year"
        return self.report.year

    @property
    def by_table(self) -> dict[str, list[tuple[str, Cell]]]:
        """(key, cell) pairs grouped by table id ("t2", "t3", "t4")."""
        if self._by_table is None:
            groups: dict[str, list[tuple[str, Cell]]] = {"t2": [], "t3": [], "t4": []}
            get = groups.get
            for item in self.report.cells.items():
                group = get(item[0][:2])
                if group is None:
                    group = groups[item[0][:2]] = []
                group.append(item)
            self._by_table = groups
        return self._by_table

    def v(self, key: str) -> Number | None:
        return self._values.get(key)

    def v0(self, key: str) -> Number:
        """The value for an identity: blank (or not printed) counts as 0."""
        return self._values.get(key) or 0

    def has(self, key: str) -> bool:
        return key in self._values

    def ambiguous(self, key: str) -> bool:
        return key in self._ambiguous

    def emit(
        self,
        rule_id: str,
        variant: str = "main",
        cells: Iterable[str] = (),
        span: Span | None = None,
        **values: object,
    ) -> None:
        rule = RULES[rule_id]
        shown = {k: fmt_value(v) if (v is None or isinstance(v, (int, float))) and not isinstance(v, bool) else v
                 for k, v in values.items()}
        self.findings.append(
            Finding(
                rule=rule_id,
                severity=rule.severity_of(variant),
                message=rule.render(variant, **shown),
                cells=list(dict.fromkeys(cells)),
                span=span,
            )
        )
