"""Term calendars pick their locality from the provider's list, as venues do since 0006.

Each calendar's free-text locality is matched to a locality (listed or already unmatched)
ignoring case and spacing. A name that matches none is not dropped: it becomes an *unmatched*
locality, as 0006 did for venues, for a coordinator to add to the list or merge into a listed
one on /calendar/localities/. The migration says what it added, so none is created silently.
"""

import django.db.models.deletion
from django.db import migrations, models

BLANK = "Not recorded"


def key(name):
    return " ".join(name.split()).casefold()


def match_calendars(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so no trigger is left pending before the ALTERs.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    locality_model = apps.get_model("scheduler", "Locality")
    calendar_model = apps.get_model("scheduler", "TermCalendar")
    known = {key(loc.name): loc for loc in locality_model.objects.all()}
    added, listed, unlisted = [], 0, 0
    for calendar in calendar_model.objects.order_by("pk"):
        text = " ".join(calendar.locality_text.split()) or BLANK
        found = known.get(key(text))
        if found is None:
            found = known[key(text)] = locality_model.objects.create(name=text, unmatched=True)
            added.append(text)
        if found.unmatched:
            unlisted += 1
        else:
            listed += 1
        calendar.locality = found
        calendar.save(update_fields=["locality"])
    if unlisted:
        # Locality names only (districts, never people): safe in a deployment log.
        print(f"\n  Term calendars: {listed} in a listed locality, {unlisted} in an unmatched "
              "one to resolve on the localities page; unmatched localities added: "
              f"{', '.join(sorted(added)) or 'none'}")


def back_to_text(apps, schema_editor):
    calendar_model = apps.get_model("scheduler", "TermCalendar")
    for calendar in calendar_model.objects.select_related("locality"):
        calendar.locality_text = calendar.locality.name
        calendar.save(update_fields=["locality_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("scheduler", "0006_localities"),
    ]

    operations = [
        migrations.RenameField(model_name="termcalendar", old_name="locality",
                               new_name="locality_text"),
        # A default, so that migrating back re-adds the text column to a table with rows.
        migrations.AlterField(model_name="termcalendar", name="locality_text",
                              field=models.CharField(max_length=80, default="")),
        migrations.AddField(
            model_name="termcalendar",
            name="locality",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="term_calendars", to="scheduler.locality",
                                    help_text="Local authority / district"),
        ),
        migrations.RunPython(match_calendars, back_to_text),
        migrations.RemoveField(model_name="termcalendar", name="locality_text"),
        migrations.AlterField(
            model_name="termcalendar",
            name="locality",
            field=models.ForeignKey(help_text="Local authority / district",
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="term_calendars", to="scheduler.locality"),
        ),
        migrations.AlterModelOptions(name="termcalendar",
                                     options={"ordering": ["locality__name", "name"]}),
    ]
