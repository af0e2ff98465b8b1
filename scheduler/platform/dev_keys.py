"""The fixed field keys of development, tests and the demo (never production).

Plain constants with no imports, so settings.py can use them before Django is set up;
`scheduler/platform/crypto.py` refuses them when DEBUG is off."""

# base64url of the 32 bytes b"groupwork-dev-only-field-key-32b": a valid Fernet key.
DEV_FIELD_KEY = "Z3JvdXB3b3JrLWRldi1vbmx5LWZpZWxkLWtleS0zMmI="
DEV_LOOKUP_KEY = "groupwork-dev-only-lookup-key-never-use-in-production"
