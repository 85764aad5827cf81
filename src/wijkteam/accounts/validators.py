"""Password rules. Django 5.2 changed the wording of its length message and its Dutch
catalogue has not caught up, so this validator brings its own translatable message."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("This password is too short: use at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Use at least %(min_length)d characters.") % {"min_length": self.min_length}
