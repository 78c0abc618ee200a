import ArgumentParser
import BeID
import Foundation
import Lino
import LinoServer
import Welfare

/// Settings of one instance: a config file, then environment variables, then
/// command-line flags (each overriding the previous), so that two instances
/// with their own database and port can run side by side.
struct InstanceConfiguration: Decodable {
    var database: String?
    var host: String?
    var port: Int?
    var data: String?
    var web: String?
    var locales: String?
    var siteName: String?
    var languages: [String]?
    var secureCookies: Bool?
    var eid: EIDConfiguration?
    /// Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed.
    var trustedProxies: [String]?
    /// Origins besides the site's own that may post a login.
    var allowedOrigins: [String]?
    var sessionMaxHours: Double?
    /// The largest uploaded file, in MB (default 10).
    var maxUploadMB: Int?
    /// The `ldap` section, read with the framework's JSON (groups keep their order).
    var ldap: DirectorySettings?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case database, host, port, data, web, locales, siteName, languages, secureCookies, eid, trustedProxies, allowedOrigins, sessionMaxHours
        case maxUploadMB
    }

    /// `"eid": {"helper": "http://127.0.0.1:9375", "trustedRoots": "belgium-roots.pem"}`;
    /// `"helper": null` turns card reading off in the shell.
    struct EIDConfiguration: Decodable {
        var helper: String??
        var trustedRoots: String?
    }

    static func load(_ options: CommonOptions) throws -> InstanceConfiguration {
        try load(config: options.config, database: options.database, data: options.data)
    }

    static func load(config: String?, database: String?, data: String?) throws -> InstanceConfiguration {
        var c = InstanceConfiguration()
        var ldapJSON: JSON?
        if let file = config {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                c = try JSONDecoder().decode(InstanceConfiguration.self, from: data)
                let whole = JSON.parseOrdered(String(decoding: data, as: UTF8.self))
                ldapJSON = whole?["ldap"]
                let known = Set(CodingKeys.allCases.map(\.rawValue) + ["ldap"])
                for (key, _) in whole?.objectValue?.pairs ?? [] where !known.contains(key) {
                    throw ValidationError("\(key): unknown key (known: \(known.sorted().joined(separator: ", ")))")
                }
            } catch let e as ValidationError {
                throw e
            } catch {
                throw ValidationError("Cannot read the configuration file \(file): \(error)")
            }
        }
        let env = ProcessInfo.processInfo.environment
        if let url = env["WELFARE_LDAP_URL"], !url.isEmpty, case .object(var o) = ldapJSON ?? .object([:]) {
            o["url"] = .string(url)
            ldapJSON = .object(o)
        }
        if let pw = env["WELFARE_LDAP_BIND_PASSWORD"], case .object(var o)? = ldapJSON {
            o["bindPassword"] = .string(pw)
            o["bindPasswordFile"] = nil
            ldapJSON = .object(o)
        }
        if let j = ldapJSON, !j.isNull {
            do { c.ldap = try DirectorySettings(json: j) } catch { throw ValidationError("Configuration: \(error)") }
        }
        if let v = env["WELFARE_DATABASE"] { c.database = v }
        if let v = env["WELFARE_HOST"] { c.host = v }
        if let v = env["WELFARE_PORT"], let p = Int(v) { c.port = p }
        if let v = env["WELFARE_DATA"] { c.data = v }
        if let v = env["WELFARE_WEB"] { c.web = v }
        if let v = env["WELFARE_EID_ROOTS"] { c.eid = c.eid ?? EIDConfiguration(); c.eid?.trustedRoots = v }
        if let v = env["WELFARE_EID_HELPER"] { c.eid = c.eid ?? EIDConfiguration(); c.eid?.helper = .some(v.isEmpty ? nil : v) }
        if let v = database { c.database = v }
        if let v = data { c.data = v }
        return c
    }

    init() {}

    var dataDirectory: String { data ?? "./data" }

    /// The database URL; the default is an SQLite file in the data folder.
    var databaseURL: String { database ?? "sqlite:\(dataDirectory)/welfare.sqlite" }

    func makeSite() throws -> Site {
        let languages = languages ?? ["en", "fr", "de", "nl"]
        let localesDirectory = locales.map { URL(fileURLWithPath: $0) } ?? WelfareSite.findLocales()
        // Without translations every user would silently get English (and demo data stored in English).
        if localesDirectory == nil, languages.contains(where: { $0 != "en" }) {
            throw ValidationError("Cannot find the translations (a 'locales' folder with fr.json) here or next to the program: "
                                  + "run from the project folder, or set WELFARE_LOCALES or \"locales\" in the configuration.")
        }
        return try WelfareSite.make(name: siteName ?? "CPAS de Kettenis", languages: languages,
                                    localesDirectory: localesDirectory, eid: try eidSettings())
    }

    /// The eID settings: the helper's address and the trusted roots (PEM file).
    func eidSettings() throws -> BeIDSettings {
        var verifier = CardVerifier(trustedRoots: [])
        if let path = eid?.trustedRoots {
            do {
                verifier = try CardVerifier(pem: String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw ValidationError("Cannot read the eID trusted roots \(path): \(error)")
            }
            guard !verifier.trustedRoots.isEmpty else { throw ValidationError("No certificate in the eID trusted roots \(path)") }
        }
        let helper: String? = eid?.helper ?? "http://127.0.0.1:9375"
        return BeIDSettings(helperURL: helper, verifier: verifier)
    }

    /// The reverse proxies to believe; a bad entry stops the start with its name.
    func proxyRanges() throws -> [AddressRange] {
        try (trustedProxies ?? []).map { text in
            guard let r = AddressRange(text) else { throw ValidationError("trustedProxies: '\(text)' is not an address or a CIDR range") }
            return r
        }
    }

    /// The staff directory, checked against the site's user types.
    func directory(site: Site) throws -> Directory? {
        guard let ldap else { return nil }
        let problems = ldap.problems(userTypes: Set(site.userTypes.keys))
        guard problems.isEmpty else { throw ValidationError("Configuration: " + problems.joined(separator: "; ")) }
        return Directory(settings: ldap)
    }

    /// Opens the store; creates the data folder of an SQLite database.
    func openStore() throws -> RecordStore {
        let site = try makeSite()
        let url = databaseURL
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let files = try FileStore(root: URL(fileURLWithPath: dataDirectory).appendingPathComponent("uploads"),
                                  maxBytes: (maxUploadMB ?? 10) * 1024 * 1024)
        return RecordStore(site: site, db: try openDatabase(url: url), files: files)
    }
}

struct CommonOptions: ParsableArguments {
    @Option(help: "Configuration file (JSON).") var config: String?
    @Option(help: "Database URL: sqlite:PATH or postgres://user@host:port/db (env WELFARE_DATABASE).") var database: String?
    @Option(help: "Folder for uploads and generated documents (env WELFARE_DATA).") var data: String?
}
