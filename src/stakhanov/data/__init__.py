"""The data: load and validate ``rates/`` into frozen records.

``records`` (the types), ``csvrows`` (one CSV table, every problem collected), ``rates`` (all
tables into ``Rates``), ``rules`` (pay-rule files), ``settings`` (``report.toml``),
``interval`` (bounded figures), ``periods`` (a common monthly footing), ``tomlfile`` (reading
a user's TOML safely), ``grids`` (``LO:HI:STEP`` and ``25%``). Imports nothing above it.
"""
