"""Errors that reach a clerk. Each carries a Chinese message (the default UI language) and an English one."""


class FrontDeskError(Exception):
    """Base error; ``str(err)`` is the Chinese message."""

    def __init__(self, zh: str, en: str | None = None, **details):
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh
        self.details = details

    def message(self, language: str = "zh_CN") -> str:
        return self.zh if language.startswith("zh") else self.en


class ValidationError(FrontDeskError):
    """Input the user can correct."""


class NotFound(FrontDeskError):
    pass


class PermissionDenied(FrontDeskError):
    pass


class ApprovalRequired(FrontDeskError):
    """The op needs a supervisor's approval on this desk; the GUI prompts and runs it again."""


class AuthenticationFailed(FrontDeskError):
    pass


class StorageError(FrontDeskError):
    """The local store cannot be opened or upgraded."""
