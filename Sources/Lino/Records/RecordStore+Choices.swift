extension RecordStore {
    /// One option of a foreign-key combo: the target's id and title, and the values
    /// choosing it fills in the form (`Field.fills`: a place's zip code).
    public struct Choice: Sendable {
        public let id: Value
        public let text: String
        /// Own field -> wire value (`{id, text}` for a foreign key: a place's country).
        public let fills: [String: JSON]
    }

    /// Options of a foreign-key combo: target rows matching the typed words in the
    /// target table's quick-search fields (a place by name or zip code), those that
    /// start with the typed text first, restricted by the form's `dependsOn` values
    /// (places of a country). A value the user typed in a field the combo `fills`
    /// narrows the list when nothing is typed (the places of zip code 4700) and
    /// ranks its matches first otherwise.
    public func choices(_ t: TableInfo, field: String, search: String, context: [String: Value],
                        offset: Int, limit: Int, user: UserContext) async throws -> (rows: [Choice], total: Int) {
        let (fi, target) = try foreignField(t, field, user)
        // The combo shows what the target's own table would show this user, no more.
        let access = Permissions.referenceAccess(target.name, site: site, user)
        guard access.visible else { throw LinoError.forbidden(site.t("You may not open this table.", user.language)) }
        let targetTable = site.defaultTable(for: target.name)
        // What the user may see of the target's quick search (the index only when that is all of it).
        let targetSearch = targetTable.map { $0.searchFields.isEmpty ? (target.titleFields, false) : $0.searchFields(for: user) }
            ?? (target.titleFields, target.searchIndex != nil)
        let searchFields = targetSearch.0
        let typed = search.trimmingCharacters(in: .whitespaces)
        // A dependsOn field already restricts the choices; the others narrow and rank.
        let filled: [(target: String, value: Value)] = fi.field.fills.sorted { $0.key < $1.key }.compactMap { own, targetField in
            guard !fi.field.dependsOn.contains(own), let v = context[own], !v.isBlank, let tf = target.fieldsByName[targetField] else { return nil }
            return (targetField, StorageEncoding.encode(v, tf.columns[0].type))
        }

        func builder(narrowed: Bool) throws -> SelectBuilder {
            var b = SelectBuilder(site: site, info: target, language: user.language, dialect: db.dialect)
            for cond in access.conditions { try b.add(cond) }
            for dep in fi.field.dependsOn {
                if let v = context[dep], !v.isNull, let tf = target.fieldsByName[dep] {
                    try b.add(.equals(dep, StorageEncoding.encode(v, tf.columns[0].type)))
                }
            }
            if narrowed { for f in filled { try b.add(.equals(f.target, f.value)) } }
            b.addSearch(words: typed.split(whereSeparator: \.isWhitespace).map(String.init), fields: searchFields,
                        useIndex: targetSearch.1)
            return b
        }
        let fillFields = fi.field.fills.values.filter { target.fieldsByName[$0] != nil }.sorted()
        func query(narrowed: Bool) throws -> (sql: String, params: [Value], types: [ColumnType], count: String, countParams: [Value], b: SelectBuilder) {
            var b = try builder(narrowed: narrowed)
            let countSQL = "SELECT count(*) FROM \(b.from)\(b.whereClause)"
            let countParams = b.params
            b.selectKeyAndVersion()
            b.select(fields: target.titleFields + fillFields)
            var ranks: [String] = []
            if !typed.isEmpty {
                if !narrowed { for f in filled { ranks.append(try b.rankFirst(.equals(f.target, f.value))) } }
                // What starts with the text in the user's language first, then in another
                // language (Louvain is Leuven in Dutch), then what only contains it.
                ranks.append(try b.rankFirst(.or(searchFields.map { .startsWith($0, typed) })))
                ranks.append(try b.rankFirst(.or(searchFields.map { .startsWithInAnyLanguage($0, typed) })))
            }
            let order = b.orderBy(SortKey.parse(target.defaultOrder.joined(separator: " ")), rankedBy: ranks)
            let sql = "SELECT \(b.selects.map(\.sql).joined(separator: ", ")) FROM \(b.from)\(b.whereClause)\(order) LIMIT ? OFFSET ?"
            return (sql, b.params + [.int(Int64(limit)), .int(Int64(offset))], b.selects.map(\.type), countSQL, countParams, b)
        }
        let narrowedQuery = typed.isEmpty && !filled.isEmpty ? try query(narrowed: true) : nil
        let plainQuery = try query(narrowed: false)
        let (raw, total, b) = try await db.read { c in
            // A zip code no place has yet narrows nothing: all places are offered.
            if let q = narrowedQuery {
                let n = Int(try c.scalar(q.count, q.countParams).intValue ?? 0)
                if n > 0 { return (try c.query(q.sql, q.params, types: q.types), n, q.b) }
            }
            let q = plainQuery
            return (try c.query(q.sql, q.params, types: q.types), Int(try c.scalar(q.count, q.countParams).intValue ?? 0), q.b)
        }
        let lang = user.language
        let rows = b.read(raw).map { r in
            var fills: [String: JSON] = [:]
            for (own, targetField) in fi.field.fills {
                guard let v = r.values[targetField], !v.isBlank else { continue }
                let isForeignKey = target.fieldsByName[targetField]?.field.foreignTarget != nil
                fills[own] = isForeignKey ? ["id": RowEncoder.wire(v), "text": .string(r.foreignTitles[targetField] ?? "")] : RowEncoder.wire(v)
            }
            return Choice(id: r.values[target.primaryKey] ?? .null,
                          text: target.title(site.view(r.values, lang)),
                          fills: fills)
        }
        return (rows, total)
    }

    /// Creates a target row from text typed in a "learning" combo (a new place), through
    /// the target's own table: its insert right and every check of a normal insert apply.
    public func createChoice(_ t: TableInfo, field: String, text: String, context: [String: Value],
                             user: UserContext) async throws -> (id: Value, text: String) {
        let (fi, target) = try foreignField(t, field, user)
        guard fi.field.learning, t.model.fieldsByName[field] != nil, Permissions.canEdit(t, user),
              let targetTable = site.defaultTable(for: target.name), Permissions.canInsert(targetTable, user) else {
            throw LinoError.forbidden(site.t("You may not create records here.", user.language))
        }
        // The same creation as a `{"create": text}` value saved with a record, the
        // record's values being the form's context (the country of the new place).
        switch learnedText(.object(["create": .string(text)]), fi, t, user) {
        case .failure(let refusal)?: throw validationError([field: refusal.message], user.language)
        case nil: throw LinoError.badRequest(site.t("Malformed JSON.", user.language))
        case .success(let name)?:
            var recordValues = Values()
            for own in fi.field.dependsOn + fi.field.fills.keys {
                if let v = context[own], !v.isNull, let f = t.model.fieldsByName[own] {
                    recordValues[own] = StorageEncoding.encode(v, f.columns[0].type)
                }
            }
            let model = t.model
            let given = recordValues
            let id = try await write(as: .user(user)) { w in
                var values = given
                let failed = try w.store.createLearnedTargets(w, model, &values, [field: name])
                if !failed.isEmpty { throw w.store.validationError(failed, user.language) }
                return values[field] ?? .null
            }
            let row = try await record(targetTable, id: id, fields: target.titleFields, user: user)
            return (id, target.title(site.view(row.values, user.language)))
        }
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
