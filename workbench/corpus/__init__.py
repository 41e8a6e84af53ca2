"""The evidence side: reading files, splitting passages, importing sources, matching, evaluation."""
