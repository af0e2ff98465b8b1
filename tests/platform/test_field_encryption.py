"""Encryption at rest (issue 11): planted names, numbers and notes never reach the database
file or a dump in plain text, the app still shows them to an allowed role, equality look-ups
go through a keyed hash, and keys rotate."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from creche.models import AuthorisedCollector, Child, NeverCollect
from notifications.models import InboundMessage, SafeContact
from notifications.services.inbound import inbound_sms_receive
from programmes.models import Demographics, Participant, ParticipantIdentity
from scheduler.platform import crypto
from scheduler.platform.roles import Role
from tests.factories import UserFactory
from tests.mfa import force_login_verified

CANARY_NAME = "Zebedee Quillfeather-Canary"
CANARY_PHONE = "+447400123987"
CANARY_LOCAL = "07400 123987"
CANARY_ADDRESS = "17 Canarywharf Lane"
CANARY_NOTE = "canary-disclosure-he-follows-me"
KNOWN_AS = "Plainknownas"  # not encrypted: proves the file and dump do hold the data


def plant(client_for) -> Participant:  # type: ignore[no-untyped-def]
    """Everything a coordinator types in, through the API, as she would."""
    client = client_for(UserFactory(role=Role.COORDINATOR))
    created = client.post("/api/participants", {
        "known_as": KNOWN_AS, "legal_name": CANARY_NAME, "address": CANARY_ADDRESS,
        "demographics": {"date_of_birth": "1987-03-21"}}, content_type="application/json")
    assert created.status_code == 201, created.content
    participant = Participant.objects.get(pk=created.json()["id"])
    saved = client.put(f"/api/notifications/contacts/{participant.pk}", {"phone": CANARY_LOCAL},
                       content_type="application/json")
    assert saved.status_code == 200, saved.content
    inbound_sms_receive(from_number=CANARY_PHONE, body=CANARY_NOTE)
    child = Child.objects.create(parent=participant, known_as="Pip",
                                 date_of_birth=dt.date(2023, 4, 5), allergies=CANARY_NOTE)
    NeverCollect.objects.create(child=child, name=CANARY_NAME, description=CANARY_NOTE)
    return participant


def assert_no_canary(blob: bytes) -> None:
    assert KNOWN_AS.encode() in blob  # the data is there, only not readable
    for canary in (CANARY_NAME, CANARY_PHONE, CANARY_ADDRESS, CANARY_NOTE, "1987-03-21"):
        assert canary.encode() not in blob, canary


def assert_shown_decrypted(client_for, participant: Participant) -> None:  # type: ignore[no-untyped-def]
    client = client_for(UserFactory(role=Role.COORDINATOR))
    record = client.get(f"/api/participants/{participant.pk}").json()
    contact = client.get(f"/api/notifications/contacts/{participant.pk}").json()

    assert record["identity"] == {"legal_name": CANARY_NAME, "address": CANARY_ADDRESS}
    assert record["demographics"]["date_of_birth"] == "1987-03-21"
    assert contact["phone"] == CANARY_PHONE


@pytest.mark.django_db(transaction=True)
def test_canary_is_absent_from_the_sqlite_file_but_shown_to_a_coordinator(client_for, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (the PostgreSQL twin reads a pg_dump)")
    participant = plant(client_for)
    copy = tmp_path / "copy.sqlite3"

    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)  # the whole database file, page by page
    target.close()

    assert_no_canary(copy.read_bytes())
    assert_shown_decrypted(client_for, participant)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_canary_is_absent_from_a_pg_dump_but_shown_to_a_coordinator(client_for):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    participant = plant(client_for)
    db = connection.settings_dict

    dump = subprocess.run(
        ["pg_dump", "--data-only", "--host", db["HOST"] or "127.0.0.1",
         "--port", str(db["PORT"] or 5432), "--username", db["USER"] or "postgres", db["NAME"]],
        capture_output=True, check=True, timeout=120,
        env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""})

    assert_no_canary(dump.stdout)
    assert_shown_decrypted(client_for, participant)


# --- The fields --------------------------------------------------------------------------------

def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "id" = %s', [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_encrypted_fields_read_back_as_text_and_dates_while_the_column_holds_a_token():
    participant = Participant.objects.create(known_as="Sam")
    identity = ParticipantIdentity.objects.create(participant=participant, legal_name=CANARY_NAME)
    demographics = Demographics.objects.create(participant=participant,
                                               date_of_birth=dt.date(1987, 3, 21))

    stored = raw("programmes_participantidentity", "legal_name", identity.pk)

    assert ParticipantIdentity.objects.get().legal_name == CANARY_NAME
    assert Demographics.objects.get().date_of_birth == dt.date(1987, 3, 21)
    assert stored.startswith("gAAAAA") and CANARY_NAME not in stored
    assert crypto.decrypt(raw("programmes_demographics", "date_of_birth",
                              demographics.pk)) == "1987-03-21"


@pytest.mark.django_db
def test_the_same_value_twice_gives_two_different_tokens():
    first = ParticipantIdentity.objects.create(
        participant=Participant.objects.create(known_as="A"), legal_name=CANARY_NAME)
    second = ParticipantIdentity.objects.create(
        participant=Participant.objects.create(known_as="B"), legal_name=CANARY_NAME)

    table = "programmes_participantidentity"
    assert raw(table, "legal_name", first.pk) != raw(table, "legal_name", second.pk)


@pytest.mark.django_db
def test_blank_stays_blank_and_is_the_only_comparison_sql_allows():
    participant = Participant.objects.create(known_as="Sam")
    SafeContact.objects.create(participant=participant, phone="")

    assert SafeContact.objects.filter(phone="").count() == 1
    with pytest.raises(FieldError):
        SafeContact.objects.filter(phone=CANARY_PHONE).count()
    with pytest.raises(FieldError):
        ParticipantIdentity.objects.filter(legal_name__icontains="Zeb").count()
    with pytest.raises(FieldError):
        Demographics.objects.filter(date_of_birth__year=1987).count()


@pytest.mark.django_db
def test_a_number_is_found_by_its_keyed_hash_never_by_its_ciphertext(settings):
    contact = SafeContact.objects.create(participant=Participant.objects.create(known_as="Sam"),
                                         phone=CANARY_PHONE)

    assert list(SafeContact.objects.with_number(CANARY_PHONE)) == [contact]
    assert contact.phone_hash == crypto.lookup_hash(CANARY_PHONE) != ""
    assert CANARY_PHONE not in contact.phone_hash and "123987" not in contact.phone_hash
    settings.GROUPWORK_LOOKUP_KEY = "another-lookup-key-of-at-least-32-characters"
    assert crypto.lookup_hash(CANARY_PHONE) != contact.phone_hash  # keyed, not a plain SHA-256


@pytest.mark.django_db
def test_an_inbound_text_is_matched_to_its_contact_by_number_and_stored_encrypted():
    contact = SafeContact.objects.create(participant=Participant.objects.create(known_as="Sam"),
                                         phone=CANARY_PHONE)

    inbound = inbound_sms_receive(from_number=CANARY_LOCAL, body="STOP")

    contact.refresh_from_db()
    assert (inbound.contact, contact.opted_out_at is not None) == (contact, True)
    assert InboundMessage.objects.get().from_phone == CANARY_PHONE
    assert CANARY_PHONE not in raw("notifications_inboundmessage", "from_phone", inbound.pk)


# --- Rotation ----------------------------------------------------------------------------------

def rotate_command() -> str:
    out = StringIO()
    call_command("rotate_field_keys", "--batch-size", "2", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_re_encrypts_every_value_with_the_new_key_and_is_idempotent(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.GROUPWORK_FIELD_KEYS = [old]
    people = [Participant.objects.create(known_as=f"P{i}") for i in range(3)]
    for person in people:
        ParticipantIdentity.objects.create(participant=person, legal_name=CANARY_NAME,
                                           address=CANARY_ADDRESS)
    SafeContact.objects.create(participant=people[0], phone=CANARY_PHONE)

    settings.GROUPWORK_FIELD_KEYS = [new, old]  # new first: it encrypts, the old still decrypts
    assert ParticipantIdentity.objects.first().legal_name == CANARY_NAME  # type: ignore[union-attr]
    first_run = rotate_command()
    second_run = rotate_command()

    settings.GROUPWORK_FIELD_KEYS = [new]  # the old key retired
    assert {i.legal_name for i in ParticipantIdentity.objects.all()} == {CANARY_NAME}
    assert SafeContact.objects.get().phone == CANARY_PHONE
    assert "programmes.ParticipantIdentity.legal_name: 3 values, 3 re-encrypted" in first_run
    assert "programmes.ParticipantIdentity.legal_name: 3 values, 0 re-encrypted" in second_run
    settings.GROUPWORK_FIELD_KEYS = [old]
    with pytest.raises(crypto.DecryptionError):
        list(ParticipantIdentity.objects.all())


@pytest.mark.django_db
def test_rotation_recomputes_lookup_hashes_after_the_lookup_key_changes(settings):
    SafeContact.objects.create(participant=Participant.objects.create(known_as="Sam"),
                               phone=CANARY_PHONE)
    settings.GROUPWORK_LOOKUP_KEY = "a-brand-new-lookup-key-of-at-least-32-chars"
    assert not SafeContact.objects.with_number(CANARY_PHONE).exists()

    output = rotate_command()

    assert SafeContact.objects.with_number(CANARY_PHONE).count() == 1
    assert "notifications.SafeContact: 1 lookup hashes recomputed" in output


# --- Migration helpers and checks ----------------------------------------------------------------

def test_the_migration_steps_encrypt_plain_values_once_and_decrypt_them_back():
    token = crypto.encrypt_plain_value(dt.date(1987, 3, 21))

    assert crypto.decrypt(token) == "1987-03-21"
    assert crypto.encrypt_plain_value(token) == token  # a re-run leaves it
    assert crypto.decrypt_to_plain_value(token) == "1987-03-21"
    assert crypto.decrypt_to_plain_value("already plain") == "already plain"


def test_keys_are_checked_at_start_up(settings):
    assert crypto.check_field_keys(None) == []
    settings.GROUPWORK_FIELD_KEYS = ["not-a-fernet-key"]
    settings.GROUPWORK_LOOKUP_KEY = "short"
    assert [e.id for e in crypto.check_field_keys(None)] == ["platform.E102", "platform.E103"]


def test_check_deploy_refuses_the_development_keys(settings):
    assert [e.id for e in crypto.check_no_dev_keys(None)] == ["platform.E105"]
    settings.GROUPWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.GROUPWORK_LOOKUP_KEY = "a-production-lookup-key-of-at-least-32-chars"
    assert crypto.check_no_dev_keys(None) == []


def test_the_fixed_development_key_is_a_valid_fernet_key():
    assert Fernet(crypto.DEV_FIELD_KEY).decrypt(Fernet(crypto.DEV_FIELD_KEY).encrypt(b"x")) == b"x"


# --- Admin and forms ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_admin_shows_and_saves_encrypted_fields_as_plain_text(client, make_user):
    force_login_verified(client, make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    participant = Participant.objects.create(known_as="Sam")
    identity = ParticipantIdentity.objects.create(participant=participant, legal_name=CANARY_NAME)
    child = Child.objects.create(parent=participant, known_as="Pip",
                                 date_of_birth=dt.date(2023, 4, 5))
    NeverCollect.objects.create(child=child, name="Dean Marsh", description=CANARY_NOTE)

    shown = client.get(f"/admin/programmes/participantidentity/{identity.pk}/change/")
    listed = client.get("/admin/creche/child/")
    refused = client.post("/admin/creche/authorisedcollector/add/", {
        "child": child.pk, "name": " dean MARSH ", "relationship": "Father", "password": "",
        "description": ""})  # compared with the decrypted never-collect name
    saved = client.post("/admin/creche/authorisedcollector/add/", {
        "child": child.pk, "name": "Gran Pat", "relationship": "Grandmother",
        "password": "bluebird", "description": ""})

    assert CANARY_NAME in shown.content.decode()
    assert "5 Apr 2023" in listed.content.decode() or "April 5, 2023" in listed.content.decode()
    assert "never to collect" in str(refused.context["adminform"].form.errors)
    assert saved.status_code == 302
    collector = AuthorisedCollector.objects.get()
    assert collector.password == "bluebird"
    assert "bluebird" not in raw("creche_authorisedcollector", "password", collector.pk)


@pytest.mark.django_db
def test_model_validation_still_sees_the_plain_value():
    identity = ParticipantIdentity(participant=Participant.objects.create(known_as="Sam"),
                                   legal_name="x" * 161)

    with pytest.raises(ValidationError) as refused:
        identity.full_clean()

    assert list(refused.value.message_dict) == ["legal_name"]


# --- The data migration ------------------------------------------------------------------------

def migrate_to(*targets: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    return MigrationExecutor(connection)  # a fresh loader sees the new state


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_reverses_to_plain_text():
    before = ("programmes", "0009_voice_and_next_steps")
    # The encryption is 0010; later migrations (and the models the test reads through) need
    # every app at its latest, and the test must leave the database there for the next tests.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate_to(before).loader.project_state([before]).apps
        person = old_apps.get_model("programmes", "Participant").objects.create(known_as="Sam")
        identity = old_apps.get_model("programmes", "ParticipantIdentity").objects.create(
            participant_id=person.pk, legal_name=CANARY_NAME, address=CANARY_ADDRESS)
        old_apps.get_model("programmes", "Demographics").objects.create(
            participant_id=person.pk, date_of_birth=dt.date(1987, 3, 21))

        migrate_to(*latest)
        encrypted = raw("programmes_participantidentity", "legal_name", identity.pk)
        read_back = (ParticipantIdentity.objects.get().legal_name,
                     Demographics.objects.get().date_of_birth)
        migrate_to(before)
        reversed_to = raw("programmes_participantidentity", "legal_name", identity.pk)
    finally:
        migrate_to(*latest)

    assert CANARY_NAME not in encrypted and crypto.decrypt(encrypted) == CANARY_NAME
    assert read_back == (CANARY_NAME, dt.date(1987, 3, 21))
    assert reversed_to == CANARY_NAME
