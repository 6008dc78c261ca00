"""Lexicon data shipped inside the wheel as ``scanner.lexicons`` (see pyproject's package-dir)."""
