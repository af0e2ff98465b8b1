"""Participants: a pseudonymous record, with identity and demographics kept apart.

`Participant` is what registers and most staff see (reference code and known-as name).
`ParticipantIdentity` holds the legal name and is shown only to roles that need it.
`Demographics` feeds the equality reports; every answer is optional.
"""

import secrets

from django.db import models

from programmes import enums
from scheduler.platform.crypto import EncryptedCharField, EncryptedDateField, EncryptedTextField
from scheduler.platform.validators import plausible_birth_date, refuse_bidi_controls

# Crockford-style alphabet: no 0/O, 1/I/L, U — readable aloud over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A non-guessable, human-readable code like ``GW-7KQ3-M9XD`` (~39 bits of randomness)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"GW-{chars[:4]}-{chars[4:]}"


class Participant(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    known_as = models.CharField(max_length=60, help_text="Shown on registers",
                                validators=[refuse_bidi_controls])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference


class ParticipantIdentity(models.Model):
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE,
                                       related_name="identity")
    # Encrypted at rest (scheduler/platform/crypto.py): never filtered or ordered in SQL.
    legal_name = EncryptedCharField(max_length=160, validators=[refuse_bidi_controls])
    address = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return f"Identity of {self.participant.reference}"


def _choice(choices: type[models.TextChoices]) -> models.CharField:
    return models.CharField(max_length=32, choices=choices.choices, default="not_asked")


class Demographics(models.Model):
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE,
                                       related_name="demographics")
    # Encrypted at rest: age bands are worked out in Python for the people a report covers
    # (attendance/reports.py), so no birth year or band is kept in plain text beside it.
    date_of_birth = EncryptedDateField(null=True, blank=True, validators=[plausible_birth_date])
    sex = _choice(enums.Sex)
    gender_same_as_sex = _choice(enums.GenderSameAsSex)
    ethnic_group = _choice(enums.EthnicGroup)  # asked first; `ethnicity` is the background
    ethnicity = _choice(enums.Ethnicity)
    sexual_orientation = _choice(enums.SexualOrientation)
    religion = _choice(enums.Religion)
    marital_status = _choice(enums.MaritalStatus)
    disability = _choice(enums.YesNo)
    pregnant = _choice(enums.YesNo)
    no_recourse_to_public_funds = _choice(enums.YesNo)
    interpreter_needed = _choice(enums.YesNo)
    first_language = models.CharField(max_length=60, blank=True)
    locality = models.ForeignKey("scheduler.Locality", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 help_text="Local authority / district for reports")

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics of {self.participant.reference}"
