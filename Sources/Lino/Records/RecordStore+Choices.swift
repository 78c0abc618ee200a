extension RecordStore {
    /// Options of a foreign-key combo: target rows whose title matches the typed words,
    /// restricted by the form's other values for `dependsOn` fields (places of a country).
    public func choices(_ t: TableInfo, field: String, search: String, context: [String: Value],
                        offset: Int, limit: Int, user: UserContext) async throws -> (rows: [(id: Value, text: String)], total: Int) {
        let (fi, target) = try foreignField(t, field, user)
        // The combo shows what the target's own table would show this user, no more.
        let access = Permissions.referenceAccess(target.name, site: site, user)
        guard access.visible else { throw LinoError.forbidden(site.t("You may not open this table.", user.language)) }
        var b = SelectBuilder(site: site, info: target, language: user.language, dialect: db.dialect)
        for cond in access.conditions { try b.add(cond) }
        for dep in fi.field.dependsOn {
            if let v = context[dep], !v.isNull, let tf = target.fieldsByName[dep] {
                try b.add(.equals(dep, StorageEncoding.encode(v, tf.columns[0].type)))
            }
        }
        b.addSearch(words: search.split(whereSeparator: \.isWhitespace).map(String.init), fields: target.titleFields,
                    useIndex: target.searchIndex != nil)
        let countSQL = "SELECT count(*) FROM \(b.from)\(b.whereClause)"
        let countParams = b.params
        b.selectKeyAndVersion()
        b.select(fields: target.titleFields)
        let order = b.orderBy(SortKey.parse(target.defaultOrder.joined(separator: " ")))
        let sql = "SELECT \(b.selects.map(\.sql).joined(separator: ", ")) FROM \(b.from)\(b.whereClause)\(order) LIMIT ? OFFSET ?"
        let params = b.params + [.int(Int64(limit)), .int(Int64(offset))]
        let types = b.selects.map(\.type)
        let (raw, total) = try await db.read { c in
            (try c.query(sql, params, types: types), Int(try c.scalar(countSQL, countParams).intValue ?? 0))
        }
        let lang = user.language
        let rows = b.read(raw).map { r in
            (id: r.values[target.primaryKey] ?? .null,
             text: target.title(RecordView(r.values, language: lang, defaultLanguage: site.defaultLanguage)))
        }
        return (rows, total)
    }

    /// Creates a target row from text typed in a "learning" combo (a new place), through
    /// the target's own table: its insert right and every check of a normal insert apply.
    public func createChoice(_ t: TableInfo, field: String, text: String, context: [String: Value],
                             user: UserContext) async throws -> (id: Value, text: String) {
        let (fi, target) = try foreignField(t, field, user)
        guard fi.field.learning, Permissions.canEdit(t, user), let targetTable = site.defaultTable(for: target.name),
              Permissions.canInsert(targetTable, user) else {
            throw LinoError.forbidden(site.t("You may not create records here.", user.language))
        }
        guard let titleField = target.titleFields.first, target.fieldsByName[titleField] != nil else {
            throw LinoError.badRequest(site.t("This field cannot learn new values.", user.language))
        }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw validationError([field: site.t("This field is required.", user.language)], user.language)
        }
        var values = JSONObject()
        values[titleField] = .string(name)
        for dep in fi.field.dependsOn {
            if let v = context[dep], !v.isNull, target.fieldsByName[dep] != nil { values[dep] = RowEncoder.wire(v) }
        }
        let id: Value
        do {
            id = try await insert(targetTable, values: values, user: user)
        } catch LinoError.validation(let message, let fields) {
            // Name the combo's field: the user typed its text, not the target's fields.
            throw LinoError.validation(message: message, fields: [field: fields[titleField] ?? fields.values.sorted().first ?? message])
        }
        let row = try await record(targetTable, id: id, fields: target.titleFields, user: user)
        return (id, target.title(RecordView(row.values, language: user.language, defaultLanguage: site.defaultLanguage)))
    }

    /// A foreign key of the table's model, or a foreign-key parameter of the table (parameter-panel combos).
    private func foreignField(_ t: TableInfo, _ field: String, _ user: UserContext) throws -> (FieldInfo, ModelInfo) {
        if let fi = t.model.fieldsByName[field], let target = fi.field.foreignTarget, let tm = site.models[target] {
            return (fi, tm)
        }
        if let p = t.params[field], let target = p.field.foreignTarget, let tm = site.models[target] {
            let column = StoredColumn(name: p.field.name, type: tm.primaryKeyType, language: nil)
            return (FieldInfo(field: p.field, ownerName: t.model.name, ownerTable: t.model.model.tableName, columns: [column]), tm)
        }
        throw LinoError.notFound(site.t("No field named {name}.", user.language, ["name": field]))
    }
}
