"""Form rendering helpers shared by all apps (templates/includes/field.html)."""

from django import template
from django.forms import BoundField, CheckboxInput

register = template.Library()


@register.filter
def widget_without_placeholder(field: BoundField) -> str:
    """The field's input without a placeholder: every form has visible labels.

    Django adds `aria-invalid` and `aria-describedby` (help text and error ids) itself.
    """
    return field.as_widget(attrs={"placeholder": False})


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def is_picker(field: BoundField) -> bool:
    """Whether the field uses the grouped picker (`clusterwerk.core.widgets`): a fieldset."""
    return getattr(field.field.widget, "is_picker", False)
