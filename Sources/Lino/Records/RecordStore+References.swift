extension RecordStore {
    /// Replaces the texts of foreign keys that point to records the user may not see
    /// (the target's default table: view roles and row filter) by "(hidden)".
    /// One query per restricted foreign key of the page, never one per row.
    func hideUnseenReferences(_ c: SQLConnection, _ rows: consuming [FetchedRow], _ model: ModelInfo, _ user: UserContext) throws -> [FetchedRow] {
        let referenced = Set(rows.flatMap { $0.foreignTitles.keys })
        guard !referenced.isEmpty else { return rows }
        var out = rows
        let hidden = site.t("(hidden)", user.language)
        for field in referenced {
            guard let target = model.fieldsByName[field]?.field.foreignTarget, let tm = site.models[target] else { continue }
            let access = Permissions.referenceAccess(target, site: site, user)
            if access.visible && access.conditions.isEmpty { continue }
            var seen = Set<Value>()
            if access.visible {
                let ids = Array(Set(out.compactMap { row -> Value? in
                    guard let v = row.values[field], !v.isNull else { return nil }
                    return v
                }))
                var b = SelectBuilder(site: site, info: tm, language: user.language, dialect: c.dialect)
                for cond in access.conditions { try b.add(cond) }
                try b.add(.oneOf(tm.primaryKey, ids))
                let found = try c.query("SELECT \(b.pk) FROM \(b.from)\(b.whereClause)", b.params, types: [tm.primaryKeyType])
                seen = Set(found.map { StorageEncoding.encode($0[0], model.fieldsByName[field]!.columns[0].type) })
            }
            for i in out.indices where out[i].foreignTitles[field] != nil {
                if let v = out[i].values[field], seen.contains(v) { continue }
                out[i].foreignTitles[field] = hidden
            }
        }
        return out
    }

    /// Refuses a master record the user may not see (slave tables: `mk=`).
    func checkMaster(_ t: TableInfo, _ masterID: Value?, _ user: UserContext) async throws {
        guard let masterID, let mk = t.table.masterKey, let target = t.model.fieldsByName[mk]?.field.foreignTarget,
              let tm = site.models[target] else { return }
        let access = Permissions.referenceAccess(target, site: site, user)
        let notFound = LinoError.notFound(site.t("No such master record.", user.language))
        guard access.visible else { throw notFound }
        var b = SelectBuilder(site: site, info: tm, language: user.language, dialect: db.dialect)
        for cond in access.conditions { try b.add(cond) }
        try b.add(.equals(tm.primaryKey, masterID))
        let sql = "SELECT 1 FROM \(b.from)\(b.whereClause)"
        let params = b.params
        let exists = try await db.read { c in try !c.query(sql, params, types: [.int]).isEmpty }
        guard exists else { throw notFound }
    }
}
