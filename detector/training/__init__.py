"""Training: the corpus builder, the attack library, feature caching, `detector train` and `detector eval`.

Nothing here is imported by ``scan``: it needs scikit-learn (the ``train`` extra).

OpenMP is limited to one thread unless the caller set ``OMP_NUM_THREADS``: the machine is
shared, and HistGradientBoosting's spinning threads slow everything down tenfold under
contention. It must be set before scikit-learn loads OpenMP, hence here.
"""

import os as _os

_os.environ.setdefault("OMP_NUM_THREADS", "1")
