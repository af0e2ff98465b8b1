"""Three single-column indexes whose column leads a composite index already: dropped.

`mark_unique` (session, enrolment) serves lookups by session, `mark_enrolment_idx`
(enrolment, session) lookups by enrolment, and `markrev_session_nonce_idx` (session, nonce)
a revision's session; each index more is one more write on every tap. Only the indexes go:
Django's own AlterField would drop and re-add each foreign key, and re-adding one checks
every row of attendance_mark while writers wait."""

import django.db.models.deletion
from django.db import migrations, models

# (table, column's index), as Django named them on both databases.
INDEXES = [
    ("attendance_mark", "attendance_mark_enrolment_id_dbe082f1", "enrolment_id"),
    ("attendance_mark", "attendance_mark_session_id_2020bec1", "session_id"),
    ("attendance_markrevision", "attendance_markrevision_session_id_0946c233", "session_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('attendance', '0009_population_figures'),
        ('programmes', '0011_localities_and_funders'),
        ('scheduler', '0007_term_calendar_locality'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{index}"',
                                  reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")')
                for table, index, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='mark',
                    name='enrolment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='programmes.enrolment'),
                ),
                migrations.AlterField(
                    model_name='mark',
                    name='session',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='marks', to='scheduler.session'),
                ),
                migrations.AlterField(
                    model_name='markrevision',
                    name='session',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='scheduler.session'),
                ),
            ],
        ),
    ]
