import Foundation

/// A mistake in the declarations, found at start-up (the server does not start).
public struct SiteError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// A panel of the welcome page: a table (with fixed query parameters) shown as a summary.
public struct DashboardItem: Sendable {
    public let table: String
    /// Query parameters of the table's rows (`p.coached_by`...).
    public let query: [String: String]
    /// English label; default: the table's.
    public let label: String?

    public init(_ table: String, query: [String: String] = [:], label: String? = nil) {
        self.table = table
        self.query = query
        self.label = label
    }
}

/// A group of declarations: one plugin of the application (contacts, users...).
public struct Plugin: Sendable {
    public let name: String
    public let models: [Model]
    public let tables: [Table]
    public let services: [Service]
    /// Panels this plugin adds to the welcome page, in order.
    public let dashboard: [DashboardItem]
    /// Its menu entries, put into the site's menu where they say.
    public let menu: [MenuPlacement]
    /// Choice lists it declares beyond its fields' (for translations and checks).
    public let choiceLists: [ChoiceList]
    /// Rules about stored data, run by `welfare check --data`.
    public let checkers: [DataChecker]
    /// Actions it adds to tables of plugins it builds on, by table name (Clients adds
    /// "Make a client" to Persons), so that the plugin below need not know it.
    public let actionsOn: [String: [TableAction]]
    /// What it puts into every new database (`DataStep`: countries, places).
    public let reference: [DataStep]
    /// Its demo data (`prep --demo`), and its share in the demo rows of the models it extends.
    public let demo: [DataStep]
    public let demoExtensions: [DemoExtension]

    public init(_ name: String, models: [Model] = [], tables: [Table] = [], services: [Service] = [],
                dashboard: [DashboardItem] = [], menu: [MenuPlacement] = [], choiceLists: [ChoiceList] = [],
                checkers: [DataChecker] = [], actionsOn: [String: [TableAction]] = [:],
                reference: [DataStep] = [], demo: [DataStep] = [], demoExtensions: [DemoExtension] = []) {
        self.reference = reference
        self.demo = demo
        self.demoExtensions = demoExtensions
        self.checkers = checkers
        self.actionsOn = actionsOn
        self.menu = menu
        self.choiceLists = choiceLists
        self.name = name
        self.models = models
        self.tables = tables
        self.services = services
        self.dashboard = dashboard
    }
}

/// The whole application: every model, table, user type and the menu,
/// resolved and validated once at start-up.
public final class Site: Sendable {
    public let name: String
    public let version: String
    /// Site languages; the first is the default (babel fields' base column).
    public let languages: [String]
    public let models: [String: ModelInfo]
    /// Models in declaration order (parents before children), for schema creation.
    public let modelOrder: [String]
    public let tables: [String: TableInfo]
    public let tableOrder: [String]
    public let userTypes: [String: UserType]
    public let menu: [MenuItem]
    public let localizer: Localizer
    /// For each model: the foreign keys (model, field) that point to it.
    public let referrers: [String: [(model: String, field: String, rule: DeleteRule)]]
    /// For each model: the models that extend it directly.
    public let children: [String: [String]]

    /// Settings the shell needs (`eid.helper`), sent with `/api/site`.
    public let clientSettings: JSONObject
    /// Plugin endpoints by path (`beid/preview`).
    public let services: [String: Service]
    /// For each model that has one: the table deciding who may see its records elsewhere.
    public let defaultTables: [String: String]
    /// The welcome page's panels, from every plugin.
    public let dashboard: [DashboardItem]
    /// The data checkers of every plugin.
    public let checkers: [DataChecker]
    /// Every plugin's reference and demo data, in plugin order (`prepare`).
    let referenceSteps: [DataStep]
    let demoSteps: [DataStep]
    let demoExtensions: [DemoExtension]

    public var defaultLanguage: String { languages[0] }

