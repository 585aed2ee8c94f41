"""The exercise catalog: the ground floor of Hamstrong.

Every row carries a natural key (its slug), so the fixtures under `fixtures/`
hold no integer primary keys and loading them twice updates instead of
duplicating. This app knows nothing of sessions or progress; the one trace of
users is `Exercise.owner`, set only on a private exercise a user created (from
an import) and never shown to anyone else.

One module per concept:

    slugs          natural keys: a catalog row named by its slug
    vocabulary     what an exercise is described by: muscles, equipment, band
                   colours, source articles
    exercise       the exercise itself, its limits and its prescription
    chains         progression chains, easier to harder
    catalog_state  what the shipped catalog looked like when it was last loaded
"""

from exercises.models.catalog_state import CatalogLoad, CatalogRow
from exercises.models.chains import Chain, ChainStep, ChainStepManager
from exercises.models.exercise import (
    MAX_HOLD_SECONDS,
    MAX_REPS,
    Exercise,
    ExerciseManager,
    ExerciseQuerySet,
    describe_prescription,
)
from exercises.models.slugs import SlugManager, SlugModel
from exercises.models.vocabulary import BandColour, Equipment, Muscle, SourceArticle

__all__ = [
    "MAX_HOLD_SECONDS",
    "MAX_REPS",
    "BandColour",
    "CatalogLoad",
    "CatalogRow",
    "Chain",
    "ChainStep",
    "ChainStepManager",
    "Equipment",
    "Exercise",
    "ExerciseManager",
    "ExerciseQuerySet",
    "Muscle",
    "SlugManager",
    "SlugModel",
    "SourceArticle",
    "describe_prescription",
]
