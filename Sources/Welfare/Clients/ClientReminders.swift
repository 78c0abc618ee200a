import Lino

/// The reminders a client keeps for its primary coach (Lino's `Client.update_reminders`,
/// domain section 5): "eID card expires in 2 months" (two months before the card's end),
/// "becomes available again in 1 month", "work permit suspension ends in 1 month".
/// Each is one automatic task (`AutoTask`), moved when its date changes, handed to the
/// new primary coach when the coaches change, removed when the date is cleared.
enum ClientReminders {
    static let owner = "pcsw.Client"

    struct Rule: Sendable {
        let autoType: Int64
        let field: String
        let monthsBefore: Int
        let summary: String
    }

    static let rules = [
        Rule(autoType: 1, field: "card_valid_until", monthsBefore: 2, summary: "eID card expires in 2 months"),
        Rule(autoType: 2, field: "unavailable_until", monthsBefore: 1, summary: "becomes available again in 1 month"),
        Rule(autoType: 3, field: "work_permit_suspended_until", monthsBefore: 1, summary: "work permit suspension ends in 1 month"),
    ]

    /// After a client's save: when one of the rules' dates changed, or on insert.
    static func clientSaved(_ w: Writer, _ saved: SavedRecord) throws {
        guard saved.isInsert || rules.contains(where: { saved.changed($0.field) }) else { return }
        try update(w, client: saved.id, saved.after, coach: primaryCoach(w, client: saved.id))
    }

    /// After a coaching's save: the client's primary coach may have changed.
    static func coachingSaved(_ w: Writer, _ saved: SavedRecord) throws {
        guard ["primary", "user", "start_date", "end_date", "client"].contains(where: saved.changed) else { return }
        for client in Set([saved.before["client"], saved.after["client"]].compactMap { $0 }.filter { !$0.isNull }) {
            try refresh(w, client: client, except: nil)
        }
    }

    /// Before a coaching's delete: its client's reminders go to whoever stays primary.
    static func coachingDeleted(_ w: Writer, _ coaching: Record) throws {
        let client = coaching["client"]
        guard !client.isNull else { return }
        try refresh(w, client: client, except: coaching.id)
    }

    private static func refresh(_ w: Writer, client: Value, except coaching: Value?) throws {
        guard let c = try w.record("pcsw.Client", id: client) else { return }
        try update(w, client: client, c.values, coach: primaryCoach(w, client: client, except: coaching))
    }

    private static func update(_ w: Writer, client id: Value, _ v: Values, coach: Value?) throws {
        let lang = try AutoTask.language(of: coach, w)
        for rule in rules {
            let due = v[rule.field]?.stringValue.flatMap { ISODates.adding(months: -rule.monthsBefore, to: $0) }
            try AutoTask.keep(w, owner: owner, id: id, type: rule.autoType, due: due, summary: w.site.t(rule.summary, lang),
                              user: coach, project: id)
        }
    }

    /// The user of the client's primary coaching active today (nil: the reminders wait for one).
    static func primaryCoach(_ w: Writer, client: Value, except coaching: Value? = nil) throws -> Value? {
        var conditions: [Condition] = [.equals("client", client), .equals("primary", .bool(true)),
                                       CoachingsPlugin.active(from: nil, until: nil)]
        if let coaching { conditions.append(.notEquals("id", coaching)) }
        return try w.first("coachings.Coaching", where: conditions)?["user"]
    }

    /// Before a client's delete: its reminders go with it.
    static func clientDeleted(_ w: Writer, _ client: Record) throws {
        try AutoTask.removeAll(w, owner: owner, id: client.id)
    }
}
