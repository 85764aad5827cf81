"""No models: the jobs app keeps its state in django-q2's tables (module present so that
``post_migrate`` reaches this app, see apps.py)."""
