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
        var due: String?
        var summary = ""
        if v["needed"]?.boolValue == true, let end = v["end_date"]?.stringValue, let typeID = v["type"],
           let type = try w.record("uploads.UploadType", id: typeID), let unit = type["warn_expiry_unit"].stringValue {
            due = day(endDate: end, unit: unit, value: Int(type.int("warn_expiry_value") ?? 2))
            // In the language of the one it reminds.
            let lang = try AutoTask.language(of: v["user"], w)
            summary = w.site.t("{type} expires", lang, ["type": type.title(lang, site: w.site)])
        }
        try AutoTask.keep(w, owner: owner, id: id, type: autoType, due: due, summary: summary, user: v["user"], project: v["project"])
    }

    static func remove(_ w: Writer, upload id: Value) throws {
        try AutoTask.removeAll(w, owner: owner, id: id)
    }
}
