"""Benchmarks: run by `make benchmark` (python -m tests.benchmarks), never by pytest."""
