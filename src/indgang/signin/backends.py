"""The password backend, reading the signed-in user with their centre on every request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

PATH = "indgang.signin.backends.StaffModelBackend"


class StaffModelBackend(ModelBackend):
    """Every staff page's header names the user's centre: joined to the user's own query
    rather than read by a second one on each request."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("centre").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
