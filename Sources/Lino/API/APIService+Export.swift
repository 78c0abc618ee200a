import Foundation

extension APIService {
    /// The grid's whole filtered result as CSV (UTF-8 with BOM, `;`-separated, as
    /// Belgian spreadsheet programs expect), values formatted for the user's language.
    public func exportCSV(_ name: String, query: [String: String], user: UserContext) async throws -> String {
        let t = try store.table(name, for: user)
        let r = try await rowsRequest(t, query, user: user)
        let fields = shown(t.columns.map(\.name), t, user)
        let rows = try await store.exportRows(t, r, fields: fields, user: user)
        let enc = RowEncoder(site: site, table: t, user: user)
        let formats = LanguageFormats.of(user.language)
        var out = "\u{FEFF}"
        out += fields.map { csvCell(site.t(t.field($0)?.label ?? $0, user.language)) }.joined(separator: ";") + "\r\n"
        let encode = enc.encoding(fields)
        for row in rows {
            let o = encode(row)
            out += fields.map { f in csvCell(display(o[f] ?? .null, field: t.field(f), formats, user.language)) }.joined(separator: ";") + "\r\n"
        }
        return out
    }

    func display(_ j: JSON, field: Field?, _ formats: LanguageFormats, _ lang: String) -> String {
        switch j {
        case .null: return ""
        case .bool(let b): return site.t(b ? "Yes" : "No", lang)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s):
            switch field?.kind {
            case .date?: return formats.format(isoDate: s)
            case .decimal(let scale)?: return Decimal(exactString: s).map { formats.format($0, scale: scale) } ?? s
            default: return s
            }
        case .object(let o):
            if let text = o["text"]?.stringValue { return text }
            return o[lang]?.stringValue ?? o[site.defaultLanguage]?.stringValue ?? ""
        case .array: return ""
        }
    }

    /// Quotes a cell; text starting like a formula is defused so spreadsheets never run it.
    func csvCell(_ s: String) -> String {
        var v = s
        if let first = v.first, "=+-@\t\r".contains(first), Decimal(exactString: v) == nil { v = "'" + v }
        if v.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
