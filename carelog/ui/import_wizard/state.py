"""What the wizard's pages share: the file read, the column mapping and choices, the plan and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from carelog.core.import_mapping import ColumnMap

if TYPE_CHECKING:
    from carelog.core.import_plan import ImportPlan
    from carelog.services.importer import ImportResult, LoadedFile


@dataclass
class WizardState:
    loaded: LoadedFile | None = None
    cmap: ColumnMap = field(default_factory=ColumnMap)
    saved_map: ColumnMap | None = None  # a MAP.json the person loaded, applied to the file's headers
    plan: ImportPlan | None = None
    result: ImportResult | None = None
    failure: Any = None  # the error of a failed import (its `problems`, if any, are listed)
