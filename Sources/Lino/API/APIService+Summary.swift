import Foundation

/// Summary panels (a slave table as a short list of links in its master's detail)
/// and the welcome page's panels, which are summaries of the user's tables.
extension APIService {
    /// A few rows of a table as lines of text: `{"items": [{id, text, emphasis?}], "total"}`.
    /// Same query parameters as `rows` (mk, p.X, q, sort); `limit` defaults to 10.
    public func summary(_ name: String, query: [String: String], user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        var q = query
        if q["limit"] == nil { q["limit"] = "10" }
        let r = try await rowsRequest(t, q, user: user)
        let declared = t.table.summaryDeclaration
        let fields = shown(declared?.fields ?? [], t, user)
        let (rows, total) = try await store.rows(t, r, fields: fields + t.rowExtras, user: user)
        let enc = RowEncoder(site: site, table: t, user: user)
        let formats = LanguageFormats.of(user.language)
        let encodedRows = declared == nil ? [] : enc.encode(rows, fields: fields)
        let items: [JSON] = rows.enumerated().map { i, row in
            let record = Record(model: t.model, values: row.values, titles: row.foreignTitles)
            let line: SummaryLine
            if let declared {
                let encoded = encodedRows[i]
                let texts: @Sendable (String) -> String = { [self] f in
                    encoded[f].map { display($0, field: t.field(f), formats, user.language) } ?? ""
                }
                line = declared.line(SummaryRow(record: record, language: user.language, texts: texts))
            } else {
                line = SummaryLine(record.title(user.language, site: site))
            }
            var o: JSONObject = ["id": RowEncoder.wire(record.id), "text": .string(line.text)]
            if line.emphasis { o["emphasis"] = true }
            return .object(o)
        }
        return .object(["items": .array(items), "total": .int(Int64(total))])
    }

    /// The welcome page: the panels of the user's tables, in the site's order.
    public func dashboard(user: UserContext) -> JSON {
        let panels: [JSON] = site.dashboard.compactMap { item in
            guard let t = site.tables[item.table], Permissions.canView(t, user) else { return nil }
            var query = JSONObject()
            for (k, v) in item.query.sorted(by: { $0.key < $1.key }) { query[k] = .string(v) }
            return .object(["table": .string(t.name), "label": .string(site.t(item.label ?? t.table.label, user.language)),
                            "query": .object(query)])
        }
        return .object(["panels": .array(panels)])
    }
}
