"""PyMuPDF is imported without its layout model and pymupdf4llm (assistant.parse.readers.mupdf)."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from assistant.parse.readers.pdf import pdf_to_text
from assistant.testing.render import render_pdf
text = pdf_to_text(render_pdf([("p", "本报告由某某县人民政府办公室编制。"), ("p", "联系电话：0512-1234567")]))
import pymupdf
print("layout" if "pymupdf.layout" in sys.modules else "no-layout",
      "onnx" if "onnxruntime" in sys.modules else "no-onnx",
      "model" if pymupdf._get_layout is not None else "no-model",
      "read" if "人民政府办公室" in text else "unread")
import importlib.util
if importlib.util.find_spec("pymupdf.layout") is not None:  # PyMuPDF 2 ships it
    import pymupdf.layout  # a caller that wants the layout package still gets it
print("importable")
"""


def test_pdf_reader_loads_no_layout_model_yet_the_package_stays_importable():
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["no-layout", "no-onnx", "no-model", "read", "importable"]
