"""The browser driver: its pages' flows, one module a concern, and the driver."""
