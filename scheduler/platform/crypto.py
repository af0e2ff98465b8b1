"""Encryption at rest for the most dangerous fields (issue 11): names, addresses, dates of
birth, phone numbers and free text that may hold a disclosure.

- `cryptography`'s Fernet (AES-128-CBC + HMAC-SHA256, a fresh IV per value) through a
  MultiFernet over `settings.GROUPWORK_FIELD_KEYS`: the first key encrypts, every key decrypts,
  so a key is rotated by putting a new one first and running `manage.py rotate_field_keys`.
- The model fields below behave like `CharField`, `TextField` and `DateField` in Python (forms,
  admin, schemas and validators see plain values); the column holds a Fernet token (text).
  A blank string is stored blank, so "has a number?" still works; nothing else is comparable in
  SQL: equality or range look-ups on ciphertext would silently match nothing, so they are
  refused with a `FieldError`. Ordering by one would sort ciphertext (Django cannot refuse it):
  never `order_by` these fields (the admin's `sortable_by` leaves them out).
- Where the product needs an equality look-up (an inbound text's number), a `LookupHashField`
  beside the encrypted one stores a keyed HMAC-SHA256 of the value under
  `settings.GROUPWORK_LOOKUP_KEY`, a key separate from the encryption keys.

Messages here never include a value, plain or encrypted.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.models.lookups import Exact, IsNull

from scheduler.platform.dev_keys import DEV_FIELD_KEY, DEV_LOOKUP_KEY

MIN_LOOKUP_KEY_LENGTH = 32


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def field_keys() -> tuple[str, ...]:
    return tuple(settings.GROUPWORK_FIELD_KEYS)


def encrypt(plain: str) -> str:
    return _multi_fernet(field_keys()).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _multi_fernet(field_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("A stored value could not be decrypted with any configured "
                              "key (GROUPWORK_FIELD_KEYS).") from None


def is_current(token: str) -> bool:
    """Is this token already encrypted with the first (current) key?"""
    try:
        Fernet(field_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same value re-encrypted with the first key (any configured key may decrypt it)."""
    try:
        return _multi_fernet(field_keys()).rotate(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("A stored value could not be decrypted with any configured "
                              "key (GROUPWORK_FIELD_KEYS).") from None


def lookup_hash(value: str) -> str:
    """Keyed HMAC-SHA256 (hex) of a normalised value, for equality look-ups; blank for blank.

    Callers pass the value already normalised (an E.164 number); whitespace is stripped here."""
    normalised = "".join(value.split())
    if not normalised:
        return ""
    key = settings.GROUPWORK_LOOKUP_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


# --- Model fields -------------------------------------------------------------------------------

class _BlankOnlyExact(Exact):
    """`field=""` (is it blank?) is the only comparison ciphertext allows."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.output_field.name} is encrypted: it cannot be compared "
                             "in SQL (filter on its keyed hash instead).")
        return self.rhs


class _EncryptedMixin(models.Field):
    """Shared by the encrypted fields: a text column holding a Fernet token."""

    def get_internal_type(self) -> str:
        return "TextField"

    def _to_text(self, value: Any) -> str:
        return str(value)

    def _from_text(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self._from_text(decrypt(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        text = self._to_text(value)
        return encrypt(text) if text else ""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _BlankOnlyExact
        return None  # Django answers FieldError: "Unsupported lookup"

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedCharField(_EncryptedMixin, models.CharField):
    """A `CharField` in Python (max_length bounds the plain text); ciphertext in a text column."""


class EncryptedTextField(_EncryptedMixin, models.TextField):
    """A `TextField` in Python; ciphertext in the column."""


class EncryptedDateField(_EncryptedMixin, models.DateField):
    """A `DateField` in Python (forms, validators, schemas); ciphertext of the ISO date stored.

    It cannot be filtered, ordered or banded in SQL: compute ages in Python from the decrypted
    values of the (small) set of people a report covers."""

    def _to_text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def _from_text(self, text: str) -> Any:
        return dt.date.fromisoformat(text)


class LookupHashField(models.CharField):
    """The keyed hash of another (encrypted) field of the same row, set on every save.

    Like `auto_now`, the field derives its own value: a save with `update_fields` that names
    the source field must name this one too."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = lookup_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, _EncryptedMixin)]


def hash_fields(model: type[models.Model]) -> list[LookupHashField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, LookupHashField)]


# --- Whole columns: data migrations and key rotation ---------------------------------------------

