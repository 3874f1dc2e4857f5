"""Root conftest: import the subpackages before pytest collects their doctests.

pytest's ``--import-mode=importlib`` imports each doctest module under ``src/`` by
file. When the module is not yet in ``sys.modules`` it builds a second copy and sets
it as an attribute of its package, so ``analysis.terms.keyness`` (the function the
package re-exports) became the module ``keyness.py`` for every test collected after
it. Importing the packages first puts their modules in ``sys.modules``, where pytest
finds and reuses them. ``tests/test_package_names.py`` checks the names after
collection.
"""

import importlib

for _package in ("analysis", "analysis.terms", "analysis.topics", "analysis.explore"):
    importlib.import_module(_package)
