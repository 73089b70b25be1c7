"""The checks an upload passes before it is stored, run in a worker process (``workers.py``).

The same checks and messages as the command line: ``cocreate validate --publishable`` for the
file, and for a level ``cocreate play LEVEL --headless --replay R`` (the clear check) for its
replay, and a player's clear run (``POST /creations/{id}/clears``) by the same clear check.
Every line names the uploaded file as the CLI names a path. What passes is rendered
here too: thumbnails, a design's mockups, and a level's clear run as a short animation
(``cocreate play LEVEL --replay R --clip OUT.webp``).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.document import DesignDocument, LevelDocument
    from engine.sim.verify import Verdict

LEVEL_THUMBNAIL = (640, 360)
"""A level's thumbnail: its first frame (1280 × 720, as the player sees it), halved."""


@dataclass(frozen=True)
class Outcome:
    """What the checks found: ``status`` 0 when the upload may be stored, else the HTTP status."""

    status: int
    lines: list[str] = field(default_factory=list)
    kind: str = ""
    id: str = ""
    revision: int = 0
    digest: str = ""
    title: str = ""
    description: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    license: str = ""
    parents: list[tuple[str, int, str]] = field(default_factory=list)
    """(id, revision, digest) of each ``meta.parents`` entry."""
    replay_digest: str = ""
    clear_message: str = ""
    images: dict[str, bytes] = field(default_factory=dict)
    """Images rendered by the engine: ``thumbnail`` (PNG); for a design ``mockup:COLOUR`` each
    (PNG); for a level ``clip``, its clear run as an animated WebP."""


API_REPLAY_FIELD = "form field `replay`"
"""Where a level's replay goes, in the API's words (the web upload page names its input)."""


def check_upload(
    data: bytes,
    name: str,
    replay: bytes | None,
    replay_name: str,
    replay_field: str = API_REPLAY_FIELD,
) -> Outcome:
    """Validate a creation's bytes and, for a level, that ``replay`` clears it; a level sent
    without one is told where it goes: ``replay_field``, in the words of the form it came from."""
    from engine import codec
    from engine.document import DesignDocument, LevelDocument, ReplayDocument
    from engine.validation import check_bytes
    from engine.validation.publish import unpublishable

    checked = check_bytes(data, source=name)
    if checked.error is not None:
        return Outcome(400, checked.error.lines())
    if checked.problems:
        return Outcome(400, [f"{name}: {p}" for p in checked.problems])
    doc = checked.document
    assert doc is not None
    if isinstance(doc, ReplayDocument):
        return Outcome(
            400, [f"{name}: $.kind: is a replay: upload the level, with this as its replay"]
        )
    draft = unpublishable(doc)
    if draft:
        return Outcome(400, [f"{name}: {p}" for p in draft])
    digest = codec.digest(data)
    meta = doc.meta
    ok = Outcome(
        0,
        kind=str(type(doc).__struct_config__.tag),
        id=doc.id,
        revision=doc.revision,
        digest=digest,
        title=meta.title,
        description=meta.description,
        author=meta.author,
        tags=list(dict.fromkeys(meta.tags)),
        license=meta.license,
        parents=[(p.id, p.revision, p.digest) for p in meta.parents],
    )
    if not isinstance(doc, LevelDocument):
        if replay is not None:
            return Outcome(400, [f"{replay_name}: a {ok.kind} has no replay: send the file alone"])
        assert isinstance(doc, DesignDocument)
        return replace(ok, images=design_images(doc))
    if replay is None:
        return Outcome(
            422,
            [f"{name}: a level is published with the replay that clears it ({replay_field})"],
        )
    return _clear_check(doc, digest, replay, replay_name, ok)


def _clear_check(doc: object, digest: str, replay: bytes, replay_name: str, ok: Outcome) -> Outcome:
    from engine import codec
    from engine.document import LevelDocument

    assert isinstance(doc, LevelDocument)
    inputs = _replay_inputs(doc, digest, replay, replay_name)
    if isinstance(inputs, Outcome):
        return inputs
    verdict = _cleared(doc, inputs, replay_name)
    if isinstance(verdict, Outcome):
        return verdict
    return replace(
        ok,
        replay_digest=codec.digest(replay),
        clear_message=verdict.message,
        images={"thumbnail": level_thumbnail(doc), "clip": level_clip(doc, inputs)},
    )


