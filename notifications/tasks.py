"""django-q2 tasks: ids in, one service call, nothing else."""

from notifications import services


def messages_send(message_ids: list[int]) -> int:
    """A batch of due messages; returns how many were sent."""
    statuses = services.messages_send(message_ids=message_ids)
    return sum(1 for status in statuses.values() if status == "sent")


def message_send(message_id: int) -> str:  # tasks enqueued one a message before batches
    return services.message_send(message_id=message_id)


def outbox_tick() -> int:
    return services.outbox_tick()


def send_due_reminders() -> int:
    return services.send_due_reminders()
