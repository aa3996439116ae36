"""Benchmarks: a national-scale data generator and page timings through the WSGI stack.

Run with `make bench` (see docs/benchmarks.md).
"""