    public init(name: String, version: String, languages: [String], plugins: [Plugin],
                userTypes: [UserType], menu: [MenuItem], localizer: Localizer, clientSettings: JSONObject = [:]) throws {
        self.clientSettings = clientSettings
        self.name = name
        self.version = version
        self.languages = languages
        self.menu = MenuComposer.compose(menu, plugins.flatMap(\.menu))
        self.localizer = localizer
        self.userTypes = Dictionary(userTypes.map { ($0.value, $0) }, uniquingKeysWith: { a, _ in a })
        var services: [String: Service] = [:]
        for p in plugins {
            for s in p.services {
                guard services[s.path] == nil else { throw SiteError("Service \(s.path) is declared twice") }
                services[s.path] = s
            }
        }
        self.services = services

        // Models, with their inheritance chains.
        var declared: [String: Model] = [:]
        var order: [String] = []
        for p in plugins {
            for m in p.models {
                guard declared[m.name] == nil else { throw SiteError("Model \(m.name) is declared twice") }
                declared[m.name] = m
                order.append(m.name)
            }
        }
        var keyTypes: [String: ColumnType] = [:]
        for (name, m) in declared {
            var root = m
            while let p = root.parentName, let parent = declared[p] { root = parent }
            keyTypes[name] = root.primaryKeyField == nil ? .int : .text
        }
        // One search index per family: the search fields of the root and of every model extending it.
        func rootName(_ m: Model) -> String {
            var r = m
            while let p = r.parentName, let parent = declared[p] { r = parent }
            return r.name
        }
        var indexes: [String: SearchIndex] = [:]
        for name in order {
            let m = declared[name]!
            guard !m.searchFields.isEmpty else { continue }
            let root = rootName(m)
            let old = indexes[root]
            let fields = (old?.fields ?? []) + m.searchFields.filter { !(old?.fields ?? []).contains($0) }
            let r = declared[root]!
            // The root's first sort field, if it is a text with a sort key (indexed, not unique).
            let sortField = r.defaultOrder.first.flatMap { name in r.ownFields.first { $0.name == name } }
                .flatMap { f -> String? in if case .char = f.kind, f.indexed, !f.unique { return f.name } else { return nil } }
            indexes[root] = SearchIndex(table: r.tableName + "_search", fields: fields, models: (old?.models ?? []) + [name],
                                        family: old?.family ?? order.filter { rootName(declared[$0]!) == root }, sortField: sortField,
                                        flags: r.ownFields.filter { if case .bool = $0.kind { true } else { false } }.map(\.name))
        }
        var infos: [String: ModelInfo] = [:]
        var children: [String: [String]] = [:]
        for name in order {
            let m = declared[name]!
            var chain = [m]
            var cursor = m
            while let parentName = cursor.parentName {
                guard let parent = declared[parentName] else {
                    throw SiteError("Model \(cursor.name) extends unknown model \(parentName)")
                }
                guard !chain.contains(where: { $0.name == parent.name }) else {
                    throw SiteError("Model \(m.name) inherits from itself")
                }
                chain.insert(parent, at: 0)
                cursor = parent
            }
            if let p = m.parentName { children[p, default: []].append(m.name) }
            if m.parentName != nil, m.primaryKeyField != nil {
                throw SiteError("Model \(m.name): only a root model may declare its own primary key")
            }
            infos[name] = ModelInfo(model: m, chain: chain, languages: languages, keyTypes: keyTypes, searchIndex: indexes[chain[0].name])
        }
        self.modelOrder = Self.creationOrder(order, declared)
        self.models = infos
        self.children = children

        var referrers: [String: [(model: String, field: String, rule: DeleteRule)]] = [:]
        for name in order {
            let m = declared[name]!
            for f in m.ownFields {
                if case .foreignKey(let target, let rule) = f.kind {
                    guard infos[target] != nil else {
                        throw SiteError("\(name).\(f.name) points to unknown model \(target)")
                    }
                    referrers[target, default: []].append((model: name, field: f.name, rule: rule))
                }
            }
            for fieldName in m.searchFields + m.titleFields + m.defaultOrder.map({ $0.hasPrefix("-") ? String($0.dropFirst()) : $0 })
            where !infos[name]!.hasField(fieldName) {
                throw SiteError("Model \(name) names unknown field '\(fieldName)'")
            }
        }
        self.referrers = referrers

        // Tables, with parsed and validated layouts.
        var tables: [String: TableInfo] = [:]
        var tableOrder: [String] = []
        let allTableNames = Set(plugins.flatMap { $0.tables.map(\.name) })
        var contributed: [String: [TableAction]] = [:]
        for p in plugins {
            for (table, actions) in p.actionsOn {
                guard allTableNames.contains(table) else { throw SiteError("Plugin \(p.name) adds actions to unknown table \(table)") }
                contributed[table, default: []] += actions
            }
        }
        for p in plugins {
            for var t in p.tables {
                guard tables[t.name] == nil else { throw SiteError("Table \(t.name) is declared twice") }
                t.actions += contributed[t.name] ?? []
                guard let model = infos[t.modelName] else {
                    throw SiteError("Table \(t.name) uses unknown model \(t.modelName)")
                }
                tables[t.name] = try TableInfo(table: t, model: model, tableNames: allTableNames)
                tableOrder.append(t.name)
            }
        }
        for t in tables.values {
            for slave in (t.detail?.slaveTables ?? []) where tables[slave]?.table.masterKey == nil {
                throw SiteError("Table \(t.name) shows \(slave) as a slave table, but \(slave) has no master key")
            }
        }
        self.tables = tables
        self.tableOrder = tableOrder
        var defaults: [String: String] = [:]
        for name in order {
            if let declaredDefault = declared[name]!.defaultTableName {
                guard tables[declaredDefault]?.model.name == name else {
                    throw SiteError("Model \(name): default table \(declaredDefault) is not a table of this model")
                }
                defaults[name] = declaredDefault
            } else if let first = tableOrder.first(where: { tables[$0]!.model.name == name && tables[$0]!.table.masterKey == nil }) {
                defaults[name] = first
            }
        }
        self.defaultTables = defaults
        self.dashboard = plugins.flatMap(\.dashboard)
        self.checkers = plugins.flatMap(\.checkers)
        self.referenceSteps = plugins.flatMap(\.reference)
        self.demoSteps = plugins.flatMap(\.demo)
        self.demoExtensions = plugins.flatMap(\.demoExtensions)
        for item in dashboard where tables[item.table] == nil {
            throw SiteError("The welcome page names unknown table \(item.table)")
        }
        try Self.checkMenu(self.menu, tables: tables)
        try checkNames()
    }

