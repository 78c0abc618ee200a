import Lino

/// The demo household types and households: couples of clients, some with a child.
enum HouseholdsDemo {
    static let step = DataStep("households") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        try await ctx.store.write(as: .system(reason: "demo data: households")) { w in
            for t in [ctx.texts("Married couple", fr: "Couple marié", de: "Ehepaar", nl: "Gehuwd koppel"),
                      ctx.texts("Factual household", fr: "Cohabitation de fait", de: "Faktischer Haushalt", nl: "Feitelijk gezin"),
                      ctx.texts("Legal cohabitation", fr: "Cohabitation légale", de: "Gesetzliches Zusammenwohnen", nl: "Wettelijk samenwonen"),
                      ctx.texts("Isolated", fr: "Isolé", de: "Getrennt", nl: "Alleenstaand"),
                      ctx.texts("Divorced couple", fr: "Couple divorcé", de: "Geschiedenes Paar", nl: "Gescheiden koppel"),
                      ctx.texts("Other", fr: "Autre", de: "Sonstige", nl: "Andere")] {
                try w.insert("households.Type", ctx.babel(t))
            }
            let householdTypes = try w.ids("households.Type", order: "id")
            let clients = try w.rows("pcsw.Client", order: "id", limit: ClientsDemo.withHistory(ctx), fields: ["last_name", "language"])
            // Households: couples of clients with the next one as partner.
            var made = 0
            var k = 0
            while made < 14 && k + 1 < clients.count {
                let head = clients[k], partner = clients[k + 1]
                k += 3
                let household = try w.insert("households.Household", ["name": .text("\(head.string("last_name"))-\(partner.string("last_name"))"),
                                                                       "type": householdTypes[made % 3], "language": head["language"]])
                try w.insert("households.Member", ["household": household, "person": head.id, "role": .text("01"), "primary": .bool(true),
                                                   "dependency": .text("02")])
                try w.insert("households.Member", ["household": household, "person": partner.id, "role": .text(made % 3 == 0 ? "02" : "03"),
                                                   "primary": .bool(true), "dependency": .text("02")])
                if k - 1 < clients.count, made % 2 == 0 {
                    try w.insert("households.Member", ["household": household, "person": clients[k - 1].id, "role": .text("05"),
                                                       "dependency": .text("01")])
                }
                made += 1
            }
        }
    }
}
