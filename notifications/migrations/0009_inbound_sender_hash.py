"""Replies get the keyed hash of their sender's number, so erasure and subject access can find
a reply from her number (matched to her contact or not) without comparing ciphertext."""

from django.db import migrations

import scheduler.platform.crypto


def hash_senders(apps, schema_editor):
    inbound = apps.get_model("notifications", "InboundMessage")
    for reply in inbound.objects.only("pk", "from_phone").iterator(chunk_size=500):
        inbound.objects.filter(pk=reply.pk).update(
            from_phone_hash=scheduler.platform.crypto.lookup_hash(reply.from_phone or ""))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0008_encrypt_at_rest"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundmessage",
            name="from_phone_hash",
            field=scheduler.platform.crypto.LookupHashField(db_index=True, source="from_phone"),
        ),
        migrations.RunPython(hash_senders, migrations.RunPython.noop),
    ]
