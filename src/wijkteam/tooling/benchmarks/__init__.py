"""Synthetic large-city data and the page benchmark (plain package, not a Django app).

- :mod:`wijkteam.tooling.benchmarks.generator`: a deterministic generator of a city (``generate_city``);
- :mod:`wijkteam.tooling.benchmarks.sink`: fast table writes (COPY on PostgreSQL, bulk_create elsewhere);
- :mod:`wijkteam.tooling.benchmarks.runner`: times the pages against their selectors and the floor;
- :mod:`wijkteam.tooling.benchmarks.floor_sql`: hand-written SQL returning the same data as the pages.

See ``docs/benchmark.md`` for how to run it and the figures measured.
"""
