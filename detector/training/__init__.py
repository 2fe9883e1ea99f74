"""Training: the corpus builder, the attack library, feature caching, `detector train` and `detector eval`.

Nothing here is imported by ``scan``: it needs scikit-learn (the ``train`` extra).
"""
