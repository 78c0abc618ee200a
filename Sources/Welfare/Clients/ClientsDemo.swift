import Lino

/// The demo clients' own values, in the proportions of Lino's Eupen demo
/// (domain section 19): odd ones coached, even ones newcomers, every fifth even
/// one a former client, a few refused, two obsolete.
enum ClientsDemo {
    static func state(_ i: Int) -> String {
        if i % 2 == 1 { return "30" }
        if i % 10 == 0 { return "50" }
        if i % 20 == 6 { return "20" }
        return "10"
    }

    static func clientValues(index i: Int, _ rng: inout DemoRandom) -> Values {
        var v: Values = ["client_state": .text(state(i))]
        if state(i) == "20" { v["refusal_reason"] = .text(rng.pick(["10", "20", "30"])) }
        v["civil_state"] = .text(rng.pick(["10", "10", "20", "20", "40", "60"]))
        v["nationality"] = .text(rng.chance(0.8) ? "BE" : rng.pick(["DE", "NL", "FR", "MA", "TR", "CD", "SY"]))
        if rng.chance(0.3) { v["residence_type"] = .text(rng.pick(["1", "2", "3"])) }
        if i == 14 || i == 44 { v["is_obsolete"] = .bool(true) }
        return v
    }

    /// The first demo persons are clients: the demo's 63, or every one at scale
    /// (`pcsw.Client` of the context's counts).
    static let persons = DemoExtension(of: "contacts.Person") { i, rng, ctx in
        i < ctx.count("pcsw.Client") ? ("pcsw.Client", clientValues(index: i, &rng)) : nil
    }

    /// How many clients the social work demo gives a history (the first ones by id).
    static func withHistory(_ ctx: DemoContext) -> Int { min(200, ctx.count("pcsw.Client")) }

    /// The clients' configuration, dispenses and penalties around today, three similar clients.
    static let step = DataStep("clients") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        try await ctx.store.write(as: .system(reason: "demo data: clients")) { w in
            for (ref, name) in [("1", ctx.texts("Evaluation", fr: "Évaluation", de: "Bilanz", nl: "Evaluatie")),
                                ("2", ctx.texts("Training", fr: "Formation", de: "Ausbildung", nl: "Opleiding")),
                                ("4", ctx.texts("Job search", fr: "Recherche d'emploi", de: "Arbeitssuche", nl: "Werk zoeken")),
                                ("4bis", ctx.texts("Work", fr: "Travail", de: "Arbeit", nl: "Werk")),
                                ("9", ctx.texts("Standby", fr: "En attente", de: "Wartestellung", nl: "Wachtstand"))] {
                try w.insert("pcsw.PersonGroup", ctx.babel(name).merging(["ref_name": .text(ref)]) { a, _ in a })
            }
            for t in [ctx.texts("Integration income", fr: "Revenu d'intégration", de: "Eingliederungseinkommen", nl: "Leefloon"),
                      ctx.texts("Equivalent to integration income", fr: "Équivalent du revenu d'intégration", de: "Ersatz Eingliederungseinkommen", nl: "Equivalent leefloon"),
                      ctx.texts("Medical care", fr: "Aide médicale", de: "Medizinische Versorgung", nl: "Medische hulp")] {
                try w.insert("pcsw.AidType", ctx.babel(t))
            }
            for t in [ctx.texts("Health", fr: "Santé", de: "Gesundheit", nl: "Gezondheid"), ctx.texts("Studies", fr: "Études", de: "Studium", nl: "Studies"),
                      ctx.texts("Family reasons", fr: "Raisons familiales", de: "Familiäre Gründe", nl: "Familiale redenen"),
                      ctx.texts("Other", fr: "Autre", de: "Sonstige", nl: "Andere")] {
                try w.insert("pcsw.DispenseReason", ctx.babel(t))
            }
            let dispenseReasons = try w.ids("pcsw.DispenseReason", order: "id")
            for t in [ctx.texts("Appointment missed", fr: "Rendez-vous manqué", de: "Termin nicht eingehalten", nl: "Afspraak gemist"),
                      ctx.texts("Obligations not met", fr: "Obligations non respectées", de: "Auflagen nicht erfüllt", nl: "Verplichtingen niet nagekomen")] {
                try w.insert("pcsw.ExclusionType", ctx.babel(t))
            }
            let exclusionTypes = try w.ids("pcsw.ExclusionType", order: "id")
            // Some coached clients are dispensed from looking for work, a few penalised, around today.
            @Sendable func day(_ offset: Int) -> Value { DemoResources.day(offset) }
            for (i, c) in try w.rows("pcsw.Client", order: "id", limit: withHistory(ctx), fields: ["client_state"]).enumerated()
            where c.string("client_state") == "30" {
                if i % 7 == 2 {
                    try w.insert("pcsw.Dispense", ["client": c.id, "reason": dispenseReasons[i % dispenseReasons.count],
                                                   "start_date": day(-30 - i), "end_date": day(60 + i * 3)])
                }
                if i % 11 == 3 {
                    try w.insert("pcsw.Exclusion", ["person": c.id, "type": exclusionTypes[i % exclusionTypes.count],
                                                    "excluded_from": day(-14 - i % 20), "excluded_until": day(30 + i % 40)])
                }
            }
            // Three similar clients, for the duplicate check.
            for (first, last) in [("Dorothée", "Dupont"), ("Dorothee", "Dupond"), ("Dorothée", "Dupont-Lambert")] {
                try w.insert("pcsw.Client", ["first_name": .text(first), "last_name": .text(last), "gender": .text("F"), "language": .text("fr"),
                                             "birth_date": .text("1978-04-12"), "client_state": .text("10")])
            }
        }
    }
}
