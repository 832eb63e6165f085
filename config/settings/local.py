"""Embedded default: a laptop or a single intranet box, no services needed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
