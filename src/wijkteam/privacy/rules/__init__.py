"""Access rules per domain, registered into the one policy (``wijkteam.privacy.policy``).

Every module in this package is imported at start-up (see ``PrivacyConfig.ready``); a module
registers its rules with ``@policy.rule(Model)``. Keep all rules here, never in views.
"""

import importlib
import pkgutil


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
