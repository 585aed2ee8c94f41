"""Pain monitoring: what the user says about pain decides whether the rules may move on.

The shape is the pain-monitoring model of Silbernagel et al. (2007, Am J Sports
Med 35:897–906): exercise is allowed to hurt a little, the pain must settle by
the next morning, and it must not build from one session to the next. That
model, for Achilles tendinopathy, allowed up to 5/10; Hamstrong, for hamstring
strains, uses the stricter 3/10 of many hamstring rehab programmes. Article
000 (HealthGuiders) adds the stop rule: "never push through sharp pain", and
a sudden sharp pain with "a popping sensation" needs a professional.

    sharp pain or a pop        stop the exercise; see a doctor or physiotherapist
    over 3/10 this session
      and the session before   one stage back; see a professional if it persists
    over 3/10 this session     hold the stage
    morning after worse        hold the stage
    up to 3/10, settling       the rules decide as usual
"""

from __future__ import annotations

from dataclasses import replace

from progress.engine.model import Change, Context, Pain, Prescription, Recommendation, describe

ACCEPTABLE_PAIN = 3

STOP_ADVICE = (
    "Stop {name} now. Sudden, sharp pain in the hamstring, especially with a popping "
    "sensation, can mean a strain or tear: rest it and see a doctor or physiotherapist "
    "before you do it again."
)
SEE_SOMEONE = (
    "Pain that stays from one session to the next is worth showing to a physiotherapist or doctor."
)
MOVES_ON = (Change.ADD_SET, Change.ADD_REPS, Change.ADD_LOAD, Change.LONGER_HOLD)
MOVES_ON += (Change.NEXT_BAND, Change.NEXT_EXERCISE)


def too_much(pain: int | None) -> bool:
    return pain is not None and pain > ACCEPTABLE_PAIN


def with_pain(
    rules, context: Context, current: Prescription, pain: Pain | None, result: Recommendation
) -> Recommendation:
    """`result`, the rules' judgement of a session, as the pain said about it allows."""
    if pain is None:
        return result
    name = context.spec.name
    shown = describe(context, current)
    if pain.sharp:
        return Recommendation(
            current,
            Change.STAY,
            f"You felt sharp pain or a pop. {STOP_ADVICE.format(name=name)}",
            met=result.met,
        )
    if too_much(pain.during) and too_much(pain.previous):
        back = rules[context.spec.rule].step_back(context, current) or current
        return Recommendation(
            back,
            Change.STEP_BACK if back != current else Change.STAY,
            f"Pain of {pain.during}/10 during {name}, and {pain.previous}/10 the session "
            f"before: go back to {describe(context, back)} and let it settle. {SEE_SOMEONE}",
            met=result.met,
        )
    if result.change not in MOVES_ON:
        if too_much(pain.during):
            return replace(
                result,
                reason=f"{result.reason} Pain of {pain.during}/10 is more than the "
                f"{ACCEPTABLE_PAIN}/10 to aim for: take it gently.",
            )
        return result
    if too_much(pain.during):
        return Recommendation(
            current,
            Change.STAY,
            f"Pain of {pain.during}/10 during {name} is more than {ACCEPTABLE_PAIN}/10: "
            f"stay at {shown} until it hurts {ACCEPTABLE_PAIN}/10 or less.",
            met=result.met,
        )
    if pain.morning_worse:
        return Recommendation(
            current,
            Change.STAY,
            "Your hamstrings felt worse the morning after your last session: "
            f"stay at {shown} until they settle by the next morning.",
            met=result.met,
        )
    return result
