from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear
from .services import calendar_year_errors


class BootstrapMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on the ones with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def apply_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's validation errors on the form, on the field they name when it has one."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        field = rename.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class DayLinesField(forms.CharField):
    """One line per date or range: ``2027-10-01~2027-10-07 国庆节`` or ``2027-09-26 国庆节``."""

    widget = forms.Textarea(attrs={"rows": 8, "cols": 48})

    def to_python(self, value):
        text = super().to_python(value) or ""
        days: list[tuple[datetime.date, str]] = []
        errors = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            span, _sep, name = line.replace("\u3000", " ").partition(" ")
            first, _tilde, last = span.replace("～", "~").partition("~")
            try:
                start = datetime.date.fromisoformat(first)
                end = datetime.date.fromisoformat(last) if last else start
            except ValueError:
                errors.append(
                    ValidationError(
                        _("第%(n)d行「%(line)s」：日期格式应为 YYYY-MM-DD。"), params={"n": number, "line": line}
                    )
                )
                continue
            if end < start or (end - start).days > 31:
                errors.append(ValidationError(_("第%(n)d行：日期区间不正确。"), params={"n": number}))
                continue
            while start <= end:
                days.append((start, name.strip()[:30]))
                start += datetime.timedelta(days=1)
        if errors:
            raise ValidationError(errors)
        return days


def day_lines(days) -> str:
    """The text form of ``[(date, name), ...]``, with consecutive days of one holiday as a range."""
    lines, run = [], []
    for day, name in sorted(days):
        if run and (day - run[-1][0]).days == 1 and name == run[-1][1]:
            run.append((day, name))
            continue
        if run:
            lines.append(_line(run))
        run = [(day, name)]
    if run:
        lines.append(_line(run))
    return "\n".join(lines)


def _line(run) -> str:
    first, last, name = run[0][0], run[-1][0], run[0][1]
    span = first.isoformat() if first == last else f"{first.isoformat()}~{last.isoformat()}"
    return f"{span} {name}".strip()


class CalendarYearForm(forms.ModelForm):
    holidays = DayLinesField(
        label=_("放假日期"), help_text=_("每行一个日期或区间及节日名称，如 2027-10-01~2027-10-07 国庆节")
    )
    workdays = DayLinesField(
        label=_("调休上班日期"), required=False, help_text=_("每行一个周末上班日期及节日名称，如 2027-09-26 国庆节")
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            days = CalendarDay.objects.filter(date__year=self.instance.year)
            self.initial["holidays"] = day_lines((d.date, d.name) for d in days if not d.is_workday)
            self.initial["workdays"] = day_lines((d.date, d.name) for d in days if d.is_workday)

    def clean(self):
        data = super().clean()
        if {"year", "holidays", "workdays"} <= data.keys():
            for field, messages in calendar_year_errors(
                year=data["year"], holidays=data["holidays"], workdays=data["workdays"]
            ).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data
