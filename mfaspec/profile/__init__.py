"""Target profiles: a TOML file that maps every driver action onto one web deployment.

The format is documented in docs/profile.md. ``load_profile`` checks a file completely and
reports every problem with the file, the line and the dotted key it concerns. The modules:
``locators`` (locators and steps), ``keys`` (what each table may hold), ``model`` (the checked
profile as data), ``lines`` and ``table`` (reading a table, problems placed by line),
``sections`` (the readers of each section), ``loader``, ``template`` and ``variables``.
"""
