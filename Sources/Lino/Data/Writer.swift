/// The one way records are written. Every insert, update and delete — from the
/// API, actions, workflow transitions, services, hooks, demo data, imports —
/// goes through a writer inside `RecordStore.write(as:)`: it checks the acting
/// user's permissions (table, row, field), validates, bumps versions, keeps the
/// search index and the change log, runs the models' hooks, and remembers the
/// tables it wrote so that caches are invalidated when the transaction commits.
///
/// ```swift
/// try await store.write(as: .user(user)) { w in
///     let id = try w.insert("notes.Note", ["project": client, "subject": .text("Visit")])
///     try w.update("coachings.Coaching", id: coaching, ["end_date": .text(today)])
/// }
/// ```
/// Writes as `.system(reason:)` are not checked: demo data, migrations, and the
/// consequences of an allowed write (hooks and workflow effects run that way).
public final class Writer: Records {
    public private(set) var actor: Actor
    let store: RecordStore
    /// Tables written so far in this transaction.
    private(set) var written: Set<String> = []
    /// Stored files no record needs once this transaction commits (replaced or deleted).
    private(set) var obsoleteFiles: [String] = []

    func removeAfterCommit(_ fileKey: String) { obsoleteFiles.append(fileKey) }

    init(store: RecordStore, connection: SQLConnection, actor: Actor) {
        self.actor = actor
        self.store = store
        super.init(site: store.site, connection: connection, language: actor.user?.language ?? store.site.defaultLanguage)
    }

    /// Notes tables written, for the caches to forget what they read from them.
    func wrote(_ tables: [String]) { written.formUnion(tables) }

    /// Runs `body` with the writer acting as the system on behalf of the same user:
    /// what a hook or a workflow effect writes is a consequence of a write the user
    /// was allowed to make, not a request of its own.
    @discardableResult
    public func asSystem<T>(_ reason: String, _ body: () throws -> T) rethrows -> T {
        let saved = actor
        actor = actor.consequence(reason)
        defer { actor = saved }
        return try body()
    }

    // MARK: - Writing

    /// Creates a record; returns its id.
    /// - Parameters:
    ///   - table: the table the user works in (its roles apply); default: the model's default table.
    ///   - trusted: bulk data the system generated (demo data at scale): the per-field look-ups of
    ///     references and uniqueness are skipped; the database's own constraints still refuse bad rows.
    ///     Ignored for users.
    @discardableResult
    public func insert(_ model: String, _ values: Values, via table: String? = nil, trusted: Bool = false) throws -> Value {
        let m = try self.model(model)
        if let user = actor.checkedUser {
            let t = try permissionTable(m, table, user)
            try authorize(insertInto: t, m, values, user)
            return try store.insertRecord(self, m, values)
        }
        return try store.insertRecord(self, m, values, checked: !trusted)
    }

    /// Changes fields of a record.
    /// - Parameter version: the version the change is based on; a different stored
    ///   version refuses the change (`StaleEdit`). Nil: based on what is stored now.
    public func update(_ model: String, id: Value, _ changes: Values, version: Int64? = nil, via table: String? = nil) throws {
        let m = try self.model(model)
        if let user = actor.checkedUser {
            let t = try permissionTable(m, table, user)
            try authorize(update: t, m, id: id, changes, user)
        }
        try store.updateRecord(self, m, id: id, version: version, changes)
    }

    /// Makes a stored record of a parent model a record of `model` too (a person
    /// becomes a client) and applies `changes`; see `RecordStore.extendRecord`.
    /// Allowed to whoever may create records in `table` (and set those fields).
    /// - Parameter confirmed: false asks the new part's questions before an insert
    ///   (`Model.confirmInsert`: "There is 1 similar client..."); a question stops the
    ///   write, and an action that extends answers the user with it (asked again confirmed).
    public func extend(_ model: String, id: Value, _ changes: Values, version: Int64? = nil, via table: String? = nil,
                       confirmed: Bool = true) throws {
        let m = try self.model(model)
        if let user = actor.checkedUser {
            let t = try permissionTable(m, table, user)
            try authorize(insertInto: t, m, changes, user)
        }
        try store.extendRecord(self, m, id: id, version: version, changes, confirmed: confirmed)
    }

