"""The set form's fields as HTML built in Python, the same HTML the templates give.

The session page shows a set form on every exercise's card, four or five fields
each; through crispy-forms' Bootstrap 5 field template and Django's widget
templates each field is a dozen template includes, and rendering them was the
largest part of the page's server time. The widgets here (named as Django's, since
crispy-forms puts a widget's class name into its CSS classes) and `field_html`
write the same markup directly:

- `NumberInput`, `TextInput`, `Select`, `HiddenInput`: Django's `input.html`, `select.html` and
  `select_option.html`, with `attrs.html`, for the context Django builds;
- `field_html`: crispy-forms' `bootstrap5/field.html` as `|as_crispy_field` renders a
  number or text input or a select (the label, the widget with its Bootstrap classes, the
  errors and the help text); any other field goes to crispy-forms' own template.

`tests/training/test_set_form_html.py` compares them with the templates they stand
for, field by field, bound and unbound, with and without errors.
"""

from django import forms
from django.template.loader import get_template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

INPUT = "django/forms/widgets/input.html"
TEXT = "django/forms/widgets/text.html"
NUMBER = "django/forms/widgets/number.html"
HIDDEN = "django/forms/widgets/hidden.html"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str:
    html = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                html.append(
                    "\n  " + get_template(option["template_name"]).render({"widget": option})
                )
            else:
                html.append("\n  " + _option(option))
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class _InPython:
    """Render the widget's own template in Python; any other template as Django does."""

    def _render(self, template_name, context, renderer=None):
        if template_name in (INPUT, TEXT, NUMBER, HIDDEN):
            return mark_safe(_input(context["widget"]))
        if template_name == SELECT:
            return mark_safe(_select(context["widget"]))
        return super()._render(template_name, context, renderer)


class NumberInput(_InPython, forms.NumberInput):
    pass


class TextInput(_InPython, forms.TextInput):
    pass


class Select(_InPython, forms.Select):
    pass


class HiddenInput(_InPython, forms.HiddenInput):
    pass


def _crispy_classes(widget: forms.Widget, extra: str) -> None:
    """What crispy-forms' `{% crispy_field field 'class' extra %}` does to the widget."""
    class_name = widget.__class__.__name__.lower()
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    for name in extra.split():
        if name not in widget.attrs["class"].split():
            widget.attrs["class"] += " " + name


def field_html(field) -> SafeString:
    """`{{ field|as_crispy_field }}` for a bound field of a form without a layout."""
    widget = field.field.widget
    plain = type(widget) in (NumberInput, TextInput, Select, forms.NumberInput, forms.Select)
    if field.is_hidden or not plain or field.use_fieldset:
        return get_template("bootstrap5/field.html").render(
            {
                "field": field,
                "form_show_errors": True,
                "form_show_labels": True,
                "label_class": "",
                "field_class": "",
            }
        )
    errors = field.errors
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    _crispy_classes(widget, f"{base} is-invalid" if errors else base)
    required = field.field.required
    css = field.css_classes()
    html = [
        f'<div id="div_{escape(field.auto_id)}" class="mb-3{" " + escape(css) if css else ""}">'
    ]
    if field.label:
        target = f'for="{escape(field.id_for_label)}" ' if field.id_for_label else ""
        star = '<span class="asteriskField">*</span>' if required else ""
        html.append(
            f'<label {target}class="form-label{" requiredField" if required else ""}">'
            f"{escape(field.label)}{star}</label>"
        )
    html.append(str(field))
    if errors:
        html.append(f'<div id="{escape(errors.field_id)}_error" class="invalid-feedback">')
        for n, error in enumerate(errors, start=1):
            html.append(
                f'<p id="error_{n}_{escape(field.auto_id)}"><strong>{escape(error)}</strong></p>'
            )
        html.append("</div>")
    if field.help_text:
        where = f'id="{escape(field.auto_id)}_helptext" ' if field.auto_id else ""
        html.append(f'<div {where}class="form-text">{field.help_text}</div>')  # |safe
    html.append("</div>")
    return mark_safe("".join(html))
