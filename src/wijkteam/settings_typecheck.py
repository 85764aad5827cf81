"""The settings django-stubs loads while mypy checks the code (``[tool.django-stubs]`` in
pyproject.toml): the product's own settings with a placeholder secret key. The type checker
imports them only to read the apps and models; nothing is served with them, so ``mypy
src/wijkteam`` runs without ``WIJKTEAM_TESTING`` or a real key in the environment."""

import os

os.environ.setdefault("WIJKTEAM_SECRET_KEY", "type-checking-only-never-serves-a-request")

from wijkteam.settings import *  # noqa: F403
