"""What the web app (``ui/``) does, as importable functions: the page scripts only lay out widgets.

- ``uploads``: checking uploaded files (type, size, emptiness) and unpacking a .zip;
- ``library``: the corpus page — ingesting uploads with progress, the list of indexed reports,
  removal, filtered search;
- ``grid``: the tables page — the national tables of a year as editable grids, cell marks, and
  the checker's findings by cell;
- ``setup``: the settings page — the model endpoint without its key, the connection test, what
  offline mode can and cannot do;
- ``findings``: Chinese lines for the checker's findings, shared with the CLI.
"""