    /// Deletes a record, its cascading children and what its hooks remove; refused
    /// with the reason when other records still refer to it.
    public func delete(_ model: String, id: Value, via table: String? = nil) throws {
        let m = try self.model(model)
        if let user = actor.checkedUser {
            let t = try permissionTable(m, table, user)
            try authorize(delete: t, m, id: id, user)
        }
        let title = try record(model, id: id).map { $0.title(language, site: site) } ?? ""
        try store.deleteRecord(self, m, id: id, title: title)
    }

    // MARK: - Permissions of the acting user

    func permissionTable(_ m: ModelInfo, _ name: String?, _ user: UserContext) throws -> TableInfo {
        if let name {
            guard let t = site.tables[name], t.model.chain.contains(where: { $0.name == m.name }) || m.chain.contains(where: { $0.name == t.model.name }) else {
                throw QueryError.unknownModel(name)
            }
            return t
        }
        guard let t = site.defaultTable(for: m.name) else {
            throw LinoError.forbidden(site.t("You may not change records here.", user.language))
        }
        return t
    }

    func authorize(insertInto t: TableInfo, _ m: ModelInfo, _ values: Values, _ user: UserContext) throws {
        guard Permissions.canInsert(t, user) else {
            throw LinoError.forbidden(site.t("You may not create records here.", user.language))
        }
        try authorizeFields(t, m, changed: values.filter { !$0.value.isNull }.map(\.key), user)
    }

    func authorize(update t: TableInfo, _ m: ModelInfo, id: Value, _ changes: Values, _ user: UserContext) throws {
        guard Permissions.canUpdate(t, user) else {
            throw LinoError.forbidden(site.t("You may not change records here.", user.language))
        }
        let row = try visibleRow(t, m, id: id, user)
        try authorizeRow(m, row, user)
        try authorizeFields(t, m, changed: changes.filter { $0.value != row[$0.key] }.map(\.key), user)
    }

    func authorize(delete t: TableInfo, _ m: ModelInfo, id: Value, _ user: UserContext) throws {
        guard Permissions.canDelete(t, user) else {
            throw LinoError.forbidden(site.t("You may not delete records here.", user.language))
        }
        try authorizeRow(m, try visibleRow(t, m, id: id, user), user)
    }

    /// The record as stored, if the user may see it in this table (its filter and row filter).
    func visibleRow(_ t: TableInfo, _ m: ModelInfo, id: Value, _ user: UserContext) throws -> Record {
        let conditions = [t.table.filter, Permissions.rowFilter(t, user)].compactMap { $0 } + [.equals(m.primaryKey, id)]
        guard let row = try first(m.name, where: conditions) else {
            throw LinoError.notFound(site.t("No such record.", user.language))
        }
        return row
    }

    func authorizeRow(_ m: ModelInfo, _ row: Record, _ user: UserContext) throws {
        guard Permissions.canEditRow(m, row, user) else {
            throw LinoError.forbidden(site.t("You may not change this record.", user.language))
        }
    }

    func authorizeFields(_ t: TableInfo, _ m: ModelInfo, changed columns: [String], _ user: UserContext) throws {
        var errors: [String: String] = [:]
        for column in columns {
            guard let fi = m.fieldOfColumn(column), !Permissions.mayChange(t, fi.name, fi.field, user) else { continue }
            errors[fi.name] = site.t("You may not change this field.", user.language)
        }
        if !errors.isEmpty {
            throw LinoError.validation(message: site.t("Please correct the marked fields.", user.language), fields: errors)
        }
    }
}
