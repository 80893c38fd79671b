#!/usr/bin/env python3
"""Docstring."""
import os
from pathlib import Path as P

@decorator(x=1)
class Model(Base):
    def run(self, n: int = 10, *args, **kw) -> None:
        # comment
        s = f"value {n!r} and {self.x}\n" + 'single' + r"raw\d"
        if n > 0x1F and not None or True:
            return [1.5e3, 2j, -3]
        print(len(args), __name__)
        lambda y: y ** 2
