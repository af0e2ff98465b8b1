"""Participants pick a locality from the provider's list; runs and enrolments may name a
funder. Free-text localities are matched ignoring case and spacing; one that matches nothing
becomes an *unmatched* locality for a coordinator to resolve (never silently dropped)."""

import django.db.models.deletion
from django.db import migrations, models


def key(name):
    return " ".join(name.split()).casefold()


def match(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so no trigger is left pending before the ALTERs.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    locality_model = apps.get_model("scheduler", "Locality")
    demographics_model = apps.get_model("programmes", "Demographics")
    known = {key(loc.name): loc for loc in locality_model.objects.all()}
    texts = (demographics_model.objects.exclude(locality_text="")
             .values_list("locality_text", flat=True).distinct())
    for text in texts:
        name = " ".join(text.split())
        if not name:
            continue
        found = known.get(key(name))
        if found is None:
            found = known[key(name)] = locality_model.objects.create(name=name, unmatched=True)
        demographics_model.objects.filter(locality_text=text).update(locality=found)


def back_to_text(apps, schema_editor):
    demographics_model = apps.get_model("programmes", "Demographics")
    for row in demographics_model.objects.filter(locality__isnull=False).select_related("locality"):
        row.locality_text = row.locality.name
        row.save(update_fields=["locality_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0010_encrypt_at_rest'),
        ('scheduler', '0006_localities'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrolment',
            name='funder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='scheduler.funder'),
        ),
        migrations.AddField(
            model_name='waitinglistentry',
            name='left_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='grouprun',
            name='funder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='runs', to='scheduler.funder'),
        ),
        migrations.RenameField(model_name='demographics', old_name='locality', new_name='locality_text'),
        migrations.AddField(
            model_name='demographics',
            name='locality',
            field=models.ForeignKey(blank=True, help_text='Local authority / district for reports', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='scheduler.locality'),
        ),
        migrations.RunPython(match, back_to_text),
        migrations.RemoveField(model_name='demographics', name='locality_text'),
    ]