def _replay_inputs(
    doc: LevelDocument,
    digest: str,
    replay: bytes,
    replay_name: str,
    mismatch: list[str] | None = None,
) -> list[int] | Outcome:
    """The buttons of each tick of ``replay``, a replay of ``doc`` (whose bytes hash to
    ``digest``); else the Outcome refusing it: 400 for bytes that are not a valid replay, 422
    for a replay of another level or revision (``mismatch``'s lines when given)."""
    from engine.errors import CocreateError, FormatError
    from engine.replay import iter_inputs
    from engine.sim.verify import ReplayMismatch, load_replay

    with tempfile.TemporaryDirectory(prefix="cocreate-check-") as tmp:
        path = os.path.join(tmp, "replay.cocreate")
        with open(path, "wb") as f:
            f.write(replay)
        try:
            rep = load_replay(path, level=doc, level_digest=digest)
        except ReplayMismatch as exc:
            return Outcome(422, mismatch or exc.with_source(replay_name).lines())
        except FormatError as exc:
            return Outcome(400, exc.with_source(replay_name).lines())
        except CocreateError as exc:  # pragma: no cover - a temporary file we just wrote
            return Outcome(500, exc.with_source(replay_name).lines())
    return list(iter_inputs(rep.replay.inputs))


def _cleared(doc: LevelDocument, inputs: list[int], replay_name: str) -> Verdict | Outcome:
    """The verdict of ``inputs`` re-simulated on ``doc`` when they clear it, else a 422."""
    from engine.sim.verify import simulate, verdict_of

    verdict = verdict_of(simulate(doc, inputs))
    if not verdict.cleared:
        return Outcome(422, [f"{replay_name}: {verdict.message}"])
    return verdict


@dataclass(frozen=True)
class ClearRunOutcome:
    """What :func:`check_clear_run` found: ``status`` 0 when the run counts, else the HTTP
    status and ``lines``; for a run that counts, how it ended."""

    status: int
    lines: list[str] = field(default_factory=list)
    ticks: int = 0
    score: int = 0
    deaths: int = 0
    replay_digest: str = ""
    inputs_digest: str = ""
    """:func:`inputs_digest` of the inputs that cleared: the same for a copy of the run."""
    makers: bool = False
    """Whether the run is the maker's published clear run (the same inputs up to the goal)."""


def inputs_digest(inputs: list[int]) -> str:
    """The sha256 of a run's inputs (one number a tick): what two copies of a run share,
    whatever else their replay files hold."""
    import hashlib

    return hashlib.sha256(",".join(map(str, inputs)).encode()).hexdigest()


def check_clear_run(
    level: bytes,
    level_digest: str,
    replay: bytes,
    replay_name: str,
    makers_replay: bytes | None = None,
) -> ClearRunOutcome:
    """Check a player's clear run: ``replay`` is a replay of the stored revision whose bytes are
    ``level`` (digest ``level_digest``) and, re-simulated, it clears it; and whether it is
    ``makers_replay`` (the maker's published clear) again. Only the inputs up to the tick the
    goal is reached count: inputs after it, added or changed, do not make a copy another run."""
    from engine import codec
    from engine.document import LevelDocument

    doc = codec.decode(level)  # stored at upload, after its checks
    assert isinstance(doc, LevelDocument)
    other = [f"{replay_name}: is a replay of another level or revision"]
    inputs = _replay_inputs(doc, level_digest, replay, replay_name, mismatch=other)
    if isinstance(inputs, Outcome):
        return ClearRunOutcome(inputs.status, inputs.lines)
    verdict = _cleared(doc, inputs, replay_name)
    if isinstance(verdict, Outcome):
        return ClearRunOutcome(verdict.status, verdict.lines)
    out = verdict.outcome
    played = inputs[: out.tick]
    makers = None if makers_replay is None else _replay_inputs(doc, level_digest, makers_replay, "")
    return ClearRunOutcome(
        0,
        ticks=out.tick,
        score=out.score,
        deaths=out.deaths,
        replay_digest=codec.digest(replay),
        inputs_digest=inputs_digest(played),
        makers=isinstance(makers, list) and makers[: out.tick] == played,
    )


def _png(image: object) -> bytes:
    import io

    from PIL import Image

    assert isinstance(image, Image.Image)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def design_images(doc: DesignDocument) -> dict[str, bytes]:
    """The thumbnail and a mockup per offered colour, the art rendered once."""
    from engine.render.mockup import Mockups

    mockups = Mockups(doc)
    images = {"thumbnail": _png(mockups.thumbnail())}
    for gc in doc.design.garment.colors:
        images[f"mockup:{gc.name}"] = _png(mockups.mockup(gc.color))
    return images


def level_clip(doc: LevelDocument, inputs: list[int]) -> bytes:
    """The maker's clear run as an animated WebP (``engine.render.clip``), without a display."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from engine.render.clip import clear_clip

    return clear_clip(doc, inputs)


def level_thumbnail(doc: LevelDocument) -> bytes:
    """The level's first frame, drawn by the engine without a display."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from PIL import Image

    from engine.render.play import screenshot

    with tempfile.TemporaryDirectory(prefix="cocreate-thumb-") as tmp:
        path = os.path.join(tmp, "frame.png")
        screenshot(doc, path)
        with Image.open(path) as frame:
            return _png(frame.convert("RGB").resize(LEVEL_THUMBNAIL, Image.Resampling.LANCZOS))
