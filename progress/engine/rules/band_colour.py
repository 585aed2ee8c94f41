"""Band colour: the set ladder at each colour, then the next colour."""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import Change, Recommendation, band_name, describe
from progress.engine.rules.set_ladder import SetLadder


class BandColour(SetLadder):
    """The set ladder at each band colour; 3 × 10 → the next colour at 1 × 10."""

    key = "band_colour"

    def start(self, context, hint=None):
        known = {b.slug for b in context.bands}
        band = hint.band if hint and hint.band in known else None
        if band is None and context.bands:
            band = context.bands[0].slug
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
                f"You did {done}, with the strongest band there is and at the end of "
                f"{context.spec.name}'s chain: keep it at {describe(context, current)} "
                "to hold on to your strength.",
                met=True,
            )
        return super().move_on(context, current, done)

    def advance(self, context, current, session):
        if current.sets < context.spec.sets:
            return super().advance(context, current, session)
        done = describe(context, current)
        index = self._position(context, current.band)
        if 0 <= index < len(context.bands) - 1:
            nxt = replace(current, sets=1, band=context.bands[index + 1].slug)
            return Recommendation(
                nxt,
                Change.NEXT_BAND,
                f"You did {done}: move up to the next colour, {describe(context, nxt)}. "
                "You may need fewer reps at first with the stronger band.",
                met=True,
            )
        return self.move_on(context, current, done)

    def step_back(self, context, current):
        if current.sets > 1:
            return replace(current, sets=current.sets - 1)
        index = self._position(context, current.band)
        if index > 0:
            return replace(current, sets=context.spec.sets, band=context.bands[index - 1].slug)
        return None
