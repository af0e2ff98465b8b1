"""The only code that changes notification state. API, tasks, webhooks and commands call it."""

from notifications.services.catch_ups import catch_up_invite, catch_up_uninvite
from notifications.services.contacts import (
    contact_consent_record,
    contact_consent_withdraw,
    contact_suspend,
    contact_unsuspend,
    contact_update,
    contacts_opt_in,
    contacts_opt_out,
)
from notifications.services.inbound import inbound_mark_read, inbound_sms_receive
from notifications.services.outbox import (
    message_review_resolve,
    messages_flag_stale,
    messages_reconcile_review,
)
from notifications.services.policies import reminder_policy_set
from notifications.services.provider import message_status_apply
from notifications.services.queueing import (
    messages_enqueue_due,
    outbox_tick,
    reminders_queue_for_session,
    send_due_reminders,
    session_changes_notify,
    session_notices_queue,
)
from notifications.services.sending import message_send, messages_send
from notifications.services.templates import Preview, template_preview, template_update

__all__ = [
    "catch_up_invite",
    "catch_up_uninvite",
    "Preview",
    "contact_consent_record",
    "contact_consent_withdraw",
    "contact_suspend",
    "contact_unsuspend",
    "contact_update",
    "contacts_opt_in",
    "contacts_opt_out",
    "inbound_mark_read",
    "inbound_sms_receive",
    "message_review_resolve",
    "message_send",
    "message_status_apply",
    "messages_enqueue_due",
    "messages_flag_stale",
    "messages_send",
    "messages_reconcile_review",
    "outbox_tick",
    "reminder_policy_set",
    "reminders_queue_for_session",
    "send_due_reminders",
    "session_changes_notify",
    "session_notices_queue",
    "template_preview",
    "template_update",
]
