import Lino

/// The demo contacts: organisations of the region, contact functions, persons with
/// Belgian names, addresses, national register numbers, and some contact roles.
enum ContactsDemo {
    /// Organisations, functions, persons and contact roles: `contacts.Person` of the
    /// context's counts persons, each made what the plugins extending persons make of it
    /// (the clients plugin makes the first ones clients). Same data for the same scale.
    static let step = DataStep("contacts") { ctx in try await load(ctx) }

    static func load(_ ctx: DemoContext) async throws {
        let persons = ctx.count("contacts.Person")
        guard persons > 0 else { return }
        let store = ctx.store
        let extensions = ctx.extensions(of: "contacts.Person")
        let names = try DemoResources.load("demo_names", as: DemoResources.Names.self)
        let places = try DemoResources.load("places", as: [DemoResources.PlaceEntry].self).filter { $0.country == "BE" }
        let placeIDs: [String: Value] = try await store.read { r in
            Dictionary(try r.rows("countries.Place", where: [.equals("country", .text("BE"))], fields: ["name"])
                .map { ($0.string("name"), $0.id) }, uniquingKeysWith: { a, _ in a })
        }
        // Most clients of an East Belgian CPAS live nearby.
        let local = places.filter { ["4700", "4701", "4710", "4711", "4720", "4721", "4728", "4730", "4731"].contains($0.zip_code ?? "") }
        var rng = DemoRandom(seed: 20_141_205)
        let site = ctx.site

        let typeNames: [String: [String: String]] = [
            "public": ["en": "Public service", "fr": "Service public", "de": "Öffentlicher Dienst", "nl": "Openbare dienst"],
            "mutuality": ["en": "Health insurance", "fr": "Mutualité", "de": "Krankenkasse", "nl": "Ziekenfonds"],
            "asbl": ["en": "Non-profit organisation", "fr": "ASBL", "de": "VoG", "nl": "VZW"],
            "sprl": ["en": "Private limited company", "fr": "SPRL", "de": "PGmbH", "nl": "BVBA"],
            "sa": ["en": "Public limited company", "fr": "SA", "de": "AG", "nl": "NV"],
        ]
        let typeKey: [String: String] = ["public": "public", "mutuality": "mutuality", "asbl": "asbl", "vog": "asbl", "vzw": "asbl",
                                         "sprl": "sprl", "pgmbh": "sprl", "bv": "sprl", "sa": "sa", "ag": "sa", "nv": "sa"]
        let functions = names.functions
        let orgs = names.organisations
        var sequences: [String: Int] = [:]  // birth date -> last sequence used, so numbers stay unique
        var personRows: [(model: String, values: Values)] = []
        personRows.reserveCapacity(persons)
        for i in 0..<persons {
            let lang = rng.pick(["de", "de", "fr", "fr", "nl"])
            let male = rng.chance(0.5)
            let first = rng.pick(names.first_names[male ? "male" : "female"]![lang]!)
            let last = rng.pick(names.last_names[lang]!)
            let place = rng.chance(0.7) ? rng.pick(local) : rng.pick(places)
            let year = rng.int(1935...2006), month = rng.int(1...12), day = rng.int(1...ISODates.daysIn(month: month, year: year))
            var v: Values = [
                "first_name": .text(first), "last_name": .text(last), "gender": .text(male ? "M" : "F"),
                "language": .text(site.languages.contains(lang) ? lang : site.defaultLanguage),
                "country": .text("BE"), "street": .text(rng.pick(names.streets[lang]!)), "street_no": .text(String(rng.int(1...180))),
                "zip_code": .text(place.zip_code ?? ""),
            ]
            if let pid = placeIDs[place.name] { v["city"] = pid }
            if rng.chance(0.9) {
                v["birth_date"] = .text("\(year)-\(DemoResources.two(month))-\(DemoResources.two(day))")
                // The sequence makes the number unique: odd for men, even for women.
                let key = "\(year)\(month)/\(day)\(male ? "M" : "F")"
                let seq = (sequences[key] ?? (male ? -1 : 0)) + 2
                if seq < 999, rng.chance(0.85) {
                    sequences[key] = seq
                    v["national_id"] = .text(NationalID.make(year: year, month: month, day: day, sequence: seq))
                }
            } else {
                v["birth_date"] = .text("\(year)-00-00")
            }
            if rng.chance(0.1) { v["street_box"] = .text(rng.pick(["A", "B", "1", "2"])) }
            if rng.chance(0.6) {
                let mail = DemoResources.asciiMail(first + "." + last)
                v["email"] = .text("\(mail)\(i)@example.be")
            }
            if rng.chance(0.5) { v["phone"] = .text("087 \(rng.int(10...99)) \(rng.int(10...99)) \(rng.int(10...99))") }
            if rng.chance(0.6) { v["gsm"] = .text("0475 \(rng.int(10...99)) \(rng.int(10...99)) \(rng.int(10...99))") }
            if rng.chance(0.02) { v["is_obsolete"] = .bool(true) }
            var model = "contacts.Person"
            for e in extensions {
                if let (m, more) = e.make(i, &rng, ctx) { model = m; v.merge(more) { a, _ in a } }
            }
            personRows.append((model, v))
        }
        let langs = site.languages
        try await store.write(as: .system(reason: "demo data: organisations")) { w in
            var typeIDs: [String: Value] = [:]
            for (key, texts) in typeNames.sorted(by: { $0.key < $1.key }) {
                var v = Values()
                for (i, l) in langs.enumerated() { v[i == 0 ? "name" : "name_" + l] = .text(texts[l] ?? texts["en"]!) }
                typeIDs[key] = try w.insert("contacts.CompanyType", v)
            }
            for f in functions {
                var v = Values()
                for (i, l) in langs.enumerated() { v[i == 0 ? "name" : "name_" + l] = .text(f[l] ?? f["en"]!) }
                try w.insert("contacts.RoleType", v)
            }
            for (i, o) in orgs.enumerated() {
                let place = local[i % local.count]
                var v: Values = ["name": .text(o.name), "country": .text("BE"), "zip_code": .text(place.zip_code ?? ""),
                                 "language": .text(langs.contains(o.language) ? o.language : langs[0])]
                if let key = typeKey[o.type], let tid = typeIDs[key] { v["type"] = tid }
                if let pid = placeIDs[place.name] { v["city"] = pid }
                try w.insert("contacts.Company", v)
            }
        }
        let (orgIDs, functionIDs) = try await store.read { r in
            (try r.ids("contacts.Company", order: "id"), try r.ids("contacts.RoleType", order: "id"))
        }
        // Persons in batches: one transaction per batch keeps memory flat and shows progress.
        let batch = 2_000
        var done = 0
        var roleRng = DemoRandom(seed: 77)
        while done < personRows.count {
            let slice = Array(personRows[done..<min(done + batch, personRows.count)])
            var roles: [(Int, Value, Value)] = []
            for (j, _) in slice.enumerated() where roleRng.chance(0.05) && !orgIDs.isEmpty {
                roles.append((j, roleRng.pick(orgIDs), roleRng.pick(functionIDs)))
            }
            let finalRoles = roles
            try await store.write(as: .system(reason: "demo data: persons")) { w in
                var ids: [Value] = []
                for (model, v) in slice {
                    ids.append(try w.insert(model, v, trusted: true))
                }
                for (j, org, fn) in finalRoles {
                    try w.insert("contacts.Role", ["person": ids[j], "company": org, "type": fn])
                }
            }
            done += slice.count
            ctx.progress?("persons: \(done)/\(persons)", done == persons)
        }
    }
}
