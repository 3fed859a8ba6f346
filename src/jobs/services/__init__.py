"""Use-cases that join the store with the pure packages. Callers own the transaction."""
