"""cspgraph benchmarks. Each ``bench_*.py`` module defines ``run() -> list[Figure]``; ``python -m benchmarks`` runs
them all and writes benchmarks/REPORT.md and benchmarks/report.json. Timings are medians measured in the same run
as their baseline; tests never assert timings."""
