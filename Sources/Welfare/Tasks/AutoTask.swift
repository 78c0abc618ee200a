import Lino

/// A task a record keeps for itself (Lino's `update_auto_task`): at most one per owner
/// record and automatic type, moved when its date changes, removed when no longer
/// wanted. Tasks dated more than a week ago are not kept (domain section 10).
enum AutoTask {
    /// Makes the owner's task of this type say `due`, `summary`, `user` and `project`,
    /// or removes it when `due` is nil, more than a week ago, or nobody is to do it.
    static func keep(_ w: Writer, owner: String, id: Value, type: Int64, due: String?, summary: String,
                     user: Value?, project: Value?) throws {
        let existing = try w.first("cal.Task", where: [.equals("owner_type", .text(owner)), .equals("owner_id", id),
                                                       .equals("auto_type", .int(type))])
        let keepFrom = ISODates.adding(days: -7, to: ISODates.today()) ?? ""
        guard let due, due >= keepFrom, let user, !user.isNull else {
            if let existing { try w.delete("cal.Task", id: existing.id) }
            return
        }
        let values: Values = ["due_date": .text(due), "start_date": .text(min(due, ISODates.today())), "summary": .text(summary),
                              "user": user, "project": project ?? .null]
        if let existing {
            let changes = values.filter { existing[$0.key] != $0.value }
            if !changes.isEmpty { try w.update("cal.Task", id: existing.id, changes) }
        } else {
            try w.insert("cal.Task", values.merging(["owner_type": .text(owner), "owner_id": id, "auto_type": .int(type),
                                                     "state": .text("10")]) { a, _ in a })
        }
    }

    /// Removes every task the record made (it is being deleted).
    static func removeAll(_ w: Writer, owner: String, id: Value) throws {
        for t in try w.rows("cal.Task", where: [.equals("owner_type", .text(owner)), .equals("owner_id", id)], fields: ["summary"]) {
            try w.delete("cal.Task", id: t.id)
        }
    }

    /// The language of the user a task reminds, else the writer's.
    static func language(of user: Value?, _ w: Writer) throws -> String {
        let lang = try user.flatMap { $0.isNull ? nil : try w.record("users.User", id: $0)?.string("language") } ?? ""
        return lang.isEmpty ? w.language : lang
    }
}
