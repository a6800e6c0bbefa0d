"""Fake rknn-toolkit2 for tests (see ../README.md). Never shipped with the product."""
