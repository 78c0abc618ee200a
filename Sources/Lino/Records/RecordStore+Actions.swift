extension RecordStore {
    /// The standard "duplicate" action: a copy of the fields the user may type, with
    /// unique fields, files and the workflow state left to their defaults (a copied
    /// client is a newcomer, not a second coached client). The model's questions
    /// before an insert ("There are 3 similar clients...") are asked as for an insert.
    public func duplicate(_ t: TableInfo, id: Value, confirmed: Bool = false, user: UserContext) async throws -> ActionResult {
        guard Permissions.canInsert(t, user) else { throw LinoError.forbidden(site.t("You may not create records here.", user.language)) }
        _ = try await record(t, id: id, fields: [], user: user)
        let model = t.model
        do {
            let newID = try await write(as: .user(user)) { w -> Value in
                guard let stored = try w.store.loadStored(w.connection, model, id: id) else {
                    throw LinoError.notFound(w.site.t("No such record.", user.language))
                }
                let values = stored.filter { column, _ in
                    guard let fi = model.fieldOfColumn(column), !fi.field.unique else { return false }
                    if case .file = fi.field.kind { return false }  // one stored file belongs to one record
                    return Permissions.canEditField(t, fi.name, user)
                }
                let question = confirmed ? nil : try w.store.insertQuestion(w, model, values, user.language)
                let id = try w.insert(model.name, values, via: t.name)
                if let question { throw Confirmation(question: question) }  // asked once the copy would succeed
                return id
            }
            return ActionResult(message: site.t("Record duplicated.", user.language), refresh: true, open: (t.name, newID))
        } catch let c as Confirmation {
            return ActionResult(confirm: c.question)
        }
    }

    /// Takes a workflow transition after checking roles, the current state and the
    /// condition. A transition with a question answers it first (nothing changed) until
    /// the user confirmed; then the state and the effects are written in one transaction.
    public func transition(_ t: TableInfo, _ tr: Workflow.Transition, workflow: Workflow, id: Value, params: [String: Value] = [:],
                           confirmed: Bool = false, user: UserContext) async throws -> ActionResult {
        guard Permissions.canUpdate(t, user) else { throw LinoError.forbidden(site.t("You may not change records here.", user.language)) }
        do {
            return try await write(as: .user(user)) { w in
                let row = try w.visibleRow(t, t.model, id: id, user)
                guard tr.allowed(on: row.view(user.language, site: w.site), field: workflow.field, user: user) else {
                    throw LinoError.forbidden(w.site.t("This change of state is not allowed now.", user.language))
                }
                let ctx = TransitionContext(record: row, params: params, user: user, writer: w)
                if !confirmed, let question = try tr.confirm?(ctx) { throw Confirmation(question: question) }
                try w.update(t.model.name, id: id, [workflow.field: .text(tr.to)], version: row.version, via: t.name)
                try w.asSystem("transition \(tr.name)") { try tr.effect?(ctx) }
                return ActionResult(message: tr.message?(ctx), refresh: true)
            }
        } catch let c as Confirmation {
            return ActionResult(confirm: c.question)
        }
    }

    /// Every row of a query, for export (no paging).
    public func exportRows(_ t: TableInfo, _ r: RowsRequest, fields: [String], user: UserContext, maxRows: Int = 100_000) async throws -> [FetchedRow] {
        var all = r
        all.offset = 0
        all.limit = maxRows
        return try await rows(t, all, fields: fields, user: user).rows
    }
}

/// Stops a transition before any change to ask the user (the transaction rolls back).
struct Confirmation: Error {
    let question: String
}
