"""Realistic training data: bulk-written at scale, or the demo account.

`history_generate` (in `history`) gives one user years of sessions, sets,
progression and records, and optionally goals (`goals`). `manage.py
generate_history` runs it for many users; `tests/history.py` for query budgets.

The demo account, built through the live session flow one set at a time, is
`logbook.demo` (`manage.py demo`): it drives logbook's writes, so it lives there.
"""

from progress.generator.history import PATTERNS, history_generate

__all__ = ["PATTERNS", "history_generate"]
