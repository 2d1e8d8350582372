"""Build hook: compile the page cleaner with mypyc when it can, else install pure Python.

`swcli clean` spends its time in many small Python steps per line
(src/swcli/layout.py); compiled by mypyc they run about 1.8x faster, which
is what brings `clean` and `split` to the speed targets of `make bench`.
The compiled modules are the same source, so behaviour is identical; when
mypyc or a C compiler is missing, or SWCLI_PURE_PYTHON=1 is set, the
package installs as plain Python and only runs slower.
"""
from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = ["src/swcli/layout.py", "src/swcli/furniture.py", "src/swcli/textutil.py"]


class OptionalBuildExt(build_ext):
    """Build the compiled modules if the compiler works; otherwise warn and go on."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as err:  # no compiler, missing headers: fall back to pure Python
            print(f"swcli: compiling {', '.join(COMPILED)} failed ({err}); installing pure Python", file=sys.stderr)

    def build_extension(self, ext) -> None:  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as err:
            print(f"swcli: compiling {ext.name} failed ({err}); installing pure Python", file=sys.stderr)


def compiled_modules() -> list:
    if os.environ.get("SWCLI_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("swcli: mypyc not available; installing pure Python", file=sys.stderr)
        return []
    return mypycify(COMPILED, opt_level="3")


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
