from django.apps import AppConfig


class LogbookConfig(AppConfig):
    """The live session flow: the session page, logging a set, finishing.

    It sits above training (the log's rows) and progress (targets, records,
    the engine), so neither of those imports the other's half of the flow.
    """

    name = "logbook"
    verbose_name = "Logbook"
