"""Tables 二, 三, 四 from report text, one module per table (``t2``, ``t3``, ``t4``).

Lines are either tab-separated (HTML/Word/PDF tables through the readers; rowspan/colspan
continuations are empty strings) or whitespace-separated (PDF text with broken lines: a label
split over several lines, before, beside or after its numbers). A row is recognised by its label
(``assistant.labels``) and, failing that, by its position between recognised rows. Numbers run
together without separators are split with ``digits.split_runs`` and the table identities; a cell
with more than one possible value is left ``None`` with its candidates.
"""

from assistant.parse.tables.detect import detect_format
from assistant.parse.tables.rows import Line, Tok, split_line, to_number
from assistant.parse.tables.t2 import parse_t2
from assistant.parse.tables.t3 import parse_t3
from assistant.parse.tables.t4 import parse_t4

__all__ = ["Line", "Tok", "detect_format", "parse_t2", "parse_t3", "parse_t4", "split_line", "to_number"]
