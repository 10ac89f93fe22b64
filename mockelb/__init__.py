"""mockelb: a local emulator of the Huawei Cloud Elastic Load Balance (ELB) v3 API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mockelb")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
