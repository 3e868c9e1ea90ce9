"""The characters and ruling lines of each page of a PDF, read with pdfium (pypdfium2).

A character is what pdf.py lays out: its text, x0 and x1 (its origin and advance), its font size,
and top and bottom, the font size above its baseline (page coordinates from the top left, in
points). Characters pdfium adds itself (the spaces and line ends of its own text extraction) and
characters not set upright are left out; the spaces pdfium's text page drops are put back
(pdf_spaces.py). A ruling line is a straight horizontal or vertical piece of a stroked path, or a
thin filled rectangle (Word draws its table borders so): its centre line. Other fills (cell
shading, a page background) are not rules.

A PDF that cannot be read is rejected with the reason: encrypted, damaged (pdfium rebuilds a
damaged cross-reference table and reads on, so a damaged file that still shows its text is read;
one that shows none is reported as damaged, not as a scan, and one where characters may be lost,
see pdf_spaces.py, as LostGlyphs), or without any text (a scan: OCR is not supported).

pdfium is called through the bindings' function pointers without their argument types: the
bindings convert every argument of every call, which costs twice the call itself, and a page
takes a few calls per character. The text page and the page, passed on each of those calls, go
as a reference made once (`_reference`): ctypes passes one as it is, where for a pointer object
it makes an argument object on every call.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from yusuan.readers.detect import RejectedFile
from yusuan.readers.pdf_cells import Rule
from yusuan.readers.pdf_spaces import restore_spaces, space_widths

THIN = 3.0  # a filled rectangle at most this wide or high is a rule (the snap tolerance of pdf_cells)
SKEW = 0.5  # a piece of a path this close to horizontal or vertical is drawn as one
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_TURN = 2 * math.pi - 0.01  # a character's angle up to which it is turned
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass
class Page:
    """What pdf.py lays out of one page: its characters and its horizontal and vertical rules."""

    chars: list[dict] = field(default_factory=list)
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)
    images: int = 0
    # what pdf_spaces needs: text objects pdfium skipped as they hold one space only (where each
    # starts, its baseline), and the first space of each run with where its text object ends
    blanks: list[tuple[float, float]] = field(default_factory=list)
    runs: list[tuple[dict, float]] = field(default_factory=list)
    # (baseline, index in chars) where each stretch of characters on one baseline starts: the lines
    # of a page without another pass over its characters
    stretches: list[tuple[float, int]] = field(default_factory=list)


class _Buffers:
    """What pdfium writes an object's bounds, matrix, draw mode and points into: made once for a page
    of thousands of objects, not once for each."""

    def __init__(self, raw) -> None:  # pypdfium2.raw, imported late (see _pdfium)
        # left, bottom, right, top: an array, as an item is read faster than a c_float's value
        self.bounds = (ctypes.c_float * 4)()
        self.bounds_refs = [ctypes.byref(self.bounds, k * ctypes.sizeof(ctypes.c_float)) for k in range(4)]
        self.matrix = raw.FS_MATRIX()
        self.fill, self.stroke, self.x, self.y = ctypes.c_int(), ctypes.c_int(), ctypes.c_float(), ctypes.c_float()
        self.fill_ref, self.stroke_ref = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)


class LostGlyphs(RejectedFile):
    """A damaged file where pdfium may have lost characters: their glyphs cannot be drawn."""


class _Handle(ctypes.c_void_p):
    """A pdfium object: as a result type, ctypes hands back this object, passed on as a pointer
    (a plain int would be passed as a 32-bit int)."""


@functools.cache
def _pdfium() -> SimpleNamespace:
    import pypdfium2.raw as raw  # imported here: 0.1-0.2 s, which every run and parse worker would pay

    def bare(name: str, restype=ctypes.c_int):
        """The C function of the binding `name`, without its argument types."""
        typed = getattr(raw, name)
        function = type(typed)(ctypes.cast(typed, ctypes.c_void_p).value)
        function.restype = restype
        return function

    return SimpleNamespace(
        raw=raw,
        count_chars=bare("FPDFText_CountChars"),
        text=bare("FPDFText_GetText"),
        unicode=bare("FPDFText_GetUnicode"),
        generated=bare("FPDFText_IsGenerated"),
        angle=bare("FPDFText_GetCharAngle", ctypes.c_float),
        box=bare("FPDFText_GetLooseCharBox"),
        origin=bare("FPDFText_GetCharOrigin"),
        size=bare("FPDFText_GetFontSize", ctypes.c_double),
        text_object=bare("FPDFText_GetTextObject", _Handle),
        count_objects=bare("FPDFPage_CountObjects"),
        page_object=bare("FPDFPage_GetObject", _Handle),
        count_form_objects=bare("FPDFFormObj_CountObjects"),
        form_object=bare("FPDFFormObj_GetObject", _Handle),
        object_type=bare("FPDFPageObj_GetType"),
        bounds=bare("FPDFPageObj_GetBounds"),
        matrix=bare("FPDFPageObj_GetMatrix"),
        draw_mode=bare("FPDFPath_GetDrawMode"),
        count_segments=bare("FPDFPath_CountSegments"),
        segment=bare("FPDFPath_GetPathSegment", _Handle),
        segment_type=bare("FPDFPathSegment_GetType"),
        point=bare("FPDFPathSegment_GetPoint"),
        closes=bare("FPDFPathSegment_GetClose"),
    )


def read_pages(data: bytes) -> list[Page]:
    import pypdfium2 as pdfium

    api = _pdfium()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == api.raw.FPDF_ERR_PASSWORD:
            raise RejectedFile("encrypted PDF: opening it needs a password") from exc
        if exc.err_code == api.raw.FPDF_ERR_SECURITY:
            raise RejectedFile("encrypted PDF: its security handler is not supported") from exc
        raise RejectedFile(f"not a readable PDF (damaged or truncated): {exc}") from exc
    try:
        pages = []
        for number in range(len(document)):
            try:
                page = document[number]
            except pdfium.PdfiumError as exc:
                raise RejectedFile(f"not a readable PDF (damaged or truncated): page {number + 1} cannot be loaded") from exc
            pages.append(_page(api, page))
            page.close()
        repaired = not api.raw.FPDF_DocumentHasValidCrossReferenceTable(document)
    finally:
        document.close()
    if not any(page.chars for page in pages):
        if repaired:
            raise RejectedFile("not a readable PDF (damaged or truncated): its cross-reference table is damaged and no page shows text")
        if any(page.images for page in pages):
            raise RejectedFile("no text layer: scanned PDF, OCR is not supported")
        raise RejectedFile("no text layer: the pages hold neither text nor images")
    widths = space_widths([page.runs for page in pages])
    doubts = sum(restore_spaces(page.chars, page.stretches, page.blanks, page.runs, widths) for page in pages)
    if repaired and doubts:  # an ideographic space is likelier than a lost glyph only in a file otherwise sound
        raise LostGlyphs(f"not a readable PDF (damaged or truncated): its cross-reference table is damaged, and "
                         f"{doubts} character{'s' if doubts > 1 else ''} cannot be drawn (their text is unknown)")
    return pages


def _page(api: SimpleNamespace, page) -> Page:
    out = Page()
    top = page.get_mediabox()[3]  # pdfium's y runs up from the bottom, the layout's down from the top
    text_page = page.get_textpage()
    _chars(api, _reference(text_page.raw), top, out)
    text_page.close()
    _objects(api, _reference(page.raw), top, out)
    return out


def _reference(handle) -> ctypes._CArgObject:
    """A pdfium object (a handle of the bindings) as an argument of pdfium's functions: a reference to
    what lies at its address, which is the address itself."""
    return ctypes.byref(ctypes.c_char.from_address(ctypes.cast(handle, ctypes.c_void_p).value))


def _chars(api: SimpleNamespace, text_page: ctypes._CArgObject, top: float, out: Page) -> None:
    generated, angle, box, origin, font_size = api.generated, api.angle, api.box, api.origin, api.size
    # an FS_RECTF (left, top, right, bottom) and an origin (x, y) as arrays: an item is read faster than a field
    rect, xy = (ctypes.c_float * 4)(), (ctypes.c_double * 2)()
    rect_ref, x_ref, y_ref = ctypes.byref(rect), ctypes.byref(xy), ctypes.byref(xy, ctypes.sizeof(ctypes.c_double))
    bounds = [ctypes.c_float() for _ in range(4)]
    bounds_refs = [ctypes.byref(b) for b in bounds]
    chars, stretches, last = out.chars, out.stretches, None
    for k, code in enumerate(_codes(api, text_page)):
        if code == 0x2:
            code = 0x2D  # pdfium's mark for a hyphen it took for one breaking a word at the end of a line
        elif code < 0x20 or (code == 0x20 and generated(text_page, k)):
            continue  # line ends and spaces pdfium inserts, and control codes
        if 0.01 < angle(text_page, k) < _TURN:  # turned (0 to 2π; -1 where pdfium cannot tell)
            continue
        box(text_page, k, rect_ref)
        origin(text_page, k, x_ref, y_ref)
        size = font_size(text_page, k)
        baseline = top - xy[1]
        if baseline != last:
            stretches.append((baseline, len(chars)))
            last = baseline
        char = {"text": chr(code), "x0": rect[0], "x1": rect[2], "top": baseline - size, "bottom": baseline, "size": size}
        chars.append(char)
        if code == 0x20:
            api.bounds(api.text_object(text_page, k), *bounds_refs)
            out.runs.append((char, bounds[2].value))


def _codes(api: SimpleNamespace, text_page: ctypes._CArgObject) -> list[int]:
    """The Unicode of each character of the text page: pdfium's text of the page in one call where
    it holds one code for each character, else one call per character. The text leaves out the
    control codes pdfium does not print (then it is shorter), and has U+FFFE where a character
    has no Unicode (0) or is pdfium's hyphen mark (0x2): those are asked for one by one."""
    count = api.count_chars(text_page)
    # room for two UTF-16 codes a character: pdfium writes a character outside the BMP as a pair,
    # however small a buffer it was given
    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = api.text(text_page, 0, count, buffer)
    text = bytes(buffer)[:2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    # a character outside the BMP may be two characters of the text page, one code each (a pair: the
    # text is shorter), or a lone one
    if len(text) != count or _SURROGATES.search(text):
        return [api.unicode(text_page, k) for k in range(count)]
    codes = [*map(ord, text)]
    for k in [k for k, code in enumerate(codes) if code == 0xFFFE]:
        codes[k] = api.unicode(text_page, k)
    return codes


def _objects(api: SimpleNamespace, page: ctypes._CArgObject, top: float, out: Page) -> None:
    """The rules, images and one-space text objects of the page, in form XObjects too (their
    matrices applied)."""
    raw = api.raw
    text, image, path, form = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    object_type, object_bounds = api.object_type, api.bounds
    buffers = _Buffers(raw)
    own, own_ref = buffers.matrix, ctypes.byref(buffers.matrix)
    bounds, refs = buffers.bounds, buffers.bounds_refs
    todo = [(api.page_object, page, api.count_objects(page), IDENTITY)]
    while todo:
        get, holder, count, outer = todo.pop()
        for k in range(count):
            obj = get(holder, k)
            kind = object_type(obj)
            if kind == text:
                object_bounds(obj, *refs)
                left, bottom, right = bounds[0], bounds[1], bounds[2]
                if right - left < 0.01:  # a space only: its glyph has no extent, nor the object
                    a, b, c, d, e, f = outer
                    out.blanks.append((a * left + c * bottom + e, top - (b * left + d * bottom + f)))
            elif kind == image:
                out.images += 1
            elif kind == path or kind == form:
                api.matrix(obj, own_ref)
                matrix = _times((own.a, own.b, own.c, own.d, own.e, own.f), outer)
                if kind == form:
                    todo.append((api.form_object, obj, api.count_form_objects(obj), matrix))
                else:
                    _path_rules(api, buffers, obj, matrix, top, out)


def _times(inner: tuple, outer: tuple) -> tuple:
    """The matrix applying `inner`, then `outer` (PDF's a b c d e f)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _path_rules(api: SimpleNamespace, buffers: _Buffers, path: _Handle, matrix: tuple, top: float, out: Page) -> None:
    raw = api.raw
    fill, stroke, px, py = buffers.fill, buffers.stroke, buffers.x, buffers.y
    api.draw_mode(path, buffers.fill_ref, buffers.stroke_ref)
    if not stroke.value and fill.value == raw.FPDF_FILLMODE_NONE:
        return  # painted neither way: a clip, or an invisible path
    a, b, c, d, e, f = matrix
    px_ref, py_ref = buffers.x_ref, buffers.y_ref
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    segment_of, point_of, type_of, closes = api.segment, api.point, api.segment_type, api.closes
    subpaths: list[list[tuple[float, float]]] = []  # every point of each subpath, curves' control points too
    straight: list[tuple[tuple[float, float], tuple[float, float]]] = []  # the straight pieces
    for k in range(api.count_segments(path)):
        segment = segment_of(path, k)
        point_of(segment, px_ref, py_ref)
        x, y = px.value, py.value
        point = (a * x + c * y + e, top - (b * x + d * y + f))
        kind = type_of(segment)
        if kind == moveto or not subpaths:
            subpaths.append([point])
        else:
            if kind == lineto:
                straight.append((subpaths[-1][-1], point))
            subpaths[-1].append(point)
        if closes(segment):
            straight.append((point, subpaths[-1][0]))
            subpaths[-1].append(subpaths[-1][0])
    if stroke.value:
        for (x0, y0), (x1, y1) in straight:
            _add_rule(out, x0, y0, x1, y1)
        return
    for points in subpaths:
        left, right = min(x for x, _ in points), max(x for x, _ in points)
        high, low = min(y for _, y in points), max(y for _, y in points)
        if low - high <= THIN < right - left:
            _add_rule(out, left, (high + low) / 2, right, (high + low) / 2)
        elif right - left <= THIN < low - high:
            _add_rule(out, (left + right) / 2, high, (left + right) / 2, low)


def _add_rule(out: Page, x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= SKEW:
        out.horizontal.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= SKEW:
        out.vertical.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
