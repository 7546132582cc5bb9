"""What the checker reports: findings, and the result of one check run."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.report import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese name users see: 错误 / 警告 / 提示."""
        return SEVERITY_NAMES[self]


SEVERITY_NAMES: dict[Severity, str] = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


class Finding(BaseModel):
    rule: str  # "T3-01"
    severity: Severity
    message: str  # Chinese, with expected and actual values
    cells: list[str] = Field(default_factory=list)  # canonical keys involved
    span: Span | None = None  # text position, for text rules


class NotAssessable(BaseModel):
    rule: str
    reason: str  # Chinese


class CheckResult(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    not_assessable: list[NotAssessable] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]
