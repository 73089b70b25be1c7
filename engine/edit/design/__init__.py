"""The commands of the design editor: garment, print area, and the stack of layers.

Layers are named by their index in ``design.layers`` (bottom first), as in validation's paths.

**Locked layers.** A locked layer refuses what would change how it looks or where it sits:
moving, scaling, rotating, flipping, opacity, blend mode, its text, font or shape, and deleting
it (an ``EditError`` saying it is locked). Showing or hiding it, locking or unlocking it,
renaming it, restacking it and duplicating it still work, as in the layer panels people know.

**Assets.** Adding an image layer, a text layer or a new font embeds the file's bytes as an
``Asset`` keyed by their sha256 digest (the same bytes are stored once); deleting a layer or
changing a font drops the asset it used when no other layer uses it any more.

The commands live in small modules re-exported here: ``garment`` (style, colours, print area),
``layers`` (add, delete, duplicate, restack, rename, show, lock, opacity, blend), ``transform``,
``text`` and ``shape``; ``assets`` and ``common`` hold the helpers they share.
"""

from engine.edit.design.common import COLORS as COLORS
from engine.edit.design.common import LAYERS as LAYERS
from engine.edit.design.common import L as L
from engine.edit.design.common import ShapeKind as ShapeKind
from engine.edit.design.garment import (
    AddGarmentColor,
    MoveGarmentColor,
    RecolorGarmentColor,
    RemoveGarmentColor,
    RenameGarmentColor,
    ResizePrintArea,
    SetGarmentStyle,
    SetPrintDpi,
    SetSafeMargin,
)
from engine.edit.design.layers import (
    AddImageLayer,
    AddShapeLayer,
    AddTextLayer,
    DeleteLayer,
    DuplicateLayer,
    LayerToBottom,
    LayerToTop,
    LowerLayer,
    RaiseLayer,
    RenameLayer,
    RestackLayer,
    SetLayerBlend,
    SetLayerLocked,
    SetLayerOpacity,
    SetLayerVisible,
)
from engine.edit.design.shape import (
    SetCornerRadius,
    SetShapeColors,
    SetShapeKind,
    SetShapeSize,
    SetStarShape,
)
from engine.edit.design.text import Align as Align
from engine.edit.design.text import (
    SetText,
    SetTextAlign,
    SetTextColor,
    SetTextFont,
    SetTextSize,
    SetTextSpacing,
    SetTextStroke,
)
from engine.edit.design.transform import FlipLayer, MoveLayer, RotateLayer, ScaleLayer

__all__ = [
    "AddGarmentColor",
    "AddImageLayer",
    "AddShapeLayer",
    "AddTextLayer",
    "DeleteLayer",
    "DuplicateLayer",
    "FlipLayer",
    "LayerToBottom",
    "LayerToTop",
    "LowerLayer",
    "MoveGarmentColor",
    "MoveLayer",
    "RaiseLayer",
    "RecolorGarmentColor",
    "RemoveGarmentColor",
    "RenameGarmentColor",
    "RenameLayer",
    "ResizePrintArea",
    "RestackLayer",
    "RotateLayer",
    "ScaleLayer",
    "SetCornerRadius",
    "SetGarmentStyle",
    "SetLayerBlend",
    "SetLayerLocked",
    "SetLayerOpacity",
    "SetLayerVisible",
    "SetPrintDpi",
    "SetSafeMargin",
    "SetShapeColors",
    "SetShapeKind",
    "SetShapeSize",
    "SetStarShape",
    "SetText",
    "SetTextAlign",
    "SetTextColor",
    "SetTextFont",
    "SetTextSize",
    "SetTextSpacing",
    "SetTextStroke",
]
