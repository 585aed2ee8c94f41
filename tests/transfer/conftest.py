"""The training tests' fixtures (exercises of every measure, a routine, a session), shared:
what the transfer tests export, back up and restore is a training log."""

from tests.training.conftest import bands, moves, routine, session  # noqa: F401
