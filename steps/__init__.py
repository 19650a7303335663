"""The domain language: each step is one call to the driver, then an assertion."""
