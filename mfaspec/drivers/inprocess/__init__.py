"""The in-process driver: the reference service's pages simulated, one module a concern."""
