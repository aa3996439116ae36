"""The import file's columns (docs/import.md) and reading CSV and XLSX into rows of text.

One row is one family: the target child, up to two parents, and the case. Headers are Danish
and matched loosely (case, spaces, hyphens, and æ/ø/å written as ae/oe/aa). A file with an
unknown or a missing required column is refused as a whole: a misspelt header would
otherwise silently import nothing into that field.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from indgang.core.cpr import mask_cpr

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str  # the header, as documented
    meaning: str
    required: bool = False
    kind: str = "text"  # text, cpr, date, bool, int, code


PARENT_FIELDS = ("cpr", "fornavn", "efternavn", "email", "telefon", "forældremyndighed")


def _parent_columns(n: int) -> list[Column]:
    who = f"forælder {n}"
    return [
        Column(f"forælder{n}_cpr", f"CPR-nummeret på {who}", kind="cpr"),
        Column(f"forælder{n}_fornavn", f"Fornavn på {who} (tom: ingen {who})"),
        Column(f"forælder{n}_efternavn", f"Efternavn på {who}"),
        Column(f"forælder{n}_email", f"E-mail på {who}"),
        Column(f"forælder{n}_telefon", f"Telefon på {who}", kind="code"),
        Column(
            f"forælder{n}_forældremyndighed",
            f"Har {who} forældremyndighed? ja/nej (tom: ja)",
            kind="bool",
        ),
    ]


COLUMNS: list[Column] = [
    Column("ekstern_nøgle", "Familiens id i det tidligere system (valgfri, men anbefalet)"),
    Column("familie", "Familiens navn, f.eks. Familien Hansen", required=True),
    Column("kommunekode", "Bopælskommunens kode, f.eks. 183 for Ishøj", required=True, kind="code"),
    Column("center", "Centrets navn (tom: importens center); skal være importens center"),
    Column("adresse", "Adresse"),
    Column("postnummer", "Postnummer, fire cifre", kind="code"),
    Column("by", "By"),
    Column("sprog", "Familiens sprog (tom: dansk)"),
    Column("tolk", "Behov for tolk? ja/nej (tom: nej)", kind="bool"),
    Column("kontaktform", "Telefon, SMS, E-mail, Digital Post eller Hjemmebesøg (tom: Telefon)"),
    Column("barn_cpr", "Barnets CPR-nummer; familien genkendes på det", required=True, kind="cpr"),
    Column("barn_fornavn", "Barnets fornavn", required=True),
    Column("barn_efternavn", "Barnets efternavn", required=True),
    *_parent_columns(1),
    *_parent_columns(2),
    Column(
        "status",
        "Henvist, Målgruppe vurderet, Samtykke givet, Indskrevet eller Udskrevet",
        required=True,
    ),
    Column("henvist_dato", "Henvisningsdato", required=True, kind="date"),
    Column("henvist_af", "Hvem henviste familien"),
    Column("koordinator", "Familiekoordinatorens brugernavn eller e-mail (kræves ved Indskrevet)"),
    Column("vurderet_dato", "Dato for målgruppevurderingen (tom: henvisningsdatoen)", kind="date"),
    Column("vurderet_af", "Hvem vurderede målgruppen (tom: Overført ved import)"),
    Column(
        "flere_indsatser",
        "Forventes flere indsatser efter forskellig lovgivning? ja/nej (kræves for børn over "
        "alderen for automatisk indskrivning)",
        kind="bool",
    ),
    Column(
        "betydelig_påvirkning",
        "Påvirker funktionsnedsættelsen familiens hverdag betydeligt? ja/nej (som ovenfor)",
        kind="bool",
    ),
    Column("samtykke_dato", "Dato for samtykket (tom: vurderingsdatoen)", kind="date"),
    Column("indskrevet_dato", "Indskrivningsdato (kræves ved Indskrevet)", kind="date"),
    Column(
        "forudgående_sagslængde",
        "Forudgående sagslængde i hele måneder ved indskrivning",
        kind="int",
    ),
    Column("udskrevet_dato", "Udskrivningsdato (kræves ved Udskrevet)", kind="date"),
    Column("udskrivningsårsag", "Årsag til udskrivning (kræves ved Udskrevet)"),
]
BY_NAME = {c.name: c for c in COLUMNS}


def normalise_header(text: str) -> str:
    """ "Forælder 1 CPR", "foraelder1-cpr" and "forælder1_cpr" are the same column."""
    text = str(text or "").strip().lower()
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(danish, plain)
    text = re.sub(r"[\s\-]+", "_", text)
    text = re.sub(r"_(?=\d)", "", text)  # "foraelder_1_cpr" -> "foraelder1_cpr"
    return text


_BY_NORMALISED = {normalise_header(c.name): c.name for c in COLUMNS}


class FileRefused(Exception):
    """The file as a whole cannot be read: no line is looked at."""


@dataclass
class Sheet:
    columns: list[str]  # the documented names, in the file's order
    rows: list[tuple[int, dict[str, object]]]  # (line number in the file, {column: value})


def read_file(content: bytes, file_name: str = "") -> Sheet:
    """Read a CSV (UTF-8, ``;`` or ``,``) or XLSX file; raise FileRefused with a Danish reason."""
    if not content:
        raise FileRefused(_("Filen er tom."))
    if len(content) > MAX_BYTES:
        raise FileRefused(_("Filen er for stor (højst 5 MB)."))
    if content[:4] == b"PK\x03\x04":
        header, rows = _read_xlsx(content)
    elif file_name.lower().endswith((".xlsx", ".xlsm")):
        raise FileRefused(_("Filen er ikke en gyldig XLSX-fil."))
    else:
        header, rows = _read_csv(content)
    columns = _columns(header)
    sheet_rows = []
    for number, cells in rows:
        if all(v is None or str(v).strip() == "" for v in cells):
            continue  # blank lines are skipped, not refused
        values = {
            name: (cells[i] if i < len(cells) else None) for i, name in enumerate(columns) if name
        }
        sheet_rows.append((number, values))
        if len(sheet_rows) > MAX_ROWS:
            raise FileRefused(_("Filen har mere end %(n)s linjer.") % {"n": MAX_ROWS})
    if not sheet_rows:
        raise FileRefused(_("Filen har ingen linjer under overskrifterne."))
    return Sheet(columns=[c for c in columns if c], rows=sheet_rows)


def _columns(header: list) -> list:
    names = []
    unknown = []
    for cell in header:
        text = str(cell or "").strip()
        if not text:
            names.append(None)  # an empty header cell: its column is ignored
            continue
        name = _BY_NORMALISED.get(normalise_header(text))
        if name is None:
            unknown.append(shown(text, 40))
        names.append(name)
    if unknown:
        raise FileRefused(
            _("Ukendte kolonner: %(cols)s. Se kolonnerne i docs/import.md.")
            % {"cols": ", ".join(f"«{u}»" for u in unknown)}
        )
    present = [n for n in names if n]
    duplicated = sorted({n for n in present if present.count(n) > 1})
    if duplicated:
        raise FileRefused(
            _("Kolonnen står flere gange: %(cols)s.") % {"cols": ", ".join(duplicated)}
        )
    missing = [c.name for c in COLUMNS if c.required and c.name not in present]
    if missing:
        raise FileRefused(
            _("Filen mangler kolonnerne: %(cols)s. Første linje skal være overskrifterne.")
            % {"cols": ", ".join(missing)}
        )
    return names


def _read_csv(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Filen er ikke UTF-8. Gem den i Excel som «CSV UTF-8 (kommasepareret)» "
                "eller som XLSX."
            )
        ) from None
    if "\x00" in text:
        raise FileRefused(_("Filen er hverken CSV eller XLSX."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise FileRefused(_("Filen kan ikke læses som CSV: %(e)s") % {"e": error}) from None
    if not lines:
        raise FileRefused(_("Filen er tom."))
    return lines[0], [(i, row) for i, row in enumerate(lines[1:], start=2)]


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise FileRefused(_("Filen er ikke en gyldig XLSX-fil.")) from None
    except Exception:  # openpyxl raises its own kinds for damaged workbooks
        raise FileRefused(_("Filen er ikke en gyldig XLSX-fil.")) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileRefused(_("Regnearket har ingen ark."))
        rows = []
        header = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header is None:
                header = list(values)
                continue
            rows.append((number, list(values)))
            if len(rows) > MAX_ROWS * 2:
                break
        if header is None:
            raise FileRefused(_("Filen er tom."))
        return header, rows
    finally:
        book.close()


# --- Cells --------------------------------------------------------------------------


class CellError(Exception):
    pass


_CPR_SHAPED = re.compile(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")


def shown(value, limit: int = 30) -> str:
    """A cell echoed in a message: short, and a CPR number in the wrong column masked."""
    # Cut first: a cut could otherwise leave ten digits of a longer number unmasked.
    cut = _clean(str(value))[:limit]
    return _CPR_SHAPED.sub(lambda m: mask_cpr(m.group().replace("-", "")), cut)


def _clean(value: str) -> str:
    # NUL and the other C0 controls but tab and newline: PostgreSQL refuses NUL in text and
    # JSON, and none of them belongs in a name, a date or a code.
    return _CONTROLS.sub("", value)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value) -> str:
    """A cell as text: Excel's numbers without ".0", dates as dd.mm.åååå."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return _clean(str(value)).strip()