    /// Parents and referenced models before the models that need them, so that
    /// tables can be created with their foreign keys (a reference cycle is broken
    /// by declaration order).
    static func creationOrder(_ names: [String], _ models: [String: Model]) -> [String] {
        var done: [String] = []
        var visiting = Set<String>()
        func visit(_ n: String) {
            guard !done.contains(n), !visiting.contains(n), let m = models[n] else { return }
            visiting.insert(n)
            if let p = m.parentName { visit(p) }
            for f in m.ownFields { if let t = f.foreignTarget, t != n { visit(t) } }
            visiting.remove(n)
            done.append(n)
        }
        for n in names { visit(n) }
        return done
    }

    private static func checkMenu(_ items: [MenuItem], tables: [String: TableInfo]) throws {
        for item in items {
            switch item {
            case .menu(_, let sub): try checkMenu(sub, tables: tables)
            case .table(let name, _):
                guard tables[name] != nil else { throw SiteError("The menu names unknown table \(name)") }
            default: break
            }
        }
    }

    /// Translates an English message id for a language.
    public func t(_ msgid: String, _ language: String) -> String { localizer.t(msgid, language) }

    /// Stored values seen in a language, with the site's translations (titles, computed texts).
    public func view(_ values: Values, _ language: String, titles: [String: String] = [:]) -> RecordView {
        RecordView(values, language: language, defaultLanguage: defaultLanguage, localizer: localizer, titles: titles)
    }

    /// Translates a message with `{name}` placeholders and fills them.
    public func t(_ msgid: String, _ language: String, _ args: [String: String]) -> String {
        localizer.t(msgid, language, args)
    }

    /// The validation error of one field, translated: "Please correct the marked fields."
    /// with `message` at `field` (for checks outside the record writer: passwords, logins).
    public func fieldError(_ field: String, _ message: String, _ language: String, _ args: [String: String] = [:]) -> LinoError {
        .validation(message: t("Please correct the marked fields.", language), fields: [field: t(message, language, args)])
    }

    public func model(_ name: String) -> ModelInfo? { models[name] }
    public func defaultTable(for model: String) -> TableInfo? { defaultTables[model].flatMap { tables[$0] } }
    public func table(_ name: String) -> TableInfo? { tables[name] }

    /// All models extending `name`, deepest first.
    public func descendants(of name: String) -> [String] {
        var result: [String] = []
        for child in children[name] ?? [] {
            result.append(contentsOf: descendants(of: child))
            result.append(child)
        }
        return result
    }
}
