"""Erasure records, and on PostgreSQL a trigger that keeps the access log append-only.

The trigger refuses UPDATE always and DELETE unless the transaction has set
`groupwork.purging = 'on'` (the retention purge, scheduler.models.audit.purge_before). It is
row-level, so TRUNCATE (the test runner's flush, an operator's deliberate act) is not blocked.
SQLite has no such guard: there the ORM refusal is the only one.
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION scheduler_accessrecord_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('groupwork.purging', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'access records are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS scheduler_accessrecord_append_only ON scheduler_accessrecord;
CREATE TRIGGER scheduler_accessrecord_append_only
    BEFORE UPDATE OR DELETE ON scheduler_accessrecord
    FOR EACH ROW EXECUTE FUNCTION scheduler_accessrecord_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS scheduler_accessrecord_append_only ON scheduler_accessrecord;
DROP FUNCTION IF EXISTS scheduler_accessrecord_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no params: the SQL has a literal %
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('scheduler', '0004_access_log'),
    ]

    operations = [
        migrations.CreateModel(
            name='ErasureRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('participant_id', models.IntegerField(unique=True)),
                ('kind', models.CharField(choices=[('request', 'Erased on request'), ('retention', 'Anonymised by the retention policy')], max_length=10)),
                ('by_user_id', models.IntegerField(null=True)),
                ('reason', models.CharField(blank=True, max_length=200)),
                ('at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
