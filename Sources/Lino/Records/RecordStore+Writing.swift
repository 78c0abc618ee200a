import Foundation

extension RecordStore {
    // MARK: - Parsing request values

    /// Parsed client values, the new targets of learning foreign keys (field -> typed
    /// text) to create with the record, and one message per bad field: reported with
    /// the record's own checks, so that the user sees every error at once.
    struct ParsedValues {
        var values = Values()
        var creates: [String: String] = [:]
        var errors: [String: String] = [:]
        /// Files taken from the staging area for this save (given back if it fails).
        var newFiles: [TakenFile] = []
    }

    /// Parses the values a client sent for a table, collecting one message per bad field.
    func parse(_ json: JSONObject, _ t: TableInfo, user: UserContext, isInsert: Bool) throws -> ParsedValues {
        var values = Values()
        var creates: [String: String] = [:]
        var errors: [String: String] = [:]
        var newFiles: [TakenFile] = []
        let lang = user.language
        for (name, raw) in json.pairs {
            guard let fi = t.model.fieldsByName[name] else {
                if name == "id" || name == "version" || name.hasPrefix("_") || t.model.virtuals[name] != nil || t.model.computed[name] != nil { continue }
                errors[name] = site.t("Unknown field.", lang)
                continue
            }
            // The master key of a slave table is set by the server, not the client.
            if name == t.table.masterKey { continue }
            guard Permissions.canEditField(t, name, user) || (isInsert && name == t.model.model.primaryKeyField) else {
                if fi.field.editable == false { continue }  // read-only fields sent back unchanged are ignored
                errors[name] = site.t("You may not change this field.", lang)
                continue
            }
            if fi.field.isBabel {
                // A babel value is an object {lang: text}; a plain string sets the default language.
                let perLanguage: [(StoredColumn, JSON)]
                if case .object(let o) = raw {
                    perLanguage = fi.columns.compactMap { col in o[col.language!].map { (col, $0) } }
                } else {
                    perLanguage = [(fi.columns[0], raw)]
                }
                for (col, v) in perLanguage {
                    switch ValueParser.parse(v, field: fi.field, languages: site.languages) {
                    case .value(let value): values[col.name] = value
                    case .invalid(let m, let args): errors[name] = site.t(m, lang, args)
                    }
                }
                continue
            }
            if case .file(let accepted) = fi.field.kind {
                switch takeFile(raw, accepted: accepted, user: user) {
                case .success(let file)?:
                    newFiles.append(file)
                    values[name] = .text(file.key)
                    values[name + "_name"] = .text(file.staged.name)
                    values[name + "_size"] = .int(Int64(file.staged.size))
                    values[name + "_type"] = .text(file.staged.kind.rawValue)
                case .failure(let message)?: errors[name] = message.message
                case nil: break  // an unchanged file sent back
                }
                continue
            }
            if let learned = learnedText(raw, fi, t, user) {
                switch learned {
                case .success(let text): creates[name] = text
                case .failure(let refusal): errors[name] = refusal.message
                }
                continue
            }
            switch ValueParser.parse(raw, field: fi.field, languages: site.languages) {
            case .value(let v):
                if !v.isNull, let check = fi.field.check, let message = check(v) {
                    errors[name] = site.t(message, lang)
                } else if fi.field.past, let day = v.stringValue, day > ISODates.today() {
                    errors[name] = site.t("{date} is in the future.", lang, ["date": LanguageFormats.of(lang).format(isoDate: day)])
                } else {
                    values[name] = fi.field.foreignTarget != nil ? StorageEncoding.encode(v, fi.columns[0].type) : v
                }
            case .invalid(let m, let args):
                errors[name] = site.t(m, lang, args)
            }
        }
        return ParsedValues(values: values, creates: creates, errors: errors, newFiles: newFiles)
    }

    /// Takes the staged upload a file field's value names (`{"token": ...}`); nil for
    /// any other value (the stored file as a row sent it).
    func takeFile(_ raw: JSON, accepted: [FileKind], user: UserContext) -> Result<TakenFile, LearningRefusal>? {
        guard let token = raw["token"]?.stringValue else { return nil }
        guard let files else { return .failure(LearningRefusal(message: site.t("This site stores no files.", user.language))) }
        do {
            let taken = try files.take(token, userID: user.realUserID ?? user.id)
            guard accepted.contains(taken.staged.kind) else {
                files.remove(taken.key)
                return .failure(LearningRefusal(message: site.t("This kind of file is not accepted here.", user.language)))
            }
            return .success(taken)
        } catch {
            return .failure(LearningRefusal(message: site.t("The uploaded file is no longer there. Please choose it again.", user.language)))
        }
    }

