import Lino

/// The reminder task of an upload with an end date (domain section 10): when its
/// type has an expiry unit and the upload is needed, one automatic task for the
/// uploader dated `end_date - value x unit`, "<type> expires". A task dated more
/// than a week ago is not kept; without a rule or date there is none.
public enum ExpiryReminder {
    static let autoType: Int64 = 1
    static let owner = "uploads.Upload"

    /// The day the reminder falls on, or nil when the rule asks none.
    public static func day(endDate: String, unit: String, value: Int) -> String? {
        switch unit {
        case "D": return ISODates.adding(days: -value, to: endDate)
        case "W": return ISODates.adding(days: -7 * value, to: endDate)
        case "M": return ISODates.adding(months: -value, to: endDate)
        case "Y": return ISODates.adding(years: -value, to: endDate)
        default: return nil
        }
    }

    static func update(_ w: Writer, upload id: Value, _ v: Values) throws {
        let existing = try w.first("cal.Task", where: [.equals("owner_type", .text(owner)), .equals("owner_id", id),
                                                       .equals("auto_type", .int(autoType))])
        var due: String?
        var summary = ""
        if v["needed"]?.boolValue == true, let end = v["end_date"]?.stringValue, let typeID = v["type"],
           let type = try w.record("uploads.UploadType", id: typeID), let unit = type["warn_expiry_unit"].stringValue {
            due = day(endDate: end, unit: unit, value: Int(type.int("warn_expiry_value") ?? 2))
            // In the language of the one it reminds.
            let lang = try v["user"].flatMap { try w.record("users.User", id: $0)?.string("language") }.flatMap { $0.isEmpty ? nil : $0 } ?? w.language
            summary = w.site.t("{type} expires", lang, ["type": type.title(lang, site: w.site)])
        }
        let keepFrom = ISODates.adding(days: -7, to: ISODates.today()) ?? ""
        guard let due, due >= keepFrom, let user = v["user"], !user.isNull else {
            if let existing { try w.delete("cal.Task", id: existing.id) }
            return
        }
        let values: Values = ["due_date": .text(due), "start_date": .text(min(due, ISODates.today())), "summary": .text(summary),
                              "user": user, "project": v["project"] ?? .null]
        if let existing {
            let changes = values.filter { existing[$0.key] != $0.value }
            if !changes.isEmpty { try w.update("cal.Task", id: existing.id, changes) }
        } else {
            try w.insert("cal.Task", values.merging(["owner_type": .text(owner), "owner_id": id, "auto_type": .int(autoType),
                                                     "state": .text("10")]) { a, _ in a })
        }
    }

    static func remove(_ w: Writer, upload id: Value) throws {
        for t in try w.rows("cal.Task", where: [.equals("owner_type", .text(owner)), .equals("owner_id", id)], fields: ["summary"]) {
            try w.delete("cal.Task", id: t.id)
        }
    }
}
