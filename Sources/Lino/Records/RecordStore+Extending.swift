extension RecordStore {
    /// Makes a stored record of a parent model (a person) a record of `model` too (a
    /// client): the rows of the models it lacks are inserted under the same id, with
    /// the new part's defaults, and `changes` are applied to the whole record. For the
    /// hooks this is the creation of the child (`SavedRecord.isInsert`): a new client
    /// gets its phonetic keys as if it had been created as one. A record that already
    /// is of `model` is simply updated.
    /// - Parameter version: as for `updateRecord`, the version the change is based on.
    func extendRecord(_ w: Writer, _ model: ModelInfo, id: Value, version: Int64?, _ changes: Values, confirmed: Bool = true) throws {
        let c = w.connection
        let user = w.actor.user
        let lang = user?.language ?? site.defaultLanguage
        guard let (depth, stored) = try deepestStored(c, model, id: id) else {
            throw LinoError.notFound(site.t("No such record.", lang))
        }
        if depth == model.chain.count - 1 {
            return try updateRecord(w, model, id: id, version: version, changes)
        }
        if let version, stored["version"]?.intValue != version {
            throw StaleEdit(baseVersion: version, fields: [])
        }
        let existing = Set(model.chain[...depth].map(\.name))
        let before = stored
        var values = stored
        // What the record already holds stays as it is: only the new part gets defaults.
        for fi in model.fields where existing.contains(fi.ownerName) {
            for col in fi.columns where values[col.name] == nil { values[col.name] = .null }
        }
        for (k, v) in changes { values[k] = v }
        let today = ISODates.today()
        try fillDefaults(w, model, &values, today: today)
        let question = confirmed ? nil : try insertQuestion(w, model, values, lang, models: model.chain[(depth + 1)...])
        let ctx = SaveContext(isInsert: true, userID: user?.id, today: today, records: w)
        for m in model.chain { for hook in m.beforeSaveHooks { try hook(&values, ctx) } }
        fillSortKeys(model, &values)
        try completeDependencies(c, model, &values)
        try check(c, model, values, id: id, lang: lang)

        try updateRows(c, model, chainIndices: 0..<(depth + 1), id: id, before: before, values, user: user, lang: lang)
        for i in (depth + 1)..<model.chain.count {
            _ = try insertRow(c, model, chainIndex: i, id: id, values, lang: lang)
        }
        try refreshSearchIndexes(c, model, id: id)
        w.wrote(model.tablesWritten)
        try runAfterSave(w, model, SavedRecord(isInsert: true, id: id, before: before, after: values, user: user))
        // Asked once the change would succeed; throwing rolls it back.
        if let question { throw Confirmation(question: question) }
    }

    /// The last model of `model`'s chain the record has a row of, and the record as that model.
    func deepestStored(_ c: SQLConnection, _ model: ModelInfo, id: Value) throws -> (Int, Values)? {
        for i in model.chain.indices.reversed() {
            guard let m = site.models[model.chain[i].name] else { continue }
            if let stored = try loadStored(c, m, id: id) { return (i, stored) }
        }
        return nil
    }
}