    /// A staged upload a save took: its key in the store, what it was, whose it was.
    typealias TakenFile = (key: String, staged: FileStore.Staged, owner: Int64)

    /// Runs a save that took new files; a save that fails (or only checks) puts them
    /// back in the staging area, so that the user's next try still has them.
    func keepingFiles<T>(_ parsed: ParsedValues, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            for file in parsed.newFiles { files?.giveBack(file.key, as: file.staged, owner: file.owner) }
            throw error
        }
    }

    /// Thrown at the end of a write that only checks, to roll it back.
    struct CheckedOnly: Error {}

    /// Runs a write; when `checkOnly`, the `CheckedOnly` its end throws is the
    /// expected outcome (everything passed), answered with `.null`.
    func rollingBack(if checkOnly: Bool, _ body: () async throws -> Value) async throws -> Value {
        do { return try await body() } catch is CheckedOnly where checkOnly { return .null }
    }

    func validationError(_ fields: [String: String], _ lang: String) -> LinoError {
        .validation(message: site.t("Please correct the marked fields.", lang), fields: fields)
    }

    // MARK: - Insert

    /// Creates a record from client values; returns its id.
    /// - Parameter confirmed: the user answered yes to the model's questions (`Model.confirmInsert`);
    ///   otherwise a question stops the insert with `Confirmation`.
    /// - Parameter checkOnly: every check runs, its errors are thrown, and then the
    ///   transaction is rolled back: nothing is stored (the answer is `.null`).
    @discardableResult
    public func insert(_ t: TableInfo, values json: JSONObject, masterID: Value? = nil, confirmed: Bool = true,
                       user: UserContext, checkOnly: Bool = false) async throws -> Value {
        guard Permissions.canInsert(t, user) else { throw LinoError.forbidden(site.t("You may not create records here.", user.language)) }
        let parsed = try parse(json, t, user: user, isInsert: true)
        var values = parsed.values
        for (k, v) in t.table.knownValues where values[k] == nil { values[k] = v }
        if let mk = t.table.masterKey {
            guard let masterID else { throw LinoError.badRequest(site.t("This table needs its master record.", user.language)) }
            values[mk] = StorageEncoding.encode(masterID, t.model.fieldsByName[mk]!.columns[0].type)
        }
        let finalValues = values
        return try await rollingBack(if: checkOnly) { try await keepingFiles(parsed) { try await write(as: .user(user)) { w in
            var values = finalValues
            let failed = try w.store.createLearnedTargets(w, t.model, &values, parsed.creates)
            try w.authorize(insertInto: t, t.model, values, user)
            let question = confirmed || checkOnly ? nil : try w.store.insertQuestion(w, t.model, values, user.language)
            let id = try w.store.insertRecord(w, t.model, values, reporting: parsed.errors.merging(failed) { a, _ in a })
            if checkOnly { throw CheckedOnly() }
            // Asked only once the insert would succeed (a Yes must be able to store it); the
            // question throws and so rolls the insert back.
            if let question { throw Confirmation(question: question) }
            return id
        } } }
    }

    /// The first of the models' questions before an insert (`Model.confirmInsert`), asked of
    /// the data as it is before the insert. The caller inserts (so that a mistake is reported
    /// rather than asked about) and then stops with `Confirmation`, to be sent again confirmed.
    /// - Parameter models: whose questions (default: the whole chain; an extension asks the new part's).
    func insertQuestion(_ w: Writer, _ model: ModelInfo, _ values: Values, _ lang: String, models: ArraySlice<Model>? = nil) throws -> String? {
        for m in models ?? model.chain[...] {
            for ask in m.insertQuestions {
                if let question = try ask(w, values, lang) { return question }
            }
        }
        return nil
    }

    /// Inserts into every table of the model's chain, inside the caller's transaction.
    /// - Parameter checked: false for trusted bulk data (demo data): the per-field
    ///   reference and uniqueness look-ups are skipped; the database's own foreign
    ///   keys and unique indexes still refuse bad rows.
    /// - Parameter reporting: errors found before (new targets that could not be
    ///   created), reported together with the record's own.
    func insertRecord(_ w: Writer, _ model: ModelInfo, _ given: Values, checked: Bool = true,
                      reporting earlier: [String: String] = [:]) throws -> Value {
        let c = w.connection
        let user = w.actor.user
        let lang = user?.language ?? site.defaultLanguage
        var values = given
        let today = ISODates.today()
        try fillDefaults(w, model, &values, today: today)
        let ctx = SaveContext(isInsert: true, userID: user?.id, today: today, records: w)
        for m in model.chain { for hook in m.beforeSaveHooks { try hook(&values, ctx) } }
        fillSortKeys(model, &values)
        if checked {
            try completeDependencies(c, model, &values)
            try check(c, model, values, id: nil, lang: lang, earlier: earlier)
        } else if !earlier.isEmpty {
            throw validationError(earlier, lang)
        }

        var id: Value = .null
        for i in model.chain.indices {
            let row = try insertRow(c, model, chainIndex: i, id: id, values, lang: lang)
            if i == 0 { id = row }
        }
        try insertSearchDocuments(c, model, id: id, values: values)
        w.wrote(model.tablesWritten)
        let saved = SavedRecord(isInsert: true, id: id, before: [:], after: values, user: user)
        try runAfterSave(w, model, saved)
        return id
    }

    /// Initial values of the fields a new record leaves empty (`Field.defaultValue`):
    /// constants, today, the acting user, a field of the acting user's record or of
    /// the record a foreign key points to.
    func fillDefaults(_ w: Writer, _ model: ModelInfo, _ values: inout Values, today: String) throws {
        let user = w.actor.user
        var later: [(FieldInfo, String, String)] = []
        for fi in model.fields where values[fi.columns[0].name] == nil {
            switch fi.field.defaultValue {
            case .value(let v)?: values[fi.name] = v
            case .today?: values[fi.name] = .text(today)
            case .now?: values[fi.name] = .text(ISODates.now())
            case .currentUser?: if let u = user { values[fi.name] = .int(u.id) }
            case .currentUserField(let f)?:
                if let u = user, let row = try w.record("users.User", id: .int(u.id)) { values[fi.name] = row[f] }
            case .fromTarget(let fk, let f)?: later.append((fi, fk, f))
            case nil: break
            }
        }
        // After the others: the foreign key may itself have just got its default.
        for (fi, fk, f) in later {
            guard let target = model.fieldsByName[fk]?.field.foreignTarget, let id = values[fk], !id.isNull,
                  let row = try w.record(target, id: id) else { continue }
            let v = row[f]
            if !v.isNull { values[fi.name] = v }
        }
    }

    // MARK: - Update

    /// Changes a record. A save based on an old `version` is merged when nobody else
    /// changed the fields it changes (`base`: those fields as the user loaded them);
    /// otherwise, or without `base`, it is refused with a conflict naming the fields.
    /// - Parameter checkOnly: as for `insert`: every check, then a rollback.
    public func update(_ t: TableInfo, id: Value, version: Int64?, values json: JSONObject, base baseJSON: JSONObject? = nil,
                       user: UserContext, checkOnly: Bool = false) async throws {
        guard Permissions.canUpdate(t, user) else { throw LinoError.forbidden(site.t("You may not change records here.", user.language)) }
        guard let version else {
            throw validationError(["version": site.t("The record version is missing.", user.language)], user.language)
        }
        // The record must be visible to this user through this table.
        _ = try await record(t, id: id, fields: [], user: user)
        let parsed = try parse(json, t, user: user, isInsert: false)
        // Base values the user may not change are not needed: only the changed fields are compared.
        let base = try baseJSON.map { b in
            var wanted = JSONObject()
            for (k, v) in b.pairs where json[k] != nil && Permissions.canEditField(t, k, user) { wanted[k] = v }
            return try parse(wanted, t, user: user, isInsert: false).values  // a bad base value only compares unequal
        }
        do {
            _ = try await rollingBack(if: checkOnly) { try await keepingFiles(parsed) { try await write(as: .user(user)) { w in
                try w.authorize(update: t, t.model, id: id, parsed.values, user)
                try w.store.updateRecord(w, t.model, id: id, version: version, parsed.values, base: base, creating: parsed.creates,
                                         reporting: parsed.errors)
                if checkOnly { throw CheckedOnly() }
                return Value.null
            } } }
        } catch let stale as StaleEdit {
            throw try await conflict(t, id: id, stale, sent: json, user: user)
        }
    }

    /// - Parameter creating: new targets of learning foreign keys (field -> text), created
    ///   with the record's values after the changes (a new place in the record's country).
    /// - Parameter base: the changed fields as the user loaded them; a stale `version`
    ///   then only fails when someone else changed one of those fields (`StaleEdit`).
    /// - Parameter reporting: errors found before (bad values sent), reported with the record's own.
    func updateRecord(_ w: Writer, _ model: ModelInfo, id: Value, version: Int64?, _ changes: Values,
                      base: Values? = nil, creating: [String: String] = [:], reporting earlier: [String: String] = [:]) throws {
        let c = w.connection
        let user = w.actor.user
        let lang = user?.language ?? site.defaultLanguage
        guard var values = try loadStored(c, model, id: id) else {
            throw LinoError.notFound(site.t("No such record.", lang))
        }
        if let version, values["version"]?.intValue != version {
            let both = conflictingFields(model, stored: values, changes: changes, base: base)
            if base == nil || !both.isEmpty { throw StaleEdit(baseVersion: version, fields: both) }
        }
        let before = values
        for (k, v) in changes { values[k] = v }
        // A replaced file goes once the change is committed.
        for fi in model.fields {
            if case .file = fi.field.kind, let old = before[fi.name]?.stringValue, changes[fi.name] != nil, values[fi.name] != before[fi.name] {
                w.removeAfterCommit(old)
            }
        }
        let failed = try createLearnedTargets(w, model, &values, creating)
        let ctx = SaveContext(isInsert: false, userID: user?.id, today: ISODates.today(), records: w)
        for m in model.chain { for hook in m.beforeSaveHooks { try hook(&values, ctx) } }
        fillSortKeys(model, &values)
        try completeDependencies(c, model, &values)
        try check(c, model, values, id: id, lang: lang, earlier: earlier.merging(failed) { a, _ in a })

        try updateRows(c, model, chainIndices: model.chain.indices, id: id, before: before, values, user: user, lang: lang)
        try refreshSearchIndexes(c, model, id: id)
        w.wrote(model.tablesWritten)
        let saved = SavedRecord(isInsert: false, id: id, before: before, after: values, user: user)
        try runAfterSave(w, model, saved)
    }

    // MARK: - Rows of a record's tables

    /// Inserts a record's row in the table of one model of its chain (the first one
    /// makes the id; the others take it); answers the id.
    func insertRow(_ c: SQLConnection, _ model: ModelInfo, chainIndex i: Int, id: Value, _ values: Values, lang: String) throws -> Value {
        let m = model.chain[i]
        var cols: [String] = []
        var params: [Value] = []
        if i > 0 { cols.append("id"); params.append(id) }
        for fi in model.fields where fi.ownerName == m.name {
            for col in fi.columns {
                guard let v = values[col.name], !v.isNull else { continue }
                cols.append(c.dialect.quote(col.name))
                params.append(StorageEncoding.encode(v, col.type))
            }
        }
        let placeholders = cols.map { _ in "?" }.joined(separator: ", ")
        let sql = cols.isEmpty
            ? "INSERT INTO \(m.tableName) DEFAULT VALUES RETURNING \(c.dialect.quote(model.primaryKey))"
            : "INSERT INTO \(m.tableName) (\(cols.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING \(i == 0 ? c.dialect.quote(model.primaryKey) : "id")"
        do {
            let row = try c.query(sql, params, types: [i == 0 ? model.primaryKeyType : .int])
            return row.first?.first ?? .null
        } catch let e as StoreError where e.kind == .constraint {
            throw constraintError(e, model, lang)
        }
    }

    /// Writes the changed columns of a record to the tables of the given models of its
    /// chain. The first table's row gets its version checked and bumped in the same
    /// statement (no lost update), and the change is logged.
    func updateRows(_ c: SQLConnection, _ model: ModelInfo, chainIndices: Range<Int>, id: Value, before: Values, _ values: Values,
                    user: UserContext?, lang: String) throws {
        for i in chainIndices {
            let m = model.chain[i]
            var sets: [String] = []
            var params: [Value] = []
            for fi in model.fields where fi.ownerName == m.name {
                for col in fi.columns where values[col.name] != before[col.name] {
                    sets.append("\(c.dialect.quote(col.name)) = ?")
                    params.append(StorageEncoding.encode(values[col.name] ?? .null, col.type))
                }
            }
            if i == 0 {
                sets.append("version = version + 1")
                let row = try c.query("UPDATE \(m.tableName) SET \(sets.joined(separator: ", ")) WHERE \(c.dialect.quote(model.primaryKey)) = ? AND version = ? RETURNING version",
                                      params + [id, before["version"] ?? .int(0)], types: [.int])
                guard let newVersion = row.first?.first?.intValue else {
                    throw StaleEdit(baseVersion: before["version"]?.intValue ?? 0, fields: [])
                }
                let changed = model.fields.filter { fi in fi.valueColumns.contains { values[$0.name] != before[$0.name] } }.map(\.name)
                try logChange(c, model, id: id, version: newVersion, fields: changed, user: user)
            } else if !sets.isEmpty {
                do {
                    try c.execute("UPDATE \(m.tableName) SET \(sets.joined(separator: ", ")) WHERE id = ?", params + [id])
                } catch let e as StoreError where e.kind == .constraint {
                    throw constraintError(e, model, lang)
                }
            }
        }
    }

    /// The hooks of every model of the chain; what they write is a consequence of this save.
    func runAfterSave(_ w: Writer, _ model: ModelInfo, _ saved: SavedRecord) throws {
        for m in model.chain where !m.afterSaveHooks.isEmpty {
            try w.asSystem("after saving \(m.name)") {
                for hook in m.afterSaveHooks { try hook(w, saved) }
            }
        }
    }

    /// Every stored column of a record (its chain), with `version`; nil when absent.
    func loadStored(_ c: SQLConnection, _ model: ModelInfo, id: Value) throws -> Values? {
        var b = SelectBuilder(site: site, info: model, language: site.defaultLanguage, dialect: c.dialect)
        b.selectKeyAndVersion()
        b.select(fields: model.fields.map(\.name))
        try b.add(.equals(model.primaryKey, id))
        let raw = try c.query("SELECT \(b.selects.map(\.sql).joined(separator: ", ")) FROM \(b.from)\(b.whereClause)", b.params, types: b.selects.map(\.type))
        return b.read(raw).first?.values
    }

    // MARK: - Checks

    /// Required fields, model rules, references and uniqueness; throws one validation error naming each field.
    func check(_ c: SQLConnection, _ model: ModelInfo, _ values: Values, id: Value?, lang: String,
               earlier: [String: String] = [:]) throws {
        var errors = earlier
        for fi in model.fields where fi.field.required && errors[fi.name] == nil {
            if (values[fi.columns[0].name] ?? .null).isBlank { errors[fi.name] = site.t("This field is required.", lang) }
        }
        let view = site.view(values, lang)
        for m in model.chain {
            for rule in m.validators {
                if let v = rule(view), errors[v.field ?? ""] == nil { errors[v.field ?? ""] = site.t(v.message, lang) }
            }
        }
        for fi in model.fields where errors[fi.name] == nil {
            guard let v = values[fi.name], !v.isNull else { continue }
            if let target = fi.field.foreignTarget, let tm = site.models[target] {
                if let message = try referenceProblem(c, model, fi, target: tm, id: v, values, lang) { errors[fi.name] = message }
            }
            if fi.field.unique {
                var sql = "SELECT 1 FROM \(fi.ownerTable) WHERE \(c.dialect.quote(fi.name)) = ?"
                var params = [StorageEncoding.encode(v, fi.columns[0].type)]
                if let id { sql += " AND \(fi.ownerTable == model.root.tableName ? c.dialect.quote(model.primaryKey) : "id") <> ?"; params.append(id) }
                if try !c.query(sql, params, types: [.int]).isEmpty {
                    errors[fi.name] = site.t("This value is already used by another record.", lang)
                }
            }
        }
        for m in model.chain {
            for fields in m.uniqueTogether where fields.allSatisfy({ errors[$0] == nil }) {
                var sql = "SELECT 1 FROM \(m.tableName) WHERE " + fields.map { "\(c.dialect.quote($0)) = ?" }.joined(separator: " AND ")
                var params = fields.map { f in StorageEncoding.encode(values[f] ?? .null, model.fieldsByName[f]!.columns[0].type) }
                guard !params.contains(where: \.isNull) else { continue }
                if let id { sql += " AND \(m.name == model.root.name ? c.dialect.quote(model.primaryKey) : "id") <> ?"; params.append(id) }
                if try !c.query(sql, params, types: [.int]).isEmpty {
                    errors[fields.last!] = site.t("This combination already exists.", lang)
                }
            }
        }
        if !errors.isEmpty { throw validationError(errors, lang) }
    }

    func constraintError(_ e: StoreError, _ model: ModelInfo, _ lang: String) -> LinoError {
        .validation(message: site.t("The database refused this change: {reason}", lang, ["reason": e.message]), fields: [:])
    }

    // MARK: - Delete

    /// Deletes a record, or refuses with a veto naming what still refers to it.
    public func delete(_ t: TableInfo, id: Value, user: UserContext) async throws {
        try await write(as: .user(user)) { w in try w.delete(t.model.name, id: id, via: t.name) }
    }

    func deleteRecord(_ w: Writer, _ model: ModelInfo, id: Value, title: String) throws {
        let c = w.connection
        let lang = w.actor.user?.language ?? site.defaultLanguage
        // The whole family of the row: a Partner deleted as a Partner may also be a Person.
        let root = model.root.name
        let family = [root] + site.descendants(of: root).reversed()
        // Its files go once the delete is committed.
        for name in family {
            let m = site.models[name]!
            let fileFields = m.fields.filter { if case .file = $0.field.kind { return $0.ownerName == name } else { return false } }
            guard !fileFields.isEmpty, let record = try w.record(name, id: id) else { continue }
            for fi in fileFields { if let key = record[fi.name].stringValue { w.removeAfterCommit(key) } }
        }
        // Hooks first, while the record and what it owns are still there.
        for name in family {
            let m = site.models[name]!
            guard !m.model.beforeDeleteHooks.isEmpty, let record = try w.record(name, id: id) else { continue }
            try w.asSystem("before deleting \(name)") {
                for hook in m.model.beforeDeleteHooks { try hook(w, record) }
            }
        }
        for name in family {
            for ref in site.referrers[name] ?? [] {
                let rm = site.models[ref.model]!
                let table = rm.model.tableName
                let col = c.dialect.quote(ref.field)
                switch ref.rule {
                case .protect:
                    let n = try c.scalar("SELECT count(*) FROM \(table) WHERE \(col) = ?", [id]).intValue ?? 0
                    if n > 0 {
                        throw LinoError.veto(site.t("Cannot delete {record} because {count} {model} refer to it.", lang,
                                                    ["record": title, "count": String(n), "model": site.t(n == 1 ? rm.model.label : rm.model.pluralLabel, lang)]))
                    }
                case .setNull:
                    // A changed record gets a new version, so that an open form of it cannot save over the change.
                    let rootKey = rm.chain.count == 1 ? c.dialect.quote(rm.primaryKey) : "id"
                    try c.execute("UPDATE \(rm.root.tableName) SET version = version + 1 WHERE \(c.dialect.quote(rm.primaryKey)) IN (SELECT \(rootKey) FROM \(table) WHERE \(col) = ?)", [id])
                    try c.execute("UPDATE \(table) SET \(col) = NULL WHERE \(col) = ?", [id])
                    w.wrote([table, rm.root.tableName])
                case .cascade:
                    let ids = try c.query("SELECT \(rm.chain.count == 1 ? c.dialect.quote(rm.primaryKey) : "id") FROM \(table) WHERE \(col) = ?", [id], types: [rm.primaryKeyType])
                    for r in ids { try deleteRecord(w, site.models[rm.root.name]!, id: r[0], title: title) }
                }
            }
        }
        if let index = model.searchIndex {
            try c.execute("DELETE FROM \(index.table) WHERE \(c.dialect == .sqlite ? "rowid" : "id") = ?", [id])
            if c.dialect == .sqlite { try c.execute("DELETE FROM \(index.keysTable(c.dialect)) WHERE id = ?", [id]) }
        }
        for name in family.reversed() {
            let m = site.models[name]!
            let key = m.chain.count == 1 ? c.dialect.quote(m.primaryKey) : "id"
            try c.execute("DELETE FROM \(m.model.tableName) WHERE \(key) = ?", [id])
            w.wrote(m.tablesWritten)
        }
    }

    /// Keeps the hidden sort-key columns in step with their fields.
    func fillSortKeys(_ model: ModelInfo, _ values: inout Values) {
        for fi in model.fields {
            guard let key = fi.sortColumn else { continue }
            values[key.name] = values[fi.name]?.stringValue.map { .text(SearchText.fold($0)) } ?? .null
        }
    }

    // MARK: - Search index

    /// The quick-search document of a record: its values of the index's fields, all languages.
    func searchDocument(_ index: SearchIndex, _ model: ModelInfo, _ values: Values) -> String {
        SearchText.fold(index.fields.flatMap { f in
            (model.fieldsByName[f]?.valueColumns ?? []).compactMap { values[$0.name]?.stringValue }
        }.joined(separator: " | "))
    }

    /// A new record has no document yet: write it from the values at hand.
    func insertSearchDocuments(_ c: SQLConnection, _ model: ModelInfo, id: Value, values: Values) throws {
        guard let index = model.searchIndex, model.primaryKeyType == .int else { return }
        try writeSearchEntry(c, index, id: id, doc: searchDocument(index, model, values), values: values,
                             kinds: index.kinds(of: model.chain.map(\.name)), isNew: true)
    }

    /// Rewrites a record's document from every table of its family (it may be more than the model it was saved as).
    func refreshSearchIndexes(_ c: SQLConnection, _ model: ModelInfo, id: Value) throws {
        guard let index = model.searchIndex, model.primaryKeyType == .int else { return }
        var values = Values()
        var fieldsByName: [String: FieldInfo] = [:]
        var stored: [String] = []
        for name in index.family {
            let m = site.models[name]!
            // Models without search fields are only asked whether the record has a row there.
            let v = index.models.contains(name) || name == index.family.first
                ? try loadStored(c, m, id: id)
                : try c.query("SELECT id FROM \(m.model.tableName) WHERE id = ?", [id], types: [.int]).isEmpty ? nil : Values()
            guard let v else { continue }
            stored.append(name)
            values.merge(v) { a, _ in a }
            fieldsByName.merge(m.fieldsByName) { a, _ in a }
        }
        guard !values.isEmpty else { return }
        let doc = SearchText.fold(index.fields.flatMap { f in
            (fieldsByName[f]?.valueColumns ?? []).compactMap { values[$0.name]?.stringValue }
        }.joined(separator: " | "))
        try writeSearchEntry(c, index, id: id, doc: doc, values: values, kinds: index.kinds(of: stored), isNew: false)
    }

    /// Writes a record's search document with the sort key, kinds and flags it carries.
    private func writeSearchEntry(_ c: SQLConnection, _ index: SearchIndex, id: Value, doc: String, values: Values,
                                  kinds: Int64, isNew: Bool) throws {
        let d = c.dialect
        // The same folded text as the sort field's own sort key (`fillSortKeys`).
        let sort = index.sortField.flatMap { values[$0]?.stringValue }.map { Value.text(SearchText.fold($0)) } ?? .null
        let flags = index.flags.map { StorageEncoding.encode(values[$0] ?? .bool(false), .bool) }
        let flagColumns = index.flags.map { d.quote($0) }
        if d == .sqlite {
            if !isNew { try c.execute("DELETE FROM \(index.table) WHERE rowid = ?", [id]) }
            try c.execute("INSERT INTO \(index.table) (rowid, doc) VALUES (?, ?)", [id, .text(doc)])
            let columns = (["id", "sortkey", "kinds"] + flagColumns).joined(separator: ", ")
            try c.execute("INSERT OR REPLACE INTO \(index.keysTable(d)) (\(columns)) VALUES (\((0..<(3 + flags.count)).map { _ in "?" }.joined(separator: ", ")))",
                          [id, sort, .int(kinds)] + flags)
        } else {
            let columns = ["id", "doc", "sortkey", "kinds"] + flagColumns
            let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            try c.execute("INSERT INTO \(index.table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", "))) ON CONFLICT (id) DO UPDATE SET \(updates)",
                          [id, .text(doc), sort, .int(kinds)] + flags)
        }
    }
}
