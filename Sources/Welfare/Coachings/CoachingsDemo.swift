import Lino

/// The demo services (general social service, integration, debts mediation), coaching
/// endings, the demo users' services and newcomer quotas, and the clients' coachings:
/// coached clients have a primary coach (some a second one in another service, some an
/// earlier one since replaced), former clients an ended coaching.
enum CoachingsDemo {
    static let step = DataStep("coachings") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        try await load(ctx)
        if ctx.count("pcsw.Client") > 300 { try await loadScale(ctx) }
    }

    static func load(_ ctx: DemoContext) async throws {
        @Sendable func day(_ offset: Int) -> Value { DemoResources.day(offset) }
        try await ctx.store.write(as: .system(reason: "demo data: coachings")) { w in
            let gss = try w.insert("coachings.CoachingType", ctx.babel(ctx.texts("General social service", fr: "Service social général", de: "Allgemeiner Sozialdienst", nl: "Algemene sociale dienst")).merging(["does_gss": .bool(true)]) { a, _ in a })
            let integ = try w.insert("coachings.CoachingType", ctx.babel(ctx.texts("Integration service", fr: "Service d'insertion", de: "Eingliederungsdienst", nl: "Integratiedienst")).merging(["does_integ": .bool(true)]) { a, _ in a })
            try w.insert("coachings.CoachingType", ctx.babel(ctx.texts("Debts mediation", fr: "Médiation de dettes", de: "Schuldnerberatung", nl: "Schuldbemiddeling")))
            var endings: [Value] = []
            for (i, t) in [ctx.texts("Transfer to colleague", fr: "Transfert vers collègue", de: "Übergabe an Kollege", nl: "Overdracht aan collega"),
                           ctx.texts("End of right on social aid", fr: "Fin du droit à l'aide sociale", de: "Einstellung des Anrechts auf Sozialhilfe", nl: "Einde recht op maatschappelijke hulp"),
                           ctx.texts("Moved to another town", fr: "Déménagé vers une autre commune", de: "Umzug in andere Gemeinde", nl: "Verhuisd naar een andere gemeente"),
                           ctx.texts("Found a job", fr: "A trouvé du travail", de: "Hat Arbeit gefunden", nl: "Heeft werk gevonden")].enumerated() {
                endings.append(try w.insert("coachings.CoachingEnding", ctx.babel(t).merging(["seqno": .int(Int64(i + 1))]) { a, _ in a }))
            }
            // The demo users' services and newcomer quotas.
            var userIDs: [String: Value] = [:]
            for u in try w.rows("users.User", fields: ["username"]) { userIDs[u.string("username")] = u.id }
            let quotas: [Int64] = [100, 60, 50, 20]
            for (i, name) in ["alicia", "hubert", "melanie", "caroline", "judith", "kerstin"].enumerated() {
                guard let id = userIDs[name] else { continue }
                try w.update("users.User", id: id, ["coaching_type": ["caroline", "judith", "kerstin"].contains(name) ? gss : integ,
                                                    "newcomer_quota": .int(quotas[i % quotas.count])])
            }
            let integCoaches = ["alicia", "hubert", "melanie"].compactMap { userIDs[$0] }
            let gssCoaches = ["caroline", "judith"].compactMap { userIDs[$0] }
            guard !integCoaches.isEmpty, !gssCoaches.isEmpty else { return }
            for (i, c) in try w.rows("pcsw.Client", order: "id", limit: ClientsDemo.withHistory(ctx), fields: ["client_state"]).enumerated() {
                let state = c.string("client_state")
                let coach = integCoaches[i % integCoaches.count]
                if state == "30" {
                    let start = -(40 + (i * 37) % 900)
                    try w.insert("coachings.Coaching", ["client": c.id, "user": coach, "start_date": day(start), "type": integ, "primary": .bool(true)])
                    if i % 3 == 0 {
                        try w.insert("coachings.Coaching", ["client": c.id, "user": gssCoaches[i % gssCoaches.count], "start_date": day(start + 20), "type": gss])
                    }
                    if i % 4 == 1 {  // an earlier coach, since replaced
                        try w.insert("coachings.Coaching", ["client": c.id, "user": integCoaches[(i + 1) % integCoaches.count],
                                                            "start_date": day(start - 400), "end_date": day(start - 1), "type": integ,
                                                            "ending": endings[0]])
                    }
                } else if state == "50" {
                    try w.insert("coachings.Coaching", ["client": c.id, "user": coach, "start_date": day(-700 - i), "end_date": day(-60 - i),
                                                        "type": integ, "primary": .bool(true), "ending": endings[i % endings.count]])
                }
            }
        }
    }

    /// Each client's primary coaching (its coach and start), for the demo history written by them.
    static func primaries(_ r: Records, _ clients: [Record]) throws -> [Value: Record] {
        let coachings = try r.rows("coachings.Coaching", where: [.oneOf("client", clients.map(\.id)), .equals("primary", .bool(true))],
                                   order: "start_date", fields: ["client", "user", "start_date"])
        var out: [Value: Record] = [:]
        for k in coachings { out[k["client"]] = k }  // the latest start wins
        return out
    }

    /// At scale (benchmarks): every coached client after the first 200 clients gets its primary
    /// coaching too, so that the coaches columns and "My clients" read realistic data.
    static func loadScale(_ ctx: DemoContext) async throws {
        let store = ctx.store
        let (coached, coaches, integ) = try await store.read { r -> ([Value], [Value], Value?) in
            // The clients after those with a history (`ClientsDemo.withHistory`), not the coached ones after
            // the first 200 coached: half of those had a history, the other half had no coach at all.
            let withHistory = Set(try r.ids("pcsw.Client", order: "id").prefix(ClientsDemo.withHistory(ctx)))
            let ids = try r.ids("pcsw.Client", where: [.equals("client_state", .text("30"))], order: "id").filter { !withHistory.contains($0) }
            let coaches = try ["alicia", "hubert", "melanie"].compactMap { try r.first("users.User", where: [.equals("username", .text($0))])?.id }
            let integ = try r.first("coachings.CoachingType", where: [.equals("does_integ", .bool(true))])?.id
            return (ids, coaches, integ)
        }
        guard !coaches.isEmpty else { return }
        let today = ISODates.today()
        var done = 0
        while done < coached.count {
            let slice = Array(coached[done..<min(done + 2_000, coached.count)])
            let first = done
            try await store.write(as: .system(reason: "demo data: coachings at scale")) { w in
                for (j, client) in slice.enumerated() {
                    let i = first + j
                    try w.insert("coachings.Coaching", ["client": client, "user": coaches[i % coaches.count], "primary": .bool(true),
                                                        "start_date": .text(ISODates.adding(days: -(30 + i % 900), to: today)!),
                                                        "type": integ ?? .null], trusted: true)
                }
            }
            done += slice.count
        }
    }
}
