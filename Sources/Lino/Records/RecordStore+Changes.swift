/// The change log: which fields of a record each update changed, who did it and
/// when (`lino_change`). An edit conflict names who changed a field since the
/// user loaded the record; later, a record's history can list it.
extension RecordStore {
    /// Records one update inside its transaction (`version` is the version it produced).
    func logChange(_ c: SQLConnection, _ model: ModelInfo, id: Value, version: Int64, fields: [String], user: UserContext?) throws {
        guard !fields.isEmpty else { return }
        try c.execute("INSERT INTO lino_change (model, record, version, user_id, at, fields) VALUES (?, ?, ?, ?, ?, ?)",
                      [.text(model.root.name), .text(Self.recordKey(id)), .int(version), user.map { .int($0.id) } ?? .null,
                       .text(ISODates.now()), .text(fields.joined(separator: " "))])
    }

    /// Who last changed each of `fields` of a record after version `since`, and when.
    /// - Returns: field -> (the user's name or nil for the system, UTC `YYYY-MM-DD HH:MM:SS`).
    public func lastChanges(_ model: ModelInfo, id: Value, since: Int64, fields: Set<String>,
                            language: String) async throws -> [String: (by: String?, at: String)] {
        let users = site.models["users.User"]
        let store = self
        return try await db.read { c in
            let rows = try c.query("""
                SELECT user_id, at, fields FROM lino_change WHERE model = ? AND record = ? AND version > ?
                ORDER BY version DESC LIMIT 200
                """, [.text(model.root.name), .text(Self.recordKey(id)), .int(since)], types: [.int, .text, .text])
            var found: [String: (by: String?, at: String)] = [:]
            var names: [Int64: String] = [:]
            for r in rows {
                let changed = Set((r[2].stringValue ?? "").split(separator: " ").map(String.init))
                for f in fields.intersection(changed) where found[f] == nil {
                    var by: String?
                    if let uid = r[0].intValue, let users {
                        if names[uid] == nil, let u = try store.loadStored(c, users, id: .int(uid)) {
                            names[uid] = users.title(store.site.view(u, language))
                        }
                        by = names[uid]
                    }
                    found[f] = (by, r[1].stringValue ?? "")
                }
                if found.count == fields.count { break }
            }
            return found
        }
    }

    static func recordKey(_ id: Value) -> String {
        id.intValue.map(String.init) ?? id.stringValue ?? ""
    }

    /// Fields of `changes` that someone else changed since the user loaded the record:
    /// the stored value is no longer `base` (what the user saw) and not what the user
    /// typed either. Without `base` every field the user changed counts.
    func conflictingFields(_ model: ModelInfo, stored: Values, changes: Values, base: Values?) -> [String] {
        model.fields.compactMap { fi in
            let columns = fi.valueColumns.map(\.name).filter { changes[$0] != nil }
            guard !columns.isEmpty else { return nil }
            let sameAsMine = columns.allSatisfy { (stored[$0] ?? .null) == changes[$0]! }
            if sameAsMine { return nil }
            guard let base else { return fi.name }
            let theyChanged = columns.contains { (stored[$0] ?? .null) != (base[$0] ?? .null) }
            return theyChanged ? fi.name : nil
        }
    }
}

extension RecordStore {
    /// The conflict answer of a stale save: per field both sides changed, the value the
    /// user sent, the stored one (as a row shows it), and who changed it when.
    func conflict(_ t: TableInfo, id: Value, _ stale: StaleEdit, sent: JSONObject, user: UserContext) async throws -> LinoError {
        let message = site.t("Someone else changed this record in the meantime. Reload it to see their changes.", user.language)
        guard !stale.fields.isEmpty else { return .conflict(message: message, current: nil) }
        let row = try await record(t, id: id, fields: stale.fields, user: user)
        let encoded = RowEncoder(site: site, table: t, user: user).encode(row, fields: stale.fields)
        let changes = try await lastChanges(t.model, id: id, since: stale.baseVersion, fields: Set(stale.fields), language: user.language)
        var conflicts = JSONObject()
        for f in stale.fields {
            let change = changes[f]
            conflicts[f] = .object([
                "yours": sent[f] ?? .null,
                "theirs": encoded[f] ?? .null,
                "changedBy": change?.by.map(JSON.string) ?? .null,
                "changedAt": change.map { .string($0.at.replacingOccurrences(of: " ", with: "T") + "Z") } ?? .null,
            ])
        }
        return .conflict(message: message, current: nil, conflicts: conflicts)
    }
}

/// A save based on an old version that changes fields someone else changed meanwhile
/// (or any stale save without base values). Nothing was written.
public struct StaleEdit: Error {
    /// The version the user's save was based on.
    public let baseVersion: Int64
    /// The fields both sides changed (empty: the record changed between two statements).
    public let fields: [String]
}
