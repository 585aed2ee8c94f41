import factory
from django.utils import timezone

from accounts.models import User
from exercises.models import Chain, ChainStep, Equipment, Exercise, Muscle, SourceArticle

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"athlete{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password(PASSWORD)


class SourceArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceArticle
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Hamstring article {n}")


class MuscleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Muscle
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"muscle-{n}")
    name = factory.Sequence(lambda n: f"Muscle {n}")
    region = Muscle.Region.HAMSTRINGS


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"equipment-{n}")
    name = factory.Sequence(lambda n: f"Equipment {n}")
    at_home = True


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A beginner bodyweight exercise on the set ladder (1×10 → 3×10)."""

    class Meta:
        model = Exercise
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Exercise {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    summary = "Works the back of the thigh."
    starting_position = "Lie on your back with your knees bent."
    action = "Lift your hips.\nHold for 3 seconds.\nLower slowly."
    tips = "Keep your back flat."
    level = Exercise.Level.BEGINNER
    kind = Exercise.Kind.STRENGTH
    movement = Exercise.Movement.BRIDGE
    measure = Exercise.Measure.REPS
    sets = 3
    reps_min = 10
    reps_max = 10
    rest_s = 60
    rule = Exercise.Rule.SET_LADDER

    @factory.post_generation
    def primary_muscles(self, create, extracted, **kwargs):
        if create:
            self.primary_muscles.set(extracted if extracted is not None else [MuscleFactory()])

    @factory.post_generation
    def equipment(self, create, extracted, **kwargs):
        if create and extracted:
            self.equipment.set(extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted if extracted is not None else [SourceArticleFactory()])


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"chain-{n}")
    name = factory.Sequence(lambda n: f"Chain {n}")


class ChainStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainStep

    chain = factory.SubFactory(ChainFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n + 1)


def make_chain(*exercises, **kwargs):
    chain = ChainFactory(**kwargs)
    for position, exercise in enumerate(exercises, start=1):
        ChainStepFactory(chain=chain, exercise=exercise, position=position)
    return chain


class RoutineFactory(factory.django.DjangoModelFactory):
    """A user's routine (a shipped template when `owner=None` and a `template_key` is given)."""

    class Meta:
        model = "training.Routine"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Routine {n}")
    description = "Twice a week."
    rounds = 1


class RoutineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.RoutineEntry"

    routine = factory.SubFactory(RoutineFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n + 1)
    sets = 3
    reps_min = 10
    reps_max = 10
    rest_s = 60


class ScheduleFactory(factory.django.DjangoModelFactory):
    """A Monday + Thursday plan of 8 weeks (its sessions come from services.schedule_create)."""

    class Meta:
        model = "training.Schedule"

    user = factory.SubFactory(UserFactory)
    routine = factory.SubFactory(RoutineFactory, owner=factory.SelfAttribute("..user"))
    weekdays = "03"
    start_date = factory.LazyFunction(timezone.localdate)
    weeks = 8


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned session today, with no routine unless given one."""

    class Meta:
        model = "training.Session"

    user = factory.SubFactory(UserFactory)
    routine = None
    schedule = None
    date = factory.LazyFunction(timezone.localdate)
    status = "planned"


def loaded_lift_factory(*, barbell=False, **kwargs):
    """A Romanian deadlift: reps × load, double progression over 6–8 reps."""
    values = {
        "name": "Romanian Deadlift",
        "measure": Exercise.Measure.REPS_LOAD,
        "rule": Exercise.Rule.DOUBLE_PROGRESSION,
        "reps_min": 6,
        "reps_max": 8,
        "rest_s": 90,
    }
    if barbell:
        values["equipment"] = [EquipmentFactory(name="Barbell", at_home=False)]
    return ExerciseFactory(**(values | kwargs))


def hold_stretch_factory(**kwargs):
    """A towel stretch: one hold of 30–60 s each leg."""
    values = {
        "name": "Towel Stretch",
        "kind": Exercise.Kind.STRETCH,
        "measure": Exercise.Measure.HOLD,
        "rule": Exercise.Rule.HOLD_BUILD,
        "sets": 1,
        "reps_min": None,
        "reps_max": None,
        "hold_min_s": 30,
        "hold_max_s": 60,
        "unilateral": True,
        "rest_s": 15,
    }
    return ExerciseFactory(**(values | kwargs))
