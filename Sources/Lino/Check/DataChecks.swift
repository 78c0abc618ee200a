/// Data checkers (Lino's `checkdata`): rules about stored data that a save cannot
/// enforce (a client coached but obsolete, an expired eID card). Plugins declare
/// them; `welfare check --data` runs them and keeps what they find as
/// `checkdata.Problem` rows, each with the user responsible for fixing it.
public struct DataChecker: Sendable {
    /// A stable name (`pcsw.ClientCoachedObsolete`), kept with each problem.
    public let name: String
    /// English description for the problems table.
    public let label: String
    public let model: String
    /// Fields the check reads (default: every stored field).
    public let fields: [String]?
    /// For a batch of records: the problems found, each (record id, English message, responsible user).
    public let check: @Sendable (Records, [Record]) throws -> [Found]

    public struct Found: Sendable {
        public let id: Value
        public let message: String
        public let user: Value?
        public init(_ id: Value, _ message: String, user: Value? = nil) { self.id = id; self.message = message; self.user = user }
    }

    public init(_ name: String, label: String, model: String, fields: [String]? = nil,
                check: @escaping @Sendable (Records, [Record]) throws -> [Found]) {
        self.name = name
        self.label = label
        self.model = model
        self.fields = fields
        self.check = check
    }
}

/// The problems found by the data checkers, and the tables that list them.
public enum DataChecksPlugin {
    static let problem = Model("checkdata.Problem", label: "Data problem", plural: "Data problems") {
        CharField("checker", "Checker", maxLength: 80, indexed: true)
        CharField("owner_type", "Record type", maxLength: 60)
        IntField("owner_id", "Record")
        CharField("owner_title", "Record", maxLength: 200)
        ForeignKey("user", "Responsible", to: "users.User", onDelete: .setNull)
        CharField("message", "Message", maxLength: 300)
    }
    .title(["message"]) { $0.t($0.string("message")) }
    .ordered(["owner_type", "owner_id"])
    // Kept in English, shown in the reader's language.
    .virtual(CharField("problem", "Problem"), needs: ["message"]) { r in .text(r.t(r.string("message"))) }

    public static func make(roles: [Role]) -> Plugin {
        Plugin("checkdata", models: [problem], tables: [
            Table("checkdata.Problems", model: "checkdata.Problem", label: "Data problems",
                  columns: "owner_title:30 problem:50 user:18 checker:24", viewRoles: roles, allowInsert: false, allowUpdate: false),
            Table("checkdata.MyProblems", model: "checkdata.Problem", label: "My data problems",
                  columns: "owner_title:30 problem:50 checker:24", allowInsert: false, allowUpdate: false,
                  rowFilter: { user in .equals("user", .int(user.id)) }),
        ], menu: [.table(["Office"], "checkdata.MyProblems"), .table(["Explorer", "System"], "checkdata.Problems")])
    }
}

/// Runs every checker of the site over its model's rows in batches, replacing the
/// problems each found before (one transaction per batch).
public struct DataCheckRunner: Sendable {
    public let store: RecordStore
    public init(store: RecordStore) { self.store = store }

    /// - Parameter progress: (checker, records checked, records in all), after each batch.
    /// - Returns: problems found per checker name.
    @discardableResult
    public func run(batch: Int = 1_000, progress: (@Sendable (String, Int, Int) -> Void)? = nil) async throws -> [String: Int] {
        var found: [String: Int] = [:]
        let site = store.site
        for checker in site.checkers {
            let name = checker.name
            let ids = try await store.read(lengthy: true) { r in try r.ids(checker.model, order: "id") }
            try await store.write(as: .system(reason: "data checks")) { w in
                for old in try w.rows("checkdata.Problem", where: [.equals("checker", .text(name))], fields: ["checker"]) {
                    try w.delete("checkdata.Problem", id: old.id)
                }
            }
            var done = 0
            var count = 0
            while done < ids.count {
                let slice = Array(ids[done..<min(done + batch, ids.count)])
                count += try await store.write(as: .system(reason: "data checks")) { w -> Int in
                    let records = try w.rows(checker.model, where: [.oneOf(w.model(checker.model).primaryKey, slice)], fields: checker.fields)
                    let titles = Dictionary(records.map { ($0.id, $0.title(site.defaultLanguage, site: site)) }, uniquingKeysWith: { a, _ in a })
                    let problems = try checker.check(w, records)
                    for p in problems {
                        try w.insert("checkdata.Problem", ["checker": .text(name), "owner_type": .text(checker.model), "owner_id": p.id,
                                                           "owner_title": .text(String((titles[p.id] ?? "").prefix(200))),
                                                           "user": p.user ?? .null, "message": .text(String(p.message.prefix(300)))])
                    }
                    return problems.count
                }
                done += slice.count
                progress?(name, done, ids.count)
            }
            found[name] = count
        }
        return found
    }
}
