from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.assessments.instruments import DomainInput, LevelInput
from wijkteam.assessments.models import Instrument, Moment
from wijkteam.assessments.selectors import DomainRow
from wijkteam.assessments.services import ScoreInput
from wijkteam.core import limits
from wijkteam.ui.forms import DATE, StyledForm

NOT_DISCUSSED = {"", "0", "n", "N", "-"}


class ScoreField(forms.Field):
    """One keystroke: a digit of the scale, or 0 / n for "not discussed"."""

    def to_python(self, value: Any) -> int | None:
        text = (value or "").strip()
        if text in NOT_DISCUSSED:
            return None
        if not text.isdigit():
            raise forms.ValidationError(
                _("Type a digit of the scale, or 0 or n for not discussed.")
            )
        return int(text)


class RecordForm(StyledForm):
    measured_on = forms.DateField(label=_("Date of the measurement"), widget=DATE)
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=Moment.choices,
        help_text=_("Follows the phase of the trajectory; change it when needed."),
    )

    def __init__(self, *args: Any, rows: list[DomainRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["measured_on"].initial = timezone.localdate()
        for row in rows:
            code = row.domain.code
            self.fields[f"score_{code}"] = ScoreField(label=row.domain.name, required=False)
            self.fields[f"score_{code}"].widget.attrs.update(
                {
                    "class": "utrecht-textbox wt-score",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "size": "2",
                    "data-score": "true",
                }
            )
            self.fields[f"remark_{code}"] = forms.CharField(
                label=_("Remark on %(domain)s") % {"domain": row.domain.name},
                required=False,
                max_length=limits.ASSESSMENT_REMARK,
            )
            self.fields[f"remark_{code}"].widget.attrs["class"] = "utrecht-textbox wt-remark"

    def score_rows(self) -> list[tuple[DomainRow, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"score_{row.domain.code}"], self[f"remark_{row.domain.code}"])
            for row in self.rows
        ]

    def score_inputs(self) -> list[ScoreInput]:
        data = self.cleaned_data
        return [
            ScoreInput(
                row.domain.code,
                data.get(f"score_{row.domain.code}"),
                data.get(f"remark_{row.domain.code}", ""),
            )
            for row in self.rows
        ]


class InstrumentForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_active = forms.BooleanField(label=_("In use"), required=False)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = instrument.name
        self.fields["is_active"].initial = instrument.is_active
        self.domains = list(instrument.domains.order_by("order", "pk"))
        self.levels = list(instrument.levels.order_by("value"))
        for prefix, objects, nl, en in (
            ("domain", self.domains, "name_nl", "name_en"),
            ("level", self.levels, "label_nl", "label_en"),
        ):
            for obj in objects:
                for lang, attr, label in (
                    ("nl", nl, _("%(item)s in Dutch")),
                    ("en", en, _("%(item)s in English")),
                ):
                    name = f"{prefix}_{obj.pk}_{lang}"
                    self.fields[name] = forms.CharField(
                        label=label
                        % {"item": getattr(obj, "code", None) or getattr(obj, "value", "")},
                        max_length=120,
                        initial=getattr(obj, attr),
                    )
                    self.fields[name].widget.attrs["class"] = "utrecht-textbox"

    def labels(self, prefix: str) -> dict[int, tuple[str, str]]:
        objects = self.domains if prefix == "domain" else self.levels
        data = self.cleaned_data
        return {o.pk: (data[f"{prefix}_{o.pk}_nl"], data[f"{prefix}_{o.pk}_en"]) for o in objects}

    def label_rows(self, prefix: str) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        objects = self.domains if prefix == "domain" else self.levels
        return [(o, self[f"{prefix}_{o.pk}_nl"], self[f"{prefix}_{o.pk}_en"]) for o in objects]


def _lines(text: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split(";")] for line in text.splitlines() if line.strip()
    ]


class InstrumentCreateForm(StyledForm):
    """A new instrument of one's own municipality: domains and scale as lines of text."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Letters, digits and hyphens, e.g. “wellbeing”. Versions of one instrument share "
            "the code."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    version = forms.CharField(label=_("Version"), max_length=20, initial="1")
    domains = forms.CharField(
        label=_("Domains"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One domain per line: code; Dutch name; English name. The English name may be left "
            "out. Example: finances; Financiën; Finances"
        ),
    )
    levels = forms.CharField(
        label=_("Scale levels"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One level per line, from low to high: Dutch label; English label. The first line "
            "is level 1; at most 10 levels."
        ),
    )

    def __init__(self, *args: Any, municipalities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in municipalities}
        if len(municipalities) > 1:  # only asked of administrators of several municipalities
            self.fields["municipality"] = forms.ChoiceField(
                label=_("Municipality"),
                choices=[(str(m.pk), m.name) for m in municipalities],
            )
            self.fields["municipality"].widget.attrs["class"] = (
                "utrecht-select utrecht-select--html-select"
            )
            self.order_fields(["municipality"])

    def clean_domains(self) -> list[DomainInput]:
        result = []
        for number, parts in enumerate(_lines(self.cleaned_data["domains"]), start=1):
            if len(parts) not in (2, 3):
                raise forms.ValidationError(
                    _("Line %(line)s: write code; Dutch name; English name.") % {"line": number}
                )
            result.append(DomainInput(parts[0], parts[1], parts[2] if len(parts) == 3 else ""))
        return result

    def clean_levels(self) -> list[LevelInput]:
        result = []
        for number, parts in enumerate(_lines(self.cleaned_data["levels"]), start=1):
            if len(parts) not in (1, 2):
                raise forms.ValidationError(
                    _("Line %(line)s: write Dutch label; English label.") % {"line": number}
                )
            result.append(LevelInput(number, parts[0], parts[1] if len(parts) == 2 else ""))
        return result

    def municipality(self) -> Any:
        if "municipality" in self.fields:
            return self.municipalities[self.cleaned_data["municipality"]]
        return next(iter(self.municipalities.values()))


class NewVersionForm(StyledForm):
    version = forms.CharField(label=_("New version"), max_length=20)


class CriteriaUploadForm(StyledForm):
    file = forms.FileField(
        label=_("Criteria file"),
        help_text=_(
            "JSON or CSV with a text for every domain and level. CSV columns: domain, level, "
            "text. The file replaces all criteria texts of this instrument, or changes nothing."
        ),
    )
