"""Django REST framework messages that its shipped Dutch catalogue lacks.

DRF's own ``nl`` translation is active (``LANGUAGE_CODE = "nl"``, LocaleMiddleware) but
incomplete: "Not a valid string." and a few others would reach clients in English. Listing
the msgids here keeps them in our catalogue (``makemessages`` finds ``gettext_noop``), where
Django finds them because our translations are merged with DRF's (DRF's own entries win).
``api/tests/test_messages.py`` checks that each one comes out Dutch.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DRF_MESSAGES = [
    gettext_noop("Not a valid string."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Invalid input."),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
]
