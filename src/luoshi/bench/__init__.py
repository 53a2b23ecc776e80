"""Province-scale data generators for the benchmark suite (see bench/README.md)."""
