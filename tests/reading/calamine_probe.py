"""What python-calamine does with a file, found in a child process under a memory cap and a
time limit, so that a file that aborts it or takes gigabytes cannot hurt the test run.

The cap is an address-space limit (RLIMIT_AS) the child sets on itself before it imports
python-calamine: POSIX only. The tests that use it record python-calamine's behaviour
today; when a release stops aborting on a file, they fail and say so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

_CHILD = r"""
import json, resource, sys
cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
import python_calamine
workbook = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
shapes, ends = {}, {}
for name in workbook.sheet_names:
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=True)
    shapes[name] = [len(rows), max((len(row) for row in rows), default=0)]
    ends[name] = sheet.end
print(json.dumps([shapes, ends]))
"""

MB = 1024 * 1024


class Outcome(NamedTuple):
    returncode: int
    # When it read the workbook: sheet -> [rows, columns] of the grid read, and sheet -> the
    # zero-based [row, column] of its last cell (None for an empty sheet).
    shapes: dict[str, list[int]] | None
    ends: dict[str, list[int] | None] | None
    last_error_line: str

    @property
    def aborted(self) -> bool:
        """Killed by a signal (SIGABRT when Rust cannot allocate): no Python error at all."""
        return self.returncode < 0


def calamine_reads(path: Path, cap_bytes: int = 512 * MB, timeout: float = 60) -> Outcome:
    pytest.importorskip("resource", reason="the memory cap needs POSIX setrlimit")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(cap_bytes)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = done.stderr.strip().splitlines()
    shapes, ends = json.loads(done.stdout) if done.returncode == 0 else (None, None)
    return Outcome(done.returncode, shapes, ends, lines[-1] if lines else "")
