from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def notifications(request):
    """``notification_unread``: the bell's count, queried only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_unread": SimpleLazyObject(lambda: unread_count(user=user))}
