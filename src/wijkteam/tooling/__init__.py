"""Tooling apart from the product: demo data, the generated city and its benchmarks, the load
test, the screenshots and the fault check (``wijkteam demo``, ``generate_city``, ``benchmark``,
``loadtest``, ``search_benchmark``, ``accesslog_benchmark``, ``socialmap_benchmark``,
``socialmap_import_benchmark``, ``screenshots``, ``faultcheck``, ``demo_remove``).

It sits on top of the import contract (docs/architecture.md, "Layers and the import
contract"): it may use every app, and no product app imports it.
"""
