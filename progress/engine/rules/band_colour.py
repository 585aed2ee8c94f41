"""Band colour: the set ladder at each of the exercise's colours, then the next exercise.

Each band exercise names the three or four colours it climbs (KPE: "start with
a low resistance band (tan/yellow)"). At a colour it climbs the set ladder;
after 3 × 10 comes the next colour at 1 × 8 ("you may need to reduce the
number of reps you then do to start with"), back up to 10, then the sets again.
After the top colour comes the next exercise of the chain.
"""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import (
    Change,
    Recommendation,
    band_name,
    describe,
    full_sets,
    ladder_reps,
)
from progress.engine.rules.set_ladder import SetLadder

# A new colour starts this many reps under the ladder's 10.
NEW_COLOUR_FEWER_REPS = 2


class BandColour(SetLadder):
    """The set ladder at each of the exercise's colours; the top stage → the next colour
    at fewer reps; the top colour → the next exercise."""

    key = "band_colour"

    def colours(self, context) -> list[str]:
        """The exercise's colours, lightest first (every colour where it names none)."""
        known = [b.slug for b in context.bands]
        named = [slug for slug in known if slug in context.spec.bands]
        return named or known

    def start(self, context, hint=None):
        colours = self.colours(context)
        band = hint.band if hint and hint.band in colours else None
        if band is None and colours:
            band = colours[0]
        return replace(super().start(context, hint), band=band)

    def _position(self, context, slug):
        for index, band in enumerate(context.bands):
            if band.slug == slug:
                return index
        return -1

    def reaches(self, current, logged, context):
        # A set logged without a colour is taken to be at the prescribed one.
        band = logged.band or current.band
        heavy_enough = self._position(context, band) >= self._position(context, current.band)
        return heavy_enough and super().reaches(current, logged, context)

    def until(self, context, current):
        colour = band_name(context, current.band).lower()
        return f"{super().until(context, current)} with the {colour} band or a stronger one"

    def move_on(self, context, current, done):
        if context.next is None:
            return Recommendation(
                current,
                Change.STAY,
                f"You did {done}, with the strongest band {context.spec.name} uses and at the "
                f"end of its chain: keep it at {describe(context, current)} "
                "to hold on to your strength.",
                met=True,
            )
        return super().move_on(context, current, done)

    def _stronger(self, context, current) -> str | None:
        """The exercise's next colour above the prescribed one (None past its top)."""
        here = self._position(context, current.band)
        return next(
            (slug for slug in self.colours(context) if self._position(context, slug) > here),
            None,
        )

    def _lighter(self, context, current) -> str | None:
        here = self._position(context, current.band)
        lighter = [s for s in self.colours(context) if 0 <= self._position(context, s) < here]
        return lighter[-1] if lighter else None

    def advance(self, context, current, session):
        spec = context.spec
        top_reps = spec.reps_max or current.reps
        at_top = current.sets >= full_sets(context) and (
            current.reps is None or current.reps >= top_reps
        )
        if not at_top:
            return super().advance(context, current, session)
        done = describe(context, current)
        stronger = self._stronger(context, current)
        if stronger is None:
            return self.move_on(context, current, done)
        base = ladder_reps(spec)
        reps = None if base is None else max(1, base - NEW_COLOUR_FEWER_REPS)
        sets = context.rounds if context.rounds > 1 else 1
        nxt = replace(current, sets=sets, reps=reps, band=stronger)
        return Recommendation(
            nxt,
            Change.NEXT_BAND,
            f"You did {done}: move up to the next colour, {describe(context, nxt)}: "
            f"fewer reps at first with the stronger band, then back up to {base}.",
            met=True,
        )

    def step_back(self, context, current):
        back = super().step_back(context, current)
        if back is not None:
            return back
        lighter = self._lighter(context, current)
        if lighter is None:
            return None
        spec = context.spec
        return replace(
            current, sets=full_sets(context), reps=spec.reps_max or current.reps, band=lighter
        )
