import Foundation

/// How a site reaches its staff directory (Active Directory or OpenLDAP): the
/// `ldap` section of the configuration file (docs/LDAP.md).
public struct DirectorySettings: Sendable {
    /// Tried in order: `ldaps://dc1:636`, or `ldap://` with `startTLS`.
    public var urls: [String]
    /// PEM file of the CA that signed the directory's certificate (nil: the system's).
    public var caFile: String?
    public var startTLS = false
    /// The service account that searches the directory (nil: anonymous search).
    public var bindDN: String?
    public var bindPassword: String?
    public var baseDN: String
    /// `{username}` is replaced by the typed name, escaped (RFC 4515).
    public var userFilter = "(&(objectClass=person)(sAMAccountName={username}))"
    public var firstNameAttribute = "givenName"
    public var lastNameAttribute = "sn"
    public var emailAttribute = "mail"
    public var languageAttribute = "preferredLanguage"
    /// Group DN -> user type, in the order of the file: the first group a user is in gives the type.
    public var groups: [(dn: String, userType: String)] = []
    /// The type of users in none of the groups; nil: they may not log in.
    public var defaultUserType: String?
    /// How group membership is read: `memberOf` on the user's entry, groups whose `member` is the user, or both.
    public var membership: Membership = .both
    /// Where groups are searched (default: the common suffix of the mapped groups).
    public var groupBaseDN: String?
    /// Bounds a whole login against the directory.
    public var timeoutSeconds: Double = 5
    /// Sessions of directory accounts are checked against the directory at least this often.
    public var recheckMinutes: Double = 15

    public enum Membership: String, Sendable { case memberOf, member, both }

    public init(urls: [String], baseDN: String) {
        self.urls = urls
        self.baseDN = baseDN
    }

    /// Reads the `ldap` object of a configuration file; throws a message naming the bad key.
    public init(json: JSON) throws {
        guard let o = json.objectValue else { throw DirectorySettingsError("ldap: expected an object") }
        // A misspelt key would silently fall back to a default (`userFiltr`): refuse it.
        for (key, _) in o.pairs where !Self.keys.contains(key) {
            throw DirectorySettingsError("ldap.\(key): unknown key (known: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws -> String? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let s = v.stringValue else { throw DirectorySettingsError("ldap.\(key): expected text") }
            return s
        }
        func number(_ key: String) throws -> Double? {
            guard let v = o[key], !v.isNull else { return nil }
            if case .double(let d) = v { return d }
            if let i = v.intValue { return Double(i) }
            throw DirectorySettingsError("ldap.\(key): expected a number")
        }
        var urls: [String] = []
        switch o["url"] {
        case .string(let s)?: urls = s.split(whereSeparator: \.isWhitespace).map(String.init)
        case .array(let a)?: urls = a.compactMap(\.stringValue)
        default: break
        }
        guard !urls.isEmpty else { throw DirectorySettingsError("ldap.url: give at least one ldap:// or ldaps:// URL") }
        for u in urls where !(u.lowercased().hasPrefix("ldap://") || u.lowercased().hasPrefix("ldaps://")) {
            throw DirectorySettingsError("ldap.url: \(u) is not an ldap:// or ldaps:// URL")
        }
        guard let base = try string("baseDN"), !base.isEmpty else { throw DirectorySettingsError("ldap.baseDN is required") }
        self.init(urls: urls, baseDN: base)
        caFile = try string("caFile")
        if let ca = caFile, !FileManager.default.isReadableFile(atPath: ca) {
            throw DirectorySettingsError("ldap.caFile: cannot read \(ca)")
        }
        if let v = o["startTLS"], !v.isNull {
            guard case .bool(let b) = v else { throw DirectorySettingsError("ldap.startTLS: expected true or false") }
            startTLS = b
        }
        bindDN = try string("bindDN")
        bindPassword = try string("bindPassword")
        if bindPassword != nil, o["bindPasswordFile"] != nil, o["bindPasswordFile"] != .null {
            throw DirectorySettingsError("ldap: give bindPassword or bindPasswordFile, not both")
        }
        if let file = try string("bindPasswordFile") {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DirectorySettingsError("ldap.bindPasswordFile: cannot read \(file)")
            }
            bindPassword = text.trimmingCharacters(in: .newlines)
        }
        if let f = try string("userFilter") {
            guard f.contains("{username}") else { throw DirectorySettingsError("ldap.userFilter must contain {username}") }
            userFilter = f
        }
        if let a = o["attributes"], !a.isNull {
            guard let ao = a.objectValue else { throw DirectorySettingsError("ldap.attributes: expected an object") }
            for (key, value) in ao.pairs {
                guard let name = value.stringValue, !name.isEmpty else { throw DirectorySettingsError("ldap.attributes.\(key): expected text") }
                switch key {
                case "firstName": firstNameAttribute = name
                case "lastName": lastNameAttribute = name
                case "email": emailAttribute = name
                case "language": languageAttribute = name
                default: throw DirectorySettingsError("ldap.attributes.\(key): unknown (firstName, lastName, email, language)")
                }
            }
        }
        if let g = o["groups"], !g.isNull {
            guard let go = g.objectValue else { throw DirectorySettingsError("ldap.groups: expected an object {group DN: user type}") }
            groups = try go.pairs.map { dn, type in
                guard let t = type.stringValue ?? type.intValue.map({ String($0) }) else {
                    throw DirectorySettingsError("ldap.groups.\(dn): expected a user type")
                }
                return (dn, t)
            }
        }
        if let d = o["defaultUserType"], !d.isNull {
            guard let t = d.stringValue ?? d.intValue.map({ String($0) }) else { throw DirectorySettingsError("ldap.defaultUserType: expected a user type") }
            defaultUserType = t
        }
        if let m = try string("membership") {
            guard let v = Membership(rawValue: m) else { throw DirectorySettingsError("ldap.membership: memberOf, member or both") }
            membership = v
        }
        groupBaseDN = try string("groupBaseDN")
        if let t = try number("timeoutSeconds") {
            guard t > 0, t <= 60 else { throw DirectorySettingsError("ldap.timeoutSeconds: between 0 and 60") }
            timeoutSeconds = t
        }
        if let r = try number("recheckMinutes") {
            guard r > 0 else { throw DirectorySettingsError("ldap.recheckMinutes: more than 0") }
            recheckMinutes = r
        }
    }

    static let keys: Set<String> = ["url", "caFile", "startTLS", "bindDN", "bindPassword", "bindPasswordFile", "baseDN", "userFilter",
                                    "attributes", "groups", "defaultUserType", "membership", "groupBaseDN", "timeoutSeconds", "recheckMinutes"]

    /// The URLs over which passwords would travel unencrypted (`ldap://` without StartTLS).
    public var plainURLs: [String] { startTLS ? [] : urls.filter { $0.lowercased().hasPrefix("ldap://") } }

    /// Checks the user types named against the site's; returns the problems.
    public func problems(userTypes: Set<String>) -> [String] {
        var out: [String] = []
        for g in groups where !userTypes.contains(g.userType) { out.append("ldap.groups: unknown user type \(g.userType) for \(g.dn)") }
        if let d = defaultUserType, !userTypes.contains(d) { out.append("ldap.defaultUserType: unknown user type \(d)") }
        return out
    }
}

public struct DirectorySettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
