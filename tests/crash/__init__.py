"""Crash-safety script (``kill9.py``) and the server/store helpers of the reliability suite."""
