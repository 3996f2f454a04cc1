"""Settings, paths, ids, clock, errors, crypto: stdlib and third-party only."""
