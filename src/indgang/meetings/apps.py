from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "indgang.meetings"
    verbose_name = "Møder"
