import Foundation

/// Exports read back by parsers that share nothing with Folio's writers: Python's csv and json modules, the
/// bibtexparser package (installed by Scripts/setup), and small readers of RIS and Markdown lists written here in
/// Python from the formats' descriptions.
public enum ExportReading {
    /// What a parser found in a file: one title per entry (LaTeX and Markdown escapes undone), the keys, the
    /// authors, and every warning (a block it could not parse, a duplicate key, a line it did not understand).
    public struct Reading: Sendable {
        public var titles: [String]
        public var keys: [String]
        public var authors: [[String]]
        public var warnings: [String]
    }

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `file` as `format` (`bibtex`, `csv`, `json`, `ris`, `markdown`).
    public static func read(_ file: URL, format: String) throws -> Reading {
        let result = try Spawn.run(["/usr/bin/env", "python3", "-c", script, format, file.path])
        guard result.status == 0,
            let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else {
            throw Failed(description: "python3 could not read \(file.path) as \(format): \(result.stderr)")
        }
        return Reading(
            titles: object["titles"] as? [String] ?? [], keys: object["keys"] as? [String] ?? [],
            authors: object["authors"] as? [[String]] ?? [], warnings: object["warnings"] as? [String] ?? [])
    }

    /// Whether bibtexparser can be imported (Scripts/setup installs it).
    public static var hasBibTeXParser: Bool {
        (try? Spawn.run(["/usr/bin/env", "python3", "-c", "import bibtexparser"]))?.status == 0
    }

    static let script = ##"""
        import csv, json, re, sys
        fmt, path = sys.argv[1], sys.argv[2]
        out = {"titles": [], "keys": [], "authors": [], "warnings": []}
        latex = [("\\textbackslash{}", "\\"), ("\\textbraceleft{}", "{"), ("\\textbraceright{}", "}"),
                 ("\\textasciitilde{}", "~"), ("\\textasciicircum{}", "^"), ("\\%", "%"), ("\\$", "$"),
                 ("\\&", "&"), ("\\#", "#"), ("\\_", "_")]
        def unlatex(text):
            result, i = "", 0
            while i < len(text):
                for escaped, plain in latex:
                    if text.startswith(escaped, i):
                        result += plain
                        i += len(escaped)
                        break
                else:
                    if text[i] == "\\" or text[i] in "{}":
                        out["warnings"].append("unexpected LaTeX at %d in %r" % (i, text))
                    result += text[i]
                    i += 1
            return result
        def split_authors(text):
            names, depth, current = [], 0, ""
            for word in re.split(r"(\s+)", text):
                depth += word.count("{") - word.count("}")
                if word == "and" and depth == 0:
                    names.append(current.strip()); current = ""
                else:
                    current += word
            if current.strip(): names.append(current.strip())
            return [n[1:-1] if n.startswith("{") and n.endswith("}") else n for n in names]
        if fmt == "bibtex":
            import bibtexparser
            text = open(path, encoding="utf-8").read()
            if hasattr(bibtexparser, "parse_string"):
                library = bibtexparser.parse_string(text)
                for block in library.failed_blocks: out["warnings"].append("failed block: %r" % block.raw[:80])
                entries = [(e.key, {k: f.value for k, f in e.fields_dict.items()}) for e in library.entries]
            else:
                import logging
                class Catch(logging.Handler):
                    def emit(self, record): out["warnings"].append(record.getMessage())
                logging.getLogger("bibtexparser").addHandler(Catch(logging.WARNING))
                database = bibtexparser.loads(text)
                entries = [(e["ID"], e) for e in database.entries]
            seen = set()
            for key, fields in entries:
                if key in seen: out["warnings"].append("duplicate key " + key)
                seen.add(key)
                if "title" not in fields or "year" not in fields: out["warnings"].append("no title or year: " + key)
                out["keys"].append(key)
                out["titles"].append(unlatex(fields.get("title", "")))
                out["authors"].append([unlatex(a) for a in split_authors(fields.get("author", ""))])
        elif fmt == "csv":
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle, strict=True))
            for row in rows:
                if None in row or None in row.values(): out["warnings"].append("ragged row: %r" % row)
                out["titles"].append(row["title"])
                out["keys"].append(row["key"])
                out["authors"].append([a for a in row["authors"].split("; ") if a])
        elif fmt == "json":
            for paper in json.load(open(path, encoding="utf-8")):
                out["titles"].append(paper["title"])
                out["keys"].append(paper["key"])
                out["authors"].append(paper["authors"])
        elif fmt == "ris":
            data = open(path, newline="", encoding="utf-8").read()
            if data and not data.endswith("\r\n"): out["warnings"].append("does not end with CRLF")
            entry = None
            for line in data.split("\r\n"):
                if line == "": continue
                match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
                if not match:
                    out["warnings"].append("not a tag line: %r" % line); continue
                tag, value = match.groups()
                if tag == "TY":
                    if entry is not None: out["warnings"].append("TY inside an entry")
                    entry = {"TI": "", "ID": "", "AU": []}
                elif entry is None:
                    out["warnings"].append("%s outside an entry" % tag)
                elif tag == "ER":
                    out["titles"].append(entry["TI"]); out["keys"].append(entry["ID"])
                    out["authors"].append(entry["AU"]); entry = None
                elif tag == "AU": entry["AU"].append(value)
                elif tag in ("TI", "ID"): entry[tag] = value
            if entry is not None: out["warnings"].append("last entry has no ER")
        elif fmt == "markdown":
            for line in open(path, encoding="utf-8").read().split("\n"):
                if line == "": continue
                match = re.match(r"- \[((?:\\.|[^\\\]])*)\]\(([^()\s]+)\)", line)
                if not match:
                    out["warnings"].append("not a linked list item: %r" % line); continue
                out["titles"].append(re.sub(r"\\(.)", r"\1", match.group(1)))
                out["keys"].append(match.group(2))
        print(json.dumps(out))
        """##
}
