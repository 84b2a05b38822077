"""Benchmarks, run by `make bench` (python -m bench): figures to read, not timed tests."""
