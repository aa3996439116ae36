"""Forms render as DKFDS markup: label, hint, error message next to the field."""

import uuid

from django import forms

from indgang.core.validators import validate_date_range, validate_planned_date

_WIDGET_CLASSES = {
    forms.CheckboxInput: "form-checkbox",
    # Before RadioSelect: Django's CheckboxSelectMultiple is a kind of RadioSelect.
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.Textarea: "form-input",
}


class DKFDSFormMixin:
    template_name = "core/forms/dkfds_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for w, c in _WIDGET_CLASSES.items() if isinstance(widget, w)), "form-input"
            )
            widget.attrs.setdefault("class", css)
            # Every date and date-time refuses a year far outside what a case can hold
            # (core/validators.py), whether or not the form remembered to ask for it.
            if isinstance(field, forms.DateField | forms.DateTimeField) and not any(
                v is validate_date_range for v in field.validators
            ):
                field.validators = [*field.validators, validate_date_range]

    # Optional grouping: [("Legend", ["field", ...]), ...]; fields not named are not shown.
    fieldsets: list[tuple[str, list[str]]] = []
    # Dates of planned events (core/validators.py: a year back to five years ahead). Checked
    # only when entered or changed, so an old meeting can still be edited in other respects.
    planned_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.planned_fields:
            if name in self.fields and data.get(name) and name in self.changed_data:
                try:
                    validate_planned_date(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def get_context(self):
        # Screen readers hear the error together with the field it belongs to.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"{self[name].auto_id}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)
        context = super().get_context()
        context["form_token"] = uuid.uuid4().hex  # core/submit_once.py
        if self.fieldsets:
            context["fieldsets"] = [
                (legend, [self[name] for name in names]) for legend, names in self.fieldsets
            ]
        return context


class Form(DKFDSFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, **kwargs) -> forms.DateField:
    kwargs.setdefault("validators", [validate_date_range])
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def apply_validation_error(form: forms.Form, error) -> None:
    """Put a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """An id beyond the database's integer range is an invalid choice, not a database error
    (SQLite cannot even bind it)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value or ():
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and abs(int(text)) > 2**63 - 1:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": text[:20]},
                    )
        return super()._check_values(value)
