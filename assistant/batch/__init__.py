"""Checking a whole folder of reports: ``check_batch`` (parallel over the cores), and the CSV,
Excel and 通报 (Word) writers in ``assistant.batch.write``."""

from __future__ import annotations

from assistant.batch.run import BatchRow, check_batch, normalise_organ, report_files

__all__ = ["BatchRow", "check_batch", "normalise_organ", "report_files"]
