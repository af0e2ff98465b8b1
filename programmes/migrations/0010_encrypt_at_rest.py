"""Encrypt identity, date of birth and restricted reasons at rest (issue 11).

Columns become text holding Fernet tokens, then existing rows are encrypted in place with the
current key; reversing decrypts them first, then restores the column types."""

import scheduler.platform.crypto
import scheduler.platform.validators
from django.db import migrations


ENCRYPT = scheduler.platform.crypto.encrypt_columns(
    ("programmes_participantidentity", "legal_name"),
    ("programmes_participantidentity", "address"),
    ("programmes_demographics", "date_of_birth"),
    ("programmes_assessment", "outcome_reason"),
    ("programmes_keepapartlink", "reason"),
    ("programmes_placementoverride", "reason"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0009_voice_and_next_steps'),
    ]

    operations = [
        migrations.AlterField(
            model_name='assessment',
            name='outcome_reason',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name='demographics',
            name='date_of_birth',
            field=scheduler.platform.crypto.EncryptedDateField(blank=True, null=True, validators=[scheduler.platform.validators.plausible_birth_date]),
        ),
        migrations.AlterField(
            model_name='keepapartlink',
            name='reason',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, help_text='Restricted: coordinators only', max_length=200),
        ),
        migrations.AlterField(
            model_name='participantidentity',
            name='address',
            field=scheduler.platform.crypto.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='participantidentity',
            name='legal_name',
            field=scheduler.platform.crypto.EncryptedCharField(max_length=160, validators=[scheduler.platform.validators.refuse_bidi_controls]),
        ),
        migrations.AlterField(
            model_name='placementoverride',
            name='reason',
            field=scheduler.platform.crypto.EncryptedCharField(help_text='Restricted: coordinators only', max_length=300),
        ),
        migrations.RunPython(*ENCRYPT),
    ]
