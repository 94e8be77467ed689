"""Form widgets shared by all apps.

`GroupedPicker` (checkboxes) and `GroupedRadioPicker` (one choice) turn a long list of
choices – the 37 topic areas, the 24 districts – into groups that fold (`<details>`), with
a summary of what is selected on top. They are plain form inputs: the page works without
JavaScript (the browser's find-in-page opens folded groups); with JavaScript, `static/js/app.js`
adds a filter box that narrows the options as one types.

The choices are Django's grouped choices, `[(group label, [(value, label), …]), …]`;
`headings` optionally puts a heading before a group (`{group label: heading}`, e.g. the
Handlungsfeld before its first Eckpunkt). Templates render the field as a `<fieldset>` with
its label as `<legend>` (`templates/includes/field.html`, filter `is_picker`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class _PickerMixin:
    template_name = "core/widgets/grouped_picker.html"
    is_picker = True

    def __init__(self, attrs=None, choices=(), *, headings=None, filter_label=None):
        super().__init__(attrs, choices)
        self.headings = dict(headings or {})
        self.filter_label = filter_label

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.headings = dict(self.headings)
        return copied

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = []
        selected_labels = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            chosen = [option for option in options if option["selected"]]
            selected_labels += [str(option["label"]) for option in chosen if option["value"]]
            groups.append(
                {
                    "name": group_name,
                    "options": options,
                    "selected_count": len(chosen),
                    "heading": self.headings.get(group_name) if group_name else None,
                }
            )
        context["widget"].update(
            groups=groups,
            selected_labels=selected_labels,
            multiple=self.allow_multiple_selected,
            filter_label=self.filter_label or _("Auswahl filtern"),
        )
        return context


class GroupedPicker(_PickerMixin, forms.CheckboxSelectMultiple):
    """Checkboxes in folding groups (for a MultipleChoiceField)."""


class GroupedRadioPicker(_PickerMixin, forms.RadioSelect):
    """Radio buttons in folding groups (for a ChoiceField); ungrouped choices such as
    ("", "alle") come first, outside the groups."""


def use_picker(field: forms.ChoiceField, choices, *, headings=None, filter_label=None) -> None:
    """Give `field` the picker that fits it (checkboxes or radio buttons) with `choices`."""
    widget_class = (
        GroupedPicker if isinstance(field, forms.MultipleChoiceField) else GroupedRadioPicker
    )
    widget = widget_class(headings=headings, filter_label=filter_label)
    widget.is_required = field.required
    field.widget = widget
    field.choices = choices  # also hands the choices to the widget
