"""django-q2 tasks: ids in, one service call, nothing else."""

from notifications import services


def message_send(message_id: int) -> str:
    return services.message_send(message_id=message_id)


def outbox_tick() -> int:
    return services.outbox_tick()


def send_due_reminders() -> int:
    return services.send_due_reminders()