def cpr_text(value) -> str:
    """Excel stores a CPR number typed as a number without its leading zero: put it back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**10:
        return f"{value:010d}"
    return text(value)


_DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


def parse_date(value) -> date | None:
    from indgang.core.validators import MAX_YEAR, MIN_YEAR

    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        raw = _clean(str(value)).strip()
        if not raw:
            return None
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise CellError(_("«%(v)s» er ikke en dato (skriv dd.mm.åååå)") % {"v": shown(raw)})
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise CellError(_("året skal ligge mellem %(a)s og %(b)s") % {"a": MIN_YEAR, "b": MAX_YEAR})
    return parsed


_YES = {"ja", "j", "x", "1", "sand", "true", "yes"}
_NO = {"nej", "n", "0", "falsk", "false", "no"}


def parse_bool(value, default: bool | None) -> bool | None:
    raw = text(value).lower()
    if raw == "":
        return default
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError(_("«%(v)s» er hverken ja eller nej") % {"v": shown(raw)})


def parse_int(value) -> int | None:
    raw = text(value)
    if raw == "":
        return None
    if not re.fullmatch(r"[0-9]{1,4}", raw, re.ASCII):
        raise CellError(_("«%(v)s» er ikke et helt tal") % {"v": shown(raw)})
    return int(raw)


def choice(value, choices, *, extra: dict | None = None) -> str | None:
    """A label or value of a TextChoices (case-insensitive), or None for an empty cell."""
    raw = text(value).lower()
    if raw == "":
        return None
    options = {str(label).lower(): v for v, label in choices}
    options.update({v.lower(): v for v, _label in choices})
    options.update(extra or {})
    if raw in options:
        return options[raw]
    raise CellError(
        _("«%(v)s» er ikke en af: %(options)s")
        % {"v": shown(raw), "options": ", ".join(str(label) for _v, label in choices)}
    )
