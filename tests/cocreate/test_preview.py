"""``cocreate preview``: mockups, print files, thumbnails, every colour, preflight; exit codes."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import msgspec
import pytest
from PIL import Image

from cocreate.cli import main
from engine.design.model import ImageLayer, TextLayer
from engine.design.model import Transform as T
from engine.document import Asset
from engine.fileio import save
from tests.engine.render.designs import design, px, rect
from tests.factories import font_bytes

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("sunrise-tee", "geo-shapes", "bold-type", "first-steps"):
        shutil.copy(LEVELS / f"{name}.cocreate", tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["preview", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_mockup_in_the_first_colour_on_the_designs_own_garment(here, capsys) -> None:
    assert run(capsys, "sunrise-tee.cocreate", "--out", "m.png") == (
        0,
        "m.png: mockup of sunrise-tee.cocreate on the white tshirt, 1000 × 1000 px\n",
        "",
    )
    assert Image.open("m.png").size == (1000, 1000)


def test_a_mockup_in_a_named_colour_on_another_garment(here, capsys) -> None:
    code, out, _ = run(capsys, "geo-shapes.cocreate", "--out", "m.png", "--color", "mint",
                       "--garment", "hoodie")  # fmt: skip
    assert (code, out) == (
        0,
        "m.png: mockup of geo-shapes.cocreate on the mint hoodie, 1000 × 1000 px\n",
    )


def test_a_colour_the_design_does_not_offer_is_refused(here, capsys) -> None:
    assert run(capsys, "geo-shapes.cocreate", "--out", "m.png", "--color", "pink") == (
        1,
        "",
        "geo-shapes.cocreate: no colour 'pink' (the design offers white, mint, lemon)\n",
    )
    assert not Path("m.png").exists()


def test_the_print_file_has_the_print_areas_pixels_and_dpi(here, capsys) -> None:
    assert run(capsys, "sunrise-tee.cocreate", "--print", "--out", "p.png") == (
        0,
        "p.png: print file of sunrise-tee.cocreate, 1,800 × 2,400 px at 150 dpi\n",
        "",
    )
    im = Image.open("p.png")
    assert im.size == (1800, 2400) and im.mode == "RGBA"
    assert im.info["dpi"] == pytest.approx((150, 150), abs=0.05)  # PNG stores whole px per metre
    assert px(im, (0, 0))[3] == 0  # transparent background


def test_the_print_file_at_a_print_shops_size(here, capsys) -> None:
    code, out, _ = run(capsys, "geo-shapes.cocreate", "--print", "--out", "p.png",
                       "--size", "4500x5400")  # fmt: skip
    assert (code, out) == (
        0,
        "p.png: print file of geo-shapes.cocreate, 4,500 × 5,400 px at 375 dpi\n",
    )
    assert Image.open("p.png").size == (4500, 5400)


def test_a_thumbnail_is_400_px_square(here, capsys) -> None:
    code, out, _ = run(capsys, "sunrise-tee.cocreate", "--thumbnail", "--out", "t.png")
    assert (code, out) == (
        0,
        "t.png: thumbnail of sunrise-tee.cocreate on the white tshirt, 400 × 400 px\n",
    )
    assert Image.open("t.png").size == (400, 400)


def test_all_writes_one_mockup_per_colour_into_a_folder(here, capsys) -> None:
    code, out, _ = run(capsys, "sunrise-tee.cocreate", "--all", "--out", "shots")
    assert code == 0
    names = ["white", "natural", "heather-grey", "sky-blue"]
    assert out.splitlines() == [
        f"shots/{n}.png: mockup of sunrise-tee.cocreate on the {c} tshirt"
        for n, c in zip(names, ["white", "natural", "heather grey", "sky blue"], strict=True)
    ]
    assert sorted(p.name for p in Path("shots").iterdir()) == sorted(f"{n}.png" for n in names)


def test_check_prints_findings_and_exits_1_on_errors(here, capsys) -> None:
    from engine.design.model import ImageLayer
    from engine.document import DesignDocument
    from engine.fileio import load, save

    doc = load("bold-type.cocreate")
    assert isinstance(doc, DesignDocument)
    photo = doc.design.layers[0]
    assert isinstance(photo, ImageLayer)
    photo.transform.scale = 3.5  # the 960 px photo blown up to 11.2 in: 86 dpi
    save(doc, "low-dpi.cocreate")
    code, out, err = run(capsys, "low-dpi.cocreate", "--check")
    assert code == 1 and err == ""
    assert out.splitlines()[0] == (
        "low-dpi.cocreate: error: $.design.layers[0] (dusk photo): image is 86 dpi as placed; "
        "print needs 150 dpi (300 for a sharp print): use a larger image, or scale it to 2.00 "
        "or less"
    )
    assert out.splitlines()[-1].startswith("low-dpi.cocreate: not ready to print: 1 error, ")


def test_the_sample_designs_are_ready_to_print(here, capsys) -> None:
    for name in ("sunrise-tee", "geo-shapes", "bold-type"):
        code, out, _ = run(capsys, f"{name}.cocreate", "--check")
        assert code == 0, out
        assert " 0 errors" in out.splitlines()[-1]


def test_check_exits_0_with_only_warnings(here, capsys) -> None:
    code, out, _ = run(capsys, "geo-shapes.cocreate", "--check")
    assert code == 0
    assert out.splitlines()[-1] == (
        "geo-shapes.cocreate: ready to print: 0 errors, 3 warnings; 5 ink colours for screen "
        "printing"
    )


def test_a_level_is_not_a_design(here, capsys) -> None:
    assert run(capsys, "first-steps.cocreate", "--out", "m.png") == (
        1,
        "",
        "first-steps.cocreate: is a level, not a design\n",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sunrise-tee.cocreate"], "--out is needed (or --check)"),
        (["sunrise-tee.cocreate", "--out", "a.png", "--size", "10x10"], "--size goes with --print"),
        (["sunrise-tee.cocreate", "--print", "--out", "a.png", "--size", "big"],
         "--size 'big' is not WIDTHxHEIGHT in pixels (1 to 20000)"),
        (["sunrise-tee.cocreate", "--print", "--out", "a.png", "--color", "white"],
         "--color and --garment are for mockups and thumbnails"),
        (["sunrise-tee.cocreate", "--all", "--out", "d", "--color", "white"],
         "--all makes every colour; leave out --color"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_line(here, capsys, argv, message) -> None:
    assert run(capsys, *argv) == (2, "", f"cocreate preview: error: {message}\n")


def test_a_missing_file_exits_2(here, capsys) -> None:
    assert run(capsys, "nope.cocreate", "--out", "m.png") == (
        2,
        "",
        "nope.cocreate: no such file\n",
    )


def test_two_modes_at_once_are_a_usage_error(here, capsys) -> None:
    code, _, err = run(capsys, "sunrise-tee.cocreate", "--print", "--check")
    assert code == 2
    assert "not allowed with argument" in err


def _bad(here: Path, name: str, **assets: bytes) -> Path:
    path = here / name
    doc = design(rect())
    for key_name, data in assets.items():
        import hashlib

        key = hashlib.sha256(data).hexdigest()
        kind = "font/ttf" if key_name == "font" else "image/png"
        doc.assets[key] = Asset(type=kind, name=f"{key_name}.bin", data=data)  # type: ignore[arg-type]
        if key_name == "font":
            doc.design.layers.append(TextLayer(id=2, name="words", transform=T(x=2.0, y=1.5),
                                               text="hi", font=key))  # fmt: skip
        else:
            doc.design.layers.append(ImageLayer(id=2, name="pic", transform=T(x=2.0, y=1.5),
                                                image=key))  # fmt: skip
        doc.design.next_id = 3
    save(doc, path)
    return path


def test_an_image_asset_that_is_not_an_image_is_a_path_precise_error(here, capsys) -> None:
    _bad(here, "bad.cocreate", image=b"\x89PNG\r\n\x1a\nnot really a png at all")
    code, out, err = run(capsys, "bad.cocreate", "--print", "--out", "p.png")
    assert code == 1 and out == ""
    assert err.startswith("bad.cocreate: $.assets[")
    assert "].data: image cannot be read: " in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert not Path("p.png").exists()


def test_a_font_that_does_not_load_is_a_path_precise_error(here, capsys) -> None:
    _bad(here, "bad.cocreate", font=b"\x00\x01\x00\x00" + font_bytes()[4:200])
    code, out, err = run(capsys, "bad.cocreate", "--out", "m.png")
    assert code == 1 and out == ""
    assert "].data: font cannot be read: " in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(("scale", "message"), [
    (math.nan, "$.design.layers[0].transform.scale: must be a finite number, not nan"),
    (0.0, "$.design.layers[0].transform.scale: must be more than 0, not 0"),
])  # fmt: skip
def test_a_nan_or_zero_scale_is_a_path_precise_error(here, capsys, scale, message) -> None:
    doc = design(rect(transform=T(x=1.0, y=1.0, scale=scale)))
    Path("bad.cocreate").write_bytes(msgspec.msgpack.encode(doc))
    assert run(capsys, "bad.cocreate", "--check") == (1, "", f"bad.cocreate: {message}\n")


def test_the_installed_command_runs_without_a_traceback(here, cocreate_cmd) -> None:
    ran = cocreate_cmd("preview", "geo-shapes.cocreate", "--thumbnail", "--out", "t.png", cwd=here)
    assert ran == (
        0,
        "t.png: thumbnail of geo-shapes.cocreate on the white tank, 400 × 400 px\n",
        "",
    )
    ran = cocreate_cmd("preview", "first-steps.cocreate", "--check", cwd=here)
    assert ran == (1, "", "first-steps.cocreate: is a level, not a design\n")


@pytest.mark.parametrize("mode", [[], ["--print"], ["--thumbnail"]])
def test_the_design_itself_is_never_overwritten(here, capsys, mode) -> None:
    before = Path("geo-shapes.cocreate").read_bytes()
    assert run(capsys, "geo-shapes.cocreate", *mode, "--out", "geo-shapes.cocreate") == (
        2,
        "",
        "cocreate preview: error: --out geo-shapes.cocreate: writes a PNG, so the name must end "
        "in .png\n",
    )
    assert Path("geo-shapes.cocreate").read_bytes() == before


def test_a_design_named_like_a_png_is_not_its_own_output(here, capsys) -> None:
    Path("geo-shapes.cocreate").rename("tee.png")
    before = Path("tee.png").read_bytes()
    assert run(capsys, "tee.png", "--out", "./tee.png") == (
        2,
        "",
        "cocreate preview: error: --out ./tee.png: is the design being read (tee.png); writing "
        "would replace it\n",
    )
    assert Path("tee.png").read_bytes() == before


def test_a_link_named_png_to_a_creation_is_refused(here, capsys) -> None:
    Path("m.png").symlink_to("first-steps.cocreate")
    before = Path("first-steps.cocreate").read_bytes()
    code, out, err = run(capsys, "geo-shapes.cocreate", "--out", "m.png")
    assert (code, out) == (2, "")
    assert err == (
        f"cocreate preview: error: --out m.png: is a link to {here / 'first-steps.cocreate'}, "
        "which is not a .png file\n"
    )
    assert Path("first-steps.cocreate").read_bytes() == before


def test_all_never_writes_over_the_design(here, capsys) -> None:
    Path("shots").mkdir()
    Path("geo-shapes.cocreate").rename("shots/mint.png")  # where --all writes the mint mockup
    before = Path("shots/mint.png").read_bytes()
    assert run(capsys, "shots/mint.png", "--all", "--out", "shots") == (
        2,
        "",
        "cocreate preview: error: --out shots/mint.png: is the design being read "
        "(shots/mint.png); writing would replace it\n",
    )
    assert sorted(p.name for p in Path("shots").iterdir()) == ["mint.png"]  # nothing written
    assert Path("shots/mint.png").read_bytes() == before


def test_an_existing_png_is_replaced_whole(here, capsys) -> None:
    Image.new("RGB", (8, 8)).save("m.png")
    code, out, _ = run(capsys, "sunrise-tee.cocreate", "--out", "m.png")
    assert (code, out.split(":")[0]) == (0, "m.png")
    assert Image.open("m.png").size == (1000, 1000)
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == []  # no temp left
