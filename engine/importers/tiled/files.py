"""Reading Tiled files (maps, tilesets, templates; XML or JSON) as the JSON format's structure:
the XML front end turns XML into that structure, so the rest is written once."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from engine.importers.tiled.values import Bad

MAX_MAP_BYTES = 64 * 1024 * 1024
"""Map, tileset and template files larger than this are refused."""


def read(path: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_MAP_BYTES:
            raise Bad(f"{what} is {size:,} bytes, over the {MAX_MAP_BYTES // 2**20} MiB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise Bad(f"{what} not found") from None
    except IsADirectoryError:
        raise Bad(f"{what} is a directory, not a file") from None
    except OSError as exc:
        raise Bad(f"{what}: cannot read it ({exc.strerror or exc})") from None


def load(path: Path, what: str, want: str) -> dict[str, Any]:
    """The Tiled file at ``path`` (XML or JSON) as a JSON-shaped dict whose ``type`` is
    ``want`` (``map``, ``tileset`` or ``template``)."""
    data = read(path, what)
    xml = path.suffix.lower() in (".tmx", ".tsx", ".tx") or data.lstrip()[:1] == b"<"
    if xml:
        doc = _xml_document(data, what)
    else:
        try:
            doc = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Bad(f"{what}: not valid JSON ({exc})") from None
        if not isinstance(doc, dict):
            raise Bad(f"{what}: not a Tiled {want} (the JSON is not an object)")
        if want == "template" and "object" in doc:
            doc.setdefault("type", "template")
        doc.setdefault("type", want)
    if doc.get("type") != want:
        raise Bad(f"{what}: not a Tiled {want} (it is a {doc.get('type')!r})")
    return doc


# -- the XML front end: XML → the JSON format's structure ------------------------------------


def _xml_document(data: bytes, what: str) -> dict[str, Any]:
    if b"<!ENTITY" in data:
        raise Bad(f"{what}: XML entity declarations are not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise Bad(f"{what}: not valid XML ({exc})") from None
    if root.tag == "map":
        doc = _xml_map(root)
    elif root.tag == "tileset":
        doc = _xml_tileset(root)
    elif root.tag == "template":
        doc = {"type": "template"}
        if (ts := root.find("tileset")) is not None:
            doc["tileset"] = _xml_tileset(ts)
        obj = root.find("object")
        doc["object"] = _xml_object(obj) if obj is not None else {}
    else:
        raise Bad(f"{what}: not a Tiled file (its root element is <{root.tag}>)")
    return doc


def _xml_props(el: ET.Element) -> list[dict[str, Any]]:
    found = el.find("properties")
    if found is None:
        return []
    out = []
    for prop in found.findall("property"):
        kind = prop.get("type", "string")
        if prop.find("properties") is not None:
            kind = "class"
        value = prop.get("value")
        out.append({"name": prop.get("name", ""), "type": kind, "value": value or prop.text or ""})
    return out


def _xml_map(root: ET.Element) -> dict[str, Any]:
    doc: dict[str, Any] = dict(root.attrib)
    doc["type"] = "map"
    doc["properties"] = _xml_props(root)
    doc["tilesets"] = [_xml_tileset(t) for t in root.findall("tileset")]
    doc["layers"] = _xml_layers(root)
    return doc


def _xml_layers(parent: ET.Element) -> list[dict[str, Any]]:
    layers = []
    for el in parent:
        d: dict[str, Any] = dict(el.attrib)
        d["properties"] = _xml_props(el)
        if el.tag == "layer":
            d["type"] = "tilelayer"
            data = el.find("data")
            if data is None:
                raise Bad(f"layer {el.get('name', '')!r} has no <data>")
            d["encoding"] = data.get("encoding") or "xml"
            d["compression"] = data.get("compression", "")
            chunks = data.findall("chunk")
            if chunks:
                d["chunks"] = [{**c.attrib, "data": _xml_cells(c, d["encoding"])} for c in chunks]
            else:
                d["data"] = _xml_cells(data, d["encoding"])
        elif el.tag == "objectgroup":
            d["type"] = "objectgroup"
            d["objects"] = [_xml_object(o) for o in el.findall("object")]
        elif el.tag == "imagelayer":
            d["type"] = "imagelayer"
            image = el.find("image")
            d["image"] = image.get("source", "") if image is not None else ""
        elif el.tag == "group":
            d["type"] = "group"
            d["layers"] = _xml_layers(el)
        else:
            continue
        layers.append(d)
    return layers


def _xml_cells(el: ET.Element, encoding: str) -> str | list[Any]:
    if encoding != "xml":
        return el.text or ""
    return [t.get("gid", "0") for t in el.findall("tile")]


def _xml_object(el: ET.Element) -> dict[str, Any]:
    d: dict[str, Any] = dict(el.attrib)
    d["properties"] = _xml_props(el)
    for child in el:
        if child.tag in ("ellipse", "point"):
            d[child.tag] = True
        elif child.tag in ("polygon", "polyline"):
            pairs = (p.split(",", 1) for p in child.get("points", "").split())
            d[child.tag] = [{"x": p[0], "y": p[1] if len(p) > 1 else ""} for p in pairs]
        elif child.tag == "text":
            d["text"] = {"text": child.text or ""}
    if not d["properties"]:
        del d["properties"]  # so that a template's properties are not hidden
    return d


def _xml_tileset(el: ET.Element) -> dict[str, Any]:
    d: dict[str, Any] = dict(el.attrib)
    d["type"] = "tileset"
    d["properties"] = _xml_props(el)
    image = el.find("image")
    if image is not None:
        d["image"] = image.get("source", "")
        d["imagewidth"] = image.get("width", "0")
        d["imageheight"] = image.get("height", "0")
    tiles = []
    for tile in el.findall("tile"):
        t: dict[str, Any] = dict(tile.attrib)
        t["properties"] = _xml_props(tile)
        if (timage := tile.find("image")) is not None:
            t["image"] = timage.get("source", "")
            t["imagewidth"] = timage.get("width", "0")
            t["imageheight"] = timage.get("height", "0")
        tiles.append(t)
    d["tiles"] = tiles
    return d
