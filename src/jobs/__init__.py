"""jobs: fair-chance job matching for reentry employment services."""

import os

# One BLAS thread per process unless the deployment says otherwise: the skill span model's matrix
# products run through numpy's BLAS, which would otherwise start a thread per core in every web
# and worker process; work is spread by processes instead (set before numpy is first imported).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.1.0"
