import CLDAP
import Foundation
import Logging

/// What the directory says of an account, mapped to this site's terms.
public struct DirectoryAccount: Sendable, Equatable {
    public let dn: String
    public let firstName: String?
    public let lastName: String?
    public let email: String?
    /// The raw value of the language attribute (`fr`, `de-BE`...).
    public let language: String?
    /// The user type of the first mapped group the account is in (or the default type).
    public let userType: String?
    public let disabled: Bool
}

/// The staff directory: search-then-bind logins and account look-ups for the
/// periodic re-check of open sessions. Every call is bounded by `timeoutSeconds`.
public final class Directory: Sendable {
    public let settings: DirectorySettings
    private let runner = BlockingDeadline()
    private let logger = Logger(label: "welfare.directory")

    public enum LoginOutcome: Sendable, Equatable {
        case success(DirectoryAccount)
        /// Unknown name, wrong password, or a disabled account (one answer for all three).
        case wrongCredentials
        /// The password is right, but the account is in no mapped group.
        case notMapped
        case unavailable
    }

    public enum LookupOutcome: Sendable, Equatable {
        case found(DirectoryAccount)
        /// Removed, disabled, or in no mapped group any more.
        case gone
        case unavailable
    }

    public init(settings: DirectorySettings) { self.settings = settings }

    /// Finds the account with the service account, then binds as it with `password`.
    public func login(username: String, password: String) async -> LoginOutcome {
        guard !password.isEmpty, !username.isEmpty else { return .wrongCredentials }
        let settings = self.settings
        let logger = self.logger
        let outcome = await runner.run(seconds: settings.timeoutSeconds) { () -> LoginOutcome in
            Self.withServer(settings, logger) { conn in
                let found = try Self.findAccount(conn, settings, username: username)
                guard let (entry, groups) = found else {
                    // No such account: bind a name that does not exist, so that this costs what a wrong password costs.
                    _ = try conn.bind(dn: "cn=\(UUID().uuidString)," + settings.baseDN, password: password)
                    return .wrongCredentials
                }
                guard try conn.bind(dn: entry.dn, password: password) else { return .wrongCredentials }
                let account = Self.account(entry, groups: groups, settings)
                if account.disabled { logger.info("directory login of a disabled account", metadata: ["dn": .string(entry.dn)]); return .wrongCredentials }
                return account.userType == nil ? .notMapped : .success(account)
            } ?? .unavailable
        }
        return outcome ?? .unavailable
    }

    /// What a login of an unknown name costs, without an answer: a failed local login
    /// costs the same as a failed directory one, so timing does not tell local names apart.
    public func dummyLogin(password: String) async {
        _ = await login(username: "\u{1}" + UUID().uuidString, password: password.isEmpty ? "-" : password)
    }

    /// Reads an account again with the service account (no password).
    public func lookup(username: String) async -> LookupOutcome {
        let settings = self.settings
        let logger = self.logger
        let outcome = await runner.run(seconds: settings.timeoutSeconds) { () -> LookupOutcome in
            Self.withServer(settings, logger) { conn in
                guard let (entry, groups) = try Self.findAccount(conn, settings, username: username) else { return .gone }
                let account = Self.account(entry, groups: groups, settings)
                return account.disabled || account.userType == nil ? .gone : .found(account)
            } ?? .unavailable
        }
        return outcome ?? .unavailable
    }

    // MARK: - On the directory's threads

    /// Connects to the first URL that answers, binds the service account and runs `body`;
    /// nil when no server could be reached or the directory refused (logged).
    private static func withServer<T>(_ s: DirectorySettings, _ logger: Logger, _ body: (LDAPConnection) throws -> T) -> T? {
        guard !s.urls.isEmpty else { return nil }
        let perServer = max(1, s.timeoutSeconds / Double(s.urls.count))
        for url in s.urls {
            do {
                let conn = try LDAPConnection(url: url, caFile: s.caFile, startTLS: s.startTLS,
                                              networkTimeout: perServer, operationTimeout: s.timeoutSeconds)
                defer { conn.close() }
                if let dn = s.bindDN {
                    guard try conn.bind(dn: dn, password: s.bindPassword ?? "") else {
                        logger.error("the directory refused the service account", metadata: ["url": .string(url), "dn": .string(dn)])
                        return nil
                    }
                }
                return try body(conn)
            } catch DirectoryError.unavailable(let why) {
                logger.warning("directory server does not answer", metadata: ["url": .string(url), "reason": .string(why)])
                continue
            } catch {
                logger.error("directory error", metadata: ["url": .string(url), "error": .string("\(error)")])
                return nil
            }
        }
        return nil
    }

    /// The one entry the user filter finds, with the DNs of its groups (nil: none, or several).
    private static func findAccount(_ conn: LDAPConnection, _ s: DirectorySettings, username: String) throws -> (DirectoryEntry, [String])? {
        let filter = s.userFilter.replacingOccurrences(of: "{username}", with: ldapFilterEscape(username))
        var attributes = [s.firstNameAttribute, s.lastNameAttribute, s.emailAttribute, s.languageAttribute,
                          "userAccountControl", "pwdAccountLockedTime"]
        if s.membership != .member { attributes.append("memberOf") }
        let entries = try conn.search(base: s.baseDN, filter: filter, attributes: attributes, limit: 2)
        guard entries.count == 1, let entry = entries.first else { return nil }
        var groups = s.membership == .member ? [] : entry.all("memberOf")
        if s.membership != .memberOf {
            let escaped = ldapFilterEscape(entry.dn)
            let base = s.groupBaseDN ?? commonSuffix(s.groups.map(\.dn)) ?? s.baseDN
            let found = try conn.search(base: base, filter: "(|(member=\(escaped))(uniqueMember=\(escaped)))", attributes: ["cn"], limit: 500)
            groups += found.map(\.dn)
        }
        return (entry, groups)
    }

    static func account(_ e: DirectoryEntry, groups: [String], _ s: DirectorySettings) -> DirectoryAccount {
        let member = Set(groups.map(normalizedDN))
        let type = s.groups.first { member.contains(normalizedDN($0.dn)) }?.userType ?? s.defaultUserType
        // Active Directory: bit 2 of userAccountControl; OpenLDAP's ppolicy: a locked account.
        let uac = Int(e.first("userAccountControl") ?? "") ?? 0
        let disabled = uac & 2 != 0 || e.first("pwdAccountLockedTime") != nil
        return DirectoryAccount(dn: e.dn, firstName: e.first(s.firstNameAttribute), lastName: e.first(s.lastNameAttribute),
                                email: e.first(s.emailAttribute), language: e.first(s.languageAttribute), userType: type, disabled: disabled)
    }

    /// DNs compare without case and without spaces around `,` and `=`.
    static func normalizedDN(_ dn: String) -> String {
        dn.split(separator: ",").map { rdn in
            rdn.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "=")
        }.joined(separator: ",").lowercased()
    }

    /// `ou=groups,dc=x` for `cn=a,ou=groups,dc=x` and `cn=b,ou=groups,dc=x`.
    static func commonSuffix(_ dns: [String]) -> String? {
        let parts = dns.map { normalizedDN($0).split(separator: ",").map(String.init) }
        guard var suffix = parts.first?.dropFirst().map({ $0 }) else { return nil }
        for p in parts.dropFirst() {
            while !suffix.isEmpty && !(p.count > suffix.count && Array(p.suffix(suffix.count)) == suffix) { suffix.removeFirst() }
        }
        return suffix.isEmpty ? nil : suffix.joined(separator: ",")
    }
}
