/// Fields computed from other records (`Model.computed`): one query per field for
/// all rows of a page, never one per row.
extension RecordStore {
    /// Adds the values of the computed fields among `fields` to the fetched rows.
    func loadComputed(_ c: SQLConnection, _ model: ModelInfo, _ rows: consuming [FetchedRow], fields: [String],
                      language: String) throws -> [FetchedRow] {
        let wanted = fields.compactMap { model.computed[$0] }
        guard !wanted.isEmpty, !rows.isEmpty else { return rows }
        let records = Records(site: site, connection: c, language: language)
        // The page's records are let go before the rows get their values: a row's values
        // shared with its record would be copied when one is added.
        let loaded: [(name: String, values: [Value])] = try {
            let page = rows.map { Record(model: model, values: $0.values, titles: $0.foreignTitles) }
            return try wanted.map { field in
                let values = try field.load(records, page)
                precondition(values.count == page.count, "computed field \(field.field.name) gave \(values.count) values for \(page.count) rows")
                return (field.field.name, values)
            }
        }()
        var out = rows
        for i in out.indices {
            for (name, values) in loaded { out[i].values[name] = values[i] }
        }
        return out
    }
}
