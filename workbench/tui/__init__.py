"""The review TUI (Textual). Imported only by `workbench review` and `workbench demo`."""
