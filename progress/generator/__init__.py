"""Realistic training data: bulk-written at scale, or the demo account.

`history_generate` (in `history`) gives one user years of sessions, sets,
progression and records, and optionally goals (`goals`). `manage.py
generate_history` runs it for many users; `tests/history.py` for query budgets.

`build_demo` (in `demo`) makes the demo account's twelve weeks through the
app's own write paths, one set at a time; `manage.py demo` runs it.
"""

from progress.generator.history import PATTERNS, history_generate

__all__ = ["PATTERNS", "history_generate"]
