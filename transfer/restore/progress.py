"""Reading a backup's progression history, states, personal records and goals.

Mixed into `_Plan` (`plan.py`): these read the rows of the progress app, and
name the exercises, sessions and sets the plan has read before them.
"""

import datetime

from exercises.models import MAX_HOLD_SECONDS, MAX_REPS
from progress.models import Goal, PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import set_apart
from training.models import MAX_LOAD_KG
from transfer.restore.fields import ANY_EXERCISE, MAX_DECIMAL, SMALL, _Reader

PRESCRIPTION_KEYS = {"exercise", "sets", "reps", "hold_s", "load_kg", "band"}


class _ProgressRows:
    """The part of `_Plan` that reads progress's rows (its tables: see `_Plan.__init__`)."""

    def prescription(self, r: _Reader, key: str, *, null=False) -> dict | None:
        def convert(value):
            if not isinstance(value, dict) or set(value) - {"since"} != PRESCRIPTION_KEYS:
                raise ValueError
            # Checked here, and reported as one problem of `key`.
            p = _Reader([], "", value)
            exercise = p.lookup("exercise", self.exercises, ANY_EXERCISE)
            band = p.lookup("band", self.bands, "a band colour", null=True)
            load = p.decimal("load_kg", MAX_LOAD_KG, null=True)
            checked = {
                "exercise": exercise.slug if exercise else None,
                "sets": p.integer("sets", 1, 20),
                "reps": p.integer("reps", 1, MAX_REPS, null=True),
                "hold_s": p.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
                "load_kg": None if load is None else str(load),
                "band": band.slug if band else None,
            }
            if "since" in value:
                # The day a weekly rule (Nordic curls) first gave the stage.
                if not isinstance(value["since"], str):
                    raise ValueError
                checked["since"] = datetime.date.fromisoformat(value["since"]).isoformat()
            if p.problems:
                raise ValueError
            return checked

        expected = "a stage: exercise, sets, reps, hold_s, load_kg and band"
        return r.take(key, expected, convert, null=null)

    def read_events(self, data: dict) -> None:
        judged = set()
        for where, item in self.items(data, "progression_events", "Progression event"):
            r = self.reader(where, item)
            ref = r.ref("ref", self.events, "event")
            event = ProgressionEvent(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                session=r.lookup("session", self.sessions, "a session", null=True),
                date=r.day("date"),
                kind=r.choice("kind", ProgressionEvent.Kind),
                met=r.boolean("met", null=True),
                before=self.prescription(r, "before", null=True),
                after=self.prescription(r, "after"),
                before_text=r.text("before_text", 200),
                after_text=r.text("after_text", 200),
                reason=r.text("reason"),
            )
            if r.ok and event.session is not None:
                key = (id(event.session), id(event.exercise))
                if key in judged:
                    r.bad("session", "already has an event for this exercise")
                judged.add(key)
            if ref:
                self.events[ref] = event

    def read_states(self, data: dict) -> None:
        seen = set()
        for where, item in self.items(data, "progression_states", "Progression state"):
            r = self.reader(where, item)
            state = ProgressionState(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                chain=r.lookup("chain", self.chains, "a chain", null=True),
                sets=r.integer("sets", 1, 20),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                hold_s=r.integer("hold_s", 1, MAX_HOLD_SECONDS, null=True),
                load_kg=r.decimal("load_kg", MAX_LOAD_KG, null=True),
                band=r.lookup("band", self.bands, "a band colour", null=True),
                trained_on=r.day("trained_on", null=True),
                reason=r.text("reason"),
                offer=r.lookup("offer", self.exercises, ANY_EXERCISE, null=True),
                moved_to=r.lookup("moved_to", self.exercises, ANY_EXERCISE, null=True),
                event=r.lookup("event", self.events, "a progression event", null=True),
            )
            if r.ok:
                if id(state.exercise) in seen:
                    r.bad("exercise", "has another progression state too")
                seen.add(id(state.exercise))
            self.states.append(state)

    def read_records(self, data: dict) -> None:
        seen = set()
        for where, item in self.items(data, "personal_records", "Personal record"):
            r = self.reader(where, item)
            record = PersonalRecord(
                user=self.user,
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE),
                logged_set=r.lookup("set", self.sets, "a set of the backup"),
                kind=r.choice("kind", PersonalRecord.Kind),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                value=r.decimal("value", MAX_DECIMAL),
                previous=r.decimal("previous", MAX_DECIMAL, null=True),
                date=r.day("date"),
            )
            if r.ok:
                # The band and leg a record belongs to follow from its set and exercise
                # (a band only for reps, whatever a hand-edited backup claims).
                band_id, record.side = set_apart(
                    record.exercise.measure,
                    record.exercise.unilateral,
                    band_id=record.logged_set.band_id,
                    side=record.logged_set.side,
                )
                record.band_id = band_id if record.kind == PersonalRecord.Kind.REPS else None
                if record.kind == PersonalRecord.Kind.LOAD and record.reps is None:
                    r.bad("reps", "must be given for a heaviest-load record")
                key = (id(record.logged_set), record.kind, record.reps)
                if key in seen:
                    r.bad("set", "already has this record")
                seen.add(key)
            self.records.append(record)

    def read_goals(self, data: dict) -> None:
        for where, item in self.items(data, "goals", "Goal"):
            r = self.reader(where, item)
            goal = Goal(
                user=self.user,
                metric=r.choice("metric", Goal.Metric),
                exercise=r.lookup("exercise", self.exercises, ANY_EXERCISE, null=True),
                chain=r.lookup("chain", self.chains, "a chain", null=True),
                target=r.decimal("target", MAX_DECIMAL, positive=True),
                reps=r.integer("reps", 1, MAX_REPS, null=True),
                weeks=r.integer("weeks", 1, SMALL, null=True),
                baseline=r.decimal("baseline", MAX_DECIMAL),
                why=r.text("why", 500, required=True),
                deadline=r.day("deadline"),
                created_on=r.day("created_on"),
                closed_on=r.day("closed_on", null=True),
            )
            if r.ok:
                if goal.deadline <= goal.created_on:
                    r.bad("deadline", "must come after “created_on”")
                sessions = goal.metric == Goal.Metric.SESSIONS
                if sessions and (goal.exercise is not None or goal.weeks is None):
                    r.bad("weeks", "must be given, and no exercise, for a sessions-a-week goal")
                if not sessions and goal.exercise is None:
                    r.bad("exercise", "must be given for this goal")
            self.goals.append(goal)
