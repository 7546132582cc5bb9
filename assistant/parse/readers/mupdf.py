"""PyMuPDF without its layout model: ``load_pymupdf()`` is the one place ``pymupdf`` is imported.

PyMuPDF 2 depends on ``pymupdf-layout`` and ``pymupdf4llm`` and imports both from ``import
pymupdf``: the first loads an ONNX layout network, the second onnxruntime (together about 1 s of
CPU in every process that reads a PDF, or checks an organ name's glyphs). The readers use
neither: tables come from ruled lines (``find_tables(use_layout=False)``). So the first import is
made with the two marked absent, which PyMuPDF treats as "not installed" (its own ``try: import
… except ImportError``); a caller that imports them itself afterwards still gets them.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["load_pymupdf"]

_OPTIONAL = ("pymupdf.layout", "pymupdf4llm")


def load_pymupdf() -> ModuleType:
    """The ``pymupdf`` module, imported (once) without loading the layout model."""
    loaded = sys.modules.get("pymupdf")
    if loaded is not None:
        return loaded
    blocked = [name for name in _OPTIONAL if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import pymupdf
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return pymupdf
