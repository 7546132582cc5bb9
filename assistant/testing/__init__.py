"""Generated reports shared by tests, evals and benchmarks (no test framework needed).

- ``synthetic``: deterministic synthetic annual reports across many organs and years (retrieval
  evals, benchmarks, corpus tests).
- ``render``: the 2021-format parser fixture (one invented report) and the renderers that write it in
  every layout reports arrive in (PDF text, tabs, HTML, Word, PDF); ``python -m assistant.testing.render``
  regenerates ``evals/parse/reports`` and ``evals/parse/gold``.
"""
