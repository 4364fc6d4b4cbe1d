"""Imported by the local engine's forkserver before it forks a worker: the workers' standard error goes to
os.devnull. A task's exception travels back through the pool and is reported by the caller; what a worker
would print on its own is only the noise of a pool torn down under it (a build stopped by SIGTERM exits
while the multiverse is computed, and each worker then printed a traceback after govexport's one line)."""

import os

_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 2)
os.close(_null)
