"""Which exercise an export's name means.

`exercise_matches` reads the exercises a user sees and the names they mapped in
earlier imports; the rules it applies are plain Python (`Matcher`), so they are
tested without a database.

Names are compared as keys: lower case, words only, a plural's trailing "s"
dropped ("Nordic Hamstrings Curls" ~ "Nordic Hamstring Curl"), "legged" read
as "leg" and "one leg" as "single leg" ("One-Legged" ~ "Single-Leg"). Then:

1. **Same name.** The key of an exercise's name or one of its aliases. The
   user's own exercise wins over a catalog one of the same name.
2. **Same movement, agreeing equipment.** Strong and Hevy put the equipment in
   brackets ("Good Morning (Barbell)"), FitNotes before or after the name
   ("Barbell Hip Thrust", "Lying Leg Curl Machine"). The equipment word is
   taken off (only words in `EQUIPMENT`: "Swiss Ball Leg Curl (Hips Down)" is
   a name, not a ball curl with equipment) and the rest is compared with the
   names and aliases taken apart the same way. Each exercise found scores how
   well its equipment agrees:

   - 3: its name says the same equipment ("Barbell Romanian Deadlift" for
     "Romanian Deadlift (Barbell)");
   - 2: its name says "weighted" and the file's equipment carries load
     ("Weighted Good Morning" for "Good Morning (Kettlebell)"), or its name
     says no equipment and the exercise needs the one named;
   - 1: its name says no equipment, it needs none of the equipment the words
     name, and it is measured the way that equipment is (load for a barbell,
     dumbbell, kettlebell, machine or cable; a band colour for a band; reps or
     holds for bodyweight);
   - 0 otherwise: a different implement is a different exercise ("Deadlift
     (Dumbbell)" is not the barbell deadlift), and loaded work is not a
     bodyweight one ("Barbell Glute Bridge" is not the glute bridge).

   The best score above 0 wins; a tie between two exercises matches neither,
   so the user chooses rather than the matcher guessing.

Between the two, a name the user mapped in an earlier import is matched as
they mapped it. A name that matches nothing is left for the user to map on the
review page.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from exercises.models import Exercise
from training.models import Import

LOADED, BAND, BODYWEIGHT = "loaded", "band", "bodyweight"
# How an exercise of each Exercise.Measure is loaded.
MEASURE_LOAD = {"reps_load": LOADED, "band_reps": BAND, "reps": BODYWEIGHT, "hold": BODYWEIGHT}


@dataclass(frozen=True)
class Gear:
    """The equipment a name states: which it is, the catalog's Equipment slug if it
    has one, and how it loads the exercise."""

    key: str
    slug: str | None
    load: str


_BARBELL = Gear("barbell", "barbell", LOADED)
_DUMBBELL = Gear("dumbbell", "dumbbell", LOADED)
_KETTLEBELL = Gear("kettlebell", "kettlebell", LOADED)
_SMITH = Gear("smith machine", None, LOADED)
_TRAP_BAR = Gear("trap bar", None, LOADED)
_BAND = Gear("band", "resistance-band", BAND)
_BODYWEIGHT = Gear("bodyweight", None, BODYWEIGHT)
_WEIGHTED = Gear("weighted", None, LOADED)

# Equipment words as keys (see `name_key`). "Machine" can only be the catalog's
# one machine, the leg-curl machine.
EQUIPMENT: dict[str, Gear] = {
    "barbell": _BARBELL,
    "dumbbell": _DUMBBELL,
    "db": _DUMBBELL,
    "kettlebell": _KETTLEBELL,
    "kb": _KETTLEBELL,
    "machine": Gear("machine", "leg-curl-machine", LOADED),
    "smith machine": _SMITH,
    "smith": _SMITH,
    "cable": Gear("cable", None, LOADED),
    "trap bar": _TRAP_BAR,
    "hex bar": _TRAP_BAR,
    "band": _BAND,
    "banded": _BAND,
    "resistance band": _BAND,
    "mini band": _BAND,
    "theraband": _BAND,
    "bodyweight": _BODYWEIGHT,
    "body weight": _BODYWEIGHT,
    "weighted": _WEIGHTED,
    "plate": _WEIGHTED,
    "ankle weight": Gear("ankle weight", "ankle-weight", LOADED),
}
# Equipment that makes an exercise what it is: one needing any of these is
# not the same exercise done with another.
NAMED_SLUGS = frozenset(g.slug for g in EQUIPMENT.values() if g.slug)
_LONGEST_PHRASE = max(len(phrase.split()) for phrase in EQUIPMENT)
_BRACKET = re.compile(r"(.*?)\s*\(([^()]*)\)\s*")


def _stem(word: str) -> str:
    # Plurals only, lightly: "curls", "hamstrings", "lunges", never "press".
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return "leg" if word == "legged" else word


def name_key(name: str) -> str:
    """A name as compared ("Single-Leg Glute Bridges" → "single leg glute bridge")."""
    key = " ".join(_stem(w) for w in re.findall(r"[a-z0-9]+", name.lower()))
    return re.sub(r"\b(?:one|1) leg\b", "single leg", key)


def split_equipment(name: str) -> tuple[str, Gear | None]:
    """The name's key without its equipment, and the equipment; (key, None) where
    the name states none that `EQUIPMENT` knows."""
    bracket = _BRACKET.fullmatch(name)
    if bracket:
        gear = EQUIPMENT.get(name_key(bracket[2]))
        base = name_key(bracket[1])
        return (base, gear) if gear and base else (name_key(name), None)
    words = name_key(name).split()
    for size in range(min(_LONGEST_PHRASE, len(words) - 1), 0, -1):
        for phrase, rest in (
            (words[:size], words[size:]),  # "Barbell Hip Thrust"
            (words[-size:], words[:-size]),  # "Lying Leg Curl Machine"
        ):
            gear = EQUIPMENT.get(" ".join(phrase))
            if gear:
                return " ".join(rest), gear
    return " ".join(words), None


@dataclass(frozen=True)
class Candidate:
    """A visible exercise as the matcher sees it."""

    pk: int
    names: tuple[str, ...]  # its name, then its aliases
    own: bool  # the user's private exercise
    measure: str
    equipment: frozenset[str]  # Equipment slugs it needs


def _score(gear: Gear, exercise: Candidate, named: Gear | None) -> int:
    """How well `exercise`, under a name stating `named`, agrees with `gear`."""
    if named is not None:
        if named.key == gear.key:
            return 3
        if _WEIGHTED in (named, gear) and named.load == gear.load:
            return 2
        return 0
    if gear.slug and gear.slug in exercise.equipment:
        return 2
    if gear is not _WEIGHTED and exercise.equipment & NAMED_SLUGS:
        return 0
    return 1 if MEASURE_LOAD.get(exercise.measure) == gear.load else 0


class Matcher:
    """The visible exercises, indexed once for all the names of one file."""

    def __init__(self, candidates: Iterable[Candidate]):
        self.by_key: dict[str, int] = {}
        self.by_base: dict[str, list[tuple[Candidate, Gear | None]]] = {}
        for exercise in candidates:
            for name in exercise.names:
                key = name_key(name)
                if not key:
                    continue
                if exercise.own or key not in self.by_key:
                    self.by_key[key] = exercise.pk
                base, named = split_equipment(name)
                self.by_base.setdefault(base, []).append((exercise, named))

    def by_name(self, name: str) -> int | None:
        """Step 1: the exercise of this name or alias."""
        return self.by_key.get(name_key(name))

    def by_equipment(self, name: str) -> int | None:
        """Step 2: the exercise of the same movement whose equipment agrees best."""
        base, gear = split_equipment(name)
        if gear is None:
            return None
        scores: dict[int, int] = {}
        for exercise, named in self.by_base.get(base, []):
            score = _score(gear, exercise, named)
            scores[exercise.pk] = max(score, scores.get(exercise.pk, 0))
        best = max(scores.values(), default=0)
        winners = [pk for pk, score in scores.items() if score == best]
        return winners[0] if best and len(winners) == 1 else None


def exercise_matches(*, user, names: Iterable[str]) -> dict[str, int | None]:
    """Each name's exercise: by its name or an alias, then as the user mapped it in an
    earlier import, then by the same movement with agreeing equipment. None where
    nothing matches. Three queries, however many names."""
    exercises = Exercise.objects.visible_to(user).active()
    needs: dict[int, set[str]] = {}
    for pk, slug in Exercise.equipment.through.objects.filter(exercise__in=exercises).values_list(
        "exercise_id", "equipment__slug"
    ):
        needs.setdefault(pk, set()).add(slug)
    candidates = [
        Candidate(
            pk=pk,
            names=(name, *aliases.splitlines()),
            own=owner is not None,
            measure=measure,
            equipment=frozenset(needs.get(pk, ())),
        )
        for pk, name, aliases, owner, measure in exercises.values_list(
            "pk", "name", "aliases", "owner", "measure"
        )
    ]
    matcher = Matcher(candidates)
    earlier: dict[str, int] = {}
    visible = {c.pk for c in candidates}
    for mapping in (
        Import.objects.for_user(user)
        .filter(status=Import.Status.DONE)
        .values_list("mapping", flat=True)
    ):
        for name, pk in mapping.items():
            if pk in visible:
                earlier[name_key(name)] = pk
    return {
        name: (matcher.by_name(name) or earlier.get(name_key(name)) or matcher.by_equipment(name))
        for name in names
    }
