import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises.models import ChainStep, Exercise
from tests.factories import ChainFactory, ExerciseFactory, make_chain

pytestmark = pytest.mark.django_db


def errors_of(obj):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def test_an_inverted_rep_range_is_refused_with_a_clear_message():
    exercise = ExerciseFactory.build(reps_min=12, reps_max=8)
    assert "The rep range is inverted: 12–8" in " ".join(errors_of(exercise)["reps_max"])


def test_an_inverted_hold_range_is_refused_with_a_clear_message():
    exercise = ExerciseFactory.build(
        measure=Exercise.Measure.HOLD, rule=Exercise.Rule.HOLD_BUILD, hold_min_s=60, hold_max_s=30
    )
    assert "The hold range is inverted: 60–30 s" in " ".join(errors_of(exercise)["hold_max_s"])


@pytest.mark.parametrize("field,value", [("sets", 0), ("reps_min", 0)])
def test_non_positive_sets_or_reps_are_refused(field, value):
    exercise = ExerciseFactory.build(**{field: value})
    messages = " ".join(sum(errors_of(exercise).values(), []))
    assert "at least 1" in messages or "between 1 and 20" in messages


def test_a_hold_exercise_needs_a_hold_range():
    exercise = ExerciseFactory.build(measure=Exercise.Measure.HOLD, rule=Exercise.Rule.HOLD_BUILD)
    assert "needs a hold range" in " ".join(errors_of(exercise)["hold_min_s"])


def test_the_rule_must_fit_the_measure():
    exercise = ExerciseFactory.build(rule=Exercise.Rule.DOUBLE_PROGRESSION)
    assert "Double progression needs" in " ".join(errors_of(exercise)["rule"])


def test_the_database_refuses_an_inverted_range_even_without_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(reps_min=12, reps_max=8)


def test_the_database_refuses_zero_sets():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(sets=0)


def test_a_duplicate_slug_is_refused():
    ExerciseFactory(name="Glute Bridge", slug="glute-bridge")
    duplicate = ExerciseFactory.build(name="Glute Bridge 2", slug="glute-bridge")
    assert "slug" in errors_of(duplicate)


def test_a_chain_may_not_repeat_an_exercise():
    bridge = ExerciseFactory(name="Bridge")
    chain = make_chain(bridge, ExerciseFactory(name="Single Leg Bridge"))
    loop = ChainStep(chain=chain, exercise=bridge, position=3)
    assert "may not repeat an exercise or loop back" in str(errors_of(loop))
    with pytest.raises(IntegrityError), transaction.atomic():
        loop.save()


def test_an_exercise_may_sit_in_several_chains():
    bridge = ExerciseFactory(name="Bridge")
    make_chain(bridge)
    make_chain(bridge)
    assert bridge.chains.count() == 2


def test_two_steps_may_not_share_a_position():
    chain = ChainFactory()
    ChainStep.objects.create(chain=chain, exercise=ExerciseFactory(), position=1)
    clash = ChainStep(chain=chain, exercise=ExerciseFactory(), position=1)
    assert "share a position" in str(errors_of(clash))


def test_the_prescription_reads_like_a_coach_wrote_it():
    assert ExerciseFactory.build(sets=3, reps_min=6, reps_max=8, rest_s=90).prescription == (
        "3 × 6–8, 90 s rest"
    )
    stretch = ExerciseFactory.build(
        measure=Exercise.Measure.HOLD,
        sets=2,
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
        unilateral=True,
        rest_s=15,
    )
    assert stretch.prescription == "2 sets, hold 30–60 s, each leg, 15 s rest"
