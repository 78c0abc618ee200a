/// Fields computed from other records (`Model.computed`): one query per field for
/// all rows of a page, never one per row.
extension RecordStore {
    /// Adds the values of the computed fields among `fields` to the fetched rows.
    func loadComputed(_ c: SQLConnection, _ model: ModelInfo, _ rows: [FetchedRow], fields: [String],
                      language: String) throws -> [FetchedRow] {
        let wanted = fields.compactMap { model.computed[$0] }
        guard !wanted.isEmpty, !rows.isEmpty else { return rows }
        let records = Records(site: site, connection: c, language: language)
        let page = rows.map { Record(model: model, values: $0.values, titles: $0.foreignTitles) }
        var out = rows
        for field in wanted {
            let values = try field.load(records, page)
            precondition(values.count == rows.count, "computed field \(field.field.name) gave \(values.count) values for \(rows.count) rows")
            for i in out.indices { out[i].values[field.field.name] = values[i] }
        }
        return out
    }
}
