"""The progression rules, one small class each, with one interface.

A rule knows where an exercise starts, whether a session met the stage it
was given, what the next stage is, and what one stage back is. Registered by
the key stored on the exercise (`Exercise.Rule`), the shape of Django's
password validators. One module per rule family:

    base                the interface (`Rule`) and how a session reads
    set_ladder          1 × 10 → 2 × 10 → 3 × 10, then the next exercise
    band_colour         the set ladder at each band colour
    rep_build           Nordic curls: the published programme, a step a week at most
    double_progression  loaded lifts: reps up the range, then load
    hold_build          isometrics and stretches: longer holds, then sets
    steady              the warm-up: the same every time
    breaks              (not a rule) how far back time away steps every rule
"""

from __future__ import annotations

from progress.engine.rules.band_colour import BandColour
from progress.engine.rules.base import Rule
from progress.engine.rules.double_progression import DoubleProgression
from progress.engine.rules.hold_build import HoldBuild
from progress.engine.rules.rep_build import RepBuild
from progress.engine.rules.set_ladder import SetLadder
from progress.engine.rules.steady import Steady

__all__ = ["RULES", "Rule"]

RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        SetLadder(),
        BandColour(),
        RepBuild(),
        DoubleProgression(),
        HoldBuild(),
        Steady(),
    )
}
