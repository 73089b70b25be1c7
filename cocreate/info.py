"""``cocreate info FILE [--json]``: what a creation file holds."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args: argparse.Namespace) -> int:
    from cocreate.reading import read_creation
    from engine.summary import summarize
    from engine.validation import validate

    read = read_creation(args.file)
    if isinstance(read, int):
        return read
    info = summarize(read.document, read.data, version_read=read.version_read)
    problems = validate(read.document)
    info["valid"] = not problems
    info["problems"] = len(problems)
    from engine.errors import bidi_escaped  # a title's U+202E must not reorder the lines

    if args.json:
        print(bidi_escaped(json.dumps(info, indent=2, ensure_ascii=False)))
    else:
        print(bidi_escaped(_text(args.file, info)))
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _text(name: str, info: dict[str, Any]) -> str:
    from engine.document import FORMAT_VERSION

    rows: list[tuple[str, str]] = []
    migrated = ", migrated on load" if info["format_version"] != FORMAT_VERSION else ""
    rows.append(
        ("kind", f"{info['kind']} (format {info['format_version']}{migrated}; {info['app']})")
    )
    rows.append(("title", info["title"]))
    rows.append(("author", info["author"] or "(none)"))
    rows.append(("license", info["license"]))
    if info["tags"]:
        rows.append(("tags", ", ".join(info["tags"])))
    rows.append(("id", f"{info['id']} revision {info['revision']}"))
    rows.append(("modified", f"{info['modified']} (created {info['created']})"))
    rows.append(("digest", f"sha256:{info['digest']}"))
    assets = info["assets"]
    rows.append(
        (
            "size",
            f"{info['bytes']:,} bytes, of which {_plural(assets['count'], 'asset')} "
            f"{assets['bytes']:,} bytes",
        )
    )
    if info["parents"]:
        for i, p in enumerate(info["parents"]):
            label = "remix of" if i == 0 else ""
            rows.append((label, f"{p['id']} revision {p['revision']} (sha256:{p['digest'][:12]}…)"))
    else:
        rows.append(("lineage", "original (no parents)"))
    c = info["counts"]
    if info["kind"] == "level":
        w, h = info["size"]
        rows.append(("level", f"{w:g} × {h:g} px"))
        rows.append(
            (
                "holds",
                f"{_plural(c['materials'], 'material')} · {_plural(c['shapes'], 'shape')} · "
                f"{_plural(c['entities'], 'entity').replace('entitys', 'entities')} · "
                f"{_plural(c['links'], 'link')} · {_plural(c['tile_layers'], 'tile layer')}"
                + (f" · {_plural(c['decorations'], 'decoration')}" if c["decorations"] else ""),
            )
        )
        if info["entity_types"]:
            rows.append(
                ("entities", ", ".join(f"{k} {v}" for k, v in info["entity_types"].items()))
            )
    elif info["kind"] == "replay":
        lv = info["level"]
        rows.append(
            ("of level", f"{lv['id']} revision {lv['revision']} (sha256:{lv['digest'][:12]}…)")
        )
        seconds = c["ticks"] / 60
        rows.append(
            ("inputs", f"{c['ticks']:,} ticks ({seconds:.2f} s) in {_plural(c['runs'], 'run')}")
        )
        rows.append(("recorded", f"{info['result']} with {info['engine']}"))
    else:
        w, h, dpi = info["print_area"]
        rows.append(("garment", f"{info['garment']} in {', '.join(info['colors'])}"))
        rows.append(("print", f"{w:g} × {h:g} in at {dpi} dpi"))
        types = ", ".join(f"{k} {v}" for k, v in info["layer_types"].items())
        rows.append(("layers", f"{c['layers']}" + (f" ({types})" if types else "")))
    n = info["problems"]
    rows.append(
        (
            "valid",
            "yes" if info["valid"] else f"no, {_plural(n, 'problem')} (run cocreate validate)",
        )
    )
    width = max(len(k) for k, _ in rows)
    return "\n".join([name] + [f"  {k:<{width}}  {v}" for k, v in rows])
