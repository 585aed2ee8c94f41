"""Realistic training data at scale, bulk-written: for load tests and query budgets.

`history_generate` (in `history`) gives one user years of sessions, sets,
progression and records, and optionally goals (`goals`). `manage.py
generate_history` runs it for many users; `tests/history.py` for query budgets.
"""

from progress.generator.history import PATTERNS, history_generate

__all__ = ["PATTERNS", "history_generate"]
