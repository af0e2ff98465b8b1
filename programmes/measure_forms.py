"""Forms for outcome questionnaires: one question on the tablet, all of them from paper."""

from __future__ import annotations

from typing import Any

from django import forms

from programmes.enums import QuestionKind
from programmes.models import Question

ANSWER, SKIP = "answer", "skip"


def answer_choices(question: Question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.CHOICE:
        return [(str(c.value), c.label) for c in question.choices.all()]
    ends = {question.scale_min: question.low_label, question.scale_max: question.high_label}
    return [(str(v), f"{v} – {ends[v]}" if ends.get(v) else str(v))
            for v in range(question.scale_min, question.scale_max + 1)]


class TabletAnswerForm(forms.Form):
    """One question: choose an answer and go on, or skip it."""

    action = forms.ChoiceField(choices=[(ANSWER, "Next"), (SKIP, "Skip")])

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"] = forms.TypedChoiceField(
            label=question.text, choices=answer_choices(question), coerce=int, required=False,
            widget=forms.RadioSelect, empty_value=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == ANSWER and data.get("value") is None:
            self.add_error("value", "Choose an answer, or tap “Skip this question”.")
        return data

    def answer(self) -> int | None:
        return None if self.cleaned_data["action"] == SKIP else self.cleaned_data["value"]


class PaperQuestionnaireForm(forms.Form):
    """Staff copy a paper questionnaire; a blank answer means she skipped it."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=f"{q.order}. {q.text}", coerce=int, required=False, empty_value=None,
                choices=[("", "Skipped")] + answer_choices(q))

    def answers(self) -> dict[int, int | None]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
