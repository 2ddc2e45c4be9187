"""Pictures: ``data`` (what each picture shows, computed by the library), ``drawing``
(matplotlib, Agg), ``plots`` (draw and write the PNG atomically).
"""
