"""The shareable HTML page (``stakhanov html``): ``page`` renders and writes it, ``context``
and ``findings`` say what it shows, ``svg`` draws its pictures; the templates, styles and
script are in ``templates/``, shipped inside the package."""
