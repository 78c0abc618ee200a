import Lino

/// The reference data of every site: the countries of the world, named in the site
/// languages, and Belgian places (and a few of the neighbours') with their sections.
enum CountriesData {
    static let steps = [
        DataStep("countries") { ctx in try await loadCountries(ctx) },
        DataStep("places") { ctx in try await loadPlaces(ctx) },
    ]

    static func loadCountries(_ ctx: DemoContext) async throws {
        let countries = try DemoResources.load("countries", as: [DemoResources.CountryEntry].self)
        let rows: [Values] = countries.map { c in
            var v = ctx.babel(c.name.merging(["en": c.name["en"] ?? c.isocode]) { a, _ in a })
            v["isocode"] = .text(c.isocode)
            if let iso3 = c.iso3 { v["iso3"] = .text(iso3) }
            return v
        }
        try await ctx.store.write(as: .system(reason: "reference data: countries")) { w in
            for v in rows where try !w.exists("countries.Country", where: [.equals("isocode", v["isocode"]!)]) {
                try w.insert("countries.Country", v)
            }
        }
    }

    static func loadPlaces(_ ctx: DemoContext) async throws {
        let places = try DemoResources.load("places", as: [DemoResources.PlaceEntry].self)
        let langs = ctx.site.languages
        let typeValue = Dictionary(CountriesPlugin.placeTypes.choices.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        try await ctx.store.write(as: .system(reason: "reference data: places")) { w in
            var ids: [String: Value] = [:]
            // Parents first, so that sections can point to them.
            for p in places.sorted(by: { ($0.parent == nil ? 0 : 1) < ($1.parent == nil ? 0 : 1) }) {
                var v = Values()
                for (i, lang) in langs.enumerated() {
                    v[i == 0 ? "name" : "name_" + lang] = .text(p.name(lang) ?? p.name)
                }
                v["country"] = .text(p.country)
                if let z = p.zip_code { v["zip_code"] = .text(z) }
                if let t = p.type, let tv = typeValue[t] { v["type"] = .text(tv) }
                if let parent = p.parent, let pid = ids[parent] { v["parent"] = pid }
                ids[p.name] = try w.insert("countries.Place", v)
            }
        }
    }
}
