"""Encrypt children's dates of birth and care notes, collection passwords and never-collect
entries at rest (issue 11); reversible (decrypts, then restores the column types)."""

import scheduler.platform.crypto
import scheduler.platform.validators
from django.db import migrations


ENCRYPT = scheduler.platform.crypto.encrypt_columns(
    ("creche_child", "date_of_birth"),
    ("creche_child", "allergies"),
    ("creche_child", "medical_notes"),
    ("creche_authorisedcollector", "password"),
    ("creche_nevercollect", "name"),
    ("creche_nevercollect", "description"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('creche', '0004_names_and_birth_dates_validated'),
    ]

    operations = [
        migrations.AlterField(
            model_name='authorisedcollector',
            name='password',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, help_text='Collection password (or answer) the adult must give', max_length=60),
        ),
        migrations.AlterField(
            model_name='child',
            name='allergies',
            field=scheduler.platform.crypto.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='child',
            name='date_of_birth',
            field=scheduler.platform.crypto.EncryptedDateField(validators=[scheduler.platform.validators.plausible_birth_date]),
        ),
        migrations.AlterField(
            model_name='child',
            name='medical_notes',
            field=scheduler.platform.crypto.EncryptedTextField(blank=True, help_text='Medical, dietary or additional needs', verbose_name='needs'),
        ),
        migrations.AlterField(
            model_name='nevercollect',
            name='description',
            field=scheduler.platform.crypto.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name='nevercollect',
            name='name',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, help_text='Name as they might give it at the door, if known', max_length=120),
        ),
        migrations.RunPython(*ENCRYPT),
    ]
