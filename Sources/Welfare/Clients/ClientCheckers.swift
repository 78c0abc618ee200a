import Lino

/// The data checkers of clients (domain section 5), each problem for the
/// client's primary coach to fix.
enum ClientCheckers {
    static let fields = ["client_state", "is_obsolete", "national_id", "card_number", "card_valid_until", "first_name", "last_name"]

    /// Each client's primary coach today (else any coach today), for a batch.
    static func responsible(_ r: Records, _ clients: [Record]) throws -> [Value: Value] {
        let coachings = try r.rows("coachings.Coaching", where: [.oneOf("client", clients.map(\.id)), CoachingsPlugin.active(from: nil, until: nil)],
                                   order: "-primary id", fields: ["client", "user", "primary"])
        var out: [Value: Value] = [:]
        for c in coachings where out[c["client"]] == nil { out[c["client"]] = c["user"] }
        return out
    }

    static let all: [DataChecker] = [
        DataChecker("pcsw.CoachedObsolete", label: "Both coached and obsolete", model: "pcsw.Client", fields: fields) { r, clients in
            let coach = try responsible(r, clients)
            return clients.filter { $0.string("client_state") == "30" && $0.bool("is_obsolete") }
                .map { .init($0.id, "Both coached and obsolete.", user: coach[$0.id]) }
        },
        DataChecker("pcsw.ActiveCoachingsNotCoached", label: "Not coached, but with active coachings", model: "pcsw.Client",
                    fields: fields) { r, clients in
            let coach = try responsible(r, clients)
            return clients.filter { $0.string("client_state") != "30" && coach[$0.id] != nil }
                .map { .init($0.id, "Not coached, but with active coachings.", user: coach[$0.id]) }
        },
        DataChecker("pcsw.IdentityDocument", label: "Neither valid eID data nor alternative identifying document",
                    model: "pcsw.Client", fields: fields) { r, clients in
            let today = ISODates.today()
            let concerned = clients.filter {
                ["10", "30"].contains($0.string("client_state"))
                    && ($0.string("card_number").isEmpty || ($0.date("card_valid_until") ?? "") < today)
            }
            guard !concerned.isEmpty else { return [] }
            // An identifying document still valid (its type is named so in every site: the demo's "Identifying document").
            let idTypes = try r.rows("uploads.UploadType", fields: ["name"]).filter { $0.string("name") == "Identifying document" }.map(\.id)
            let documents = idTypes.isEmpty ? [] : try r.rows("uploads.Upload", where: [
                .oneOf("project", concerned.map(\.id)), .oneOf("type", idTypes), .or([.isNull("end_date"), .atLeast("end_date", .text(today))]),
            ], fields: ["project"])
            let covered = Set(documents.map { $0["project"] })
            let coach = try responsible(r, concerned)
            return concerned.filter { !covered.contains($0.id) }
                .map { .init($0.id, "Neither valid eId data nor alternative identifying document.", user: coach[$0.id]) }
        },
        DataChecker("pcsw.NationalIDChecksum", label: "Invalid national register number", model: "pcsw.Client", fields: fields) { r, clients in
            let bad = clients.filter { !$0.string("national_id").isEmpty && NationalID.problem($0.string("national_id")) != nil }
            guard !bad.isEmpty else { return [] }
            let coach = try responsible(r, bad)
            return bad.map { .init($0.id, "Invalid national register number.", user: coach[$0.id]) }
        },
    ]
}
