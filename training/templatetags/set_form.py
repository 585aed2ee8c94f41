"""The set form's fields, rendered in Python (see training.forms.html)."""

from django import template

from training.forms.html import field_html

register = template.Library()


@register.simple_tag
def set_field(field):
    """What `{{ field|as_crispy_field }}` gives, without its dozen template includes."""
    return field_html(field)
