"""The tables written on every tap carry no index another already covers (each is one more
write per tap), and keep those their reads use; on both databases, as migrated."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

HOT_TABLES = ["attendance_mark", "attendance_markrevision"]


def _indexes(table: str) -> dict[str, tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: tuple(c["columns"]) for name, c in found.items()
            if (c["index"] or c["unique"]) and not c["primary_key"]}


@pytest.mark.parametrize("table", HOT_TABLES)
def test_no_index_of_a_tapped_table_leads_another(table):
    indexes = _indexes(table)
    covered = [(name, other) for name, columns in indexes.items()
               for other, longer in indexes.items()
               if name != other and len(columns) < len(longer)
               and longer[:len(columns)] == columns]
    assert covered == []


def test_the_reads_of_a_register_keep_their_indexes():
    marks, revisions = _indexes("attendance_mark"), _indexes("attendance_markrevision")
    assert ("session_id", "enrolment_id") in marks.values()  # a register's lines, one upsert
    assert ("enrolment_id", "session_id") in marks.values()  # an enrolment's marks
    assert ("session_id", "client_nonce") in revisions.values()  # nonces seen, a history
