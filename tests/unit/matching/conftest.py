"""Matching tests share their builders through ``builders.py``."""
