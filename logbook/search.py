"""Adding an exercise to a session by search: names and aliases ("rdl" finds the
Romanian deadlifts), optionally only what the user has at home."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When

from exercises.models import Equipment, Exercise

RESULTS = 8


class ExerciseSearchForm(forms.Form):
    find = forms.CharField(label="Find an exercise", required=False, max_length=100, strip=True)
    home = forms.BooleanField(label="Only what I have at home", required=False)

    def results(self, user) -> list[Exercise]:
        """The best matches first: a name that starts with the words, an alias that is
        them, then any name or alias holding every word; at most `RESULTS`."""
        data = self.cleaned_data if self.is_valid() else {}
        text = data.get("find", "")
        words = text.split()
        if not words:
            return []
        queryset = Exercise.objects.visible_to(user).active()
        for word in words:
            queryset = queryset.filter(Q(name__icontains=word) | Q(aliases__icontains=word))
        if data.get("home"):
            queryset = queryset.using_only(Equipment.objects.filter(at_home=True))
        rank = Case(
            When(name__iexact=text, then=Value(0)),
            When(name__istartswith=text, then=Value(1)),
            When(aliases__iregex=rf"(^|\n){_literal(text)}(\r?\n|$)", then=Value(2)),
            When(name__icontains=text, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
        found = list(
            queryset.annotate(rank=rank)
            .only("slug", "name", "aliases")
            .order_by("rank", "name")[:RESULTS]
        )
        for exercise in found:
            exercise.matched_alias = matched_alias(exercise, words)
        return found


def _literal(text: str) -> str:
    """`text` as a regular expression matching itself (PostgreSQL and SQLite alike)."""
    return "".join(f"[{c}]" if c.isalnum() or c == " " else f"\\{c}" for c in text)


def matched_alias(exercise: Exercise, words: list[str]) -> str:
    """The alias the words found, when the name alone does not hold them all."""
    name = exercise.name.lower()
    if all(word.lower() in name for word in words):
        return ""
    for alias in exercise.aliases.splitlines():
        if all(word.lower() in alias.lower() for word in words):
            return alias.strip()
    return ""
