"""Benchmarks of newsarchive: stage throughputs, end-to-end runs (CLI and Airflow), memory and
faceted search latency, measured side by side in one run (`python -m bench.run`)."""
