"""Outcome questionnaires as data: a provider defines the questions and attaches a
questionnaire to programme types at intake, mid-point or exit. Answers belong to the
enrolment; when one is due is derived from the enrolment and its run's sessions
(`programmes/measures.py`), never stored."""

from django.conf import settings
from django.db import models

from programmes.enums import MeasurePoint, QuestionKind, ResponseMode, ResponseStatus


class Questionnaire(models.Model):
    name = models.CharField(max_length=120, unique=True)
    # Read to the participant on the first screen, in plain English.
    introduction = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices,
                            default=QuestionKind.SCALE)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    low_label = models.CharField(max_length=60, blank=True, help_text="e.g. Not at all")
    high_label = models.CharField(max_length=60, blank=True, help_text="e.g. Very much")
    # Improvement is a rise when True ("I feel safer"), a fall when False ("I feel afraid").
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"],
                                    name="question_unique_order"),
            models.CheckConstraint(condition=models.Q(scale_min__lt=models.F("scale_max")),
                                   name="question_scale_ordered"),
        ]

    def __str__(self) -> str:
        return self.text


class QuestionChoice(models.Model):
    """One answer to a choice question; `value` is what is stored and compared."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.SmallIntegerField()
    label = models.CharField(max_length=80)

    class Meta:
        ordering = ["question", "value"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_unique_value"),
        ]

    def __str__(self) -> str:
        return self.label


class QuestionnaireAttachment(models.Model):
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.CASCADE,
                                  related_name="questionnaire_attachments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="attachments")
    point = models.CharField(max_length=10, choices=MeasurePoint.choices)

    class Meta:
        ordering = ["programme", "point", "questionnaire"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "questionnaire", "point"],
                                    name="attachment_unique_point"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} at {self.get_point_display()}"


class QuestionnaireResponse(models.Model):
    """One enrolment's taking (or declining) of one questionnaire at one point."""

    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.PROTECT,
                                  related_name="questionnaire_responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="responses")
    point = models.CharField(max_length=10, choices=MeasurePoint.choices)
    status = models.CharField(max_length=12, choices=ResponseStatus.choices,
                              default=ResponseStatus.IN_PROGRESS)
    mode = models.CharField(max_length=8, choices=ResponseMode.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["enrolment", "questionnaire", "point"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "questionnaire", "point"],
                                    name="response_unique_point"),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    """A skipped question has no answer row."""

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField()

    class Meta:
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"
