from django import forms
from django.db.models import Q

from exercises.models import Equipment, Exercise

ANY = [("", "Any")]


class CatalogFilterForm(forms.Form):
    """The catalog's filters. A bad value comes back as a field error, never a 500."""

    NO_EQUIPMENT = "none"
    AT_HOME = "home"

    q = forms.CharField(label="Search", required=False, max_length=100)
    level = forms.ChoiceField(choices=ANY + Exercise.Level.choices, required=False)
    kind = forms.ChoiceField(choices=ANY + Exercise.Kind.choices, required=False)
    movement = forms.ChoiceField(choices=ANY + Exercise.Movement.choices, required=False)
    equipment = forms.ChoiceField(required=False)
    muscle = forms.ChoiceField(required=False)

    def __init__(self, *args, equipment=(), muscles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].choices = [
            ("", "Any"),
            (self.NO_EQUIPMENT, "No equipment"),
            (self.AT_HOME, "What I have at home"),
            ("Needs…", [(e.slug, e.name) for e in equipment]),
        ]
        self.fields["muscle"].choices = ANY + [(m.slug, m.name) for m in muscles]

    def filter(self, queryset):
        """Narrow `queryset` by the valid filters; invalid ones are ignored (and shown)."""
        data = self.cleaned_data if self.is_valid() else {}
        for word in data.get("q", "").split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(aliases__icontains=word) | Q(summary__icontains=word)
            )
        for field in ("level", "kind", "movement"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        equipment = data.get("equipment")
        if equipment == self.NO_EQUIPMENT:
            queryset = queryset.without_equipment()
        elif equipment == self.AT_HOME:
            queryset = queryset.using_only(Equipment.objects.filter(at_home=True))
        elif equipment:
            queryset = queryset.filter(equipment__slug=equipment)
        if data.get("muscle"):
            queryset = queryset.filter(
                Q(primary_muscles__slug=data["muscle"]) | Q(secondary_muscles__slug=data["muscle"])
            ).distinct()
        return queryset

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())
