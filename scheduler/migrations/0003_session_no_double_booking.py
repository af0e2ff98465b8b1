"""PostgreSQL only: a room cannot hold two non-cancelled sessions at overlapping times.

The constraint is DEFERRABLE so a schedule regeneration may shift a run's sessions in any order
within one transaction (scheduler.services sets it IMMEDIATE again before returning).
SQLite has no exclusion constraints; there the service-level clash check is the guard.
"""

from django.db import migrations

CONSTRAINT = "session_no_room_double_booking"

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE scheduler_session ADD CONSTRAINT {CONSTRAINT}
    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled' AND room_id IS NOT NULL)
    DEFERRABLE INITIALLY IMMEDIATE""",
]
DROP = [f"ALTER TABLE scheduler_session DROP CONSTRAINT IF EXISTS {CONSTRAINT}"]


def _on_postgres(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [("scheduler", "0002_calendar_planning")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
