"""Encrypt phone numbers, inbound texts and suspension reasons at rest (issue 11).

The keyed hash of each safe-contact number is filled in first (from the plain number), so
inbound texts still find their contact; then the values are encrypted in place. Reversible."""

import scheduler.platform.crypto
from django.conf import settings
from django.db import migrations, models


ENCRYPT = scheduler.platform.crypto.encrypt_columns(
    ("notifications_safecontact", "phone"),
    ("notifications_safecontact", "suspended_reason"),
    ("notifications_contactevent", "reason"),
    ("notifications_inboundmessage", "from_phone"),
    ("notifications_inboundmessage", "body"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0007_catch_up_invites'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='safecontact',
            name='safecontact_phone_idx',
        ),
        migrations.AddField(
            model_name='safecontact',
            name='phone_hash',
            field=scheduler.platform.crypto.LookupHashField(source='phone'),
        ),
        migrations.RunPython(
            scheduler.platform.crypto.hash_column(
                table="notifications_safecontact", source="phone", target="phone_hash"),
            migrations.RunPython.noop),
        migrations.AlterField(
            model_name='contactevent',
            name='reason',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='inboundmessage',
            name='body',
            field=scheduler.platform.crypto.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='inboundmessage',
            name='from_phone',
            field=scheduler.platform.crypto.EncryptedCharField(help_text='E.164 as received', max_length=16),
        ),
        migrations.AlterField(
            model_name='safecontact',
            name='phone',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, help_text='E.164, UK mobiles only', max_length=16),
        ),
        migrations.AlterField(
            model_name='safecontact',
            name='suspended_reason',
            field=scheduler.platform.crypto.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AddIndex(
            model_name='safecontact',
            index=models.Index(fields=['phone_hash'], name='safecontact_phone_hash_idx'),
        ),
        migrations.RunPython(*ENCRYPT),
    ]
