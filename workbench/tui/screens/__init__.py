"""The workbench's screens: articles, review (one claim at a time) and conflicts, on a
base that gives each typed access to the app (``base.Workbench``)."""
