/// What a plugin puts into a new database (`welfare prep`): reference data that every
/// site needs (countries and places), and demo data (`prep --demo`: users, contacts,
/// clients and their files, for trying, testing and benchmarking the application).
/// The site runs the steps of its plugins in plugin order (a plugin comes after those
/// it builds on), every plugin's reference data first.
public struct DataStep: Sendable {
    public let name: String
    public let run: @Sendable (DemoContext) async throws -> Void

    public init(_ name: String, _ run: @escaping @Sendable (DemoContext) async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// A plugin's share in the demo rows of a model it extends: for the i-th demo person,
/// the clients plugin makes a client (its model and values), or leaves a person. The
/// plugin that makes the rows asks each extension in turn, with its own generator, so
/// that the same scale gives the same data.
public struct DemoExtension: Sendable {
    /// The model whose demo rows are extended (`contacts.Person`).
    public let model: String
    public let make: @Sendable (_ index: Int, _ random: inout DemoRandom, _ context: DemoContext) -> (model: String, values: Values)?

    public init(of model: String,
                _ make: @escaping @Sendable (_ index: Int, _ random: inout DemoRandom, _ context: DemoContext) -> (model: String, values: Values)?) {
        self.model = model
        self.make = make
    }
}

/// What a step is asked to make, and where.
public struct DemoContext: Sendable {
    public let store: RecordStore
    /// How many demo rows of a model to make (`contacts.Person`: every person,
    /// `pcsw.Client`: of which clients); a model not named gets none.
    public let counts: [String: Int]
    /// Tells how far a long step is ("persons: 2000/100000").
    public let progress: (@Sendable (_ line: String, _ last: Bool) -> Void)?
    let extensions: [DemoExtension]

    public var site: Site { store.site }

    public func count(_ model: String) -> Int { counts[model] ?? 0 }

    /// The other plugins' shares in the demo rows of `model`.
    public func extensions(of model: String) -> [DemoExtension] { extensions.filter { $0.model == model } }

    /// A demo text in each site language (English when a language is not given).
    public func texts(_ en: String, fr: String, de: String, nl: String) -> [String: String] { ["en": en, "fr": fr, "de": de, "nl": nl] }

    /// The values of a translated field (`name`, `name_fr`...) from texts per language.
    public func babel(_ texts: [String: String], field: String = "name") -> Values {
        var v = Values()
        for (i, lang) in site.languages.enumerated() { v[i == 0 ? field : field + "_" + lang] = .text(texts[lang] ?? texts["en"] ?? "") }
        return v
    }
}

extension Site {
    /// Fills a new database: the reference data of every plugin, then, with `demo`, their demo data.
    public func prepare(_ store: RecordStore, demo: Bool, counts: [String: Int] = [:],
                        progress: (@Sendable (String, Bool) -> Void)? = nil) async throws {
        let context = DemoContext(store: store, counts: counts, progress: progress, extensions: demoExtensions)
        for step in referenceSteps { try await step.run(context) }
        guard demo else { return }
        for step in demoSteps { try await step.run(context) }
    }
}
