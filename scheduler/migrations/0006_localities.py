"""Localities, lots and funders as reference data; venues pick a locality from the list.

The provider's list is seeded with the Leicester, Leicestershire and Rutland localities
(seed 001: "district / Rutland / city") in the two lots of seed 002; each venue's free-text
locality is matched to it ignoring case and spacing, and one that matches nothing is kept as
an *unmatched* locality for a coordinator to resolve.
"""

import django.db.models.deletion
from django.db import migrations, models

LOT_COUNTY = "Lot 1 – Leicestershire and Rutland"
LOT_CITY = "Lot 2 – Leicester City"
SEEDED = [("Blaby", LOT_COUNTY), ("Charnwood", LOT_COUNTY), ("Harborough", LOT_COUNTY),
          ("Hinckley and Bosworth", LOT_COUNTY), ("Melton", LOT_COUNTY),
          ("North West Leicestershire", LOT_COUNTY), ("Oadby and Wigston", LOT_COUNTY),
          ("Rutland", LOT_COUNTY), ("Leicester City", LOT_CITY)]


def key(name):
    return " ".join(name.split()).casefold()


def seed_and_match(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so no trigger is left pending before the ALTERs.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    lot_model = apps.get_model("scheduler", "Lot")
    locality_model = apps.get_model("scheduler", "Locality")
    venue_model = apps.get_model("scheduler", "Venue")
    for name, lot in SEEDED:
        locality_model.objects.get_or_create(
            name=name, defaults={"lot": lot_model.objects.get_or_create(name=lot)[0]})
    listed = {key(loc.name): loc for loc in locality_model.objects.all()}
    for venue in venue_model.objects.all():
        text = " ".join(venue.locality_text.split()) or "Not recorded"
        found = listed.get(key(text))
        if found is None:
            found = listed[key(text)] = locality_model.objects.create(name=text, unmatched=True)
        venue.locality = found
        venue.save(update_fields=["locality"])


def back_to_text(apps, schema_editor):
    venue_model = apps.get_model("scheduler", "Venue")
    for venue in venue_model.objects.select_related("locality"):
        venue.locality_text = venue.locality.name
        venue.save(update_fields=["locality_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('scheduler', '0005_erasure_and_append_only_trigger'),
    ]

    operations = [
        migrations.CreateModel(
            name='Funder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True)),
                ('is_active', models.BooleanField(default=True)),
            ],
            options={'ordering': ['name']},
        ),
        migrations.CreateModel(
            name='Lot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True)),
            ],
            options={'ordering': ['name']},
        ),
        migrations.CreateModel(
            name='Locality',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, unique=True)),
                ('unmatched', models.BooleanField(default=False)),
                ('lot', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='localities', to='scheduler.lot')),
            ],
            options={'ordering': ['unmatched', 'name'], 'verbose_name_plural': 'localities'},
        ),
        migrations.AddField(
            model_name='venue',
            name='location_type',
            field=models.CharField(choices=[('community', 'Community venue'), ('school', 'School or college'), ('gp', 'GP surgery or health centre'), ('hospital', 'Hospital'), ('police', 'Police or criminal justice'), ('council', 'Council or social care'), ('workplace', 'Workplace'), ('refuge', "Refuge or provider's own premises"), ('other', 'Other')], default='community', max_length=12),
        ),
        migrations.RenameField(model_name='venue', old_name='locality', new_name='locality_text'),
        migrations.AddField(
            model_name='venue',
            name='locality',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='venues', to='scheduler.locality', help_text='Local authority / district for reports'),
        ),
        migrations.RunPython(seed_and_match, back_to_text),
        migrations.RemoveField(model_name='venue', name='locality_text'),
        migrations.AlterField(
            model_name='venue',
            name='locality',
            field=models.ForeignKey(help_text='Local authority / district for reports', on_delete=django.db.models.deletion.PROTECT, related_name='venues', to='scheduler.locality'),
        ),
    ]
