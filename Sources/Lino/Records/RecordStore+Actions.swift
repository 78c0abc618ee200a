extension RecordStore {
    /// The standard "duplicate" action: a copy of the record, unique fields left empty.
    public func duplicate(_ t: TableInfo, id: Value, user: UserContext) async throws -> ActionResult {
        guard Permissions.canInsert(t, user) else { throw LinoError.forbidden(site.t("You may not create records here.", user.language)) }
        _ = try await record(t, id: id, fields: [], user: user)
        let model = t.model
        let store = self
        let newID = try await db.write { c -> Value in
            guard var values = try store.loadStored(c, model, id: id) else { throw LinoError.notFound(store.site.t("No such record.", user.language)) }
            values["version"] = nil
            values[model.primaryKey] = nil
            for fi in model.fields where fi.field.unique || fi.name == model.model.primaryKeyField { values[fi.name] = nil }
            return try store.insertRecord(c, model, values, user: user)
        }
        db.changes.bump(tables: model.tablesWritten)
        return ActionResult(message: site.t("Record duplicated.", user.language), refresh: true, open: (t.name, newID))
    }

    /// Takes a workflow transition after checking roles, the current state and the condition.
    public func transition(_ t: TableInfo, _ tr: Workflow.Transition, workflow: Workflow, id: Value, user: UserContext) async throws -> ActionResult {
        guard Permissions.canUpdate(t, user) else { throw LinoError.forbidden(site.t("You may not change records here.", user.language)) }
        let row = try await record(t, id: id, fields: [workflow.field], user: user)
        let view = RecordView(row.values, language: user.language, defaultLanguage: site.defaultLanguage)
        guard tr.allowed(on: view, field: workflow.field, user: user) else {
            throw LinoError.forbidden(site.t("This change of state is not allowed now.", user.language))
        }
        let model = t.model
        let store = self
        let version = row.values["version"]?.intValue
        try await db.write { c in
            try store.updateRecord(c, model, id: id, version: version, [workflow.field: .text(tr.to)], user: user)
        }
        db.changes.bump(tables: model.tablesWritten)
        return ActionResult(refresh: true)
    }

    /// Every row of a query, for export (no paging).
    public func exportRows(_ t: TableInfo, _ r: RowsRequest, fields: [String], user: UserContext, maxRows: Int = 100_000) async throws -> [FetchedRow] {
        var all = r
        all.offset = 0
        all.limit = maxRows
        return try await rows(t, all, fields: fields, user: user).rows
    }
}