def _batches(cursor: Any, table: str, pk: str, column: str,
             batch_size: int) -> Iterator[list[tuple[Any, Any]]]:
    """(pk, raw value) rows in primary-key order, batch by batch: never decrypted."""
    last: Any = None
    while True:
        where = "" if last is None else f' WHERE "{pk}" > %s'
        cursor.execute(f'SELECT "{pk}", "{column}" FROM "{table}"{where} '  # noqa: S608 (names from _meta)
                       f'ORDER BY "{pk}" LIMIT {int(batch_size)}', [] if last is None else [last])
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def transform_column(connection: Any, *, table: str, column: str, change: Any,
                     pk: str = "id", batch_size: int = 500,
                     progress: Any = None) -> tuple[int, int]:
    """Apply `change(raw) -> new raw, or None to leave it` to every non-blank value of one
    column, one transaction per batch. Returns (values seen, values changed)."""
    seen = changed = 0
    with connection.cursor() as cursor:
        for rows in _batches(cursor, table, pk, column, batch_size):
            with transaction.atomic(using=connection.alias):
                for key, raw in rows:
                    if raw is None or raw == "":
                        continue
                    seen += 1
                    new = change(raw)
                    if new is not None and new != raw:
                        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s '  # noqa: S608
                                       f'WHERE "{pk}" = %s', [new, key])
                        changed += 1
            if progress is not None:
                progress(seen, changed)
    return seen, changed


def rehash_model(model: type[models.Model], *, batch_size: int = 500) -> int:
    """Recompute every lookup hash of a model's rows (after GROUPWORK_LOOKUP_KEY changed)."""
    fields = hash_fields(model)
    names = [f.name for f in fields] + [f.source for f in fields]
    count = 0
    for row in model._default_manager.only(*names).iterator(chunk_size=batch_size):
        with transaction.atomic():
            row.save(update_fields=[f.name for f in fields])  # pre_save derives the hash
        count += 1
    return count


def encrypt_plain_value(raw: Any) -> str:
    """A migration's forward step: a plain value (text, or a date the driver returns) becomes
    a token. Values already encrypted (a re-run) are left as they are."""
    text = raw.isoformat() if isinstance(raw, dt.date) else str(raw)
    try:
        decrypt(text)
    except DecryptionError:
        return encrypt(text)
    return text


def decrypt_to_plain_value(raw: Any) -> str:
    """A migration's backward step: a token becomes the plain value again."""
    try:
        return decrypt(str(raw))
    except DecryptionError:
        return str(raw)  # already plain (a re-run)


def encrypt_columns(*columns: tuple[str, str]) -> Any:
    """A RunPython pair (forward, backward) that encrypts or decrypts the given
    (table, column) pairs in place, for data migrations."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for table, column in columns:
            transform_column(schema_editor.connection, table=table, column=column,
                             change=encrypt_plain_value)
        _fire_deferred_checks(schema_editor.connection)

    def backward(apps: Any, schema_editor: Any) -> None:
        for table, column in columns:
            transform_column(schema_editor.connection, table=table, column=column,
                             change=decrypt_to_plain_value)
        _fire_deferred_checks(schema_editor.connection)

    return forward, backward


def _fire_deferred_checks(connection: Any) -> None:
    """PostgreSQL refuses to ALTER a table with deferred foreign-key checks still pending from
    these UPDATEs (reversing a migration alters the column next, in the same transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def hash_column(*, table: str, source: str, target: str) -> Any:
    """A RunPython forward step filling a lookup-hash column from a (still plain) column."""

    def forward(apps: Any, schema_editor: Any) -> None:
        with schema_editor.connection.cursor() as cursor:
            for rows in _batches(cursor, table, "id", source, 500):
                for pk, raw in rows:
                    cursor.execute(f'UPDATE "{table}" SET "{target}" = %s '  # noqa: S608
                                   'WHERE "id" = %s', [lookup_hash(raw or ""), pk])

    return forward


# --- Start-up checks ----------------------------------------------------------------------------

def check_field_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    keys = list(settings.GROUPWORK_FIELD_KEYS)
    if not keys:
        errors.append(Error("GROUPWORK_FIELD_KEYS is empty: set one or more Fernet keys.",
                            id="platform.E101"))
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(Error(f"GROUPWORK_FIELD_KEYS key {position} is not a Fernet key "
                                "(32 url-safe base64-encoded bytes).", id="platform.E102"))
    if len(settings.GROUPWORK_LOOKUP_KEY) < MIN_LOOKUP_KEY_LENGTH:
        errors.append(Error(f"GROUPWORK_LOOKUP_KEY must be at least {MIN_LOOKUP_KEY_LENGTH} "
                            "characters.", id="platform.E103"))
    if settings.GROUPWORK_LOOKUP_KEY in keys:
        errors.append(Error("GROUPWORK_LOOKUP_KEY must differ from the encryption keys.",
                            id="platform.E104"))
    return errors


def check_no_dev_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """`check --deploy`: the fixed development keys must never protect real data."""
    if DEV_FIELD_KEY in settings.GROUPWORK_FIELD_KEYS or (
            settings.GROUPWORK_LOOKUP_KEY == DEV_LOOKUP_KEY):
        return [Error("The development field keys must never be used in production: set "
                      "GROUPWORK_FIELD_KEYS and GROUPWORK_LOOKUP_KEY.", id="platform.E105")]
    return []
