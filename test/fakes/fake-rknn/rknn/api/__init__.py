"""Fake `rknn.api` (tests only): the documented RKNN class surface of rknn-toolkit2 2.3.2."""
from .rknn import RKNN

__version__ = "2.3.2-fake"
__all__ = ["RKNN"]
