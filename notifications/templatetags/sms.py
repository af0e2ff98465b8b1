"""Template filters for SMS pages."""

from django import template

from notifications.safety import mask_phone

register = template.Library()


@register.filter
def masked(e164: str) -> str:
    """+447400123456 → +4474•••••456: never a dialable number on a page."""
    return mask_phone(e164 or "")


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")
