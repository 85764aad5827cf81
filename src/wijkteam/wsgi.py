import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkteam.settings")
application = get_wsgi_application()

# Refuse to serve while the installation is unsafe (demo accounts without demo mode).
from wijkteam.accounts.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
