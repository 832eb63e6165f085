from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind, ReportKind
from .periods import Period, parse_period, quarter_of, today
from .scopes import BUILD_ROLES, ScopeNotFound, parse_scope, scope_choices


class ReportRequestForm(forms.Form):
    """Ask for a workbook: kind, period (quarter, year to date or range) and scope."""

    kind = forms.ChoiceField(label=_("报表类型"), choices=ReportKind.choices, initial=ReportKind.QUARTERLY)
    period = forms.ChoiceField(label=_("统计期间"), choices=PeriodKind.choices, initial=PeriodKind.QUARTER)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        required=False,
        choices=[(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
    )
    date_from = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    scope = forms.ChoiceField(label=_("统计范围"))

    FIELD_OF = {"from": "date_from", "to": "date_to"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        now = today()
        self.fields["year"].choices = [(y, f"{y}年") for y in range(now.year, now.year - 6, -1)]
        last = Period.previous_quarter(now)
        self.fields["year"].initial = last.start.year
        self.fields["quarter"].initial = quarter_of(last.start)
        self.fields["scope"].choices = [(c["key"], c["label"]) for c in scope_choices(user, BUILD_ROLES)]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        raw = {
            "period": data.get("period") or "",
            "year": data.get("year") or "",
            "quarter": data.get("quarter") or "",
            "from": data["date_from"].isoformat() if data.get("date_from") else "",
            "to": data["date_to"].isoformat() if data.get("date_to") else "",
        }
        if data.get("period") == PeriodKind.YEAR_TO_DATE:
            raw["to"] = ""
        try:
            data["period_value"] = parse_period(raw)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = self.FIELD_OF.get(field, field)
                self.add_error(name if name in self.fields else None, errors)
        if data.get("scope"):
            try:
                data["scope_value"] = parse_scope(data["scope"], self.user, roles=BUILD_ROLES)
            except ScopeNotFound:
                self.add_error("scope", _("统计范围不存在或不在您的管辖范围内。"))
            except ValidationError as exc:
                self.add_error("scope", exc.messages)
        return data
