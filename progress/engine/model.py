"""The engine's vocabulary: what goes in, what comes out, and how it reads.

Standard library only. Loads are kilograms as `Decimal`; dates are
`datetime.date`; bands and exercises are named by their catalog slugs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

KG_PER_LB = Decimal("0.45359237")
# The physiotherapy ladder's reps (KPE: "one set of 10 reps"), inside an exercise's range.
LADDER_REPS = 10


class Change(enum.StrEnum):
    """What a recommendation changes for next time."""

    STAY = "stay"
    ADD_SET = "add_set"
    ADD_REPS = "add_reps"
    ADD_LOAD = "add_load"
    LONGER_HOLD = "longer_hold"
    NEXT_BAND = "next_band"
    NEXT_EXERCISE = "next_exercise"
    STEP_BACK = "step_back"


class Side(enum.StrEnum):
    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Band:
    slug: str
    name: str


@dataclass(frozen=True)
class Spec:
    """What the catalog says about one exercise, as far as progression cares.

    `rep_hold_s` is the pause the articles ask for in every rep ("hold 3 s");
    `bands` the colours the exercise climbs, lightest first, as slugs (empty:
    every colour of the context).
    """

    slug: str
    name: str
    rule: str
    sets: int = 3
    reps_min: int | None = None
    reps_max: int | None = None
    hold_min_s: int | None = None
    hold_max_s: int | None = None
    unilateral: bool = False
    load_step_kg: Decimal | None = None
    rep_hold_s: int | None = None
    bands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """Everything about the exercise that is not the user's log.

    `next` is the following exercise of its chain (None at a chain's end),
    `bands` the band colours lightest first, `unit` how loads are worded,
    `rounds` the rounds of the circuit the exercise is done in (1: not a
    circuit; a circuit's sets are its rounds), `move_on_kg` the load at which
    a loaded lift's chain offers `next` (None: a lift never offers it).
    """

    spec: Spec
    next: Spec | None = None
    bands: tuple[Band, ...] = ()
    unit: str = "kg"
    rounds: int = 1
    move_on_kg: Decimal | None = None

    def owning(self, prescription: Prescription) -> Context:
        """The context of the prescription's exercise: this one's, or the next one's
        after a move on."""
        if prescription.exercise == self.spec.slug or self.next is None:
            return self
        return replace(self, spec=self.next, next=None)


@dataclass(frozen=True)
class Prescription:
    """One exercise's target: `sets` × `reps` (each leg when unilateral),
    each held `hold_s`, at `load_kg` or with the `band` colour (a slug).

    `since` is the day a weekly rule (Nordic curls) first gave this stage; it
    is bookkeeping, not part of the target, so two targets that differ only in
    it are equal.
    """

    exercise: str
    sets: int
    reps: int | None = None
    hold_s: int | None = None
    load_kg: Decimal | None = None
    band: str | None = None
    since: date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LoggedSet:
    reps: int | None = None
    hold_s: int | None = None
    load_kg: Decimal | None = None
    band: str | None = None
    side: Side = Side.BOTH


@dataclass(frozen=True)
class Pain:
    """What the user said about pain around one session of one exercise (0–10).

    `during` is the pain during the exercise (None: not said), `sharp` a sudden
    sharp pain or a "pop", `previous` the pain during the exercise's session
    before, and `morning_worse` whether the morning after that session felt
    worse than the morning before it.
    """

    during: int | None = None
    sharp: bool = False
    previous: int | None = None
    morning_worse: bool = False


@dataclass(frozen=True)
class SessionLog:
    """One session's sets of one exercise, and the pain said about it."""

    date: date
    sets: tuple[LoggedSet, ...] = field(default=())
    pain: Pain | None = None


@dataclass(frozen=True)
class Recommendation:
    """The next prescription, what changed, and why, in a sentence.

    `met` says whether the judged session met its stage (None when no
    session was judged, as on a first visit or a return after a gap).
    """

    prescription: Prescription
    change: Change
    reason: str
    met: bool | None = None


def format_load(kg: Decimal, unit: str) -> str:
    value = kg / KG_PER_LB if unit == "lb" else kg
    shown = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{shown:f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def band_name(context: Context, slug: str | None) -> str:
    for band in context.bands:
        if band.slug == slug:
            return band.name
    return slug or ""


def ladder_reps(spec: Spec) -> int | None:
    """The reps a ladder stage asks for: 10, inside the exercise's range."""
    if spec.reps_min is None:
        return None
    return max(spec.reps_min, min(spec.reps_max or spec.reps_min, LADDER_REPS))


def full_sets(context: Context) -> int:
    """The most sets a stage asks for: the exercise's, or a circuit's rounds."""
    return context.rounds if context.rounds > 1 else context.spec.sets


def describe(context: Context, prescription: Prescription) -> str:
    """The prescription as a person reads it: '2 × 10', '3 × 8 at 40 kg', 'hold 30 s each leg',
    '3 × 10–15', '3 rounds of 10–12', '1 × 10 each leg, hold 3 s each rep'."""
    p = prescription
    spec = context.owning(p).spec
    circuit = context.rounds > 1 and p.sets == context.rounds
    sets = f"{p.sets} rounds of " if circuit else f"{p.sets} × "
    base = ladder_reps(spec)
    if (
        spec.rule in ("set_ladder", "band_colour")
        and p.reps is not None
        and p.hold_s is None
        and base is not None
        and base <= p.reps < (spec.reps_max or 0)
    ):
        # Up a rep range: at least this many, working up to the top ("3 × 10–15").
        text = f"{sets}{p.reps}–{spec.reps_max}"
    elif (
        spec.rule == "double_progression"
        and p.load_kg is None
        and p.reps is not None
        and spec.reps_max is not None
        and p.reps < spec.reps_max
    ):
        # No load chosen yet: work anywhere in the range ("3 × 6–8").
        text = f"{sets}{p.reps}–{spec.reps_max}"
    elif spec.rule == "steady" and p.reps is None and p.hold_s and p.hold_s % 60 == 0:
        # The warm-up: minutes, as the articles say ("five to ten minutes").
        text = f"{p.hold_s // 60} min"
    elif p.reps is not None and p.hold_s is not None:
        text = f"{sets}{p.reps} holds of {p.hold_s} s"
    elif p.reps is not None:
        text = f"{sets}{p.reps}"
    elif p.hold_s is not None:
        text = f"hold {p.hold_s} s" if p.sets == 1 else f"{sets}{p.hold_s} s holds"
    else:
        text = f"{p.sets} set{'' if p.sets == 1 else 's'}"
    if spec.unilateral:
        text += " each leg"
    if p.load_kg is not None:
        text += f" at {format_load(p.load_kg, context.unit)}"
    if p.band is not None:
        text += f", {band_name(context, p.band).lower()} band"
    if spec.rep_hold_s and p.reps is not None and p.hold_s is None:
        text += f", hold {spec.rep_hold_s} s each rep"
    return text
